"""
Reporting periods (报送期), the writes: a plan's quarter is opened when first
needed with the plan's due day; the supervision office moves its due date,
closes it (the log says how many goals had not reported then) and reopens
it for a reason. Every change is an admin ``LogEntry`` on the period, shown
on the periods page and in the admin's history of the period.
"""

from __future__ import annotations

import datetime

from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .. import rules
from ..choices import NotificationKind, OwnerRole, PeriodState
from ..models import Department, Goal, Plan, ReportingPeriod
from ..periods import Quarter, default_due_date
from ..progress import TIME_ELAPSED
from ..selectors.chasing import missing_goals
from ..selectors.compiled import VALUE, compiled
from .notifications import actor_name, notify, quarter_link, quarter_words
from .year_end import require_year_open

# A reason is a sentence or two for the log, not a report.
REASON_MAX_LENGTH = 500


def period_for(plan: Plan, quarter: int | Quarter) -> ReportingPeriod:
    """
    The plan's reporting period for ``quarter`` (1–4, or a Quarter of the
    plan's year), created open with the default due date when first needed.
    """
    number = quarter.quarter if isinstance(quarter, Quarter) else int(quarter)
    # Read first: every update form and save asks, and a write transaction
    # (get_or_create) would take SQLite's write lock on each page view.
    # One row at most (unique per plan and quarter): by its pk, not Meta.ordering, whose
    # plan joins the plan table only to sort that one row.
    # Compiled once per process for each year and quarter, run with the plan's id.
    found = compiled(
        ("reporting period", plan.year, number),
        lambda: ReportingPeriod.objects.filter(
            plan_id=VALUE, year=plan.year, quarter=number
        ).order_by("pk")[:1],
    ).rows(plan.pk)
    if found:
        return found[0]
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
    rules.require(rules.can_manage_periods, user)
    require_year_open(period.plan)
    # Reports of a quarter are due after it begins, often after it ends (Q4's in
    # January); a due date before the quarter begins is a typing mistake.
    if due_date < period.period.first_day:
        raise ValidationError(
            _("The due date cannot be before the quarter begins (%(date)s).")
            % {"date": period.period.first_day.isoformat()},
            code="before",
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


def period_close(period: ReportingPeriod, *, user) -> int:
    """
    Close the period: from now on only a supervisor changes its updates, with
    a reason. Recorded with who and when, and how many live goals had not
    reported for it then (chasing's ``missing_goals``), which it returns.
    Supervisors only; a period already closed, by anyone, is a ``ValidationError``.
    """
    rules.require(rules.can_manage_periods, user)
    require_year_open(period.plan)
    now = timezone.now()
    with transaction.atomic():
        # Compare-and-set on the state: of two supervisors closing at once, one
        # closes and logs, the other is told it is closed already.
        claimed = ReportingPeriod.objects.filter(pk=period.pk, state=PeriodState.OPEN).update(
            state=PeriodState.CLOSED, closed_at=now, closed_by=user
        )
        if not claimed:
            raise ValidationError(
                _("%(period)s is already closed.") % {"period": period.period}, code="state"
            )
        period.state, period.closed_at, period.closed_by = PeriodState.CLOSED, now, user
        missing = missing_goals(period.plan, period.period, Goal.objects.all()).count()
        if missing:
            message = ngettext(
                "Closed (%(count)s goal had not reported)",
                "Closed (%(count)s goals had not reported)",
                missing,
            ) % {"count": missing}
        else:
            message = _("Closed")
        _log_period(period, user, message)
        _tell_plan(period, NotificationKind.PERIOD_CLOSED, user)
    return missing


def _tell_plan(period: ReportingPeriod, kind: str, user, reason: str = "") -> None:
    """The departments that lead the plan's live goals hear of their period, and the office."""
    plan = period.plan
    notify(
        kind,
        link=quarter_link(period.year, period.quarter),
        params={
            **quarter_words(period.year, period.quarter),
            "plan": plan.title,
            "actor": actor_name(user),
            "reason": reason,
        },
        departments=Department.objects.filter(
            assignments__goal__plan=plan,
            assignments__goal__archived=False,
            assignments__role=OwnerRole.LEAD,
        ).distinct(),
        office=True,
        actor=user,
        plan=plan,
        period=period,
    )


def period_reopen(period: ReportingPeriod, *, user, reason: str) -> None:
    """
    Reopen a closed period so departments can report again. The reason is
    required and recorded in the period's change log ("Reopened: …").
    Supervisors only; an empty or overlong reason, or a period already open,
    is a ``ValidationError`` and changes nothing.
    """
    rules.require(rules.can_manage_periods, user)
    require_year_open(period.plan)
    reason = " ".join((reason or "").split())  # one line in the log
    if not reason:
        raise ValidationError(_("Say why the period is reopened."), code="reason")
    if len(reason) > REASON_MAX_LENGTH:
        raise ValidationError(
            _("Keep the reason to %(limit_value)s characters.")
            % {"limit_value": REASON_MAX_LENGTH},
            code="reason",
        )
    with transaction.atomic():
        claimed = ReportingPeriod.objects.filter(pk=period.pk, state=PeriodState.CLOSED).update(
            state=PeriodState.OPEN, closed_at=None, closed_by=None
        )
        if not claimed:
            raise ValidationError(
                _("%(period)s is already open.") % {"period": period.period}, code="state"
            )
        period.state, period.closed_at, period.closed_by = PeriodState.OPEN, None, None
        _log_period(period, user, _("Reopened: %(reason)s") % {"reason": reason})
        _tell_plan(period, NotificationKind.PERIOD_OPENED, user, reason)
