"""
The department table's layout: each column as wide as its longest word, so
no word is split across lines (已完/成, 区住房保障和房/管局), in the largest
type that lets every column fit the width of the page's text.

Widths are worked out from the text, not measured in a font: a Chinese
character is as wide as the type is high, a digit or a Latin letter half
as wide, as in every 仿宋/宋体 face and their substitutes.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

# Where a heading may break: two words on two lines, never inside one.
HEADER_LINES = {
    "牵头任务": ("牵头", "任务"),
    "已报送/应报送": ("已报送/", "应报送"),
    "正常推进": ("正常", "推进"),
    "存在风险": ("存在", "风险"),
    "进度滞后": ("进度", "滞后"),
}
# 五号, then 小五 when the columns need it: nothing smaller is read comfortably on paper.
SIZES = (10.5, 9.0)
CELL_MARGIN = 2.8  # points left and right of a cell's text (1 mm)
SLACK = 1.5  # points a column keeps beyond its text, for rounding in the programs that lay it out


@dataclass(frozen=True)
class TableLayout:
    """The type size in points, each column's width in points, and each heading's lines."""

    size: float
    widths: list[float]
    header: list[tuple[str, ...]]


def text_width(text: str, size: float) -> float:
    """Points ``text`` takes in ``size``-point type: full-width characters 1 em, others ½."""
    return sum(size if unicodedata.east_asian_width(c) in "WF" else size / 2 for c in text)


def header_lines(heading: str) -> tuple[str, ...]:
    return HEADER_LINES.get(heading, (heading,))


def table_layout(headings: list[str], rows: list[list[str]], width: float) -> TableLayout:
    """
    The layout of a table of ``headings`` and ``rows`` (cells as printed)
    ``width`` points wide: the first size of ``SIZES`` at which every word
    fits its column, the room left over shared out in proportion; at the
    smallest size, the first column (the names) takes what the others leave,
    and only a name longer than that wraps.
    """
    header = [header_lines(heading) for heading in headings]
    for size in SIZES:
        needed = _needed(header, rows, size)
        if sum(needed) <= width or size == SIZES[-1]:
            break
    spare = width - sum(needed)
    if spare < 0:  # the smallest size, and a name too long for what is left
        needed[0] = max(needed[0] + spare, width / 4)
        spare = width - sum(needed)
    total = sum(needed)
    widths = [w + spare * w / total for w in needed]
    return TableLayout(size=size, widths=widths, header=header)


def _needed(header: list[tuple[str, ...]], rows: list[list[str]], size: float) -> list[float]:
    needed = []
    for index, lines in enumerate(header):
        texts = [*lines, *(row[index] for row in rows)]
        widest = max(text_width(text, size) for text in texts)
        needed.append(widest + 2 * CELL_MARGIN + SLACK)
    return needed
