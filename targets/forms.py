"""Forms: choosing a plan year and quarter, and the quarterly update (季度进展) form."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

from .choices import UpdateStatus
from .models import Indicator, QuarterlyUpdate
from .periods import Quarter
from .services import UpdateData

QUARTER_CHOICES = [(q, _("Q%(quarter)s") % {"quarter": q}) for q in (1, 2, 3, 4)]
QUARTER_ERRORS = {
    "invalid_choice": _("The quarter must be 1, 2, 3 or 4."),
    "invalid": _("The quarter must be 1, 2, 3 or 4."),
}


class PeriodForm(forms.Form):
    """The year and quarter a dashboard shows, from the query string."""

    year = forms.TypedChoiceField(label=_("Year"), coerce=int)
    quarter = forms.TypedChoiceField(
        label=_("Quarter"), coerce=int, choices=QUARTER_CHOICES, error_messages=QUARTER_ERRORS
    )

    def __init__(self, *args, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(y, str(y)) for y in years]
        self.fields["year"].error_messages["invalid_choice"] = _("There is no plan for that year.")


class QuarterlyUpdateForm(forms.ModelForm):
    """
    A lead department's report on one goal for one quarter. Besides the model
    fields it carries one cumulative actual value per indicator, labelled with
    the indicator's unit, and the quarter it is for as hidden fields.
    """

    year = forms.IntegerField(
        widget=forms.HiddenInput,
        error_messages={"invalid": _("The year must be a number.")},
    )
    quarter = forms.IntegerField(
        widget=forms.HiddenInput,
        validators=[MinValueValidator(1), MaxValueValidator(4)],
        error_messages={
            **QUARTER_ERRORS,
            "min_value": QUARTER_ERRORS["invalid"],
            "max_value": QUARTER_ERRORS["invalid"],
        },
    )

    class Meta:
        model = QuarterlyUpdate
        fields = ["status", "percent_complete", "progress", "problems", "next_steps"]
        widgets = {
            "status": forms.RadioSelect,
            "percent_complete": forms.NumberInput(attrs={"min": 0, "max": 100, "step": 1}),
            "progress": forms.Textarea(attrs={"rows": 5}),
            "problems": forms.Textarea(attrs={"rows": 3}),
            "next_steps": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {"percent_complete": _("Percent complete (%)")}
        help_texts = {
            "progress": _("What was done this quarter, with figures (进展情况)."),
            "problems": _("Difficulties and what is needed from others (存在问题)."),
            "next_steps": _("What will be done next quarter (下步计划)."),
        }
        error_messages = {
            "percent_complete": {
                "invalid": _("Enter a whole number from 0 to 100."),
                "min_value": _("Enter a whole number from 0 to 100."),
                "max_value": _("Enter a whole number from 0 to 100."),
            },
            "progress": {"required": _("Describe the progress made this quarter.")},
            "status": {"invalid_choice": _("Choose one of the listed statuses.")},
        }

    def __init__(self, *args, indicators: list[Indicator], actuals: dict | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.indicators = indicators
        self.fields["percent_complete"].min_value = 0
        self.fields["percent_complete"].validators.append(MinValueValidator(0))
        self.fields["status"].choices = UpdateStatus.choices
        actuals = actuals or {}
        for indicator in indicators:
            self.fields[self.indicator_field_name(indicator)] = forms.DecimalField(
                label=indicator.name,
                required=False,
                max_digits=18,
                decimal_places=4,
                min_value=None if indicator.allows_negative else Decimal(0),
                initial=actuals.get(indicator.pk),
                help_text=_("Target: %(target)s. Cumulative since the start of the year.")
                % {"target": indicator.target_display},
                error_messages={
                    "invalid": _("Enter a number in %(unit)s, e.g. 12 or 1.5.")
                    % {"unit": indicator.unit or _("the indicator's unit")},
                    "min_value": _("The actual value cannot be negative."),
                    "max_digits": _("This number is too large."),
                    "max_decimal_places": _("Use at most 4 decimal places."),
                    "max_whole_digits": _("This number is too large."),
                },
                widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
            )

    @staticmethod
    def indicator_field_name(indicator: Indicator) -> str:
        return f"indicator_{indicator.pk}"

    def indicator_fields(self):
        """Bound fields of the indicators with the unit to show beside each input."""
        return [(self[self.indicator_field_name(i)], i) for i in self.indicators]

    def clean(self):
        cleaned = super().clean()
        status = cleaned.get("status")
        percent = cleaned.get("percent_complete")
        if status == UpdateStatus.COMPLETED and percent is not None and percent != 100:
            self.add_error("percent_complete", _("A completed goal is 100% complete."))
        if status == UpdateStatus.NOT_STARTED and percent:
            self.add_error("percent_complete", _("A goal that has not started is 0% complete."))
        return cleaned

    @property
    def period(self) -> Quarter:
        return Quarter(self.cleaned_data["year"], self.cleaned_data["quarter"])

    def update_data(self) -> UpdateData:
        cd = self.cleaned_data
        return UpdateData(
            status=cd["status"],
            percent_complete=cd["percent_complete"],
            progress=cd["progress"],
            problems=cd.get("problems", ""),
            next_steps=cd.get("next_steps", ""),
            actuals={i.pk: cd.get(self.indicator_field_name(i)) for i in self.indicators},
        )
