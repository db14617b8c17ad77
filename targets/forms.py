"""Forms: choosing a plan year and quarter, and the quarterly update (季度进展) form."""

from __future__ import annotations

import re
from decimal import Decimal

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

from .choices import Comparator, UpdateStatus
from .io.documents import read_plan
from .io.files import DocumentError
from .io.report import read_report
from .models import Indicator, QuarterlyUpdate
from .periods import Quarter
from .progress import TIME_ELAPSED, ProgressValues, suggest_status
from .services import UpdateData

QUARTER_CHOICES = [(q, _("Q%(quarter)s") % {"quarter": q}) for q in (1, 2, 3, 4)]
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


class QuarterlyUpdateForm(forms.ModelForm):
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
        self.fields["percent_complete"].min_value = 0
        self.fields["percent_complete"].validators.append(MinValueValidator(0))
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


# -- plan imports ---------------------------------------------------------------------------

MAX_UPLOAD_BYTES = 10 * 1024 * 1024

# DocumentError codes (targets.io.files) in the user's language.
DOCUMENT_ERRORS = {
    "empty": _("The file is empty."),
    "binary": _(
        "This file is not text (it looks like a binary file). Choose a .txt, .md or .docx file."
    ),
    "too_large": _("The file is larger than the 10 MB limit."),
    "not_docx": _("This .docx file is damaged or is not a Word document."),
    "macro": _("Files with macros are not accepted. Save it as a plain .docx or .xlsx file."),
    "unsafe": _("This document contains content that is not allowed (for example XML entities)."),
    "unsupported": _("Unsupported file type: use .txt, .md, .docx or .xlsx."),
    "encoding": _("The text is in an encoding Luoshi cannot read; save it as UTF-8 or GB18030."),
    "not_xlsx": _("This .xlsx file is damaged or is not an Excel workbook."),
    "old_excel": _(
        "This is an old Excel .xls or WPS .et file, or a workbook protected by a password. "
        "Save it as .xlsx (Excel workbook) without a password and upload that."
    ),
    "too_many_rows": _(
        "The workbook has more than 50,000 rows, far more than a decomposition table. "
        "Delete the empty rows or split it, and upload it again."
    ),
    "no_table": _(
        "No sheet of this workbook has a table with a header row naming its columns "
        "(序号, 工作任务, 牵头单位…)."
    ),
}


def _names(value: str) -> list[str]:
    """Names typed in one box, separated by 、 , ; or new lines."""
    return list(
        dict.fromkeys(n.strip() for n in re.split(r"[、,，;；\n]+", value or "") if n.strip())
    )


class PlanImportForm(forms.Form):
    """Upload a document or paste its text; year and title override what the text says."""

    file = forms.FileField(
        label=_("Document"), required=False, error_messages={"empty": DOCUMENT_ERRORS["empty"]}
    )
    text = forms.CharField(
        label=_("Or paste the text"), required=False, widget=forms.Textarea(attrs={"rows": 10})
    )
    year = forms.IntegerField(
        label=_("Year"),
        required=False,
        min_value=2000,
        max_value=2100,
        error_messages={
            "invalid": _("Enter a year such as 2023."),
            "min_value": _("Enter a year such as 2023."),
            "max_value": _("Enter a year such as 2023."),
        },
    )
    title = forms.CharField(label=_("Title"), required=False, max_length=200)

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned  # e.g. an empty file: its own message says it all
        upload, text = cleaned.get("file"), (cleaned.get("text") or "").strip()
        if upload and text:
            raise forms.ValidationError(_("Choose a file or paste text, not both."))
        if not upload and not text:
            raise forms.ValidationError(_("Choose a file or paste the text of the report."))
        if upload:
            if upload.size > MAX_UPLOAD_BYTES:
                raise forms.ValidationError(DOCUMENT_ERRORS["too_large"])
            try:
                draft = read_plan(
                    upload.name,
                    upload.read(),
                    year=cleaned.get("year"),
                    title=cleaned.get("title") or "",
                    max_bytes=MAX_UPLOAD_BYTES,
                )
            except DocumentError as error:
                raise forms.ValidationError(
                    DOCUMENT_ERRORS.get(error.code, _("The file could not be read."))
                ) from error
            source_name = upload.name
        else:
            source_name = _("pasted text")
            draft = read_report(
                text,
                year=cleaned.get("year"),
                title=cleaned.get("title") or "",
                source_name=str(source_name),
            )
        if not draft.all_goals():
            raise forms.ValidationError(_("No tasks were found in this text."))
        cleaned["draft"] = draft
        cleaned["source_name"] = str(source_name)
        return cleaned


class DraftPlanForm(forms.Form):
    """The title and year of a draft, when the document did not say or said it wrong."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    title = forms.CharField(label=_("Title"), max_length=200)
    year = forms.IntegerField(
        label=_("Year"),
        min_value=2000,
        max_value=2100,
        error_messages={
            "invalid": _("Enter a year such as 2023."),
            "min_value": _("Enter a year such as 2023."),
            "max_value": _("Enter a year such as 2023."),
        },
    )


class DraftGoalForm(forms.Form):
    """One goal of a draft as the preview edits it; names are typed separated by 、."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    text = forms.CharField(label=_("Task text"), widget=forms.Textarea(attrs={"rows": 4}))
    title = forms.CharField(label=_("Short title"), max_length=200, required=False)
    lead_departments = forms.CharField(label=_("Lead departments"), required=False)
    co_departments = forms.CharField(label=_("Supporting departments"), required=False)
    leaders = forms.CharField(label=_("Responsible leaders"), required=False)
    deadline = forms.CharField(label=_("Deadline"), max_length=100, required=False)

    @staticmethod
    def initial_for(goal, version: int) -> dict:
        return {
            "version": version,
            "text": goal.text,
            "title": goal.title,
            "lead_departments": "、".join(goal.lead_departments),
            "co_departments": "、".join(goal.co_departments),
            "leaders": "、".join(goal.leaders),
            "deadline": goal.deadline or "",
        }

    def clean(self):
        cleaned = super().clean()
        for name in ("lead_departments", "co_departments", "leaders"):
            cleaned[name] = _names(cleaned.get(name, ""))
        overlap = set(cleaned["lead_departments"]) & set(cleaned["co_departments"])
        if overlap:
            self.add_error(
                "co_departments",
                _("%(names)s cannot both lead and support.") % {"names": "、".join(overlap)},
            )
        return cleaned


class DraftIndicatorForm(forms.Form):
    """One numeric target of a draft goal."""

    name = forms.CharField(label=_("Indicator"), max_length=200)
    phrase = forms.CharField(label=_("As written"), max_length=300, required=False)
    # An initial value, so that the empty row offered for a new target is not
    # taken as filled in just because its comparator shows "equal to".
    comparator = forms.ChoiceField(
        label=_("Comparator"), choices=Comparator.choices, initial=Comparator.EQ
    )
    value = forms.DecimalField(
        label=_("Target"),
        max_digits=18,
        decimal_places=4,
        error_messages={"invalid": _("Enter a number, e.g. 96 or 1.1.")},
    )
    value_max = forms.DecimalField(
        label=_("Upper target"),
        max_digits=18,
        decimal_places=4,
        required=False,
        error_messages={"invalid": _("Enter a number, e.g. 96 or 1.1.")},
    )
    unit = forms.CharField(label=_("Unit"), max_length=20, required=False)

    def clean(self):
        cleaned = super().clean()
        comparator, low, high = (
            cleaned.get("comparator"),
            cleaned.get("value"),
            cleaned.get("value_max"),
        )
        if comparator == Comparator.RANGE:
            if high is None or (low is not None and high <= low):
                self.add_error("value_max", _("A range needs an upper target above the target."))
        elif high is not None:
            self.add_error("value_max", _("Only a range has an upper target."))
        return cleaned


DraftIndicatorFormSet = forms.formset_factory(DraftIndicatorForm, extra=1, can_delete=True)


# -- the supervision cycle: review, periods, milestones ---------------------------------------


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


class PeriodEditForm(forms.Form):
    """A change to a reporting period: a new due date, closing or reopening it."""

    action = forms.ChoiceField(
        choices=[
            ("due_date", _("Change the due date")),
            ("close", _("Close")),
            ("reopen", _("Reopen")),
        ]
    )
    due_date = forms.DateField(
        label=_("Due date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("Enter a date such as 2023-09-25.")},
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("action") == "due_date" and not cleaned.get("due_date"):
            self.add_error("due_date", _("Enter a date such as 2023-09-25."))
        return cleaned


class GoalMilestoneForm(forms.Form):
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
