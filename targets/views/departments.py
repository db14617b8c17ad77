"""One department's goals as of a quarter (the staff's home page)."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.utils.functional import SimpleLazyObject
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from targets import rules
from targets.choices import OwnerRole
from targets.filters import DepartmentGoalFilterSet
from targets.models import Goal
from targets.selectors import page_cache
from targets.selectors.chasing import department_missing_among
from targets.selectors.goals import (
    department_goals_head,
    department_page_department,
    department_tally,
    visible_department_goals,
    visible_departments_as_of,
)
from targets.selectors.periods import deadline, takes_reports
from targets.selectors.plans import default_quarter, reportable_quarters
from targets.selectors.states import Tally
from targets.tables import FirstPagePaginator, GoalTable

from . import conditional
from .chasing import department_notices_context
from .common import PeriodMixin
from .exports import EXPORT_PARAM, TableExportMixin


class DepartmentDetailView(PeriodMixin, TableExportMixin, SingleTableMixin, FilterView):
    """
    The goals a department leads or supports, with their state, progress and
    this quarter's update; staff of the department report from here. Another
    department's page is a 404 for staff.
    """

    template_name = "targets/department_detail.html"
    filterset_class = DepartmentGoalFilterSet
    table_class = GoalTable
    table_pagination = {"per_page": 50}

    def dispatch(self, request, *args, **kwargs):
        self.choose_period(request)
        # With the name it had in the quarter shown and its latest reorganisation,
        # for the note under the heading (no query of their own).
        day = self.period.last_day if self.period is not None else None
        if self.plan is not None and not request.GET.get(EXPORT_PARAM):
            # The page's data fingerprint (``page_key``) read with the department, in
            # its query: one round trip fewer, kept or rendered afresh.
            self.department = department_page_department(request.user, day, kwargs["pk"])
            if self.department is None:
                raise Http404
        else:
            departments = visible_departments_as_of(request.user, day)
            self.department = get_object_or_404(departments, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        key = self.page_key()
        etag = conditional.page_etag(request, key) if key else None
        if unchanged := conditional.not_modified(request, etag):
            return unchanged
        html = page_cache.kept(key) if key else None
        if html is None:
            response = super().get(request, *args, **kwargs)
        else:
            # The page as rendered for this data, scope and query: no filter, table,
            # tally or notice to build, none of their queries to run.
            self.object_list = Goal.objects.none()
            context = {"department": self.department, "department_page": mark_safe(html)}
            response = self.render_to_response(context)
        if key:
            page_cache.offer_compressed(request, key)
        return conditional.with_etag(response, etag)

    def page_key(self) -> str | None:
        """
        Where the page's content is kept (``page_cache``), or None when it is
        not: no plan, or the table downloaded as a file.
        """
        if self.plan is None or self.request.GET.get(EXPORT_PARAM):
            return None
        if not hasattr(self, "_page_key"):
            self._page_key = page_cache.page_key(
                "department-goals",
                self.department.page_fingerprint,
                self.request.user,
                self.department.pk,
                self.plan.pk,
                self.plan.updated_at,
                self.period,
                # Filters, sort and page: the table as this query string shows it.
                self.request.GET.urlencode(),
            )
        return self._page_key

    def get_queryset(self):
        if self.plan is None:
            return Goal.objects.none()
        # Built once: the filter, the table and the tally each narrow it, and
        # building its annotations costs more than running them.
        if not hasattr(self, "goals"):
            self.goals = visible_department_goals(
                self.request.user,
                self.department,
                self.plan,
                self.period,
                reorganised_since=self.department.reorganised_since,
            )
        return self.goals

    def get_filterset_kwargs(self, filterset_class):
        kwargs = super().get_filterset_kwargs(filterset_class)
        kwargs["plan"] = self.plan
        return kwargs

    def deadline(self):
        """The shown period's ``Deadline`` (read once: the table and the notice both ask)."""
        if not hasattr(self, "_deadline"):
            self._deadline = deadline(self.plan, self.period) if self.plan else None
        return self._deadline

    def takes_reports(self) -> bool:
        """Whether the quarter shown takes reports: the plan active, the quarter begun, open."""
        return self.plan is not None and takes_reports(
            self.plan, self.period, self.deadline().is_open
        )

    def get_table_pagination(self, table):
        pagination = super().get_table_pagination(table)
        if pagination and self.request.GET.get(EXPORT_PARAM) is None:
            # A page: the first page's rows read without counting them first. A
            # download reads every row and no page of them.
            pagination["paginator_class"] = FirstPagePaginator
            if self.unfiltered():
                pagination["head"] = self.first_goals
        return pagination

    def unfiltered(self) -> bool:
        """Whether the query string narrows the goals by none of the filters (valid, all empty)."""
        filters = self.filterset
        return not filters.is_bound or (
            filters.is_valid() and not any(filters.form.cleaned_data.values())
        )

    def first_goals(self, goals, limit: int) -> list | None:
        """
        The first ``limit`` goals of the page in the order of ``goals`` (the
        table's sorted QuerySet, unfiltered), from SQL compiled once per process
        (``department_goals_head``); None to read ``goals`` themselves.
        """
        if self.plan is None or goals.query.is_sliced:
            return None
        return department_goals_head(
            self.request.user,
            self.department,
            self.plan,
            self.period,
            goals.query.order_by,
            limit,
            reorganised_since=self.department.reorganised_since,
        )

    def get_table_kwargs(self):
        reportable, on_lead = set(), False
        if self.plan is not None and not self.department.reorganised_since:
            # The rows' roles are today's (nothing reorganised since the quarter):
            # the department's own staff report on the goals it leads.
            on_lead = rules.can_report_on_goals_led_by(
                self.request.user, self.department, self.plan
            )
        if self.plan is not None and not on_lead:
            reportable = set(
                Goal.objects.reportable_by(self.request.user)
                .filter(plan=self.plan)
                .values_list("pk", flat=True)
            )
        return {
            "period": self.period,
            "reportable_ids": reportable,
            "reports_on_lead": on_lead,
            "period_open": self.takes_reports(),
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = self.request.GET.get(EXPORT_PARAM) is None  # a page, not a download
        goals = self.every_goal(context["table"]) if page and self.plan else None
        context.update(self.page_context(goals))
        if page:
            context["tally"] = self.tally(goals) if self.plan else None
            html = render_to_string("targets/department/_page.html", context, self.request)
            if self.page_key():
                page_cache.keep(self.page_key(), str(html))
            context["department_page"] = html
        return context

    def every_goal(self, table) -> list | None:
        """
        The table's records when they are every goal of the page (no filter, one
        page), else None: the tally and the notice then count them rather than
        read them again, each in a query of its own.
        """
        if not self.unfiltered() or table.paginator.num_pages != 1:
            return None
        return [row.record for row in table.paginated_rows]

    def tally(self, goals) -> Tally:
        """
        The state counts of the goals the department leads: from ``goals`` (every
        goal of the page, ``every_goal``), which carry the values
        ``department_tally`` would read again, else by its query.
        """
        if goals is None:
            return department_tally(self.get_queryset())
        tally = Tally()
        for goal in goals:
            if goal.department_role == OwnerRole.LEAD:
                tally.count(goal.state, goal.percent, goal.report)
        return tally

    def page_context(self, goals=None) -> dict:
        """Everything of the page but its tally and table (``goals``: see ``every_goal``)."""
        missing = None
        # The notice lists the goals led today; the rows' roles are those of the
        # quarter's end: the same unless a reorganisation took effect since.
        if goals is not None and not self.department.reorganised_since:
            missing = SimpleLazyObject(
                lambda: department_missing_among(self.department, self.period, goals)
            )
        context = {}
        context["department"] = self.department
        context.update(
            department_notices_context(
                self.department,
                self.plan,
                self.period,
                self.request.user,
                self.deadline(),
                missing,
            )
        )
        context["reportable_period"] = self.plan is not None and self.period in reportable_quarters(
            self.plan
        )
        context["takes_reports"] = self.takes_reports()
        if self.plan is not None and not context["takes_reports"]:
            # Where the work is: the period that takes reports now, if another.
            open_period = default_quarter(self.plan)
            context["open_period"] = open_period if open_period != self.period else None
        context["may_download_update_sheet"] = rules.can_download_update_sheet(
            self.request.user, self.department
        )
        return context

    def get_export_heading(self, context):
        if self.plan is None:
            return str(self.department)
        return _("%(department)s: goals, %(period)s") % {
            "department": self.department.name,
            "period": self.period.formal_label,
        }

    def get_export_sheet_title(self, context):
        return str(self.department)
