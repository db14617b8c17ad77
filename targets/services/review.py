"""
Reviewing quarterly updates (督查审核), the writes: the supervision office
approves an update waiting for review or returns it to its department with a
comment. Every transition is an ``UpdateEvent`` (who, when, comment), and a
review is a compare-and-set on ``QuarterlyUpdate.version``, so a reviewer who
looked at an older version is told instead of approving it. Several updates
are approved together in one transaction, all or none.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import rules
from ..choices import NotificationKind, PlanState, ReviewState, UpdateAction
from ..models import QuarterlyUpdate, UpdateEvent
from .notifications import (
    actor_name,
    goal_owners,
    goal_words,
    notify,
    quarter_words,
    update_link,
)
from .updates import StaleUpdate
from .year_end import require_year_open


def _review(update, *, user, action, comment, from_states, to_state, expected_version):
    rules.require(rules.can_review_updates, user)
    require_year_open(update.goal.plan)
    if update.review_state not in from_states:
        if action == UpdateAction.APPROVED:
            message = _("Only an update waiting for review can be approved.")
        else:
            message = _("Only an update waiting for review or approved can be returned.")
        raise ValidationError(message, code="state")
    version = update.version if expected_version is None else expected_version
    now = timezone.now()
    with transaction.atomic():
        # Compare-and-set in one UPDATE: a department's edit (or another
        # reviewer) since the page was opened makes this match no row.
        claimed = QuarterlyUpdate.objects.filter(
            pk=update.pk, version=version, review_state=update.review_state
        ).update(version=F("version") + 1)
        if not claimed:
            raise StaleUpdate(QuarterlyUpdate.objects.filter(pk=update.pk).first())
        update.version = version + 1
        update.review_state = to_state
        update.reviewed_by = user
        update.reviewed_at = now
        update.review_comment = comment
        update._history_user = user
        update.save(
            update_fields=[
                "version",
                "review_state",
                "reviewed_by",
                "reviewed_at",
                "review_comment",
                "updated_at",
            ]
        )
        UpdateEvent.objects.create(update=update, action=action, actor=user, comment=comment)
        _tell_department(update, action, user, comment)
    return update


def _tell_department(update, action, user, comment) -> None:
    """The department hears of its update's review, in the review's transaction."""
    kind = (
        NotificationKind.UPDATE_RETURNED
        if action == UpdateAction.RETURNED
        else NotificationKind.UPDATE_APPROVED
    )
    goal = update.goal
    notify(
        kind,
        link=update_link(update),
        params={
            **goal_words(goal),
            **quarter_words(update.year, update.quarter),
            "actor": actor_name(user),
            "comment": comment[:200],
        },
        departments=goal_owners(goal, leads_only=True),
        actor=user,
        plan=goal.plan_id,
        goal=goal,
        update=update,
    )


def quarterly_update_approve(
    update: QuarterlyUpdate, *, user, comment: str = "", expected_version: int | None = None
) -> QuarterlyUpdate:
    """
    Approve an update waiting for review (审核通过): dashboards count it from
    now on. Supervisors and admins only (``PermissionDenied``); an update in
    another state is a ``ValidationError``; one changed since
    ``expected_version`` raises ``StaleUpdate``. Nothing is written then.
    """
    return _review(
        update,
        user=user,
        action=UpdateAction.APPROVED,
        comment=(comment or "").strip(),
        from_states=(ReviewState.SUBMITTED,),
        to_state=ReviewState.APPROVED,
        expected_version=expected_version,
    )


def quarterly_update_return(
    update: QuarterlyUpdate, *, user, comment: str, expected_version: int | None = None
) -> QuarterlyUpdate:
    """
    Return an update to its department with a comment saying what to fix
    (退回). Waiting or already approved updates can be returned; the comment
    is required. An update of an archived goal, or of a plan no longer
    active, is not returned (``ValidationError``): the department could not
    answer. Same refusals as ``quarterly_update_approve``.
    """
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError(
            _("Say what the department should correct before returning the update."),
            code="comment",
        )
    goal = update.goal
    # A return asks the department for an answer it could no longer give.
    if goal.archived or goal.plan.state != PlanState.ACTIVE:
        raise ValidationError(
            _(
                "This goal is archived or its plan is no longer followed: the department "
                "can no longer change the update, so it cannot be returned."
            ),
            code="archived",
        )
    return _review(
        update,
        user=user,
        action=UpdateAction.RETURNED,
        comment=comment,
        from_states=(ReviewState.SUBMITTED, ReviewState.APPROVED),
        to_state=ReviewState.RETURNED,
        expected_version=expected_version,
    )


@dataclass
class Refusal:
    """One update of a batch that could not be approved, and why (in the user's language)."""

    update: QuarterlyUpdate
    reason: str
    current: QuarterlyUpdate | None = None  # as stored now, when it changed under the reviewer


class BatchRefused(Exception):
    """A batch approval wrote nothing: ``refusals`` says which updates stood in the way."""

    def __init__(self, refusals: list[Refusal]):
        super().__init__("batch refused")
        self.refusals = refusals


def quarterly_updates_approve(
    batch: list[tuple[QuarterlyUpdate, int]], *, user
) -> list[QuarterlyUpdate]:
    """
    Approve several updates waiting for review at once (批量审核通过): each
    through ``quarterly_update_approve`` with the version the reviewer saw
    (compare-and-set), each recorded as its own ``UpdateEvent``. One
    transaction: if any one is no longer waiting or changed since that
    version, nothing is approved and ``BatchRefused`` lists every such update
    and why. Supervisors and admins only (``PermissionDenied``).
    """
    rules.require(rules.can_review_updates, user)
    if not batch:
        raise ValidationError(_("Select the updates to approve."), code="empty")
    refusals = []
    with transaction.atomic():
        for update, version in batch:
            if update.review_state != ReviewState.SUBMITTED:
                reason = _("It is no longer waiting for review: it is now %(state)s.") % {
                    "state": update.get_review_state_display()
                }
                refusals.append(Refusal(update, reason))
                continue
            try:
                quarterly_update_approve(update, user=user, expected_version=version)
            except StaleUpdate as stale:
                reason = _("It changed after you opened the page.")
                refusals.append(Refusal(update, reason, current=stale.current))
            except ValidationError as error:
                refusals.append(Refusal(update, " ".join(error.messages)))
        if refusals:
            # Leaving the block by an exception rolls back the approvals made so far.
            raise BatchRefused(refusals)
    return [update for update, _version in batch]
