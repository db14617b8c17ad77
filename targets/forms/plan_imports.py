"""Plan imports: a document to read into a draft, and the draft's corrections."""

from __future__ import annotations

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from ..choices import Comparator
from ..io.documents import read_plan
from ..io.draft import GoalDraft, IndicatorDraft
from ..io.files import DocumentError
from ..io.report import read_report
from ..models import MAX_YEAR, MIN_YEAR

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


def _year_field(*, required: bool) -> forms.IntegerField:
    """A plan's year: four digits, one message for every way of getting it wrong."""
    wrong = _("Enter a year such as 2023.")
    return forms.IntegerField(
        label=_("Year"),
        required=required,
        min_value=MIN_YEAR,
        max_value=MAX_YEAR,
        error_messages={"invalid": wrong, "min_value": wrong, "max_value": wrong},
    )


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
    year = _year_field(required=False)
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
    year = _year_field(required=True)


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

    def goal_draft(self, goal: GoalDraft, indicator_forms) -> GoalDraft:
        """``goal`` as corrected here and in the (valid) indicator formset's forms."""
        cd = self.cleaned_data
        return GoalDraft(
            text=cd["text"].strip(),
            number=goal.number,
            title=cd["title"].strip(),
            lead_departments=cd["lead_departments"],
            co_departments=cd["co_departments"],
            leaders=cd["leaders"],
            deadline=cd["deadline"].strip() or None,
            indicators=[
                IndicatorDraft(
                    name=f.cleaned_data["name"],
                    phrase=f.cleaned_data.get("phrase") or "",
                    value=f.cleaned_data["value"],
                    value_max=f.cleaned_data.get("value_max"),
                    unit=f.cleaned_data.get("unit") or "",
                    comparator=f.cleaned_data["comparator"],
                )
                for f in indicator_forms.forms
                if f.cleaned_data and not f.cleaned_data.get("DELETE")
            ],
            flags=goal.flags,
            line=goal.line,
        )

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


def indicator_initial(goal: GoalDraft) -> list[dict]:
    """The initial rows of ``DraftIndicatorFormSet`` for a draft goal's targets."""
    return [
        {
            "name": i.name,
            "phrase": i.phrase,
            "comparator": i.comparator,
            "value": i.value,
            "value_max": i.value_max,
            "unit": i.unit,
        }
        for i in goal.indicators
    ]
