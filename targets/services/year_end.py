"""
The year's end, the writes: each goal's final result with its indicators'
final values (confirmed by the office), the year closed and reopened for a
reason, and unfinished goals carried on into the next year's plan.

A closed year is read-only: ``require_year_open`` is asked by every service
that changes a plan's goals, reports, reviews, periods or milestones, and
``Goal.commentable_by`` / ``QuarterlyUpdate.attachable_by`` leave its goals out.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .. import rules
from ..choices import CARRIED_RESULTS, GoalResult, PlanState, YearAction, YearState
from ..models import (
    Goal,
    GoalCarryOver,
    GoalDepartment,
    GoalOutcome,
    Indicator,
    IndicatorOutcome,
    Plan,
    YearEnd,
    YearEndEvent,
)
from ..selectors.year_end import is_year_closed, year_is_over
from .common import record_change

REASON_MAX_LENGTH = 500
NOTE_MAX_LENGTH = 2000


def closed_year_message(plan: Plan) -> str:
    return _(
        "The year %(year)s is closed: its goals, reports and final results can no longer be "
        "changed. The supervision office may reopen it, giving a reason."
    ) % {"year": plan.year}


def require_year_open(plan: Plan) -> None:
    """A ``ValidationError`` (code ``closed``) when the plan's year is closed."""
    if is_year_closed(plan):
        raise ValidationError(closed_year_message(plan), code="closed")


def _require_year_over(plan: Plan) -> None:
    if not year_is_over(plan):
        raise ValidationError(
            _("Final results are given once the last quarter of %(year)s has begun.")
            % {"year": plan.year},
            code="early",
        )


# -- final results ---------------------------------------------------------------------------


def goal_outcome_set(
    goal: Goal, *, result: str, values: dict[int, Decimal], note: str = "", user
) -> GoalOutcome:
    """
    Record (or change) the goal's final result and the final value of every
    one of its indicators (``{indicator id: value}``), as confirmed by
    ``user`` now. The office only (``PermissionDenied``); a closed year, a
    year whose last quarter has not begun, an archived goal, an unknown
    result, a missing value or one of another goal's indicators is a
    ``ValidationError`` and writes nothing. History keeps every change.
    """
    rules.require(rules.can_close_year, user)
    plan = goal.plan
    require_year_open(plan)
    _require_year_over(plan)
    if goal.archived:
        raise ValidationError(_("An archived goal gets no final result."), code="archived")
    if result not in GoalResult.values:
        raise ValidationError(_("Choose a final result."), code="result")
    note = (note or "").strip()
    if len(note) > NOTE_MAX_LENGTH:
        raise ValidationError(
            _("Keep the note to %(limit_value)s characters.") % {"limit_value": NOTE_MAX_LENGTH}
        )
    indicators = {i.pk: i for i in goal.indicators.all()}
    if not set(values) <= set(indicators):
        raise ValidationError(_("A final value was given for an indicator of another goal."))
    missing = [i.name for pk, i in indicators.items() if values.get(pk) is None]
    if missing:
        raise ValidationError(
            _("Give the final value of every indicator: %(names)s.")
            % {"names": "、".join(missing)},
            code="values",
        )
    with transaction.atomic():
        outcome = GoalOutcome.objects.filter(goal=goal).first() or GoalOutcome(goal=goal)
        outcome.result, outcome.note = result, note
        outcome.confirmed_by, outcome.confirmed_at = user, timezone.now()
        record_change(outcome, user)
        outcome.save()
        stored = {v.indicator_id: v for v in outcome.values.all()}
        for pk, value in values.items():
            row = stored.get(pk) or IndicatorOutcome(outcome=outcome, indicator_id=pk)
            if row.pk is None or row.value != value:
                row.value = value
                record_change(row, user)
                row.save()
    return outcome


# -- closing and reopening -------------------------------------------------------------------


def _claim_year_end(plan: Plan) -> YearEnd:
    year_end, _created = YearEnd.objects.get_or_create(plan=plan)
    # The plan answers ``is_year_closed`` from this row from now on (the one changed below).
    plan._state.fields_cache["year_end"] = year_end
    return year_end


def year_close(plan: Plan, *, user) -> YearEnd:
    """
    Close the plan's year: from now on nothing of it changes until the office
    reopens it. Every live goal must have its final result; the last quarter
    must have begun. The office only; recorded as a ``YearEndEvent``.
    """
    rules.require(rules.can_close_year, user)
    _require_year_over(plan)
    without = Goal.objects.filter(plan=plan, archived=False, outcome__isnull=True).count()
    if without:
        raise ValidationError(
            ngettext(
                "%(count)s goal has no final result yet: confirm it before closing the year.",
                "%(count)s goals have no final result yet: confirm them before closing the year.",
                without,
            )
            % {"count": without},
            code="results",
        )
    now = timezone.now()
    with transaction.atomic():
        year_end = _claim_year_end(plan)
        # Compare-and-set on the state: of two supervisors closing at once, one closes.
        claimed = YearEnd.objects.filter(pk=year_end.pk, state=YearState.OPEN).update(
            state=YearState.CLOSED, closed_at=now, closed_by=user
        )
        if not claimed:
            raise ValidationError(
                _("The year %(year)s is already closed.") % {"year": plan.year}, code="state"
            )
        year_end.refresh_from_db()
        YearEndEvent.objects.create(year_end=year_end, action=YearAction.CLOSED, actor=user)
    return year_end


def year_reopen(plan: Plan, *, user, reason: str) -> YearEnd:
    """
    Reopen a closed year for a reason (required, kept with who and when).
    The office only; an empty or overlong reason, or a year not closed, is a
    ``ValidationError`` and changes nothing.
    """
    rules.require(rules.can_close_year, user)
    reason = " ".join((reason or "").split())
    if not reason:
        raise ValidationError(_("Say why the year is reopened."), code="reason")
    if len(reason) > REASON_MAX_LENGTH:
        raise ValidationError(
            _("Keep the reason to %(limit_value)s characters.")
            % {"limit_value": REASON_MAX_LENGTH},
            code="reason",
        )
    with transaction.atomic():
        year_end = _claim_year_end(plan)
        claimed = YearEnd.objects.filter(pk=year_end.pk, state=YearState.CLOSED).update(
            state=YearState.OPEN, closed_at=None, closed_by=None
        )
        if not claimed:
            raise ValidationError(
                _("The year %(year)s is not closed.") % {"year": plan.year}, code="state"
            )
        year_end.refresh_from_db()
        YearEndEvent.objects.create(
            year_end=year_end, action=YearAction.REOPENED, actor=user, reason=reason
        )
    return year_end


# -- carrying goals on -----------------------------------------------------------------------


def _check_carry(goal: Goal, target: Plan) -> None:
    outcome = GoalOutcome.objects.filter(goal=goal).first()
    names = {"goal": goal.code}
    if outcome is None or outcome.result not in CARRIED_RESULTS:
        raise ValidationError(
            _("%(goal)s is carried on only once its final result is not completed or ongoing.")
            % names,
            code="result",
        )
    if GoalCarryOver.objects.filter(source=goal).exists():
        raise ValidationError(_("%(goal)s has already been carried on.") % names, code="carried")
    if target.year != goal.plan.year + 1 or target.state == PlanState.ARCHIVED:
        raise ValidationError(
            _("Goals are carried into a plan of the next year that is not archived."),
            code="plan",
        )


def _carried_code(goal: Goal, target: Plan) -> str:
    """``2023-2.2.3``: the year and code it comes from, unique in the target plan."""
    code = f"{goal.plan.year}-{goal.code}"[:28]
    taken = set(
        Goal.objects.filter(plan=target, code__startswith=code).values_list("code", flat=True)
    )
    candidate, number = code, 2
    while candidate in taken:
        candidate, number = f"{code}~{number}", number + 1
    return candidate


def _copy_goal(goal: Goal, target: Plan, *, user, order: int) -> Goal:
    """The goal as the next year's: text, owners, leaders, targets (baseline: the final value)."""
    reason = f"carried from {goal.plan.year} {goal.code}"
    copy = Goal(
        plan=target,
        code=_carried_code(goal, target),
        order=order,
        title=goal.title,
        text=goal.text,
        deadline_text=goal.deadline_text,
        key=goal.key,
        category=goal.category,
    )
    record_change(copy, user, reason)
    copy.save()
    for owner in goal.assignments.all():
        link = GoalDepartment(
            goal=copy, department_id=owner.department_id, role=owner.role, order=owner.order
        )
        record_change(link, user, reason)
        link.save()
    copy.leaders.set(goal.leaders.all())
    finals = dict(
        IndicatorOutcome.objects.filter(outcome__goal=goal).values_list("indicator_id", "value")
    )
    for indicator in goal.indicators.all():
        new = Indicator(
            goal=copy,
            name=indicator.name,
            phrase=indicator.phrase,
            comparator=indicator.comparator,
            target_value=indicator.target_value,
            target_value_max=indicator.target_value_max,
            unit=indicator.unit,
            baseline=finals.get(indicator.pk, indicator.baseline),
            order=indicator.order,
        )
        record_change(new, user, reason)
        new.save()
    GoalCarryOver.objects.create(source=goal, goal=copy, carried_by=user)
    return copy


def goals_carry(goals: list[Goal], target: Plan, *, user) -> list[Goal]:
    """
    Carry ``goals`` on into ``target``, the next year's plan: each a new goal
    with the same text, owners, leaders and targets (each target's baseline
    the final value), linked both ways to the goal it continues, whose own
    updates and history stay where they are. One transaction: if one goal
    cannot be carried (its final result is not unfinished or ongoing, it was
    carried already, the plan is not the next year's), none is. The office only.
    """
    rules.require(rules.can_carry_goals, user)
    if not goals:
        raise ValidationError(_("Select the goals to carry on."), code="empty")
    require_year_open(target)
    errors = []
    for goal in goals:
        try:
            _check_carry(goal, target)
        except ValidationError as error:
            errors.extend(error.messages)
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            # Two carries at once into one plan: the plan row serialises them.
            Plan.objects.select_for_update().filter(pk=target.pk).get()
            start = Goal.objects.filter(plan=target).aggregate(last=Max("order"))["last"] or 0
            copies = [
                _copy_goal(goal, target, user=user, order=start + index)
                for index, goal in enumerate(goals, start=1)
            ]
    except IntegrityError as error:  # the same goal carried by someone else meanwhile
        raise ValidationError(
            _("A goal was carried on by someone else meanwhile."), code="carried"
        ) from error
    return copies


def goal_carry(goal: Goal, target: Plan, *, user) -> Goal:
    """Carry one goal on into the next year's plan (see ``goals_carry``)."""
    return goals_carry([goal], target, user=user)[0]
