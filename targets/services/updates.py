"""
Writing a quarterly update (季度进展): the one write path of the web form, the
Excel upload and commands. It checks who may write and when (reporting
periods), computes expected progress and the suggested status, moves the
update through review (draft → submitted), records every step as an
``UpdateEvent`` and refuses a form opened on an older version.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from decimal import Decimal

from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from .. import rules
from ..choices import NotificationKind, ReviewState, UpdateAction, UpdateStatus
from ..formatting import format_number
from ..models import Goal, IndicatorActual, QuarterlyUpdate, ReportingPeriod, UpdateEvent
from ..periods import Quarter
from ..progress import ProgressValues, expected_percent, suggest_status
from ..selectors.plans import reportable_quarters
from ..selectors.states import SENT
from .common import record_change
from .notifications import actor_name, goal_owners, goal_words, notify, quarter_words
from .periods import period_for
from .year_end import require_year_open


@dataclass
class UpdateData:
    """
    What a department reports for a goal in a quarter. ``override_reason``
    explains a status other than the suggested one; None means the channel
    has no place for a reason (the Excel template), so none is required.
    """

    status: str
    percent_complete: int
    progress: str
    problems: str = ""
    next_steps: str = ""
    actuals: dict[int, Decimal | None] | None = None  # indicator id → cumulative value
    override_reason: str | None = None


class StaleUpdate(Exception):
    """
    The update changed since the user's form was opened (its ``version``
    moved on); nothing was written. ``current`` is the update as stored now.
    """

    def __init__(self, current: QuarterlyUpdate | None):
        super().__init__("stale update")
        self.current = current


# How a user may change a goal's update for a quarter.
REPORT = "report"  # staff of a lead department, while the period is open
RESUBMIT = "resubmit"  # staff answering a return after the period closed: submit only
CORRECT = "correct"  # a supervisor, after the period closed, with a reason


def closed_message(period: ReportingPeriod) -> str:
    return _(
        "Reporting for %(period)s closed on %(date)s: changes are no longer accepted. "
        "Ask the supervision office (督查室) if something must be corrected."
    ) % {
        "period": period.period,
        "date": (period.closed_at or timezone.now()).date().isoformat(),
    }


def quarter_refusal(period: Quarter) -> str:
    """Why ``period`` cannot be reported: another year's quarter, or one not begun."""
    return _("Progress for %(period)s cannot be reported on this plan.") % {"period": period}


def update_edit_mode(
    goal: Goal,
    period: Quarter,
    user,
    update: QuarterlyUpdate | None,
    reporting_period: ReportingPeriod | None = None,
) -> str:
    """
    How ``user`` may change the goal's update for ``period``: ``REPORT``
    (staff of a lead department, period open), ``RESUBMIT`` (the same staff
    correcting an update the supervision office returned, after the period
    closed: a return asks for an answer, so it reopens that one update for
    them, to be submitted again) or ``CORRECT`` (a supervisor or admin
    changing an existing update after its period closed).

    ``reporting_period``: the plan's period for ``period`` when the caller
    has just read it (the form view shows it too), else it is read here.

    Raises ``PermissionDenied`` when the role cannot change it at all, and
    ``ValidationError`` (code ``closed``, ``quarter``) when the period (or the
    whole year) has closed for staff or the quarter cannot be reported on
    this plan. A closed year is closed to everyone, the office included.
    """
    rules.require(rules.can_edit_update, user, goal)
    require_year_open(goal.plan)
    reporter = rules.can_report_on(user, goal)
    if period not in reportable_quarters(goal.plan):
        raise ValidationError(quarter_refusal(period), code="quarter")
    if reporting_period is None:
        reporting_period = period_for(goal.plan, period)
    if reporter:
        if reporting_period.is_open:
            return REPORT
        if update is not None and update.review_state == ReviewState.RETURNED:
            return RESUBMIT
        raise ValidationError(closed_message(reporting_period), code="closed")
    if reporting_period.is_open:
        raise PermissionDenied(
            _(
                "Only staff of the lead department can report on this goal. While the period "
                "is open, return the update to them with a comment instead."
            )
        )
    if update is None:
        raise PermissionDenied(
            _(
                "%(period)s is closed and the department did not report: reopen the period "
                "so that they can."
            )
            % {"period": period}
        )
    return CORRECT


def quarterly_update_submit(
    goal: Goal,
    period: Quarter,
    data: UpdateData,
    *,
    user,
    reason: str = "",
    draft: bool = False,
    expected_version: int | None = None,
    comment: str = "",
    read: tuple[QuarterlyUpdate | None, ReportingPeriod] | None = None,
) -> tuple[QuarterlyUpdate, bool]:
    """
    Create or change the goal's update for ``period`` and its actual values
    as ``user``; returns ``(update, created)``. Staff submit it for review
    (``review_state`` submitted), or keep it as a draft with ``draft=True``;
    editing an update already submitted or approved sends it back to review.
    A supervisor may change an update after its period closed, only with a
    ``reason`` (recorded as an EDITED event); its review state is kept.

    The expected progress and the suggested status are computed and saved;
    a different status needs ``data.override_reason`` unless it is None.
    ``expected_version`` is the version the user's form was opened on (0:
    no update yet); a mismatch raises ``StaleUpdate``. History records ``user``
    and ``reason`` (e.g. "upload: 区发改局.xlsx"); ``comment`` goes on the event
    of a department's write. A change that alters nothing writes nothing.

    ``read``: the update (None before the first report) and the reporting
    period, when the caller has just read them for ``period`` (the form view
    reads both to show the form): not read again. Stale by the time of the
    write, the version claimed in the write refuses it, as for any update read
    before a parallel save.

    Raises ``PermissionDenied`` or ``ValidationError`` (see
    ``update_edit_mode``; also for an indicator of another goal, an unknown
    status, a missing reason); nothing is written in any of these cases.
    """
    if read is None:
        existing = _stored_update(goal.pk, period)
        reporting_period = None
    else:
        existing, reporting_period = read
    mode = update_edit_mode(goal, period, user, existing, reporting_period)
    indicators = _checked_submission(goal, data, existing, mode, reason, expected_version)

    expected = expected_percent(goal, period.quarter)
    stored_actuals = _stored_actuals(existing)
    actuals = data.actuals or {}
    new_values = _values_after(indicators, actuals, stored_actuals)
    progress = ProgressValues(data.percent_complete, indicators, new_values)
    suggested = suggest_status(progress, expected, goal.plan)
    override = _override_reason(data, suggested, existing)
    review_state, action = _next_state(mode, draft, existing)
    if _resends_unchanged(existing, review_state, data, override, new_values, stored_actuals):
        return existing, False

    with transaction.atomic():
        created = existing is None
        update = existing or QuarterlyUpdate(goal=goal, year=period.year, quarter=period.quarter)
        _fill(update, data, suggested=suggested, override=override, expected=expected)
        update.review_state = review_state
        if mode != CORRECT:
            _set_author(update, user)
        _save(update, user, reason, created=created)
        _write_actuals(update, actuals, stored_actuals, user, reason)
        note = reason.strip() if mode == CORRECT else comment
        UpdateEvent.objects.create(update=update, action=action, actor=user, comment=note)
        if action == UpdateAction.SUBMITTED:
            _tell_office(goal, update, user)
    return update, created


def _tell_office(goal: Goal, update: QuarterlyUpdate, user) -> None:
    """The supervision office hears of an update waiting for review, in its transaction."""
    department = user.department or next(iter(goal_owners(goal, leads_only=True)), None)
    notify(
        NotificationKind.UPDATE_SUBMITTED,
        link=goal.get_absolute_url(),
        params={
            **goal_words(goal),
            **quarter_words(update.year, update.quarter),
            "actor": actor_name(user),
            "department": str(department or ""),
        },
        office=True,
        actor=user,
        plan=goal.plan_id,
        goal=goal,
        update=update,
    )


def _fill(update: QuarterlyUpdate, data: UpdateData, *, suggested, override, expected) -> None:
    """The reported values, and what Luoshi worked out from them."""
    update.status = data.status
    update.percent_complete = data.percent_complete
    update.progress = data.progress
    update.problems = data.problems
    update.next_steps = data.next_steps
    update.suggested_status = suggested
    update.override_reason = override
    update.expected_percent = expected


def _set_author(update: QuarterlyUpdate, user) -> None:
    """The department's author of the update (also of a draft), and when it was sent."""
    update.submitted_by = user
    if update.review_state == ReviewState.SUBMITTED:
        update.submitted_at = timezone.now()


def _checked_submission(goal, data: UpdateData, existing, mode, reason, expected_version) -> list:
    """
    The goal's indicators, once what is submitted has passed the checks that
    need no form: a reason for a correction, indicators of this goal, a known
    status, and the version the form was opened on (``StaleUpdate``).
    """
    if mode == CORRECT and not reason.strip():
        raise ValidationError(
            _("Give the reason for changing an update after its period closed."),
            code="reason",
        )
    indicators = list(goal.indicators.all())
    if not set(data.actuals or {}) <= {i.pk for i in indicators}:
        raise ValidationError(_("An actual value was given for an indicator of another goal."))
    if data.status not in UpdateStatus.values:
        raise ValidationError(_("Unknown status."))
    if expected_version is not None:
        current_version = existing.version if existing else 0
        if current_version != expected_version:
            raise StaleUpdate(existing)
    return indicators


def _values_after(indicators, actuals: dict, stored_actuals: dict) -> dict:
    """Each indicator's value once this write is done: the given one, else the stored one."""
    return {
        i.pk: actuals[i.pk]
        if i.pk in actuals
        else (stored_actuals[i.pk].value if i.pk in stored_actuals else None)
        for i in indicators
    }


def _resends_unchanged(existing, review_state, data, override, new_values, stored_actuals) -> bool:
    """Sending again what is already sent (or approved), with the same values, changes nothing."""
    if existing is None or not (
        review_state == existing.review_state
        or (review_state == ReviewState.SUBMITTED and existing.review_state in SENT)
    ):
        return False
    return (
        (existing.status, existing.percent_complete, existing.override_reason)
        == (data.status, data.percent_complete, override)
        and same_text(existing.progress, data.progress)
        and same_text(existing.problems, data.problems)
        and same_text(existing.next_steps, data.next_steps)
        and all(
            (stored_actuals[i].value if i in stored_actuals else None) == value
            for i, value in new_values.items()
        )
    )


def _stored_actuals(existing: QuarterlyUpdate | None) -> dict[int, IndicatorActual]:
    """
    The update's actual values by indicator: those read with it when the caller
    did (``selectors.updates.quarter_update``, as a prefetch leaves them), else read
    now. Read before the write either way: the version claimed in it refuses a
    write if they changed since (this service moves the version with every value).
    """
    if existing is None:
        return {}
    if "actuals" in getattr(existing, "_prefetched_objects_cache", {}):
        return {a.indicator_id: a for a in existing.actuals.all()}
    # A dict: their order is not needed (the model's ordering joins the update and the goal).
    return {a.indicator_id: a for a in existing.actuals.order_by()}


def _stored_update(goal_id: int, period: Quarter) -> QuarterlyUpdate | None:
    """The goal's update for ``period`` as stored now (one at most: a unique constraint)."""
    # No ordering: the model's (goal, year, quarter) joins the goal and the plan for nothing.
    return (
        QuarterlyUpdate.objects.filter(goal_id=goal_id, year=period.year, quarter=period.quarter)
        .order_by()
        .first()
    )


# What a write changes in an update already stored; the rest (its goal and
# quarter, the review's outcome and comment) stays as it is.
_WRITTEN_FIELDS = (
    "status",
    "percent_complete",
    "progress",
    "problems",
    "next_steps",
    "suggested_status",
    "override_reason",
    "expected_percent",
    "review_state",
    "submitted_by_id",
    "submitted_at",
    "updated_at",
)


def _save(update: QuarterlyUpdate, user, reason: str, *, created: bool) -> None:
    """
    Write the update and its history row. A new one is inserted (a colleague's
    first report landed meanwhile: ``StaleUpdate``). One already stored is
    written only if its version is still the one read: compare-and-set in the
    UPDATE that writes it (alike on SQLite and PostgreSQL, no row lock held
    while the user types), which moves the version on; a write since we read
    the update matches no row, and that is a ``StaleUpdate``, nothing written.
    """
    # The field validators cover the table's check constraints, the goal
    # and the user are rows in hand, and a duplicate first report is
    # caught as an IntegrityError below: checking those again costs a
    # query (and a savepoint) each while the write transaction is open.
    update.full_clean(
        exclude=["goal", "submitted_by", "reviewed_by"],
        validate_unique=False,
        validate_constraints=False,
    )
    record_change(update, user, reason)
    if created:
        try:
            with transaction.atomic():
                update.save()
        except IntegrityError as error:
            raise StaleUpdate(_stored_update(update.goal_id, update.period)) from error
        return
    update.updated_at = timezone.now()
    # The claim and the write in one statement (they were an UPDATE of the
    # version and a save() apart); the history row written as save() would.
    claimed = QuarterlyUpdate.objects.filter(pk=update.pk, version=update.version).update(
        version=F("version") + 1,
        **{name: getattr(update, name) for name in _WRITTEN_FIELDS},
    )
    if not claimed:
        raise StaleUpdate(_stored_update(update.goal_id, update.period))
    update.version += 1
    # No reason given: NULL, as save() leaves it (the helper's default is "").
    _history(QuarterlyUpdate).bulk_history_create([update], update=True, default_change_reason=None)


@functools.cache
def _history(model):
    """
    ``model.history``, made once per process: simple_history's descriptor
    makes a new manager class (``from_queryset``) on every access, about
    0.25 ms each time, its ``post_save`` too. Class-level, it holds no row.
    """
    return model.history


def _save_row(row, **save_options) -> None:
    """
    ``row.save()`` with its history row written as simple_history's ``post_save``
    writes it (the user and reason ``record_change`` set, NULL when no reason,
    the values saved), through the manager made once (``_history``).
    """
    created = row.pk is None
    row.skip_history_when_saving = True  # simple_history's own switch for its post_save
    try:
        row.save(**save_options)
    finally:
        del row.skip_history_when_saving
    _history(type(row)).bulk_history_create([row], update=not created, default_change_reason=None)


def _write_actuals(update, actuals: dict, stored_actuals: dict, user, reason: str) -> None:
    """
    The given actual values: new ones added, changed ones saved, emptied ones
    removed, each with its history row. Several new ones, or several changed
    ones, are written together (simple_history's bulk helpers: an INSERT, or
    an UPDATE, and one INSERT of their history rows), however many there are.
    """
    added, changed = [], []
    for indicator_id, value in actuals.items():
        actual = stored_actuals.get(indicator_id)
        if value is None:
            if actual is not None:
                record_change(actual, user, reason)
                actual.delete()
        elif actual is None:
            added.append(IndicatorActual(update=update, indicator_id=indicator_id, value=value))
        elif actual.value != value:
            actual.value = value
            changed.append(actual)
    for actual in added + changed:
        record_change(actual, user, reason)
    # One row alone is saved as such: a bulk UPDATE's CASE costs more to build
    # than a row's UPDATE, and most goals have a single indicator.
    if len(added) == 1:
        _save_row(added[0])
    elif added:
        bulk_create_with_history(added, IndicatorActual, default_user=user)
    if len(changed) == 1:
        _save_row(changed[0], update_fields=["value"])
    elif changed:
        bulk_update_with_history(changed, IndicatorActual, ["value"], default_user=user)


def _override_reason(data: UpdateData, suggested: str, existing) -> str:
    """The reason kept for a status other than the suggested one ("" when they agree)."""
    if data.status == suggested:
        return ""
    if data.override_reason is None:
        # No place for a reason (an upload): keep the one given in the form if
        # the status is the same, otherwise the override stays unexplained.
        if existing is not None and existing.status == data.status:
            return existing.override_reason
        return ""
    reason = data.override_reason.strip()
    if not reason:
        raise ValidationError(
            {
                "override_reason": _(
                    "The suggested status is “%(suggested)s”: explain why you report a "
                    "different one."
                )
                % {"suggested": UpdateStatus(suggested).label}
            }
        )
    return reason


def _next_state(mode: str, draft: bool, existing) -> tuple[str, str]:
    """The review state after this write, and the event that records it."""
    if mode == CORRECT:
        return existing.review_state, UpdateAction.EDITED
    in_review = existing is not None and existing.review_state in SENT
    # Once sent, an update cannot be taken back to a draft: any change
    # needs the supervision office to look at it again. After the period
    # closed, a returned update can only be sent again (a draft would be
    # locked out of reach of its department).
    if draft and not in_review and mode == REPORT:
        return ReviewState.DRAFT, UpdateAction.SAVED
    return ReviewState.SUBMITTED, UpdateAction.SUBMITTED


def same_text(a: str, b: str) -> bool:
    """Two narratives alike but for line endings and trailing spaces (a form's, a workbook's)."""

    def norm(text):
        text = (text or "").replace("\r\n", "\n").replace("\r", "\n").strip()
        return "\n".join(line.rstrip() for line in text.split("\n"))

    return norm(a) == norm(b)


# -- what changed under an open form --------------------------------------------------------------

_SNAPSHOT_SALT = "targets.update-snapshot"


def update_snapshot(update: QuarterlyUpdate | None, indicators) -> dict[str, str]:
    """
    The values of ``update`` a form shows (raw, as strings), to tell later
    what changed while the form was open. Empty values for no update.
    """
    if update is None:
        return {}
    actuals = {a.indicator_id: a.value for a in update.actuals.all()}
    snapshot = {
        "status": update.status,
        "percent_complete": str(update.percent_complete),
        "progress": update.progress,
        "problems": update.problems,
        "next_steps": update.next_steps,
        "override_reason": update.override_reason,
        "review_state": update.review_state,
    }
    for indicator in indicators:
        value = actuals.get(indicator.pk)
        snapshot[f"indicator_{indicator.pk}"] = "" if value is None else format_number(value)
    return snapshot


def snapshot_sign(snapshot: dict[str, str]) -> str:
    return signing.dumps(snapshot, salt=_SNAPSHOT_SALT, compress=True)


def snapshot_read(token: str) -> dict[str, str] | None:
    """A snapshot signed by ``snapshot_sign``, or None when missing or tampered with."""
    if not token:
        return None
    try:
        return signing.loads(token, salt=_SNAPSHOT_SALT)
    except signing.BadSignature:
        return None
