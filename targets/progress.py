"""
Progress against plan: how far a goal should be by the end of a quarter
(序时进度), whether an indicator's actual value meets its target, and the
status those figures suggest (the 红黄绿灯 a supervision office would give).

Pure functions over model instances already in memory, so dashboards can call
them per row without extra queries (pass ``milestones`` from a prefetch).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from .choices import Comparator, UpdateStatus
from .periods import Quarter

# The share of the year gone by at the end of each quarter: the expected
# progress of a goal whose owner set no milestone for that quarter.
TIME_ELAPSED = {1: 25, 2: 50, 3: 75, 4: 100}

# "About" (左右) is met within ±5 % of the target, e.g. 增长7%左右 by 6.65–7.35 %.
# The district's reports do not define it; 5 % is the tolerance the supervision
# office uses when it reads 左右 by hand.
APPROX_TOLERANCE = Decimal("0.05")

HUNDRED = Decimal(100)


def _quarter_number(quarter: int | Quarter) -> int:
    number = quarter.quarter if isinstance(quarter, Quarter) else int(quarter)
    if number not in TIME_ELAPSED:
        raise ValueError("quarter must be 1-4")
    return number


def milestone_map(milestones) -> dict[int, int]:
    """``{quarter: expected percent}`` from GoalMilestone rows or an existing mapping."""
    if isinstance(milestones, Mapping):
        return {int(q): int(p) for q, p in milestones.items() if p is not None}
    return {m.quarter: m.expected_percent for m in milestones}


def expected_percent(goal, quarter: int | Quarter, milestones=None) -> int:
    """
    The share of ``goal`` that should be done by the end of ``quarter`` (1–4,
    or a ``Quarter`` of the plan's year): the owner's milestone for that
    quarter if there is one, else the time elapsed (25/50/75/100 %).

    ``milestones`` (GoalMilestone rows or ``{quarter: percent}``) saves the
    query: pass ``goal.milestones.all()`` from a ``prefetch_related`` when
    calling this for many goals. Without it, ``goal.milestones.all()`` is
    read (from the prefetch cache when there is one).
    """
    number = _quarter_number(quarter)
    if milestones is None:
        milestones = goal.milestones.all() if goal is not None and goal.pk else []
    return milestone_map(milestones).get(number, TIME_ELAPSED[number])


def expected_percents(goal, milestones=None) -> dict[int, int]:
    """Expected progress for each quarter 1–4 (see ``expected_percent``)."""
    if milestones is None:
        milestones = goal.milestones.all() if goal is not None and goal.pk else []
    mapping = milestone_map(milestones)
    return {q: mapping.get(q, TIME_ELAPSED[q]) for q in TIME_ELAPSED}


def indicator_met(indicator, actual: Decimal | None) -> bool:
    """
    Whether ``actual`` (cumulative) meets the indicator's target, by its comparator:

    - equal to (eq) and at least (gte): met once the target is reached — 净增高企96家
      is met by 96 and by 97; a rate or share (%, 个百分点) is read the same way;
    - at most (lte): met while the actual stays at or under the target
      (失业率控制在4.5%以内: 4.2 % meets it, 4.8 % does not);
    - about (approx): met within ±5 % of the target (``APPROX_TOLERANCE``);
    - range: met inside [target, upper target], both ends included.

    No value (not reported) never meets a target.
    """
    if actual is None:
        return False
    actual = Decimal(actual)
    target = indicator.target_value
    comparator = indicator.comparator
    if comparator == Comparator.LTE:
        return actual <= target
    if comparator == Comparator.APPROX:
        return abs(actual - target) <= abs(target) * APPROX_TOLERANCE
    if comparator == Comparator.RANGE:
        upper = indicator.target_value_max
        return target <= actual <= (upper if upper is not None else target)
    return actual >= target  # eq and gte


def indicator_progress(indicator, actual: Decimal | None) -> Decimal | None:
    """
    How far ``actual`` has come toward the target, in percent (one decimal):

    - a count, amount, growth rate or share toward its target (eq, gte, approx,
      and a range from below): actual ÷ target; above 100 when surpassed;
    - an "at most" target (lte), where lower is better: 100 when met, else
      target ÷ actual (5 % unemployment against 4.5 % is 90 %);
    - a range: 100 inside it; below it, actual ÷ lower end; above it,
      upper end ÷ actual.

    None when nothing was reported. Never negative (a rate that fell is 0 %).
    A target of zero or less cannot be divided by: 100 when met, else 0.
    """
    if actual is None:
        return None
    actual = Decimal(actual)
    target = indicator.target_value
    met = indicator_met(indicator, actual)
    comparator = indicator.comparator
    if comparator == Comparator.LTE or (comparator == Comparator.RANGE and met):
        if met:
            return HUNDRED
        return _ratio(target, actual)
    if comparator == Comparator.RANGE and indicator.target_value_max is not None:
        if actual > indicator.target_value_max:
            return _ratio(indicator.target_value_max, actual)
    if target <= 0:
        return HUNDRED if met else Decimal(0)
    return _ratio(actual, target)


def _ratio(numerator: Decimal, denominator: Decimal) -> Decimal:
    if denominator <= 0:
        return Decimal(0)
    return max(Decimal(0), (HUNDRED * numerator / denominator).quantize(Decimal("0.1")))


@dataclass
class ProgressValues:
    """
    What a suggestion is computed from when there is no saved update yet
    (a form being filled in): the share done, the goal's indicators, and the
    actual values reported for them (indicator id → value, None when left empty).
    """

    percent_complete: int
    indicators: list = field(default_factory=list)
    actuals: dict[int, Decimal | None] = field(default_factory=dict)

    @classmethod
    def of_update(cls, update) -> ProgressValues:
        """The values of a saved update (reads its goal's indicators and its actuals)."""
        return cls(
            percent_complete=update.percent_complete,
            indicators=list(update.goal.indicators.all()),
            actuals={a.indicator_id: a.value for a in update.actuals.all()},
        )


def suggest_status(update_or_values, expected: int, plan) -> UpdateStatus:
    """
    The status the figures suggest for a goal with ``expected`` progress due:

    - completed: every indicator is met by its comparator (a goal without
      indicators: 100 % done);
    - not started: 0 % done and no actual value above zero reported;
    - otherwise by the gap, expected − done, in percentage points: under the
      plan's ``yellow_gap`` on track; from ``yellow_gap`` up to ``red_gap`` at
      risk (黄灯); beyond ``red_gap`` behind (红灯).

    ``update_or_values``: a ``QuarterlyUpdate`` or ``ProgressValues``.
    """
    values = (
        update_or_values
        if isinstance(update_or_values, ProgressValues)
        else ProgressValues.of_update(update_or_values)
    )
    percent = values.percent_complete or 0
    indicators = list(values.indicators)
    if indicators:
        if all(indicator_met(i, values.actuals.get(i.pk)) for i in indicators):
            return UpdateStatus.COMPLETED
    elif percent >= 100:
        return UpdateStatus.COMPLETED
    if percent == 0 and not any(v for v in values.actuals.values() if v is not None and v > 0):
        return UpdateStatus.NOT_STARTED
    gap = expected - percent
    if gap < plan.yellow_gap:
        return UpdateStatus.ON_TRACK
    if gap <= plan.red_gap:
        return UpdateStatus.AT_RISK
    return UpdateStatus.BEHIND
