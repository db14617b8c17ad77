"""
Queries compiled once per process and run with each request's value
(``targets.selectors.compiled``), as a goal's page reads its rows: the same rows
as the ORM's, the data of the moment, and nothing another scope may not see.
"""

from unittest.mock import ANY

import pytest

from targets.choices import OwnerRole, PeriodState, PlanState
from targets.models import GoalDepartment, Indicator, Plan, ReportingPeriod
from targets.selectors import page_cache
from targets.selectors.compiled import VALUE, compiled, related
from targets.selectors.goals import goal_frame, goal_page_goal
from targets.selectors.periods import plan_periods
from targets.selectors.plans import followed_plan_rows, followed_plans_with_periods
from tests.factories import (
    GoalCommentFactory,
    GoalFactory,
    IndicatorFactory,
    PlanFactory,
    ReportingPeriodFactory,
)

pytestmark = pytest.mark.django_db


def indicators_of(pk):
    return compiled(
        ("test: indicators", "select_related"),
        lambda: (
            Indicator.objects.filter(goal_id=VALUE)
            .select_related("goal__plan")
            .order_by("order", "pk")
        ),
    ).rows(pk)


def test_compiled_rows_are_the_orms_and_the_data_of_the_moment(
    plan, department_a, django_assert_num_queries
):
    goals = [GoalFactory(plan=plan, code=f"1.{n}", leads=[department_a]) for n in range(2)]
    for goal in goals:
        IndicatorFactory(goal=goal, name=f"{goal.code}乙", order=2)
        IndicatorFactory(goal=goal, name=f"{goal.code}甲", order=1)
    for goal in goals:
        expected = list(
            Indicator.objects.filter(goal=goal).select_related("goal__plan").order_by("order", "pk")
        )
        with django_assert_num_queries(1):  # the related rows came with them
            found = indicators_of(goal.pk)
            assert [(i.pk, i.name, i.goal.code, i.goal.plan.title) for i in found] == [
                (i.pk, i.name, i.goal.code, i.goal.plan.title) for i in expected
            ]
    # Compiled once, run again: a row added since is read, a row changed reads as it is now.
    added = IndicatorFactory(goal=goals[0], name="新增", order=0)
    Indicator.objects.filter(goal=goals[0], order=2).update(name="改名")
    assert [i.name for i in indicators_of(goals[0].pk)] == ["新增", "1.0甲", "改名"]
    assert added.pk in {i.pk for i in indicators_of(goals[0].pk)}
    assert indicators_of(-1) == []


def test_the_goal_is_compiled_per_scope(
    plan, department_a, department_b, staff_a, staff_b, supervisor
):
    """A goal's query is kept per ``visible_to`` scope: one scope's never answers another's."""
    theirs = GoalFactory(plan=plan, code="2.1", leads=[department_b])
    ours = GoalFactory(plan=plan, code="2.2", leads=[department_a])
    assert goal_page_goal(staff_a, ours.pk).code == "2.2"
    assert goal_page_goal(staff_a, theirs.pk) is None  # compiled for staff_a's scope
    assert goal_page_goal(staff_b, theirs.pk).code == "2.1"
    assert goal_page_goal(staff_b, ours.pk) is None
    assert {goal_page_goal(supervisor, g.pk).code for g in (ours, theirs)} == {"2.1", "2.2"}
    # Supported since: the next read sees it, nothing kept but the SQL.
    GoalDepartment.objects.create(
        goal=theirs, department=department_a, role=OwnerRole.SUPPORT, order=9
    )
    assert goal_page_goal(staff_a, theirs.pk).code == "2.1"


def test_the_frame_goal_is_compiled_per_scope(
    plan, department_a, department_b, staff_a, staff_b, leader, django_assert_num_queries
):
    """
    The goal a goal page reads first (``goal_frame``), with its plan and its
    page's fingerprint in one query: per ``visible_to`` scope, and a goal shared
    since, or a fingerprint changed since, shows on the next read.
    """
    theirs = GoalFactory(plan=plan, code="3.1", leads=[department_b])
    ours = GoalFactory(plan=plan, code="3.2", leads=[department_a])
    with django_assert_num_queries(1):  # the plan and the fingerprint came with it
        found = goal_frame(staff_a, ours.pk)
        assert (found.code, found.plan.title) == ("3.2", plan.title)
    assert (found.fingerprint, found.page_parts) == page_cache.goal_fingerprint_rows(ours.pk)
    assert goal_frame(staff_a, theirs.pk) is None
    assert goal_frame(staff_b, theirs.pk).code == "3.1"
    assert goal_frame(staff_b, ours.pk) is None
    assert {goal_frame(leader, g.pk).code for g in (ours, theirs)} == {"3.1", "3.2"}
    assert goal_frame(leader, -1) is None
    GoalDepartment.objects.create(
        goal=theirs, department=department_a, role=OwnerRole.SUPPORT, order=9
    )
    assert goal_frame(staff_a, theirs.pk).code == "3.1"
    # A comment since: a new fingerprint, which says the goal now has a thread.
    GoalCommentFactory(goal=ours)
    again = goal_frame(staff_a, ours.pk)
    assert again.fingerprint != found.fingerprint
    assert "comments" in again.page_parts
    assert (again.fingerprint, again.page_parts) == page_cache.goal_fingerprint_rows(ours.pk)


def test_the_plans_periods_are_read_as_they_are_now(plan, django_assert_num_queries):
    """``plan_periods``, compiled once: a period closed since is read closed."""
    other = PlanFactory(year=2024)
    first = ReportingPeriodFactory(plan=plan, quarter=1, state=PeriodState.CLOSED)
    ReportingPeriodFactory(plan=plan, quarter=2)
    ReportingPeriodFactory(plan=other, quarter=1, state=PeriodState.CLOSED)
    with django_assert_num_queries(1):
        closed, this_year = plan_periods(plan)
    assert closed == {(2023, 1)}
    assert this_year == {1: (PeriodState.CLOSED, first.due_date), 2: (PeriodState.OPEN, ANY)}
    ReportingPeriod.objects.filter(plan=plan, quarter=2).update(state=PeriodState.CLOSED)
    assert plan_periods(plan)[0] == {(2023, 1), (2023, 2)}
    assert plan_periods(other)[0] == {(2024, 1)}


def test_the_period_pickers_plans_are_read_as_they_are_now(plan, django_assert_num_queries):
    """
    The plans every period picker lists, compiled once with no value to fill in:
    a plan published, archived or drafted since, and a period reopened by an
    ``update()`` that writes no history, show on the next read.
    """
    ReportingPeriodFactory(plan=plan, quarter=1, state=PeriodState.CLOSED)
    with django_assert_num_queries(1):
        plans, periods = followed_plans_with_periods()
    assert [p.pk for p in plans] == [plan.pk]
    assert periods[plan.pk][1][0] == PeriodState.CLOSED
    newer = PlanFactory(year=2024)
    ReportingPeriod.objects.filter(plan=plan, quarter=1).update(state=PeriodState.OPEN)
    with django_assert_num_queries(1):
        plans, periods = followed_plans_with_periods()
    assert [p.pk for p in plans] == [newer.pk, plan.pk]
    assert periods[plan.pk][1][0] == PeriodState.OPEN
    assert "source_text" in plans[0].get_deferred_fields()
    Plan.objects.filter(pk=newer.pk).update(state=PlanState.DRAFT)
    assert [p.pk for p in followed_plan_rows()] == [plan.pk]


def test_rows_given_as_a_prefetch_read_nothing_and_narrowing_asks_the_relation(
    plan, department_a, django_assert_num_queries
):
    goal, other = (GoalFactory(plan=plan, code=c, leads=[department_a]) for c in ("3.1", "3.2"))
    mine = [IndicatorFactory(goal=goal, name="甲"), IndicatorFactory(goal=goal, name="乙")]
    IndicatorFactory(goal=other, name="丙")
    related(goal, "indicators", mine, back="goal")
    with django_assert_num_queries(0):
        assert list(goal.indicators.all()) == mine
        assert goal.indicators.count() == 2
        assert goal.indicators.exists()
        assert mine[0].goal is goal
    # Narrowed, they are read through the relation: this goal's rows, not the table's.
    with django_assert_num_queries(1):
        assert [i.name for i in goal.indicators.filter(name__in=["乙", "丙"])] == ["乙"]
