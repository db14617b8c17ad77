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
from django.views.decorators.http import require_POST, require_safe

from targets import rules
from targets.forms.periods import GoalMilestoneForm, PeriodEditForm
from targets.models import Goal, Plan, ReportingPeriod
from targets.progress import TIME_ELAPSED
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
                "form": PeriodEditForm(initial={"action": "due_date", "due_date": period.due_date}),
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
    """Change a period's due date, close it or reopen it (``action``); each is recorded."""
    user = request.user
    period = get_object_or_404(
        ReportingPeriod.objects.visible_to(user).select_related("plan"), pk=pk
    )
    rules.require(rules.can_manage_periods, user)
    form = PeriodEditForm(request.POST)
    back = reverse("targets:period_list") + f"?year={period.plan.year}"
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(back)
    action = form.cleaned_data["action"]
    names = {"period": period.period}
    try:
        if action == "close":
            period_close(period, user=user)
            messages.success(request, _("%(period)s is closed.") % names)
        elif action == "reopen":
            period_reopen(period, user=user)
            messages.success(request, _("%(period)s is open again.") % names)
        elif period_set_due_date(period, form.cleaned_data["due_date"], user=user):
            messages.success(
                request,
                _("%(period)s is now due on %(date)s.")
                % {**names, "date": period.due_date.isoformat()},
            )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    return redirect(back)


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
