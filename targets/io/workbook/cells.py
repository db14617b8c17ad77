"""
A sheet's cells as text. A merged range counts as filled with its top-left
value (the spreadsheet reader gives the other cells empty). A cell that is
not text reads as a person reads it (3 not 3.0, a date as 2023年6月30日),
and a cell's lines as one.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time

from ..text import collapse_spaces

# Distinct cell texts remembered per workbook (cleaned text, targets).
CACHE_SIZE = 50_000


class Merges:
    """
    The merged ranges of a sheet, filling each covered cell with the range's
    top-left value as the rows go by.
    """

    def __init__(self, ranges: list[tuple[int, int, int, int]]):
        self.waiting = sorted(ranges, reverse=True)  # by first row, the next one last
        self.active: list[list] = []

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
    """
    A cell's lines as one ("目标任务" wrapped in its cell, a task over two
    lines). A line that breaks between two Chinese characters runs on, inside
    quotes too (a PDF's cell wrapped in “减油增\n化”).
    """
    if "\n" in text or "  " in text or "\t" in text:
        text = _BROKEN_WORD.sub("", text)
        return collapse_spaces(text.replace("\n", " ").replace("\t", " "))
    return text


_BROKEN_WORD = re.compile(r"(?<=[\u4e00-\u9fff])\n(?=[\u4e00-\u9fff])")


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
