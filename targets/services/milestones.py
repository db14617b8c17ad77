"""
Owners' milestones (序时进度), the write: the progress a goal's lead department
expects by the end of each quarter, when the time elapsed does not fit the work.
"""

from __future__ import annotations

from django.db import transaction

from .. import rules
from ..models import Goal, GoalMilestone
from .year_end import require_year_open


def goal_milestones_set(goal: Goal, milestones: dict[int, tuple[int | None, str]], *, user):
    """
    Set the owner's expected progress per quarter: ``{quarter: (percent, note)}``;
    a percent of None removes that quarter's milestone, so it falls back to the
    time elapsed. Staff of a lead department only. Expected progress already
    saved on updates is kept: it is what the department was measured against.
    """
    rules.require(rules.can_set_milestones, user, goal)
    require_year_open(goal.plan)
    with transaction.atomic():
        existing = {m.quarter: m for m in goal.milestones.all()}
        for quarter, (percent, note) in milestones.items():
            milestone = existing.get(quarter)
            if percent is None:
                if milestone is not None:
                    milestone.delete()
            elif milestone is None:
                GoalMilestone.objects.create(
                    goal=goal, quarter=quarter, expected_percent=percent, note=note
                )
            elif (milestone.expected_percent, milestone.note) != (percent, note):
                milestone.expected_percent, milestone.note = percent, note
                milestone.save(update_fields=["expected_percent", "note"])
