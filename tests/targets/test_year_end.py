"""
The year's end (services.year_end, selectors.year_end): final results confirmed by
the office, the year closed read-only and reopened for a reason, unfinished goals
carried into the next year's plan with links both ways, and a goal's line across years.
"""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from targets.choices import (
    GoalResult,
    GoalState,
    OwnerRole,
    PlanState,
    ReviewState,
    UpdateStatus,
    YearAction,
    YearState,
)
from targets.models import Goal, GoalCarryOver, GoalComment, QuarterlyUpdate, YearEndEvent
from targets.periods import Quarter
from targets.selectors.year_end import goal_line, suggested_result, year_end_rows
from targets.services.discussion import goal_comment_add
from targets.services.milestones import goal_milestones_set
from targets.services.periods import period_close, period_for
from targets.services.review import quarterly_update_approve
from targets.services.updates import UpdateData, quarterly_update_submit
from targets.services.year_end import (
    goal_carry,
    goal_outcome_set,
    goals_carry,
    year_close,
    year_reopen,
)
from tests.factories import (
    GoalFactory,
    IndicatorActualFactory,
    IndicatorFactory,
    LeaderFactory,
    PlanFactory,
    QuarterlyUpdateFactory,
)

pytestmark = pytest.mark.django_db


def _outcome(goal, user, result=GoalResult.NOT_COMPLETED, value="80"):
    values = {i.pk: Decimal(value) for i in goal.indicators.all()}
    return goal_outcome_set(goal, result=result, values=values, note="", user=user)


# -- final results ---------------------------------------------------------------------------


def test_goal_outcome_records_result_values_and_who_confirmed(goal_a, supervisor):
    outcome = _outcome(goal_a, supervisor, GoalResult.MOSTLY, "93")
    assert outcome.result == GoalResult.MOSTLY
    assert outcome.confirmed_by == supervisor
    assert [(v.indicator.name, v.value) for v in outcome.values.all()] == [("净增高企", 93)]
    outcome = _outcome(goal_a, supervisor, GoalResult.COMPLETED, "96")
    assert [h.result for h in outcome.history.order_by("history_date")] == ["mostly", "completed"]
    assert outcome.values.get().value == 96


def test_goal_outcome_needs_every_final_value(goal_a, supervisor):
    with pytest.raises(ValidationError, match="请填写每项指标的最终值：净增高企"):
        goal_outcome_set(goal_a, result=GoalResult.COMPLETED, values={}, user=supervisor)
    assert not hasattr(Goal.objects.get(pk=goal_a.pk), "outcome")


@pytest.mark.parametrize("role", ["staff_a", "leader"])
def test_goal_outcome_is_the_offices(goal_a, role, request):
    with pytest.raises(PermissionDenied):
        _outcome(goal_a, request.getfixturevalue(role))


def test_goal_outcome_waits_for_the_last_quarter(goal_a, supervisor, monkeypatch):
    import targets.selectors.plans

    monkeypatch.setattr(targets.selectors.plans, "current_quarter", lambda: Quarter(2023, 3))
    with pytest.raises(ValidationError, match="第四季度开始后"):
        _outcome(goal_a, supervisor)


def test_archived_goal_gets_no_final_result(goal_a, supervisor):
    goal_a.archived = True
    goal_a.save()
    with pytest.raises(ValidationError, match="已归档"):
        _outcome(goal_a, supervisor)


@pytest.mark.parametrize(
    ("state", "percent", "deadline", "expected"),
    [
        (GoalState.COMPLETED, 100, "12月底前", GoalResult.COMPLETED),
        (GoalState.ON_TRACK, 95, "12月底前", GoalResult.MOSTLY),
        (GoalState.ON_TRACK, 89, "12月底前", GoalResult.NOT_COMPLETED),
        (GoalState.AT_RISK, 40, "持续推进", GoalResult.ONGOING),
        (GoalState.UNASSESSED, 0, "", GoalResult.NOT_COMPLETED),
    ],
)
def test_suggested_result_follows_the_state(state, percent, deadline, expected):
    assert suggested_result(state, percent, deadline) == expected


def test_year_end_rows_show_state_after_q4_and_suggestion(plan, goal_a, supervisor):
    QuarterlyUpdateFactory(
        goal=goal_a, quarter=3, status=UpdateStatus.ON_TRACK, percent_complete=92
    )
    (row,) = year_end_rows(plan, Goal.objects.all())
    assert (row.state, row.percent, row.suggested, row.outcome) == (
        GoalState.ON_TRACK,
        92,
        GoalResult.MOSTLY,
        None,
    )


# -- closing and reopening -------------------------------------------------------------------


def test_year_closes_only_once_every_goal_has_its_result(plan, goal_a, supervisor):
    with pytest.raises(ValidationError, match="1项目标任务尚未确认"):
        year_close(plan, user=supervisor)
    _outcome(goal_a, supervisor)
    year_end = year_close(plan, user=supervisor)
    assert (year_end.state, year_end.closed_by) == (YearState.CLOSED, supervisor)
    with pytest.raises(ValidationError, match="已经关账"):
        year_close(plan, user=supervisor)
    assert list(YearEndEvent.objects.values_list("action", flat=True)) == [YearAction.CLOSED]


@pytest.fixture
def closed_year(plan, goal_a, supervisor):
    _outcome(goal_a, supervisor)
    year_close(plan, user=supervisor)
    return plan


Q4_2023 = Quarter(2023, 4)


def _report(goal, user, period=Q4_2023):
    data = UpdateData(status=UpdateStatus.ON_TRACK, percent_complete=90, progress="推进中。")
    return quarterly_update_submit(goal, period, data, user=user, reason="更正")


def test_closed_year_takes_no_report_correction_review_or_result(
    closed_year, goal_a, staff_a, supervisor
):
    update = QuarterlyUpdateFactory(goal=goal_a, quarter=4, review_state=ReviewState.SUBMITTED)
    before = QuarterlyUpdate.objects.get(pk=update.pk).version
    for attempt in (
        lambda: _report(goal_a, staff_a),
        lambda: _report(goal_a, supervisor),
        lambda: quarterly_update_approve(update, user=supervisor),
        lambda: _outcome(goal_a, supervisor, GoalResult.COMPLETED),
        lambda: goal_milestones_set(goal_a, {4: (100, "")}, user=staff_a),
        lambda: period_close(period_for(closed_year, 4), user=supervisor),
    ):
        with pytest.raises(ValidationError, match="2023年度已关账") as refused:
            attempt()
        assert refused.value.code == "closed"
    assert QuarterlyUpdate.objects.get(pk=update.pk).version == before
    assert goal_a.outcome.result == GoalResult.NOT_COMPLETED
    assert not goal_a.milestones.exists()


def test_closed_year_takes_no_comment_nor_evidence(closed_year, goal_a, staff_a, supervisor):
    update = QuarterlyUpdateFactory(goal=goal_a, quarter=4, review_state=ReviewState.SUBMITTED)
    assert not Goal.objects.commentable_by(staff_a).filter(pk=goal_a.pk).exists()
    assert not QuarterlyUpdate.objects.attachable_by(supervisor).filter(pk=update.pk).exists()
    with pytest.raises(PermissionDenied):
        goal_comment_add(goal_a, "还能评论吗？", user=staff_a)
    assert not GoalComment.objects.exists()


@pytest.mark.parametrize("reason", ["", "   "])
def test_reopening_needs_a_reason(closed_year, supervisor, reason):
    with pytest.raises(ValidationError, match="请填写重新开放年度的原因"):
        year_reopen(closed_year, user=supervisor, reason=reason)
    assert closed_year.year_end.state == YearState.CLOSED


def test_reopened_year_takes_reports_again_and_keeps_the_reason(
    closed_year, goal_a, staff_a, supervisor
):
    year_reopen(closed_year, user=supervisor, reason="区政府要求  更正第四季度数据。")
    update, created = _report(goal_a, staff_a)
    assert created and update.review_state == ReviewState.SUBMITTED
    event = YearEndEvent.objects.get(action=YearAction.REOPENED)
    assert (event.actor, event.reason) == (supervisor, "区政府要求 更正第四季度数据。")
    with pytest.raises(ValidationError, match="尚未关账"):
        year_reopen(closed_year, user=supervisor, reason="再次")


# -- carrying goals on -----------------------------------------------------------------------


@pytest.fixture
def next_plan(db):
    return PlanFactory(year=2024, title="2024年洪山区政府工作报告", state=PlanState.ACTIVE)


def test_carried_goal_keeps_owners_leaders_targets_and_links_both_ways(
    goal_a, department_b, next_plan, supervisor
):
    goal_a.assignments.create(department=department_b, role=OwnerRole.SUPPORT, order=5)
    goal_a.leaders.add(LeaderFactory(name="王副区长"))
    _outcome(goal_a, supervisor, GoalResult.NOT_COMPLETED, "80")
    copy = goal_carry(goal_a, next_plan, user=supervisor)
    assert (copy.plan, copy.code, copy.text) == (next_plan, "2023-2.2.3", goal_a.text)
    assert [(a.department.short_name, a.role) for a in copy.assignments.all()] == [
        ("区发改局", OwnerRole.LEAD),
        ("区科技局", OwnerRole.SUPPORT),
    ]
    assert [leader.name for leader in copy.leaders.all()] == ["王副区长"]
    indicator = copy.indicators.get()
    assert (indicator.target_value, indicator.unit, indicator.baseline) == (96, "家", 80)
    assert goal_a.carried_into.goal == copy
    assert copy.carried_from.source == goal_a
    # Its history says where it came from; the source's own stays with it.
    assert copy.history.get().history_change_reason == "carried from 2023 2.2.3"


@pytest.mark.parametrize("result", [GoalResult.COMPLETED, GoalResult.MOSTLY])
def test_finished_goals_are_not_carried(goal_a, next_plan, supervisor, result):
    _outcome(goal_a, supervisor, result, "96")
    with pytest.raises(ValidationError, match="须为“未完成”或“持续推进”"):
        goal_carry(goal_a, next_plan, user=supervisor)
    assert not next_plan.goals.exists()


def test_goal_without_result_is_not_carried(goal_a, next_plan, supervisor):
    with pytest.raises(ValidationError, match="须为“未完成”或“持续推进”"):
        goal_carry(goal_a, next_plan, user=supervisor)


def test_a_goal_is_carried_once_into_the_next_year_only(plan, goal_a, next_plan, supervisor):
    _outcome(goal_a, supervisor, GoalResult.ONGOING)
    other_year = PlanFactory(year=2025, title="2025年方案")
    with pytest.raises(ValidationError, match="下一年度"):
        goal_carry(goal_a, other_year, user=supervisor)
    goal_carry(goal_a, next_plan, user=supervisor)
    with pytest.raises(ValidationError, match="已经延续过了"):
        goal_carry(goal_a, next_plan, user=supervisor)
    assert next_plan.goals.count() == 1


def test_carrying_a_list_is_all_or_nothing(plan, goal_a, department_a, next_plan, supervisor):
    done = GoalFactory(plan=plan, code="2.2.4", leads=[department_a])
    _outcome(goal_a, supervisor, GoalResult.NOT_COMPLETED)
    _outcome(done, supervisor, GoalResult.COMPLETED)
    with pytest.raises(ValidationError, match=r"2\.2\.4"):
        goals_carry([goal_a, done], next_plan, user=supervisor)
    assert not GoalCarryOver.objects.exists() and not next_plan.goals.exists()
    undone = GoalFactory(plan=plan, code="2.2.5", leads=[department_a])
    _outcome(undone, supervisor, GoalResult.ONGOING)
    copies = goals_carry([goal_a, undone], next_plan, user=supervisor)
    assert [c.code for c in copies] == ["2023-2.2.3", "2023-2.2.5"]


@pytest.mark.parametrize("role", ["staff_a", "leader"])
def test_carrying_is_the_offices(goal_a, next_plan, supervisor, role, request):
    _outcome(goal_a, supervisor)
    with pytest.raises(PermissionDenied):
        goal_carry(goal_a, next_plan, user=request.getfixturevalue(role))


def test_carrying_from_a_closed_year_works(closed_year, goal_a, next_plan, supervisor):
    copy = goal_carry(goal_a, next_plan, user=supervisor)
    assert copy.carried_from.source == goal_a


def test_goal_line_runs_across_the_years(goal_a, next_plan, supervisor, admin, monkeypatch):
    import targets.selectors.plans

    _outcome(goal_a, supervisor)
    second = goal_carry(goal_a, next_plan, user=supervisor)
    plan_2025 = PlanFactory(year=2025, title="2025年方案", state=PlanState.DRAFT)
    monkeypatch.setattr(targets.selectors.plans, "current_quarter", lambda: Quarter(2024, 4))
    _outcome(second, supervisor, GoalResult.ONGOING)
    third = goal_carry(second, plan_2025, user=admin)  # a draft: the administrator's
    line = goal_line(second, supervisor)
    assert [(s.year, s.code, s.result, s.current) for s in line] == [
        (2023, "2.2.3", GoalResult.NOT_COMPLETED, False),
        (2024, "2023-2.2.3", GoalResult.ONGOING, True),
        (2025, "2024-2023-2.2.3", None, False),
    ]
    # The supervisor does not see the draft plan: named, not linked.
    assert [s.goal for s in line] == [goal_a, second, None]
    assert [s.goal for s in goal_line(goal_a, admin)] == [goal_a, second, third]
    assert goal_line(GoalFactory(plan=goal_a.plan, code="9.9.9"), supervisor) == []


def test_carried_goal_reports_in_its_own_year(goal_a, next_plan, supervisor, staff_a, monkeypatch):
    import targets.selectors.plans

    IndicatorActualFactory(
        update=QuarterlyUpdateFactory(goal=goal_a, quarter=3),
        indicator=goal_a.indicators.get(),
        value=Decimal("61"),
    )
    _outcome(goal_a, supervisor)
    copy = goal_carry(goal_a, next_plan, user=supervisor)
    monkeypatch.setattr(targets.selectors.plans, "current_quarter", lambda: Quarter(2024, 1))
    update, _created = _report(Goal.objects.get(pk=copy.pk), staff_a, Quarter(2024, 1))
    assert (update.year, update.quarter) == (2024, 1)
    # The source keeps its own reports.
    assert list(goal_a.updates.values_list("quarter", flat=True)) == [3]
    assert IndicatorFactory._meta.model.objects.filter(goal=copy).count() == 1
