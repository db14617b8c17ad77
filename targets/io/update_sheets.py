"""
The quarterly round trip in Excel (季度进展填报表), with no ORM and no HTTP.

``write_template`` turns plain rows (a department's goals for a quarter,
with the last report filled in) into the workbook the department fills in;
``read_updates`` reads a filled workbook back into rows, with every mistake
it can see without the database located by sheet, row and column. What
needs the database (does the goal exist, may this user report on it, is the
number valid for the indicator's unit) is ``targets.update_imports``' work.

The fill sheet has one row per goal and, below it, one row per indicator, so
exactly one value can be typed per indicator with its unit beside it. The
key columns are grey and locked, the cells to fill white and unlocked, under
sheet protection. A hidden column holds each indicator's id and a very hidden
sheet (``_luoshi``) the plan, year, quarter and department, so the upload
matches rows by identifiers, not by what a person may have retyped.

Uploads are untrusted: the plan importer's ``workbook.check_workbook``
refuses what is not a plain .xlsx (macros, old binaries, zip bombs, XML
entities) before openpyxl opens it, read-only and values only.

Messages are English templates marked with ``gettext_noop`` and combined with
their parameters by the caller, in the user's language.
"""

from __future__ import annotations

import io
import posixpath
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal

from .draft import gettext_noop
from .files import DocumentError

MAX_BYTES = 10 * 1024 * 1024
FORMAT = "luoshi-quarterly-update"
VERSION = 1
META_SHEET = "_luoshi"
TITLE_ROW, NOTE_ROW, HEADER_ROW, FIRST_ROW = 1, 2, 3, 4
# A department leads a few dozen goals; far more rows is not a template.
MAX_ROWS = 3000
# A department's report is tens of thousands of characters; what is read waits in the
# database until it is confirmed, so far more is refused.
MAX_TEXT = 1_000_000

SHEET_TITLE = gettext_noop("Update sheet")
INSTRUCTIONS_TITLE = gettext_noop("Fill-in instructions")


@dataclass(frozen=True)
class Column:
    """One column of the fill sheet: ``fill`` says on which rows it is typed in."""

    key: str
    letter: str
    header: str
    width: float
    fill: str = ""  # "goal", "indicator" or "" (a grey key column)


COLUMNS = (
    Column("code", "A", gettext_noop("Goal code"), 10),
    Column("title", "B", gettext_noop("Goal / indicator"), 42),
    Column("status", "C", gettext_noop("Status"), 12, "goal"),
    Column("percent", "D", gettext_noop("Percent complete (%)"), 11, "goal"),
    Column("value", "E", gettext_noop("Actual value (cumulative)"), 14, "indicator"),
    Column("unit", "F", gettext_noop("Unit"), 9),
    Column("target", "G", gettext_noop("Target / deadline"), 16),
    Column("progress", "H", gettext_noop("Progress"), 50, "goal"),
    Column("problems", "I", gettext_noop("Problems"), 30, "goal"),
    Column("next_steps", "J", gettext_noop("Next steps"), 30, "goal"),
    Column("indicator_id", "K", gettext_noop("Indicator number"), 8),  # hidden
)
COL = {column.key: column for column in COLUMNS}
TEXT_FIELDS = ("progress", "problems", "next_steps")


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


@dataclass
class UpdateTemplate:
    """Everything the workbook shows, as plain values already in the reader's language."""

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
    from openpyxl.worksheet.datavalidation import DataValidation

    styles = _Styles()
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

    for column in COLUMNS:
        cell = sheet[f"{column.letter}{HEADER_ROW}"]
        cell.value = translate(column.header)
        cell.font = styles.bold
        cell.fill = styles.header_fill
        cell.border = styles.border
        cell.alignment = styles.centre
        sheet.column_dimensions[column.letter].width = column.width
    sheet.column_dimensions[COL["indicator_id"].letter].hidden = True

    labels = dict(template.statuses)
    status_list = DataValidation(
        type="list",
        formula1='"' + ",".join(label for _value, label in template.statuses) + '"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle=translate(COL["status"].header),
        error=translate(gettext_noop("Choose a status from the drop-down list.")),
    )
    percent_range = DataValidation(
        type="whole",
        operator="between",
        formula1="0",
        formula2="100",
        allow_blank=True,
        showErrorMessage=True,
        errorTitle=translate(COL["percent"].header),
        error=translate(gettext_noop("Enter a whole number from 0 to 100.")),
    )
    not_negative = DataValidation(
        type="decimal",
        operator="greaterThanOrEqual",
        formula1="0",
        allow_blank=True,
        showErrorMessage=True,
        errorTitle=translate(COL["value"].header),
        error=translate(gettext_noop("The actual value cannot be negative.")),
    )
    for validation in (status_list, percent_range, not_negative):
        sheet.add_data_validation(validation)

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
        status_list.add(f"{COL['status'].letter}{row}")
        percent_range.add(f"{COL['percent'].letter}{row}")
        sheet.row_dimensions[row].height = 60
        row += 1
        for indicator in goal.indicators:
            values = {
                "code": goal.code,
                "title": translate(gettext_noop("Indicator: %(name)s")) % {"name": indicator.name},
                "value": _cell_number(indicator.value),
                "unit": indicator.unit,
                "target": indicator.target,
                "indicator_id": indicator.id,
            }
            _write_row(sheet, row, values, "indicator", styles)
            sheet.cell(row, 1).font = styles.muted
            if not indicator.allows_negative:
                not_negative.add(f"{COL['value'].letter}{row}")
            row += 1

    sheet.freeze_panes = f"C{FIRST_ROW}"
    sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    _protect(sheet)


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
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    text = ILLEGAL_CHARACTERS_RE.sub("", text)
    if not text:
        cell.value = None
        return
    cell.value = text
    cell.data_type = "s"
    if text.startswith(_RISKY_STARTS):
        cell.quotePrefix = True


def _protect(sheet) -> None:
    """Sheet protection on, without a password: it guards against slips, not people."""
    protection = sheet.protection
    protection.sheet = True
    # People may still widen columns and rows to read long text (False = allowed).
    protection.formatColumns = False
    protection.formatRows = False


def _cell_number(value):
    """A Decimal as Excel stores it: an int when whole, else a float."""
    if value is None:
        return None
    value = Decimal(value)
    if value == value.to_integral_value():
        return int(value)
    return float(value)


def _write_instructions(sheet, template: UpdateTemplate, translate) -> None:
    styles = _Styles()
    sheet.column_dimensions["A"].width = 4
    sheet.column_dimensions["B"].width = 100
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
        sheet.row_dimensions[number + 2].height = 32
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
    )
    for number, (key, value) in enumerate(rows, start=1):
        sheet.cell(number, 1).value = key
        sheet.cell(number, 2).value = value
    sheet.sheet_state = "veryHidden"
    _protect(sheet)


# -- reading a filled workbook ----------------------------------------------------------------


@dataclass
class CellError:
    """A mistake in one cell (or row, or the sheet): an English template and its values."""

    sheet: str
    row: int | None
    column: str | None
    template: str
    params: dict = field(default_factory=dict)

    @property
    def message(self) -> str:
        return self.template % self.params if self.params else self.template

    def to_dict(self) -> dict:
        return {
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "template": self.template,
            "params": dict(self.params),
        }


@dataclass
class IndicatorEntry:
    """An indicator row as filled: ``value`` is the text typed (numbers as text), or ""."""

    row: int
    indicator_id: int
    name: str = ""
    value: str = ""


@dataclass
class GoalEntry:
    """
    A goal's rows as filled. ``status`` is a status value, "" when the cell is
    empty or holds something not in the list (``status_text`` keeps what was
    typed). ``row`` is None when the goal's own row was not found.
    """

    code: str
    row: int | None
    status: str = ""
    status_text: str = ""
    percent: str = ""
    progress: str = ""
    problems: str = ""
    next_steps: str = ""
    indicators: list[IndicatorEntry] = field(default_factory=list)

    @property
    def blank(self) -> bool:
        """Nothing typed at all: the goal is not reported, which is no mistake."""
        filled = (self.status_text, self.percent, self.progress, self.problems, self.next_steps)
        return not any(filled) and not any(i.value for i in self.indicators)


@dataclass
class UpdateSheet:
    """A filled workbook read back: what it is for, its goal rows and the mistakes seen."""

    plan_id: int
    year: int
    quarter: int
    department: str
    sheet: str
    goals: list[GoalEntry] = field(default_factory=list)
    errors: list[CellError] = field(default_factory=list)

    def error(self, row, column: str | None, template: str, /, **params) -> None:
        self.errors.append(CellError(self.sheet, row, column, template, params))

    def to_dict(self) -> dict:
        """JSON-safe, so a preview can be kept in the database until it is confirmed."""
        return {
            "plan_id": self.plan_id,
            "year": self.year,
            "quarter": self.quarter,
            "department": self.department,
            "sheet": self.sheet,
            "goals": [
                {
                    "code": g.code,
                    "row": g.row,
                    "status": g.status,
                    "status_text": g.status_text,
                    "percent": g.percent,
                    "progress": g.progress,
                    "problems": g.problems,
                    "next_steps": g.next_steps,
                    "indicators": [
                        {
                            "row": i.row,
                            "indicator_id": i.indicator_id,
                            "name": i.name,
                            "value": i.value,
                        }
                        for i in g.indicators
                    ],
                }
                for g in self.goals
            ],
            "errors": [e.to_dict() for e in self.errors],
        }

    @classmethod
    def from_dict(cls, data: dict) -> UpdateSheet:
        goals = []
        for g in data.get("goals", []):
            indicators = [IndicatorEntry(**i) for i in g.get("indicators", [])]
            goals.append(GoalEntry(**{**g, "indicators": indicators}))
        return cls(
            plan_id=data["plan_id"],
            year=data["year"],
            quarter=data["quarter"],
            department=data["department"],
            sheet=data["sheet"],
            goals=goals,
            errors=[CellError(**e) for e in data.get("errors", [])],
        )


def read_updates(
    name: str, data: bytes, *, statuses: dict[str, str], max_bytes: int = MAX_BYTES
) -> UpdateSheet:
    """
    Read a filled template. ``statuses`` maps every accepted status text
    (labels in each language, and the values themselves) to its value.

    A file that is not a safe, real .xlsx of ours raises ``DocumentError``
    (``unsupported``, ``too_large``, ``empty``, ``macro``, ``old_excel``,
    ``unsafe``, ``not_xlsx``, ``not_template``, ``quarter_marker``,
    ``too_many_rows``, ``too_much_text``) before openpyxl parses anything unsafe;
    mistakes in cells are collected in ``errors``, all of them.
    """
    suffix = _suffix(name)
    if suffix in (".xlsm", ".xltm", ".xlam"):
        raise _macro()
    if suffix != ".xlsx":
        raise DocumentError(
            "unsupported",
            gettext_noop(
                "Unsupported file type %(suffix)s: "
                "upload the .xlsx workbook downloaded from Luoshi."
            ),
            suffix=suffix or "(none)",
        )
    # The plan importer's checks: size, macros, old binaries, zip bombs, entities.
    from .workbook import check_workbook

    try:
        check_workbook(name, data, max_bytes=max_bytes)
    except DocumentError as error:
        raise _REFUSALS.get(error.code, _not_xlsx)() from error

    from defusedxml import DefusedXmlException
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except DefusedXmlException as exc:
        raise _unsafe() from exc
    except Exception as exc:  # a damaged workbook fails in many ways; all mean "not .xlsx"
        raise _not_xlsx() from exc
    try:
        return _read(workbook, statuses)
    finally:
        workbook.close()


def _suffix(name: str) -> str:
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    return posixpath.splitext(base)[1].lower()


def _read(workbook, statuses: dict[str, str]) -> UpdateSheet:
    meta = _read_meta(workbook)
    sheet_name = meta.get("sheet")
    if sheet_name not in workbook.sheetnames:
        sheet_name = workbook.sheetnames[0]
    result = UpdateSheet(
        plan_id=meta["plan"],
        year=meta["year"],
        quarter=meta["quarter"],
        department=meta.get("department") or "",
        sheet=sheet_name,
    )
    folded = {str(k).strip().casefold(): v for k, v in statuses.items()}
    by_code: dict[str, GoalEntry] = {}
    width = len(COLUMNS)
    worksheet = workbook[sheet_name]
    last = FIRST_ROW + MAX_ROWS - 1
    if (worksheet.max_row or 0) > last:
        raise DocumentError(
            "too_many_rows",
            gettext_noop("The sheet has more than %(limit)s rows: it is not a template."),
            limit=MAX_ROWS,
        )
    rows = worksheet.iter_rows(min_row=FIRST_ROW, max_row=last, max_col=width)
    for number, cells in enumerate(rows, start=FIRST_ROW):
        cells = tuple(cells) + (None,) * (width - len(cells))
        row = {column.key: cell for column, cell in zip(COLUMNS, cells, strict=True)}
        _read_row(result, number, row, by_code, folded)
    text = sum(len(g.progress) + len(g.problems) + len(g.next_steps) for g in result.goals)
    if text > MAX_TEXT:
        raise DocumentError(
            "too_much_text",
            gettext_noop(
                "The sheet holds far more text than a quarterly report (over %(limit)s "
                "characters): it is not a template."
            ),
            limit=MAX_TEXT,
        )
    return result


def _read_meta(workbook) -> dict:
    if META_SHEET not in workbook.sheetnames:
        raise _not_template()
    pairs = {}
    for key, value in workbook[META_SHEET].iter_rows(
        min_row=1, max_row=20, max_col=2, values_only=True
    ):
        if key is not None:
            pairs[str(key).strip()] = value
    if pairs.get("format") != FORMAT:
        raise _not_template()
    year, quarter, plan = (_integer(pairs.get(k)) for k in ("year", "quarter", "plan"))
    if year is None or not 2000 <= year <= 2100 or quarter not in (1, 2, 3, 4):
        raise DocumentError(
            "quarter_marker",
            gettext_noop(
                "The workbook does not say which quarter it is for (its hidden marker is missing "
                "or was changed): download a new template and fill that in."
            ),
        )
    if plan is None:
        raise _not_template()
    department = pairs.get("department")
    sheet = pairs.get("sheet")
    return {
        "plan": plan,
        "year": year,
        "quarter": quarter,
        "department": str(department).strip() if department is not None else "",
        "sheet": str(sheet) if sheet is not None else "",
    }


def _read_row(result: UpdateSheet, number: int, row: dict, by_code: dict, statuses: dict) -> None:
    values = {key: _value(cell) for key, cell in row.items()}
    if not any(_text(v) for v in values.values()):
        return  # an empty line
    code = _code(values["code"])
    raw_id = values["indicator_id"]
    if raw_id in (None, ""):
        accepted = _read_goal_row(result, number, row, values, code, by_code, statuses)
        # The indicator rows under a goal row that was refused are not mistakes of their own.
        by_code[_SKIPPING] = not accepted
        return
    if by_code.get(_SKIPPING):
        return
    indicator_id = _integer(raw_id)
    if indicator_id is None:
        result.error(
            number,
            COL["title"].letter,
            gettext_noop(
                "The hidden indicator number of this row was changed: download a new template."
            ),
        )
        return
    entry = by_code.get(code)
    if entry is None:
        result.error(
            number,
            COL["code"].letter,
            gettext_noop(
                "This indicator row has no row for goal “%(code)s” above it: "
                "do not change the grey columns."
            ),
            code=code,
        )
        return
    if any(i.indicator_id == indicator_id for i in entry.indicators):
        result.error(
            number,
            COL["title"].letter,
            gettext_noop("This indicator appears twice for goal %(code)s."),
            code=code,
        )
        return
    entry.indicators.append(
        IndicatorEntry(
            row=number,
            indicator_id=indicator_id,
            name=_text(values["title"]),
            value=_number_text(row["value"]),
        )
    )


_SKIPPING = object()  # a key of ``by_code``: the goal row above was refused


def _read_goal_row(result, number, row, values, code, by_code, statuses) -> bool:
    if not code:
        result.error(
            number,
            COL["code"].letter,
            gettext_noop("The goal code is missing: do not change the grey columns."),
        )
        return False
    if code in by_code:
        result.error(
            number,
            COL["code"].letter,
            gettext_noop("Goal %(code)s appears twice (rows %(first)s and %(row)s)."),
            code=code,
            first=by_code[code].row,
            row=number,
        )
        return False
    status_text = _text(values["status"])
    status = statuses.get(status_text.casefold(), "") if status_text else ""
    if status_text and not status:
        result.error(
            number,
            COL["status"].letter,
            gettext_noop("The status “%(value)s” is not in the drop-down list."),
            value=status_text,
        )
    entry = GoalEntry(
        code=code,
        row=number,
        status=status,
        status_text=status_text,
        percent=_percent_text(row["percent"]),
        progress=_text(values["progress"]),
        problems=_text(values["problems"]),
        next_steps=_text(values["next_steps"]),
    )
    by_code[code] = entry
    result.goals.append(entry)
    return True


# -- cell values ---------------------------------------------------------------------------


def _value(cell):
    return getattr(cell, "value", None)


def _text(value) -> str:
    """A cell as text: numbers without a useless ".0", line breaks as "\\n", trimmed."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        value = format(value, ".15g")
    elif isinstance(value, datetime | date | time):
        value = value.isoformat()
    text = str(value).replace("\r\n", "\n").replace("\r", "\n")
    return "\n".join(line.rstrip() for line in text.strip().split("\n"))


def _code(value) -> str:
    return _text(value).replace("\n", " ")


def _integer(value) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


def _number_text(cell) -> str:
    """
    A number typed in a cell, as text for a form to parse: Excel's floats to
    15 significant digits (what Excel shows), full-width digits and thousands
    separators of typed text normalised. Anything else is kept as typed, so
    the message can say what was wrong.
    """
    value = _value(cell)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _text(value)
    text = unicodedata.normalize("NFKC", _text(value))
    compact = text.replace(",", "").replace(" ", "")
    try:
        Decimal(compact)
    except ArithmeticError:
        return text
    return compact


def _percent_text(cell) -> str:
    """A percentage: 60, "60", "60%", or 0.6 in a cell formatted as a percentage all mean 60."""
    value = _value(cell)
    if isinstance(value, int | float) and not isinstance(value, bool):
        if "%" in (getattr(cell, "number_format", "") or ""):
            value = value * 100
        return _text(round(value, 10) if isinstance(value, float) else value)
    text = unicodedata.normalize("NFKC", _text(value))
    return text[:-1].strip() if text.endswith("%") else text


# -- refusals, in words for a person filling in our template ---------------------------------


def _not_xlsx() -> DocumentError:
    return DocumentError(
        "not_xlsx",
        gettext_noop(
            "This file is not a real Excel workbook (.xlsx): upload the workbook downloaded "
            "from Luoshi, saved as .xlsx."
        ),
    )


def _not_template() -> DocumentError:
    return DocumentError(
        "not_template",
        gettext_noop(
            "This workbook is not a Luoshi fill-in template: download the template from your "
            "department's page and fill that in."
        ),
    )


def _macro() -> DocumentError:
    return DocumentError(
        "macro",
        gettext_noop(
            "Workbooks with macros are not accepted: upload the .xlsx workbook downloaded "
            "from Luoshi."
        ),
    )


def _unsafe() -> DocumentError:
    return DocumentError(
        "unsafe",
        gettext_noop(
            "This workbook holds content that workbooks of Luoshi never do (XML declarations, "
            "or far more data than it shows); it was not read."
        ),
    )


def _old_excel() -> DocumentError:
    return DocumentError(
        "old_excel",
        gettext_noop(
            "This is an old Excel .xls file or a password-protected workbook: save it as "
            ".xlsx without a password and upload that."
        ),
    )


def _too_large() -> DocumentError:
    return DocumentError("too_large", gettext_noop("The file is larger than the 10 MB limit."))


def _empty() -> DocumentError:
    return DocumentError("empty", gettext_noop("The file is empty."))


# ``check_workbook``'s refusal codes, in this module's words.
_REFUSALS = {
    "too_large": _too_large,
    "empty": _empty,
    "macro": _macro,
    "old_excel": _old_excel,
    "not_xlsx": _not_xlsx,
    "unsafe": _unsafe,
}
