"""
The year's end (年终): the plan's goals with their final results, a goal's
final result confirmed by the office, the year closed and reopened, and
unfinished goals carried on into the next year's plan (one, or those ticked).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from targets import rules
from targets.forms.year_end import CarryForm, GoalOutcomeForm, YearReopenForm
from targets.models import Goal, Plan
from targets.selectors.plans import followed_plans, plan_for_year
from targets.selectors.states import with_state
from targets.selectors.year_end import (
    goal_line,
    last_approved_values,
    last_quarter,
    next_plans,
    suggested_result,
    year_end_of,
    year_end_rows,
    year_is_over,
)
from targets.services.year_end import goal_outcome_set, goals_carry, year_close, year_reopen


def _year_end_url(plan: Plan) -> str:
    return reverse("targets:year_end") + f"?year={plan.year}"


def _errors(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


@require_safe
def year_end(request):
    """The plan's goals after the last quarter: state, suggested and confirmed final result."""
    user = request.user
    try:
        year = int(request.GET["year"])
    except (KeyError, ValueError):
        year = None
    plan = plan_for_year(year) or plan_for_year(None)
    if plan is None:
        raise Http404(_("There is no plan for that year."))
    rows = year_end_rows(plan, Goal.objects.visible_to(user))
    targets = next_plans(plan, user) if rules.can_carry_goals(user) else Plan.objects.none()
    years = sorted(set(followed_plans().values_list("year", flat=True)), reverse=True)
    year_end_record = year_end_of(plan)
    return render(
        request,
        "targets/year_end.html",
        {
            "plan": plan,
            "rows": rows,
            "years": years,
            "year_end": year_end_record,
            "events": list(year_end_record.events.select_related("actor"))
            if year_end_record
            else [],
            "over": year_is_over(plan),
            "next_plans": list(targets),
            "carryable": [row for row in rows if row.carryable],
            "missing": sum(1 for row in rows if row.outcome is None),
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
def goal_outcome_edit(request, pk):
    """A goal's final result and its indicators' final values, confirmed by the office."""
    user = request.user
    goal = get_object_or_404(Goal.objects.visible_to(user).select_related("plan"), pk=pk)
    rules.require(rules.can_close_year, user)
    indicators = list(goal.indicators.all())
    outcome = getattr(goal, "outcome", None)  # a reverse one-to-one: None when there is none
    if request.method == "POST":
        form = GoalOutcomeForm(request.POST, indicators=indicators)
        if form.is_valid():
            try:
                goal_outcome_set(
                    goal,
                    result=form.cleaned_data["result"],
                    values=form.values(),
                    note=form.cleaned_data["note"],
                    user=user,
                )
            except ValidationError as error:
                _errors(request, error)
                return redirect(_year_end_url(goal.plan))
            messages.success(
                request, _("The final result of %(goal)s was saved.") % {"goal": goal.code}
            )
            return redirect(_year_end_url(goal.plan) + f"#goal-{goal.pk}")
    else:
        form = GoalOutcomeForm(
            initial=_outcome_initial(goal, outcome, indicators), indicators=indicators
        )
    return render(
        request,
        "targets/goal_outcome_form.html",
        {"goal": goal, "form": form, "outcome": outcome, "back": _year_end_url(goal.plan)},
    )


def _outcome_initial(goal, outcome, indicators) -> dict:
    """The confirmed result and values, else the suggestion: state and last approved values."""
    if outcome is not None:
        initial = {"result": outcome.result, "note": outcome.note}
        initial.update({f"value_{v.indicator_id}": v.value for v in outcome.values.all()})
        return initial
    state = with_state(Goal.objects.filter(pk=goal.pk), last_quarter(goal.plan)).values(
        "state", "percent"
    )[0]
    initial = {"result": suggested_result(state["state"], state["percent"], goal.deadline_text)}
    reported = last_approved_values([i.pk for i in indicators])
    initial.update({f"value_{pk}": value for pk, (value, _q) in reported.items()})
    return initial


@require_http_methods(["GET", "HEAD", "POST"])
def year_close_confirm(request, pk):
    """Close the plan's year once confirmed: read-only until reopened for a reason."""
    user = request.user
    plan = get_object_or_404(Plan.objects.visible_to(user), pk=pk)
    rules.require(rules.can_close_year, user)
    if request.method == "POST":
        try:
            year_close(plan, user=user)
        except ValidationError as error:
            _errors(request, error)
        else:
            messages.success(request, _("The year %(year)s is closed.") % {"year": plan.year})
        return redirect(_year_end_url(plan))
    record = year_end_of(plan)
    if record is not None and record.is_closed:
        messages.info(request, _("The year %(year)s is already closed.") % {"year": plan.year})
        return redirect(_year_end_url(plan))
    rows = year_end_rows(plan, Goal.objects.all())
    return render(
        request,
        "targets/year_close.html",
        {
            "plan": plan,
            "missing": sum(1 for row in rows if row.outcome is None),
            "total": len(rows),
            "back": _year_end_url(plan),
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
def year_reopen_confirm(request, pk):
    """Reopen a closed year for a reason (required, kept with who and when)."""
    user = request.user
    plan = get_object_or_404(Plan.objects.visible_to(user), pk=pk)
    rules.require(rules.can_close_year, user)
    form = YearReopenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            year_reopen(plan, user=user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            if error.code != "reason":
                _errors(request, error)
                return redirect(_year_end_url(plan))
            form.add_error("reason", error)
        else:
            messages.success(request, _("The year %(year)s is open again.") % {"year": plan.year})
            return redirect(_year_end_url(plan))
    elif request.method != "POST":
        record = year_end_of(plan)
        if record is None or not record.is_closed:
            messages.info(request, _("The year %(year)s is not closed.") % {"year": plan.year})
            return redirect(_year_end_url(plan))
    return render(
        request,
        "targets/year_reopen.html",
        {"plan": plan, "form": form, "back": _year_end_url(plan)},
    )


@require_POST
def goals_carry_view(request, pk):
    """Carry the ticked goals of the plan (or the one posted) into the next year's plan."""
    user = request.user
    plan = get_object_or_404(Plan.objects.visible_to(user), pk=pk)
    rules.require(rules.can_carry_goals, user)
    form = CarryForm(
        request.POST,
        plans=next_plans(plan, user),
        goals=Goal.objects.visible_to(user).filter(plan=plan, archived=False),
    )
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(_year_end_url(plan))
    goals = list(form.cleaned_data["goals"].order_by("order", "pk"))
    try:
        copies = goals_carry(goals, form.cleaned_data["plan"], user=user)
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(
            request,
            ngettext(
                "%(count)s goal was carried into %(plan)s.",
                "%(count)s goals were carried into %(plan)s.",
                len(copies),
            )
            % {"count": len(copies), "plan": form.cleaned_data["plan"]},
        )
    return redirect(_year_end_url(plan))


def goal_year_end_context(goal, user) -> dict:
    """The goal page's part: its final result and its line across years."""
    return {
        "goal_outcome": getattr(goal, "outcome", None),
        "goal_line": goal_line(goal, user),
    }
