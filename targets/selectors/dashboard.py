"""
The dashboard's figures (领导驾驶舱) for one plan and quarter: the overall
tally, each chapter's and each department's, the trend over the year and the
goals furthest behind. Everything is added up in Python from one row per goal
(``states.with_state``), so a page runs a fixed number of queries whatever the
number of goals or departments.

Every function takes querysets already narrowed by ``visible_to(user)``.
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone

from ..choices import GoalState, OwnerRole
from ..models import Goal, GoalDepartment, Plan, QuarterlyUpdate, Section
from ..periods import Quarter
from .periods import period_due_date
from .states import DISPLAY_ORDER, SENT, Tally, quarter_states, with_state

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
