"""The queue of updates waiting for review (督查审核), oldest first."""

from __future__ import annotations

from django.db.models import Prefetch

from ..choices import OwnerRole, ReviewState
from ..models import Goal, GoalDepartment, QuarterlyUpdate


def review_queue(user):
    """
    The updates ``user`` may see that wait for review, oldest first, with their
    goal, who sent them and their lead departments (``leads`` on the goal).
    """
    updates = (
        QuarterlyUpdate.objects.visible_to(user)
        .filter(review_state=ReviewState.SUBMITTED)
        .select_related("goal", "submitted_by")
        .prefetch_related(
            Prefetch(
                "goal__assignments",
                queryset=GoalDepartment.objects.filter(role=OwnerRole.LEAD).select_related(
                    "department"
                ),
                to_attr="leads",
            )
        )
        .order_by("submitted_at", "pk")
    )
    return updates


def led_by(updates, department):
    """``updates`` narrowed to the goals ``department`` leads (none for no department)."""
    return updates.filter(goal__in=Goal.objects.of_department(department, OwnerRole.LEAD))
