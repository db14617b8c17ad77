"""
The tables of a Word document or a PDF, gathered for the table reader: each
table that has a header row naming its columns (a 任务分解表) becomes a grid
as a workbook's sheet is one, with the short paragraphs just above it (附件1,
the title, a note) as its title rows; a table split in two (across pages of
a PDF, or into several Word tables) is put together again; every other
table (a website's 索引号 box, a form) stays lines of text for the report
reader, its cells joined by " | ", as before.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..files import SOFT_BREAK, Sheet
from ..numbering import match_heading, match_item
from ..owners import looks_like_unit
from ..text import collapse_spaces
from .layout import TableLayout

# Rows of a grid searched for its header: a table's header is at its top.
_HEADER_ROWS = 6
# Paragraphs above a table taken as its title rows, and how long such a paragraph may be.
_TITLE_ROWS = 4
_TITLE_CHARS = 100


@dataclass
class Gathered:
    """
    A document's blocks sorted: the lines for the report reader (tables
    without a header among them, as text), the tables for the table reader,
    and the line of the text each table stands at. ``blocks`` is the index
    of the block each line comes from (-1 for the line a table stands at).
    """

    lines: list[str] = field(default_factory=list)
    blocks: list[int] = field(default_factory=list)
    tables: list[Sheet] = field(default_factory=list)
    positions: list[int] = field(default_factory=list)


def header_row(grid: Sheet) -> list[str] | None:
    """The first row of ``grid`` that is a header naming its columns, or None."""
    for cells in grid.rows[:_HEADER_ROWS]:
        if TableLayout.from_header([str(cell) for cell in cells]) is not None:
            return cells
    return None


def gather(blocks: list[str | Sheet], is_note=lambda text: False) -> Gathered:
    """
    Sort a document's blocks (paragraphs and grids, in order). A grid right
    after a table (nothing but blank paragraphs between) continues it when it
    repeats its header or has none of its own and as many columns. Paragraphs
    right under a table that ``is_note`` (注:…, 填报人:…) are its rows, as
    they are a sheet's under its table.
    """
    found = Gathered()
    last: Sheet | None = None  # the table the next grid may continue
    last_header: list[str] | None = None
    since = 0  # where the paragraphs since the last table start
    for index, block in enumerate(blocks):
        if not isinstance(block, str) and block.kind == "pdf":
            block.rows = [[_unbroken(str(cell)) for cell in row] for row in block.rows]
        if isinstance(block, str):
            text = block.strip()
            if text and last is not None and is_note(text):
                last.rows.append([text] + [""] * (_width(last) - 1))
                last.pages.extend(last.pages[-1:])
                continue
            if text:
                last = None
            if text or (found.lines and found.lines[-1]):  # blank lines: one keeps the break
                found.lines.append(text)
                found.blocks.append(index)
            continue
        header = header_row(block)
        if last is not None and (
            header == last_header or (header is None and _width(block) == _width(last))
        ):
            first = 1 if header is not None else 0  # after the header repeated
            if block.kind == "pdf":
                _join_split_row(last, block, first)
                _continue_merges(last, block, first)
            _append(last, block)  # a header repeated is passed over as in a sheet
            continue
        if header is None:
            flattened = _flattened(block)
            found.lines.extend(flattened)
            found.blocks.extend([index] * len(flattened))
            since = len(found.lines)
            last = None
            continue
        titles = _titles(found.lines, since)
        del found.blocks[len(found.lines) :]
        found.tables.append(_with_titles(block, titles))
        found.positions.append(len(found.lines))
        found.lines.append("")
        found.blocks.append(-1)
        since = len(found.lines)
        last, last_header = found.tables[-1], header
    while found.lines and not found.lines[-1]:
        found.lines.pop()
        found.blocks.pop()
    return found


_NAME_END = re.compile(r"[^、,，;；\s]+$")
_NAME_START = re.compile(r"^[^、,，;；\s]+")


def _unbroken(cell: str) -> str:
    """
    A PDF cell's text with its uncertain line ends settled: a new line where
    both sides are names of units ("各街道" above "区住建局"), else the line
    runs on ("城投集" / "团", a task's sentence).
    """
    if SOFT_BREAK not in cell:
        return cell
    parts = cell.split(SOFT_BREAK)
    text = parts[0]
    for index, part in enumerate(parts[1:], start=1):
        # The name after the break may itself run over more lines.
        before, after = _NAME_END.search(text), _NAME_START.search("".join(parts[index:]))
        names = (
            before and after and looks_like_unit(before.group()) and looks_like_unit(after.group())
        )
        text += ("\n" if names else "") + part
    return text


def _titles(lines: list[str], since: int) -> list[str]:
    """
    The short paragraphs just above a table (after ``since``), taken out of
    ``lines``: they are the table's title rows (附件1, its title, a note), as
    in a sheet, not text of their own. A numbered heading or item is the
    text's, and so is everything above it.
    """
    start = len(lines)
    while start > since and len(lines) - start < _TITLE_ROWS + 4:
        line = lines[start - 1]
        if (
            len(line) > _TITLE_CHARS
            or sum(1 for text in lines[start - 1 :] if text) > _TITLE_ROWS
            or (line and (match_heading(line) or match_item(line)))  # the text's own heading
        ):
            break
        start -= 1
    titles = [line for line in lines[start:] if line]
    del lines[start:]
    return titles


def _width(grid: Sheet) -> int:
    return max((len(row) for row in grid.rows), default=0)


def _join_split_row(table: Sheet, more: Sheet, index: int) -> None:
    """
    A row broken over two pages of a PDF, put together: the row at ``index``
    of the next page's part, when it has no number and only the rest of cells
    the last row began (the task's sentence running on), is that row's end.
    """
    if len(more.rows) <= index or not table.rows:
        return
    rest, last = more.rows[index], table.rows[-1]
    filled = [c for c, cell in enumerate(rest) if cell]
    if (
        not filled
        or rest[0]
        or not last[0]
        or any(c >= len(last) or not last[c] or last[c][-1] in "。!?;)" for c in filled)
    ):
        return
    for c in filled:
        last[c] += rest[c]
    del more.rows[index]
    del more.pages[index : index + 1]
    more.merges[:] = [
        (a - (a > index + 1), b, c - (c > index + 1), d) for a, b, c, d in more.merges
    ]


def _continue_merges(table: Sheet, more: Sheet, index: int) -> None:
    """
    A cell merged down over a PDF's page break: the part on the next page is
    drawn empty. A merged range at the top of ``more`` (its row ``index``)
    without text, under a range of ``table`` that runs to its last row in the
    same columns, takes that range's text, as one range would give it.
    """
    last_row = len(table.rows)
    above = {
        (first_col, last_col): table.rows[first_row - 1][first_col - 1]
        for first_row, first_col, end_row, last_col in table.merges
        if end_row == last_row
    }
    for first_row, first_col, _, last_col in more.merges:
        if first_row == index + 1 and not more.rows[index][first_col - 1]:
            more.rows[index][first_col - 1] = above.get((first_col, last_col), "")


def _append(table: Sheet, more: Sheet) -> None:
    """``more`` as the rest of ``table``: its rows below, its merged ranges moved down."""
    offset = len(table.rows)
    table.rows.extend(more.rows)
    table.merges.extend(
        (first_row + offset, first_col, last_row + offset, last_col)
        for first_row, first_col, last_row, last_col in more.merges
    )
    table.pages.extend(more.pages)


def _with_titles(grid: Sheet, titles: list[str]) -> Sheet:
    """The grid with the paragraphs above it as rows of one cell, as a sheet has its title."""
    width = _width(grid)
    # A PDF's text layer spaces digits from Chinese ("2023 年"); a sheet's title has none.
    above = [[collapse_spaces(title)] + [""] * (width - 1) for title in titles]
    count = len(above)
    return Sheet(
        name=grid.name,
        visible=True,
        read=True,
        rows=above + [list(row) for row in grid.rows],
        merges=[
            (first_row + count, first_col, last_row + count, last_col)
            for first_row, first_col, last_row, last_col in grid.merges
        ],
        kind=grid.kind,
        pages=(grid.pages[:1] * count + list(grid.pages)) if grid.pages else [],
        title_rows=count,
    )


def _flattened(grid: Sheet) -> list[str]:
    """
    A table that is no decomposition table as lines, its cells joined by
    " | ": a cell spanning columns once, a cell merged down repeated in the
    rows it covers (as Word shows it in each).
    """
    rows = [[str(cell) for cell in row] for row in grid.rows]
    covered: set[tuple[int, int]] = set()
    for first_row, first_col, last_row, last_col in grid.merges:
        for r in range(first_row, last_row + 1):
            for c in range(first_col, last_col + 1):
                if c > first_col:
                    covered.add((r, c))
                elif r > first_row and r <= len(rows) and c <= len(rows[r - 1]):
                    rows[r - 1][c - 1] = rows[first_row - 1][first_col - 1]
    lines = []
    for r, row in enumerate(rows, start=1):
        cells = [
            " ".join(cell.split("\n")).replace("|", "/").strip()
            for c, cell in enumerate(row, start=1)
            if (r, c) not in covered
        ]
        if any(cells):
            lines.append(" | ".join(cells))
    return lines
