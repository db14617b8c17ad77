"""
The quarterly update form (季度进展): a goal's progress for one quarter,
reported by its lead department, corrected by the supervision office after
the period closed. The write is ``services.updates.quarterly_update_submit``.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from targets import rules
from targets.choices import ReviewState, UpdateStatus
from targets.formatting import format_quantity
from targets.forms.updates import QuarterlyUpdateForm
from targets.models import Goal
from targets.periods import Quarter
from targets.progress import expected_percent
from targets.selectors.plans import default_quarter, reportable_quarters
from targets.selectors.updates import quarter_update, update_form_goal
from targets.services.periods import period_for
from targets.services.updates import (
    CORRECT,
    REPORT,
    StaleUpdate,
    quarterly_update_submit,
    snapshot_read,
    snapshot_sign,
    update_edit_mode,
    update_snapshot,
)


def _requested_period(request, plan, quarters) -> Quarter | None:
    """
    The quarter named in the query string, if it makes sense; else the period
    that takes reports now (``default_quarter``), else the latest reportable.
    """
    try:
        period = Quarter(int(request.GET["year"]), int(request.GET["quarter"]))
    except (KeyError, ValueError):
        if not quarters:
            return None
        open_period = default_quarter(plan)
        return open_period if open_period in quarters else quarters[-1]
    return period if period in quarters else None


@dataclass
class _Edit:
    """What the form is for: the goal, the quarter, its update and how the user may change it."""

    goal: Goal
    period: Quarter | None
    quarters: list[Quarter]
    update: object  # the QuarterlyUpdate, or None before the first report
    reporting_period: object  # the ReportingPeriod, or None for a quarter not reportable
    mode: str | None
    refusal: ValidationError | None
    options: dict  # QuarterlyUpdateForm's keyword arguments

    @property
    def locked(self) -> bool:
        return self.refusal is not None and self.refusal.code == "closed"


def quarterly_update_edit(request, pk):
    """
    Report (or correct) a goal's progress for one quarter: save a draft or
    submit it for review. Staff of a lead department report while the
    period is open; once it has closed, only a supervisor changes an existing
    update, with a reason. A goal out of the user's sight is a 404; a role
    that cannot report is refused with a 403 that says why. A form opened on
    an older version of the update is refused with what changed meanwhile.
    """
    user = request.user
    goal = update_form_goal(user, pk)
    if goal is None:
        raise Http404
    rules.require(rules.can_edit_update, user, goal)
    quarters = reportable_quarters(goal.plan)
    if request.method == "POST":
        period = _period_from(request.POST, quarters)
    else:
        period = _requested_period(request, goal.plan, quarters)
        if period is None:
            messages.error(
                request,
                _("Progress can only be reported for a quarter of the plan up to the current one."),
            )
            return redirect(goal)
    edit = _edit_of(goal, period, quarters, user, posted=request.method == "POST")
    stale = None
    if request.method == "POST":
        form = QuarterlyUpdateForm(request.POST, **edit.options)
        if form.is_valid() and edit.refusal is None:
            try:
                saved, _created = _submit(form, edit, user)
            except StaleUpdate as error:
                edit.update = error.current
                stale = _stale_report(form, edit.update, edit.options["indicators"])
                form = _refreshed_form(request.POST, edit.update, edit.options)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _saved_message(saved, form))
                return redirect(goal)
        elif edit.refusal is not None and not edit.locked:
            form.add_error(None, edit.refusal)
    else:
        form = _opened_form(edit)
    return render(request, "targets/quarterly_update_form.html", _context(edit, form, stale))


def _edit_of(goal, period, quarters, user, *, posted: bool) -> _Edit:
    # A save does not show who saved the update; its values it compares (the service).
    update = _update_of(goal, period, with_actuals=not posted)
    reporting_period = period_for(goal.plan, period) if period in quarters else None
    mode, refusal = _edit_mode(goal, period, user, update, reporting_period)
    options = {
        "indicators": list(goal.indicators.all()),
        "expected": expected_percent(goal, period.quarter) if period in quarters else None,
        "plan": goal.plan,
        "correcting": mode == CORRECT,
    }
    return _Edit(goal, period, quarters, update, reporting_period, mode, refusal, options)


def _submit(form, edit: _Edit, user):
    return quarterly_update_submit(
        edit.goal,
        form.period,
        form.update_data(),
        user=user,
        reason=form.cleaned_data["correction_reason"],
        draft=form.is_draft,
        expected_version=form.cleaned_data["version"] or 0,
        # Read for the form a moment ago: the service need not read them again.
        read=(edit.update, edit.reporting_period) if form.period == edit.period else None,
    )


def _opened_form(edit: _Edit) -> QuarterlyUpdateForm:
    """The form as first shown: the quarter's update, or one starting from the quarter before."""
    update, period = edit.update, edit.period
    previous = _previous_update(edit.goal, period) if update is None else None
    form = QuarterlyUpdateForm(
        instance=update,
        actuals=_actuals_of(update or previous),
        initial=_initial_from(previous) if update is None else {},
        **edit.options,
    )
    form.initial.update(
        year=period.year,
        quarter=period.quarter,
        version=update.version if update else 0,
        snapshot=snapshot_sign(update_snapshot(update, edit.options["indicators"])),
    )
    return form


def _context(edit: _Edit, form, stale) -> dict:
    update, goal = edit.update, edit.goal
    in_review = update is not None and update.review_state in (
        ReviewState.SUBMITTED,
        ReviewState.APPROVED,
    )
    return {
        "goal": goal,
        "form": form,
        "period": edit.period,
        "quarters": edit.quarters,
        "existing": update,
        "reporting_period": edit.reporting_period,
        "expected": edit.options["expected"],
        "suggestion": form.initial_suggestion(),
        "locked": edit.locked,
        "closed_message": edit.refusal.messages[0] if edit.locked else "",
        "correcting": edit.mode == CORRECT,
        "may_save_draft": edit.mode == REPORT and not in_review,
        "returned": update is not None
        and bool(update.review_comment)
        and update.review_state in (ReviewState.RETURNED, ReviewState.DRAFT),
        "stale": stale,
        "status_labels": {value: str(label) for value, label in UpdateStatus.choices},
        "thresholds": {
            "expected": edit.options["expected"],
            "yellow": goal.plan.yellow_gap,
            "red": goal.plan.red_gap,
        },
    }


def _period_from(data, quarters) -> Quarter | None:
    """The quarter a posted form is for; None when it is not a quarter at all."""
    try:
        return Quarter(int(data.get("year")), int(data.get("quarter")))
    except (TypeError, ValueError):
        return quarters[-1] if quarters else None


def _update_of(goal, period, *, with_actuals: bool):
    if period is None:
        return None
    return quarter_update(goal, period, shown=with_actuals)


def _edit_mode(goal, period, user, update, reporting_period):
    """
    ``(mode, refusal)``: how the user may change the update, or why not as a
    ValidationError (a closed period, a quarter that cannot be reported).
    A role that may not change it at all raises PermissionDenied (403).
    """
    if period is None:
        return None, None
    try:
        return update_edit_mode(goal, period, user, update, reporting_period), None
    except ValidationError as error:
        return None, error


def _saved_message(update, form) -> str:
    period = update.period
    if update.version == (form.cleaned_data["version"] or 0):
        return _("Nothing changed: the update for %(period)s stays as it was.") % {"period": period}
    if form.correcting:
        return _("The update for %(period)s was changed; the reason is recorded.") % {
            "period": period
        }
    if update.review_state == ReviewState.DRAFT:
        return _(
            "Your draft for %(period)s was saved. It is not sent for review until you submit it."
        ) % {"period": period}
    return _("Your update for %(period)s was saved and sent for review.") % {"period": period}


# What a stale form's refusal lists, in the order of the form.
_SNAPSHOT_FIELDS = [
    ("status", _lazy("Status")),
    ("percent_complete", _lazy("Percent complete (%)")),
    ("override_reason", _lazy("reason for a different status")),
    ("progress", _lazy("Progress")),
    ("problems", _lazy("Problems")),
    ("next_steps", _lazy("Next steps")),
    ("review_state", _lazy("review")),
]


def _stale_report(form, current, indicators) -> dict:
    """
    What changed since the user opened the form (which fields, old → new)
    and who changed it last; from the snapshot the form carried.
    """
    before = snapshot_read(form.cleaned_data.get("snapshot") or "") or {}
    now = update_snapshot(current, indicators)
    units = {f"indicator_{i.pk}": i for i in indicators}
    labels = list(_SNAPSHOT_FIELDS) + [(key, i.name) for key, i in units.items()]
    changes = []
    for key, label in labels:
        old, new = before.get(key, ""), now.get(key, "")
        if old == new:
            continue
        changes.append(
            {"field": str(label), "old": _shown(key, old, units), "new": _shown(key, new, units)}
        )
    last = current.history.select_related("history_user").first() if current else None
    return {
        "changes": changes,
        "by": last.history_user if last else None,
        "at": last.history_date if last else None,
    }


def _shown(key: str, value: str, units) -> str:
    """A snapshot value as the form shows it."""
    if value == "":
        return "—"
    if key == "status":
        return str(UpdateStatus(value).label)
    if key == "review_state":
        return str(ReviewState(value).label)
    if key == "percent_complete":
        return f"{value}%"
    if key in units:
        return format_quantity(Decimal(value), units[key].unit)
    if len(value) > 60:
        return value[:60] + "…"
    return value


def _refreshed_form(data, current, options):
    """
    The user's entries kept, on top of the version stored now: saving again
    is then a deliberate choice made after seeing what changed.
    """
    data = data.copy()
    data["version"] = current.version if current else 0
    data["snapshot"] = snapshot_sign(update_snapshot(current, options["indicators"]))
    form = QuarterlyUpdateForm(data, **options)
    form.is_valid()
    return form


def _previous_update(goal, period):
    return (
        goal.updates.filter(year__lte=period.year)
        .exclude(year=period.year, quarter__gte=period.quarter)
        .order_by("-year", "-quarter")
        .first()
    )


def _actuals_of(update) -> dict:
    if update is None:
        return {}
    return {actual.indicator_id: actual.value for actual in update.actuals.all()}


def _initial_from(previous) -> dict:
    """A new quarter starts from the last one: its status and share done carry over."""
    if previous is None:
        return {}
    return {"status": previous.status, "percent_complete": previous.percent_complete}
