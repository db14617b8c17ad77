"""The leaders' overview of a plan for one quarter (领导驾驶舱)."""

from django.utils.translation import gettext as _
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from targets import selectors
from targets.filters import DepartmentFilterSet
from targets.models import Department, Goal
from targets.tables import DepartmentSummaryTable

from .common import PeriodMixin
from .exports import TableExportMixin


class DashboardView(PeriodMixin, TableExportMixin, SingleTableMixin, FilterView):
    """
    Counts by state, completion by section and the department table for the
    chosen plan and quarter, all drawn from the goals the user may see.
    """

    template_name = "targets/dashboard.html"
    filterset_class = DepartmentFilterSet
    table_class = DepartmentSummaryTable
    table_pagination = False

    def get_queryset(self):
        return Department.objects.visible_to(self.request.user).filter(active=True)

    def get_table_data(self):
        if self.plan is None:
            return []
        self.data = selectors.dashboard(
            self.plan,
            self.period,
            goals=Goal.objects.visible_to(self.request.user),
            departments=self.object_list,
        )
        return self.data.departments

    def get_table_kwargs(self):
        return {"period": self.period}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["data"] = getattr(self, "data", None)
        return context

    def get_export_heading(self, context):
        if self.plan is None:
            return _("Departments")
        return _("%(plan)s: departments, %(period)s") % {
            "plan": self.plan.title,
            "period": self.period,
        }

    def get_export_sheet_title(self, context):
        return _("Departments")
