"""
``read_updates``: a filled workbook read back into rows, every mistake it
can see without the database located by sheet, row and column.

Uploads are untrusted: the cells come from ``files.read_spreadsheet``, the
plan importer's way of reading a spreadsheet, which refuses what is not a
plain .xlsx (macros, old binaries, zip bombs, XML entities, a damaged part
or cell) and reads it under a ceiling of memory and time. What it reads
leniently (a date cell holding text, a cell beyond the last column, a style
that is not there) arrives here as a value and is judged as anything typed.
"""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal

from ..draft import gettext_noop
from ..files import DocumentError, Sheet, file_suffix, read_spreadsheet
from . import refusals
from .bases import is_digest, made_at, workbook_made
from .entries import GoalEntry, IndicatorEntry, UpdateSheet
from .layout import BASE_ROW, COL, COLUMNS, FIRST_ROW, FORMAT, META_ROWS, META_SHEET

MAX_BYTES = 10 * 1024 * 1024
# A department leads a few dozen goals; far more rows is not a template.
MAX_ROWS = 3000
# A department's report is tens of thousands of characters; what is read waits in the
# database until it is confirmed, so far more is refused.
MAX_TEXT = 1_000_000
# Rows of the instructions sheet, read beside the fill sheet's and the marker sheet's.
_OTHER_ROWS = 200
_PERCENT_COLUMN = COLUMNS.index(COL["percent"]) + 1


def read_updates(
    name: str, data: bytes, *, statuses: dict[str, str], max_bytes: int = MAX_BYTES
) -> UpdateSheet:
    """
    Read a filled template. ``statuses`` maps every accepted status text
    (labels in each language, and the values themselves) to its value.

    A file that is not a safe, real .xlsx of ours raises ``DocumentError``
    (``unsupported``, ``too_large``, ``empty``, ``macro``, ``old_excel``,
    ``unsafe``, ``not_xlsx``, ``damaged``, ``not_template``,
    ``quarter_marker``, ``too_many_rows``, ``too_much_text``) before anything
    unsafe is parsed; mistakes in cells are collected in ``errors``, all of them.
    """
    suffix = file_suffix(name)
    if suffix in (".xlsm", ".xltm", ".xlam"):
        raise refusals.macro()
    if suffix != ".xlsx":
        raise DocumentError(
            "unsupported",
            gettext_noop(
                "Unsupported file type %(suffix)s: "
                "upload the .xlsx workbook downloaded from Luoshi."
            ),
            suffix=suffix or "(none)",
        )
    try:
        sheets = read_spreadsheet(
            name,
            data,
            max_rows=FIRST_ROW + MAX_ROWS + BASE_ROW + MAX_ROWS + _OTHER_ROWS,
            max_columns=len(COLUMNS),
            too_many_rows=_too_many_rows,
            max_bytes=max_bytes,
            wanted=lambda sheet, visible: True,  # the marker sheet is very hidden
            percent_columns=(_PERCENT_COLUMN,),
        )
    except DocumentError as error:
        if error.code in ("too_many_rows", "inflated"):
            raise  # their messages name the bound the file passed, in words for anyone
        raise refusals.REFUSALS.get(error.code, refusals.not_xlsx)() from error
    result = _read(sheets, statuses)
    if not result.generated:  # a workbook made before the hidden sheet said when
        result.generated = workbook_made(data)
    return result


def _too_many_rows() -> DocumentError:
    return DocumentError(
        "too_many_rows",
        gettext_noop("The sheet has more than %(limit)s rows: it is not a template."),
        limit=MAX_ROWS,
    )


def _read(sheets: list[Sheet], statuses: dict[str, str]) -> UpdateSheet:
    by_name = {sheet.name: sheet for sheet in sheets}
    meta = _read_meta(by_name)
    sheet_name = meta.get("sheet")
    if sheet_name not in by_name:
        sheet_name = sheets[0].name
    result = UpdateSheet(
        plan_id=meta["plan"],
        year=meta["year"],
        quarter=meta["quarter"],
        department=meta.get("department") or "",
        sheet=sheet_name,
        workbook=meta["workbook"],
        generated=meta["generated"],
        bases=_read_bases(by_name[META_SHEET]),
    )
    folded = {str(k).strip().casefold(): v for k, v in statuses.items()}
    by_code: dict[str, GoalEntry] = {}
    width = len(COLUMNS)
    fill = by_name[sheet_name]
    if len(fill.rows) > FIRST_ROW + MAX_ROWS - 1:
        raise _too_many_rows()
    for number in range(FIRST_ROW, len(fill.rows) + 1):
        values = list(fill.rows[number - 1]) + [""] * width
        row = {column.key: value for column, value in zip(COLUMNS, values, strict=False)}
        percent = (number, _PERCENT_COLUMN) in fill.percent
        _read_row(result, number, row, by_code, folded, percent)
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


def _read_meta(sheets: dict[str, Sheet]) -> dict:
    if META_SHEET not in sheets:
        raise refusals.not_template()
    pairs = {}
    for row in sheets[META_SHEET].rows[:META_ROWS]:
        key, value = [*row[:2], "", ""][:2]
        if key not in (None, ""):
            pairs[str(key).strip()] = value
    if pairs.get("format") != FORMAT:
        raise refusals.not_template()
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
        raise refusals.not_template()
    department = pairs.get("department")
    sheet = pairs.get("sheet")
    token = pairs.get("workbook")
    return {
        "plan": plan,
        "year": year,
        "quarter": quarter,
        "department": str(department).strip() if department is not None else "",
        "sheet": str(sheet) if sheet is not None else "",
        # Since version 2: which download this is, and when it was made.
        "workbook": token.strip()[:64] if isinstance(token, str) else "",
        "generated": made_at(pairs.get("generated")),
    }


def _read_bases(meta: Sheet) -> dict[str, str]:
    """
    What each goal's row showed when the workbook was made (the hidden
    sheet's table under ``BASE_ROW``), by goal code; empty in workbooks made
    before it was kept. A cell that is not a digest is left out: that row is
    then treated as a workbook without bases treats every row.
    """
    bases: dict[str, str] = {}
    for cells in meta.rows[BASE_ROW : BASE_ROW + MAX_ROWS]:
        code, digest = [*cells[:2], "", ""][:2]
        if code in (None, "") and digest in (None, ""):
            break
        if is_digest(digest) and _code(code):
            bases[_code(code)] = digest
    return bases


def _read_row(
    result: UpdateSheet, number: int, values: dict, by_code: dict, statuses: dict, percent: bool
) -> None:
    if not any(_text(v) for v in values.values()):
        return  # an empty line
    code = _code(values["code"])
    raw_id = values["indicator_id"]
    if raw_id in (None, ""):
        accepted = _read_goal_row(result, number, values, code, by_code, statuses, percent)
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
            value=_number_text(values["value"]),
        )
    )


_SKIPPING = object()  # a key of ``by_code``: the goal row above was refused


def _read_goal_row(result, number, values, code, by_code, statuses, percent) -> bool:
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
        percent=_percent_text(values["percent"], percent),
        progress=_text(values["progress"]),
        problems=_text(values["problems"]),
        next_steps=_text(values["next_steps"]),
    )
    by_code[code] = entry
    result.goals.append(entry)
    return True


# -- cell values ---------------------------------------------------------------------------

# Full-width forms typed with a Chinese input method (１２，５ → 12,5), and nothing else that
# NFKC would change: a superscript ² typed in a number stays what it is, so the message can
# say what was wrong instead of the number silently becoming another (5² is not 52).
_HALF_WIDTH = {0xFF01 + i: 0x21 + i for i in range(94)} | {0x3000: 0x20}


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
    """A whole number in a cell; a text that is one only if every character is a digit (not ²)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().isdecimal():
        return int(value.strip())
    return None


def _number_text(value) -> str:
    """
    A number typed in a cell, as text for a form to parse: Excel's floats to
    15 significant digits (what Excel shows), full-width digits and thousands
    separators of typed text normalised. Anything else is kept as typed, so
    the message can say what was wrong.
    """
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _text(value)
    text = _text(value).translate(_HALF_WIDTH)
    compact = text.replace(",", "").replace(" ", "")
    if not compact.isascii():
        return text
    try:
        Decimal(compact)
    except ArithmeticError:
        return text
    return compact


def _percent_text(value, shown_as_percent: bool) -> str:
    """A percentage: 60, "60", "60%", or 0.6 in a cell formatted as a percentage all mean 60."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        if shown_as_percent:
            value = value * 100
        return _text(round(value, 10) if isinstance(value, float) else value)
    text = _text(value).translate(_HALF_WIDTH)
    return text[:-1].strip() if text.endswith("%") else text
