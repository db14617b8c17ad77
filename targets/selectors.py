"""
Read-side queries shared by pages: which plan and quarter a page shows, each
goal's state as of a quarter, and the figures dashboards add up from them.

Every function takes querysets already narrowed by ``visible_to(user)`` and
runs a fixed number of queries, whatever the number of goals or departments.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import (
    Case,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from .choices import GoalState, OwnerRole, PlanState, UpdateStatus
from .models import Department, Goal, GoalDepartment, Plan, QuarterlyUpdate, Section
from .periods import Quarter, current_quarter

FOLLOWED_STATES = (PlanState.ACTIVE, PlanState.ARCHIVED)


def followed_plans():
    """Plans that dashboards follow: published ones, the active plan of a year first."""
    return Plan.objects.filter(state__in=FOLLOWED_STATES).order_by("-year", "state", "pk")


def plan_for_year(year: int | None) -> Plan | None:
    """The plan a dashboard shows for ``year`` (its active plan), else the latest one."""
    plans = followed_plans()
    if year is not None:
        plans = plans.filter(year=year)
    else:
        active = plans.filter(state=PlanState.ACTIVE).first()
        if active is not None:
            return active
    return plans.first()


def default_quarter(plan: Plan) -> Quarter:
    """
    The quarter a page opens on: the current one during the plan's year;
    for a past year, the last quarter anyone reported on (Q4 if none).
    """
    today = current_quarter()
    if plan.year == today.year:
        return today
    if plan.year > today.year:
        return Quarter(plan.year, 1)
    last = (
        QuarterlyUpdate.objects.filter(goal__plan=plan, year=plan.year)
        .order_by("-quarter")
        .values_list("quarter", flat=True)
        .first()
    )
    return Quarter(plan.year, last or 4)


def reportable_quarters(plan: Plan) -> list[Quarter]:
    """
    The quarters progress can be reported for: those of the plan's year up to
    today's. Work that runs into the next year belongs to the next year's plan.
    """
    today = current_quarter()
    return [Quarter(plan.year, q) for q in (1, 2, 3, 4) if Quarter(plan.year, q) <= today]


def with_state(goals, period: Quarter):
    """
    Annotate goals with their state as of ``period``:

    - ``period_status`` / ``period_submitted_at``: the quarter's own update, if any;
    - ``percent``: the share done in the latest update up to the quarter (cumulative);
    - ``state``: the quarter's status, or ``completed`` for a goal finished in an
      earlier quarter (it need not report again), or ``missing`` (未报送).
    """
    updates = QuarterlyUpdate.objects.filter(goal=OuterRef("pk"))
    this_quarter = updates.filter(year=period.year, quarter=period.quarter)
    up_to = updates.filter(
        Q(year__lt=period.year) | Q(year=period.year, quarter__lte=period.quarter)
    ).order_by("-year", "-quarter")
    return goals.annotate(
        period_status=Subquery(this_quarter.values("status")[:1]),
        period_submitted_at=Subquery(this_quarter.values("submitted_at")[:1]),
        latest_status=Subquery(up_to.values("status")[:1]),
        percent=Coalesce(
            Subquery(up_to.values("percent_complete")[:1]), Value(0), output_field=IntegerField()
        ),
    ).annotate(
        state=Case(
            When(period_status__isnull=False, then=F("period_status")),
            When(latest_status=UpdateStatus.COMPLETED, then=Value(GoalState.COMPLETED.value)),
            default=Value(GoalState.MISSING.value),
        )
    )


@dataclass
class Tally:
    """Counts of goals by state, with the figures every dashboard row shows."""

    total: int = 0
    states: Counter = field(default_factory=Counter)
    reported: int = 0
    percent_sum: int = 0

    def add(self, row: dict) -> None:
        self.total += 1
        self.states[row["state"]] += 1
        self.percent_sum += row["percent"]
        if row["period_status"] is not None:
            self.reported += 1

    @property
    def expected(self) -> int:
        """Goals that had to report this quarter: all but those finished earlier."""
        return self.reported + self.states[GoalState.MISSING]

    @property
    def submission_rate(self) -> int | None:
        if not self.expected:
            return None
        return round(100 * self.reported / self.expected)

    @property
    def average_percent(self) -> int | None:
        if not self.total:
            return None
        return round(self.percent_sum / self.total)

    def share(self, state) -> int:
        if not self.total:
            return 0
        return round(100 * self.states[state] / self.total)

    def segments(self) -> list[dict]:
        """The states in display order with counts and shares, for stacked bars and legends."""
        return [
            {"state": state, "count": self.states[state], "share": self.share(state)}
            for state in DISPLAY_ORDER
        ]


DISPLAY_ORDER = (
    GoalState.COMPLETED,
    GoalState.ON_TRACK,
    GoalState.AT_RISK,
    GoalState.BEHIND,
    GoalState.NOT_STARTED,
    GoalState.MISSING,
)


@dataclass
class SectionSummary:
    section: Section
    depth: int
    tally: Tally


@dataclass
class DashboardData:
    """Everything ``/dashboard/`` shows for one plan and quarter."""

    overall: Tally
    sections: list[SectionSummary]
    departments: list[dict]


def _state_rows(goals, period: Quarter) -> list[dict]:
    return list(
        with_state(goals, period).values("pk", "section_id", "state", "percent", "period_status")
    )


def section_summaries(plan: Plan, rows: list[dict], max_depth: int = 1) -> list[SectionSummary]:
    """
    Tallies for the top ``max_depth + 1`` levels of the section tree; a
    section's tally covers every goal in its subtree.
    """
    sections = list(plan.sections.all())
    parent_of = {s.pk: s.parent_id for s in sections}
    depth_of: dict[int, int] = {}

    def depth(pk):
        if pk not in depth_of:
            parent = parent_of.get(pk)
            depth_of[pk] = 0 if parent is None else depth(parent) + 1
        return depth_of[pk]

    tallies: dict[int, Tally] = defaultdict(Tally)
    for row in rows:
        pk = row["section_id"]
        while pk is not None:
            tallies[pk].add(row)
            pk = parent_of.get(pk)
    return [
        SectionSummary(section=s, depth=depth(s.pk), tally=tallies[s.pk])
        for s in sections
        if depth(s.pk) <= max_depth and tallies[s.pk].total
    ]


def department_summaries(departments, goals, rows: list[dict]) -> list[dict]:
    """
    One row per department: how the goals it leads stand this quarter, and
    how many it supports. Shaped as dicts for a django-tables2 table.
    """
    row_of = {row["pk"]: row for row in rows}
    lead_tally: dict[int, Tally] = defaultdict(Tally)
    supported: Counter = Counter()
    links = GoalDepartment.objects.filter(goal__in=goals).values_list(
        "goal_id", "department_id", "role"
    )
    for goal_id, department_id, role in links:
        row = row_of.get(goal_id)
        if row is None:
            continue
        if role == OwnerRole.LEAD:
            lead_tally[department_id].add(row)
        else:
            supported[department_id] += 1
    result = []
    for department in departments:
        tally = lead_tally[department.pk]
        if not tally.total and not supported[department.pk]:
            continue
        result.append(
            {
                "department": department,
                "name": str(department),
                "lead": tally.total,
                "support": supported[department.pk],
                "reported": tally.reported,
                "submission_rate": tally.submission_rate,
                "average_percent": tally.average_percent,
                "completed": tally.states[GoalState.COMPLETED],
                "on_track": tally.states[GoalState.ON_TRACK],
                "at_risk": tally.states[GoalState.AT_RISK],
                "behind": tally.states[GoalState.BEHIND],
                "not_started": tally.states[GoalState.NOT_STARTED],
                "missing": tally.states[GoalState.MISSING],
                "tally": tally,
            }
        )
    return result


def dashboard(plan: Plan, period: Quarter, goals, departments) -> DashboardData:
    """The dashboard figures for ``goals`` (already visible to the user) as of ``period``."""
    goals = goals.filter(plan=plan).active()
    rows = _state_rows(goals, period)
    overall = Tally()
    for row in rows:
        overall.add(row)
    return DashboardData(
        overall=overall,
        sections=section_summaries(plan, rows),
        departments=department_summaries(departments, goals, rows),
    )


def department_goals(department: Department, plan: Plan, period: Quarter, goals):
    """
    The department's goals in ``plan`` with their state as of ``period`` and
    the department's role in each (``department_role``: lead or support).
    """
    role = GoalDepartment.objects.filter(goal=OuterRef("pk"), department=department)
    return (
        with_state(goals.filter(plan=plan).active().of_department(department), period)
        .annotate(department_role=Subquery(role.values("role")[:1]))
        .select_related("section")
        .prefetch_related(
            Prefetch("assignments", queryset=GoalDepartment.objects.select_related("department"))
        )
    )


def department_tally(goals) -> Tally:
    """The state counts of the goals a department leads (one query)."""
    tally = Tally()
    for row in goals.filter(department_role=OwnerRole.LEAD).values(
        "pk", "state", "percent", "period_status"
    ):
        tally.add(row)
    return tally


def goal_timeline(goal: Goal):
    """The goal's updates, newest first, with their actual values and who submitted them."""
    return (
        goal.updates.order_by("-year", "-quarter")
        .select_related("submitted_by")
        .prefetch_related("actuals__indicator")
    )
