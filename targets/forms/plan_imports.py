"""Plan imports: a document to read into a draft, and the draft's corrections."""

from __future__ import annotations

import re

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ..choices import Comparator
from ..io.documents import read_pasted, read_plan
from ..io.draft import GoalDraft, IndicatorDraft
from ..io.editing import owners_key
from ..io.files import DocumentError
from ..models import MAX_YEAR, MIN_YEAR
from .text import FileSafeTextMixin

MAX_UPLOAD_BYTES = 10 * 1024 * 1024

# DocumentError codes (targets.io.files) in the user's language.
DOCUMENT_ERRORS = {
    "empty": _("The file is empty."),
    "binary": _(
        "This file is not text (it looks like a binary file). Choose a .txt, .docx, .pdf, "
        ".xlsx, .xls or .ods file."
    ),
    "too_large": _("The file is larger than the 10 MB limit."),
    "not_docx": _("This .docx file is damaged or is not a Word document."),
    "macro": _("Files with macros are not accepted. Save it as a plain .docx or .xlsx file."),
    "unsafe": _("This document contains content that is not allowed (for example XML entities)."),
    "unsupported": _("Unsupported file type: use .txt, .docx, .pdf, .xlsx, .xls or .ods."),
    "encoding": _("The text is in an encoding Luoshi cannot read; save it as UTF-8 or GB18030."),
    "not_xlsx": _("This .xlsx file is damaged or is not an Excel workbook."),
    "not_xls": _(
        "This .xls file is not a real Excel workbook (systems often export a web page named "
        ".xls). Open it in Excel or WPS and save it as .xlsx."
    ),
    "not_ods": _("This .ods file is damaged or is not an OpenDocument spreadsheet."),
    "damaged": _(
        "This workbook is damaged and could not be read. Open it in Excel or WPS, save it "
        "again and upload that."
    ),
    "encrypted": _(
        "This file is protected by a password. Save it without a password and upload that."
    ),
    "too_costly": _(
        "Reading this file would take far more memory or time than a plan of its size needs, "
        "so it was not read. Delete what lies outside the table, save it again and upload that."
    ),
    "old_excel": _(
        "This is an old Excel .xls or WPS .et file, or a workbook protected by a password. "
        "Save it as .xlsx (Excel workbook) without a password and upload that."
    ),
    "not_pdf": _("This .pdf file is damaged or is not a PDF."),
    "scanned": _(
        "This PDF has no text in it, only pictures of its pages (a scan), and Luoshi cannot "
        "read those. Upload the Word document, or a PDF saved from it."
    ),
    "too_many_pages": _(
        "The PDF has more than 500 pages, far more than a plan. Upload the part that holds "
        "the tasks."
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


# Codes whose messages say what is wrong in words the reader marked for translation
# (``gettext_noop``), with the bound the file passed: shown as the reader wrote them.
READER_WORDS = {"inflated", "too_many_goals"}


def document_error_message(error: DocumentError) -> str:
    """Why a document was refused, in the user's language."""
    if error.code in READER_WORDS:
        return gettext(error.message) % error.params
    return DOCUMENT_ERRORS.get(error.code, _("The file could not be read."))


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


class PlanImportForm(FileSafeTextMixin, forms.Form):
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
                raise forms.ValidationError(document_error_message(error)) from error
            source_name = upload.name
        else:
            source_name = _("pasted text")
            # No file name to fall back on: a text without a title line gets none,
            # and the preview asks for one, rather than a plan called "pasted text".
            try:
                draft = read_pasted(
                    text, year=cleaned.get("year"), title=cleaned.get("title") or ""
                )
            except DocumentError as error:
                raise forms.ValidationError(document_error_message(error)) from error
        if not draft.all_goals():
            raise forms.ValidationError(_("No tasks were found in this text."))
        cleaned["draft"] = draft
        cleaned["source_name"] = str(source_name)
        return cleaned


class DraftPlanForm(FileSafeTextMixin, forms.Form):
    """The title and year of a draft, when the document did not say or said it wrong."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    title = forms.CharField(label=_("Title"), max_length=200)
    year = _year_field(required=True)


class DraftGoalForm(FileSafeTextMixin, forms.Form):
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
                    baseline=f.cleaned_data.get("baseline"),
                )
                for f in indicator_forms.forms
                if f.cleaned_data and not f.cleaned_data.get("DELETE")
            ],
            flags=goal.flags,
            line=goal.line,
            origin=goal.origin,
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


class DraftIndicatorForm(FileSafeTextMixin, forms.Form):
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
    # Where the change starts (the 68 of 由68%提高到70%), kept as the indicator's baseline.
    baseline = forms.DecimalField(
        label=_("Baseline"),
        max_digits=18,
        decimal_places=4,
        required=False,
        error_messages={"invalid": _("Enter a number, e.g. 96 or 1.1.")},
    )

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

_ROW = re.compile(r"(lead|co)-(\d+)")
_SECTION = re.compile(r"section-lead-(\d+)")
MAX_NAME = 100  # Department.name


class DraftOwnersForm(forms.Form):
    """
    The preview's owners table: each goal's lead and supporting departments
    (``lead-<position>``, ``co-<position>``, names separated by 、; a goal left
    out of the request keeps its owners, so a script may send only the rows
    changed), and a lead for every goal of a section (``section-lead-<n>``,
    with ``section-scope-<n>``: the goals without a lead, or all of them).
    ``keys`` are the fingerprints of the goals the table was made from and of
    their owners as shown (``goal:owners,…``), so what was typed on a stale
    table can be put back on the current draft.
    """

    SCOPES = (("empty", _("the tasks without a lead")), ("all", _("all its tasks")))

    version = forms.IntegerField(widget=forms.HiddenInput)
    keys = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, goal_count: int, section_count: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.goal_count, self.section_count = goal_count, section_count
        self.entries: dict[int, tuple[list[str], list[str]]] = {}
        self.sections: dict[int, tuple[list[str], str]] = {}
        self.row_errors: dict[int, list[str]] = {}

    def typed_by_key(self) -> dict[str, tuple[list[str], list[str]]]:
        """
        What was typed in each row, by the fingerprint of the goal the row was
        for: only rows whose owners differ from what the table showed (a table
        sent whole says nothing about the rows nobody touched).
        """
        keys = [key.partition(":") for key in (self.data.get("keys") or "").split(",")]
        typed = {}
        # The rows of the table as it was, which may have had more tasks than the draft now.
        for i, (lead, co) in self._rows(len(keys)):
            if keys[i][0] and owners_key(lead, co) != keys[i][2]:
                typed[keys[i][0]] = (lead, co)
        return typed

    def _rows(self, count: int):
        positions = sorted(
            {int(m.group(2)) for m in map(_ROW.fullmatch, self.data) if m is not None}
        )
        for i in positions:
            if i < count:
                yield i, (_names(self.data.get(f"lead-{i}")), _names(self.data.get(f"co-{i}")))

    def clean(self):
        cleaned = super().clean()
        for i, (lead, co) in self._rows(self.goal_count):
            errors = [
                _("“%(name)s” is longer than %(max)s characters.") % {"name": n, "max": MAX_NAME}
                for n in (*lead, *co)
                if len(n) > MAX_NAME
            ]
            overlap = [n for n in lead if n in co]
            if overlap:
                errors.append(
                    _("%(names)s cannot both lead and support.") % {"names": "、".join(overlap)}
                )
            if errors:
                self.row_errors[i] = errors
            self.entries[i] = (lead, co)
        for match in filter(None, map(_SECTION.fullmatch, self.data)):
            n = int(match.group(1))
            lead = [name[:MAX_NAME] for name in _names(self.data.get(match.group(0)))]
            if lead and n < self.section_count:
                scope = self.data.get(f"section-scope-{n}")
                self.sections[n] = (lead, "all" if scope == "all" else "empty")
        if self.row_errors:
            raise forms.ValidationError(
                _("Some rows need correcting (marked below); nothing was saved.")
            )
        return cleaned

    def apply(self, draft) -> int:
        """
        Set the owners typed, then the sections' leads, on ``draft``; returns
        how many goals changed. A sub-section's lead fills its tasks before
        its chapter's does, so the more specific one wins.
        """
        goals = draft.all_goals()
        before = [(g.lead_departments, g.co_departments) for g in goals]
        for i, (lead, co) in self.entries.items():
            goals[i].lead_departments, goals[i].co_departments = list(lead), list(co)
        sections = list(draft.walk_sections())
        for n in sorted(self.sections, reverse=True):
            lead, scope = self.sections[n]
            for section in sections[n].walk():
                for goal in section.goals:
                    if scope == "all" or not goal.lead_departments:
                        goal.lead_departments = list(lead)
                        goal.co_departments = [c for c in goal.co_departments if c not in lead]
        return sum(
            (g.lead_departments, g.co_departments) != b for g, b in zip(goals, before, strict=True)
        )


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
            "baseline": i.baseline,
        }
        for i in goal.indicators
    ]
