"""
Which plan and quarter a page shows: the plans dashboards follow, a year's
plan, the quarter a page opens on and the quarters that can be reported.
"""

from __future__ import annotations

from django.db.models import F, FilteredRelation, Q
from django.utils import timezone

from ..choices import PeriodState, PlanState
from ..models import Plan, ReportingPeriod, Section
from ..periods import Quarter, current_quarter, default_due_date
from .compiled import VALUE, compiled

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


def default_quarter(plan: Plan, periods: dict | None = None) -> Quarter:
    """
    The quarter a page opens on: where the work is. Periods are closed in
    turn, so the work is after the last closed one: among the quarters begun
    since, the one due next (its due date not passed: Q3's reports in early
    October, before anyone looks at Q4), else the latest of them. When the
    last quarter begun is closed (the year's end), that one; a plan whose year
    has not begun opens on its first quarter. Neither the calendar's quarter
    nor the last one with reports: staff land on the period that takes their
    reports. One query, none when the caller has read the plan's periods of
    its year (``periods``: quarter -> (state, due date)).
    """
    today = current_quarter()
    begun = [q for q in (1, 2, 3, 4) if Quarter(plan.year, q) <= today]
    if not begun:
        return Quarter(plan.year, 1)
    if periods is None:
        periods = {
            quarter: (state, due)
            for quarter, state, due in ReportingPeriod.objects.filter(
                plan=plan, year=plan.year
            ).values_list("quarter", "state", "due_date")
        }
    closed = [q for q in begun if periods.get(q, (None,))[0] == PeriodState.CLOSED]
    after = [q for q in begun if q > max(closed, default=0)]
    if not after:
        return Quarter(plan.year, max(begun))
    day = timezone.localdate()
    coming = [
        q for q in after if (periods[q][1] if q in periods else default_due_date(plan, q)) >= day
    ]
    return Quarter(plan.year, min(coming) if coming else max(after))


def reportable_quarters(plan: Plan) -> list[Quarter]:
    """
    The quarters progress can be reported for: those of the plan's year up to
    today's. Work that runs into the next year belongs to the next year's plan.
    """
    today = current_quarter()
    return [Quarter(plan.year, q) for q in (1, 2, 3, 4) if Quarter(plan.year, q) <= today]


def followed_plan_rows(annotations=None, *, with_periods: bool = False) -> list[Plan]:
    """
    ``followed_plans()`` as a list, by SQL compiled once per process
    (``selectors.compiled``): every page with a period picker reads them, and
    building the query cost more than running it (the cockpit's five fingerprint
    columns most). ``annotations``: more columns read with them, under names that
    stand for the same SQL for the process's life (the cockpit's fingerprint);
    ``with_periods``: a row per reporting period of the plan's own year
    (``followed_plans_with_periods``).
    """

    def build():
        rows = followed_plans()
        if annotations:
            rows = rows.annotate(**annotations)
        if with_periods:
            rows = rows.annotate(
                own_year=FilteredRelation("periods", condition=Q(periods__year=F("year"))),
                period_quarter=F("own_year__quarter"),
                period_state=F("own_year__state"),
                period_due=F("own_year__due_date"),
            )
        return rows

    key = ("followed plans", with_periods, tuple(sorted(annotations or ())))
    return compiled(key, build, constant=True).rows()


def followed_plans_with_periods(annotations=None) -> tuple[list[Plan], dict[int, dict]]:
    """
    ``followed_plans()`` and each one's reporting periods of its own year, as
    ``default_quarter`` takes them (quarter -> (state, due date)), in one
    query rather than two: every page with a period picker asks for both.
    ``annotations``: more columns the page reads with them (the cockpit's fingerprint).
    """
    rows = followed_plan_rows(annotations, with_periods=True)
    plans, periods = [], {}
    for row in rows:  # a plan's rows are side by side: its pk is last in the order
        if row.pk not in periods:
            plans.append(row)
            periods[row.pk] = {}
        if row.period_quarter is not None:
            periods[row.pk][row.period_quarter] = (row.period_state, row.period_due)
    return plans, periods


def plan_sections(plan: Plan) -> list[Section]:
    """
    The plan's sections in their order (``order``, then id: ``Section.Meta.ordering``
    within one plan, without joining the plan to sort by it), as the goal lists'
    filters offer them. Compiled once per process (``selectors.compiled``) and run
    with the plan's id: a department's page asks on every rendering.
    """
    return compiled(
        ("plan sections",),
        lambda: Section.objects.filter(plan_id=VALUE).order_by("order", "pk"),
    ).rows(plan.pk)
