"""
A sheet's cells as text. A merged range counts as filled with its top-left
value (read-only openpyxl gives the other cells empty, so the ranges are
read from the sheet's XML). A cell that is not text reads as a person reads
it (3 not 3.0, a date as 2023年6月30日), and a cell's lines as one.
"""

from __future__ import annotations

import re
import zipfile
from datetime import date, datetime, time

from openpyxl.utils.cell import column_index_from_string

from ..text import collapse_spaces
from .safety import MAX_COLUMNS, MAX_MERGES

# Distinct cell texts remembered per workbook (cleaned text, targets).
CACHE_SIZE = 50_000
# A cell that ``one_line`` would change: the quick test before it is asked.
NEEDS_ONE_LINE = re.compile(r"[\n\t]|\s\s")
_MERGE_REF = re.compile(
    rb"<(?:[A-Za-z_][\w.-]*:)?mergeCell\b[^>]*?\bref=\"([A-Z]{1,3})(\d{1,7})"
    rb"(?::([A-Z]{1,3})(\d{1,7}))?\""
)


class Merges:
    """
    The merged ranges of a sheet, read from its XML (read-only openpyxl does
    not give them), filling each covered cell with the range's top-left value
    as the rows go by.
    """

    def __init__(self, ranges: list[tuple[int, int, int, int]]):
        self.waiting = sorted(ranges, reverse=True)  # by first row, the next one last
        self.active: list[list] = []

    @classmethod
    def of(cls, archive: zipfile.ZipFile, path: str | None) -> Merges | None:
        if not path:
            return None
        ranges = _merged_ranges(archive, path.lstrip("/"))
        return cls(ranges) if ranges else None

    def fill(self, row: int, cells: list[str]) -> None:
        waiting = self.waiting
        while waiting and waiting[-1][0] <= row:
            _, first_col, last_row, last_col = waiting.pop()
            if last_row >= row:
                anchor = cells[first_col - 1] if first_col <= len(cells) else ""
                self.active.append([last_row, first_col, last_col, anchor])
        if not self.active:
            return
        width = len(cells)
        still = []
        for entry in self.active:
            last_row, first_col, last_col, anchor = entry
            if last_row < row:
                continue
            still.append(entry)
            for index in range(first_col - 1, min(last_col, width)):
                if not cells[index]:
                    cells[index] = anchor
        self.active = still


def _merged_ranges(archive: zipfile.ZipFile, path: str) -> list[tuple[int, int, int, int]]:
    """(first row, first column, last row, last column) of each merged range of a sheet part."""
    try:
        info = archive.getinfo(path)
    except KeyError:
        return []
    found: bytearray | None = None
    tail = b""
    with archive.open(info) as stream:
        while chunk := stream.read(1024 * 1024):
            if found is None:
                window = tail + chunk
                at = window.find(b"mergeCell")
                if at < 0:
                    tail = window[-64:]
                    continue
                found = bytearray(window[max(at - 64, 0) :])
            else:
                found += chunk
            if len(found) > 64 * MAX_MERGES:
                break
    ranges = []
    for match in _MERGE_REF.finditer(found or b""):
        if len(ranges) >= MAX_MERGES:
            break
        if not match.group(3):
            continue
        first_col = column_index_from_string(match.group(1).decode())
        last_col = min(column_index_from_string(match.group(3).decode()), MAX_COLUMNS)
        first_row, last_row = int(match.group(2)), int(match.group(4))
        if first_col <= MAX_COLUMNS and (first_row, first_col) != (last_row, last_col):
            ranges.append((first_row, first_col, max(last_row, first_row), last_col))
    return ranges


def value_text(value) -> str:
    """A cell that is not text, as a person reads it: 3 not 3.0, a date as 2023年6月30日."""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else format(value, ".12g")
    if isinstance(value, datetime):
        return f"{value.year}年{value.month}月{value.day}日"
    if isinstance(value, date):
        return f"{value.year}年{value.month}月{value.day}日"
    if isinstance(value, time):
        return value.strftime("%H:%M")
    return str(value).strip()


def one_line(text: str) -> str:
    """A cell's lines as one ("目标任务" wrapped in its cell, a task over two lines)."""
    if "\n" in text or "  " in text or "\t" in text:
        return collapse_spaces(text.replace("\n", " ").replace("\t", " "))
    return text


def single_text(cells: list[str]) -> str | None:
    """The one text of a row that has one (in one cell, or the same in several), else None."""
    found = None
    for cell in cells:
        if cell:
            if found is None:
                found = cell
            elif cell != found:
                return None
    return found
