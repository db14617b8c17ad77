"""Choosing a plan year and quarter; reporting periods and owners' milestones."""

from __future__ import annotations

from django import forms
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ..progress import TIME_ELAPSED
from ..services.periods import REASON_MAX_LENGTH
from .text import FileSafeTextMixin


def _quarter_label(quarter: int) -> str:
    return gettext("Q%(quarter)s") % {"quarter": quarter}


# Lazy: a label formatted now would stay in the language the module was imported in.
QUARTER_CHOICES = [(q, lazy(_quarter_label, str)(q)) for q in (1, 2, 3, 4)]
QUARTER_ERRORS = {
    "invalid_choice": _("The quarter must be 1, 2, 3 or 4."),
    "invalid": _("The quarter must be 1, 2, 3 or 4."),
}


class PeriodForm(forms.Form):
    """
    The year and quarter a dashboard shows, from the query string; either may
    be left out (a link to a year opens on that year's default quarter).
    """

    year = forms.TypedChoiceField(label=_("Year"), coerce=int, required=False, empty_value=None)
    quarter = forms.TypedChoiceField(
        label=_("Quarter"),
        coerce=int,
        choices=QUARTER_CHOICES,
        error_messages=QUARTER_ERRORS,
        required=False,
        empty_value=None,
    )

    def __init__(self, *args, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(y, str(y)) for y in years]
        self.fields["year"].error_messages["invalid_choice"] = _("There is no plan for that year.")


class PeriodEditForm(forms.Form):
    """
    A reporting period's new due date. Closing and reopening have their own
    pages (``PeriodReopenForm``): each asks for a confirmation or a reason.
    """

    due_date = forms.DateField(
        label=_("Due date"),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={
            "invalid": _("Enter a date such as 2023-09-25."),
            "required": _("Enter a date such as 2023-09-25."),
        },
    )


class PeriodReopenForm(FileSafeTextMixin, forms.Form):
    """Reopening a closed period: the reason, required, goes into the period's change log."""

    reason = forms.CharField(
        label=_("Why reopen it"),
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Recorded in the period's change log, with your name and the time."),
        error_messages={
            "required": _("Say why the period is reopened."),
            "max_length": _("Keep the reason to %(limit_value)s characters."),
        },
    )


class GoalMilestoneForm(FileSafeTextMixin, forms.Form):
    """
    The progress the owner expects by the end of each quarter (序时进度). A
    quarter left empty follows the time elapsed (25/50/75/100 %); the
    expected progress may not go down from one quarter to the next.
    """

    def __init__(self, *args, milestones: dict, **kwargs):
        super().__init__(*args, **kwargs)
        for quarter in (1, 2, 3, 4):
            milestone = milestones.get(quarter)
            self.fields[f"percent_{quarter}"] = forms.IntegerField(
                label=_("Q%(quarter)s") % {"quarter": quarter},
                required=False,
                min_value=0,
                max_value=100,
                initial=milestone.expected_percent if milestone else None,
                error_messages={
                    "invalid": _("Enter a whole number from 0 to 100."),
                    "min_value": _("Enter a whole number from 0 to 100."),
                    "max_value": _("Enter a whole number from 0 to 100."),
                },
                widget=forms.NumberInput(attrs={"min": 0, "max": 100, "step": 1}),
            )
            self.fields[f"note_{quarter}"] = forms.CharField(
                label=_("Milestone"),
                required=False,
                max_length=200,
                initial=milestone.note if milestone else "",
            )

    def rows(self):
        """(quarter, percent field, note field, time elapsed) for each quarter."""
        return [(q, self[f"percent_{q}"], self[f"note_{q}"], TIME_ELAPSED[q]) for q in (1, 2, 3, 4)]

    def clean(self):
        cleaned = super().clean()
        previous = 0
        for quarter in (1, 2, 3, 4):
            if f"percent_{quarter}" not in cleaned:
                return cleaned  # the field's own error says it
            percent = cleaned[f"percent_{quarter}"]
            if percent is None and (cleaned.get(f"note_{quarter}") or "").strip():
                self.add_error(
                    f"percent_{quarter}", _("Give the progress expected by this milestone.")
                )
            effective = TIME_ELAPSED[quarter] if percent is None else percent
            if effective < previous:
                self.add_error(
                    f"percent_{quarter}",
                    _("Expected progress cannot go down: it was %(previous)s%% a quarter earlier.")
                    % {"previous": previous},
                )
            previous = max(previous, effective)
        return cleaned

    def milestones(self) -> dict[int, tuple[int | None, str]]:
        cd = self.cleaned_data
        return {q: (cd[f"percent_{q}"], cd[f"note_{q}"].strip()) for q in (1, 2, 3, 4)}
