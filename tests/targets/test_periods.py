"""
Reporting periods (services.periods): opened when first needed with the plan's due
day, due dates moved, closed (with the number of goals not reported) and reopened for a
reason by the supervision office, each change recorded.
"""

import datetime

import pytest
from django.contrib.admin.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError

from targets.choices import PeriodState
from targets.models import Goal, ReportingPeriod
from targets.periods import Quarter, default_due_date
from targets.selectors.chasing import missing_goals
from targets.selectors.periods import period_changes
from targets.services.periods import period_close, period_for, period_reopen, period_set_due_date
from tests.factories import GoalFactory, PlanFactory, QuarterlyUpdateFactory

pytestmark = pytest.mark.django_db


def test_period_for_creates_an_open_period_due_on_the_plans_day(plan):
    period = period_for(plan, 3)
    assert (period.year, period.quarter, period.state) == (2023, 3, PeriodState.OPEN)
    assert period.due_date == datetime.date(2023, 9, 25)
    assert period_for(plan, Quarter(2023, 3)) == period
    assert ReportingPeriod.objects.count() == 1


@pytest.mark.parametrize(
    ("due_day", "quarter", "due"),
    [
        (31, 1, datetime.date(2023, 3, 31)),
        (31, 2, datetime.date(2023, 6, 30)),  # June has 30 days
        (31, 3, datetime.date(2023, 9, 30)),
        (31, 4, datetime.date(2023, 12, 31)),
        (10, 2, datetime.date(2023, 6, 10)),
    ],
)
def test_default_due_date_is_clamped_to_the_month(due_day, quarter, due):
    plan = PlanFactory(year=2023, due_day=due_day)
    assert default_due_date(plan, quarter) == due
    assert period_for(plan, quarter).due_date == due


def test_period_close_and_reopen_are_recorded(plan, supervisor):
    period = period_for(plan, 3)
    assert period_close(period, user=supervisor) == 0
    period.refresh_from_db()
    assert (period.state, period.closed_by) == (PeriodState.CLOSED, supervisor)
    assert period.closed_at is not None
    period_reopen(period, user=supervisor, reason="区政府要求补报  第三季度\n重点项目。")
    period.refresh_from_db()
    assert (period.state, period.closed_by, period.closed_at) == (PeriodState.OPEN, None, None)
    changes = period_changes([period])[period.pk]
    assert [(e.user, e.change_message) for e in changes] == [
        (supervisor, "重新开放，原因：区政府要求补报 第三季度 重点项目。"),
        (supervisor, "已截止"),
    ]


def test_period_close_records_how_many_goals_had_not_reported(
    plan, goal_a, department_a, supervisor
):
    """The goals chasing counts as missing: none, a draft, a returned update; not a sent one."""
    missing = [goal_a]
    for review_state in ("draft", "returned", "submitted", "approved"):
        goal = GoalFactory(plan=plan, leads=[department_a])
        QuarterlyUpdateFactory(goal=goal, quarter=3, review_state=review_state)
        if review_state in ("draft", "returned"):
            missing.append(goal)
    done = GoalFactory(plan=plan, leads=[department_a])  # completed in Q2: need not report
    QuarterlyUpdateFactory(goal=done, quarter=2, status="completed", percent_complete=100)
    GoalFactory(plan=plan, leads=[department_a], archived=True)
    period = period_for(plan, 3)
    assert missing_goals(plan, period.period, Goal.objects.all()).count() == 3
    assert period_close(period, user=supervisor) == 3
    assert LogEntry.objects.get().change_message == "已截止（截止时尚有3项目标任务未报送）"


@pytest.mark.parametrize(
    ("reason", "message"),
    [
        ("", "请填写重新开放报送期的原因。"),
        (" \n ", "请填写重新开放报送期的原因。"),
        (None, "请填写重新开放报送期的原因。"),
        ("长" * 501, "原因不能超过500个字。"),
    ],
)
def test_period_reopen_without_a_reason_is_refused(plan, supervisor, reason, message):
    period = period_for(plan, 3)
    period_close(period, user=supervisor)
    with pytest.raises(ValidationError, match=message):
        period_reopen(period, user=supervisor, reason=reason)
    period.refresh_from_db()
    assert period.state == PeriodState.CLOSED
    assert LogEntry.objects.count() == 1


def test_period_closed_by_someone_else_meanwhile_is_refused(plan, supervisor, admin):
    period = period_for(plan, 3)
    seen = ReportingPeriod.objects.get(pk=period.pk)  # the other supervisor's page
    period_close(period, user=admin)
    with pytest.raises(ValidationError, match="已经截止"):
        period_close(seen, user=supervisor)
    assert ReportingPeriod.objects.get().closed_by == admin
    assert LogEntry.objects.count() == 1


def test_period_due_date_change_is_recorded_old_and_new(plan, admin):
    period = period_for(plan, 3)
    assert period_set_due_date(period, datetime.date(2023, 9, 28), user=admin)
    assert ReportingPeriod.objects.get().due_date == datetime.date(2023, 9, 28)
    assert not period_set_due_date(period, datetime.date(2023, 9, 28), user=admin)  # unchanged
    entry = LogEntry.objects.get()
    assert entry.change_message == "截止日期 2023-09-25 → 2023-09-28"
    assert entry.get_edited_object() == period


def test_period_due_date_before_the_quarter_is_refused(plan, supervisor):
    period = period_for(plan, 4)
    with pytest.raises(ValidationError, match="截止日期不能早于本季度开始的日期（2023-10-01）"):
        period_set_due_date(period, datetime.date(2023, 9, 30), user=supervisor)
    assert ReportingPeriod.objects.get().due_date == datetime.date(2023, 12, 25)


def test_period_due_date_may_fall_in_the_next_year(plan, supervisor):
    """Offices often want Q4's reports in January."""
    period = period_for(plan, 4)
    assert period_set_due_date(period, datetime.date(2024, 1, 5), user=supervisor)
    assert ReportingPeriod.objects.get().due_date == datetime.date(2024, 1, 5)


@pytest.mark.parametrize("who", ["staff_a", "leader"])
def test_period_changes_are_refused_to_other_roles(plan, who, request):
    user = request.getfixturevalue(who)
    period = period_for(plan, 3)
    for change in (
        lambda: period_close(period, user=user),
        lambda: period_reopen(period, user=user, reason="补报"),
        lambda: period_set_due_date(period, datetime.date(2023, 9, 1), user=user),
    ):
        with pytest.raises(PermissionDenied):
            change()
    period.refresh_from_db()
    assert (period.state, period.due_date) == (PeriodState.OPEN, datetime.date(2023, 9, 25))
    assert not LogEntry.objects.exists()


def test_period_closed_twice_is_refused(plan, supervisor):
    period = period_for(plan, 3)
    period_close(period, user=supervisor)
    with pytest.raises(ValidationError, match="已经截止"):
        period_close(period, user=supervisor)
    assert LogEntry.objects.count() == 1


def test_followed_plans_with_periods_reads_what_default_quarter_would(plan):
    """
    The period picker's one query: the followed plans in their order, each with
    the periods of its own year only (not a period of the next year, not another
    plan's), and the quarter a page opens on the same as ``default_quarter`` finds.
    """
    from targets.choices import PlanState
    from targets.selectors.plans import default_quarter, followed_plans, followed_plans_with_periods
    from tests.factories import ReportingPeriodFactory

    older = PlanFactory(year=2022, state=PlanState.ARCHIVED)
    PlanFactory(year=2024, state=PlanState.DRAFT)  # not followed
    ReportingPeriodFactory(plan=plan, quarter=3, state=PeriodState.CLOSED)
    ReportingPeriodFactory(plan=plan, quarter=4, due_date=datetime.date(2024, 1, 5))
    ReportingPeriodFactory(plan=plan, year=2024, quarter=1)  # work run into the next year
    ReportingPeriodFactory(plan=older, quarter=4, state=PeriodState.CLOSED)

    plans, periods = followed_plans_with_periods()

    assert plans == list(followed_plans()) == [plan, older]
    assert periods == {
        plan.pk: {
            3: (PeriodState.CLOSED, datetime.date(2023, 9, 25)),
            4: (PeriodState.OPEN, datetime.date(2024, 1, 5)),
        },
        older.pk: {4: (PeriodState.CLOSED, datetime.date(2022, 12, 25))},
    }
    for each in plans:
        assert default_quarter(each, periods[each.pk]) == default_quarter(each)
    assert default_quarter(plan, periods[plan.pk]) == Quarter(2023, 4)
