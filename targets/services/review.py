"""
Reviewing quarterly updates (督查审核), the writes: the supervision office
approves an update waiting for review or returns it to its department with a
comment. Every transition is an ``UpdateEvent`` (who, when, comment), and a
review is a compare-and-set on ``QuarterlyUpdate.version``, so a reviewer who
looked at an older version is told instead of approving it.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import rules
from ..choices import PlanState, ReviewState, UpdateAction
from ..models import QuarterlyUpdate, UpdateEvent
from .updates import StaleUpdate


def _review(update, *, user, action, comment, from_states, to_state, expected_version):
    rules.require(rules.can_review_updates, user)
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
    return update


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
