"""A goal's page and its quarterly update form."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.generic import DetailView

from targets import selectors
from targets.choices import OwnerRole
from targets.forms import QuarterlyUpdateForm
from targets.models import Goal, GoalDepartment, IndicatorActual
from targets.periods import Quarter
from targets.services import quarterly_update_submit

from .discussion import goal_discussion_context
from .goal_charts import goal_charts_context
from .goal_timeline import goal_timeline_context


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
            )
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        goal = self.object
        timeline = list(selectors.goal_timeline(goal))
        latest_actual = {}
        for update in reversed(timeline):  # oldest first, so the newest value wins
            for actual in update.actuals.all():
                latest_actual[actual.indicator_id] = (actual, update)
        assignments = list(goal.assignments.all())
        reportable = Goal.objects.reportable_by(self.request.user).filter(pk=goal.pk).exists()
        quarters = selectors.reportable_quarters(goal.plan) if reportable else []
        context.update(
            leads=[a.department for a in assignments if a.role == OwnerRole.LEAD],
            supports=[a.department for a in assignments if a.role == OwnerRole.SUPPORT],
            indicators=[(i, latest_actual.get(i.pk)) for i in goal.indicators.all()],
            timeline=timeline,
            reportable=reportable,
            report_period=quarters[-1] if quarters else None,
        )
        # Each part of the page brings its own context (see the includes in
        # templates/targets/goal_detail.html).
        user = self.request.user
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
    Report (or correct) a goal's progress for one quarter. Only staff of a
    lead department may; a goal out of the user's sight is a 404, a goal they
    may only see is refused with a 403 that says why.
    """
    goal = get_object_or_404(Goal.objects.visible_to(request.user).select_related("plan"), pk=pk)
    if not Goal.objects.reportable_by(request.user).filter(pk=goal.pk).exists():
        raise PermissionDenied(_("Only staff of the lead department can report on this goal."))
    indicators = list(goal.indicators.all())
    quarters = selectors.reportable_quarters(goal.plan)

    if request.method == "POST":
        form = QuarterlyUpdateForm(request.POST, indicators=indicators)
        if form.is_valid():
            period = form.period
            try:
                quarterly_update_submit(goal, period, form.update_data(), user=request.user)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    _("Your update for %(period)s was saved.") % {"period": period},
                )
                return redirect(goal)
        period = _period_from(form, quarters)
        update = None
        if period is not None:
            update = goal.updates.filter(year=period.year, quarter=period.quarter).first()
    else:
        period = _requested_period(request, goal)
        if period is None:
            messages.error(
                request,
                _("Progress can only be reported for a quarter of the plan up to the current one."),
            )
            return redirect(goal)
        update = goal.updates.filter(year=period.year, quarter=period.quarter).first()
        previous = _previous_update(goal, period)
        form = QuarterlyUpdateForm(
            instance=update,
            indicators=indicators,
            actuals=_actuals_of(update or previous),
            initial=_initial_from(previous) if update is None else {},
        )
        form.initial.update(year=period.year, quarter=period.quarter)

    return render(
        request,
        "targets/quarterly_update_form.html",
        {
            "goal": goal,
            "form": form,
            "period": period,
            "quarters": quarters,
            "existing": update,
        },
    )


def _period_from(form, quarters):
    try:
        period = Quarter(int(form.data.get("year")), int(form.data.get("quarter")))
    except (TypeError, ValueError):
        return quarters[-1] if quarters else None
    return period


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
    return dict(IndicatorActual.objects.filter(update=update).values_list("indicator_id", "value"))


def _initial_from(previous) -> dict:
    """A new quarter starts from the last one: its status and share done carry over."""
    if previous is None:
        return {}
    return {"status": previous.status, "percent_complete": previous.percent_complete}
