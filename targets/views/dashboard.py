"""
The leaders' overview of a plan for one quarter (领导驾驶舱) and the list of
goals its charts lead to.

The charts get their data as JSON through ``json_script`` (one payload per
chart, built here) and are drawn by ``static/js/charts.js``; every slice, bar
and point carries the URL of the goals behind it.
"""

from django.core.cache import cache
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from targets import rules
from targets.choices import GoalState, ReportState
from targets.filters import DepartmentFilterSet, PlanGoalFilterSet
from targets.models import Department, Goal
from targets.selectors import dashboard_cache, page_cache
from targets.selectors.dashboard import SectionSummary, dashboard
from targets.selectors.goals import plan_goals
from targets.selectors.organisation import departments_standing
from targets.selectors.states import DISPLAY_ORDER, Tally
from targets.tables import DepartmentSummaryTable, PlanGoalTable, department_url

from . import conditional
from .common import PeriodMixin
from .exports import EXPORT_FORMAT, EXPORT_PARAM, TableExportMixin

# The charts' colours for the states: Bootstrap's, as the badges and bars use.
CHART_COLOURS = {
    GoalState.COMPLETED: "#0d6efd",
    GoalState.ON_TRACK: "#198754",
    GoalState.AT_RISK: "#ffc107",
    GoalState.BEHIND: "#dc3545",
    GoalState.NOT_STARTED: "#6c757d",
    GoalState.UNASSESSED: "#ced4da",
}
# And for a report waiting for review (a goal's chart shows it as a hollow point).
PENDING_COLOUR = "#0dcaf0"
LINE_COLOUR = "#7f1d1d"  # the district's ink red, for lines that are not a state


def goal_list_url(period, **filters) -> str:
    """The plan's goals as of ``period``, narrowed by ``filters`` (state, section, department)."""
    query = {"year": period.year, "quarter": period.quarter, **filters}
    return reverse("targets:goal_list") + "?" + urlencode(query)


def state_chart(tally: Tally, period) -> dict:
    """The donut: goals by state, each slice leading to its goals."""
    return {
        "kind": "donut",
        "total": tally.total,
        "centre": _("Goals"),
        "items": [
            {
                "state": segment["state"].value,
                "name": str(segment["state"].label),
                "value": segment["count"],
                "colour": CHART_COLOURS[segment["state"]],
                "url": goal_list_url(period, state=segment["state"].value),
            }
            for segment in tally.segments()
        ],
    }


def section_chart(sections: list[SectionSummary], period) -> dict:
    """
    Bars: each chapter and its sub-sections, stacked by state; a bar leads to
    the section's goals. ``averages`` is the average progress the labels show.
    """
    return {
        "kind": "bars",
        "categories": [str(summary.section) for summary in sections],
        "depths": [summary.depth for summary in sections],
        "averages": [summary.tally.average_percent for summary in sections],
        "urls": [goal_list_url(period, section=summary.section.pk) for summary in sections],
        "average_label": _("avg."),
        "series": [
            {
                "state": state.value,
                "name": str(state.label),
                "colour": CHART_COLOURS[state],
                "data": [summary.tally.states[state] for summary in sections],
            }
            for state in DISPLAY_ORDER
        ],
    }


def trend_chart(trend: list[tuple], period) -> dict:
    """
    The quarters of the year up to ``period``: goals by state (stacked bars,
    a bar leads to the goals in that state that quarter), with the share
    completed or on track and the average progress as lines.
    """
    quarters = [quarter for quarter, _tally in trend]
    return {
        "kind": "trend",
        "categories": [_("Q%(quarter)s") % {"quarter": q.quarter} for q in quarters],
        "count_axis": _("Goals"),
        "share_axis": "%",
        "series": [
            {
                "state": state.value,
                "name": str(state.label),
                "colour": CHART_COLOURS[state],
                "data": [tally.states[state] for _quarter, tally in trend],
                "urls": [goal_list_url(q, state=state.value) for q in quarters],
            }
            for state in DISPLAY_ORDER
        ],
        "lines": [
            {
                "name": _("Completed or on track (%)"),
                "colour": LINE_COLOUR,
                "data": [tally.going_well_share for _quarter, tally in trend],
            },
            {
                "name": _("Average progress (%)"),
                "colour": "#fd7e14",
                "data": [tally.average_percent or 0 for _quarter, tally in trend],
            },
        ],
    }


class DashboardView(PeriodMixin, TableExportMixin, SingleTableMixin, FilterView):
    """
    The dashboard for the chosen plan and quarter: counts by state (a donut),
    completion by section (bars), the trend over the year's quarters, the
    goals behind schedule with their problems and the department ranking,
    all drawn from the goals the user may see, counting approved updates.
    """

    template_name = "targets/dashboard.html"
    filterset_class = DepartmentFilterSet
    table_class = DepartmentSummaryTable
    table_pagination = False
    fresh = False  # whether this response's figures are the data's own (get_context_data)

    def get(self, request, *args, **kwargs):
        # The page as rendered from the data's own figures: the only one with an ETag.
        key = self.page_key()
        etag = conditional.page_etag(request, key) if key else None
        if unchanged := conditional.not_modified(request, etag):
            return unchanged
        html = page_cache.kept(key) if key else None
        if html is None and key:
            # Else the figures this request would be served (they may lag the data by
            # DASHBOARD_MAX_LAG, never more: ``dashboard_cache.cached``), and the page
            # rendered from that very version of them by whoever was served it first:
            # their version from their head, without the figures, when it says.
            fingerprint = self.data_fingerprint()
            version = dashboard_cache.served_version(
                dashboard_cache.dashboard_key(self.plan, self.period, self.request.user),
                fingerprint,
            )
            if version is None:
                version = self.get_figures().version
            if version != fingerprint:
                etag = None  # a reload must not keep lagging figures past the lag
                key = self.page_key(version)
                html = page_cache.kept(key)
        if html is not None:
            # No figures to unpickle, no filter, ranking or charts to write out.
            page_cache.offer_compressed(request, key)
            self.object_list = Department.objects.none()
            page = mark_safe(html)  # our own rendering, kept as it was
            return conditional.with_etag(self.render_to_response({"dashboard_page": page}), etag)
        response = super().get(request, *args, **kwargs)
        return conditional.with_etag(response, etag if self.fresh else None)

    def page_key(self, version: str | None = None) -> str | None:
        """
        Where the page's content rendered from ``version`` of the figures is kept
        (``page_cache``), by default the data's own (its fingerprint now); None:
        no plan, or a download.
        """
        if self.plan is None or self.request.GET.get(EXPORT_PARAM) == EXPORT_FORMAT:
            return None
        return page_cache.page_key(
            "dashboard",
            version or self.data_fingerprint(),
            self.request.user,
            # The figures' own key (plan, its last change, quarter, whose goals,
            # language), and what the page shows beside them: the year picker's years
            # and the query string (search, sort, filter).
            dashboard_cache.dashboard_key(self.plan, self.period, self.request.user),
            [value for value, _label in self.choice.form.fields["year"].choices],
            self.request.GET.urlencode(),
        )

    def plan_annotations(self):
        # The data's fingerprint read with the period picker's plans: one query for both.
        return dashboard_cache.fingerprint_annotations()

    def data_fingerprint(self) -> str:
        """
        The data's fingerprint (``dashboard_cache``), read once for the request: with
        the plans (``plan_annotations``), else on its own.
        """
        if not hasattr(self, "fingerprint"):
            read = dashboard_cache.fingerprint_from(self.plan) if self.plan is not None else None
            self.fingerprint = read or dashboard_cache.data_fingerprint()
        return self.fingerprint

    def get_queryset(self):
        departments = Department.objects.visible_to(self.request.user)
        if self.period is None:
            return departments.filter(active=True)
        # As they stood at the quarter's end: an earlier quarter ranks the units
        # that reported then, under the names they had (docs/architecture.md).
        return departments_standing(departments, self.period.last_day)

    def get_figures(self) -> dashboard_cache.Figures:
        """
        The figures and charts of every department the user may see, shared
        through the cache by everyone with the same reach (asked once per request).
        """
        if not hasattr(self, "figures"):
            self.dashboard_key = dashboard_cache.dashboard_key(
                self.plan, self.period, self.request.user
            )
            self.figures = dashboard_cache.cached(
                self.dashboard_key, self.compute_figures, fingerprint=self.data_fingerprint()
            )
        return self.figures

    def get_table(self, **kwargs):
        # The ranking's HTML is kept beside the figures it was rendered from,
        # for each search and sort: a look at the dashboard reuses it instead of
        # building, sorting and writing out a hundred rows. Only the Excel
        # export, and a look that finds no HTML, need the table itself.
        self.ranking_html = None
        if self.plan is not None and self.request.GET.get(EXPORT_PARAM) != EXPORT_FORMAT:
            figures = self.get_figures()
            key = dashboard_cache.ranking_key(
                self.dashboard_key, figures, self.request.GET.urlencode()
            )
            html = cache.get(key)
            if html is not None:
                self.ranking_html = mark_safe(html)  # our own rendering, kept as it was
                return None
            table = super().get_table(**kwargs)
            self.ranking_html = render_to_string(
                table.template_name, {"table": table}, request=self.request
            )
            cache.set(key, self.ranking_html, dashboard_cache.TIMEOUT)
            return table
        return super().get_table(**kwargs)

    def get_table_data(self):
        if self.plan is None:
            return []
        # The ranking's search and kind filter pick their rows from the
        # figures, in the filtered queryset's order.
        row_of = {
            row["department"]["pk"]: row for row in self.get_figures().value["data"].departments
        }
        return [
            dict(row_of[pk]) for pk in self.object_list.values_list("pk", flat=True) if pk in row_of
        ]

    def compute_figures(self) -> dict:
        """The figures, the chart payloads and the ranking rows' links (what the cache keeps)."""
        user = self.request.user
        data = dashboard(
            self.plan,
            self.period,
            goals=Goal.objects.visible_to(user),
            departments=self.get_queryset(),
            # A department's staff answer for the goals it leads: its figures of what
            # was reported count those, as its row of the ranking does.
            reporter=None if rules.can_see_all_departments(user) else user.department,
        )
        for row in data.departments:
            department = row["department"]
            row["url"] = department_url(department, self.period)
            # What the ranking sorts by, not the model: every look at the
            # dashboard unpickles these rows, and a hundred model instances
            # cost a millisecond to rebuild.
            row["department"] = {"pk": department.pk, "order": department.order}
        return {
            "data": data,
            "state_chart": state_chart(data.overall, self.period),
            "section_chart": section_chart(data.sections, self.period),
            "trend_chart": trend_chart(data.trend, self.period),
        }

    def get_table_kwargs(self):
        return {"period": self.period}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        figures = getattr(self, "figures", None)
        context["data"] = None
        if figures is not None:
            context.update(
                figures.value,
                figures_as_of=figures.computed_at,
                ranking_html=self.ranking_html,
                red_goals_url=goal_list_url(self.period, state=GoalState.BEHIND.value),
                pending_url=goal_list_url(self.period, report=ReportState.PENDING.value),
                missing_url=goal_list_url(self.period, report=ReportState.MISSING.value),
            )
        self.fresh = False
        if self.request.GET.get(EXPORT_PARAM) != EXPORT_FORMAT:
            html = render_to_string("targets/dashboard/_page.html", context, self.request)
            context["dashboard_page"] = html
            if figures is not None and (key := self.page_key(figures.version)):
                # Kept under the version of the figures it shows, lagging or not:
                # everyone served these figures is served this page, and newer
                # figures have another key.
                page_cache.keep(key, str(html))
                page_cache.offer_compressed(self.request, key)
                self.fresh = figures.version == self.data_fingerprint()
        return context

    def get_export_heading(self, context):
        if self.plan is None:
            return _("Departments")
        return _("%(plan)s: departments, %(period)s") % {
            "plan": self.plan.title,
            "period": self.period.formal_label,
        }

    def get_export_sheet_title(self, context):
        return _("Departments")


class GoalListView(PeriodMixin, TableExportMixin, SingleTableMixin, FilterView):
    """
    The plan's goals as of a quarter, narrowed by state, section, department
    or text: where the dashboard's slices, bars and counts lead.
    """

    template_name = "targets/goal_list.html"
    filterset_class = PlanGoalFilterSet
    table_class = PlanGoalTable
    table_pagination = {"per_page": 50}

    def get_queryset(self):
        if self.plan is None:
            return Goal.objects.none()
        return plan_goals(self.plan, self.period, Goal.objects.visible_to(self.request.user))

    def get_filterset_kwargs(self, filterset_class):
        kwargs = super().get_filterset_kwargs(filterset_class)
        kwargs["plan"] = self.plan
        kwargs["departments"] = Department.objects.visible_to(self.request.user)
        return kwargs

    def get_table_kwargs(self):
        return {"period": self.period}

    def get_export_heading(self, context):
        if self.plan is None:
            return _("Goals")
        return _("%(plan)s: goals, %(period)s") % {
            "plan": self.plan.title,
            "period": self.period.formal_label,
        }

    def get_export_sheet_title(self, context):
        return _("Goals")
