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
