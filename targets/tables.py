"""django-tables2 tables: the dashboard's department table and a department's goals."""

import django_tables2 as tables
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from .choices import STATE_COLOURS, GoalState, OwnerRole
from .io.xlsx_write import Percent, Tinted
from .templatetags.luoshi import progress_bar, state_badge


def _count_column(verbose_name, state):
    return tables.Column(
        verbose_name=verbose_name,
        attrs={
            "th": {"class": f"text-end state-head state-head-{state}"},
            "td": {"class": "text-end tabular"},
        },
    )


class DepartmentSummaryTable(tables.Table):
    """
    One row per department for a plan and quarter: the goals it leads, how
    many reported, and how they stand. Rows are dicts from
    ``selectors.department_summaries``.
    """

    name = tables.Column(verbose_name=_("Department"), order_by=("department__order", "name"))
    lead = tables.Column(verbose_name=_("Leads"), attrs={"td": {"class": "text-end tabular"}})
    support = tables.Column(verbose_name=_("Supports"), attrs={"td": {"class": "text-end tabular"}})
    # Shown together in "Reported" on the page; separate numbers in the Excel export.
    reported = tables.Column(verbose_name=_("Goals reported"), visible=False)
    expected = tables.Column(
        verbose_name=_("Goals expected to report"), accessor="tally__expected", visible=False
    )
    submission_rate = tables.Column(
        verbose_name=_("Reported"), attrs={"td": {"class": "text-end tabular text-nowrap"}}
    )
    average_percent = tables.Column(verbose_name=_("Average progress"))
    completed = _count_column(_("Completed"), "completed")
    on_track = _count_column(_("On track"), "on_track")
    at_risk = _count_column(_("At risk"), "at_risk")
    behind = _count_column(_("Behind"), "behind")
    not_started = _count_column(_("Not started"), "not_started")
    missing = _count_column(_("Not reported"), "missing")

    class Meta:
        orderable = True
        attrs = {"class": "table table-sm table-hover align-middle", "id": "department-table"}
        empty_text = _("No department owns a goal of this plan.")

    def __init__(self, *args, period=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.period = period

    def render_name(self, value, record):
        url = reverse("targets:department_detail", args=[record["department"].pk])
        if self.period is not None:
            url += "?" + urlencode({"year": self.period.year, "quarter": self.period.quarter})
        return format_html('<a href="{}">{}</a>', url, value)

    def render_submission_rate(self, value, record):
        return format_html(
            '{}/{} <span class="text-body-secondary small">({}%)</span>',
            record["reported"],
            record["tally"].expected,
            value,
        )

    def render_average_percent(self, value):
        return progress_bar(value)

    def value_name(self, value):
        return value

    def value_submission_rate(self, value, record):
        expected = record["tally"].expected
        return Percent(record["reported"] / expected) if expected else None

    def value_average_percent(self, value):
        return None if value is None else Percent(value / 100)


class GoalTable(tables.Table):
    """
    A department's goals as of a quarter: the department's role, the state,
    the progress bar and whether this quarter's update is in. Rows come from
    ``selectors.department_goals``.
    """

    code = tables.Column(verbose_name=_("No."), order_by=("order", "pk"))
    title = tables.Column(verbose_name=_("Goal"), linkify=True, order_by=("title",))
    # Shown under the title on the page; its own column in the Excel export.
    section = tables.Column(verbose_name=_("Section"), visible=False, orderable=False)
    department_role = tables.Column(verbose_name=_("Role"))
    leads = tables.Column(verbose_name=_("Lead departments"), empty_values=(), orderable=False)
    state = tables.Column(verbose_name=_("State"))
    percent = tables.Column(verbose_name=_("Completion"))
    period_submitted_at = tables.Column(verbose_name=_("This quarter's update"), empty_values=())
    actions = tables.Column(
        verbose_name="", empty_values=(), orderable=False, exclude_from_export=True
    )

    class Meta:
        orderable = True
        attrs = {"class": "table table-sm table-hover align-middle", "id": "goal-table"}
        empty_text = _("No goals match.")
        order_by = ("code",)

    def __init__(self, *args, period=None, reportable_ids=frozenset(), **kwargs):
        super().__init__(*args, **kwargs)
        self.period = period
        self.reportable_ids = reportable_ids

    def render_title(self, value, record):
        section = str(record.section) if record.section_id else ""
        return format_html(
            '<a href="{}">{}</a><div class="small text-body-secondary text-truncate" '
            'style="max-width: 32rem">{}</div>',
            record.get_absolute_url(),
            value,
            section,
        )

    def render_department_role(self, value):
        css = "text-bg-dark" if value == OwnerRole.LEAD else "text-bg-light border"
        return format_html('<span class="badge {}">{}</span>', css, OwnerRole(value).label)

    def render_leads(self, record):
        leads = [a.department for a in record.assignments.all() if a.role == OwnerRole.LEAD]
        return format_html_join("、", "{}", ((str(d),) for d in leads))

    def render_state(self, value):
        return state_badge(value)

    def render_percent(self, value, record):
        return progress_bar(value, record.state)

    def render_period_submitted_at(self, value, record):
        if record.department_role != OwnerRole.LEAD:
            return "—"
        if record.period_status is None:
            if record.state == GoalState.COMPLETED:
                return format_html('<span class="text-body-secondary">{}</span>', _("Done earlier"))
            return format_html(
                '<span class="text-danger"><i class="bi bi-exclamation-circle"></i> {}</span>',
                _("Not reported"),
            )
        day = timezone.localtime(value).strftime("%m-%d") if value else ""
        return format_html(
            '<span class="text-success"><i class="bi bi-check-circle"></i> {} {}</span>',
            _("Reported"),
            day,
        )

    # What the Excel export holds: the values, without the page's links and badges.

    def value_title(self, value):
        return value

    def value_section(self, value):
        return str(value)

    def value_department_role(self, value):
        return str(OwnerRole(value).label)

    def value_leads(self, record):
        return "、".join(
            str(a.department) for a in record.assignments.all() if a.role == OwnerRole.LEAD
        )

    def value_state(self, value):
        state = GoalState(value)
        return Tinted(str(state.label), STATE_COLOURS[state])

    def value_percent(self, value):
        return Percent((value or 0) / 100)

    def value_period_submitted_at(self, value, record):
        """The time this quarter's update came in, else why there is none."""
        if record.department_role != OwnerRole.LEAD:
            return "—"
        if record.period_status is None:
            if record.state == GoalState.COMPLETED:
                return str(_("Done earlier"))
            return str(_("Not reported"))
        return value

    def render_actions(self, record):
        if record.pk not in self.reportable_ids or self.period is None:
            return ""
        url = reverse("targets:quarterly_update_edit", args=[record.pk])
        url += "?" + urlencode({"year": self.period.year, "quarter": self.period.quarter})
        label = _("Edit update") if record.period_status else _("Report")
        css = "btn-outline-primary" if record.period_status else "btn-primary"
        return format_html('<a class="btn btn-sm {} text-nowrap" href="{}">{}</a>', css, url, label)
