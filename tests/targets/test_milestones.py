"""
Owners' milestones (services.milestones): set, changed and removed by the lead
department's staff only.
"""

import pytest
from django.core.exceptions import PermissionDenied

from targets.models import GoalMilestone
from targets.services.milestones import goal_milestones_set

pytestmark = pytest.mark.django_db


def test_milestones_are_set_changed_and_removed(goal_a, staff_a):
    goal_milestones_set(goal_a, {1: (0, "选址"), 2: (20, "开工"), 3: (None, "")}, user=staff_a)
    assert list(goal_a.milestones.values_list("quarter", "expected_percent", "note")) == [
        (1, 0, "选址"),
        (2, 20, "开工"),
    ]
    goal_milestones_set(goal_a, {1: (None, ""), 2: (30, "开工")}, user=staff_a)
    assert list(goal_a.milestones.values_list("quarter", "expected_percent", "note")) == [
        (2, 30, "开工"),
    ]


@pytest.mark.parametrize("who", ["staff_b", "supervisor", "leader"])
def test_milestones_are_the_owners(goal_a, who, request):
    with pytest.raises(PermissionDenied):
        goal_milestones_set(goal_a, {2: (10, "")}, user=request.getfixturevalue(who))
    assert not GoalMilestone.objects.exists()
