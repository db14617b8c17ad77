"""
The plan workbook: a plan with its goals, owners, targets and every
quarter's progress (目标任务落实情况表).

The plan export reads exactly the goals ``Goal.objects.visible_to(user)``
gives (archived ones left out) in chunks, and streams them into the sheets
through ``targets.io.xlsx_write``; the summary sheets are added up on the way,
so memory does not grow with the number of goals. Sheets, in order:

- 按单位汇总 / 按章节汇总: the chosen quarter's figures by department and by
  section, as the dashboard counts them;
- 目标任务: one row per goal with its owners, targets and the chosen quarter's
  state and narrative;
- 季度进展: one row per goal and quarter up to the chosen one, with the
  quarters nobody reported marked 未报送;
- 指标: one row per indicator with its target (comparator, value, unit) and
  the actual value reported each quarter.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import IO

from django.utils import timezone
from django.utils.translation import gettext as _

from ..choices import STATE_COLOURS, Comparator, GoalState, OwnerRole, ReportState
from ..formatting import format_quantity, format_target
from ..io.xlsx_write import Column, Percent, StreamingWorkbook, Tinted
from ..models import Department, Plan, Section
from ..periods import Quarter
from ..selectors.goals import export_goals
from ..selectors.states import DISPLAY_ORDER, SENT, Tally, quarter_states, state_label
from .common import export_note, export_scope, names

CHUNK_SIZE = 500  # goals read (with their owners, targets and updates) per round of queries


def plan_heading(plan: Plan, period: Quarter) -> str:
    """The title row: "2023年洪山区政府工作报告 目标任务落实情况（截至2023年第3季度）"."""
    return _("%(plan)s: progress on goals (as of %(period)s)") % {
        "plan": plan.title,
        "period": period.formal_label,
    }


def plan_filename(plan: Plan, period: Quarter) -> str:
    return plan_heading(plan, period).replace(" ", "_") + ".xlsx"


def _state_cell(state, since=None, period=None) -> Tinted:
    """A state, with the quarter it comes from when earlier (``states.state_label``)."""
    return Tinted(state_label(state, since, period), STATE_COLOURS[GoalState(state)])


def _percent(value) -> Percent | None:
    return None if value is None else Percent(value / 100)


def _share(part: int, whole: int) -> Percent | None:
    return Percent(part / whole) if whole else None


class _Summary:
    """The summary sheets' figures, added up one goal at a time."""

    def __init__(self, parent_of: dict[int, int | None]):
        self.parent_of = parent_of
        self.overall = Tally()
        self.lead = defaultdict(Tally)
        self.supported = Counter()
        self.sections = defaultdict(Tally)
        self.no_section = Tally()

    def add(self, goal, assignments) -> None:
        row = {"state": goal.state, "percent": goal.percent, "report": goal.report}
        self.overall.add(row)
        for assignment in assignments:
            if assignment.role == OwnerRole.LEAD:
                self.lead[assignment.department_id].add(row)
            else:
                self.supported[assignment.department_id] += 1
        pk = goal.section_id
        if pk is None:
            self.no_section.add(row)
        while pk is not None:
            self.sections[pk].add(row)
            pk = self.parent_of.get(pk)


def _tally_cells(tally: Tally) -> list:
    """
    Reported, expected, share reported, waiting for review, not reported,
    average progress, then the counts by state.
    """
    return [
        tally.reported,
        tally.expected,
        _share(tally.reported, tally.expected),
        tally.pending,
        tally.missing,
        _percent(tally.average_percent),
        *(tally.states[state] for state in DISPLAY_ORDER),
    ]


def _tally_columns() -> list[Column]:
    return [
        Column(_("Reported"), 8, align="right"),
        Column(_("Expected to report"), 8, align="right"),
        Column(_("Reporting rate"), 8, align="right"),
        Column(str(ReportState.PENDING.label), 8, align="right"),
        Column(str(ReportState.MISSING.label), 8, align="right"),
        Column(_("Average progress"), 9, align="right"),
        *(Column(str(state.label), 8, align="right") for state in DISPLAY_ORDER),
    ]


def _merged(tallies) -> Tally:
    total = Tally()
    for tally in tallies:
        total.merge(tally)
    return total


def plan_workbook(plan: Plan, period: Quarter, *, user, target: str | IO[bytes]) -> int:
    """
    Write the plan's export for ``user`` as of ``period`` to ``target`` (a
    path or a binary file): the goals they may see, as the module docstring
    lists. Runs a fixed number of queries per ``CHUNK_SIZE`` goals. Returns
    the number of goals written.
    """
    with StreamingWorkbook(tz=timezone.get_current_timezone()) as book:
        writer = _PlanWriter(book, plan, period, scope=export_scope(user))
        for goal in export_goals(plan, period, user).iterator(chunk_size=CHUNK_SIZE):
            writer.add(goal)
        writer.finish(Department.objects.visible_to(user).filter(active=True))
        book.save(target)
    return writer.summary.overall.total


def _department_columns() -> list[Column]:
    return [
        Column(_("Department"), 18, wrap=True),
        Column(_("Goals led"), 8, align="right"),
        Column(_("Goals supported"), 8, align="right"),
        *_tally_columns(),
    ]


def _section_columns() -> list[Column]:
    return [
        Column(_("Section"), 40, wrap=True),
        Column(_("Number of goals"), 8, align="right"),
        *_tally_columns(),
    ]


def _goal_columns() -> list[Column]:
    return [
        Column(_("No."), 8),
        Column(_("Section"), 22, wrap=True),
        Column(_("Task text"), 46, wrap=True),
        Column(_("Short title"), 16, wrap=True),
        Column(_("Key task"), 6, align="center"),
        Column(_("Category"), 9, wrap=True),
        Column(_("Lead departments"), 14, wrap=True),
        Column(_("Supporting departments"), 16, wrap=True),
        Column(_("Responsible leaders"), 12, wrap=True),
        Column(_("Deadline"), 11, wrap=True),
        Column(_("Indicators and targets"), 22, wrap=True),
        Column(_("State"), 11, wrap=True),
        Column(_("Reported this quarter"), 9),
        Column(_("Completion"), 8, align="right"),
        Column(_("Actual values"), 18, wrap=True),
        Column(_("Progress"), 40, wrap=True),
        Column(_("Problems"), 24, wrap=True),
        Column(_("Next steps"), 24, wrap=True),
        Column(_("Submitted at"), 16),
    ]


def _update_columns() -> list[Column]:
    return [
        Column(_("No."), 8),
        Column(_("Short title"), 18, wrap=True),
        Column(_("Lead departments"), 14, wrap=True),
        Column(_("Quarter"), 14),
        Column(_("State"), 11, wrap=True),
        Column(_("Reporting"), 9),
        Column(_("Completion"), 8, align="right"),
        Column(_("Actual values"), 18, wrap=True),
        Column(_("Progress"), 44, wrap=True),
        Column(_("Problems"), 28, wrap=True),
        Column(_("Next steps"), 28, wrap=True),
        Column(_("Submitted by"), 10),
        Column(_("Submitted at"), 16),
    ]


def _indicator_columns(quarters: list[Quarter]) -> list[Column]:
    return [
        Column(_("No."), 8),
        Column(_("Short title"), 18, wrap=True),
        Column(_("Lead departments"), 14, wrap=True),
        Column(_("Supporting departments"), 16, wrap=True),
        Column(_("Indicator"), 18, wrap=True),
        Column(_("As written"), 24, wrap=True),
        Column(_("Target"), 14),
        Column(_("Comparator"), 8),
        Column(_("Target value"), 10),
        Column(_("Upper target"), 10),
        Column(_("Unit"), 8),
        Column(_("Baseline"), 10),
        *(Column(_("Actual %(period)s") % {"period": q.formal_label}, 12) for q in quarters),
    ]


class _PlanWriter:
    """The sheets of a plan export, filled one goal at a time."""

    def __init__(self, book: StreamingWorkbook, plan: Plan, period: Quarter, *, scope: str):
        self.period = period
        self.quarters = [Quarter(plan.year, q) for q in range(1, period.quarter + 1)]
        self.sections = list(plan.sections.all())
        parent_of = {s.pk: s.parent_id for s in self.sections}
        self.summary = _Summary(parent_of)
        self._paths: dict[int, str] = {}
        self._section_by_pk = {s.pk: s for s in self.sections}

        def sheet(title, columns, what):
            return book.add_sheet(
                title,
                columns,
                heading=plan_heading(plan, period),
                note=export_note(what, scope),
                freeze_columns=1,
                footer=_("Page &P of &N"),
            )

        of_period = {"period": period.formal_label}
        self.by_department = sheet(
            _("By department"),
            _department_columns(),
            _("Figures by department for %(period)s") % of_period,
        )
        self.by_section = sheet(
            _("By section"),
            _section_columns(),
            _("Figures by section for %(period)s") % of_period,
        )
        self.goals = sheet(
            _("Goals"), _goal_columns(), _("Goals, with their state for %(period)s") % of_period
        )
        self.updates = sheet(
            _("Quarterly updates"),
            _update_columns(),
            _("Every quarter's update up to %(period)s") % of_period,
        )
        self.indicators = sheet(
            _("Indicators"),
            _indicator_columns(self.quarters),
            _("Targets and the actual values reported each quarter"),
        )

    def section_path(self, pk) -> str:
        """ "二是塑优势、铸高地 / 增强创新生态吸引力"."""
        if pk is None:
            return ""
        if pk not in self._paths:
            parent = self.summary.parent_of.get(pk)
            own = str(self._section_by_pk[pk])
            self._paths[pk] = f"{self.section_path(parent)} / {own}" if parent else own
        return self._paths[pk]

    def add(self, goal) -> None:
        """The goal's row, its quarters' rows and its indicators' rows; its share of the sums."""
        assignments = list(goal.assignments.all())
        leads = names(a.department for a in assignments if a.role == OwnerRole.LEAD)
        supports = names(a.department for a in assignments if a.role == OwnerRole.SUPPORT)
        indicators = list(goal.indicators.all())
        updates = {u.quarter: u for u in goal.updates.all()}
        self.summary.add(goal, assignments)
        self._add_goal(goal, leads, supports, indicators, updates.get(self.period.quarter))
        self._add_quarters(goal, leads, indicators, updates)
        self._add_indicators(goal, leads, supports, indicators, updates)

    def _add_goal(self, goal, leads, supports, indicators, this_quarter) -> None:
        self.goals.append(
            [
                goal.code,
                self.section_path(goal.section_id),
                goal.text,
                goal.title,
                "★" if goal.key else "",
                goal.category,
                leads,
                supports,
                names(
                    f"{leader.name}（{leader.position}）" if leader.position else leader.name
                    for leader in goal.leaders.all()
                ),
                goal.deadline_text or goal.deadline,
                "\n".join(f"{i.name} {format_target(i)}" for i in indicators),
                _state_cell(goal.state, goal.state_since, self.period),
                str(ReportState(goal.report).label),
                _percent(goal.percent),
                *_update_cells(this_quarter, indicators),
                this_quarter.submitted_at if this_quarter else None,
            ]
        )

    def _add_quarters(self, goal, leads, indicators, updates) -> None:
        # As ``states.with_state`` judges a quarter (``quarter_states``): the
        # latest approved report's state up to it, and whether it reported.
        sent = [
            (u.year, u.quarter, u.status, u.percent_complete, u.review_state)
            for u in sorted(updates.values(), key=lambda u: u.quarter)
            if u.review_state in SENT
        ]
        states = quarter_states(sent, self.quarters)
        for quarter, state in zip(self.quarters, states, strict=True):
            update = updates.get(quarter.quarter)
            self.updates.append(
                [
                    goal.code,
                    goal.title,
                    leads,
                    quarter.formal_label,
                    _state_cell(state.state, state.since, quarter),
                    str(ReportState(state.report).label),
                    _percent(state.percent),
                    *_update_cells(update, indicators),
                    str(update.submitted_by) if update and update.submitted_by else "",
                    update.submitted_at if update else None,
                ]
            )

    def _add_indicators(self, goal, leads, supports, indicators, updates) -> None:
        actuals = {
            q: {a.indicator_id: a.value for a in u.actuals.all()} for q, u in updates.items()
        }
        for indicator in indicators:
            self.indicators.append(
                [
                    goal.code,
                    goal.title,
                    leads,
                    supports,
                    indicator.name,
                    indicator.phrase,
                    format_target(indicator),
                    str(Comparator(indicator.comparator).label),
                    indicator.target_value,
                    indicator.target_value_max,
                    indicator.unit,
                    indicator.baseline,
                    *(actuals.get(q.quarter, {}).get(indicator.pk) for q in self.quarters),
                ]
            )

    def finish(self, departments) -> None:
        """The summary sheets, now that every goal has been counted."""
        _write_department_summary(self.by_department, self.summary, departments)
        _write_section_summary(self.by_section, self.summary, self.sections)


def _update_cells(update, indicators) -> list:
    """Actual values, progress, problems, next steps of an update (blank without one)."""
    if update is None:
        return ["", "", "", ""]
    return [_actuals_text(update, indicators), update.progress, update.problems, update.next_steps]


def _actuals_text(update, indicators) -> str:
    """An update's actual values as a person reads them: "净增高企 61家"."""
    values = {a.indicator_id: a.value for a in update.actuals.all()}
    return "\n".join(
        f"{i.name} {format_quantity(values[i.pk], i.unit)}" for i in indicators if i.pk in values
    )


def _write_department_summary(sheet, summary: _Summary, departments) -> None:
    """
    One row per department that leads or supports a goal of the export (of
    those the user may see, as on the dashboard), then the total.
    """
    shown = []
    for department in departments:
        tally = summary.lead.get(department.pk, Tally())
        supported = summary.supported[department.pk]
        if not tally.total and not supported:
            continue
        shown.append((tally, supported))
        sheet.append([str(department), tally.total, supported, *_tally_cells(tally)])
    total = _merged(tally for tally, supported in shown)
    supported_total = sum(supported for tally, supported in shown)
    sheet.append([_("Total"), total.total, supported_total, *_tally_cells(total)])


def _write_section_summary(sheet, summary: _Summary, sections) -> None:
    """The section tree, indented, each counting the goals of its subtree; then the total."""
    depths = Section.depths(summary.parent_of)
    for section in sections:
        tally = summary.sections.get(section.pk)
        if tally is None or not tally.total:
            continue
        name = "\u3000" * depths.get(section.pk, 0) + str(section)
        sheet.append([name, tally.total, *_tally_cells(tally)])
    if summary.no_section.total:
        sheet.append(
            [_("(no section)"), summary.no_section.total, *_tally_cells(summary.no_section)]
        )
    sheet.append([_("Total"), summary.overall.total, *_tally_cells(summary.overall)])
