"""
Reviewing updates (services.review): approving and returning, from the right
states only, by the supervision office only, never on a version it did not see.
"""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from targets.choices import ReviewState, UpdateAction, UpdateStatus
from targets.models import QuarterlyUpdate
from targets.periods import Quarter
from targets.services.review import quarterly_update_approve, quarterly_update_return
from targets.services.updates import StaleUpdate
from tests.factories import QuarterlyUpdateFactory
from tests.targets.submissions import actions, stored, submit

pytestmark = pytest.mark.django_db


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


def test_review_of_an_update_changed_meanwhile_is_refused(goal_a, staff_a, supervisor):
    update = submit(goal_a, staff_a)
    seen = update.version  # the supervisor opens the goal page
    submit(goal_a, staff_a, percent_complete=62, expected_version=seen)
    update.refresh_from_db()
    before = stored(update)
    with pytest.raises(StaleUpdate):
        quarterly_update_approve(update, user=supervisor, expected_version=seen)
    assert stored(update) == before


# -- approving several together --------------------------------------------------------------------


def test_batch_approval_approves_each_with_its_event(goal_a, staff_a, supervisor):
    from targets.services.review import quarterly_updates_approve

    q2 = submit(goal_a, staff_a, period=Quarter(2023, 2), status=UpdateStatus.ON_TRACK)
    q3 = submit(goal_a, staff_a)
    quarterly_updates_approve([(q2, q2.version), (q3, q3.version)], user=supervisor)
    for update in (q2, q3):
        update.refresh_from_db()
        assert update.review_state == ReviewState.APPROVED
        assert actions(update)[-1] == (UpdateAction.APPROVED, "supervisor", "")


@pytest.mark.parametrize("problem", ["stale", "returned"])
def test_batch_approval_with_one_refused_approves_none(goal_a, staff_a, supervisor, problem):
    from targets.services.review import BatchRefused, quarterly_updates_approve

    good = submit(goal_a, staff_a, period=Quarter(2023, 2), status=UpdateStatus.ON_TRACK)
    bad = submit(goal_a, staff_a)
    seen = bad.version
    if problem == "stale":
        submit(goal_a, staff_a, percent_complete=62, expected_version=seen)
    else:
        quarterly_update_return(bad, user=supervisor, comment="请补充。")
    bad = QuarterlyUpdate.objects.get(pk=bad.pk)
    before = stored(good), stored(bad)
    with pytest.raises(BatchRefused) as refused:
        quarterly_updates_approve([(good, good.version), (bad, seen)], user=supervisor)
    assert [(r.update.pk, r.reason) for r in refused.value.refusals] == [
        (
            bad.pk,
            "您打开页面后，该进展已有修改。"
            if problem == "stale"
            else "该进展已不在待审核状态（当前为：已退回）。",
        )
    ]
    assert (stored(good), stored(bad)) == before  # the first approval was rolled back


def test_batch_approval_is_the_supervision_offices(goal_a, staff_a, supervisor):
    from targets.services.review import quarterly_updates_approve

    update = submit(goal_a, staff_a)
    before = stored(update)
    with pytest.raises(PermissionDenied):
        quarterly_updates_approve([(update, update.version)], user=staff_a)
    with pytest.raises(ValidationError, match="请勾选要审核通过的进展"):
        quarterly_updates_approve([], user=supervisor)
    assert stored(update) == before


# -- the review card -------------------------------------------------------------------------------


def test_card_is_unchanged_only_when_status_share_and_every_value_repeat(goal_a):
    from decimal import Decimal

    from targets.selectors.review import review_card
    from tests.factories import IndicatorActualFactory

    indicator = goal_a.indicators.get()
    q2 = QuarterlyUpdateFactory(goal=goal_a, quarter=2, percent_complete=50, progress="甲")
    IndicatorActualFactory(update=q2, indicator=indicator, value=Decimal("40"))
    q3 = QuarterlyUpdateFactory(
        goal=goal_a, quarter=3, percent_complete=50, progress="乙", review_state="submitted"
    )
    indicators = [indicator]

    def card():
        return review_card(QuarterlyUpdate.objects.get(pk=q3.pk), indicators, [q2])

    assert not card().unchanged  # a value reported before is missing now
    actual = IndicatorActualFactory(update=q3, indicator=indicator, value=Decimal("40.0000"))
    assert card().unchanged  # the narrative may differ
    assert [part.changed for part in card().narrative] == [True, False, False]
    actual.value = Decimal("41")
    actual.save()
    assert not card().unchanged
    assert review_card(q3, indicators, []).baseline is None
    assert not review_card(q3, indicators, []).unchanged  # nothing to compare with
