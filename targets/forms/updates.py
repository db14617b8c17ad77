"""The quarterly update (季度进展) form."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.forms.models import construct_instance
from django.utils.translation import gettext_lazy as _

from ..choices import STATE_COLOURS, UpdateStatus
from ..models import Indicator, QuarterlyUpdate
from ..periods import Quarter
from ..progress import ProgressValues, suggest_status
from ..services.updates import UpdateData
from .periods import QUARTER_ERRORS
from .text import FileSafeTextMixin


class QuarterlyUpdateForm(FileSafeTextMixin, forms.ModelForm):
    """
    A lead department's report on one goal for one quarter. Besides the model
    fields it carries one cumulative actual value per indicator, labelled with
    the indicator's unit, and the quarter it is for as hidden fields.

    Built with ``expected`` (序时进度) and ``plan`` (its thresholds), it works
    out the suggested status from the values entered and requires a reason
    for a different one. ``version`` and ``snapshot`` (hidden) say which
    version of the update the form was opened on, so a stale save is refused
    with what changed. ``correcting``: a supervisor changing an update after
    its period closed, who must give a reason.
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
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)
    snapshot = forms.CharField(widget=forms.HiddenInput, required=False)
    action = forms.ChoiceField(
        choices=[("submit", _("Submit for review")), ("draft", _("Save draft"))],
        required=False,
    )
    correction_reason = forms.CharField(
        label=_("Reason for the change"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("The period has closed: say why this update is changed. It is recorded."),
        error_messages={
            "required": _("Give the reason for changing an update after its period closed.")
        },
    )

    class Meta:
        model = QuarterlyUpdate
        fields = [
            "status",
            "percent_complete",
            "override_reason",
            "progress",
            "problems",
            "next_steps",
        ]
        widgets = {
            "status": forms.RadioSelect,
            "percent_complete": forms.NumberInput(attrs={"min": 0, "max": 100, "step": 1}),
            "override_reason": forms.Textarea(attrs={"rows": 2}),
            "progress": forms.Textarea(attrs={"rows": 5}),
            "problems": forms.Textarea(attrs={"rows": 3}),
            "next_steps": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {"percent_complete": _("Percent complete (%)")}
        help_texts = {
            "progress": _("What was done this quarter, with figures."),
            "problems": _("Difficulties and what is needed from others."),
            "next_steps": _("What will be done next quarter."),
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

    def __init__(
        self,
        *args,
        indicators: list[Indicator],
        actuals: dict | None = None,
        expected: int | None = None,
        plan=None,
        correcting: bool = False,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.indicators = indicators
        self.expected = expected
        self.plan = plan
        self.correcting = correcting
        self.suggested = None
        # 0-100 checked once, by the form field: the model's own validators would say it
        # again, and a percentage out of range would go on to suggest a status.
        percent = self.fields["percent_complete"]
        percent.min_value, percent.max_value = 0, 100
        ranges = (MinValueValidator, MaxValueValidator)
        percent.validators = [v for v in percent.validators if not isinstance(v, ranges)]
        percent.validators += [MinValueValidator(0), MaxValueValidator(100)]
        self.fields["status"].choices = UpdateStatus.choices
        self.fields["correction_reason"].required = correcting
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

    def _post_clean(self):
        """
        The instance filled from the form, without the model's checks of it: on the
        form's fields they are the form fields' own (the statuses, a progress
        required; no length, no validator of the model's besides the percentage's
        range, checked above), and the update is checked again on every field
        where it is written (``services.updates``: ``full_clean``), the only
        writer. Once per save rather than twice; nor is the percentage's check
        constraint asked of the database (a query in a savepoint) to say what its
        field has said, nor the uniqueness of a quarter whose goal the form lacks.
        """
        opts = self._meta
        try:
            self.instance = construct_instance(self, self.instance, opts.fields, opts.exclude)
        except ValidationError as error:
            self._update_errors(error)

    def state_fields(self):
        """
        The hidden fields that say which quarter and version the form is for, as
        ``(bound field, value as Django's HiddenInput writes it or None)``: the
        template writes the inputs itself, without a widget template rendered
        per field (tests/targets/test_views_quarterly_update.py compares them).
        """
        fields = [self["year"], self["quarter"], self["version"], self["snapshot"]]
        return [(field, field.field.widget.format_value(field.value())) for field in fields]

    def status_choices(self) -> list[dict]:
        """
        The statuses as the template writes their radio buttons: name, id
        (``id_status_0``… as the RadioSelect numbers them), value, label, whether
        it is the one chosen and its colour; worked out here in one pass rather
        than by a dozen template look-ups and comparisons per status.
        """
        field = self["status"]
        current = str(field.value())
        return [
            {
                "name": field.html_name,
                "id": f"{field.auto_id}_{n}",
                "value": value,
                "label": label,
                "checked": value == current,
                # The colours of the goal states the statuses are named after.
                "tone": STATE_COLOURS.get(value, "secondary"),
            }
            for n, (value, label) in enumerate(field.field.choices)
        ]

    def text_fields(self) -> list[dict]:
        """
        The progress, problems and next steps, for the template to lay out alike:
        what it writes of each, looked up once here rather than twice or more
        through the bound field there (its id, its errors).
        """
        fields = []
        for name in ("progress", "problems", "next_steps"):
            field = self[name]
            fields.append(
                {
                    "name": field.html_name,
                    "id": field.id_for_label,
                    "label": field.label,
                    "required": field.field.required,
                    "rows": field.field.widget.attrs.get("rows"),
                    "errors": field.errors,
                    "value": field.value(),
                    "help_text": field.help_text,
                }
            )
        return fields

    def indicator_fields(self):
        """Bound fields of the indicators with the unit to show beside each input."""
        return [(self[self.indicator_field_name(i)], i) for i in self.indicators]

    def clean(self):
        cleaned = super().clean()
        status = cleaned.get("status")
        percent = cleaned.get("percent_complete")
        # "100% c" reads as a format directive to xgettext, and msgfmt --check-format then
        # rejects the Chinese "100%。": these messages are not format strings.
        if status == UpdateStatus.COMPLETED and percent is not None and percent != 100:
            # xgettext:no-python-format
            self.add_error("percent_complete", _("A completed goal is 100% complete."))
        if status == UpdateStatus.NOT_STARTED and percent:
            # xgettext:no-python-format
            self.add_error("percent_complete", _("A goal that has not started is 0% complete."))
        if self.expected is not None and self.plan is not None and percent is not None:
            self.suggested = suggest_status(
                ProgressValues(
                    percent,
                    self.indicators,
                    {i.pk: cleaned.get(self.indicator_field_name(i)) for i in self.indicators},
                ),
                self.expected,
                self.plan,
            )
            reason = (cleaned.get("override_reason") or "").strip()
            if status and status != self.suggested and not reason:
                self.add_error(
                    "override_reason",
                    _(
                        "The suggested status is “%(suggested)s”: explain why you report a "
                        "different one."
                    )
                    % {"suggested": UpdateStatus(self.suggested).label},
                )
        return cleaned

    def initial_suggestion(self) -> str | None:
        """The status the values shown suggest, before anything is posted."""
        if self.is_bound:
            return self.suggested
        if self.expected is None or self.plan is None:
            return None
        percent = self.initial.get("percent_complete") or 0
        actuals = {i.pk: self.fields[self.indicator_field_name(i)].initial for i in self.indicators}
        return suggest_status(
            ProgressValues(int(percent), self.indicators, actuals), self.expected, self.plan
        )

    @property
    def period(self) -> Quarter:
        return Quarter(self.cleaned_data["year"], self.cleaned_data["quarter"])

    @property
    def is_draft(self) -> bool:
        return self.cleaned_data.get("action") == "draft"

    def update_data(self) -> UpdateData:
        cd = self.cleaned_data
        return UpdateData(
            status=cd["status"],
            percent_complete=cd["percent_complete"],
            progress=cd["progress"],
            problems=cd.get("problems", ""),
            next_steps=cd.get("next_steps", ""),
            actuals={i.pk: cd.get(self.indicator_field_name(i)) for i in self.indicators},
            # Only a form that showed the suggestion could ask for a reason.
            override_reason=cd.get("override_reason", "") if self.expected is not None else None,
        )
