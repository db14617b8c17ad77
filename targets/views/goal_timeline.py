"""
The quarter-by-quarter timeline of a goal's updates and their reviews, and the
expected progress (序时进度) per quarter, for the goal's page.
"""

from __future__ import annotations

from dataclasses import dataclass

from targets import rules
from targets.choices import PlanState, ReviewState
from targets.models import Goal, QuarterlyUpdate
from targets.progress import TIME_ELAPSED, expected_percents
from targets.selectors.periods import closed_quarters
from targets.selectors.review import ReviewCard, review_card
from targets.selectors.updates import goal_updates


@dataclass
class TimelineEntry:
    """One quarter's update as the timeline shows it, with what the user may do to it."""

    update: QuarterlyUpdate
    card: ReviewCard  # its figures against targets and the goal's last approved update
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


def goal_timeline_context(
    goal: Goal, user, *, reportable: bool | None = None, closed: set | None = None
) -> dict:
    """
    Context for templates/targets/goal/_timeline.html and _milestones.html:
    ``timeline_entries`` (newest first, each update with its events, review
    state, suggestion and review card), ``milestone_rows`` (Q1–Q4 expected progress) and
    whether the user may set milestones. A fixed number of queries; none for
    what the page has read already: whether the user may report on the goal
    (``reportable``) and the plan's closed periods (``closed``).
    """
    updates = goal_updates(goal)
    if closed is None:
        closed = closed_quarters(goal.plan_id)
    reviewer = rules.can_review_updates(user)
    corrector = rules.can_correct_updates(user)
    # A returned update needs the department's answer, which an archived goal
    # or a plan no longer followed cannot get (quarterly_update_return refuses).
    returnable = not goal.archived and goal.plan.state == PlanState.ACTIVE
    reporter = rules.can_report_on(user, goal) if reportable is None else reportable
    indicators = list(goal.indicators.all())
    approved = [update for update in updates if update.review_state == ReviewState.APPROVED]
    entries = [
        TimelineEntry(
            update=update,
            card=review_card(update, indicators, approved),
            overridden=bool(update.suggested_status) and update.suggested_status != update.status,
            may_approve=reviewer and update.review_state == ReviewState.SUBMITTED,
            may_return=reviewer
            and returnable
            and update.review_state in (ReviewState.SUBMITTED, ReviewState.APPROVED),
            period_closed=(update.year, update.quarter) in closed,
            may_edit=reporter
            and (
                (update.year, update.quarter) not in closed
                or update.review_state == ReviewState.RETURNED
            ),
            may_correct=corrector and (update.year, update.quarter) in closed,
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
