"""
The assessment's arithmetic (考核计分) as a pure function: plain facts about a
plan's goals (``GoalFacts``, read by ``targets.selectors.assessment``), a
scheme of numbers (``Scheme``, the office's data, never code) and the office's
adjustments in; every department's points out, as lines that each say where
they come from. Nothing here reads the database or the clock: a reopened
year, a goal handed to another department or a corrected report change the
scores only through the facts the selector reads.

The rules, every number the scheme's:

- **A goal led** is worth ``goal_points`` × its weight (the goal's own, else
  its chapter's, else 1). Completed, it earns ``completed_percent`` of that;
  not started or never assessed (no approved report), ``not_completed_percent``;
  otherwise it is partly completed and earns ``partial_percent`` × its share
  done, or × the share of its indicators met when the scheme says so (a goal
  without indicators: its share done). Each lead department earns it, so a
  goal led jointly counts in full for each.
- **A goal supported** earns each supporting department ``support_percent``
  of what the goal earned its leads.
- **Deductions**, for every quarter assessed, to the departments that led the
  goal then: its report missing, or sent after the due date; each time the
  office returned the quarter's update; the quarter at risk (yellow) or
  behind (red), as the dashboards count a goal's state (``states``).
- **Bonuses**: ``exceed_bonus`` for each indicator whose last approved value
  beats its target (above an "at least" or "equal" target, below an "at most"
  one), to the goal's lead departments, at most ``bonus_cap`` a department.
- **Adjustments** (加分 / 减分) by the office, each its own line.

Archived goals count for nothing. The goal's points, its supports and its
bonuses go to its owners at the end; the quarters' deductions to whoever led
it in that quarter. Every line is rounded to two decimals (half up) and a
department's total is the sum of its lines as shown, so every point of the
total can be traced. Departments are ranked by total, equal totals sharing a
rank (1, 1, 3), in the district's order within it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from .choices import Comparator, GoalState, PartialRule, ReportState, ScoreLine
from .progress import indicator_met

CENT = Decimal("0.01")
HUNDRED = Decimal(100)

# Kinds of line a department's figures add up, by the column they go in.
GOAL_KINDS = (ScoreLine.GOAL, ScoreLine.SUPPORT)
DEDUCTION_KINDS = (
    ScoreLine.MISSING,
    ScoreLine.LATE,
    ScoreLine.RETURNED,
    ScoreLine.YELLOW,
    ScoreLine.RED,
)
BONUS_KINDS = (ScoreLine.BONUS, ScoreLine.BONUS_CAP)
ADJUSTMENT_KINDS = (ScoreLine.ADJUSTMENT,)


def rounded(value) -> Decimal:
    """Two decimals, half up: how every line is shown and added."""
    if value.__class__ is not Decimal:
        value = Decimal(value)
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Scheme:
    """
    The numbers of a scoring scheme (``AssessmentScheme``, one version).
    Shares are percentages; deductions are points taken off (positive numbers).
    ``bonus_cap`` None: no cap. Weights map a chapter's section id, or a
    goal's id, to its weight.
    """

    goal_points: Decimal
    completed_percent: Decimal
    partial_percent: Decimal
    partial_rule: str
    not_completed_percent: Decimal
    support_percent: Decimal
    missing_report: Decimal
    late_report: Decimal
    returned_update: Decimal
    yellow_quarter: Decimal
    red_quarter: Decimal
    exceed_bonus: Decimal
    bonus_cap: Decimal | None
    chapter_weights: Mapping[int, Decimal] = field(default_factory=dict)
    goal_weights: Mapping[int, Decimal] = field(default_factory=dict)

    def weight(self, goal: GoalFacts) -> Decimal:
        """The goal's own weight, else its chapter's, else 1 (a weight of 0 counts)."""
        if goal.goal_id in self.goal_weights:
            return Decimal(self.goal_weights[goal.goal_id])
        if goal.chapter_id in self.chapter_weights:
            return Decimal(self.chapter_weights[goal.chapter_id])
        return Decimal(1)


@dataclass(frozen=True)
class IndicatorFacts:
    """An indicator's target and its last approved value (None: never reported)."""

    name: str
    comparator: str
    target_value: Decimal
    target_value_max: Decimal | None = None
    actual: Decimal | None = None
    unit: str = ""

    @property
    def met(self) -> bool:
        return indicator_met(self, self.actual)

    @property
    def beaten(self) -> bool:
        """Better than the target: above an "at least" or "equal" one, below an "at most" one."""
        if self.actual is None:
            return False
        if self.comparator in (Comparator.GTE, Comparator.EQ):
            return self.actual > self.target_value
        if self.comparator == Comparator.LTE:
            return self.actual < self.target_value
        return False  # "about" and a range have nothing to beat


@dataclass(frozen=True)
class QuarterFacts:
    """
    A goal in one quarter assessed: who led it then, its state as of the
    quarter and its report (``GoalState``, ``ReportState``), whether the report
    came after the due date, and how often the office returned the update.
    """

    quarter: int
    leads: frozenset[int]
    state: str
    report: str
    late: bool = False
    returned: int = 0


@dataclass(frozen=True)
class GoalFacts:
    """What the arithmetic knows of a goal: its owners at the end, its final state, its quarters."""

    goal_id: int
    chapter_id: int | None
    archived: bool
    leads: tuple[int, ...]
    supports: tuple[int, ...]
    state: str
    percent: int
    indicators: tuple[IndicatorFacts, ...] = ()
    quarters: tuple[QuarterFacts, ...] = ()


@dataclass(frozen=True)
class Adjustment:
    """Points the office adds (positive) or takes off (negative) for a department."""

    department_id: int
    points: Decimal
    adjustment_id: int | None = None


@dataclass(frozen=True)
class Line:
    """
    Points a department gets or loses, and what for: a kind (``ScoreLine``),
    the goal and quarter behind it, and the numbers it was computed from
    (``basis``: plain strings and numbers, for the page that explains it).
    """

    department_id: int
    kind: str
    points: Decimal
    goal_id: int | None = None
    quarter: int | None = None
    basis: Mapping = field(default_factory=dict, compare=False, hash=False)


@dataclass
class DepartmentScore:
    """A department's lines, their total and its rank."""

    department_id: int
    lines: list[Line]
    total: Decimal = Decimal(0)
    rank: int = 0

    def subtotal(self, kinds) -> Decimal:
        return sum((line.points for line in self.lines if line.kind in kinds), Decimal(0))


def score(
    goals: Iterable[GoalFacts],
    scheme: Scheme,
    adjustments: Iterable[Adjustment] = (),
    order: Iterable[int] = (),
) -> list[DepartmentScore]:
    """
    Every department's lines, total and rank (see the module's rules), best
    first; ``order``: department ids in the district's order, for equal totals.
    """
    lines: list[Line] = []
    for goal in goals:
        if goal.archived:
            continue
        lines += _goal_lines(goal, scheme)
        lines += _quarter_lines(goal, scheme)
        lines += _bonus_lines(goal, scheme)
    for adjustment in adjustments:
        lines.append(
            Line(
                adjustment.department_id,
                ScoreLine.ADJUSTMENT,
                rounded(adjustment.points),
                basis={"adjustment": adjustment.adjustment_id},
            )
        )
    grouped: dict[int, list[Line]] = defaultdict(list)
    for line in lines:
        grouped[line.department_id].append(line)
    scores = []
    for department_id, own in grouped.items():
        own += _bonus_cap(department_id, own, scheme)
        scores.append(
            DepartmentScore(department_id, own, sum((line.points for line in own), Decimal(0)))
        )
    return _ranked(scores, list(order))


def _goal_lines(goal: GoalFacts, scheme: Scheme) -> list[Line]:
    weight = scheme.weight(goal)
    points = scheme.goal_points * weight
    share, basis = _share(goal, scheme)
    earned = points * share / HUNDRED
    basis = {
        "goal_points": str(scheme.goal_points),
        "weight": str(weight),
        "points": str(points),
        "share": str(rounded(share)),
        **basis,
    }
    lines = [
        Line(lead, ScoreLine.GOAL, rounded(earned), goal.goal_id, basis=basis)
        for lead in goal.leads
    ]
    support = earned * scheme.support_percent / HUNDRED
    support_basis = {"earned": str(rounded(earned)), "support_percent": str(scheme.support_percent)}
    lines += [
        Line(department, ScoreLine.SUPPORT, rounded(support), goal.goal_id, basis=support_basis)
        for department in goal.supports
    ]
    return lines


def _share(goal: GoalFacts, scheme: Scheme) -> tuple[Decimal, dict]:
    """The percentage of its points a goal earns, and how it was decided."""
    if goal.state == GoalState.COMPLETED:
        return scheme.completed_percent, {"rule": "completed"}
    if goal.state in (GoalState.NOT_STARTED, GoalState.UNASSESSED):
        return scheme.not_completed_percent, {"rule": "not_completed", "state": goal.state}
    if scheme.partial_rule == PartialRule.INDICATORS and goal.indicators:
        met = sum(1 for indicator in goal.indicators if indicator.met)
        count = len(goal.indicators)
        share = scheme.partial_percent * met / count
        return share, {"rule": "indicators", "met": met, "indicators": count}
    share = scheme.partial_percent * goal.percent / HUNDRED
    return share, {"rule": "progress", "percent": goal.percent}


# The values compared once per goal and quarter, as plain strings: looking up an
# enum member each time cost as much as the rest of the arithmetic.
_MISSING, _BEHIND, _AT_RISK = (
    ReportState.MISSING.value,
    GoalState.BEHIND.value,
    GoalState.AT_RISK.value,
)


def _quarter_lines(goal: GoalFacts, scheme: Scheme) -> list[Line]:
    lines = []
    for quarter in goal.quarters:
        items = []
        if quarter.report == _MISSING:
            items.append((ScoreLine.MISSING.value, scheme.missing_report, {}))
        elif quarter.late:
            items.append((ScoreLine.LATE.value, scheme.late_report, {}))
        if quarter.returned:
            points = scheme.returned_update * quarter.returned
            items.append((ScoreLine.RETURNED.value, points, {"times": quarter.returned}))
        if quarter.state == _BEHIND:
            items.append((ScoreLine.RED.value, scheme.red_quarter, {}))
        elif quarter.state == _AT_RISK:
            items.append((ScoreLine.YELLOW.value, scheme.yellow_quarter, {}))
        for kind, points, basis in items:
            if not points:
                continue
            lines += [
                Line(lead, kind, -rounded(points), goal.goal_id, quarter.quarter, basis)
                for lead in sorted(quarter.leads)
            ]
    return lines


def _bonus_lines(goal: GoalFacts, scheme: Scheme) -> list[Line]:
    if not scheme.exceed_bonus:
        return []
    lines = []
    for indicator in goal.indicators:
        if not indicator.beaten:
            continue
        basis = {
            "indicator": indicator.name,
            "target": str(indicator.target_value),
            "actual": str(indicator.actual),
            "unit": indicator.unit,
            "comparator": indicator.comparator,
        }
        lines += [
            Line(lead, ScoreLine.BONUS, rounded(scheme.exceed_bonus), goal.goal_id, basis=basis)
            for lead in goal.leads
        ]
    return lines


def _bonus_cap(department_id: int, lines: list[Line], scheme: Scheme) -> list[Line]:
    """A line taking off the bonuses above ``bonus_cap``, if they go above it."""
    bonuses = sum((line.points for line in lines if line.kind == ScoreLine.BONUS), Decimal(0))
    if scheme.bonus_cap is None or bonuses <= scheme.bonus_cap:
        return []
    cap = rounded(scheme.bonus_cap)
    return [Line(department_id, ScoreLine.BONUS_CAP, cap - bonuses, basis={"cap": str(cap)})]


def _ranked(scores: list[DepartmentScore], order: list[int]) -> list[DepartmentScore]:
    position = {department_id: index for index, department_id in enumerate(order)}
    scores.sort(
        key=lambda s: (-s.total, position.get(s.department_id, len(position)), s.department_id)
    )
    for index, entry in enumerate(scores):
        if index and entry.total == scores[index - 1].total:
            entry.rank = scores[index - 1].rank
        else:
            entry.rank = index + 1
    return scores
