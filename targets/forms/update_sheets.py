"""A filled quarterly workbook to upload (the update sheets' round trip)."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..services.update_sheets import MAX_BYTES, update_sheet_read


class UpdateUploadForm(forms.Form):
    """A filled workbook; reading it is where most refusals come from."""

    file = forms.FileField(
        label=gettext_lazy("Filled workbook (.xlsx)"),
        error_messages={
            "required": gettext_lazy("Choose the filled workbook (.xlsx) to upload."),
            "empty": gettext_lazy("The file is empty."),
        },
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise ValidationError(_("The file is larger than the 10 MB limit."))
        self.cleaned_data["sheet"] = update_sheet_read(upload.name, upload.read())
        return upload


# A conflict's radio buttons on the preview: ``choice-<goal id>`` = ``current`` or ``file``.
CHOICE_PREFIX = "choice-"
TAKE_FILE = "file"


class UpdateSheetConfirmForm(forms.Form):
    """
    The confirmation of a previewed upload: the preview's token, and for each
    conflict which values to keep (``choice-<goal id>``: ``current``, the
    default, or ``file`` for the workbook's). ``take_file`` in the cleaned data
    holds the ids of the goals whose workbook values were picked.
    """

    token = forms.CharField(max_length=100)

    def clean(self):
        cleaned = super().clean()
        chosen = set()
        for key, value in self.data.items():
            number = key.removeprefix(CHOICE_PREFIX)
            if key != number and number.isascii() and number.isdigit() and value == TAKE_FILE:
                chosen.add(int(number))
        cleaned["take_file"] = frozenset(chosen)
        return cleaned
