"""
The sheets of an uploaded list as rows of text, merged ranges filled with
their top-left value: the one place this package touches the spreadsheet
file, through what ``targets.io.files`` and ``targets.io.workbook`` offer
every reader of tables (``read_spreadsheet``: the checks before anything is
parsed, the cells read under a ceiling of memory and time, the merged
ranges; a cell's value as a person reads it).

Uploads are untrusted: ``read_spreadsheet`` refuses what is not a plain
spreadsheet (macros, zip bombs, XML entities, damaged parts or cells), and
rows past ``MAX_ROWS`` are refused before a row is read.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from ..draft import gettext_noop
from ..files import DocumentError, Sheet, read_spreadsheet
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
    sheets = read_spreadsheet(
        name,
        data,
        max_rows=MAX_ROWS,
        max_columns=MAX_COLUMNS,
        too_many_rows=too_many_rows,
        max_bytes=max_bytes,
        wanted=lambda sheet, visible: True,
    )
    for sheet in sheets:
        merges = Merges(sheet.merges) if sheet.visible and sheet.merges else None
        yield SheetRows(sheet.name, sheet.visible, _rows(sheet, merges))


def _rows(sheet: Sheet, merges: Merges | None) -> Iterator[tuple[int, list[str]]]:
    """The sheet's rows as text, from row 1."""
    for number, values in enumerate(sheet.rows, start=1):
        cells = [cell_text(value) for value in values]
        if merges is not None:
            merges.fill(number, cells)
        yield number, cells
