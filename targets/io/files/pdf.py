"""
PDFs with a text layer (how most 分解方案 are published) as lines, one
paragraph a line, the way a Word document is read: the running header, the
footer and the page numbers left out, the lines a paragraph wraps over
joined again, and the rows of a table kept one line each, cells joined by
" | ".

``read_pdf_blocks`` gives the plan reader the same paragraphs and, in
their place, each table drawn with ruling lines as a grid of cells with its
merged ranges (pdfplumber's table finder: a cell spanning columns or rows is
one box on the grid of all the boxes' edges), so that a 任务分解表 published
as a PDF goes to the table reader as the workbook's does.

pdfminer.six gives each text line with its position (pdfplumber, for the
tables of PDFs, builds on the same version). Lines are taken top to bottom
and left to right on each page: the reading order of a one-column official
document, and of a table's rows. A PDF without text (a scan, pictures of
the pages) is refused with a message saying so: Luoshi does no OCR.

pdfminer is pure Python and a PDF can be built to make it work for ever, so
it runs in a child process with a ceiling of memory and time (``sandbox``).
"""

from __future__ import annotations

import bisect
import io
import re
from collections import Counter
from dataclasses import dataclass
from itertools import pairwise

from ..numbering import match_heading, match_item
from ..text import normalise
from .errors import DocumentError
from .sandbox import ParseFailed, run_limited
from .spreadsheets import Sheet

MAX_PAGES = 500
# Where a running header or footer sits: this share of the page at its top or bottom.
_BAND = 0.1
# A line of body text that ends before this share of the page's width is no full line.
_FULL_LINE = 0.6
# "- 3 -", "— 3 —", "第3页", "第 3 页 共 12 页", "3 / 12", "3".
_PAGE_NUMBER = re.compile(
    r"^[-—–－~\s]*(?:第\s*)?\d{1,4}\s*(?:页)?\s*(?:(?:/|共)\s*\d{1,4}\s*(?:页)?)?[-—–－~\s]*$"
)
_DIGITS = re.compile(r"\d+")


# Where a cell's line ends without room for what starts the next: a wrap, or the end of a
# name in a list of names whose next one did not fit.
SOFT_BREAK = "\u2028"
# Cell padding of Word and LibreOffice (0.19 cm), the most a cell's text is indented.
_CELL_PADDING = 5.4
_LAPARAMS = {"all_texts": True, "char_margin": 1.0}


@dataclass(slots=True)
class _Table:
    """A table on a page: where it is, its rows of cell texts and its merged ranges."""

    top: float
    bottom: float
    left: float
    right: float
    rows: list[list[str]]
    merges: list[tuple[int, int, int, int]]


@dataclass(slots=True)
class _Line:
    """A line of text on a page, its box measured from the page's top left (points)."""

    page: int
    left: float
    right: float
    top: float
    bottom: float
    text: str

    @property
    def size(self) -> float:
        return max(self.bottom - self.top, 1.0)


def read_pdf(data: bytes) -> str:
    """
    The text of a PDF, one paragraph or table row a line, lines ending "\\n".
    A PDF with no text layer, protected by a password, damaged or too long
    raises ``DocumentError`` (``scanned``, ``encrypted``, ``not_pdf``,
    ``too_many_pages``, ``too_costly``).
    """
    if b"%PDF-" not in data[:1024]:
        raise _not_pdf()
    pages = _limited(lambda: _page_lines(data))
    if not any(lines for _, _, lines in pages):
        raise _scanned()
    rows = [row for page in _without_furniture(pages) for row in _rows(page)]
    width = max(page_width for page_width, _, _ in pages)
    return "\n".join(_paragraphs(rows, width)) + "\n"


def read_pdf_blocks(data: bytes) -> list[str | Sheet]:
    """
    The PDF in reading order as paragraphs (str, as ``read_pdf`` gives them)
    and tables (a ``Sheet`` of kind "pdf" per table on a page, with the page
    of its rows); the text inside a table is the table's. Refuses what
    ``read_pdf`` refuses.
    """
    if b"%PDF-" not in data[:1024]:
        raise _not_pdf()
    pages = _limited(lambda: _page_blocks(data))
    if not any(lines or tables for _, _, lines, tables in pages):
        raise _scanned()
    kept = _without_furniture([(width, height, lines) for width, height, lines, _ in pages])
    width = max(page_width for page_width, _, _, _ in pages)
    blocks: list[str | Sheet] = []
    prose: list[list[_Line]] = []
    for number, ((_, _, _, tables), lines) in enumerate(zip(pages, kept, strict=True), start=1):
        outside = [line for line in lines if not any(_inside(line, table) for table in tables)]
        events = [(row[0].top, 0, row) for row in _rows(outside)]
        events += [(table.top, 1, table) for table in tables]
        for _, is_table, item in sorted(events, key=lambda event: event[:2]):
            if not is_table:
                prose.append(item)
                continue
            blocks.extend(_paragraphs(prose, width) if prose else [])
            prose = []
            blocks.append(
                Sheet(
                    name="",
                    visible=True,
                    read=True,
                    rows=item.rows,
                    merges=item.merges,
                    kind="pdf",
                    pages=[number] * len(item.rows),
                )
            )
    blocks.extend(_paragraphs(prose, width) if prose else [])
    return blocks


def _inside(line: _Line, table: _Table) -> bool:
    middle, centre = (line.top + line.bottom) / 2, (line.left + line.right) / 2
    return table.top <= middle <= table.bottom and table.left <= centre <= table.right


def _limited(parse):
    try:
        return run_limited(parse, cpu_seconds=30, wall_seconds=45)
    except ParseFailed as failed:
        raise DocumentError(
            "too_costly",
            "Reading this PDF would take far more memory or time than a plan of its size "
            "needs (%(reason)s); it was not read.",
            reason=failed.reason,
        ) from failed


def _scanned() -> DocumentError:
    return DocumentError(
        "scanned",
        "This PDF has no text in it, only pictures of its pages (a scan): Luoshi cannot "
        "read those. Upload the Word document, or a PDF saved from it.",
    )


def _not_pdf() -> DocumentError:
    return DocumentError("not_pdf", "This .pdf file is damaged or is not a PDF.")


# -- in the child: pdfminer ------------------------------------------------------------------


def _page_lines(data: bytes) -> list[tuple[float, float, list[_Line]]]:  # pragma: no cover
    """Every page's width, height and horizontal text lines (pdfminer's layout analysis)."""
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LAParams
    from pdfminer.pdfdocument import PDFPasswordIncorrect

    pages = []
    try:
        for page in extract_pages(
            io.BytesIO(data),
            laparams=LAParams(all_texts=True, char_margin=1.0),
            maxpages=MAX_PAGES + 1,
        ):
            if len(pages) == MAX_PAGES:
                raise _too_many_pages()
            lines: list[_Line] = []
            _collect(page, len(pages), page.height, lines)
            pages.append((page.width, page.height, lines))
    except DocumentError:
        raise
    except PDFPasswordIncorrect as exc:
        raise _encrypted() from exc
    except Exception as exc:  # pdfminer fails on a damaged file in many ways
        raise _not_pdf() from exc
    return pages


def _page_blocks(data: bytes) -> list:  # pragma: no cover
    """
    Every page's width, height, text lines (as ``_page_lines``) and tables,
    from one parse: pdfplumber's page holds pdfminer's layout and the ruling
    lines its table finder reads.
    """
    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect

    pages = []
    try:
        with pdfplumber.open(io.BytesIO(data), laparams=_LAPARAMS) as pdf:
            for page in pdf.pages:
                if len(pages) == MAX_PAGES:
                    raise _too_many_pages()
                lines: list[_Line] = []
                _collect(page.layout, len(pages), page.height, lines)
                # Without a line drawn on it a page has no table to find, and pdfplumber's
                # objects (a dict a character) cost as much again as the layout.
                ruled = _has_lines(page.layout)
                tables = [_table(page, found) for found in page.find_tables()] if ruled else []
                pages.append((page.width, page.height, lines, [t for t in tables if t.rows]))
    except DocumentError:
        raise
    except Exception as exc:  # pdfplumber wraps pdfminer's errors; a damaged file fails many ways
        if any(isinstance(e, PDFPasswordIncorrect) for e in (exc, exc.__cause__, *exc.args)):
            raise _encrypted() from exc
        raise _not_pdf() from exc
    return pages


def _has_lines(element) -> bool:  # pragma: no cover
    """Whether a page (or a figure on it) has lines or rectangles drawn: a table's rules."""
    from pdfminer.layout import LTCurve, LTFigure

    for child in element:
        if isinstance(child, LTCurve):  # lines and rectangles are curves to pdfminer
            return True
        if isinstance(child, LTFigure) and _has_lines(child):
            return True
    return False


def _too_many_pages() -> DocumentError:
    return DocumentError(
        "too_many_pages",
        "The PDF has more than %(limit)s pages, far more than a plan: "
        "upload the part that holds the tasks.",
        limit=MAX_PAGES,
    )


def _encrypted() -> DocumentError:
    return DocumentError(
        "encrypted",
        "This PDF is protected by a password: save it without one and upload that.",
    )


def _table(page, found) -> _Table:  # pragma: no cover
    """
    A table pdfplumber found, on the grid of its cells' edges: a cell that
    spans several columns or rows of that grid is a merged range, its text
    in the first cell, as a spreadsheet has it.
    """
    cells = found.cells
    xs = _edges([x for x0, _, x1, _ in cells for x in (x0, x1)])
    ys = _edges([y for _, top, _, bottom in cells for y in (top, bottom)])
    rows = [[""] * (len(xs) - 1) for _ in range(len(ys) - 1)]
    merges = []
    anchors: dict[tuple[int, int], tuple[int, int]] = {}  # grid place -> its cell's first
    boxes: dict[tuple[int, int], tuple[float, float]] = {}  # a cell's first -> left, right
    for x0, top, x1, bottom in cells:
        first_col, last_col = _index(xs, x0), _index(xs, x1) - 1
        first_row, last_row = _index(ys, top), _index(ys, bottom) - 1
        if first_col > last_col or first_row > last_row:
            continue
        boxes[(first_row, first_col)] = (x0, x1)
        for r in range(first_row, last_row + 1):
            for c in range(first_col, last_col + 1):
                anchors[(r, c)] = (first_row, first_col)
        if last_col > first_col or last_row > first_row:
            merges.append((first_row + 1, first_col + 1, last_row + 1, last_col + 1))
    # Each character to the cell its middle is in: found on the grid's edges, not by
    # asking every cell (a page of a long table holds hundreds of cells).
    inside: dict[tuple[int, int], list[dict]] = {}
    for char in page.chars:
        if not char["text"].strip():
            continue
        middle_x, middle_y = (char["x0"] + char["x1"]) / 2, _middle(char)
        if not (xs[0] <= middle_x <= xs[-1] and ys[0] <= middle_y <= ys[-1]):
            continue
        place = (bisect.bisect(ys, middle_y) - 1, bisect.bisect(xs, middle_x) - 1)
        anchor = anchors.get((min(place[0], len(ys) - 2), min(place[1], len(xs) - 2)))
        if anchor is not None:
            inside.setdefault(anchor, []).append(char)
    for (r, c), chars in inside.items():
        rows[r][c] = _cell_text(chars, *boxes[(r, c)])
    left, top, right, bottom = found.bbox
    return _Table(top, bottom, left, right, rows, sorted(merges))


def _edges(values: list[float]) -> list[float]:
    """The distinct edges of a table's cells, those less than a point apart taken as one."""
    edges: list[float] = []
    for value in sorted(values):
        if not edges or value - edges[-1] > 1:
            edges.append(value)
    return edges


def _index(edges: list[float], value: float) -> int:
    return min(range(len(edges)), key=lambda i: abs(edges[i] - value))


def _cell_text(chars: list[dict], left: float, right: float) -> str:
    """
    A cell's characters as its text: a line the text wrapped onto runs on, a
    line that ends with room for the next word after it (a new paragraph in
    the cell, as "区住建局" above "各街道") starts a line of its own.
    """
    lines: list[list[dict]] = []
    # By the middle of each character: a quotation mark from another font sits a little higher.
    for char in sorted(chars, key=_middle):
        if lines and _middle(char) - _middle(lines[-1][0]) < (char["bottom"] - char["top"]) / 2:
            lines[-1].append(char)
        else:
            lines.append([char])
    lines = [sorted(line, key=lambda c: c["x0"]) for line in lines]
    if not lines:
        return ""
    padding = min([_CELL_PADDING] + [line[0]["x0"] - left for line in lines])
    room = right - left - 2 * padding
    text = _line_text(lines[0])
    for before, line in pairwise(lines):
        if room - (before[-1]["x1"] - before[0]["x0"]) > _unit_width(line) + 0.5:
            text += "\n"
        elif text[-1].isascii() or line[0]["text"].isascii():
            text += _joint(text, line[0]["text"])
        else:
            # The geometry cannot tell a wrapped name from two names a line each when the
            # next did not fit: the reader of the table decides by the words (``SOFT_BREAK``).
            text += SOFT_BREAK
        text += _line_text(line)
    return text


# What no line starts with: such a character takes the one before it onto the next line.
_NO_LINE_START = set("、。,，.;；:：!！?？)）」』”’》〉】%")


def _middle(char: dict) -> float:
    return (char["top"] + char["bottom"]) / 2


def _unit_width(line: list[dict]) -> float:
    """
    The width of what starts a line and could not have ended the line above:
    a word in Latin letters or digits, or a character with the punctuation
    that may not start a line after it.
    """
    first = line[0]
    end = 1
    if first["text"].isascii() and first["text"].isalnum():
        while end < len(line) and line[end]["text"].isascii() and line[end]["text"].strip():
            end += 1
    else:
        while end < len(line) and line[end]["text"] in _NO_LINE_START:
            end += 1
    return line[end - 1]["x1"] - first["x0"]


def _line_text(line: list[dict]) -> str:
    """A line's characters, a space between two words in Latin letters a gap apart."""
    text = line[0]["text"]
    for before, char in pairwise(line):
        if char["x0"] - before["x1"] > 0.25 * (char["x1"] - char["x0"]) and _joint(
            before["text"], char["text"]
        ):
            text += " "
        text += char["text"]
    return text


def _collect(element, number: int, height: float, lines: list[_Line]) -> None:  # pragma: no cover
    from pdfminer.layout import LTTextLineHorizontal

    for child in element:
        if isinstance(child, LTTextLineHorizontal):
            text = child.get_text().strip()
            if text:
                top, bottom = height - child.y1, height - child.y0
                lines.append(_Line(number, child.x0, child.x1, top, bottom, text))
        elif hasattr(child, "__iter__"):
            _collect(child, number, height, lines)


# -- in the worker: reading order ------------------------------------------------------------


def _without_furniture(pages: list[tuple[float, float, list[_Line]]]) -> list[list[_Line]]:
    """
    The pages without their running header and footer: a line in the top or
    bottom band of its page that is a page number, or whose words (digits
    aside) come back in that band on at least half the pages (two at least).
    """

    def banded(line: _Line, height: float) -> bool:
        return line.top < height * _BAND or line.bottom > height * (1 - _BAND)

    shapes = Counter()
    for _, height, page in pages:
        shapes.update({_shape(line.text) for line in page if banded(line, height)})
    repeated = {shape for shape, count in shapes.items() if count >= max(2, len(pages) / 2)}
    return [
        [
            line
            for line in page
            if not (
                banded(line, height)
                and (_PAGE_NUMBER.match(line.text) or _shape(line.text) in repeated)
            )
        ]
        for _, height, page in pages
    ]


def _shape(text: str) -> str:
    return _DIGITS.sub("#", re.sub(r"\s+", "", text))


def _rows(page: list[_Line]) -> list[list[_Line]]:
    """A page's lines as visual rows, top to bottom, each row's fragments left to right."""
    rows: list[list[_Line]] = []
    for line in sorted(page, key=lambda line: (line.top, line.left)):
        if rows:
            last = rows[-1]
            middle = (line.top + line.bottom) / 2
            if last[0].top <= middle <= last[0].bottom:
                last.append(line)
                continue
        rows.append([line])
    return [sorted(row, key=lambda line: line.left) for row in rows]


def _row_text(row: list[_Line]) -> str:
    """A row's fragments: close ones run on, far apart ones are the cells of a table."""
    text = row[0].text
    for before, line in pairwise(row):
        gap = line.left - before.right
        text += " | " if gap > 0.9 * line.size else _joint(text, line.text)
        text += line.text
    return text


def _paragraphs(rows: list[list[_Line]], page_width: float) -> list[str]:
    """
    Rows joined into paragraphs: a row runs on from the one above unless
    that one stopped short of the right margin (the furthest a line of text
    reaches, and past the page's middle), this one is indented or starts
    with a number ("一、", "(二)", "3."), a gap opens between them, or either
    is a table row.
    """
    singles = [row[0] for row in rows if len(row) == 1]
    left = _usual(line.left for line in singles)
    right = max([line.right for line in singles] + [page_width * _FULL_LINE])
    paragraphs: list[str] = []
    previous: list[_Line] | None = None
    for row in rows:
        text = _row_text(row)
        if previous is not None and _runs_on(previous, row, left, right, text):
            paragraphs[-1] += _joint(paragraphs[-1], text) + text
        else:
            paragraphs.append(text)
        previous = row
    return paragraphs


def _runs_on(previous: list[_Line], row: list[_Line], left: float, right: float, text: str):
    if len(previous) > 1 or len(row) > 1:
        return False
    above, line = previous[0], row[0]
    size = line.size
    if above.page == line.page and line.top - above.bottom > size:
        return False  # a gap of a line or more
    if above.right < right - 1.5 * size or line.left > left + size / 2:
        return False  # the line above stopped short, or this one is indented
    normal = normalise(text)
    return match_heading(normal) is None and match_item(normal) is None


def _usual(values) -> float:
    """The most common of the values (to the point): a page's margin."""
    counted = Counter(round(value) for value in values)
    return float(counted.most_common(1)[0][0]) if counted else 0.0


def _joint(before: str, after: str) -> str:
    """Nothing between Chinese characters; a space between two words in Latin letters."""
    if before and after and before[-1].isascii() and after[0].isascii():
        if before[-1].isalnum() and after[0].isalnum():
            return " "
    return ""
