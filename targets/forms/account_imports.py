"""Account imports: the workbook to read, and the confirmation of its preview."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..io.account_imports import MAX_BYTES, read_accounts
from ..io.files import DocumentError
from ..selectors.account_imports import DEFAULT_ROLE, accepted_kinds, accepted_roles
from .plan_imports import DOCUMENT_ERRORS


def read_account_list(name: str, data: bytes):
    """The list in a workbook (``io.account_imports``), with the site's roles and kinds."""
    return read_accounts(
        name,
        data,
        roles=accepted_roles(),
        kinds=accepted_kinds(),
        default_role=DEFAULT_ROLE,
        max_bytes=MAX_BYTES,
    )


def document_error_text(error: DocumentError) -> str:
    """Why a file cannot be read, in the user's language."""
    if error.code in ("unsupported", "no_table", "too_many_rows", "empty"):
        # The reader's own sentences (marked for translation where they are written).
        return _(error.message) % error.params if error.params else _(error.message)
    return str(DOCUMENT_ERRORS.get(error.code, _("The file could not be read.")))


class AccountImportForm(forms.Form):
    """The workbook of departments and accounts to read into a preview."""

    file = forms.FileField(
        label=gettext_lazy("Workbook"), error_messages={"empty": DOCUMENT_ERRORS["empty"]}
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(DOCUMENT_ERRORS["too_large"])
        try:
            sheet = read_account_list(upload.name, upload.read())
        except DocumentError as error:
            raise forms.ValidationError(document_error_text(error)) from error
        if not sheet.units and not sheet.people and not sheet.errors:
            raise forms.ValidationError(_("The list names no departments and no people."))
        self.sheet = sheet
        return upload


class AccountImportConfirmForm(forms.Form):
    """Confirming a preview: what it showed, as its fingerprint."""

    fingerprint = forms.CharField(max_length=64, widget=forms.HiddenInput)
