"""django-tables2 tables: the dashboard's department ranking and the lists of goals."""

import datetime
from functools import partial
from typing import NamedTuple

import django_tables2 as tables
from django.core.paginator import Paginator
from django.urls import get_script_prefix, reverse
from django.utils import timezone, translation
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django_tables2.rows import BoundRow

from .choices import STATE_COLOURS, GoalState, OwnerRole, ReportState, ReviewState
from .io.xlsx_write import Percent, Tinted
from .periods import Quarter
from .recent import Recent
from .selectors.goals import lead_department_names
from .selectors.states import state_label
from .templatetags.luoshi import progress_bar, report_badge, state_badge

# Columns a phone leaves out of the ranking, so it reads without sideways scrolling.
WIDE_ONLY = "d-none d-md-table-cell"


def _count_column(verbose_name, state, *, phone=False):
    hide = "" if phone else f" {WIDE_ONLY}"
    return tables.Column(
        verbose_name=verbose_name,
        attrs={
            "th": {"class": f"text-end state-head state-head-{state}{hide}"},
            "td": {"class": f"text-end tabular{hide}"},
        },
    )


def department_url(department, period) -> str:
    """A department's goals as of ``period``: where a row of the ranking leads."""
    url = reverse("targets:department_detail", args=[department.pk])
    if period is not None:
        url += "?" + urlencode({"year": period.year, "quarter": period.quarter})
    return url


def ratio(part, whole, rate):
    """ "2/3 (67%)": the figures behind a rate, as the page shows them."""
    if not whole:
        return "—"
    return format_html(
        '{}/{} <span class="text-body-secondary small ratio-share">({}%)</span>', part, whole, rate
    )


class DepartmentSummaryTable(tables.Table):
    """
    The department ranking for a plan and quarter (单位排名): the goals each
    department leads, how many reported and how many on time, how many are
    completed and how they stand, as ``selectors.states`` counts them. Rows are
    dicts from ``selectors.dashboard.department_summaries`` with the ``url`` of the department's
    goals for the same quarter (``department_url``), where a click on the row
    leads. Ranked by average progress
    until the user sorts by another column.

    The rows are written out by templates/targets/_department_ranking.html
    (a hundred departments are too many cells to render one by one); the
    ``value_`` methods give the Excel export its values.
    """

    name = tables.Column(verbose_name=_("Department"), order_by=("department__order", "name"))
    lead = tables.Column(verbose_name=_("Leads"), attrs={"th": {"class": f"text-end {WIDE_ONLY}"}})
    support = tables.Column(
        verbose_name=_("Supports"), attrs={"th": {"class": f"text-end {WIDE_ONLY}"}}
    )
    # Shown together in "Reported" on the page; separate numbers in the Excel export.
    reported = tables.Column(verbose_name=_("Goals reported"), visible=False)
    expected = tables.Column(verbose_name=_("Goals expected to report"), visible=False)
    submission_rate = tables.Column(verbose_name=_("Reported"), attrs={"th": {"class": "text-end"}})
    on_time = tables.Column(verbose_name=_("Goals reported on time"), visible=False)
    on_time_rate = tables.Column(
        verbose_name=_("On time"), attrs={"th": {"class": f"text-end {WIDE_ONLY}"}}
    )
    completion_rate = tables.Column(
        verbose_name=_("Completion rate"), attrs={"th": {"class": f"text-end {WIDE_ONLY}"}}
    )
    average_percent = tables.Column(verbose_name=_("Average progress"))
    completed = _count_column(_("Completed"), "completed")
    on_track = _count_column(_("On track"), "on_track")
    at_risk = _count_column(_("At risk"), "at_risk")
    behind = _count_column(_("Behind"), "behind", phone=True)
    not_started = _count_column(_("Not started"), "not_started")
    unassessed = _count_column(_("Not yet assessed"), "unassessed")
    # Reporting this quarter, beside the states (a goal is in one of each).
    pending = _count_column(_("Waiting for review"), "pending")
    missing = _count_column(_("Not reported"), "missing", phone=True)

    class Meta:
        orderable = True
        order_by = ("-average_percent",)
        template_name = "targets/_department_ranking.html"
        attrs = {"class": "table table-sm table-hover align-middle", "id": "department-table"}
        empty_text = _("No department owns a goal of this plan.")

    def __init__(self, data, *args, period=None, **kwargs):
        super().__init__(data, *args, **kwargs)
        self.period = period

    def value_name(self, value):
        return value

    def value_submission_rate(self, value, record):
        expected = record["expected"]
        return Percent(record["reported"] / expected) if expected else None

    def value_on_time_rate(self, value, record):
        expected = record["expected"]
        return Percent(record["on_time"] / expected) if expected else None

    def value_completion_rate(self, value):
        return None if value is None else Percent(value / 100)

    def value_average_percent(self, value):
        return None if value is None else Percent(value / 100)


def _update_cell(record):
    """
    Whether the quarter's update is in, for a row of ``states.with_state``:
    sent on which day, approved or waiting for review; else done in an earlier
    quarter, returned, saved as a draft only, or not reported.
    """
    if record.period_status is None:
        if record.report == ReportState.NOT_DUE:
            return format_html('<span class="text-body-secondary">{}</span>', _("Done earlier"))
        note = ""
        if record.period_review == ReviewState.RETURNED:
            note = _("returned")
        elif record.period_review == ReviewState.DRAFT:
            note = _("draft saved")
        return format_html(
            '<span class="text-danger"><i class="bi bi-exclamation-circle"></i> {}</span>{}',
            _("Not reported"),
            format_html(' <span class="small text-body-secondary">({})</span>', note)
            if note
            else "",
        )
    day = timezone.localtime(record.period_submitted_at).strftime("%m-%d")
    pending = ""
    if record.report == ReportState.PENDING:
        pending = format_html(" {}", report_badge(ReportState.PENDING))
    return format_html(
        '<span class="text-success"><i class="bi bi-check-circle"></i> {} {}</span>{}',
        _("Reported"),
        day,
        pending,
    )


def _update_value(record):
    """The time the quarter's update came in, else why there is none (for the Excel export)."""
    if record.period_status is None:
        if record.report == ReportState.NOT_DUE:
            return str(_("Done earlier"))
        return str(_("Not reported"))
    return record.period_submitted_at


def state_value(record, period) -> Tinted:
    """A goal's state for a workbook cell, with the quarter it comes from when earlier."""
    label = state_label(record.state, record.state_since, period)
    return Tinted(label, STATE_COLOURS[GoalState(record.state)])


class RowsInOnePass:
    """
    Writes a goal table's rows in one pass of Python. django-tables2 renders
    each cell on its own (an accessor, a ``render_`` method called through
    ``call_with_appropriate``, then the template's loop over cells): about
    0.1 ms a cell, 40 ms for the 50 goals of a department's page, most of the
    page's time under the end-of-quarter rush. ``row_cells`` gives a record's
    visible cells in the order of the visible columns, from the same
    ``render_`` methods; templates/targets/_goal_rows.html writes them out.
    Headers, sorting, pagination and the Excel export (``value_`` methods)
    stay django-tables2's.
    """

    def row_cells(self, record) -> list:
        raise NotImplementedError

    def card(self, record) -> str:
        """The record as a card, for a phone's narrow screen (no sideways scrolling)."""
        raise NotImplementedError

    def rendered_rows(self):
        for row in self.paginated_rows:
            cells = "".join(f"<td>{conditional_escape(c)}</td>" for c in self.row_cells(row.record))
            yield mark_safe(f"<tr>{cells}</tr>")  # every cell is escaped above

    def rendered_cards(self):
        """The page's records as cards (the same page, the same order as the rows)."""
        for row in self.paginated_rows:
            yield self.card(row.record)


def _goal_card(record, title, badges, details, action="") -> str:
    """A goal on a phone: its title, its badges and progress, what was reported, the button."""
    return format_html(
        '<div class="goal-card border-bottom px-3 py-2" id="goal-card-{}">'
        '<div class="fw-semibold"><span class="text-body-secondary tabular me-1">{}</span>{}</div>'
        '<div class="d-flex flex-wrap align-items-center gap-2 my-1">{}</div>'
        '<div class="small">{}</div>{}</div>',
        record.pk,
        _code(record),
        title,
        badges,
        details,
        format_html('<div class="mt-2 d-grid">{}</div>', action) if action else "",
    )


def _code(record) -> str:
    # django-tables2 shows "—" for an empty value.
    return record.code or "—"


class FirstPagePaginator(Paginator):
    """
    A department's page is nearly always its first and only one: its first
    page is read with one row more than fits, and when that row is not there
    the rows read are every row, so the count needs no query of its own (a
    COUNT of the goals, the annotated query built and sent once more). Other
    pages, and a first page with more after it, count and read as Django's
    ``Paginator`` does.

    ``head``: reads the first page's records itself, given the table's ordered
    QuerySet and how many (``selectors.goals.department_goals_head``), or
    answers None to leave them to the QuerySet.
    """

    def __init__(self, object_list, per_page, *args, head=None, **kwargs):
        super().__init__(object_list, per_page, *args, **kwargs)
        self.head = head

    def page(self, number):
        if str(number) != "1":
            return super().page(number)
        records = None
        if self.head is not None:
            # django-tables2's rows (BoundRows) over its data (TableQuerysetData) over
            # the QuerySet the table's sort ordered.
            records = self.head(self.object_list.data.data, self.per_page + 1)
        if records is None:
            head = list(self.object_list[: self.per_page + 1])
        else:
            head = [BoundRow(record, table=self.object_list.table) for record in records]
        if len(head) <= self.per_page:
            self.__dict__["count"] = len(head)  # Paginator.count is a cached_property
        return self._get_page(head[: self.per_page], 1, self)


class GoalRow(NamedTuple):
    """
    Everything a department page's row of a goal shows, in its row and in its
    card: what ``goal_row_html`` writes them from, and the key they are kept
    under in this process (``recent_rows``). Nothing else goes in, so equal
    values give equal HTML and a change to any of them is a new key: a row is
    never shown older than its data. The language, time zone and script prefix
    are here because the labels, the day shown and the links depend on them.
    """

    language: str
    timezone: str
    script_prefix: str
    period: Quarter | None
    period_open: bool
    reportable: bool  # the user may report on the goal (its button)
    pk: int
    code: str
    title: str
    section: str
    department_role: str
    leads: tuple[str, ...]
    state: str
    state_since: int | None
    percent: int | None
    period_status: str | None
    period_review: str | None
    period_submitted_at: datetime.datetime | None
    report: str


# The rows and cards of goals last written in this process, by their ``GoalRow``. Under
# the end-of-quarter rush a department's page is rendered afresh after every save to any
# of its goals; the goals not saved show the same values and reuse their HTML. A row is
# about 3 KB with its card: 4,096 rows, ~12 MB a process, are two districts' worth of
# goals and the departments that share them.
recent_rows = Recent(4096)

# The goal tables' headers last written in this process, by ``GoalTable.header_key``: the
# same for every department read with one query string, and about 2 KB each.
recent_headers = Recent(256)


def _title_html(row: GoalRow) -> str:
    return format_html(
        '<a href="{}">{}</a><div class="small text-body-secondary text-truncate" '
        'style="max-width: 32rem">{}</div>',
        reverse("targets:goal_detail", args=[row.pk]),
        row.title,
        row.section,
    )


def _role_html(role: str) -> str:
    css = "text-bg-dark" if role == OwnerRole.LEAD else "text-bg-light border"
    return format_html('<span class="badge {}">{}</span>', css, OwnerRole(role).label)


def _actions_html(row: GoalRow, size: str = "btn-sm") -> str:
    """The button to report (or edit the update) for a goal the user may report on."""
    if not row.reportable or row.period is None:
        return ""
    returned = row.period_review == ReviewState.RETURNED
    # A closed period's form is locked: no button leads there, but for an update
    # the office returned, which its department may still answer.
    if not row.period_open and not returned:
        return format_html('<span class="small text-body-secondary">{}</span>', _("Closed"))
    url = reverse("targets:quarterly_update_edit", args=[row.pk])
    url += "?" + urlencode({"year": row.period.year, "quarter": row.period.quarter})
    label = _("Edit update") if row.period_status else _("Report")
    # Sent already, or completed earlier (it need not report): not the page's main action.
    done = row.period_status or row.report == ReportState.NOT_DUE
    css = "btn-outline-primary" if done else "btn-primary"
    return format_html('<a class="btn {} {} text-nowrap" href="{}">{}</a>', size, css, url, label)


def goal_row_html(row: GoalRow) -> tuple[str, str]:
    """A goal's table row and its card for a phone, from ``row`` alone."""
    role = _role_html(row.department_role)
    state = state_badge(row.state, row.state_since, row.period)
    percent = progress_bar(row.percent, row.state)
    update = "—" if row.department_role != OwnerRole.LEAD else _update_cell(row)
    cells = (
        _code(row),
        _title_html(row),
        role,
        format_html_join("、", "{}", ((name,) for name in row.leads)),
        state,
        percent,
        update,
        _actions_html(row),
    )
    tr = "<tr>" + "".join(f"<td>{conditional_escape(c)}</td>" for c in cells) + "</tr>"
    url = reverse("targets:goal_detail", args=[row.pk])
    card = _goal_card(
        row,
        format_html('<a href="{}">{}</a>', url, row.title),
        format_html("{} {} {}", role, state, percent),
        update,
        _actions_html(row, size=""),
    )
    return mark_safe(tr), card  # every cell is escaped above


class GoalTable(RowsInOnePass, tables.Table):
    """
    A department's goals as of a quarter: the department's role, the state,
    the progress bar and whether this quarter's update is in. Rows come from
    ``selectors.department_goals``. Each row and its card are written from the
    record's ``GoalRow`` and reused while those values stay the same
    (``recent_rows``).
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
        template_name = "targets/_goal_rows.html"

    def __init__(
        self,
        *args,
        period=None,
        reportable_ids=frozenset(),
        reports_on_lead=False,
        period_open=True,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.period = period
        self.reportable_ids = reportable_ids
        # True: the user may report on exactly the goals whose row says the
        # department leads them (``rules.can_report_on_goals_led_by``, the rows'
        # roles today's): no set of goals to read.
        self.reports_on_lead = reports_on_lead
        self.period_open = period_open
        self._html = None
        self._leads: dict[int, tuple[str, ...]] = {}

    def goal_row(self, record) -> GoalRow:
        """What the record's row shows (``GoalRow``), as of the request."""
        return GoalRow(
            translation.get_language(),
            timezone.get_current_timezone_name(),
            get_script_prefix(),
            self.period,
            self.period_open,
            record.department_role == OwnerRole.LEAD
            if self.reports_on_lead
            else record.pk in self.reportable_ids,
            record.pk,
            record.code,
            record.title,
            str(record.section) if record.section_id else "",
            record.department_role,
            self.lead_names(record),
            record.state,
            record.state_since,
            record.percent,
            record.period_status,
            record.period_review,
            record.period_submitted_at,
            record.report,
        )

    def _rendered(self) -> list[tuple[str, str]]:
        # Rows and cards are one pass over the page's records: the template asks for both.
        if self._html is None:
            records = [row.record for row in self.paginated_rows]
            self._leads = lead_department_names([record.pk for record in records])
            rows = [self.goal_row(record) for record in records]
            self._html = [recent_rows.get(row, partial(goal_row_html, row)) for row in rows]
        return self._html

    def header_key(self) -> tuple:
        """
        Everything the table's header is written from (``templates/targets/_goal_rows.html``
        keeps it under this key, ``recent_headers``): the language of its labels, the
        query string its sort links keep, the order its marked column shows, the
        columns. None without a request (no query string to write the links from).
        """
        request = getattr(self, "request", None)
        if request is None:
            return None
        return (
            type(self).__name__,
            translation.get_language(),
            request.GET.urlencode(),
            self.prefixed_order_by_field,
            str(self.order_by),
            tuple(column.name for column in self.columns),
        )

    def lead_names(self, record) -> tuple[str, ...]:
        """The goal's lead departments, read for every goal of the table the first time."""
        if record.pk not in self._leads:
            self._leads = lead_department_names([goal.pk for goal in self.data])
        return self._leads[record.pk]

    def rendered_rows(self):
        return [tr for tr, _card in self._rendered()]

    def rendered_cards(self):
        return [card for _tr, card in self._rendered()]

    # PlanGoalTable writes its cells with these.

    def render_title(self, value, record):
        section = str(record.section) if record.section_id else ""
        return format_html(
            '<a href="{}">{}</a><div class="small text-body-secondary text-truncate" '
            'style="max-width: 32rem">{}</div>',
            record.get_absolute_url(),
            value,
            section,
        )

    def render_leads(self, record):
        leads = [a.department for a in record.assignments.all() if a.role == OwnerRole.LEAD]
        return format_html_join("、", "{}", ((str(d),) for d in leads))

    def render_state(self, value, record):
        return state_badge(value, record.state_since, self.period)

    def render_percent(self, value, record):
        return progress_bar(value, record.state)

    # What the Excel export holds: the values, without the page's links and badges.

    def value_title(self, value):
        return value

    def value_section(self, value):
        return str(value)

    def value_department_role(self, value):
        return str(OwnerRole(value).label)

    def value_leads(self, record):
        return "、".join(self.lead_names(record))

    def value_state(self, value, record):
        return state_value(record, self.period)

    def value_percent(self, value):
        return Percent((value or 0) / 100)

    def value_period_submitted_at(self, value, record):
        """The time this quarter's update came in, else why there is none."""
        if record.department_role != OwnerRole.LEAD:
            return "—"
        return _update_value(record)


class PlanGoalTable(RowsInOnePass, tables.Table):
    """
    Goals of the whole plan as of a quarter, with their lead departments,
    state, progress and the quarter's update (what was done, the problems):
    the dashboard's drill-down and a leader's page. Rows come from
    ``selectors.plan_goals``.
    """

    code = tables.Column(verbose_name=_("No."), order_by=("order", "pk"))
    title = tables.Column(verbose_name=_("Goal"), linkify=True, order_by=("title",))
    section = tables.Column(verbose_name=_("Section"), visible=False, orderable=False)
    leads = tables.Column(verbose_name=_("Lead departments"), empty_values=(), orderable=False)
    state = tables.Column(verbose_name=_("State"))
    percent = tables.Column(verbose_name=_("Completion"))
    period_submitted_at = tables.Column(verbose_name=_("This quarter's update"), empty_values=())
    period_progress = tables.Column(verbose_name=_("Progress"), visible=False)
    period_problems = tables.Column(verbose_name=_("Problems"), visible=False)

    class Meta(GoalTable.Meta):  # the same look, default order and row template
        pass

    def __init__(self, *args, period=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.period = period

    def row_cells(self, record) -> list:
        return [
            _code(record),
            self.render_title(record.title, record),
            self.render_leads(record),
            self.render_state(record.state, record),
            self.render_percent(record.percent, record),
            self.render_period_submitted_at(record.period_submitted_at, record),
        ]

    def card(self, record) -> str:
        badges = format_html(
            "{} {}",
            self.render_state(record.state, record),
            self.render_percent(record.percent, record),
        )
        title = format_html(
            '<a href="{}">{}</a><div class="small text-body-secondary">{}</div>',
            record.get_absolute_url(),
            record.title,
            self.render_leads(record),
        )
        return _goal_card(
            record,
            title,
            badges,
            self.render_period_submitted_at(record.period_submitted_at, record),
        )

    render_title = GoalTable.render_title
    render_leads = GoalTable.render_leads
    render_state = GoalTable.render_state
    render_percent = GoalTable.render_percent
    value_title = GoalTable.value_title
    value_section = GoalTable.value_section
    value_state = GoalTable.value_state
    value_percent = GoalTable.value_percent

    def render_period_submitted_at(self, value, record):
        cell = _update_cell(record)
        parts = [format_html("<div>{}</div>", cell)]
        if record.period_progress:
            parts.append(
                format_html(
                    '<div class="small update-text" title="{}">{}</div>',
                    record.period_progress,
                    Truncator(record.period_progress).chars(80),
                )
            )
        if record.period_problems:
            parts.append(
                format_html(
                    '<div class="small text-danger update-text" title="{}">{}：{}</div>',
                    record.period_problems,
                    _("Problems"),
                    Truncator(record.period_problems).chars(60),
                )
            )
        return format_html_join("", "{}", ((part,) for part in parts))

    def value_leads(self, record):
        return "、".join(
            str(a.department) for a in record.assignments.all() if a.role == OwnerRole.LEAD
        )

    def value_period_submitted_at(self, value, record):
        return _update_value(record)
