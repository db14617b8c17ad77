"""
The supervision cycle's writes: reporting periods (opened when first needed,
due dates moved, closed and reopened by the supervision office), owners'
milestones, and the review of quarterly updates (approve, return).

Every review transition is an ``UpdateEvent`` (who, when, comment); every
change to a period is an admin ``LogEntry`` on it, shown on the periods page
and in the admin's history of the period.
"""

from __future__ import annotations

import datetime

from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from ..choices import PeriodState, PlanState, ReviewState, UpdateAction
from ..models import Goal, GoalMilestone, Plan, QuarterlyUpdate, ReportingPeriod, UpdateEvent
from ..periods import Quarter, default_due_date
from ..progress import TIME_ELAPSED


class StaleUpdate(Exception):
    """
    The update changed since the user's form was opened (its ``version``
    moved on); nothing was written. ``current`` is the update as stored now.
    """

    def __init__(self, current: QuarterlyUpdate | None):
        super().__init__("stale update")
        self.current = current


def can_supervise(user) -> bool:
    """Supervisors (督查室) and administrators run periods and review updates."""
    return bool(user.is_authenticated and user.supervises)


def _require_supervisor(user, message: str) -> None:
    if not can_supervise(user):
        raise PermissionDenied(message)


# -- reporting periods --------------------------------------------------------------------------


def period_for(plan: Plan, quarter: int | Quarter) -> ReportingPeriod:
    """
    The plan's reporting period for ``quarter`` (1–4, or a Quarter of the
    plan's year), created open with the default due date when first needed.
    """
    number = quarter.quarter if isinstance(quarter, Quarter) else int(quarter)
    # Read first: every update form and save asks, and a write transaction
    # (get_or_create) would take SQLite's write lock on each page view.
    period = ReportingPeriod.objects.filter(plan=plan, year=plan.year, quarter=number).first()
    if period is not None:
        return period
    try:
        with transaction.atomic():
            period, _created = ReportingPeriod.objects.get_or_create(
                plan=plan,
                year=plan.year,
                quarter=number,
                defaults={"due_date": default_due_date(plan, number)},
            )
    except IntegrityError:  # created by a parallel request between the get and the create
        period = ReportingPeriod.objects.get(plan=plan, year=plan.year, quarter=number)
    return period


def periods_for(plan: Plan) -> list[ReportingPeriod]:
    """The plan's four periods, Q1–Q4, creating those that do not exist yet."""
    existing = {p.quarter: p for p in ReportingPeriod.objects.filter(plan=plan, year=plan.year)}
    return [existing.get(q) or period_for(plan, q) for q in TIME_ELAPSED]


def _log_period(period: ReportingPeriod, user, message: str) -> None:
    """The change in the admin log of the period: who, when, what."""
    LogEntry.objects.create(
        user_id=user.pk,
        content_type_id=ContentType.objects.get_for_model(ReportingPeriod).pk,
        object_id=str(period.pk),
        object_repr=str(period)[:200],
        action_flag=CHANGE,
        change_message=message,
    )


def period_set_due_date(period: ReportingPeriod, due_date: datetime.date, *, user) -> bool:
    """
    Move the period's due date; recorded with the old and new dates. Returns
    False (and records nothing) when the date is unchanged. Supervisors only.
    """
    _require_supervisor(user, _("Only the supervision office manages reporting periods."))
    if due_date.year != period.year:
        raise ValidationError(
            _("The due date must be in %(year)s.") % {"year": period.year}, code="year"
        )
    if due_date == period.due_date:
        return False
    with transaction.atomic():
        old = period.due_date
        period.due_date = due_date
        period.save(update_fields=["due_date"])
        _log_period(
            period,
            user,
            _("Due date %(old)s → %(new)s") % {"old": old.isoformat(), "new": due_date.isoformat()},
        )
    return True


def period_close(period: ReportingPeriod, *, user) -> None:
    """
    Close the period: from now on only a supervisor changes its updates, with
    a reason. Recorded with who and when. Supervisors only.
    """
    _require_supervisor(user, _("Only the supervision office manages reporting periods."))
    if not period.is_open:
        raise ValidationError(_("%(period)s is already closed.") % {"period": period.period})
    with transaction.atomic():
        period.state = PeriodState.CLOSED
        period.closed_at = timezone.now()
        period.closed_by = user
        period.save(update_fields=["state", "closed_at", "closed_by"])
        _log_period(period, user, _("Closed"))


def period_reopen(period: ReportingPeriod, *, user) -> None:
    """Reopen a closed period so departments can report again; recorded. Supervisors only."""
    _require_supervisor(user, _("Only the supervision office manages reporting periods."))
    if period.is_open:
        raise ValidationError(_("%(period)s is already open.") % {"period": period.period})
    with transaction.atomic():
        period.state = PeriodState.OPEN
        period.closed_at = None
        period.closed_by = None
        period.save(update_fields=["state", "closed_at", "closed_by"])
        _log_period(period, user, _("Reopened"))


def period_changes(periods) -> dict[int, list[LogEntry]]:
    """The recorded changes of ``periods`` (newest first), by period id; one query."""
    ids = [str(p.pk) for p in periods]
    entries = (
        LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(ReportingPeriod), object_id__in=ids
        )
        .select_related("user")
        .order_by("-action_time", "-pk")
    )
    changes: dict[int, list[LogEntry]] = {p.pk: [] for p in periods}
    for entry in entries:
        changes[int(entry.object_id)].append(entry)
    return changes


# -- milestones ---------------------------------------------------------------------------------


def goal_milestones_set(goal: Goal, milestones: dict[int, tuple[int | None, str]], *, user):
    """
    Set the owner's expected progress per quarter: ``{quarter: (percent, note)}``;
    a percent of None removes that quarter's milestone, so it falls back to the
    time elapsed. Staff of a lead department only. Expected progress already
    saved on updates is kept: it is what the department was measured against.
    """
    if not goal.is_reportable_by(user):
        raise PermissionDenied(_("Only staff of the lead department can set the milestones."))
    with transaction.atomic():
        existing = {m.quarter: m for m in goal.milestones.all()}
        for quarter, (percent, note) in milestones.items():
            milestone = existing.get(quarter)
            if percent is None:
                if milestone is not None:
                    milestone.delete()
            elif milestone is None:
                GoalMilestone.objects.create(
                    goal=goal, quarter=quarter, expected_percent=percent, note=note
                )
            elif (milestone.expected_percent, milestone.note) != (percent, note):
                milestone.expected_percent, milestone.note = percent, note
                milestone.save(update_fields=["expected_percent", "note"])


# -- review -------------------------------------------------------------------------------------


def _review(update, *, user, action, comment, from_states, to_state, expected_version):
    _require_supervisor(user, _("Only the supervision office reviews updates."))
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
