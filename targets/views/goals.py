"""A goal's page and its quarterly update form."""

from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.generic import DetailView

from targets import selectors
from targets.choices import OwnerRole, ReviewState, UpdateStatus
from targets.formatting import format_quantity
from targets.forms import QuarterlyUpdateForm
from targets.models import Goal, GoalDepartment
from targets.periods import Quarter
from targets.progress import expected_percent
from targets.services import (
    CORRECT,
    REPORT,
    StaleUpdate,
    can_supervise,
    period_for,
    quarterly_update_submit,
    snapshot_read,
    snapshot_sign,
    update_edit_mode,
    update_snapshot,
)

from .discussion import goal_discussion_context
from .goal_charts import goal_charts_context
from .goal_timeline import goal_timeline_context, goal_updates


class GoalDetailView(DetailView):
    """The task as written, its owners and indicators, and its quarter-by-quarter timeline."""

    template_name = "targets/goal_detail.html"
    context_object_name = "goal"

    def get_queryset(self):
        return (
            Goal.objects.visible_to(self.request.user)
            .select_related("plan", "section__parent")
            .prefetch_related(
                Prefetch(
                    "assignments",
                    queryset=GoalDepartment.objects.select_related("department"),
                ),
                "leaders",
                "indicators",
                "milestones",
            )
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        goal = self.object
        user = self.request.user
        latest_actual = {}
        for update in reversed(goal_updates(goal)):  # oldest first, so the newest value wins
            for actual in update.actuals.all():
                latest_actual[actual.indicator_id] = (actual, update)
        assignments = list(goal.assignments.all())
        reportable = goal.is_reportable_by(user)
        quarters = selectors.reportable_quarters(goal.plan) if reportable else []
        context.update(
            leads=[a.department for a in assignments if a.role == OwnerRole.LEAD],
            supports=[a.department for a in assignments if a.role == OwnerRole.SUPPORT],
            indicators=[(i, latest_actual.get(i.pk)) for i in goal.indicators.all()],
            reportable=reportable,
            report_period=quarters[-1] if quarters else None,
        )
        # Each part of the page brings its own context (see the includes in
        # templates/targets/goal_detail.html).
        context.update(goal_timeline_context(goal, user))
        context.update(goal_discussion_context(goal, user))
        context.update(goal_charts_context(goal, user))
        return context


def _requested_period(request, goal) -> Quarter | None:
    """The quarter named in the query string, if it makes sense; else the latest reportable."""
    quarters = selectors.reportable_quarters(goal.plan)
    try:
        period = Quarter(int(request.GET["year"]), int(request.GET["quarter"]))
    except (KeyError, ValueError):
        return quarters[-1] if quarters else None
    return period if period in quarters else None


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
    goal = get_object_or_404(
        # The form, the suggested status and the save all read them.
        Goal.objects.visible_to(user)
        .select_related("plan")
        .prefetch_related("indicators", "milestones"),
        pk=pk,
    )
    if not (goal.is_reportable_by(user) or can_supervise(user)):
        raise PermissionDenied(_("Only staff of the lead department can report on this goal."))
    indicators = list(goal.indicators.all())
    quarters = selectors.reportable_quarters(goal.plan)

    if request.method == "POST":
        period = _period_from(request.POST, quarters)
    else:
        period = _requested_period(request, goal)
        if period is None:
            messages.error(
                request,
                _("Progress can only be reported for a quarter of the plan up to the current one."),
            )
            return redirect(goal)
    # A save does not show the update's values: the service reads them.
    update = _update_of(goal, period, with_actuals=request.method != "POST")
    reporting_period = period_for(goal.plan, period) if period in quarters else None
    mode, refusal = _edit_mode(goal, period, user, update, reporting_period)
    locked = refusal is not None and refusal.code == "closed"
    options = {
        "indicators": indicators,
        "expected": expected_percent(goal, period.quarter) if period in quarters else None,
        "plan": goal.plan,
        "correcting": mode == CORRECT,
    }
    stale = None

    if request.method == "POST":
        form = QuarterlyUpdateForm(request.POST, **options)
        if form.is_valid() and refusal is None:
            try:
                saved, _created = quarterly_update_submit(
                    goal,
                    form.period,
                    form.update_data(),
                    user=user,
                    reason=form.cleaned_data["correction_reason"],
                    draft=form.is_draft,
                    expected_version=form.cleaned_data["version"] or 0,
                )
            except StaleUpdate as error:
                update = error.current
                stale = _stale_report(form, update, indicators)
                form = _refreshed_form(request.POST, update, indicators, options)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _saved_message(saved, form))
                return redirect(goal)
        elif refusal is not None and not locked:
            form.add_error(None, refusal)
    else:
        # A quarter with no update yet starts from the one before.
        previous = _previous_update(goal, period) if update is None else None
        form = QuarterlyUpdateForm(
            instance=update,
            actuals=_actuals_of(update or previous),
            initial=_initial_from(previous) if update is None else {},
            **options,
        )
        form.initial.update(
            year=period.year,
            quarter=period.quarter,
            version=update.version if update else 0,
            snapshot=snapshot_sign(update_snapshot(update, indicators)),
        )

    in_review = update is not None and update.review_state in (
        ReviewState.SUBMITTED,
        ReviewState.APPROVED,
    )
    return render(
        request,
        "targets/quarterly_update_form.html",
        {
            "goal": goal,
            "form": form,
            "period": period,
            "quarters": quarters,
            "existing": update,
            "reporting_period": reporting_period,
            "expected": options["expected"],
            "suggestion": form.initial_suggestion(),
            "locked": locked,
            "closed_message": refusal.messages[0] if locked else "",
            "correcting": mode == CORRECT,
            "may_save_draft": mode == REPORT and not in_review,
            "returned": update is not None
            and bool(update.review_comment)
            and update.review_state in (ReviewState.RETURNED, ReviewState.DRAFT),
            "stale": stale,
            "status_labels": {value: str(label) for value, label in UpdateStatus.choices},
            "thresholds": {
                "expected": options["expected"],
                "yellow": goal.plan.yellow_gap,
                "red": goal.plan.red_gap,
            },
        },
    )


def _period_from(data, quarters) -> Quarter | None:
    """The quarter a posted form is for; None when it is not a quarter at all."""
    try:
        return Quarter(int(data.get("year")), int(data.get("quarter")))
    except (TypeError, ValueError):
        return quarters[-1] if quarters else None


def _update_of(goal, period, *, with_actuals: bool):
    if period is None:
        return None
    updates = goal.updates.filter(year=period.year, quarter=period.quarter)
    if with_actuals:
        # They fill the form and its snapshot: read once for both. The page
        # names who saved it and who returned it.
        updates = updates.prefetch_related("actuals").select_related("submitted_by", "reviewed_by")
    return updates.first()


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


def _refreshed_form(data, current, indicators, options):
    """
    The user's entries kept, on top of the version stored now: saving again
    is then a deliberate choice made after seeing what changed.
    """
    data = data.copy()
    data["version"] = current.version if current else 0
    data["snapshot"] = snapshot_sign(update_snapshot(current, indicators))
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
