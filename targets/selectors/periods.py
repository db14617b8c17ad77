"""
Reporting periods (报送期), the reads: when a quarter's reports are due and
whether the period still takes them, what was reported in each period, and
what the supervision office changed about them.

The due date is the period's as the supervision office set it, else the
plan's default (``periods.default_due_date``); ``deadline`` is the one place
that reads it.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ..choices import PeriodState, PlanState, ReviewState
from ..models import Plan, QuarterlyUpdate, ReportingPeriod
from ..periods import Quarter, default_due_date
from .compiled import VALUE, compiled
from .plans import default_quarter, reportable_quarters


@dataclass(frozen=True)
class Deadline:
    """When a period's reports are due, whether it still takes them, and how far off that is."""

    due_date: datetime.date
    is_open: bool
    today: datetime.date

    @property
    def days_left(self) -> int:
        """Days until the due date: 0 on the day itself, negative once it has passed."""
        return (self.due_date - self.today).days

    @property
    def overdue(self) -> bool:
        return self.days_left < 0

    @property
    def countdown(self) -> str:
        """As the pages say it: "还有3天截止", "今天截止" or "已逾期5天"."""
        days = self.days_left
        if days > 0:
            return ngettext("%(days)s day left", "%(days)s days left", days) % {"days": days}
        if days == 0:
            return _("Due today")
        days = -days
        return ngettext("%(days)s day overdue", "%(days)s days overdue", days) % {"days": days}


def deadline(plan: Plan, period: Quarter, today: datetime.date | None = None) -> Deadline:
    """
    The period's due date as the supervision office set it, else the plan's
    default; ``today`` defaults to the local date (Asia/Shanghai). One query.

    Read only: a period nobody has opened yet is open with the default due
    date, which is what ``period_for`` would create; pages that only look do
    not create it.
    """
    row = (
        ReportingPeriod.objects.filter(plan=plan, year=period.year, quarter=period.quarter)
        .values("due_date", "state")
        .first()
    )
    if row is None:
        row = {"due_date": default_due_date(plan, period.quarter), "state": PeriodState.OPEN}
    return Deadline(
        due_date=row["due_date"],
        is_open=row["state"] == PeriodState.OPEN,
        today=today or timezone.localdate(),
    )


def takes_reports(plan: Plan, period: Quarter, is_open: bool = True) -> bool:
    """
    Whether departments can still report for ``period``, so chasing them makes
    sense: the plan is active, the quarter has begun and the period is open.
    """
    return plan.state == PlanState.ACTIVE and is_open and period in reportable_quarters(plan)


def reminder_periods() -> list[tuple[Plan, Quarter]]:
    """
    The periods ``send_reminders`` chases when cron runs it with no options:
    for each active plan, the period its pages open on (``default_quarter``:
    after the last closed one, the one due next), if that period still takes
    reports. Not every open period: a quarter left open long ago is the
    office's to close, and chasing it daily would bury the current one.
    """
    result = []
    for plan in Plan.objects.filter(state=PlanState.ACTIVE).order_by("year", "pk"):
        period = default_quarter(plan)
        if takes_reports(plan, period) and deadline(plan, period).is_open:
            result.append((plan, period))
    return result


def period_due_date(plan: Plan, period: Quarter) -> datetime.date:
    """When the quarter's reports are due (``deadline``'s date). One query."""
    return deadline(plan, period).due_date


def closed_quarters(plan_id: int) -> set[tuple[int, int]]:
    """``(year, quarter)`` of the plan's closed periods. One query."""
    return set(
        ReportingPeriod.objects.filter(plan_id=plan_id, state=PeriodState.CLOSED).values_list(
            "year", "quarter"
        )
    )


def plan_periods(plan) -> tuple[set[tuple[int, int]], dict[int, tuple]]:
    """
    The plan's periods in one query: ``(year, quarter)`` of the closed ones (as
    ``closed_quarters``) and, for the quarters of the plan's year, ``quarter ->
    (state, due date)`` (what ``plans.default_quarter`` reads). Compiled once per
    process (``selectors.compiled``): a goal's page rendered afresh reads it each
    time, and building its SQL cost more than running it.
    """
    periods = compiled(
        ("plan periods",),
        # No need of Meta.ordering's join to the plan: the rows go into a set and a dict.
        lambda: ReportingPeriod.objects.filter(plan_id=VALUE).order_by(),
    ).rows(plan.pk)
    rows = [(p.year, p.quarter, p.state, p.due_date) for p in periods]
    closed = {(year, quarter) for year, quarter, state, _due in rows if state == PeriodState.CLOSED}
    of_year = {quarter: (state, due) for year, quarter, state, due in rows if year == plan.year}
    return closed, of_year


def period_counts(plan: Plan) -> dict[int, dict]:
    """
    How many of the plan's live goals' updates are in each review state, per
    quarter of the plan's year (drafts, submitted, approved, returned). One query.
    """
    return {
        row["quarter"]: row
        for row in QuarterlyUpdate.objects.filter(
            goal__plan=plan, goal__archived=False, year=plan.year
        )
        .values("quarter")
        .annotate(
            drafts=Count("pk", filter=Q(review_state=ReviewState.DRAFT)),
            submitted=Count("pk", filter=Q(review_state=ReviewState.SUBMITTED)),
            approved=Count("pk", filter=Q(review_state=ReviewState.APPROVED)),
            returned=Count("pk", filter=Q(review_state=ReviewState.RETURNED)),
        )
    }


def period_changes(periods) -> dict[int, list[LogEntry]]:
    """The recorded changes of ``periods`` (newest first), by period id; one query."""
    ids = [str(p.pk) for p in periods]
    entries = (
        LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(ReportingPeriod), object_id__in=ids
        )
        .select_related("user")
        .order_by("-action_time", "-pk")
    )
    changes: dict[int, list[LogEntry]] = {p.pk: [] for p in periods}
    for entry in entries:
        changes[int(entry.object_id)].append(entry)
    return changes
