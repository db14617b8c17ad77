"""
Chasing (催报), the read side: which goals have no update for a period, which
updates came in after the due date, and when the supervision office (督查室)
last reminded anyone about them. Sending reminders is
``targets.services.reminders``; both read the same rows from here.

A goal *has reported* for a period when its update there has been sent
(submitted or approved, ``states.SENT``). A draft the department never
sent and an update the office returned still count as missing: neither is a
report the office can use. A goal whose last approved update before the
period said it was completed need not report again, as on the dashboard.

Like the other selectors, every function takes goals already narrowed by
``visible_to(user)`` (or all goals, for the command) and runs a fixed number
of queries whatever the number of goals or departments.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from ..choices import OwnerRole, ReportState, ReviewState, UpdateStatus
from ..models import Department, Goal, GoalDepartment, Plan, QuarterlyUpdate, ReminderLog
from ..periods import Quarter
from .periods import Deadline, deadline, takes_reports
from .states import SENT


def missing_goals(plan: Plan, period: Quarter, goals):
    """The live goals of ``plan`` among ``goals`` that have not reported for ``period``."""
    # As on the dashboard (states.with_state): an approved update completed the goal.
    earlier = QuarterlyUpdate.objects.filter(
        Q(year__lt=period.year) | Q(year=period.year, quarter__lt=period.quarter),
        goal=OuterRef("pk"),
        review_state=ReviewState.APPROVED,
    ).order_by("-year", "-quarter")
    # Correlated (NOT EXISTS, an anti-join): as a NOT IN over the quarter's
    # updates, PostgreSQL read every update of the quarter, the whole
    # district's, to chase one department's few goals.
    reported = QuarterlyUpdate.objects.filter(
        goal=OuterRef("pk"), year=period.year, quarter=period.quarter, review_state__in=SENT
    )
    return (
        goals.filter(plan=plan)
        .active()
        .filter(~Exists(reported))
        # Coalesce: a goal that never reported compares as "", not NULL, so it stays.
        .annotate(earlier_status=Coalesce(Subquery(earlier.values("status")[:1]), Value("")))
        .exclude(earlier_status=UpdateStatus.COMPLETED)
    )


@dataclass
class MissingGoal:
    """A goal with no report for the period, as one of its lead departments sees it."""

    goal: Goal
    review_state: str | None  # the period's update if one exists: draft or returned
    last_reminder: datetime.date | None  # the (local) day of the latest reminder

    @property
    def state_label(self) -> str:
        if self.review_state == ReviewState.DRAFT:
            return _("Draft not submitted")
        if self.review_state == ReviewState.RETURNED:
            return _("Returned for changes")
        return _("Not filled in")


@dataclass
class DepartmentMissing:
    """A lead department and the goals it has not reported on."""

    department: Department
    goals: list[MissingGoal] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.goals)

    @property
    def last_reminder(self) -> datetime.date | None:
        sent = [item.last_reminder for item in self.goals if item.last_reminder]
        return max(sent) if sent else None


def missing_by_department(
    plan: Plan, period: Quarter, goals, department: Department | None = None
) -> list[DepartmentMissing]:
    """
    The missing goals under each of their lead departments (a goal led by two
    departments is missing for both), the departments with most missing first,
    then in their usual order. Only ``department`` when given. One query.
    """
    this_quarter = QuarterlyUpdate.objects.filter(
        goal=OuterRef("goal_id"), year=period.year, quarter=period.quarter
    )
    reminders = ReminderLog.objects.filter(
        goal=OuterRef("goal_id"), year=period.year, quarter=period.quarter
    ).order_by("-sent_on", "-sent_at")
    links = GoalDepartment.objects.filter(
        role=OwnerRole.LEAD, goal__in=missing_goals(plan, period, goals)
    )
    if department is not None:
        links = links.filter(department=department)
    links = (
        links.select_related("goal", "department")
        .annotate(
            review_state=Subquery(this_quarter.values("review_state")[:1]),
            last_reminder=Subquery(reminders.values("sent_on")[:1]),
        )
        .order_by("department__order", "department__code", "goal__order", "goal__pk")
    )
    groups: dict[int, DepartmentMissing] = {}
    for link in links:
        group = groups.setdefault(link.department_id, DepartmentMissing(link.department))
        group.goals.append(MissingGoal(link.goal, link.review_state, link.last_reminder))
    # sorted() is stable: departments with as many missing keep their usual order.
    return sorted(groups.values(), key=lambda group: -group.count)


def department_missing_among(department: Department, period: Quarter, goals) -> DepartmentMissing:
    """
    ``missing_by_department`` for one department, from its goals already read
    with their state as of ``period`` (``states.with_state``) and its role in
    each (``department_role``): those it leads whose ``report`` is missing
    (no update sent this quarter, not completed earlier: ``missing_goals``'s
    rule), in their usual order, each with the day it was last reminded. One
    query, none when nothing is missing. ``goals``: every live goal of the
    plan the department owns, as the user may see them, with today's roles
    (no reorganisation since the period: ``organisation.departments_as_of``).
    """
    missing = sorted(
        (
            goal
            for goal in goals
            if goal.department_role == OwnerRole.LEAD and goal.report == ReportState.MISSING
        ),
        key=lambda goal: (goal.order, goal.pk),
    )
    reminded: dict[int, datetime.date] = {}
    if missing:
        rows = (
            ReminderLog.objects.filter(
                goal__in=[goal.pk for goal in missing], year=period.year, quarter=period.quarter
            )
            .order_by("goal_id", "-sent_on", "-sent_at")
            .values_list("goal_id", "sent_on")
        )
        for goal_id, sent_on in rows:
            reminded.setdefault(goal_id, sent_on)  # the newest first
    return DepartmentMissing(
        department,
        [MissingGoal(goal, goal.period_review, reminded.get(goal.pk)) for goal in missing],
    )


@dataclass
class LateUpdate:
    """An update that was submitted after the due date, under one of its goal's lead departments."""

    department: Department
    goal: Goal
    submitted_at: datetime.datetime
    days_late: int


def late_updates(plan: Plan, period: Quarter, goals, due_date: datetime.date) -> list[LateUpdate]:
    """
    Reported updates for ``period`` submitted after the end of the due date
    (local time), by department and goal. One query.
    """
    after_due = timezone.make_aware(
        datetime.datetime.combine(due_date + datetime.timedelta(days=1), datetime.time.min)
    )
    late = QuarterlyUpdate.objects.filter(
        goal__in=goals.filter(plan=plan).active(),
        year=period.year,
        quarter=period.quarter,
        review_state__in=SENT,
        submitted_at__gte=after_due,
    )
    submitted_at = late.filter(goal=OuterRef("goal_id")).values("submitted_at")[:1]
    links = (
        GoalDepartment.objects.filter(role=OwnerRole.LEAD, goal__in=late.values("goal_id"))
        .select_related("goal", "department")
        .annotate(submitted_at=Subquery(submitted_at))
        .order_by("department__order", "department__code", "goal__order", "goal__pk")
    )
    return [
        LateUpdate(
            department=link.department,
            goal=link.goal,
            submitted_at=link.submitted_at,
            days_late=(timezone.localdate(link.submitted_at) - due_date).days,
        )
        for link in links
    ]


@dataclass
class ChasingReport:
    """Everything the missing-and-late page shows for one plan and quarter."""

    plan: Plan
    period: Quarter
    deadline: Deadline
    takes_reports: bool
    departments: list[DepartmentMissing]
    late: list[LateUpdate]

    @property
    def missing_count(self) -> int:
        """Goals without a report, each counted once however many departments lead it."""
        return len({item.goal.pk for group in self.departments for item in group.goals})


def chasing_report(
    plan: Plan, period: Quarter, goals, today: datetime.date | None = None
) -> ChasingReport:
    """The missing and late updates of ``goals`` for ``period``. Three queries."""
    due = deadline(plan, period, today)
    return ChasingReport(
        plan=plan,
        period=period,
        deadline=due,
        takes_reports=takes_reports(plan, period, due.is_open),
        departments=missing_by_department(plan, period, goals),
        late=late_updates(plan, period, goals, due.due_date),
    )
