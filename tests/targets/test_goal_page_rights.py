"""
The goal page reads what the user may do on it from the rows it has loaded
(``rules.goal_page_rights``) instead of asking the database three
more times. Its answers must be those of the QuerySet methods the services ask
on every write: report (``Goal.objects.reportable_by``), post to the thread
(``commentable_by``) and attach evidence (``QuarterlyUpdate.objects.attachable_by``),
for every role and every state a goal and its updates can be in.
"""

import itertools

import pytest

from targets.choices import PeriodState, PlanState, ReviewState, YearState
from targets.models import Goal, QuarterlyUpdate
from targets.rules import goal_page_rights
from targets.selectors.goals import goal_page_goal
from targets.selectors.periods import closed_quarters
from targets.selectors.updates import goal_updates
from tests.factories import (
    GoalFactory,
    PlanFactory,
    QuarterlyUpdateFactory,
    ReportingPeriodFactory,
    YearEndFactory,
)

pytestmark = pytest.mark.django_db


def _goals(department_a, department_b):
    """
    A goal in every state: its plan active, archived or a draft; the plan's
    year open, closed or never ended; the goal live or archived; led by A, or
    led by B and supported by A. Each with an update in a closed period
    (approved), one returned in a closed period, one in an open period and one
    with no period.
    """
    goals = []
    states = itertools.product(
        (PlanState.ACTIVE, PlanState.ARCHIVED, PlanState.DRAFT),
        (None, YearState.OPEN, YearState.CLOSED),
    )
    for year, (plan_state, year_state) in enumerate(states, start=2023):
        plan = PlanFactory(year=year, state=plan_state)
        if year_state is not None:
            YearEndFactory(plan=plan, state=year_state)
        for quarter in (1, 2):
            ReportingPeriodFactory(plan=plan, quarter=quarter, state=PeriodState.CLOSED)
        ReportingPeriodFactory(plan=plan, quarter=3, state=PeriodState.OPEN)
        for archived, (leads, supports) in itertools.product(
            (False, True), (([department_a], []), ([department_b], [department_a]))
        ):
            goal = GoalFactory(plan=plan, archived=archived, leads=leads, supports=supports)
            for quarter, review in (
                (1, ReviewState.APPROVED),
                (2, ReviewState.RETURNED),
                (3, ReviewState.SUBMITTED),
                (4, ReviewState.DRAFT),
            ):
                QuarterlyUpdateFactory(goal=goal, year=year, quarter=quarter, review_state=review)
            goals.append(goal)
    return goals


@pytest.mark.parametrize("who", ["staff_a", "staff_b", "supervisor", "leader", "admin"])
def test_goal_page_rights_agree_with_the_querysets(request, department_a, department_b, who):
    goals = _goals(department_a, department_b)
    user = request.getfixturevalue(who)
    reportable = set(Goal.objects.reportable_by(user).values_list("pk", flat=True))
    commentable = set(Goal.objects.commentable_by(user).values_list("pk", flat=True))
    attachable = set(QuarterlyUpdate.objects.attachable_by(user).values_list("pk", flat=True))
    shown = 0
    for goal in goals:
        page_goal = goal_page_goal(user, goal.pk)
        if page_goal is None:
            continue  # a 404: the page shows nothing
        shown += 1
        updates = goal_updates(page_goal)
        rights = goal_page_rights(page_goal, user, updates, closed_quarters(goal.plan_id))
        assert rights["reportable"] == (goal.pk in reportable), goal
        assert rights["commentable"] == (goal.pk in commentable), goal
        assert rights["attachable"] == {u.pk for u in updates if u.pk in attachable}, goal
    assert shown > 0
    # Each answer is yes somewhere and no somewhere for the users who may act at all.
    if who in ("staff_a", "supervisor", "admin"):
        assert commentable and attachable and len(commentable) < len(goals)
    if who == "staff_a":
        assert reportable and len(reportable) < len(goals)
