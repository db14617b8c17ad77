"""
The supervision cycle's services: reporting periods, the suggested status and
overrides, draft → submitted → approved / returned, closed periods, and the
refusal of a write made on an older version of an update.
"""

import datetime
from decimal import Decimal

import pytest
from django.contrib.admin.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import F

from targets.choices import PeriodState, ReviewState, UpdateAction, UpdateStatus
from targets.models import GoalMilestone, QuarterlyUpdate, ReportingPeriod, UpdateEvent
from targets.periods import Quarter, default_due_date
from targets.selectors.periods import period_changes
from targets.services.milestones import goal_milestones_set
from targets.services.periods import period_close, period_for, period_reopen, period_set_due_date
from targets.services.review import quarterly_update_approve, quarterly_update_return
from targets.services.updates import StaleUpdate, UpdateData, quarterly_update_submit
from tests.factories import PlanFactory, QuarterlyUpdateFactory

pytestmark = pytest.mark.django_db

Q3 = Quarter(2023, 3)
REASON = "高企认定集中在第四季度，全年目标可以完成。"


def data(goal, **overrides):
    """Q3 figures: 60 % against 75 % expected suggests "at risk"."""
    values = {
        "status": UpdateStatus.AT_RISK,
        "percent_complete": 60,
        "progress": "截至9月底，已净增高企58家。",
        "actuals": {goal.indicators.get().pk: Decimal("58")},
        "override_reason": "",
    }
    values.update(overrides)
    return UpdateData(**values)


def submit(goal, user, *, period=Q3, **kwargs):
    options = {k: kwargs.pop(k) for k in ("draft", "expected_version", "reason") if k in kwargs}
    return quarterly_update_submit(goal, period, data(goal, **kwargs), user=user, **options)[0]


def stored(update):
    """What a refused write must leave as it was."""
    update.refresh_from_db()
    return (
        update.status,
        update.percent_complete,
        update.review_state,
        update.version,
        update.reviewed_by_id,
        update.review_comment,
        update.events.count(),
        update.history.count(),
    )


# -- reporting periods -----------------------------------------------------------------------------


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
    period_close(period, user=supervisor)
    period.refresh_from_db()
    assert (period.state, period.closed_by) == (PeriodState.CLOSED, supervisor)
    assert period.closed_at is not None
    period_reopen(period, user=supervisor)
    period.refresh_from_db()
    assert (period.state, period.closed_by, period.closed_at) == (PeriodState.OPEN, None, None)
    changes = period_changes([period])[period.pk]
    assert [(e.user, e.change_message) for e in changes] == [
        (supervisor, "重新开放"),
        (supervisor, "已截止"),
    ]


def test_period_due_date_change_is_recorded_old_and_new(plan, admin):
    period = period_for(plan, 3)
    assert period_set_due_date(period, datetime.date(2023, 9, 28), user=admin)
    assert ReportingPeriod.objects.get().due_date == datetime.date(2023, 9, 28)
    assert not period_set_due_date(period, datetime.date(2023, 9, 28), user=admin)  # unchanged
    entry = LogEntry.objects.get()
    assert entry.change_message == "截止日期 2023-09-25 → 2023-09-28"
    assert entry.get_edited_object() == period


def test_period_due_date_outside_the_year_is_refused(plan, supervisor):
    period = period_for(plan, 4)
    with pytest.raises(ValidationError, match="截止日期必须在2023年内"):
        period_set_due_date(period, datetime.date(2024, 1, 5), user=supervisor)
    assert ReportingPeriod.objects.get().due_date == datetime.date(2023, 12, 25)


@pytest.mark.parametrize("who", ["staff_a", "leader"])
def test_period_changes_are_refused_to_other_roles(plan, who, request):
    user = request.getfixturevalue(who)
    period = period_for(plan, 3)
    for change in (
        lambda: period_close(period, user=user),
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


# -- a closed period -------------------------------------------------------------------------------


def close(plan, supervisor, quarter=3):
    period = period_for(plan, quarter)
    period_close(period, user=supervisor)
    return period


def test_closed_period_refuses_staff_and_saves_nothing(goal_a, staff_a, supervisor):
    close(goal_a.plan, supervisor)
    with pytest.raises(ValidationError) as refused:
        submit(goal_a, staff_a, override_reason=REASON)
    assert "2023年第3季度报送期已于" in refused.value.messages[0]
    assert not QuarterlyUpdate.objects.exists()


def test_closed_period_accepts_a_supervisor_with_a_reason(goal_a, staff_a, supervisor):
    update = submit(goal_a, staff_a)
    quarterly_update_approve(update, user=supervisor)
    close(goal_a.plan, supervisor)

    corrected = submit(goal_a, supervisor, percent_complete=62, reason="单位来函更正完成比例。")
    assert corrected.percent_complete == 62
    assert corrected.review_state == ReviewState.APPROVED  # the reviewer's own correction
    assert corrected.submitted_by == staff_a  # still the department's report
    event = corrected.events.last()
    assert (event.action, event.actor, event.comment) == (
        UpdateAction.EDITED,
        supervisor,
        "单位来函更正完成比例。",
    )
    record = corrected.history.latest()
    assert (record.history_user, record.history_change_reason) == (
        supervisor,
        "单位来函更正完成比例。",
    )


def test_closed_period_refuses_a_supervisor_without_a_reason(goal_a, staff_a, supervisor):
    update = submit(goal_a, staff_a)
    close(goal_a.plan, supervisor)
    before = stored(update)
    with pytest.raises(ValidationError, match="必须填写修改理由"):
        submit(goal_a, supervisor, percent_complete=62, reason="  ")
    assert stored(update) == before


def test_open_period_refuses_a_supervisors_edit(goal_a, staff_a, supervisor):
    update = submit(goal_a, staff_a)
    before = stored(update)
    with pytest.raises(PermissionDenied):
        submit(goal_a, supervisor, percent_complete=62, reason="更正")
    assert stored(update) == before


def test_closed_period_without_a_report_cannot_be_filled_in_by_a_supervisor(goal_a, supervisor):
    close(goal_a.plan, supervisor)
    with pytest.raises(PermissionDenied):
        submit(goal_a, supervisor, reason="代为填报")
    assert not QuarterlyUpdate.objects.exists()


def test_returned_update_can_be_resubmitted_after_the_period_closed(goal_a, staff_a, supervisor):
    update = submit(goal_a, staff_a)
    quarterly_update_return(update, user=supervisor, comment="请补充数据来源。")
    close(goal_a.plan, supervisor)
    # Only as a submission: a draft would be out of the department's reach.
    again = submit(
        goal_a, staff_a, progress="截至9月底，已净增高企58家（来源：市科技局）。", draft=True
    )
    assert again.review_state == ReviewState.SUBMITTED
    update.refresh_from_db()
    before = stored(update)
    with pytest.raises(ValidationError):  # submitted again: locked like the rest
        submit(goal_a, staff_a, percent_complete=63)
    assert stored(update) == before


# -- suggestion and override -----------------------------------------------------------------------


def test_suggestion_and_expected_progress_are_saved(goal_a, staff_a):
    update = submit(goal_a, staff_a)
    assert (update.expected_percent, update.suggested_status, update.status) == (
        75,
        UpdateStatus.AT_RISK,
        UpdateStatus.AT_RISK,
    )
    assert update.override_reason == ""


def test_override_without_a_reason_is_refused(goal_a, staff_a):
    with pytest.raises(ValidationError) as refused:
        submit(goal_a, staff_a, status=UpdateStatus.ON_TRACK, override_reason=" ")
    assert refused.value.message_dict == {
        "override_reason": ["建议状态为“存在风险”：填报不同的状态须说明理由。"]
    }
    assert not QuarterlyUpdate.objects.exists()


def test_override_with_a_reason_keeps_both(goal_a, staff_a):
    update = submit(goal_a, staff_a, status=UpdateStatus.ON_TRACK, override_reason=REASON)
    update.refresh_from_db()
    assert (update.suggested_status, update.status, update.override_reason) == (
        UpdateStatus.AT_RISK,
        UpdateStatus.ON_TRACK,
        REASON,
    )


def test_reason_is_dropped_when_the_status_follows_the_suggestion(goal_a, staff_a):
    update = submit(goal_a, staff_a, override_reason="不需要的理由")
    assert update.override_reason == ""


def test_override_from_a_channel_without_reasons_is_kept_unexplained(goal_a, staff_a):
    """The Excel template has no reason column: the override is stored, with the suggestion."""
    update = submit(goal_a, staff_a, status=UpdateStatus.ON_TRACK, override_reason=None)
    assert (update.suggested_status, update.status, update.override_reason) == (
        UpdateStatus.AT_RISK,
        UpdateStatus.ON_TRACK,
        "",
    )


def test_expected_progress_follows_milestones(goal_a, staff_a):
    GoalMilestone.objects.create(goal=goal_a, quarter=3, expected_percent=60)
    update = submit(goal_a, staff_a, status=UpdateStatus.ON_TRACK)
    assert (update.expected_percent, update.suggested_status) == (60, UpdateStatus.ON_TRACK)


def test_every_target_met_suggests_completed(goal_a, staff_a):
    with pytest.raises(ValidationError):
        submit(goal_a, staff_a, actuals={goal_a.indicators.get().pk: Decimal(96)})
    update = submit(
        goal_a,
        staff_a,
        status=UpdateStatus.COMPLETED,
        percent_complete=100,
        actuals={goal_a.indicators.get().pk: Decimal(96)},
    )
    assert update.suggested_status == UpdateStatus.COMPLETED


# -- draft, submitted, approved, returned ----------------------------------------------------------


def actions(update):
    return list(update.events.values_list("action", "actor__username", "comment"))


def test_draft_then_submit(goal_a, staff_a):
    draft = submit(goal_a, staff_a, draft=True)
    assert (draft.review_state, draft.submitted_at, draft.version) == (ReviewState.DRAFT, None, 1)
    submitted = submit(goal_a, staff_a, expected_version=1)
    assert submitted.review_state == ReviewState.SUBMITTED
    assert submitted.submitted_at is not None and submitted.version == 2
    assert actions(submitted) == [
        (UpdateAction.SAVED, "staff_a", ""),
        (UpdateAction.SUBMITTED, "staff_a", ""),
    ]


def test_approve_and_return_are_recorded(goal_a, staff_a, supervisor):
    update = submit(goal_a, staff_a)
    quarterly_update_return(update, user=supervisor, comment="请补充数据来源。")
    update.refresh_from_db()
    assert (update.review_state, update.reviewed_by, update.review_comment) == (
        ReviewState.RETURNED,
        supervisor,
        "请补充数据来源。",
    )
    update = submit(goal_a, staff_a, progress="补充：数据来源为市科技局认定名单。")
    quarterly_update_approve(update, user=supervisor, comment="同意。")
    update.refresh_from_db()
    assert (update.review_state, update.reviewed_by) == (ReviewState.APPROVED, supervisor)
    assert update.reviewed_at is not None
    assert actions(update) == [
        (UpdateAction.SUBMITTED, "staff_a", ""),
        (UpdateAction.RETURNED, "supervisor", "请补充数据来源。"),
        (UpdateAction.SUBMITTED, "staff_a", ""),
        (UpdateAction.APPROVED, "supervisor", "同意。"),
    ]
    assert update.history.latest().history_user == supervisor


@pytest.mark.parametrize(
    ("state", "draft"),
    [
        (ReviewState.SUBMITTED, False),
        (ReviewState.SUBMITTED, True),  # a sent update cannot go back to a draft
        (ReviewState.APPROVED, False),
        (ReviewState.APPROVED, True),
    ],
)
def test_editing_a_sent_update_sends_it_back_for_review(goal_a, staff_a2, state, draft):
    QuarterlyUpdateFactory(
        goal=goal_a, quarter=3, status=UpdateStatus.AT_RISK, percent_complete=60, review_state=state
    )
    update = submit(goal_a, staff_a2, percent_complete=62, draft=draft)
    assert (update.review_state, update.percent_complete) == (ReviewState.SUBMITTED, 62)


def test_resubmitting_an_approved_update_unchanged_writes_nothing(goal_a, staff_a, supervisor):
    update = submit(goal_a, staff_a)
    quarterly_update_approve(update, user=supervisor)
    before = stored(update)
    again = submit(goal_a, staff_a, expected_version=update.version)
    assert again.version == update.version
    assert stored(update) == before
    assert before[2] == ReviewState.APPROVED


@pytest.mark.parametrize(
    ("state", "review", "message"),
    [
        (ReviewState.DRAFT, "approve", "只有待审核的进展可以审核通过"),
        (ReviewState.APPROVED, "approve", "只有待审核的进展可以审核通过"),
        (ReviewState.RETURNED, "approve", "只有待审核的进展可以审核通过"),
        (ReviewState.DRAFT, "return", "只有待审核或已审核的进展可以退回"),
        (ReviewState.RETURNED, "return", "只有待审核或已审核的进展可以退回"),
    ],
)
def test_review_from_the_wrong_state_is_refused(goal_a, supervisor, state, review, message):
    update = QuarterlyUpdateFactory(goal=goal_a, quarter=3, review_state=state)
    before = stored(update)
    with pytest.raises(ValidationError, match=message):
        if review == "approve":
            quarterly_update_approve(update, user=supervisor)
        else:
            quarterly_update_return(update, user=supervisor, comment="请修改。")
    assert stored(update) == before


def test_return_needs_a_comment(goal_a, supervisor):
    update = QuarterlyUpdateFactory(goal=goal_a, quarter=3, review_state=ReviewState.SUBMITTED)
    before = stored(update)
    with pytest.raises(ValidationError, match="退回前请填写需要牵头单位修改的内容"):
        quarterly_update_return(update, user=supervisor, comment="  ")
    assert stored(update) == before


@pytest.mark.parametrize("what", ["goal", "plan"])
def test_return_of_an_archived_goal_or_plan_is_refused(goal_a, admin, supervisor, what):
    """The department could no longer answer a return: it is refused, and approval still works."""
    from targets.services.archive import goal_archive, plan_archive

    update = QuarterlyUpdateFactory(goal=goal_a, quarter=3, review_state=ReviewState.APPROVED)
    if what == "goal":
        goal_archive(goal_a, user=admin, reason="合并到其他任务")
    else:
        plan_archive(goal_a.plan, user=admin, reason="年度结束")
    update = QuarterlyUpdate.objects.select_related("goal__plan").get(pk=update.pk)
    before = stored(update)
    with pytest.raises(ValidationError, match="已归档") as refused:
        quarterly_update_return(update, user=supervisor, comment="请补充材料。")
    assert refused.value.code == "archived"
    assert stored(update) == before


@pytest.mark.parametrize("who", ["staff_a", "leader"])
def test_review_is_refused_to_other_roles(goal_a, who, request):
    update = QuarterlyUpdateFactory(goal=goal_a, quarter=3, review_state=ReviewState.SUBMITTED)
    before = stored(update)
    with pytest.raises(PermissionDenied):
        quarterly_update_approve(update, user=request.getfixturevalue(who))
    assert stored(update) == before


# -- optimistic concurrency ------------------------------------------------------------------------


def test_second_save_on_the_same_version_is_refused(goal_a, staff_a, staff_a2):
    first = submit(goal_a, staff_a, draft=True)
    opened_at = first.version  # both colleagues open the form now
    submit(goal_a, staff_a, percent_complete=62, draft=True, expected_version=opened_at)
    update = QuarterlyUpdate.objects.get()
    before = stored(update)
    with pytest.raises(StaleUpdate) as refused:
        submit(goal_a, staff_a2, percent_complete=70, expected_version=opened_at)
    assert refused.value.current.percent_complete == 62
    assert stored(update) == before


def test_first_report_made_meanwhile_is_not_overwritten(goal_a, staff_a, staff_a2):
    submit(goal_a, staff_a)  # the colleague's form was opened before: version 0
    with pytest.raises(StaleUpdate):
        submit(goal_a, staff_a2, percent_complete=70, expected_version=0)
    assert QuarterlyUpdate.objects.get().percent_complete == 60


def test_write_between_read_and_save_is_refused_by_compare_and_set(
    goal_a, staff_a, staff_a2, monkeypatch
):
    """Even without a version from a form, the UPDATE only matches the version read."""
    submit(goal_a, staff_a)
    import targets.services.updates as updates

    real = updates.update_edit_mode

    def meanwhile(*args, **kwargs):
        QuarterlyUpdate.objects.update(version=F("version") + 1, percent_complete=64)
        return real(*args, **kwargs)

    monkeypatch.setattr(updates, "update_edit_mode", meanwhile)
    with pytest.raises(StaleUpdate):
        submit(goal_a, staff_a2, percent_complete=62)
    update = QuarterlyUpdate.objects.get()
    assert (update.percent_complete, update.version) == (64, 2)
    assert update.events.count() == 1


def test_review_of_an_update_changed_meanwhile_is_refused(goal_a, staff_a, supervisor):
    update = submit(goal_a, staff_a)
    seen = update.version  # the supervisor opens the goal page
    submit(goal_a, staff_a, percent_complete=62, expected_version=seen)
    update.refresh_from_db()
    before = stored(update)
    with pytest.raises(StaleUpdate):
        quarterly_update_approve(update, user=supervisor, expected_version=seen)
    assert stored(update) == before


# -- milestones ------------------------------------------------------------------------------------


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


def test_events_name_who_and_when(goal_a, staff_a):
    update = submit(goal_a, staff_a)
    event = UpdateEvent.objects.get(update=update)
    assert (event.action, event.actor) == (UpdateAction.SUBMITTED, staff_a)
    assert event.at is not None
