"""
Quarterly updates as pages and workbooks read them: a goal's updates with
everything its page shows, and each goal's report for a quarter with its
latest one before it (the quarterly workbook's starting point and check).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db.models import Prefetch, Q, QuerySet, prefetch_related_objects
from django.utils.translation import gettext as _

from ..choices import PlanState
from ..models import (
    Goal,
    IndicatorActual,
    Plan,
    QuarterlyUpdate,
    UpdateAttachment,
    UpdateEvent,
)
from ..periods import Quarter


def goal_updates(goal: Goal, parts=None) -> list[QuarterlyUpdate]:
    """
    The goal's updates, newest first, with everything the goal's page shows of
    them: who sent and reviewed them, their actual values, review events and
    attachments. Loaded once per goal instance: the timeline, the charts, the
    latest values and the evidence all read this list instead of querying the
    updates again each. The actual values are joined to the goal's indicators
    in Python rather than by one more query.

    ``parts``: which of the goal's tables have rows (``page_cache.goal_fingerprint_rows``;
    None when not known): the events and the evidence are read only when the goal
    has some, and are otherwise no rows without a query.
    """
    if "updates" not in getattr(goal, "_prefetched_objects_cache", {}):
        # Each kind in its model's order within an update. Not the models' own
        # ordering, which begins with the update and so joins the update, its goal
        # and its plan only to sort rows by them.
        kinds = [
            Prefetch(
                "actuals",
                queryset=IndicatorActual.objects.order_by("indicator__order", "indicator_id"),
            )
        ]
        absent = []
        if parts is None or "events" in parts:
            kinds.append(
                Prefetch(
                    "events",
                    queryset=UpdateEvent.objects.select_related("actor").order_by("at", "pk"),
                )
            )
        else:
            absent.append(("events", UpdateEvent))
        if parts is None or "evidence" in parts:
            kinds.append(
                Prefetch(
                    "attachments",
                    queryset=UpdateAttachment.objects.select_related("uploaded_by").order_by(
                        "uploaded_at", "pk"
                    ),
                )
            )
        else:
            absent.append(("attachments", UpdateAttachment))
        prefetch_related_objects(
            [goal],
            Prefetch(
                "updates",
                queryset=QuarterlyUpdate.objects.order_by("-year", "-quarter")
                .select_related("submitted_by", "reviewed_by")
                .prefetch_related(*kinds),
            ),
        )
        for update in goal.updates.all():
            for name, model in absent:
                prefetched_none(update, name, model)
        actuals = [actual for update in goal.updates.all() for actual in update.actuals.all()]
        if actuals:
            indicators = {i.pk: i for i in goal.indicators.all()}
            for actual in actuals:
                actual.indicator = indicators[actual.indicator_id]
    return list(goal.updates.all())


def prefetched_none(instance, name: str, model) -> None:
    """
    ``instance.<name>.all()`` (a reverse foreign key of ``model`` rows) answered
    with no rows and no query, as a prefetch that found none leaves it: for a
    part its page knows to be empty (``goal_updates``' ``parts``).
    """
    rows = QuerySet(model=model)
    rows._result_cache = []
    rows._prefetch_done = True
    cache = instance.__dict__.setdefault("_prefetched_objects_cache", {})
    cache[name] = rows


def active_plan(year: int) -> Plan:
    """The active plan of ``year``, else a ``ValidationError`` saying there is none."""
    plan = Plan.objects.filter(year=year, state=PlanState.ACTIVE).first()
    if plan is None:
        raise ValidationError(_("There is no active plan for %(year)s.") % {"year": year})
    return plan


def reports_for(goal_ids, period: Quarter) -> tuple[dict, dict]:
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
