"""
A decomposition table pasted into a text box (or saved as a .txt): copying
cells from Excel, WPS or Word puts them on the clipboard as tab-separated
text, one row a line. A cell holding a line break is quoted ("…", a quote
inside doubled), a cell merged across gives its text then empty cells, a
cell merged down its text in the first row and empty cells below.

``split_pasted`` finds such runs of lines whose first rows hold a header
the table reader recognises and gives them as grids (``Sheet``, ``kind``
"text", ``pages`` the line of the text each row starts on), the other lines
as they are, for ``tables.grids.gather`` to sort as it sorts a document's
blocks. Nothing is decided here about an empty cell: the workbook reader
reads it as it reads an empty continuation cell of a sheet.
"""

from __future__ import annotations

import re
from datetime import datetime

from ..files import Sheet
from .layout import TableLayout

TAB = "\t"
# A date cell as a spreadsheet shows it, so as the clipboard gives it ("2023-12-31 0:00:00",
# "2023/12/31"): read back as the date it shows, as the workbook gives the cell's value.
_DATE = re.compile(r"(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?: 0{1,2}:00(?::00)?)?")
# How many lines a quoted cell may run over before its opening quote is taken for a
# quote mark typed in the text (an Excel cell of more lines is very rare).
_MAX_CELL_LINES = 60


def split_pasted(text: str) -> list[str | Sheet]:
    """
    The lines of ``text``, with each run of tab-separated rows that has a
    header row naming its columns as one grid from that row on (the rows
    above it stay lines). A text without such a run is its lines, unchanged.
    """
    return pasted_blocks(text)[0]


def pasted_blocks(text: str) -> tuple[list[str | Sheet], list[int]]:
    """``split_pasted``'s blocks, and the line of the text (from 1) each starts on."""
    lines = text.splitlines()
    blocks: list[str | Sheet] = []
    numbers: list[int] = []
    index = 0
    while index < len(lines):
        if TAB not in lines[index]:
            blocks.append(lines[index])
            numbers.append(index + 1)
            index += 1
            continue
        rows, starts, end = _run(lines, index)
        header = _header_index(rows)
        # Rows above the header (the title copied with the table, "附件1" then empty
        # cells) are lines, taken as the table's title rows as a document's paragraphs are;
        # a run without a header is text.
        first = end if header is None or len(rows) - header < 2 else starts[header] - 1
        blocks.extend(lines[index:first])
        numbers.extend(range(index + 1, first + 1))
        if first < end:
            cells = [[_value(cell) for cell in row] for row in rows[header:]]
            blocks.append(
                Sheet(
                    name="", visible=True, read=True, rows=cells, kind="text", pages=starts[header:]
                )
            )
            numbers.append(first + 1)
        index = end
    return blocks, numbers


def _header_index(rows: list[list[str]]) -> int | None:
    """The index of the run's first header row naming its columns, or None."""
    for index, cells in enumerate(rows):
        if TableLayout.from_header(cells) is not None:
            return index
    return None


def _value(cell: str) -> str | datetime:
    """A cell's text, or the date a date cell showed."""
    match = _DATE.fullmatch(cell)
    if match is None:
        return cell
    try:
        return datetime(*map(int, match.groups()))
    except ValueError:
        return cell  # no such day: the text as it was typed


def _run(lines: list[str], start: int) -> tuple[list[list[str]], list[int], int]:
    """
    The rows of the tab-separated run starting at line ``start`` (from 0),
    the line (from 1) each row starts on, and the index of the line after it.
    The run ends at a row of one cell (a line without a tab: text again).
    """
    rows: list[list[str]] = []
    starts: list[int] = []
    index = start
    while index < len(lines) and TAB in lines[index]:
        cells, after = _row(lines, index)
        if len(cells) < 2:
            break
        rows.append(cells)
        starts.append(index + 1)
        index = after
    return rows, starts, index


def _row(lines: list[str], start: int) -> tuple[list[str], int]:
    """
    The cells of the row starting at line ``start`` and the index of the
    line after it: a cell opening with a quote runs to its closing quote
    (followed by a tab or the line's end), over lines if it holds breaks,
    "" inside it one quote. An opening quote never closed so is kept as text.
    """
    cells: list[str] = []
    line, index, position = lines[start], start, 0
    while True:
        if line.startswith('"', position):
            closed = _quoted(lines, index, line, position)
            if closed is not None:
                cell, index, line, position = closed
                cells.append(cell)
                if position >= len(line):
                    return cells, index + 1
                position += 1  # the tab after the closing quote
                continue
        tab = line.find(TAB, position)
        if tab < 0:
            cells.append(line[position:].strip())
            return cells, index + 1
        cells.append(line[position:tab].strip())
        position = tab + 1


def _quoted(lines: list[str], index: int, line: str, position: int):
    """
    The quoted cell opening at ``position`` of ``line`` (line ``index``), and
    where reading goes on (the index, the line, the position after the
    closing quote), or None when it does not close as a quoted cell does.
    """
    parts: list[str] = []
    cursor = position + 1
    for _ in range(_MAX_CELL_LINES):
        quote = line.find('"', cursor)
        while quote >= 0:
            if line.startswith('""', quote):
                parts.append(line[cursor:quote] + '"')
                cursor = quote + 2
            elif quote + 1 == len(line) or line[quote + 1] == TAB:
                parts.append(line[cursor:quote])
                return "".join(parts).strip(), index, line, quote + 1
            else:
                return None  # a quote mark in the middle of a cell: the cell was not quoted
            quote = line.find('"', cursor)
        parts.append(line[cursor:] + "\n")
        index += 1
        if index >= len(lines):
            return None
        line, cursor = lines[index], 0
    return None
