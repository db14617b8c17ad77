"""
The quarterly round trip in Excel (季度进展填报): the fill-in workbook a
department downloads, and a filled one checked and applied.

An upload can do nothing the web form could not. Each goal's rows go through
``QuarterlyUpdateForm`` (its rules and messages: completed ⇒ 100%, not
started ⇒ 0%, progress required, no negative counts…), the goal must be one
``Goal.objects.reportable_by(user)`` allows, the quarter one of
``reportable_quarters(plan)``, the indicators the goal's own; and what
differs is written by ``quarterly_update_submit``, the one write path of a
quarterly update.

Every mistake is collected and located by sheet, row and column, so a person
corrects the workbook once. One mistake and nothing is written; otherwise all
goals are applied in one transaction, and only those whose report differs
from what is stored, so uploading the same workbook twice changes nothing.
History records who uploaded which file (``upload: <file name>``).
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import formats, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .choices import OwnerRole, PlanState, UpdateStatus
from .formatting import format_quantity
from .forms import QuarterlyUpdateForm
from .io.files import DocumentError
from .io.update_sheets import (
    COL,
    CellError,
    GoalEntry,
    TemplateGoal,
    TemplateIndicator,
    UpdateSheet,
    UpdateTemplate,
    read_updates,
    write_template,
)
from .models import Department, Goal, Plan, QuarterlyUpdate
from .periods import Quarter
from .selectors import reportable_quarters
from .services import UpdateData, quarterly_update_submit

MAX_BYTES = 10 * 1024 * 1024

# What an upload does with each goal.
CREATED = "created"
UPDATED = "updated"
UNCHANGED = "unchanged"
NOT_REPORTED = "not_reported"  # its rows were left empty
CARRIED_OVER = "carried_over"  # left exactly as the last quarter's report

ACTIONS = {
    CREATED: gettext_lazy("New report"),
    UPDATED: gettext_lazy("Changed"),
    UNCHANGED: gettext_lazy("Unchanged"),
    NOT_REPORTED: gettext_lazy("Left empty: not reported"),
    CARRIED_OVER: gettext_lazy("Same as last quarter: not reported"),
}


def _open_plan(year: int) -> Plan:
    plan = Plan.objects.filter(year=year, state=PlanState.ACTIVE).first()
    if plan is None:
        raise ValidationError(_("There is no active plan for %(year)s.") % {"year": year})
    return plan


def _period_error(period: Quarter) -> str:
    return _("Progress for %(period)s cannot be reported on this plan.") % {"period": period}


def _reports(goal_ids, period: Quarter) -> tuple[dict, dict]:
    """
    Each goal's report for ``period`` and its latest report before it, with
    their actual values (two queries, whatever the number of goals).
    """
    updates = (
        QuarterlyUpdate.objects.filter(goal_id__in=goal_ids)
        .filter(Q(year__lt=period.year) | Q(year=period.year, quarter__lte=period.quarter))
        .order_by("goal_id", "-year", "-quarter")
        .prefetch_related("actuals")
    )
    current, previous = {}, {}
    for update in updates:
        if update.period == period:
            current[update.goal_id] = update
        elif update.goal_id not in previous:
            previous[update.goal_id] = update
    return current, previous


# -- the template --------------------------------------------------------------------------


def update_template_build(department: Department, period: Quarter, *, goals) -> bytes:
    """
    The fill-in workbook (.xlsx bytes) of the goals ``department`` leads in
    the active plan of ``period``'s year, among ``goals`` (already narrowed
    to what the user may see). Each goal starts from its report for
    ``period`` if there is one, else from its latest earlier report.

    Raises ``ValidationError`` when there is no active plan for the year or
    the quarter cannot be reported.
    """
    plan = _open_plan(period.year)
    if period not in reportable_quarters(plan):
        raise ValidationError(_period_error(period))
    goal_list = list(
        goals.filter(plan=plan)
        .active()
        .of_department(department, role=OwnerRole.LEAD)
        .prefetch_related("indicators")
    )
    current, previous = _reports([g.pk for g in goal_list], period)
    sources = set()
    rows = []
    for goal in goal_list:
        report = current.get(goal.pk) or previous.get(goal.pk)
        actuals = {}
        if report is not None:
            sources.add(report.period)
            actuals = {a.indicator_id: a.value for a in report.actuals.all()}
        rows.append(
            TemplateGoal(
                code=goal.code,
                title=goal.title,
                deadline=goal.deadline_display,
                status=report.status if report else "",
                percent=report.percent_complete if report else None,
                progress=report.progress if report else "",
                problems=report.problems if report else "",
                next_steps=report.next_steps if report else "",
                indicators=[
                    TemplateIndicator(
                        id=indicator.pk,
                        name=indicator.name,
                        unit=indicator.unit,
                        target=indicator.target_display,
                        allows_negative=indicator.allows_negative,
                        value=actuals.get(indicator.pk),
                    )
                    for indicator in goal.indicators.all()
                ],
            )
        )
    template = UpdateTemplate(
        plan_id=plan.pk,
        plan_title=plan.title,
        year=period.year,
        quarter=period.quarter,
        period=str(period),
        department_code=department.code,
        department=str(department),
        deadline=formats.date_format(update_deadline(period), "DATE_FORMAT"),
        statuses=[(value, str(label)) for value, label in UpdateStatus.choices],
        goals=rows,
        source="、".join(str(p) for p in sorted(sources)),
    )
    return write_template(template, translate=_)


def update_deadline(period: Quarter):
    """
    The day a quarter's report is due: its last day, since values are
    cumulative to the end of the quarter. (Luoshi keeps no per-quarter
    deadline yet; the instructions sheet states this one.)
    """
    return period.last_day


def update_template_filename(department: Department, period: Quarter) -> str:
    return _("%(department)s %(period)s progress report.xlsx") % {
        "department": department,
        "period": period,
    }


# -- reading an upload ---------------------------------------------------------------------


def status_texts() -> dict[str, str]:
    """Every text a status cell may hold: the labels in each language, and the values."""
    texts = {value: value for value in UpdateStatus.values}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            for value, label in UpdateStatus.choices:
                texts[str(label)] = value
    return texts


def update_file_read(name: str, data: bytes) -> UpdateSheet:
    """
    Read an uploaded workbook (nothing is checked against the database yet).
    A file that cannot be read raises ``ValidationError`` with one sentence
    in the user's language.
    """
    try:
        return read_updates(name, data, statuses=status_texts(), max_bytes=MAX_BYTES)
    except DocumentError as error:
        message = _(error.message) % error.params if error.params else _(error.message)
        raise ValidationError(message, code=error.code) from error


# -- checking and applying ---------------------------------------------------------------------


@dataclass
class RowError:
    """A mistake in the upload, in the user's language, where it is (if anywhere)."""

    message: str
    sheet: str = ""
    row: int | None = None
    column: str | None = None

    @property
    def where(self) -> str:
        if self.row is None:
            return ""
        params = {"sheet": self.sheet, "row": self.row, "column": self.column}
        if self.column:
            return _("%(sheet)s row %(row)s column %(column)s") % params
        return _("%(sheet)s row %(row)s") % params

    def __str__(self) -> str:
        where = self.where
        if not where:
            return self.message
        return _("%(where)s: %(message)s") % {"where": where, "message": self.message}

    @classmethod
    def from_cell(cls, error: CellError) -> RowError:
        template = _(error.template)
        message = template % error.params if error.params else template
        return cls(message=message, sheet=error.sheet, row=error.row, column=error.column)


@dataclass
class FieldChange:
    """One value a goal's report changes, as shown: ``old`` → ``new``."""

    key: str
    label: str
    old: str
    new: str


@dataclass
class GoalChange:
    """What an upload does with one goal, and the report it writes (if it writes one)."""

    goal: Goal
    row: int | None
    action: str
    changes: list[FieldChange] = field(default_factory=list)
    data: UpdateData | None = None

    @property
    def writes(self) -> bool:
        return self.action in (CREATED, UPDATED)

    @property
    def action_label(self) -> str:
        return str(ACTIONS[self.action])


@dataclass
class UpdateImportResult:
    """An upload checked (and, once applied, written): per goal, and every mistake."""

    sheet: str = ""
    plan: Plan | None = None
    period: Quarter | None = None
    department: Department | None = None
    goals: list[GoalChange] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    applied: bool = False
    stale: bool = False  # what would change is no longer what the preview showed

    def error(self, message: str, row: int | None = None, column: str | None = None) -> None:
        self.errors.append(
            RowError(message=message, sheet=self.sheet if row else "", row=row, column=column)
        )

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def changed(self) -> bool:
        return any(change.writes for change in self.goals)

    @property
    def counts(self) -> Counter:
        return Counter(change.action for change in self.goals)

    def summary(self) -> str:
        counts = self.counts
        return _(
            "%(created)s new, %(updated)s changed, %(unchanged)s unchanged, "
            "%(skipped)s not reported"
        ) % {
            "created": counts[CREATED],
            "updated": counts[UPDATED],
            "unchanged": counts[UNCHANGED],
            "skipped": counts[NOT_REPORTED] + counts[CARRIED_OVER],
        }

    @property
    def fingerprint(self) -> str:
        """What applying would change; a confirmation must match the preview's."""
        shape = [
            [c.goal.pk, c.action, [[f.key, f.old, f.new] for f in c.changes]] for c in self.goals
        ]
        encoded = json.dumps([str(self.period), shape], ensure_ascii=False)
        return hashlib.sha256(encoded.encode()).hexdigest()

    def sort_errors(self) -> None:
        self.errors.sort(key=lambda e: (e.row is not None, e.row or 0, e.column or ""))


def update_import_check(sheet: UpdateSheet, *, user=None) -> UpdateImportResult:
    """
    Check a workbook read by ``update_file_read`` against the database and
    say what applying it would do; nothing is written. With ``user``, their
    rights apply (only goals they may report on); without, the goals the
    workbook's department leads (a dry run from the command line).
    """
    result = UpdateImportResult(sheet=sheet.sheet)
    result.errors.extend(RowError.from_cell(error) for error in sheet.errors)
    # What the user may not see is not there for them, as on every page.
    plans = Plan.objects.visible_to(user) if user is not None else Plan.objects.all()
    visible = Goal.objects.visible_to(user) if user is not None else Goal.objects.all()
    plan = plans.filter(pk=sheet.plan_id).first()
    if plan is None:
        result.error(
            _(
                "This workbook is for a plan that is not in Luoshi: download a new template "
                "from your department's page."
            )
        )
        return result
    result.plan = plan
    if plan.state != PlanState.ACTIVE:
        result.error(
            _("%(plan)s is no longer open for reporting: download a new template.")
            % {"plan": plan.title}
        )
        return result
    period = Quarter(sheet.year, sheet.quarter)
    result.period = period
    if period not in reportable_quarters(plan):  # another year's quarter, or a future one
        result.error(_period_error(period))
        return result
    result.department = Department.objects.filter(code=sheet.department).first()
    if user is not None:
        reportable = Goal.objects.reportable_by(user)
    elif result.department is not None:
        reportable = Goal.objects.active().of_department(result.department, role=OwnerRole.LEAD)
    else:
        result.error(_("The workbook names no known department: download a new template."))
        return result
    reportable_ids = set(reportable.filter(plan=plan).values_list("pk", flat=True))

    goals = {
        goal.code: goal
        for goal in visible.filter(plan=plan, code__in=[e.code for e in sheet.goals])
        .select_related("plan")
        .prefetch_related("indicators")
    }
    current, previous = _reports([g.pk for g in goals.values()], period)
    for entry in sheet.goals:
        goal = goals.get(entry.code)
        row = entry.row or (entry.indicators[0].row if entry.indicators else None)
        if goal is None:
            if user is None:
                message = _("The goal code “%(code)s” is not in %(plan)s.")
            else:  # unknown, or another department's: the same words, so nothing leaks
                message = _("The goal code “%(code)s” is not one of your department's goals.")
            result.error(
                message % {"code": entry.code, "plan": plan.title}, row, COL["code"].letter
            )
        elif goal.archived:
            result.error(
                _("Goal %(code)s is archived: it is no longer reported on.") % {"code": goal.code},
                row,
                COL["code"].letter,
            )
        elif goal.pk not in reportable_ids:
            result.error(
                _("Goal %(code)s is not led by your department: you cannot report on it.")
                % {"code": goal.code},
                row,
                COL["code"].letter,
            )
        elif entry.blank:
            result.goals.append(GoalChange(goal=goal, row=entry.row, action=NOT_REPORTED))
        elif entry.row is not None:
            _check_goal(result, entry, goal, current.get(goal.pk), previous.get(goal.pk))
    result.sort_errors()
    return result


# Messages for a required cell left empty, where Django's "This field is required." says less.
_REQUIRED = {
    "status": gettext_lazy("Choose a status from the drop-down list."),
    "percent_complete": gettext_lazy("Enter a whole number from 0 to 100."),
}
_FORM_COLUMNS = {
    "status": COL["status"].letter,
    "percent_complete": COL["percent"].letter,
    "progress": COL["progress"].letter,
    "problems": COL["problems"].letter,
    "next_steps": COL["next_steps"].letter,
}


def _check_goal(result, entry: GoalEntry, goal: Goal, current, previous) -> None:
    """One goal's rows through the update form; what it would write, or its mistakes."""
    errors_before = len(result.errors)
    indicators = {indicator.pk: indicator for indicator in goal.indicators.all()}
    present = []  # (row, indicator) as listed in the sheet
    data = {
        "year": result.period.year,
        "quarter": result.period.quarter,
        "status": entry.status,
        "percent_complete": entry.percent,
        "progress": entry.progress,
        "problems": entry.problems,
        "next_steps": entry.next_steps,
    }
    for item in entry.indicators:
        indicator = indicators.get(item.indicator_id)
        if indicator is None:
            result.error(
                _("This indicator is not one of goal %(code)s: do not change the grey columns.")
                % {"code": goal.code},
                item.row,
                COL["title"].letter,
            )
            continue
        present.append((item.row, indicator))
        name = QuarterlyUpdateForm.indicator_field_name(indicator)
        data[name] = _without_unit(item.value, indicator.unit)

    form = QuarterlyUpdateForm(data, indicators=[indicator for _row, indicator in present])
    valid = form.is_valid()
    if not valid:
        rows = {QuarterlyUpdateForm.indicator_field_name(i): r for r, i in present}
        for name, errors in form.errors.as_data().items():
            if name == "status" and entry.status_text and not entry.status:
                continue  # the reader already said the status is not in the list
            if name in rows:
                row, column = rows[name], COL["value"].letter
            else:
                row, column = entry.row, _FORM_COLUMNS.get(name)
            for error in errors:
                if error.code == "required" and name in _REQUIRED:
                    messages = [str(_REQUIRED[name])]
                else:
                    messages = error.messages
                for message in messages:
                    result.error(message, row, column)
    if not valid or len(result.errors) > errors_before:
        return

    update = form.update_data()
    shown = [indicator for _row, indicator in present]
    if current is not None:
        changes = _differences(update, current, shown)
        action = UPDATED if changes else UNCHANGED
    elif previous is not None and not _differences(update, previous, shown):
        changes, action = [], CARRIED_OVER
    else:
        changes, action = _differences(update, previous, shown), CREATED
    result.goals.append(
        GoalChange(goal=goal, row=entry.row, action=action, changes=changes, data=update)
    )


def _without_unit(text: str, unit: str) -> str:
    """ "58家" typed where the unit is 家 is 58: the unit beside the cell says the same."""
    if unit and text.endswith(unit):
        return text[: -len(unit)].strip()
    return text


def _same_text(a: str, b: str) -> bool:
    def norm(text):
        text = (text or "").replace("\r\n", "\n").replace("\r", "\n").strip()
        return "\n".join(line.rstrip() for line in text.split("\n"))

    return norm(a) == norm(b)


def _differences(data: UpdateData, report, indicators) -> list[FieldChange]:
    """What ``data`` changes compared with ``report`` (None: every value is new)."""
    statuses = dict(UpdateStatus.choices)
    changes = []
    old_status = report.status if report else ""
    if old_status != data.status:
        changes.append(
            FieldChange(
                "status",
                _("Status"),
                str(statuses.get(old_status, "—")),
                str(statuses.get(data.status, data.status)),
            )
        )
    old_percent = report.percent_complete if report else None
    if old_percent != data.percent_complete:
        changes.append(
            FieldChange(
                "percent_complete",
                _("Percent complete (%)"),
                "—" if old_percent is None else f"{old_percent}%",
                f"{data.percent_complete}%",
            )
        )
    for key, label in (
        ("progress", _("Progress")),
        ("problems", _("Problems")),
        ("next_steps", _("Next steps")),
    ):
        old, new = getattr(report, key, "") if report else "", getattr(data, key)
        if not _same_text(old, new):
            changes.append(FieldChange(key, label, old or "—", new or "—"))
    actuals = {a.indicator_id: a.value for a in report.actuals.all()} if report else {}
    for indicator in indicators:
        old, new = actuals.get(indicator.pk), (data.actuals or {}).get(indicator.pk)
        if old != new:
            changes.append(
                FieldChange(
                    f"indicator_{indicator.pk}",
                    indicator.name,
                    format_quantity(old, indicator.unit),
                    format_quantity(new, indicator.unit),
                )
            )
    return changes


def update_import_apply(
    sheet: UpdateSheet, *, user, source_name: str, fingerprint: str | None = None
) -> UpdateImportResult:
    """
    Check the workbook again and, when there is no mistake, write every goal
    whose report differs, in one transaction, as ``user`` (history says
    ``upload: <source_name>``). With ``fingerprint`` (a preview's), nothing
    is written if what would change is no longer what the preview showed:
    the result is marked ``stale``.
    """
    result = UpdateImportResult(sheet=sheet.sheet)
    try:
        with transaction.atomic():
            result = update_import_check(sheet, user=user)
            if result.errors:
                return result
            if fingerprint is not None and fingerprint != result.fingerprint:
                result.stale = True
                return result
            for change in result.goals:
                if change.writes:
                    quarterly_update_submit(
                        change.goal,
                        result.period,
                        change.data,
                        user=user,
                        reason=f"upload: {source_name}",
                    )
            result.applied = True
    except (PermissionDenied, ValidationError) as error:
        # The rules changed under the check (another request): nothing was written.
        messages = error.messages if isinstance(error, ValidationError) else [str(error)]
        result.applied = False
        for message in messages:
            result.error(message)
    return result


__all__ = [
    "ACTIONS",
    "CARRIED_OVER",
    "CREATED",
    "NOT_REPORTED",
    "UNCHANGED",
    "UPDATED",
    "FieldChange",
    "GoalChange",
    "RowError",
    "UpdateImportResult",
    "update_deadline",
    "update_file_read",
    "update_import_apply",
    "update_import_check",
    "update_template_build",
    "update_template_filename",
]
