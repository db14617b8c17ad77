"""
The quarter-by-quarter timeline of a goal's updates and their reviews, and the
expected progress (序时进度) per quarter, for the goal's page.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch

from targets.choices import PeriodState, ReviewState
from targets.models import Goal, QuarterlyUpdate, ReportingPeriod, UpdateEvent
from targets.progress import TIME_ELAPSED, expected_percents
from targets.services import can_supervise


@dataclass
class TimelineEntry:
    """One quarter's update as the timeline shows it, with what the user may do to it."""

    update: QuarterlyUpdate
    overridden: bool  # the reported status differs from the suggested one
    may_approve: bool
    may_return: bool
    period_closed: bool
    may_edit: bool  # the lead department, while it may still change it
    may_correct: bool  # the supervision office, after the period closed

    @property
    def may_review(self) -> bool:
        return self.may_approve or self.may_return


@dataclass
class MilestoneRow:
    quarter: int
    expected_percent: int
    from_milestone: bool  # set by the owner, not the time elapsed
    note: str


def goal_timeline_context(goal: Goal, user) -> dict:
    """
    Context for templates/targets/goal/_timeline.html and _milestones.html:
    ``timeline_entries`` (newest first, each update with its events, review
    state and suggestion), ``milestone_rows`` (Q1–Q4 expected progress) and
    whether the user may set milestones. A fixed number of queries.
    """
    updates = list(
        goal.updates.order_by("-year", "-quarter")
        .select_related("submitted_by", "reviewed_by")
        .prefetch_related(
            "actuals__indicator",
            Prefetch("events", queryset=UpdateEvent.objects.select_related("actor")),
        )
    )
    closed = set(
        ReportingPeriod.objects.filter(plan_id=goal.plan_id, state=PeriodState.CLOSED).values_list(
            "year", "quarter"
        )
    )
    reviewer = can_supervise(user)
    reporter = Goal.objects.reportable_by(user).filter(pk=goal.pk).exists()
    entries = [
        TimelineEntry(
            update=update,
            overridden=bool(update.suggested_status) and update.suggested_status != update.status,
            may_approve=reviewer and update.review_state == ReviewState.SUBMITTED,
            may_return=reviewer
            and update.review_state in (ReviewState.SUBMITTED, ReviewState.APPROVED),
            period_closed=(update.year, update.quarter) in closed,
            may_edit=reporter
            and (
                (update.year, update.quarter) not in closed
                or update.review_state == ReviewState.RETURNED
            ),
            may_correct=reviewer and (update.year, update.quarter) in closed,
        )
        for update in updates
    ]

    milestones = {m.quarter: m for m in goal.milestones.all()}
    expected = expected_percents(goal, milestones.values())
    rows = [
        MilestoneRow(
            quarter=q,
            expected_percent=expected[q],
            from_milestone=q in milestones,
            note=milestones[q].note if q in milestones else "",
        )
        for q in TIME_ELAPSED
    ]
    return {
        "timeline_entries": entries,
        "milestone_rows": rows,
        "has_milestones": bool(milestones),
        "may_set_milestones": reporter,
    }
