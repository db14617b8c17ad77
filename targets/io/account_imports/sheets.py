"""
The sheets of an uploaded list as rows of text, merged ranges filled with
their top-left value: the one place this package touches the spreadsheet
file, through what ``targets.io.files`` and ``targets.io.workbook`` offer
every reader of tables (the checks before anything is parsed, the merged
ranges, a cell's value as a person reads it).

Uploads are untrusted: ``check_workbook`` refuses what is not a plain
.xlsx (macros, old binaries, zip bombs, XML entities) before openpyxl opens
it, read-only and values only, and rows past ``MAX_ROWS`` are refused as
they are read.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass

from openpyxl import load_workbook

from ..draft import gettext_noop
from ..files import DocumentError, check_workbook, not_xlsx
from ..text import collapse_spaces, normalise
from ..workbook import MAX_COLUMNS
from ..workbook.cells import Merges, one_line, value_text

# A district lists a few hundred people, a city a few thousand.
MAX_ROWS = 10_000


def too_many_rows() -> DocumentError:
    return DocumentError(
        "too_many_rows",
        gettext_noop(
            "The workbook has more than %(limit)s rows, far more than a list of departments "
            "and accounts: delete the empty rows or split it, and upload it again."
        ),
        limit=f"{MAX_ROWS:,}",
    )


@dataclass
class SheetRows:
    """One sheet: its name, whether it is shown, and its rows as (number, cells as text)."""

    name: str
    visible: bool
    rows: Iterator[tuple[int, list[str]]]


def cell_text(value) -> str:
    """A cell as clean text on one line: full-width forms made plain, no padding spaces."""
    if value is None:
        return ""
    if isinstance(value, str):
        return collapse_spaces(one_line(normalise(value).strip()))
    return value_text(value)


def workbook_sheets(name: str, data: bytes, *, max_bytes: int) -> Iterator[SheetRows]:
    """
    Every sheet of the workbook ``data`` (called ``name``), in order. A file
    that cannot be read safely raises ``DocumentError`` and nothing else.
    """
    check_workbook(name, data, max_bytes=max_bytes)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        sheets = list(workbook.worksheets)
    except Exception as exc:  # a damaged workbook fails in many ways; all mean "not .xlsx"
        raise not_xlsx() from exc
    counted = [0]
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for sheet in sheets:
                visible = sheet.sheet_state == "visible"
                path = getattr(sheet, "_worksheet_path", None)  # openpyxl's name of its part
                merges = _merges(archive, path) if visible else None
                yield SheetRows(sheet.title, visible, _rows(sheet, merges, counted))
    finally:
        workbook.close()


def _merges(archive: zipfile.ZipFile, path: str | None) -> Merges | None:
    try:
        return Merges.of(archive, path)
    except Exception as exc:
        raise not_xlsx() from exc


def _rows(sheet, merges: Merges | None, counted: list[int]) -> Iterator[tuple[int, list[str]]]:
    """The sheet's rows as text, however its dimension is declared (it can be wrong)."""
    try:
        sheet.reset_dimensions()
        rows = sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True)
    except Exception as exc:
        raise not_xlsx() from exc
    number = 0
    while True:
        try:
            values = next(rows)
        except StopIteration:
            return
        except Exception as exc:  # openpyxl parses as it goes: a damaged sheet fails here
            raise not_xlsx() from exc
        number += 1
        counted[0] += 1
        if counted[0] > MAX_ROWS:
            raise too_many_rows()
        cells = [cell_text(value) for value in values]
        if merges is not None:
            merges.fill(number, cells)
        yield number, cells
