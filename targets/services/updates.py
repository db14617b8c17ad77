"""
Writes that are more than one ``save()``. Each service checks the rules that
do not depend on a form (who may write, which quarter) so that commands and
imports cannot bypass them, and runs in one transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..choices import ReviewState, UpdateStatus
from ..models import Goal, IndicatorActual, QuarterlyUpdate
from ..periods import Quarter
from ..selectors import reportable_quarters


@dataclass
class UpdateData:
    """What a department reports for a goal in a quarter."""

    status: str
    percent_complete: int
    progress: str
    problems: str = ""
    next_steps: str = ""
    actuals: dict[int, Decimal | None] | None = None  # indicator id → cumulative value


def _record(instance, user, reason: str) -> None:
    """Who made the change and why, for django-simple-history (outside a request too)."""
    instance._history_user = user
    if reason:
        instance._change_reason = reason[:100]


def quarterly_update_submit(
    goal: Goal, period: Quarter, data: UpdateData, *, user, reason: str = ""
) -> tuple[QuarterlyUpdate, bool]:
    """
    Create or replace the goal's update for ``period`` and its actual values,
    as submitted by ``user``; the history records ``user`` and ``reason``
    (e.g. "upload: 区发改局.xlsx"). Returns ``(update, created)``.

    Raises ``PermissionDenied`` unless the user may report on the goal, and
    ``ValidationError`` for a quarter that cannot be reported or an indicator
    of another goal; nothing is written in either case.
    """
    if not Goal.objects.reportable_by(user).filter(pk=goal.pk).exists():
        raise PermissionDenied(_("Only staff of the lead department can report on this goal."))
    if period not in reportable_quarters(goal.plan):
        raise ValidationError(
            _("Progress for %(period)s cannot be reported on this plan.") % {"period": period}
        )
    actuals = data.actuals or {}
    indicator_ids = set(goal.indicators.values_list("pk", flat=True))
    if not set(actuals) <= indicator_ids:
        raise ValidationError(_("An actual value was given for an indicator of another goal."))
    if data.status not in UpdateStatus.values:
        raise ValidationError(_("Unknown status."))

    with transaction.atomic():
        update = (
            QuarterlyUpdate.objects.select_for_update()
            .filter(goal=goal, year=period.year, quarter=period.quarter)
            .first()
        )
        created = update is None
        if created:
            update = QuarterlyUpdate(goal=goal, year=period.year, quarter=period.quarter)
        update.status = data.status
        update.percent_complete = data.percent_complete
        update.progress = data.progress
        update.problems = data.problems
        update.next_steps = data.next_steps
        update.submitted_by = user
        update.submitted_at = timezone.now()
        update.review_state = ReviewState.SUBMITTED
        update.full_clean()
        _record(update, user, reason)
        update.save()

        existing = {a.indicator_id: a for a in update.actuals.all()}
        for indicator_id, value in actuals.items():
            actual = existing.get(indicator_id)
            if value is None:
                if actual is not None:
                    _record(actual, user, reason)
                    actual.delete()
            elif actual is None:
                actual = IndicatorActual(update=update, indicator_id=indicator_id, value=value)
                _record(actual, user, reason)
                actual.save()
            elif actual.value != value:
                actual.value = value
                _record(actual, user, reason)
                actual.save(update_fields=["value"])
    return update, created
