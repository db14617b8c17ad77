"""What every plan page needs: the plan and quarter it shows, from the query string."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages

from targets.forms.periods import PeriodForm
from targets.models import Plan
from targets.periods import Quarter
from targets.selectors.plans import (
    default_quarter,
    followed_plan_rows,
    followed_plans_with_periods,
    pick_plan,
)


@dataclass
class PeriodChoice:
    """The plan and quarter a page shows, and the form that chooses them."""

    plan: Plan | None
    period: Quarter | None
    form: PeriodForm


def choose_period(request, annotations=None) -> PeriodChoice:
    """
    Read ``?year=&quarter=``; a value that makes no sense (a year without a
    plan, quarter 5, letters) falls back to the defaults with a warning
    rather than an error page. ``annotations``: more columns read with the
    plans (``PeriodMixin.plan_annotations``), found on the chosen plan.
    """
    # One query for the year picker and the plan (a district has a plan a
    # year), with the periods of its year when the page opens on its default
    # quarter (a link of the menu): four rows more rather than a second query.
    if request.GET.get("quarter"):
        plans, periods = followed_plan_rows(annotations), {}
    else:
        plans, periods = followed_plans_with_periods(annotations)
    years = sorted({plan.year for plan in plans}, reverse=True)
    data = request.GET if ("year" in request.GET or "quarter" in request.GET) else None
    form = PeriodForm(data, years=years)
    year = quarter = None
    if form.is_bound:
        if form.is_valid():
            year, quarter = form.cleaned_data["year"], form.cleaned_data["quarter"]
        else:
            for errors in form.errors.values():
                for error in errors:
                    messages.warning(request, error)
            year = form.cleaned_data.get("year")
    plan = pick_plan(plans, year)
    if plan is None:
        return PeriodChoice(plan=None, period=None, form=form)
    period = Quarter(plan.year, quarter) if quarter else default_quarter(plan, periods.get(plan.pk))
    form = PeriodForm(
        initial={"year": period.year, "quarter": period.quarter}, years=years or [plan.year]
    )
    return PeriodChoice(plan=plan, period=period, form=form)


class PeriodMixin:
    """Adds ``plan``, ``period`` and ``period_form`` to a class-based view."""

    def dispatch(self, request, *args, **kwargs):
        self.choose_period(request)
        return super().dispatch(request, *args, **kwargs)

    def choose_period(self, request) -> None:
        """Set ``plan`` and ``period`` (once: a subclass may need them before ``dispatch``)."""
        if not hasattr(self, "choice"):
            self.choice = choose_period(request, self.plan_annotations())
            self.plan = self.choice.plan
            self.period = self.choice.period

    def plan_annotations(self) -> dict | None:
        """Columns the page reads with the period picker's plans, in the same query."""
        return None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(plan=self.plan, period=self.period, period_form=self.choice.form)
        return context
