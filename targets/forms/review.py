"""Reviewing updates: approve or return one, and the review queue's filter."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class ReviewForm(forms.Form):
    """Approve or return an update; ``version`` is the one the reviewer looked at."""

    action = forms.ChoiceField(
        choices=[("approve", _("Approve")), ("return", _("Return to the department"))],
        error_messages={"required": _("Choose to approve or to return the update.")},
    )
    comment = forms.CharField(required=False, max_length=2000, strip=True)
    version = forms.IntegerField(required=False, min_value=1)


class ReviewFilterForm(forms.Form):
    """The review queue narrowed to one lead department."""

    department = forms.TypedChoiceField(
        label=_("Lead department"), coerce=int, required=False, empty_value=None
    )

    def __init__(self, *args, departments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].choices = [("", _("All departments"))] + [
            (d.pk, str(d)) for d in departments
        ]
        self.fields["department"].error_messages["invalid_choice"] = _("Unknown department.")
