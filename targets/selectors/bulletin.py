"""
The quarterly supervision bulletin (督查通报): what it says about a plan and a
quarter, gathered through the dashboard's selectors so its figures are the dashboard's,
then written as Word by ``targets.io.bulletin``.

The web download (``targets:bulletin_export``) and ``manage.py
export_bulletin`` both come through here.
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from ..choices import GoalState, OwnerRole, PeriodState, ReportState
from ..exports.common import ExportError
from ..io.bulletin import (
    ISSUE_NUMBER,
    TOTAL_ROW,
    Bulletin,
    Count,
    DepartmentRow,
    Figures,
    LateDepartment,
    RedGoal,
    issue_number,
)
from ..models import Department, Goal, Plan, ReportingPeriod
from ..periods import Quarter
from .chasing import LateUpdate, late_updates
from .dashboard import dashboard, owner_links, red_goals
from .organisation import departments_standing
from .periods import period_due_date
from .states import Tally, state_rows

# The issuing office when settings.BULLETIN_OFFICE does not name it, e.g. "洪山区人民政府督查室".
DEFAULT_OFFICE = "区政府督查室"


class BulletinError(ExportError):
    """A bulletin that cannot be written: the plan has no goals to report on."""


def bulletin_office() -> str:
    """The issuing office: ``settings.BULLETIN_OFFICE``, else ``DEFAULT_OFFICE``."""
    return getattr(settings, "BULLETIN_OFFICE", "") or DEFAULT_OFFICE


def issue_date(plan: Plan, period: Quarter) -> datetime.date:
    """
    The day a bulletin on ``period`` is dated by default: the day its
    reporting period closed, or while it is open its due date, the day the
    figures are about; never the day someone happens to export it. One query.
    """
    row = (
        ReportingPeriod.objects.filter(plan=plan, year=period.year, quarter=period.quarter)
        .values("state", "closed_at", "due_date")
        .first()
    )
    if row is not None and row["state"] == PeriodState.CLOSED and row["closed_at"]:
        return timezone.localdate(row["closed_at"])
    if row is not None:
        return row["due_date"]
    return period_due_date(plan, period)


def bulletin_data(
    plan: Plan, period: Quarter, *, user, issued_on: datetime.date | None = None
) -> Bulletin:
    """
    Everything the bulletin says about ``plan`` as of ``period``, from the goals
    ``user`` may see, as ``states.with_state`` judges them: the dashboard's
    figures overall (the text and the table's 合计 row, every goal once) and per
    lead department (its ranking: a goal led jointly counts for each lead, as
    the table's note says); every goal behind schedule, furthest behind first,
    with its problems; the lead departments with goals not reported or reported
    late. Dated ``issued_on``, else ``issue_date``. A fixed number of queries;
    a plan without live goals is a ``BulletinError``.
    """
    goals = Goal.objects.visible_to(user)
    # Departments and owners as they stood at the quarter's end: a bulletin of a
    # quarter before a merge or a rename names the units that reported then.
    day = period.last_day
    standing = departments_standing(Department.objects.visible_to(user), day)
    data = dashboard(plan, period, goals=goals, departments=standing)
    if not data.overall.total:
        raise BulletinError(_("%(plan)s has no goals to report on.") % {"plan": plan.title})

    # The goals the later sections name: behind (红灯) and not reported (未报送), as the
    # dashboard counts them, so the text agrees with the table; then the updates sent late.
    rows = [
        row
        for row in state_rows(goals.filter(plan=plan).active(), period, extra=("code",))
        if row["state"] == GoalState.BEHIND or row["report"] == ReportState.MISSING
    ]
    late = late_updates(plan, period, goals, data.due_date)
    named = {row["pk"] for row in rows} | {update.goal.pk for update in late}
    links = owner_links(Goal.objects.filter(pk__in=named), day)
    red = red_goals(period, rows, links, limit=None)
    joint, without_lead = _lead_counts(goals.filter(plan=plan).active(), day, data.overall.total)

    return Bulletin(
        **_office_words(period),
        plan_title=plan.title,
        year=period.year,
        quarter=period.quarter,
        issued_on=issued_on or issue_date(plan, period),
        due_date=data.due_date,
        figures=_figures(data.overall, joint=joint, without_lead=without_lead),
        departments=[
            _department_row(row["name"], row["tally"]) for row in data.departments if row["lead"]
        ],
        total=_department_row(TOTAL_ROW, data.overall),
        red_goals=[_red_goal(goal) for goal in red],
        late_departments=_late_departments(
            rows, links, late, order=[row["department"].pk for row in data.departments]
        ),
    )


def _red_goal(goal: dict) -> RedGoal:
    return RedGoal(
        code=goal["code"],
        title=goal["title"],
        departments=goal["leads"],
        percent=goal["percent"],
        problems=goal["problems"] or "",
    )


def _office_words(period: Quarter) -> dict:
    """The office's own words, from the settings: its name, the 文号, the 版记."""
    office = bulletin_office()
    template = getattr(settings, "BULLETIN_ISSUE_NUMBER", "") or ISSUE_NUMBER
    return {
        "office": office,
        "number": issue_number(period.year, period.quarter, template),
        "copy_to": getattr(settings, "BULLETIN_COPY_TO", ""),
        "printed_by": getattr(settings, "BULLETIN_PRINTED_BY", "") or office,
    }


def _lead_counts(goals, day: datetime.date, total: int) -> tuple[int, int]:
    """
    How many of ``goals`` (``total`` of them) two or more departments lead,
    and how many none does, with their owners as the dashboard counts them
    (as they stood on ``day``).
    """
    leads = Counter(
        goal_id
        for goal_id, _department, role, _name in owner_links(goals, day)
        if role == OwnerRole.LEAD
    )
    return sum(1 for n in leads.values() if n > 1), total - len(leads)


def _figures(tally: Tally, *, joint: int = 0, without_lead: int = 0) -> Figures:
    shares = tally.shares()

    def count(state):
        return Count(tally.states[state], shares.get(state, 0))

    return Figures(
        total=tally.total,
        completed=count(GoalState.COMPLETED),
        on_track=count(GoalState.ON_TRACK),
        at_risk=count(GoalState.AT_RISK),
        behind=count(GoalState.BEHIND),
        not_started=count(GoalState.NOT_STARTED),
        unassessed=count(GoalState.UNASSESSED),
        pending=tally.pending,
        missing=tally.missing,
        reported=tally.reported,
        expected=tally.expected,
        submission_rate=tally.submission_rate,
        on_time=tally.on_time,
        on_time_rate=tally.on_time_rate,
        joint=joint,
        without_lead=without_lead,
    )


def _department_row(name: str, tally: Tally) -> DepartmentRow:
    return DepartmentRow(
        name=name,
        lead=tally.total,
        reported=tally.reported,
        expected=tally.expected,
        completed=tally.states[GoalState.COMPLETED],
        on_track=tally.states[GoalState.ON_TRACK],
        at_risk=tally.states[GoalState.AT_RISK],
        behind=tally.states[GoalState.BEHIND],
        not_started=tally.states[GoalState.NOT_STARTED],
        unassessed=tally.states[GoalState.UNASSESSED],
        pending=tally.pending,
        missing=tally.missing,
    )


def _late_departments(
    rows: list[dict], links, late: list[LateUpdate], order: list[int]
) -> list[LateDepartment]:
    """
    Lead departments with goals not reported or reported after the due date,
    in the department table's order (``order``: department pks); a goal led
    by two departments counts for both. Who led a goal is read from ``links``
    (as the quarter stood), not from the late updates' present departments.
    """
    leads = defaultdict(list)
    for goal_id, department_id, role, name in links:
        if role == OwnerRole.LEAD:
            leads[goal_id].append((department_id, name))
    missing, late_codes, names = defaultdict(list), defaultdict(list), {}
    for row in rows:
        if row["report"] == ReportState.MISSING:
            for department_id, name in leads[row["pk"]]:
                names[department_id] = name
                missing[department_id].append(row["code"])
    # One goal per late update: late_updates lists it under each lead department of today.
    goals = {update.goal.pk: update.goal for update in late}.values()
    for goal in sorted(goals, key=lambda goal: (goal.order, goal.pk)):
        for department_id, name in leads[goal.pk]:
            names[department_id] = name
            late_codes[department_id].append(goal.code)
    position = {pk: index for index, pk in enumerate(order)}
    return [
        LateDepartment(name=names[pk], missing=missing[pk], late=late_codes[pk])
        for pk in sorted(names, key=lambda pk: position.get(pk, len(position)))
    ]
