"""
A goal's state as of a quarter (统计口径): the one rule every page, export and
the bulletin count by, and the tally of goals by it. The page says it in words
too (templates/targets/_counting_rules.html).

Two dimensions, never one in place of the other:

- **state** (评估状态, ``GoalState``): the status of the goal's latest approved
  update (已审核) up to the quarter — completed, on track, at risk, behind, not
  started — with the quarter it comes from (``state_since``, ``year * 10 +
  quarter``). A goal keeps it until a newer update is approved: on the first
  day of a quarter a red goal stays red, marked 滞后·第3季度, until its
  department reports and the office approves. A goal with no approved update
  yet is *not yet assessed* (未评估). A submitted update waits for review and
  counts for nothing until it is approved.
- **report** (报送状态, ``ReportState``) for the quarter: *reported* (已报送, its
  update approved), *pending* (待审核, submitted and waiting for review),
  *missing* (未报送: no update, a draft, or one the office returned), or *need
  not report* (无需报送: an approved update of an earlier quarter completed it).

A goal *has reported* for a quarter when its update was sent (reported or
pending); it *is expected to report* unless it need not; it reported *on time*
when it was sent by the period's due date (``periods.deadline``). Who is
expected to report a goal is its lead departments: a department's figures count
the goals it leads; the whole plan's count every goal.

``with_state`` applies the rule in SQL to a queryset of goals;
``quarter_states`` in Python to several quarters at once, for the trend.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Case, CharField, F, IntegerField, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext

from ..choices import GoalState, ReportState, ReviewState, UpdateStatus
from ..models import QuarterlyUpdate
from ..periods import Quarter

# Updates that have been sent to the supervision office: they count as reported.
SENT = (ReviewState.SUBMITTED, ReviewState.APPROVED)

# The order states are shown in: the bars, the legends, the ranking's columns.
DISPLAY_ORDER = (
    GoalState.COMPLETED,
    GoalState.ON_TRACK,
    GoalState.AT_RISK,
    GoalState.BEHIND,
    GoalState.NOT_STARTED,
    GoalState.UNASSESSED,
)
REPORT_ORDER = (ReportState.REPORTED, ReportState.PENDING, ReportState.MISSING)

# The plain values ``quarter_state_tuples`` compares and returns (an enum's
# comparison goes through its class; these are the same strings).
APPROVED, SUBMITTED = ReviewState.APPROVED.value, ReviewState.SUBMITTED.value
COMPLETED = UpdateStatus.COMPLETED.value
REPORTED, PENDING = ReportState.REPORTED.value, ReportState.PENDING.value
NOT_DUE, MISSING = ReportState.NOT_DUE.value, ReportState.MISSING.value
# The reports that count as sent, for ``on_time``.
ON_TIME_REPORTS = (REPORTED, PENDING)


def quarter_key(period: Quarter) -> int:
    """A quarter as one comparable number, as ``state_since`` holds it: 2023 Q3 → 20233."""
    return period.year * 10 + period.quarter


def quarter_of(key: int | None) -> Quarter | None:
    return None if key is None else Quarter(key // 10, key % 10)


def state_label(state: str, since: int | None = None, period: Quarter | None = None) -> str:
    """
    A state as people read it, with the quarter it comes from when that is
    earlier than ``period``: 滞后 · 第3季度 (the year too when it is another).
    """
    label = str(GoalState(state).label)
    earlier = quarter_of(since)
    if earlier is None or period is None or not earlier < period:
        return label
    return gettext("%(state)s · %(quarter)s") % {
        "state": label,
        "quarter": earlier.short_label if earlier.year == period.year else str(earlier),
    }


def with_state(goals, period: Quarter):
    """
    Annotate goals with how they stand as of ``period`` (see the module's note):

    - ``state`` and ``state_since``: the latest approved update's status up to the
      quarter and its quarter (``quarter_key``), or ``unassessed`` and NULL;
    - ``percent``: that update's share done (0 without one);
    - ``report``: the quarter's reporting state;
    - ``period_review``: the review state of the quarter's update, if there is one;
    - ``period_status`` / ``period_submitted_at``: the quarter's update once sent
      (submitted or approved), else NULL.
    """
    # No default ordering in the subqueries: it would join goals and plans in
    # each one (QuarterlyUpdate is ordered by goal), for rows that are unique.
    updates = QuarterlyUpdate.objects.filter(goal=OuterRef("pk")).order_by()
    this_quarter = updates.filter(year=period.year, quarter=period.quarter)
    sent = this_quarter.filter(review_state__in=SENT)
    approved = (
        updates.filter(
            Q(year__lt=period.year) | Q(year=period.year, quarter__lte=period.quarter),
            review_state=ReviewState.APPROVED,
        )
        .order_by("-year", "-quarter")
        .annotate(since=F("year") * 10 + F("quarter"))
    )
    return goals.annotate(
        period_review=Subquery(this_quarter.values("review_state")[:1]),
        period_status=Subquery(sent.values("status")[:1]),
        period_submitted_at=Subquery(sent.values("submitted_at")[:1]),
        latest_status=Subquery(approved.values("status")[:1]),
        state_since=Subquery(approved.values("since")[:1], output_field=IntegerField()),
        percent=Coalesce(
            Subquery(approved.values("percent_complete")[:1]),
            Value(0),
            output_field=IntegerField(),
        ),
    ).annotate(
        state=Coalesce(
            F("latest_status"), Value(GoalState.UNASSESSED.value), output_field=CharField()
        ),
        # The latest approved status is this quarter's when its update is approved,
        # so "completed" below is an earlier quarter's: the goal need not report.
        report=Case(
            When(period_review=ReviewState.APPROVED, then=Value(ReportState.REPORTED.value)),
            When(period_review=ReviewState.SUBMITTED, then=Value(ReportState.PENDING.value)),
            When(latest_status=UpdateStatus.COMPLETED, then=Value(ReportState.NOT_DUE.value)),
            default=Value(ReportState.MISSING.value),
            output_field=CharField(),
        ),
    )


@dataclass(frozen=True)
class QuarterState:
    """A goal as of one quarter, by the rule of ``with_state``."""

    state: str
    since: int | None  # quarter_key of the approved update behind ``state``
    percent: int
    report: str


def quarter_states(updates, quarters: list[Quarter]) -> list[QuarterState]:
    """
    A goal's ``QuarterState`` for each of ``quarters`` (oldest first), from its
    sent updates up to the last of them as ``(year, quarter, status,
    percent_complete, review_state)`` tuples, oldest first: the rule of
    ``with_state``, for the trend over a year without a query per quarter.
    """
    keys = [quarter_key(quarter) for quarter in quarters]
    return [QuarterState(*state) for state in quarter_state_tuples(updates, keys)]


def quarter_state_tuples(updates, keys: list[int]) -> list[tuple[str, int | None, int, str]]:
    """
    ``quarter_states`` as plain ``(state, since, percent, report)`` tuples, for
    quarters given as ``quarter_key``s: the dashboard's trend runs it once per
    goal, and a frozen dataclass per goal and quarter was most of its cost.
    """
    result = []
    position, count = 0, len(updates)
    # The last approved update's status, quarter and share done, as of the quarter.
    status, since, percent = GoalState.UNASSESSED.value, None, 0
    for key in keys:
        own = None
        while position < count:
            year, number, update_status, update_percent, review = updates[position]
            update_key = year * 10 + number
            if update_key > key:
                break
            if update_key == key:
                own = review
            if review == APPROVED:
                status, since, percent = update_status, update_key, update_percent
            position += 1
        if own == APPROVED:
            report = REPORTED
        elif own == SUBMITTED:
            report = PENDING
        elif since is not None and status == COMPLETED:
            report = NOT_DUE
        else:
            report = MISSING
        result.append((status, since, percent, report))
    return result


@dataclass
class Tally:
    """
    Counts of goals by state and by reporting state, with the figures every
    dashboard row shows. A goal is counted in the states always, and in the
    reporting figures only when the figures' owner is expected to report it
    (``reporting``): a department's page counts the goals it supports in its
    states, not in what it has to report.
    """

    total: int = 0
    states: Counter = field(default_factory=Counter)
    reports: Counter = field(default_factory=Counter)
    on_time: int = 0
    percent_sum: int = 0
    carried: int = 0  # goals whose state comes from an earlier quarter's approved update

    def add(self, row: dict, *, reporting: bool = True) -> None:
        """Count one goal: a row of ``with_state`` (``on_time``, ``carried`` optional)."""
        # ``count``'s body, not a call to it: the dashboard adds a goal several
        # thousand times a computation (overall, its department's, its sections').
        self.total += 1
        self.states[row["state"]] += 1
        self.percent_sum += row["percent"]
        if row.get("carried", False):
            self.carried += 1
        if reporting:
            report = row["report"]
            self.reports[report] += 1
            if row.get("on_time", False) and report in ON_TIME_REPORTS:
                self.on_time += 1

    def count(
        self, state, percent, report, *, on_time=False, carried=False, reporting=True
    ) -> None:
        self.total += 1
        self.states[state] += 1
        self.percent_sum += percent
        if carried:
            self.carried += 1
        if reporting:
            self.reports[report] += 1
            if on_time and report in ON_TIME_REPORTS:
                self.on_time += 1

    @property
    def reported(self) -> int:
        """Goals whose update for the quarter was sent (approved or waiting for review)."""
        return self.reports[ReportState.REPORTED] + self.reports[ReportState.PENDING]

    @property
    def expected(self) -> int:
        """Goals that had to report this quarter: all counted but those completed earlier."""
        return sum(self.reports.values()) - self.reports[ReportState.NOT_DUE]

    @property
    def pending(self) -> int:
        return self.reports[ReportState.PENDING]

    @property
    def missing(self) -> int:
        return self.reports[ReportState.MISSING]

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

    def share(self, state) -> int:
        """The state's share of the goals in whole percent, as ``shares`` gives it."""
        return self.shares().get(state, 0)

    def shares(self) -> dict:
        """
        Each state's share of the goals in whole percent, adding up to 100
        (largest remainder): rounding each alone can give 101 % (13 + 74 + 10
        + 3 + 1), which a reader adds up and a bulletin cannot print.
        """
        if not self.total:
            return {}
        exact = {state: 100 * count / self.total for state, count in self.states.items()}
        shares = {state: int(value) for state, value in exact.items()}
        short = 100 - sum(shares.values())
        # The largest remainders get the missing points; ties go in display order.
        order = {state: index for index, state in enumerate(DISPLAY_ORDER)}
        for state in sorted(exact, key=lambda s: (shares[s] - exact[s], order.get(s, len(order))))[
            :short
        ]:
            shares[state] += 1
        return shares

    def segments(self) -> list[dict]:
        """The states in display order with counts and shares, for stacked bars and legends."""
        return [
            {"state": state, "count": self.states[state], "share": self.share(state)}
            for state in DISPLAY_ORDER
        ]

    def merge(self, other: Tally) -> None:
        """Add ``other``'s counts to these (a total row over several tallies)."""
        self.total += other.total
        self.states.update(other.states)
        self.reports.update(other.reports)
        self.on_time += other.on_time
        self.percent_sum += other.percent_sum
        self.carried += other.carried


def state_rows(goals, period: Quarter, due_date=None, extra: tuple = ()) -> list[dict]:
    """
    One dict per goal of ``with_state`` (pk, section, order, state, since,
    percent, report, and the ``extra`` fields), with ``carried`` (the state
    comes from an earlier quarter) and ``on_time`` (sent by ``due_date``, when
    one is given). One query.
    """
    current = quarter_key(period)
    # ``timezone.localtime`` with the zone looked up once, not per row.
    zone = timezone.get_current_timezone()
    rows = list(
        with_state(goals, period).values(
            "pk",
            "section_id",
            "order",
            "state",
            "state_since",
            "percent",
            "report",
            "period_submitted_at",
            *extra,
        )
    )
    for row in rows:
        since, submitted = row["state_since"], row["period_submitted_at"]
        row["carried"] = since is not None and since < current
        row["on_time"] = (
            due_date is not None
            and submitted is not None
            and submitted.astimezone(zone).date() <= due_date
        )
    return rows
