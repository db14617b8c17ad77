"""django-filter FilterSets for the dashboard's department table and the lists of goals."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .choices import DepartmentKind, GoalState, OwnerRole, ReportState
from .models import Department, Goal, Section
from .selectors.plans import plan_sections


class DepartmentFilterSet(django_filters.FilterSet):
    """Narrow the dashboard's department table by name or kind."""

    q = django_filters.CharFilter(method="search", label=_("Search"))
    kind = django_filters.ChoiceFilter(
        choices=DepartmentKind.choices, label=_("Kind"), empty_label=_("All kinds")
    )

    class Meta:
        model = Department
        fields = ["q", "kind"]

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(name__icontains=value) | Q(short_name__icontains=value) | Q(code__icontains=value)
        )


def _report_filter():
    """Whether a goal reported this quarter (``ReportState``): the second dimension of a state."""
    return django_filters.ChoiceFilter(
        choices=ReportState.choices,
        label=_("Reported this quarter"),
        empty_label=_("Reported or not"),
    )


class DepartmentGoalFilterSet(django_filters.FilterSet):
    """
    Narrow a department's goals by text, state as of the quarter, whether it
    reported this quarter, the department's role and chapter. Filters on
    ``state``, ``report`` and ``department_role`` work on the annotations of
    ``selectors.goals.department_goals``.
    """

    q = django_filters.CharFilter(method="search", label=_("Search"))
    state = django_filters.ChoiceFilter(
        choices=GoalState.choices, label=_("State"), empty_label=_("All states")
    )
    report = _report_filter()
    role = django_filters.ChoiceFilter(
        field_name="department_role",
        choices=OwnerRole.choices,
        label=_("Role"),
        empty_label=_("Lead and supporting"),
    )
    section = django_filters.ChoiceFilter(
        method="in_section", label=_("Section"), empty_label=_("All sections")
    )

    class Meta:
        model = Goal
        fields = ["q", "state", "report", "role", "section"]

    def __init__(self, *args, plan=None, **kwargs):
        super().__init__(*args, **kwargs)
        _offer_sections(self, plan)

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(title__icontains=value) | Q(text__icontains=value) | Q(code__icontains=value)
        )

    def in_section(self, queryset, name, section_id):
        """A section filter includes the goals of its sub-sections."""
        children: dict[int | None, list[int]] = {}
        for s in self.plan_sections:
            children.setdefault(s.parent_id, []).append(s.pk)
        wanted, stack = set(), [int(section_id)]
        while stack:
            pk = stack.pop()
            wanted.add(pk)
            stack.extend(children.get(pk, []))
        return queryset.filter(section_id__in=wanted)


class PlanGoalFilterSet(django_filters.FilterSet):
    """
    Narrow the plan's goals by text, state this quarter, section (with its
    sub-sections) and owning department: where the dashboard's charts lead.
    """

    q = django_filters.CharFilter(method="search", label=_("Search"))
    state = django_filters.ChoiceFilter(
        choices=GoalState.choices, label=_("State"), empty_label=_("All states")
    )
    report = _report_filter()
    section = django_filters.ChoiceFilter(
        method="in_section", label=_("Section"), empty_label=_("All sections")
    )
    department = django_filters.ModelChoiceFilter(
        queryset=Department.objects.none(),
        method="of_department",
        label=_("Department"),
        empty_label=_("All departments"),
    )

    class Meta:
        model = Goal
        fields = ["q", "state", "report", "section", "department"]

    def __init__(self, *args, plan=None, departments=None, **kwargs):
        super().__init__(*args, **kwargs)
        _offer_sections(self, plan)
        if departments is not None:
            self.filters["department"].queryset = departments

    search = DepartmentGoalFilterSet.search
    in_section = DepartmentGoalFilterSet.in_section

    def of_department(self, queryset, name, department):
        """Goals the department leads or supports."""
        return queryset.of_department(department)


def _offer_sections(filterset, plan) -> None:
    """Offer the plan's sections as an indented outline rather than a flat list."""
    filterset.plan_sections = plan_sections(plan) if plan is not None else []
    depth = Section.depths({s.pk: s.parent_id for s in filterset.plan_sections})
    filterset.filters["section"].extra["choices"] = [
        (s.pk, "\u3000" * depth.get(s.pk, 0) + str(s)) for s in filterset.plan_sections
    ]
