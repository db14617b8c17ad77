"""
How a printed sheet is laid out: the margins that keep its header and footer
whole, how high a row of wrapped text must be, how many pages wide a wide
sheet prints. Shared by the exports (``xlsx_write``) and the fill-in workbook
(``update_sheets.writer``); widths are in Excel's units (a digit of the
default font), heights in points.
"""

from __future__ import annotations

import math

# Page margins in inches. The header and footer sit 0.3 in from the edge, inside a 0.75 in
# margin: a footer as far from the edge as the margin is wide is cut to its top half.
MARGIN_SIDE, MARGIN_TOP_BOTTOM, MARGIN_HEADER_FOOTER = 0.4, 0.75, 0.3
# What a landscape A4 page holds across, in points, inside the side margins.
LANDSCAPE_WIDTH = (297 / 25.4 - 2 * MARGIN_SIDE) * 72
# A column of width 1 in points, its share of the cell padding included: the width of a
# digit of the default font (Calibri), or of what stands in for it where it is missing
# (LibreOffice on Linux without Carlito: DejaVu Sans, a third wider). Counting by the wider
# keeps a sheet readable in either.
POINTS_PER_WIDTH = 7.0
# The smallest scale a sheet is printed at: a 10-point text no smaller than 7 points.
MIN_SCALE = 0.7
# A line of 10-point text, as high as the CJK faces draw it (Noto CJK, 等线, 宋体), and
# what a row adds to its lines; Excel refuses rows higher than 409 points.
LINE_HEIGHT, ROW_PADDING, MAX_ROW_HEIGHT = 13.5, 4.0, 409.0


def wrapped_lines(text: str, width: float) -> int:
    """
    The lines ``text`` takes wrapped in a column ``width`` wide. Run for
    every wrapped cell written, so the width is reckoned from the UTF-8
    length: a Chinese character (three bytes) counts two, ASCII one.
    """
    room = max(width - 1, 1)
    if "\n" not in text and len(text) * 2 <= room:
        return 1
    lines = 0
    for line in text.split("\n"):
        size = (len(line.encode()) + len(line)) / 2
        lines += max(1, math.ceil(size / room))
    return lines


def row_height(lines: int) -> float | None:
    """The height of a row whose tallest cell has ``lines`` lines; None for one line."""
    if lines <= 1:
        return None
    return min(lines * LINE_HEIGHT + ROW_PADDING, MAX_ROW_HEIGHT)


def pages_wide(columns, repeated: int = 1) -> int:
    """
    How many landscape pages wide a sheet of ``columns`` (with a ``width``
    each) prints at ``MIN_SCALE`` or more: its columns laid out page after
    page as the programs do, a column never split, the first ``repeated``
    columns printed again at the left of every page.
    """
    room = LANDSCAPE_WIDTH / MIN_SCALE
    widths = [column.width * POINTS_PER_WIDTH for column in columns]
    titles = sum(widths[:repeated])
    pages, used = 1, 0.0
    for width in widths:
        if used + width > room and used > titles:
            pages += 1
            used = titles
        used += width
    return pages
