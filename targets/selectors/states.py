"""
A goal's state as of a quarter (统计口径), the one rule every page, export and
the bulletin count by, and the tally of goals by state.

Only approved updates (已审核) count towards the figures, as leaders see them.
``with_state`` applies the rule in SQL to a queryset of goals; ``quarter_states``
applies it in Python to several quarters at once, for the trend over a year.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Case, CharField, F, IntegerField, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce

from ..choices import GoalState, ReviewState, UpdateStatus
from ..models import QuarterlyUpdate
from ..periods import Quarter

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
