"""
``write_template``: plain rows (a department's goals for a quarter, with the
last report filled in) as the workbook the department fills in. The key
columns are grey and locked, the cells to fill white and unlocked, under
sheet protection; an instructions sheet says how to fill it in. Both print
on A4 with page numbers: the fill sheet landscape, as many pages wide as
keeps it readable with the goal's code and name on each, every row as high
as its text; the instructions on one portrait page.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from decimal import Decimal

from ..draft import gettext_noop, plain_number
from ..xlsx_layout import (
    MARGIN_HEADER_FOOTER,
    MARGIN_SIDE,
    MARGIN_TOP_BOTTOM,
    pages_wide,
    row_height,
    wrapped_lines,
)
from ..xmltext import xml_legal
from .layout import (
    BASE_ROW,
    COL,
    COLUMNS,
    FIRST_ROW,
    FORMAT,
    HEADER_ROW,
    META_SHEET,
    NOTE_ROW,
    TEXT_FIELDS,
    TITLE_ROW,
    VERSION,
)

SHEET_TITLE = gettext_noop("Update sheet")
INSTRUCTIONS_TITLE = gettext_noop("Fill-in instructions")
PAGE_FOOTER = gettext_noop("Page &P of &N")
A4 = 9  # paperSize code of A4 in SpreadsheetML
GOAL_ROW_HEIGHT = 60  # points: room to type a quarter's progress, whatever was there before
INSTRUCTIONS_WIDTH = 86  # the instructions' text column: a portrait A4 page's width


def _same(message: str) -> str:
    return message


# -- the template --------------------------------------------------------------------------


@dataclass
class TemplateIndicator:
    """An indicator row: its value is the one cell to type in."""

    id: int
    name: str
    unit: str = ""
    target: str = ""  # as shown, e.g. "≥ 96家"
    allows_negative: bool = False
    value: Decimal | None = None  # filled in from the last report


@dataclass
class TemplateGoal:
    """A goal row, filled in from the last report (``status`` is a status value)."""

    code: str
    title: str
    deadline: str = ""
    status: str = ""
    percent: int | None = None
    progress: str = ""
    problems: str = ""
    next_steps: str = ""
    indicators: list[TemplateIndicator] = field(default_factory=list)
    base: str = ""  # ``row_digest`` of what the row shows, kept in the hidden sheet


@dataclass
class UpdateTemplate:
    """
    Everything the workbook shows, as plain values already in the reader's
    language; ``workbook`` (a token naming this download) and ``generated``
    (when it was made, ISO text) are kept in the hidden sheet with each
    goal's ``base``.
    """

    plan_id: int
    plan_title: str
    year: int
    quarter: int
    period: str  # e.g. 2023年第4季度
    department_code: str
    department: str
    deadline: str  # e.g. 2023年12月31日
    statuses: list[tuple[str, str]]  # (value, label) in drop-down order
    goals: list[TemplateGoal]
    source: str = ""  # what the filled-in values come from, e.g. 2023年第3季度
    workbook: str = ""
    generated: str = ""


INSTRUCTIONS = (
    gettext_noop(
        "This workbook is for %(department)s to report the progress of the goals it leads "
        "in %(plan)s for %(period)s."
    ),
    gettext_noop(
        "Deadline: upload the filled workbook in Luoshi by %(deadline)s "
        "(your department's page → Upload updates)."
    ),
    gettext_noop(
        "Fill in only the white cells of the sheet “%(sheet)s”. Do not change the grey columns "
        "(goal code, goal and indicator, unit, target), and do not add, delete or move rows or "
        "sheets: the upload matches the rows by them."
    ),
    gettext_noop("Status: choose one from the drop-down list (%(statuses)s)."),
    gettext_noop(
        "Percent complete: a whole number from 0 to 100. A completed goal is 100%%; "
        "a goal that has not started is 0%%."
    ),
    gettext_noop(
        "Actual value: the cumulative value since the start of the year, as a number in the "
        "unit shown beside it (58, not 58家). Counts and amounts cannot be negative; rates "
        "(%%, 个百分点, ‰) can."
    ),
    gettext_noop(
        "Progress is required for every goal you report; problems and next steps are optional."
    ),
    gettext_noop(
        "The sheet is filled in from the last report (%(source)s) as a starting point: update "
        "it. A goal whose row is left empty, or exactly as the last quarter's report, counts "
        "as not reported for this quarter."
    ),
    gettext_noop(
        "If the upload finds mistakes it lists every one by sheet, row and column and saves "
        "nothing: correct them and upload again. Uploading the same workbook twice changes "
        "nothing; a corrected workbook changes only what differs."
    ),
    gettext_noop(
        "A goal changed in Luoshi after this workbook was downloaded is not overwritten: the "
        "upload shows both versions and keeps Luoshi's unless you choose the workbook's."
    ),
)


def write_template(template: UpdateTemplate, *, translate=_same) -> bytes:
    """
    The fill-in workbook as .xlsx bytes. ``translate`` turns this module's
    English labels into the reader's language (``gettext`` in Django).
    """
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = translate(SHEET_TITLE)
    _write_fill_sheet(sheet, template, translate)
    _write_instructions(workbook.create_sheet(translate(INSTRUCTIONS_TITLE)), template, translate)
    _write_meta(workbook.create_sheet(META_SHEET), template, sheet.title)
    workbook.active = 0
    workbook.properties.title = sheet.cell(TITLE_ROW, 1).value
    workbook.properties.creator = "Luoshi"
    _leave_out_what_xml_cannot_hold(workbook)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


class _Styles:
    """The few styles the sheets use: grey locked keys, white unlocked cells to fill."""

    def __init__(self):
        from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side

        thin = Side(style="thin", color="A6A6A6")
        self.border = Border(left=thin, right=thin, top=thin, bottom=thin)
        self.grey = PatternFill("solid", fgColor="D9D9D9")
        self.light_grey = PatternFill("solid", fgColor="EDEDED")
        self.header_fill = PatternFill("solid", fgColor="BFBFBF")
        self.locked = Protection(locked=True)
        self.unlocked = Protection(locked=False)
        self.bold = Font(bold=True)
        self.title = Font(bold=True, size=14)
        self.note = Font(color="C00000")
        self.muted = Font(color="595959")
        self.wrap = Alignment(wrap_text=True, vertical="top")
        self.centre = Alignment(horizontal="center", vertical="top", wrap_text=True)


def _write_fill_sheet(sheet, template: UpdateTemplate, translate) -> None:
    """The sheet to fill: title and note, the header, a goal's row then its indicators' rows."""
    styles = _Styles()
    _write_title(sheet, template, translate, styles)
    _write_header(sheet, translate, styles)
    checks = _Checks(template, translate)
    checks.add_to(sheet)
    _write_goals(sheet, template, translate, styles, checks)
    sheet.freeze_panes = f"C{FIRST_ROW}"
    sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    shown = [column for column in COLUMNS if column.key != "indicator_id"]
    across = pages_wide(shown, repeated=2)
    _print_on_a4(sheet, translate, landscape=True, pages_wide=across)
    if across > 1:
        # Each page of a band of rows follows the one before it, and names the goal.
        sheet.page_setup.pageOrder = "overThenDown"
        sheet.print_title_cols = "A:B"
    _protect(sheet)


def _print_on_a4(sheet, translate, *, landscape: bool, pages_wide: int, pages_tall: int = 0):
    """A4 with page numbers, the margins leaving the footer room, fitted ``pages_wide``."""
    setup = sheet.page_setup
    setup.paperSize = A4
    setup.orientation = "landscape" if landscape else "portrait"
    setup.fitToWidth = pages_wide
    setup.fitToHeight = pages_tall  # 0: as many pages down as the rows need
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.horizontalCentered = True
    margins = sheet.page_margins
    margins.left = margins.right = MARGIN_SIDE
    margins.top = margins.bottom = MARGIN_TOP_BOTTOM
    margins.header = margins.footer = MARGIN_HEADER_FOOTER
    sheet.oddFooter.center.text = translate(PAGE_FOOTER)
    # 10 points: Excel prints them so at any scale; LibreOffice scales them with the sheet.
    sheet.oddFooter.center.size = 10
    sheet.HeaderFooter.scaleWithDoc = False


def _write_title(sheet, template: UpdateTemplate, translate, styles: _Styles) -> None:
    """The title row (plan, period, department) and the note under it, across the sheet."""
    last = COLUMNS[-2].letter  # the hidden id column is not part of the title's width
    sheet.merge_cells(f"A{TITLE_ROW}:{last}{TITLE_ROW}")
    sheet.merge_cells(f"A{NOTE_ROW}:{last}{NOTE_ROW}")
    title = sheet.cell(TITLE_ROW, 1)
    title.value = translate(
        gettext_noop("%(plan)s · %(period)s progress report · %(department)s")
    ) % {
        "plan": template.plan_title,
        "period": template.period,
        "department": template.department,
    }
    title.font = styles.title
    note = sheet.cell(NOTE_ROW, 1)
    note.value = translate(
        gettext_noop(
            "Fill in only the white cells; do not change the grey columns. "
            "Deadline: %(deadline)s. Read the sheet “%(instructions)s” first."
        )
    ) % {"deadline": template.deadline, "instructions": translate(INSTRUCTIONS_TITLE)}
    note.font = styles.note
    note.alignment = styles.wrap
    sheet.row_dimensions[NOTE_ROW].height = 30


def _write_header(sheet, translate, styles: _Styles) -> None:
    """
    The header row, as high as its longest wrapped heading, and the columns'
    widths; the indicator id column is hidden.
    """
    lines = max(wrapped_lines(translate(column.header), column.width) for column in COLUMNS)
    sheet.row_dimensions[HEADER_ROW].height = row_height(lines)
    for column in COLUMNS:
        cell = sheet[f"{column.letter}{HEADER_ROW}"]
        cell.value = translate(column.header)
        cell.font = styles.bold
        cell.fill = styles.header_fill
        cell.border = styles.border
        cell.alignment = styles.centre
        sheet.column_dimensions[column.letter].width = column.width
    sheet.column_dimensions[COL["indicator_id"].letter].hidden = True


class _Checks:
    """
    What Excel checks as a cell is typed: a status from the drop-down list, a
    percentage from 0 to 100, an actual value that may not be negative.
    """

    def __init__(self, template: UpdateTemplate, translate):
        from openpyxl.worksheet.datavalidation import DataValidation

        self.status_list = DataValidation(
            type="list",
            formula1='"' + ",".join(label for _value, label in template.statuses) + '"',
            allow_blank=True,
            showErrorMessage=True,
            errorTitle=translate(COL["status"].header),
            error=translate(gettext_noop("Choose a status from the drop-down list.")),
        )
        self.percent_range = DataValidation(
            type="whole",
            operator="between",
            formula1="0",
            formula2="100",
            allow_blank=True,
            showErrorMessage=True,
            errorTitle=translate(COL["percent"].header),
            error=translate(gettext_noop("Enter a whole number from 0 to 100.")),
        )
        self.not_negative = DataValidation(
            type="decimal",
            operator="greaterThanOrEqual",
            formula1="0",
            allow_blank=True,
            showErrorMessage=True,
            errorTitle=translate(COL["value"].header),
            error=translate(gettext_noop("The actual value cannot be negative.")),
        )

    def add_to(self, sheet) -> None:
        for validation in (self.status_list, self.percent_range, self.not_negative):
            sheet.add_data_validation(validation)


def _write_goals(sheet, template: UpdateTemplate, translate, styles: _Styles, checks) -> None:
    """Each goal's row, filled in from the last report, then a row for each of its indicators."""
    labels = dict(template.statuses)
    row = FIRST_ROW
    for goal in template.goals:
        values = {
            "code": goal.code,
            "title": goal.title,
            "status": labels.get(goal.status, ""),
            "percent": goal.percent,
            "target": goal.deadline,
            "progress": goal.progress,
            "problems": goal.problems,
            "next_steps": goal.next_steps,
        }
        _write_row(sheet, row, values, "goal", styles)
        sheet.cell(row, 2).font = styles.bold
        checks.status_list.add(f"{COL['status'].letter}{row}")
        checks.percent_range.add(f"{COL['percent'].letter}{row}")
        sheet.row_dimensions[row].height = max(GOAL_ROW_HEIGHT, _text_height(values) or 0)
        row += 1
        for indicator in goal.indicators:
            values = {
                "code": goal.code,
                "title": translate(gettext_noop("Indicator: %(name)s")) % {"name": indicator.name},
                "value": plain_number(indicator.value),
                "unit": indicator.unit,
                "target": indicator.target,
                "indicator_id": indicator.id,
            }
            _write_row(sheet, row, values, "indicator", styles)
            sheet.cell(row, 1).font = styles.muted
            height = _text_height(values)
            if height is not None:
                sheet.row_dimensions[row].height = height
            if not indicator.allows_negative:
                checks.not_negative.add(f"{COL['value'].letter}{row}")
            row += 1


def _text_height(values: dict) -> float | None:
    """How high a row must be for its longest text, wrapped in its column; None: one line."""
    lines = max(
        (
            wrapped_lines(values[c.key], c.width)
            for c in COLUMNS
            if isinstance(values.get(c.key), str)
        ),
        default=1,
    )
    return row_height(lines)


def _write_row(sheet, row: int, values: dict, kind: str, styles: _Styles) -> None:
    for column in COLUMNS:
        cell = sheet[f"{column.letter}{row}"]
        value = values.get(column.key)
        if isinstance(value, str):
            _set_text(cell, value)
        else:
            cell.value = value
        cell.border = styles.border
        cell.alignment = styles.wrap
        if column.fill == kind:
            cell.protection = styles.unlocked
            if column.key == "percent":
                cell.number_format = "0"
            elif column.key in TEXT_FIELDS or column.key == "status":
                cell.number_format = "@"
        else:
            cell.protection = styles.locked
            cell.fill = styles.grey if kind == "goal" else styles.light_grey


# Text a spreadsheet would take for a formula (= + - @): kept as text, as typed.
_RISKY_STARTS = ("=", "+", "-", "@")


def _set_text(cell, text: str) -> None:
    """Put what someone typed in the app into a cell as text, never as a formula."""
    text = xml_legal(text)
    if not text:
        cell.value = None
        return
    cell.value = text
    cell.data_type = "s"
    if text.startswith(_RISKY_STARTS):
        cell.quotePrefix = True


def _leave_out_what_xml_cannot_hold(workbook) -> None:
    """
    Every text of the workbook without the characters an .xlsx cannot hold
    (``xmltext``): titles and the marker sheet carry names typed in the app
    too, and one U+FFFF anywhere would make the whole template fail to save.
    """
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and xml_legal(cell.value) != cell.value:
                    # Typed text stays text: the type is kept, not guessed again.
                    kind = cell.data_type
                    cell.value = xml_legal(cell.value)
                    cell.data_type = kind
    workbook.properties.title = xml_legal(workbook.properties.title or "")


def _protect(sheet) -> None:
    """Sheet protection on, without a password: it guards against slips, not people."""
    protection = sheet.protection
    protection.sheet = True
    # People may still widen columns and rows to read long text (False = allowed).
    protection.formatColumns = False
    protection.formatRows = False


def _write_instructions(sheet, template: UpdateTemplate, translate) -> None:
    """The numbered instructions, on one portrait page: every line wraps in its width."""
    styles = _Styles()
    sheet.column_dimensions["A"].width = 4
    sheet.column_dimensions["B"].width = INSTRUCTIONS_WIDTH
    heading = sheet.cell(1, 1)
    heading.value = translate(gettext_noop("How to fill in this workbook"))
    heading.font = styles.title
    params = {
        "department": template.department,
        "plan": template.plan_title,
        "period": template.period,
        "deadline": template.deadline,
        "sheet": translate(SHEET_TITLE),
        "statuses": "、".join(label for _value, label in template.statuses),
        "source": template.source or translate(gettext_noop("none yet")),
    }
    for number, line in enumerate(INSTRUCTIONS, start=1):
        sheet.cell(number + 2, 1).value = number
        text = sheet.cell(number + 2, 2)
        text.value = translate(line) % params
        text.alignment = styles.wrap
        sheet.cell(number + 2, 1).alignment = styles.wrap
        lines = wrapped_lines(text.value, INSTRUCTIONS_WIDTH)
        sheet.row_dimensions[number + 2].height = row_height(max(lines, 2))
    sheet.print_area = f"A1:B{len(INSTRUCTIONS) + 2}"
    _print_on_a4(sheet, translate, landscape=False, pages_wide=1, pages_tall=1)
    _protect(sheet)


def _write_meta(sheet, template: UpdateTemplate, fill_sheet: str) -> None:
    rows = (
        ("format", FORMAT),
        ("version", VERSION),
        ("plan", template.plan_id),
        ("year", template.year),
        ("quarter", template.quarter),
        ("department", template.department_code),
        ("sheet", fill_sheet),
        ("first_row", FIRST_ROW),
        ("workbook", template.workbook or None),
        ("generated", template.generated or None),
    )
    for number, (key, value) in enumerate(rows, start=1):
        sheet.cell(number, 1).value = key
        sheet.cell(number, 2).value = value
    # What each goal's row showed when the workbook was made: an upload tells by
    # it a row edited in the workbook from one left as it was downloaded.
    sheet.cell(BASE_ROW, 1).value = "goal"
    sheet.cell(BASE_ROW, 2).value = "base"
    bases = [(goal.code, goal.base) for goal in template.goals if goal.base]
    for number, (code, base) in enumerate(bases, start=BASE_ROW + 1):
        sheet.cell(number, 1).value = code
        sheet.cell(number, 2).value = base
    sheet.sheet_state = "veryHidden"
    _protect(sheet)
