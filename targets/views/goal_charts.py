"""
The charts and change history on a goal's page: the goal's progress and each
indicator's actual value per quarter against the expected line (序时进度), and
who changed the goal, its owners and indicators, when, from what to what.

The expected line: for a quantity that accumulates over the year (96 new
high-tech firms, 50万平方米), 序时进度 × the target — the owner's milestone for
the quarter, else 25/50/75/100 % (``targets.progress.expected_percent``). For
an "at most" target (失业率控制在4.5%以内) and for rates and shares (%, 个百分点,
‰), which are judged at their level rather than built up, it is the target
itself in every quarter: 25 % of a 6 % growth rate means nothing.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.utils.translation import gettext as _

from targets.choices import Comparator, GoalState, ReportState, ReviewState
from targets.formatting import format_quantity, format_target
from targets.periods import Quarter
from targets.progress import expected_percent
from targets.selectors.history import goal_history
from targets.selectors.states import SENT
from targets.selectors.updates import goal_updates

from .dashboard import CHART_COLOURS, PENDING_COLOUR

ACTUAL_COLOUR = CHART_COLOURS[GoalState.COMPLETED]
EXPECTED_COLOUR = "#6c757d"
# Units of rates and shares: judged at their level, not accumulated.
RATE_UNITS = ("%", "个百分点", "‰")


def accumulates(indicator) -> bool:
    """Whether the indicator's expected value grows with the year (see the module's note)."""
    return indicator.comparator != Comparator.LTE and indicator.unit not in RATE_UNITS


def expected_value(indicator, percent: int) -> Decimal:
    """The value expected by a quarter whose 序时进度 is ``percent``."""
    if not accumulates(indicator):
        return indicator.target_value
    return indicator.target_value * percent / 100


def _number(value) -> float | None:
    """A Decimal for JSON: a plain number, without the trailing zeros of the column."""
    return None if value is None else float(value)


def _quarters(goal) -> list[Quarter]:
    return [Quarter(goal.plan.year, q) for q in (1, 2, 3, 4)]


def _series(values: dict, quarters, actual_name: str, expected_line: list) -> list[dict]:
    """
    An approved line from ``values`` (quarter -> (value, review state)), the
    values waiting for review as hollow points when there are any, and the
    dashed expected line.
    """

    def in_state(state):
        return [
            _number(values[q.quarter][0])
            if values.get(q.quarter, (None, None))[1] == state
            else None
            for q in quarters
        ]

    series = [
        {"name": actual_name, "colour": ACTUAL_COLOUR, "data": in_state(ReviewState.APPROVED)},
        {
            "name": _("Expected by then"),
            "colour": EXPECTED_COLOUR,
            "dashed": True,
            "data": expected_line,
        },
    ]
    pending = in_state(ReviewState.SUBMITTED)
    if any(value is not None for value in pending):
        series.insert(
            1,
            {
                "name": str(ReportState.PENDING.label),
                "type": "scatter",
                "colour": PENDING_COLOUR,
                "data": pending,
            },
        )
    return series


def _categories(quarters) -> list[str]:
    return [_("Q%(quarter)s") % {"quarter": q.quarter} for q in quarters]


def progress_chart(goal, updates: dict, expected: dict[int, int]) -> dict:
    """The goal's approved percent complete per quarter against 序时进度."""
    quarters = _quarters(goal)
    return {
        "kind": "indicator",
        "title": _("Completion"),
        "unit": "%",
        "categories": _categories(quarters),
        "series": _series(
            updates,
            quarters,
            _("Completion (approved)"),
            [expected[q.quarter] for q in quarters],
        ),
        "target": None,
        "max": 100,
    }


def indicator_chart(indicator, actuals: dict, expected: dict[int, int], quarters) -> dict:
    """An indicator's reported values per quarter (approved, pending) against the expected line."""
    return {
        "kind": "indicator",
        "title": indicator.name,
        "unit": indicator.unit,
        "categories": _categories(quarters),
        "series": _series(
            actuals,
            quarters,
            _("Actual (approved)"),
            [_number(expected_value(indicator, expected[q.quarter])) for q in quarters],
        ),
        "target": _number(indicator.target_value),
        "target_label": _("Target %(target)s") % {"target": format_target(indicator)},
        "max": None,
    }


def goal_charts_context(goal, user, parts=None) -> dict:
    """
    Context for templates/targets/goal/_charts.html and _history.html: chart
    payloads for ``json_script`` (ids ``chart-progress`` and
    ``chart-indicator-<pk>``) and the change history. The updates come from
    ``goal_updates`` (shared with the timeline), the milestones and indicators
    from the goal's prefetch when there is one; three queries for the history,
    fewer when ``parts`` says the goal has no records of a kind (``goal_history``).
    """
    quarters = _quarters(goal)
    milestones = list(goal.milestones.all())
    expected = {q.quarter: expected_percent(goal, q, milestones) for q in quarters}
    sent = [u for u in goal_updates(goal) if u.year == goal.plan.year and u.review_state in SENT]
    updates = {u.quarter: (u.percent_complete, u.review_state) for u in sent}
    actuals = defaultdict(dict)
    for update in sent:
        for actual in update.actuals.all():
            actuals[actual.indicator_id][update.quarter] = (actual.value, update.review_state)
    indicators = list(goal.indicators.all())
    return {
        "progress_chart": progress_chart(goal, updates, expected),
        "indicator_charts": [
            {
                "id": f"chart-indicator-{indicator.pk}",
                "indicator": indicator,
                "accumulates": accumulates(indicator),
                "latest": _latest(actuals[indicator.pk], indicator),
                "data": indicator_chart(indicator, actuals[indicator.pk], expected, quarters),
            }
            for indicator in indicators
        ],
        "expected_percents": [expected[q.quarter] for q in quarters],
        "history": goal_history(goal, parts),
    }


def _latest(actuals: dict, indicator) -> str:
    """The latest approved value with its unit, for the chart's caption."""
    approved = [
        (quarter, value)
        for quarter, (value, review) in actuals.items()
        if review == ReviewState.APPROVED
    ]
    if not approved:
        return ""
    return format_quantity(max(approved)[1], indicator.unit)
