"""
What the template and the check both start from: the active plan of a year,
the message for a quarter that cannot be reported, and each goal's stored
report for a quarter with its latest one before it.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _

from ..choices import PlanState
from ..models import Plan, QuarterlyUpdate
from ..periods import Quarter


def _open_plan(year: int) -> Plan:
    plan = Plan.objects.filter(year=year, state=PlanState.ACTIVE).first()
    if plan is None:
        raise ValidationError(_("There is no active plan for %(year)s.") % {"year": year})
    return plan


def _period_error(period: Quarter) -> str:
    return _("Progress for %(period)s cannot be reported on this plan.") % {"period": period}


def _reports(goal_ids, period: Quarter) -> tuple[dict, dict]:
    """
    Each goal's report for ``period`` and its latest report before it, with
    their actual values (two queries, whatever the number of goals).
    """
    updates = (
        QuarterlyUpdate.objects.filter(goal_id__in=goal_ids)
        .filter(Q(year__lt=period.year) | Q(year=period.year, quarter__lte=period.quarter))
        .order_by("goal_id", "-year", "-quarter")
        .prefetch_related("actuals")
    )
    current, previous = {}, {}
    for update in updates:
        if update.period == period:
            current[update.goal_id] = update
        elif update.goal_id not in previous:
            previous[update.goal_id] = update
    return current, previous
