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
from itertools import groupby
from operator import itemgetter

from django.db.models import OuterRef, Q, Subquery
from django.urls import reverse

from ..choices import GoalState, OwnerRole, ReviewState
from ..models import Goal, GoalDepartment, Plan, QuarterlyUpdate, Section
from ..periods import Quarter
from .organisation import owner_links_as_of
from .periods import period_due_date
from .states import (
    DISPLAY_ORDER,
    SENT,
    Tally,
    quarter_key,
    quarter_of,
    quarter_state_tuples,
    state_rows,
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


def tallies_by_section(rows: list[dict], reporting=None) -> dict[int | None, Tally]:
    """
    The tally of each section's own goals (not its subsections'), None's
    for the goals outside any section. ``reporting`` as for ``section_summaries``.
    """
    own: dict[int | None, Tally] = defaultdict(Tally)
    for row in rows:
        own[row["section_id"]].add(row, reporting=reporting is None or row["pk"] in reporting)
    return own


def section_summaries(
    plan: Plan, rows: list[dict], reporting=None, max_depth: int = 1, own=None
) -> list[SectionSummary]:
    """
    Tallies for the top ``max_depth + 1`` levels of the section tree; a
    section's tally covers every goal in its subtree. ``reporting``: the goal
    ids whose reporting counts (None: all). ``own``: ``tallies_by_section`` of
    the same rows, when the caller has it.
    """
    sections = list(plan.sections.all())
    parent_of = {s.pk: s.parent_id for s in sections}
    depth_of = Section.depths(parent_of)
    # Each section's own goals first, then each section's tally added to its
    # ancestors': a merge per section and level, not an add per goal and level.
    if own is None:
        own = tallies_by_section(rows, reporting)
    tallies: dict[int, Tally] = defaultdict(Tally)
    for pk, tally in own.items():
        while pk is not None:
            tallies[pk].merge(tally)
            pk = parent_of.get(pk)
    return [
        SectionSummary(section=s, depth=depth_of[s.pk], tally=tallies[s.pk])
        for s in sections
        if depth_of[s.pk] <= max_depth and tallies[s.pk].total
    ]


def owner_links(goals, day: datetime.date | None = None) -> list[tuple[int, int, str, str]]:
    """
    ``(goal_id, department_id, role, department name)`` for every owner of
    ``goals``: today's, or as they stood on ``day`` across reorganisations
    (``organisation.owner_links_as_of``).
    """
    if day is not None:
        return owner_links_as_of(goals, day)
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


def led_by(links, department_id: int) -> set[int]:
    """The ids of the goals ``department_id`` leads, among ``owner_links``."""
    return {
        goal_id
        for goal_id, owner, role, _name in links
        if owner == department_id and role == OwnerRole.LEAD
    }


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
        result.append(_department_row(department, tally, supported[department.pk]))
    return result


def _department_row(department, tally: Tally, supported: int) -> dict:
    return {
        "department": department,
        # The name it went by in the quarter, when the departments come as they stood then.
        "name": getattr(department, "label_then", None) or str(department),
        "lead": tally.total,
        "support": supported,
        "reported": tally.reported,
        "expected": tally.expected,
        "submission_rate": tally.submission_rate,
        "on_time": tally.on_time,
        "on_time_rate": tally.on_time_rate,
        "completion_rate": tally.completion_rate,
        "average_percent": tally.average_percent,
        "pending": tally.pending,
        "missing": tally.missing,
        **{state.value: tally.states[state] for state in DISPLAY_ORDER},
        "tally": tally,
    }


def quarter_trend(goals, period: Quarter, rows: list[dict], reporting=None):
    """
    The tallies of ``rows``' goals for each quarter of the year up to
    ``period``, read from one query of their sent updates, as
    ``[(quarter, tally), …]``. ``reporting`` as for ``section_summaries``.
    """
    quarters = [Quarter(period.year, q) for q in range(1, period.quarter + 1)]
    sent = (
        QuarterlyUpdate.objects.filter(goal__in=goals, review_state__in=SENT)
        .filter(Q(year__lt=period.year) | Q(year=period.year, quarter__lte=period.quarter))
        .order_by("goal_id", "year", "quarter")
        .values_list("goal_id", "year", "quarter", "status", "percent_complete", "review_state")
    )
    # Each goal's updates as quarter_state_tuples takes them (the query's order groups them).
    updates = {
        goal_id: [update[1:] for update in group]
        for goal_id, group in groupby(sent, key=itemgetter(0))
    }
    keys = [quarter_key(quarter) for quarter in quarters]
    # Each quarter's goals counted by what their tally tells apart — (state,
    # carried, report, reporting counts) — and their shares done summed; the
    # tallies are made from these counts at the end, not goal by goal.
    kinds = [Counter() for _quarter in quarters]
    percent_sums = [0] * len(quarters)
    no_updates = quarter_state_tuples((), keys)  # the same for every goal never reported
    for row in rows:
        counted = reporting is None or row["pk"] in reporting
        goal_updates = updates.get(row["pk"])
        states = quarter_state_tuples(goal_updates, keys) if goal_updates else no_updates
        for index, ((state, since, percent, report), key, kind) in enumerate(
            zip(states, keys, kinds, strict=True)
        ):
            kind[state, since is not None and since < key, report, counted] += 1
            percent_sums[index] += percent
    tallies = [
        _tally_of(counts, percent_sum)
        for counts, percent_sum in zip(kinds, percent_sums, strict=True)
    ]
    return list(zip(quarters, tallies, strict=True))


def _tally_of(kinds: Counter, percent_sum: int) -> Tally:
    """
    The ``Tally`` of goals counted by ``(state, carried, report, reporting
    counts)``, as ``Tally.count`` would make it goal by goal (none on time:
    the trend does not count it).
    """
    tally = Tally(percent_sum=percent_sum)
    for (state, carried, report, counted), number in kinds.items():
        tally.total += number
        tally.states[state] += number
        if carried:
            tally.carried += number
        if counted:
            tally.reports[report] += number
    return tally


def red_goals(period: Quarter, rows: list[dict], links, limit: int = RED_GOALS_SHOWN) -> list[dict]:
    """
    The goals behind schedule (滞后, red) as of ``period``, furthest behind
    first, with the quarter their state comes from, the problems (存在问题) of
    the approved update behind it and their lead departments: at most
    ``limit`` (None: all), in one query.
    """
    red = sorted(
        (row for row in rows if row["state"] == GoalState.BEHIND),
        key=lambda row: (row["percent"], row["order"], row["pk"]),
    )[:limit]
    if not red:
        return []
    problems = (
        QuarterlyUpdate.objects.filter(
            Q(year__lt=period.year) | Q(year=period.year, quarter__lte=period.quarter),
            goal=OuterRef("pk"),
            review_state=ReviewState.APPROVED,
        )
        .order_by("-year", "-quarter")
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
            "since": quarter_of(row["state_since"]),
            "carried": row["carried"],
            "leads": leads[row["pk"]],
            "url": reverse("targets:goal_detail", args=[row["pk"]]),
        }
        for row in red
    ]


def dashboard(plan: Plan, period: Quarter, goals, departments, reporter=None) -> DashboardData:
    """
    The dashboard figures for ``goals`` (already visible to the user) as of
    ``period``. ``reporter``: the department whose figures these are (a staff
    member's dashboard), whose reporting counts only the goals it leads; None
    for the whole plan. Who led and supported each goal is read as it stood
    at the quarter's end (``organisation``): a quarter before a merge ranks
    the units that reported then; ``departments`` should be those that stood
    then (``organisation.departments_standing``).
    """
    goals = goals.filter(plan=plan).active()
    due_date = period_due_date(plan, period)
    rows = state_rows(goals, period, due_date)
    links = owner_links(goals, period.last_day)
    reporting = None if reporter is None else led_by(links, reporter.pk)
    # The whole plan's tally is its sections' own tallies added up: the goals
    # are counted once, for the sections, not a second time for the total.
    own = tallies_by_section(rows, reporting)
    overall = Tally()
    for tally in own.values():
        overall.merge(tally)
    return DashboardData(
        overall=overall,
        sections=section_summaries(plan, rows, reporting, own=own),
        departments=department_summaries(departments, goals, rows, links),
        trend=quarter_trend(goals, period, rows, reporting),
        red_goals=red_goals(period, rows, links),
        due_date=due_date,
    )
