"""
The year's end, the reads: whether a plan's year is closed, each goal's
state after the last quarter with the final result Luoshi suggests and the
one the office confirmed, the last approved value of each indicator, and a
goal's line across the years it was carried through.

The state is the one rule every page counts by (``states.with_state`` as of
the year's last quarter); the suggestion follows from it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Prefetch

from ..choices import CARRIED_RESULTS, GoalResult, GoalState, PlanState, ReviewState, YearState
from ..models import (
    Goal,
    GoalCarryOver,
    GoalDepartment,
    GoalOutcome,
    IndicatorActual,
    Plan,
    YearEnd,
)
from ..periods import Quarter
from .plans import reportable_quarters
from .states import with_state

# A goal this far done (share done, or every target's progress) is 基本完成.
MOSTLY_PERCENT = 90
# Deadlines as written that say the work goes on past the year (持续推进, 长期坚持).
ONGOING_WORDS = ("持续", "长期", "常态", "每年")


def year_end_of(plan: Plan) -> YearEnd | None:
    """The plan's year's end, or None while nobody has closed it."""
    return YearEnd.objects.filter(plan=plan).first()


def is_year_closed(plan: Plan) -> bool:
    """
    Whether the plan's year is closed: one query, none when the plan was read
    with its year's end (``select_related("plan__year_end")``), as the pages
    that write a goal's reports read it.
    """
    if "year_end" in plan._state.fields_cache:
        year_end = plan._state.fields_cache["year_end"]
        return year_end is not None and year_end.is_closed
    return YearEnd.objects.filter(plan_id=plan.pk, state=YearState.CLOSED).exists()


def last_quarter(plan: Plan) -> Quarter:
    return Quarter(plan.year, 4)


def year_is_over(plan: Plan) -> bool:
    """Whether the plan's last quarter has begun: final results are given from then on."""
    return last_quarter(plan) in reportable_quarters(plan)


def last_approved_values(indicator_ids) -> dict[int, tuple[Decimal, Quarter]]:
    """Each indicator's value in its goal's latest approved update that reports it, and when."""
    rows = (
        IndicatorActual.objects.filter(
            indicator_id__in=list(indicator_ids), update__review_state=ReviewState.APPROVED
        )
        .order_by("update__year", "update__quarter")
        .values_list("indicator_id", "value", "update__year", "update__quarter")
    )
    return {pk: (value, Quarter(year, quarter)) for pk, value, year, quarter in rows}


def suggested_result(state: str, percent: int, deadline_text: str) -> str:
    """
    The final result the goal's state suggests: completed when its last
    approved update says so; ongoing when its deadline says the work goes on
    (持续推进); mostly completed from ``MOSTLY_PERCENT`` done; else not completed.
    """
    if state == GoalState.COMPLETED:
        return GoalResult.COMPLETED
    if any(word in (deadline_text or "") for word in ONGOING_WORDS):
        return GoalResult.ONGOING
    if percent >= MOSTLY_PERCENT:
        return GoalResult.MOSTLY
    return GoalResult.NOT_COMPLETED


@dataclass
class YearEndRow:
    """One goal at the year's end: its state, the suggested and the confirmed final result."""

    goal: Goal
    state: str
    percent: int
    suggested: str
    outcome: GoalOutcome | None
    carried_into: GoalCarryOver | None
    leads: list = field(default_factory=list)

    @property
    def carryable(self) -> bool:
        """Unfinished or ongoing, confirmed so, and not carried on yet."""
        return (
            self.outcome is not None
            and self.outcome.result in CARRIED_RESULTS
            and self.carried_into is None
        )


def year_end_rows(plan: Plan, goals) -> list[YearEndRow]:
    """
    The plan's live goals among ``goals`` (already ``visible_to``), in plan
    order, each with its state after the last quarter, its suggested and
    confirmed final result and where it was carried. A fixed number of queries.
    """
    live = (
        goals.filter(plan=plan, archived=False)
        .select_related("outcome__confirmed_by", "carried_into__goal__plan")
        .prefetch_related(
            Prefetch(
                "assignments",
                queryset=GoalDepartment.objects.select_related("department"),
            ),
            "outcome__values",
        )
        .order_by("order", "pk")
    )
    rows = []
    for goal in with_state(live, last_quarter(plan)):
        rows.append(
            YearEndRow(
                goal=goal,
                state=goal.state,
                percent=goal.percent,
                suggested=suggested_result(goal.state, goal.percent, goal.deadline_text),
                outcome=getattr(goal, "outcome", None),
                carried_into=getattr(goal, "carried_into", None),
                leads=[a.department for a in goal.assignments.all() if a.role == "lead"],
            )
        )
    return rows


def next_plans(plan: Plan, user):
    """The plans of the next year the user may carry goals into: any but archived ones."""
    return (
        Plan.objects.visible_to(user)
        .filter(year=plan.year + 1)
        .exclude(state=PlanState.ARCHIVED)
        .order_by("state", "pk")
    )


@dataclass
class LineStep:
    """A goal in its line across years; ``goal`` is None when the user may not open it."""

    year: int
    plan: str
    code: str
    title: str
    result: str | None
    goal: Goal | None
    current: bool = False


MAX_LINE = 20  # years a line is followed, against a loop in bad data


def _link(goal: Goal, name: str) -> GoalCarryOver | None:
    """The goal's link ``carried_from`` / ``carried_into``: free when it was select_related."""
    try:
        return getattr(goal, name)
    except ObjectDoesNotExist:
        return None


def goal_line(goal: Goal, user) -> list[LineStep]:
    """
    The goal's line across years, oldest first: the goals it continues and
    those that continue it (``GoalCarryOver``), each with its final result.
    Empty when the goal was never carried either way (no query when ``goal``
    was read with both links, as the goal's page reads it); a query per year.
    """
    chain = [goal]
    cursor, link = goal, _link(goal, "carried_from")
    for _ in range(MAX_LINE):
        if link is None:
            break
        cursor = link.source
        chain.insert(0, cursor)
        link = GoalCarryOver.objects.filter(goal=cursor).select_related("source__plan").first()
    cursor, link = goal, _link(goal, "carried_into")
    for _ in range(MAX_LINE):
        if link is None:
            break
        cursor = link.goal
        chain.append(cursor)
        link = GoalCarryOver.objects.filter(source=cursor).select_related("goal__plan").first()
    if len(chain) == 1:
        return []
    ids = [g.pk for g in chain]
    visible = set(Goal.objects.visible_to(user).filter(pk__in=ids).values_list("pk", flat=True))
    results = dict(GoalOutcome.objects.filter(goal_id__in=ids).values_list("goal_id", "result"))
    return [
        LineStep(
            year=g.plan.year,
            plan=str(g.plan),
            code=g.code,
            title=g.title,
            result=results.get(g.pk),
            goal=g if g.pk in visible else None,
            current=g.pk == goal.pk,
        )
        for g in chain
    ]
