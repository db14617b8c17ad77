"""
A workbook read by ``update_sheet_read`` checked against the database: the
plan, the quarter and the department, and each goal's rows through
``QuarterlyUpdateForm`` with the user's rights; what applying it would
change, field by field, a report changed in Luoshi since the download being
a conflict rather than a change (``conflicts``). Nothing is written.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ...choices import OwnerRole, PlanState, ReviewState, UpdateStatus
from ...formatting import format_quantity
from ...forms.updates import QuarterlyUpdateForm
from ...io.update_sheets import COL, GoalEntry, UpdateSheet
from ...models import Department, Goal, Plan, ReportingPeriod
from ...periods import Quarter
from ...selectors.plans import reportable_quarters
from ...selectors.updates import reports_for
from ..updates import UpdateData, closed_message, quarter_refusal, same_text, update_edit_mode
from .conflicts import conflicts_mark, digest_of_data, digest_of_report
from .results import (
    CARRIED_OVER,
    CREATED,
    NOT_REPORTED,
    UNCHANGED,
    UPDATED,
    FieldChange,
    GoalChange,
    RowError,
    UpdateSheetResult,
)


def update_sheet_check(
    sheet: UpdateSheet, *, user=None, take_file=frozenset()
) -> UpdateSheetResult:
    """
    Check a workbook read by ``update_sheet_read`` against the database and
    say what applying it would do; nothing is written. With ``user``, their
    rights apply (only goals they may report on); without, the goals the
    workbook's department leads (a dry run from the command line).

    A report changed in Luoshi after the workbook was downloaded is not
    overwritten: its row is a conflict, written only if its goal's id is in
    ``take_file`` (the uploader picked the workbook's values), or, left as
    downloaded, it changes nothing.
    """
    result = UpdateSheetResult(sheet=sheet.sheet)
    result.errors.extend(RowError.from_cell(error) for error in sheet.errors)
    reportable = _reportable_goals(sheet, result, user)
    if reportable is None:
        return result
    plan, period = result.plan, result.period
    reportable_ids = set(reportable.filter(plan=plan).values_list("pk", flat=True))
    # What the user may not see is not there for them, as on every page.
    visible = Goal.objects.visible_to(user) if user is not None else Goal.objects.all()
    goals = {
        goal.code: goal
        for goal in visible.filter(plan=plan, code__in=[e.code for e in sheet.goals])
        .select_related("plan")
        .prefetch_related("indicators")
    }
    current, previous = reports_for([g.pk for g in goals.values()], period)
    for entry in sheet.goals:
        goal = goals.get(entry.code)
        refusal = _goal_refusal(goal, entry, plan, reportable_ids, user)
        if refusal is not None:
            row = entry.row or (entry.indicators[0].row if entry.indicators else None)
            result.error(refusal, row, COL["code"].letter)
        elif entry.blank:
            result.goals.append(GoalChange(goal=goal, row=entry.row, action=NOT_REPORTED))
        elif entry.row is not None:
            _check_goal(result, entry, goal, current.get(goal.pk), previous.get(goal.pk))
    if not result.errors:
        conflicts_mark(result, sheet, take_file=take_file)
        _refuse_closed_period(result, user)
    result.sort_errors()
    return result


def _refuse_closed_period(result: UpdateSheetResult, user) -> None:
    """
    A workbook for a closed period refused here, in the preview and the dry
    run, with the words the confirmation would use (``update_edit_mode``):
    staff may only send again an update the office returned. Without a user
    (a dry run from the command line), as the workbook's department staff.
    One message however many rows it stops: they all say the same.
    """
    writing = [change for change in result.goals if change.writes]
    if not writing:
        return
    reporting_period = ReportingPeriod.objects.filter(
        plan=result.plan, year=result.period.year, quarter=result.period.quarter
    ).first()
    if reporting_period is None or reporting_period.is_open:
        return
    refusals = []
    for change in writing:
        refusal = _edit_refusal(change, result.period, reporting_period, user)
        if refusal is not None and refusal not in refusals:
            refusals.append(refusal)
    for refusal in refusals:
        result.error(refusal)


def _edit_refusal(change, period: Quarter, reporting_period, user) -> str | None:
    """Why the goal's update cannot be written now its period is closed, if it cannot."""
    if user is None:
        returned = change.report is not None and change.report.review_state == ReviewState.RETURNED
        return None if returned else closed_message(reporting_period)
    try:
        update_edit_mode(change.goal, period, user, change.report, reporting_period)
    except ValidationError as error:
        return " ".join(error.messages)
    except PermissionDenied as error:
        return str(error)
    return None


def _reportable_goals(sheet: UpdateSheet, result: UpdateSheetResult, user):
    """
    The goals the upload may report on, having set the result's plan, period
    and department; None, with the mistake in ``result``, when the workbook's
    plan, quarter or department rules out any report.
    """
    plans = Plan.objects.visible_to(user) if user is not None else Plan.objects.all()
    plan = plans.filter(pk=sheet.plan_id).first()
    if plan is None:
        result.error(
            _(
                "This workbook is for a plan that is not in Luoshi: download a new template "
                "from your department's page."
            )
        )
        return None
    result.plan = plan
    if plan.state != PlanState.ACTIVE:
        result.error(
            _("%(plan)s is no longer open for reporting: download a new template.")
            % {"plan": plan.title}
        )
        return None
    period = Quarter(sheet.year, sheet.quarter)
    result.period = period
    if period not in reportable_quarters(plan):  # another year's quarter, or a future one
        result.error(quarter_refusal(period))
        return None
    result.department = Department.objects.filter(code=sheet.department).first()
    if user is not None:
        return Goal.objects.reportable_by(user)
    if result.department is not None:
        return Goal.objects.active().of_department(result.department, role=OwnerRole.LEAD)
    result.error(_("The workbook names no known department: download a new template."))
    return None


def _goal_refusal(goal, entry: GoalEntry, plan, reportable_ids: set[int], user) -> str | None:
    """Why the workbook's rows of a goal cannot be reported, if they cannot."""
    if goal is None:
        if user is None:
            message = _("The goal code “%(code)s” is not in %(plan)s.")
        else:  # unknown, or another department's: the same words, so nothing leaks
            message = _("The goal code “%(code)s” is not one of your department's goals.")
        return message % {"code": entry.code, "plan": plan.title}
    if goal.archived:
        return _("Goal %(code)s is archived: it is no longer reported on.") % {"code": goal.code}
    if goal.pk not in reportable_ids:
        return _("Goal %(code)s is not led by your department: you cannot report on it.") % {
            "code": goal.code
        }
    return None


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
        _form_errors(result, form, entry, present)
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
        GoalChange(
            goal=goal,
            row=entry.row,
            action=action,
            changes=changes,
            data=update,
            report=current,
            digest=digest_of_data(update, shown),
            report_digest=digest_of_report(current, shown) if current is not None else "",
        )
    )


def _form_errors(result, form, entry: GoalEntry, present) -> None:
    """The form's mistakes on a goal's rows, each at its cell of the workbook."""
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


def _without_unit(text: str, unit: str) -> str:
    """ "58家" typed where the unit is 家 is 58: the unit beside the cell says the same."""
    if unit and text.endswith(unit):
        return text[: -len(unit)].strip()
    return text


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
        if not same_text(old, new):
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
