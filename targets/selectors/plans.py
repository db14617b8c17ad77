"""
Which plan and quarter a page shows: the plans dashboards follow, a year's
plan, the quarter a page opens on and the quarters that can be reported.
"""

from __future__ import annotations

from ..choices import PlanState
from ..models import Plan, QuarterlyUpdate
from ..periods import Quarter, current_quarter

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
