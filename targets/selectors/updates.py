"""
Quarterly updates as pages and workbooks read them: a goal's updates with
everything its page shows, each goal's report for a quarter with its
latest one before it (the quarterly workbook's starting point and check),
and the goal as the update form and its save read it.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext as _

from ..choices import PlanState
from ..models import (
    Goal,
    GoalMilestone,
    IndicatorActual,
    Plan,
    QuarterlyUpdate,
    UpdateAttachment,
    UpdateEvent,
)
from ..periods import Quarter
from .compiled import VALUE, compiled, related
from .goals import goal_measures
from .page_cache import user_scope


def update_form_goal(user, pk) -> Goal | None:
    """
    The goal of the update form (and of its save) if ``user`` may see it
    (``Goal.objects.visible_to``), else None; with whether the user may report
    on it (``with_reportable_by``), its plan and year end, its indicators and
    milestones (``goals.goal_measures``; the milestones' query only when the
    goal's row says it has some): what the form, the suggested status and the
    save read.

    Each query is compiled once per process (``selectors.compiled``; the goal's
    for each scope, ``page_cache.user_scope``: all ``visible_to`` and
    ``reportable_by`` decide by) and run with the goal's id: building and
    compiling the goal's query (its two subqueries) and the two prefetches cost
    more than running them. A goal out of sight reads no row, hence None.
    """
    if not user.is_authenticated:  # no scope to key by: nothing to see
        return None
    found = compiled(
        ("update form: goal", user_scope(user)),
        lambda: (
            Goal.objects.visible_to(user)
            .with_reportable_by(user)
            .select_related("plan__year_end")
            # Most goals set no milestone (the time elapsed is their expected
            # progress): known with the goal, their query is then not run.
            .annotate(has_milestones=Exists(GoalMilestone.objects.filter(goal_id=OuterRef("pk"))))
            .filter(pk=VALUE)
            .order_by()
        ),
    ).rows(pk)
    if not found:
        return None
    goal = goal_measures(found[0], milestones=found[0].has_milestones)
    # Whether this user may report was read for their scope, which is all it
    # depends on; the query compiled for another user of the scope names that
    # user, so the goal is marked as read for this one (``Goal.is_reportable_by``).
    goal.reportable_for_user = user.pk
    return goal


def quarter_update(goal: Goal, period: Quarter, *, shown: bool) -> QuarterlyUpdate | None:
    """
    The goal's update for ``period`` (one at most: a unique constraint), None
    before the first report, with its actual values as a prefetch leaves them
    (``update.actuals.all()`` reads nothing more): the form and its snapshot
    show them, the save compares the values posted with them. ``shown``: with
    who saved it and who returned it, as the form's page names them.

    Compiled once per process for each quarter and ``shown`` (``selectors.compiled``),
    run with the goal's id, then the update's; a quarter no plan can report
    (a form posted with another year) is read as before, not compiled.
    """

    def build(goal_id=VALUE):
        # No ordering: one row, and the model's joins the goal and the plan.
        updates = QuarterlyUpdate.objects.filter(
            goal_id=goal_id, year=period.year, quarter=period.quarter
        ).order_by()
        return updates.select_related("submitted_by", "reviewed_by") if shown else updates

    if period.year == goal.plan.year:
        found = compiled(("update form: update", period, shown), build).rows(goal.pk)
    else:  # any year a form may post: not one compiled query each
        found = list(build(goal.pk)[:1])
    if not found:
        return None
    update = found[0]
    # As ``goal.updates`` leaves it: the update's goal is the one in hand.
    QuarterlyUpdate._meta.get_field("goal").set_cached_value(update, goal)
    actuals = compiled(
        ("update form: values",),
        # Unordered: they are read into dicts by indicator.
        lambda: IndicatorActual.objects.filter(update_id=VALUE).order_by(),
    ).rows(update.pk)
    related(update, "actuals", actuals, back="update")
    return update


def goal_updates(goal: Goal, parts=None) -> list[QuarterlyUpdate]:
    """
    The goal's updates, newest first, with everything the goal's page shows of
    them: who sent and reviewed them, their actual values, review events and
    attachments. Loaded once per goal instance: the timeline, the charts, the
    latest values and the evidence all read this list instead of querying the
    updates again each. The actual values are joined to the goal's indicators
    in Python rather than by one more query.

    One query per kind of row, each for the whole goal (its updates' values,
    events, attachments), compiled once per process (``selectors.compiled``) and
    given to each update as a prefetch leaves them (``compiled.related``).
    ``parts``: which of the goal's tables have rows (``page_cache.goal_fingerprint_rows``;
    None when not known): the events and the evidence are read only when the goal
    has some, and are otherwise no rows without a query.
    """
    if "updates" in getattr(goal, "_prefetched_objects_cache", {}):
        return list(goal.updates.all())
    updates = _goal_rows("updates", goal.pk)
    related(goal, "updates", updates, back="goal")
    kinds = [("actuals", "values")]
    for relation, part in (("events", "events"), ("attachments", "evidence")):
        kinds.append((relation, relation if parts is None or part in parts else None))
    for relation, name in kinds:
        of_update = {update.pk: [] for update in updates}
        if name is not None and updates:
            for row in _goal_rows(name, goal.pk):
                of_update[row.update_id].append(row)
        for update in updates:
            related(update, relation, of_update[update.pk], back="update")
    actuals = [actual for update in updates for actual in update.actuals.all()]
    if actuals:
        indicators = {i.pk: i for i in goal.indicators.all()}
        for actual in actuals:
            actual.indicator = indicators[actual.indicator_id]
    return list(updates)


# What a goal's page reads of its updates, each for the goal ``VALUE`` stands for. Each
# kind in its model's order within an update (grouped by update in Python, which keeps
# that order). Not the models' own ordering, which begins with the update and so joins
# the update, its goal and its plan only to sort rows by them.
_GOAL_ROWS = {
    "updates": lambda: (
        QuarterlyUpdate.objects.filter(goal_id=VALUE)
        .order_by("-year", "-quarter")
        .select_related("submitted_by", "reviewed_by")
    ),
    "values": lambda: IndicatorActual.objects.filter(update__goal_id=VALUE).order_by(
        "indicator__order", "indicator_id"
    ),
    "events": lambda: (
        UpdateEvent.objects.filter(update__goal_id=VALUE)
        .select_related("actor")
        .order_by("at", "pk")
    ),
    "attachments": lambda: (
        UpdateAttachment.objects.filter(update__goal_id=VALUE)
        .select_related("uploaded_by")
        .order_by("uploaded_at", "pk")
    ),
}


def _goal_rows(name: str, pk: int) -> list:
    return compiled(("goal page", name), _GOAL_ROWS[name]).rows(pk)


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
