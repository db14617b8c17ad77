"""
Reviewing updates (services.review): approving and returning, from the right
states only, by the supervision office only, never on a version it did not see.
"""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from targets.choices import ReviewState, UpdateAction
from targets.models import QuarterlyUpdate
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
