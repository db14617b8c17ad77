"""
``read_updates``: a filled workbook read back into rows, every mistake it
can see without the database located by sheet, row and column.

Uploads are untrusted: the plan importer's ``workbook.check_workbook``
refuses what is not a plain .xlsx (macros, old binaries, zip bombs, XML
entities) before openpyxl opens it, read-only and values only.
"""

from __future__ import annotations

import io
import unicodedata
from datetime import date, datetime, time
from decimal import Decimal

from ..draft import gettext_noop
from ..files import DocumentError, file_suffix
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
    # The plan importer's checks: size, macros, old binaries, zip bombs, entities.
    from ..workbook import check_workbook

    try:
        check_workbook(name, data, max_bytes=max_bytes)
    except DocumentError as error:
        if error.code == "inflated":
            raise  # its message names the bound the file passed, in words for anyone
        raise refusals.REFUSALS.get(error.code, refusals.not_xlsx)() from error

    from defusedxml import DefusedXmlException
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except DefusedXmlException as exc:
        raise refusals.unsafe() from exc
    except Exception as exc:  # a damaged workbook fails in many ways; all mean "not .xlsx"
        raise refusals.not_xlsx() from exc
    try:
        result = _read(workbook, statuses)
    finally:
        workbook.close()
    if not result.generated:  # a workbook made before the hidden sheet said when
        result.generated = workbook_made(data)
    return result


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
        workbook=meta["workbook"],
        generated=meta["generated"],
        bases=_read_bases(workbook),
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
        raise refusals.not_template()
    pairs = {}
    for key, value in workbook[META_SHEET].iter_rows(
        min_row=1, max_row=META_ROWS, max_col=2, values_only=True
    ):
        if key is not None:
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


def _read_bases(workbook) -> dict[str, str]:
    """
    What each goal's row showed when the workbook was made (the hidden
    sheet's table under ``BASE_ROW``), by goal code; empty in workbooks made
    before it was kept. A cell that is not a digest is left out: that row is
    then treated as a workbook without bases treats every row.
    """
    bases: dict[str, str] = {}
    rows = workbook[META_SHEET].iter_rows(
        min_row=BASE_ROW + 1, max_row=BASE_ROW + MAX_ROWS, max_col=2, values_only=True
    )
    for cells in rows:
        code, digest = (*cells, None, None)[:2]
        if code is None and digest is None:
            break
        if is_digest(digest) and _code(code):
            bases[_code(code)] = digest
    return bases


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
