"""The year's end: a goal's final result, reopening a year, carrying goals on."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ..choices import GoalResult
from ..services.year_end import NOTE_MAX_LENGTH, REASON_MAX_LENGTH

VALUE_ERRORS = {
    "required": _("Give the final value."),
    "invalid": _("Enter a number, such as 96 or 1.1."),
    "max_digits": _("Enter a number, such as 96 or 1.1."),
    "max_decimal_places": _("Enter at most 4 decimal places."),
    "max_whole_digits": _("Enter a number, such as 96 or 1.1."),
}


class GoalOutcomeForm(forms.Form):
    """A goal's final result, a note, and one field per indicator for its final value."""

    result = forms.ChoiceField(
        label=_("Final result"),
        choices=GoalResult.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a final result.")},
    )
    note = forms.CharField(
        label=_("Note"), required=False, max_length=NOTE_MAX_LENGTH, widget=forms.Textarea
    )

    def __init__(self, *args, indicators=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.indicators = list(indicators)
        for indicator in self.indicators:
            self.fields[f"value_{indicator.pk}"] = forms.DecimalField(
                label=indicator.name,
                max_digits=18,
                decimal_places=4,
                min_value=None if indicator.allows_negative else 0,
                error_messages=VALUE_ERRORS,
            )

    def value_fields(self):
        return [(i, self[f"value_{i.pk}"]) for i in self.indicators]

    def values(self) -> dict:
        return {i.pk: self.cleaned_data[f"value_{i.pk}"] for i in self.indicators}


class YearReopenForm(forms.Form):
    """Why a closed year is reopened (kept with who and when)."""

    reason = forms.CharField(
        label=_("Reason"),
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea,
        help_text=_("Kept in the year's record, e.g. 区政府要求更正第四季度数据。"),
        error_messages={"required": _("Say why the year is reopened.")},
    )


class CarryForm(forms.Form):
    """The next year's plan to carry goals into, and (for a list) the goals ticked."""

    plan = forms.ModelChoiceField(
        label=_("Into the plan"),
        queryset=None,
        empty_label=None,
        error_messages={"invalid_choice": _("Choose a plan of the next year.")},
    )
    goals = forms.ModelMultipleChoiceField(
        queryset=None,
        required=False,
        error_messages={"invalid_choice": _("Select the goals to carry on.")},
    )

    def __init__(self, *args, plans, goals, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = plans
        self.fields["goals"].queryset = goals
