"""
Read-side queries shared by pages: which plan and quarter a page shows, each
goal's state as of a quarter, and the figures dashboards add up from them.

Every function takes querysets already narrowed by ``visible_to(user)`` and
runs a fixed number of queries, whatever the number of goals or departments.
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import (
    Case,
    CharField,
    Exists,
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
from django.urls import reverse
from django.utils import timezone

from .choices import GoalState, OwnerRole, PlanState, ReviewState, UpdateStatus
from .models import (
    Department,
    Goal,
    GoalDepartment,
    Leader,
    Plan,
    QuarterlyUpdate,
    ReportingPeriod,
    Section,
)
from .periods import Quarter, current_quarter, default_due_date

FOLLOWED_STATES = (PlanState.ACTIVE, PlanState.ARCHIVED)


def followed_plans():
    """
    Plans that dashboards follow: published ones, the active plan of a year
    first. Without their source text, which no page shows and every page with
    a period picker would otherwise read.
    """
    return (
        Plan.objects.filter(state__in=FOLLOWED_STATES)
        .order_by("-year", "state", "pk")
        .defer("source_text")
    )


def plan_for_year(year: int | None) -> Plan | None:
    """The plan a dashboard shows for ``year`` (its active plan), else the latest one."""
    plans = followed_plans()
    if year is not None:
        plans = plans.filter(year=year)
    return pick_plan(list(plans), year)


def pick_plan(plans: list[Plan], year: int | None) -> Plan | None:
    """
    ``plan_for_year``'s choice among ``plans`` (followed plans in their
    order, already read): a page that also lists the years reads them once.
    """
    if year is not None:
        plans = [plan for plan in plans if plan.year == year]
    else:
        active = next((plan for plan in plans if plan.state == PlanState.ACTIVE), None)
        if active is not None:
            return active
    return plans[0] if plans else None


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


# Updates that have been sent to the supervision office: they count as reported.
SENT = (ReviewState.SUBMITTED, ReviewState.APPROVED)


def with_state(goals, period: Quarter):
    """
    Annotate goals with their state as of ``period``, as leaders see it: only
    approved updates (已审核) count towards the figures.

    - ``period_review``: the review state of the quarter's update, if there is one;
    - ``period_status`` / ``period_submitted_at``: the quarter's update once it has
      been sent (submitted or approved), else NULL: the goal reported this quarter;
    - ``percent``: the share done in the latest approved update up to the quarter;
    - ``state``: the status of the quarter's approved update; ``pending`` (待审核)
      while it waits for review; else ``completed`` if an approved update of an
      earlier quarter completed the goal (it need not report again); else
      ``missing`` (未报送). A draft or a returned update has not been sent.

    ``quarter_states`` applies the same rule in Python to several quarters at once.
    """
    # No default ordering in the subqueries: it would join goals and plans in
    # each one (QuarterlyUpdate is ordered by goal), for rows that are unique.
    updates = QuarterlyUpdate.objects.filter(goal=OuterRef("pk")).order_by()
    this_quarter = updates.filter(year=period.year, quarter=period.quarter)
    sent = this_quarter.filter(review_state__in=SENT)
    approved_up_to = updates.filter(
        Q(year__lt=period.year) | Q(year=period.year, quarter__lte=period.quarter),
        review_state=ReviewState.APPROVED,
    ).order_by("-year", "-quarter")
    quarter_state = sent.annotate(
        goal_state=Case(
            When(review_state=ReviewState.APPROVED, then=F("status")),
            default=Value(GoalState.PENDING.value),
        )
    ).values("goal_state")[:1]
    return goals.annotate(
        period_review=Subquery(this_quarter.values("review_state")[:1]),
        period_status=Subquery(sent.values("status")[:1]),
        period_submitted_at=Subquery(sent.values("submitted_at")[:1]),
        latest_status=Subquery(approved_up_to.values("status")[:1]),
        percent=Coalesce(
            Subquery(approved_up_to.values("percent_complete")[:1]),
            Value(0),
            output_field=IntegerField(),
        ),
    ).annotate(
        state=Coalesce(
            Subquery(quarter_state),
            Case(
                When(latest_status=UpdateStatus.COMPLETED, then=Value(GoalState.COMPLETED.value)),
                default=Value(GoalState.MISSING.value),
            ),
            output_field=CharField(),
        )
    )


def quarter_states(updates, quarters: list[Quarter]) -> list[tuple[str, int, bool]]:
    """
    A goal's ``(state, percent, reported)`` for each of ``quarters`` (oldest
    first), from its sent updates up to the last of them as ``(year, quarter,
    status, percent_complete, review_state)`` tuples, oldest first: the rule
    of ``with_state``, for the trend over a year without a query per quarter.
    Runs once per goal on the dashboard, hence the plain integers.
    """
    result = []
    position, latest_status, latest_percent = 0, None, 0
    for quarter in quarters:
        key = (quarter.year, quarter.quarter)
        own = None
        while position < len(updates) and (updates[position][0], updates[position][1]) <= key:
            year, number, status, percent, review = updates[position]
            if (year, number) == key:
                own = (status, review)
            if review == ReviewState.APPROVED:
                latest_status, latest_percent = status, percent
            position += 1
        if own is not None:
            state = own[0] if own[1] == ReviewState.APPROVED else GoalState.PENDING.value
        elif latest_status == UpdateStatus.COMPLETED:
            state = GoalState.COMPLETED.value
        else:
            state = GoalState.MISSING.value
        result.append((state, latest_percent, own is not None))
    return result


@dataclass
class Tally:
    """Counts of goals by state, with the figures every dashboard row shows."""

    total: int = 0
    states: Counter = field(default_factory=Counter)
    reported: int = 0
    on_time: int = 0
    percent_sum: int = 0

    def add(self, row: dict) -> None:
        """Count one goal: a row of ``with_state`` (``on_time`` optional)."""
        self.count(
            row["state"], row["percent"], row["period_status"] is not None, row.get("on_time")
        )

    def count(self, state: str, percent: int, reported: bool, on_time: bool = False) -> None:
        self.total += 1
        self.states[state] += 1
        self.percent_sum += percent
        if reported:
            self.reported += 1
            if on_time:
                self.on_time += 1

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
    def on_time_rate(self) -> int | None:
        """The share of the goals that had to report whose update came in by the due date."""
        if not self.expected:
            return None
        return round(100 * self.on_time / self.expected)

    @property
    def average_percent(self) -> int | None:
        if not self.total:
            return None
        return round(self.percent_sum / self.total)

    @property
    def completion_rate(self) -> int | None:
        """The share of goals completed (完成率), by approved updates."""
        if not self.total:
            return None
        return self.share(GoalState.COMPLETED)

    @property
    def going_well_share(self) -> int:
        """The share completed or on track: the trend's headline line."""
        if not self.total:
            return 0
        going_well = self.states[GoalState.COMPLETED] + self.states[GoalState.ON_TRACK]
        return round(100 * going_well / self.total)

    @property
    def pending(self) -> int:
        return self.states[GoalState.PENDING]

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
    GoalState.PENDING,
    GoalState.MISSING,
)

# How many red goals (滞后) the dashboard lists; the rest are a click away.
RED_GOALS_SHOWN = 10


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
    trend: list[tuple[Quarter, Tally]] = field(default_factory=list)
    red_goals: list[dict] = field(default_factory=list)
    due_date: datetime.date | None = None


def period_due_date(plan: Plan, period: Quarter) -> datetime.date:
    """
    When the quarter's reports are due: the reporting period's due date if the
    supervision office has set one, else the plan's due day of the quarter's
    last month (the 31st becomes the 30th in June).
    """
    due = (
        ReportingPeriod.objects.filter(plan=plan, year=period.year, quarter=period.quarter)
        .values_list("due_date", flat=True)
        .first()
    )
    return due if due is not None else default_due_date(plan, period.quarter)


def _state_rows(goals, period: Quarter, due_date: datetime.date | None = None) -> list[dict]:
    rows = list(
        with_state(goals, period).values(
            "pk", "section_id", "order", "state", "percent", "period_status", "period_submitted_at"
        )
    )
    for row in rows:
        submitted = row["period_submitted_at"]
        row["on_time"] = (
            due_date is not None
            and submitted is not None
            and timezone.localtime(submitted).date() <= due_date
        )
    return rows


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


def owner_links(goals) -> list[tuple[int, int, str, str]]:
    """``(goal_id, department_id, role, department name)`` for every owner of ``goals``."""
    return [
        (goal_id, department_id, role, short_name or name)
        for goal_id, department_id, role, short_name, name in GoalDepartment.objects.filter(
            goal__in=goals
        )
        .order_by("goal_id", "order", "pk")
        .values_list(
            "goal_id", "department_id", "role", "department__short_name", "department__name"
        )
    ]


def department_summaries(departments, goals, rows: list[dict], links=None) -> list[dict]:
    """
    One row per department: how the goals it leads stand this quarter, and
    how many it supports. Shaped as dicts for a django-tables2 table.
    """
    row_of = {row["pk"]: row for row in rows}
    lead_tally: dict[int, Tally] = defaultdict(Tally)
    supported: Counter = Counter()
    if links is None:
        links = owner_links(goals)
    for goal_id, department_id, role, _name in links:
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
                "on_time": tally.on_time,
                "on_time_rate": tally.on_time_rate,
                "completion_rate": tally.completion_rate,
                "average_percent": tally.average_percent,
                **{state.value: tally.states[state] for state in DISPLAY_ORDER},
                "tally": tally,
            }
        )
    return result


def quarter_trend(goals, period: Quarter, rows: list[dict]) -> list[tuple[Quarter, Tally]]:
    """
    The tallies of ``rows``' goals for each quarter of the year up to
    ``period``, read from one query of their sent updates.
    """
    quarters = [Quarter(period.year, q) for q in range(1, period.quarter + 1)]
    updates = defaultdict(list)
    sent = (
        QuarterlyUpdate.objects.filter(goal__in=goals, review_state__in=SENT)
        .filter(Q(year__lt=period.year) | Q(year=period.year, quarter__lte=period.quarter))
        .order_by("goal_id", "year", "quarter")
        .values_list("goal_id", "year", "quarter", "status", "percent_complete", "review_state")
    )
    for goal_id, *update in sent:
        updates[goal_id].append(update)
    tallies = [Tally() for _quarter in quarters]
    for row in rows:
        states = quarter_states(updates.get(row["pk"], ()), quarters)
        for tally, (state, percent, reported) in zip(tallies, states, strict=True):
            tally.count(state, percent, reported)
    return list(zip(quarters, tallies, strict=True))


def red_goals(period: Quarter, rows: list[dict], links, limit: int = RED_GOALS_SHOWN) -> list[dict]:
    """
    The goals behind schedule (滞后, red) this quarter, furthest behind first,
    with the problems (存在问题) their approved update gives and their lead
    departments: at most ``limit``, in one query.
    """
    red = sorted(
        (row for row in rows if row["state"] == GoalState.BEHIND),
        key=lambda row: (row["percent"], row["order"], row["pk"]),
    )[:limit]
    if not red:
        return []
    problems = (
        QuarterlyUpdate.objects.filter(
            goal=OuterRef("pk"), year=period.year, quarter=period.quarter
        )
        .order_by()
        .values("problems")[:1]
    )
    details = {
        goal["pk"]: goal
        for goal in Goal.objects.filter(pk__in=[row["pk"] for row in red])
        .annotate(problems=Subquery(problems))
        .values("pk", "code", "title", "problems")
    }
    leads = defaultdict(list)
    for goal_id, _department_id, role, name in links:
        if role == OwnerRole.LEAD and goal_id in details:
            leads[goal_id].append(name)
    return [
        {
            **details[row["pk"]],
            "percent": row["percent"],
            "leads": leads[row["pk"]],
            "url": reverse("targets:goal_detail", args=[row["pk"]]),
        }
        for row in red
    ]


def dashboard(plan: Plan, period: Quarter, goals, departments) -> DashboardData:
    """The dashboard figures for ``goals`` (already visible to the user) as of ``period``."""
    goals = goals.filter(plan=plan).active()
    due_date = period_due_date(plan, period)
    rows = _state_rows(goals, period, due_date)
    links = owner_links(goals)
    overall = Tally()
    for row in rows:
        overall.add(row)
    return DashboardData(
        overall=overall,
        sections=section_summaries(plan, rows),
        departments=department_summaries(departments, goals, rows, links),
        trend=quarter_trend(goals, period, rows),
        red_goals=red_goals(period, rows, links),
        due_date=due_date,
    )


def department_goals(department: Department, plan: Plan, period: Quarter, goals):
    """
    The department's goals in ``plan`` with their state as of ``period`` and
    the department's role in each (``department_role``: lead or support).
    """
    role = GoalDepartment.objects.filter(goal=OuterRef("pk"), department=department).order_by()
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


def plan_goals(plan: Plan, period: Quarter, goals):
    """
    ``goals`` of ``plan`` with their state as of ``period`` and the text of
    the quarter's sent update (``period_progress``, ``period_problems``), for
    the plan-wide goal lists (the dashboard's drill-down, a leader's page).
    """
    sent = QuarterlyUpdate.objects.filter(
        goal=OuterRef("pk"), year=period.year, quarter=period.quarter, review_state__in=SENT
    ).order_by()
    return (
        with_state(goals.filter(plan=plan).active(), period)
        .annotate(
            period_progress=Subquery(sent.values("progress")[:1]),
            period_problems=Subquery(sent.values("problems")[:1]),
        )
        .select_related("section")
        .prefetch_related(
            Prefetch("assignments", queryset=GoalDepartment.objects.select_related("department"))
        )
    )


def goals_tally(goals) -> Tally:
    """The state counts of annotated ``goals`` (one query)."""
    tally = Tally()
    for row in goals.values("pk", "state", "percent", "period_status"):
        tally.add(row)
    return tally


def leader_goals(leader: Leader, plan: Plan, goals):
    """
    The goals of ``plan`` among ``goals`` that ``leader`` is responsible for
    (责任领导): those that name the leader, and those that name no leader of
    their own under a section whose nearest leaders (its own, else its
    parent's…) include the leader. Two queries' worth: the sections here,
    the goals when the result is read.
    """
    named: dict[int, set[int]] = defaultdict(set)
    parent_of: dict[int, int | None] = {}
    for pk, parent_id, leader_id in plan.sections.values_list("pk", "parent_id", "leaders"):
        parent_of[pk] = parent_id
        if leader_id is not None:
            named[pk].add(leader_id)

    def nearest_leaders(pk):
        depth = 0
        while pk is not None and not named.get(pk) and depth < 50:
            pk, depth = parent_of.get(pk), depth + 1
        return named.get(pk, set()) if pk is not None else set()

    sections = [pk for pk in parent_of if leader.pk in nearest_leaders(pk)]
    goal_leaders = Goal.leaders.through.objects.filter(goal=OuterRef("pk"))
    return (
        goals.filter(plan=plan)
        .active()
        .filter(
            Q(Exists(goal_leaders.filter(leader=leader)))
            | Q(~Exists(goal_leaders), section_id__in=sections)
        )
    )
