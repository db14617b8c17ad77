"""
Reporting periods (报送期), the writes: a plan's quarter is opened when first
needed with the plan's due day; the supervision office moves its due date,
closes and reopens it. Every change is an admin ``LogEntry`` on the period,
shown on the periods page and in the admin's history of the period.
"""

from __future__ import annotations

import datetime

from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import rules
from ..choices import PeriodState
from ..models import Plan, ReportingPeriod
from ..periods import Quarter, default_due_date
from ..progress import TIME_ELAPSED


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
    rules.require(rules.can_manage_periods, user)
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


def period_close(period: ReportingPeriod, *, user) -> None:
    """
    Close the period: from now on only a supervisor changes its updates, with
    a reason. Recorded with who and when. Supervisors only.
    """
    rules.require(rules.can_manage_periods, user)
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
    rules.require(rules.can_manage_periods, user)
    if period.is_open:
        raise ValidationError(_("%(period)s is already open.") % {"period": period.period})
    with transaction.atomic():
        period.state = PeriodState.OPEN
        period.closed_at = None
        period.closed_by = None
        period.save(update_fields=["state", "closed_at", "closed_by"])
        _log_period(period, user, _("Reopened"))
