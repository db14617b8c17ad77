"""Claims checks: importing a review, confirming or correcting a claim's match."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ..services.claims import TITLE_MAX_LENGTH


class ClaimCheckForm(forms.Form):
    """The review of the plan's year: pasted, or a .txt / .docx file."""

    title = forms.CharField(
        label=_("Title"),
        max_length=TITLE_MAX_LENGTH,
        error_messages={"required": _("Give the check a title.")},
    )
    text = forms.CharField(label=_("Text"), required=False, widget=forms.Textarea)
    file = forms.FileField(label=_("Or a file"), required=False)

    def clean(self):
        data = super().clean()
        if not (data.get("text") or "").strip() and not data.get("file"):
            raise forms.ValidationError(_("Paste the review or choose a file."))
        return data


class ClaimMatchForm(forms.Form):
    """The target a claim answers for; empty: it was never a target."""

    indicator = forms.ModelChoiceField(
        label=_("Target"),
        queryset=None,
        required=False,
        error_messages={"invalid_choice": _("Choose a target of the plan this check is about.")},
    )

    def __init__(self, *args, indicators, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].queryset = indicators
