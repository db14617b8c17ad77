"""
Reporting periods (报送期) and owners' milestones: the supervision office sets
due dates and closes or reopens periods; a goal's lead department sets the
progress it expects each quarter when the time elapsed does not fit.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from targets import rules
from targets.forms.periods import GoalMilestoneForm, PeriodEditForm, PeriodReopenForm
from targets.models import Goal, Plan, ReportingPeriod
from targets.progress import TIME_ELAPSED
from targets.selectors.chasing import missing_by_department, missing_goals
from targets.selectors.periods import period_changes, period_counts
from targets.selectors.plans import followed_plans, plan_for_year
from targets.services.milestones import goal_milestones_set
from targets.services.periods import (
    period_close,
    period_reopen,
    period_set_due_date,
    periods_for,
)


def _plan_from(request) -> Plan | None:
    """The plan named by ``?year=``, else the active one (as dashboards choose it)."""
    try:
        year = int(request.GET["year"])
    except (KeyError, ValueError):
        year = None
    plan = plan_for_year(year)
    if plan is None and year is not None:
        messages.warning(request, _("There is no plan for that year."))
        plan = plan_for_year(None)
    return plan


@require_safe
def period_list(request):
    """The plan's four reporting periods: due dates, open or closed, what was reported."""
    rules.require(rules.can_manage_periods, request.user)
    plan = _plan_from(request)
    rows = []
    if plan is not None:
        periods = periods_for(plan)
        changes = period_changes(periods)
        counts = period_counts(plan)
        rows = [
            {
                "period": period,
                "counts": counts.get(period.quarter, {}),
                "changes": changes[period.pk],
                "form": PeriodEditForm(initial={"due_date": period.due_date}),
            }
            for period in periods
        ]
    years = sorted(set(followed_plans().values_list("year", flat=True)), reverse=True)
    return render(
        request,
        "targets/period_list.html",
        {"plan": plan, "rows": rows, "years": years},
    )


@require_POST
def period_edit(request, pk):
    """Change a period's due date; recorded in its change log."""
    user = request.user
    period = get_object_or_404(
        ReportingPeriod.objects.visible_to(user).select_related("plan"), pk=pk
    )
    rules.require(rules.can_manage_periods, user)
    form = PeriodEditForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(_periods_url(period))
    names = {"period": period.period}
    try:
        if period_set_due_date(period, form.cleaned_data["due_date"], user=user):
            messages.success(
                request,
                _("%(period)s is now due on %(date)s.")
                % {**names, "date": period.due_date.isoformat()},
            )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    return redirect(_periods_url(period))


@require_http_methods(["GET", "HEAD", "POST"])
def period_close_confirm(request, pk):
    """
    Close a period, once confirmed: the page says how many goals have not
    reported for it (chasing's ``missing_goals``) and who leads them; its
    form closes it. A period already closed goes back to the list.
    """
    user = request.user
    period = get_object_or_404(
        ReportingPeriod.objects.visible_to(user).select_related("plan"), pk=pk
    )
    rules.require(rules.can_manage_periods, user)
    names = {"period": period.period}
    if request.method == "POST":
        try:
            period_close(period, user=user)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("%(period)s is closed.") % names)
        return redirect(_periods_url(period))
    if not period.is_open:
        messages.info(request, _("%(period)s is already closed.") % names)
        return redirect(_periods_url(period))
    goals = Goal.objects.visible_to(user)
    return render(
        request,
        "targets/period_close.html",
        {
            "period": period,
            "missing": missing_goals(period.plan, period.period, goals).count(),
            "departments": missing_by_department(period.plan, period.period, goals),
            "back": _periods_url(period),
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
def period_reopen_confirm(request, pk):
    """
    Reopen a closed period for a reason (required, kept in its change log);
    an empty reason is refused and changes nothing. A period already open
    goes back to the list.
    """
    user = request.user
    period = get_object_or_404(
        ReportingPeriod.objects.visible_to(user).select_related("plan"), pk=pk
    )
    rules.require(rules.can_manage_periods, user)
    names = {"period": period.period}
    form = PeriodReopenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            period_reopen(period, user=user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            if error.code != "reason":  # opened meanwhile: nothing left to do here
                messages.error(request, " ".join(error.messages))
                return redirect(_periods_url(period))
            form.add_error("reason", error)
        else:
            messages.success(request, _("%(period)s is open again.") % names)
            return redirect(_periods_url(period))
    elif request.method != "POST" and period.is_open:
        messages.info(request, _("%(period)s is already open.") % names)
        return redirect(_periods_url(period))
    return render(
        request,
        "targets/period_reopen.html",
        {"period": period, "form": form, "back": _periods_url(period)},
    )


def _periods_url(period) -> str:
    return reverse("targets:period_list") + f"?year={period.plan.year}"


def goal_milestones(request, pk):
    """
    The progress the lead department expects by the end of each quarter. Staff
    of a lead department only; a goal out of sight is a 404, other roles a 403.
    """
    user = request.user
    goal = get_object_or_404(Goal.objects.visible_to(user).select_related("plan"), pk=pk)
    rules.require(rules.can_set_milestones, user, goal)
    existing = {m.quarter: m for m in goal.milestones.all()}
    if request.method == "POST":
        form = GoalMilestoneForm(request.POST, milestones=existing)
        if form.is_valid():
            goal_milestones_set(goal, form.milestones(), user=user)
            messages.success(
                request, _("The expected progress of %(goal)s was saved.") % {"goal": goal.code}
            )
            return redirect(reverse("targets:goal_detail", args=[goal.pk]) + "#milestones")
    else:
        form = GoalMilestoneForm(milestones=existing)
    return render(
        request,
        "targets/goal_milestones.html",
        {"goal": goal, "form": form, "time_elapsed": TIME_ELAPSED},
    )
