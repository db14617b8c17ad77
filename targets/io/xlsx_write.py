"""
Excel workbooks written row by row, styled the way offices print them.

A ``StreamingWorkbook`` holds sheets made with ``add_sheet``: a title row, an
optional note row, then a bold header that stays frozen, repeats on every
printed page and carries an AutoFilter; landscape A4 with page numbers in a
footer the margins leave room for. A sheet prints one page wide when that
keeps its type readable, else as many pages wide as it needs, the first
columns repeated on each (``pages_wide``). Every row is as high as its
wrapped text (``row_height``), so nothing is cut off on screen or on paper.
Rows go straight to disk (openpyxl's write-only mode), so a sheet of 100,000
rows costs no more memory than a sheet of ten.

Values keep their type: numbers stay numbers, dates stay dates, ``Percent``
is a share shown as 45%, ``Tinted`` is text on a coloured fill (a goal's
state). Text is always text: what people typed never becomes a live formula,
whatever it starts with (see ``_RISKY_STARTS``). Characters a file cannot
hold (controls pasted from Word, U+FFFE/U+FFFF) are left out, in the cells,
the titles and the sheet names alike (``xmltext``): an export never fails on
what someone typed.

This module knows nothing of Django, the ORM or HTTP; callers translate their
own headings and hand over plain values.
"""

from __future__ import annotations

import datetime
import math
import os
from decimal import Decimal
from typing import IO

from openpyxl import Workbook
from openpyxl.cell.cell import ERROR_CODES, Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from .xlsx_layout import (
    MARGIN_HEADER_FOOTER,
    MARGIN_SIDE,
    MARGIN_TOP_BOTTOM,
    pages_wide,
    row_height,
    wrapped_lines,
)
from .xlsx_values import (  # noqa: F401  (re-exported: the writer's values and columns)
    MAX_SHEET_TITLE,
    Column,
    Percent,
    Tinted,
    display_width,
    fitted_columns,
    sheet_title,
)
from .xmltext import XML_ILLEGAL, xml_legal

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# Text that spreadsheet programs may read as a formula or a command when the
# cell is edited or the data is pasted elsewhere (CSV injection): = + - @ and a
# leading tab or carriage return. Such text is written as a string cell with the
# "quote prefix" flag, the apostrophe Excel shows for '=1: the cell keeps
# exactly what was typed and stays text when someone edits it.
_RISKY_STARTS = ("=", "+", "-", "@", "\t", "\r")

# Fills for the state colours of ``targets.choices.STATE_COLOURS`` (Bootstrap
# names), in tints that print legibly in black and white too.
FILLS = {
    "secondary": "D9D9D9",  # grey: not started
    "success": "C6EFCE",  # green: on track
    "warning": "FFEB9C",  # yellow: at risk
    "danger": "FFC7CE",  # red: behind
    "primary": "BDD7EE",  # blue: completed
}
OUTLINED = "light"  # not reported: no fill, a dashed outline and grey text

PERCENT_FORMAT = "0%"
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
TIME_FORMAT = "hh:mm"

A4 = 9  # paperSize code of A4 in SpreadsheetML

_GRID = Side(style="thin", color="A6A6A6")
_BORDER = Border(left=_GRID, right=_GRID, top=_GRID, bottom=_GRID)
_DASHED = Side(style="dashed", color="808080")
_OUTLINE = Border(left=_DASHED, right=_DASHED, top=_DASHED, bottom=_DASHED)
_HEADER_FILL = PatternFill("solid", fgColor="F2F2F2")
_BODY_FONT = Font(size=10)
_GREY_FONT = Font(size=10, color="808080")


class _FixedStyleCell(Cell):
    """
    A cell whose style never changes after it is made, so the style's index
    is looked up once rather than once per value written through it.
    """

    __slots__ = ("_style_index",)

    def freeze(self) -> _FixedStyleCell:
        self._style_index = Cell.style_id.fget(self)
        return self

    @property
    def style_id(self):
        return self._style_index


class _StreamingSheet(WriteOnlyWorksheet):
    """
    openpyxl's write-only sheet, fed ready-made cells. openpyxl's own path for
    styled cells (appending ``WriteOnlyCell`` objects) costs an exception and a
    ``repr`` per cell and made a styled export 1.7× slower than an unstyled one;
    this one reuses one cell per column and style, bound to the next value
    only once the row before it has been written.
    """

    def _values_to_row(self, values, row_idx):
        for column, cell in enumerate(values, 1):
            if cell is None:
                continue
            cell.column = column
            cell.row = row_idx
            yield cell


class _ColumnCells:
    """The cells one column writes through: one per look (plain, date, tinted, quoted…)."""

    __slots__ = ("_cells", "_column", "_sheet")

    def __init__(self, sheet: SheetWriter, column: Column):
        self._sheet = sheet
        self._column = column
        self._cells: dict[object, _FixedStyleCell] = {}

    def get(self, look) -> _FixedStyleCell:
        try:
            return self._cells[look]
        except KeyError:
            cell = self._cells[look] = self._make(look)
            return cell

    def _make(self, look) -> _FixedStyleCell:
        column = self._column
        cell = _FixedStyleCell(self._sheet.worksheet)
        cell.font = _BODY_FONT
        cell.border = _BORDER
        horizontal = column.align
        number_format = column.number_format
        if look == "percent":
            number_format = PERCENT_FORMAT
        elif look == "date":
            number_format = DATE_FORMAT
        elif look == "datetime":
            number_format = DATETIME_FORMAT
        elif look == "time":
            number_format = TIME_FORMAT
        elif look == "quoted":
            cell.quotePrefix = True
        elif isinstance(look, tuple):  # ("tint", colour)
            colour = look[1]
            if colour in FILLS:
                cell.fill = PatternFill("solid", fgColor=FILLS[colour])
            else:
                cell.font = _GREY_FONT
                cell.border = _OUTLINE
            horizontal = horizontal or "center"
        if number_format:
            cell.number_format = number_format
        # Centred up and down, as the header and the tinted states: a number and a name
        # on one row read on one line.
        cell.alignment = Alignment(
            horizontal=horizontal, vertical="center", wrap_text=column.wrap or None
        )
        return cell.freeze()


class SheetWriter:
    """
    One sheet of a ``StreamingWorkbook``. Rows are written as they are
    appended; nothing of them is kept.
    """

    def __init__(
        self,
        book: StreamingWorkbook,
        title: str,
        columns: list[Column],
        *,
        heading: str = "",
        note: str = "",
        freeze_columns: int = 0,
        footer: str = "&P / &N",
    ):
        if not columns:
            raise ValueError("a sheet needs at least one column")
        self.book = book
        self.columns = list(columns)
        self.worksheet = _StreamingSheet(parent=book.workbook, title=sheet_title(title))
        book.workbook._add_sheet(self.worksheet)
        self._cells = [_ColumnCells(self, column) for column in self.columns]
        self._wrapped = [(i, c.width) for i, c in enumerate(self.columns) if c.wrap]
        self._blank = [self._cells[i].get("blank") for i in range(len(self.columns))]
        self.rows_written = 0
        self._last_letter = get_column_letter(len(self.columns))
        self.header_row = 1 + bool(heading) + bool(note)
        self._page_setup(footer, freeze_columns)
        self._freeze = f"{get_column_letter(freeze_columns + 1)}{self.header_row + 1}"
        self.worksheet.freeze_panes = self._freeze
        self.worksheet.print_title_rows = f"{self.header_row}:{self.header_row}"
        for index, column in enumerate(self.columns, 1):
            self.worksheet.column_dimensions[get_column_letter(index)].width = column.width
        if heading:
            # Centred across a sheet printed several pages wide, it would be cut in two.
            align = "center" if self.pages_wide == 1 else "left"
            self._banner(heading, Font(bold=True, size=16), height=30, horizontal=align)
        if note:
            self._banner(note, Font(size=10, color="595959"), height=18, horizontal="left")
        self._header()

    @property
    def freeze_panes(self) -> str:
        return self._freeze

    def _page_setup(self, footer: str, freeze_columns: int) -> None:
        ws = self.worksheet
        ws.page_setup.orientation = "landscape"
        ws.page_setup.paperSize = A4
        across = self.pages_wide = pages_wide(self.columns, max(freeze_columns, 1))
        ws.page_setup.fitToWidth = across
        ws.page_setup.fitToHeight = 0  # as many pages down as the rows need
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        self._repeated = 0
        if across > 1:
            # Each page of a row's band follows the one before it, and names the row.
            self._repeated = max(freeze_columns, 1)
            ws.page_setup.pageOrder = "overThenDown"
            ws.print_title_cols = f"A:{get_column_letter(self._repeated)}"
        ws.print_options.horizontalCentered = True
        ws.page_margins.left = ws.page_margins.right = MARGIN_SIDE
        ws.page_margins.top = ws.page_margins.bottom = MARGIN_TOP_BOTTOM
        ws.page_margins.header = ws.page_margins.footer = MARGIN_HEADER_FOOTER
        if footer:
            ws.oddFooter.center.text = footer
            # 10 points: Excel prints them so at any scale; LibreOffice scales them with
            # the sheet, to 7 points at the smallest (``pages_wide``).
            ws.oddFooter.center.size = 10
            ws.HeaderFooter.scaleWithDoc = False

    def _banner(self, text: str, font: Font, *, height: float, horizontal: str) -> None:
        """A line across the whole width of the table: the title, or a note under it."""
        row = self.rows_written + 1
        cell = Cell(self.worksheet)
        cell.font = font
        # On a sheet printed several pages wide, merged it would be drawn in pieces on
        # every page, and in the columns repeated on each its first words would be cut
        # off: it starts after them and runs over the empty cells of the first page.
        merged = len(self.columns) > 1 and self.pages_wide == 1
        cell.alignment = Alignment(horizontal=horizontal, vertical="center", wrap_text=merged)
        self.worksheet.row_dimensions[row].height = height
        if merged:
            self.worksheet.merged_cells.add(f"A{row}:{self._last_letter}{row}")
        self._write_text_row([(cell, text)], skip=self._repeated)

    def _header(self) -> None:
        """The header row, as high as its longest wrapped heading."""
        lines = max(wrapped_lines(column.header, column.width) for column in self.columns)
        height = row_height(lines)
        if height is not None:
            self.worksheet.row_dimensions[self.rows_written + 1].height = height
        cells = []
        for column in self.columns:
            cell = Cell(self.worksheet)
            cell.font = Font(bold=True, size=10)
            cell.fill = _HEADER_FILL
            cell.border = _BORDER
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
            cells.append((cell, column.header))
        self._write_text_row(cells)

    def _write_text_row(self, pairs, *, skip: int = 0) -> None:
        """Cells of text, the first ``skip`` columns left empty."""
        row = [None] * skip
        for cell, text in pairs:
            _bind_text(cell, str(text))
            row.append(cell)
        self.worksheet.append(row)
        self.rows_written += 1

    def append(self, values) -> None:
        """Write one row; ``values`` line up with the columns (a shorter row leaves blanks)."""
        if len(values) > len(self.columns):
            raise ValueError(f"{len(values)} values for {len(self.columns)} columns")
        self._fit_height(values)
        row = self._blank.copy()
        convert = self.book.convert
        for index, value in enumerate(values):
            if value is None or value == "":
                continue
            look, value = convert(value)
            cell = self._cells[index].get(look)
            if look == "quoted" or look.__class__ is tuple:
                _bind_text(cell, value)
            else:
                cell.value = value
            row[index] = cell
        self.worksheet.append(row)
        self.rows_written += 1

    def _fit_height(self, values) -> None:
        """The next row as high as its most wrapped text; left at the default for one line."""
        # A row's height is written with the row: forgotten once it is, so that the sheet
        # keeps no more in memory for 100,000 rows than for ten.
        self.worksheet.row_dimensions.pop(self.rows_written, None)
        lines = 1
        count = len(values)
        for index, width in self._wrapped:
            if index < count:
                value = values[index]
                if value and isinstance(value, str):
                    found = wrapped_lines(value, width)
                    if found > lines:
                        lines = found
        height = row_height(lines)
        if height is not None:
            # The row's attributes as openpyxl's writer reads them when the row goes out
            # (``dims.get(row_idx, {})``): a plain mapping, where a RowDimension per row,
            # with its validating descriptors, cost a sixth of the writing.
            self.worksheet.row_dimensions[self.rows_written + 1] = {
                "ht": f"{height:g}",
                "customHeight": "1",
            }

    def finish(self) -> None:
        """Filter buttons on the header, over every row written."""
        self.worksheet.row_dimensions.pop(self.rows_written, None)  # the last row's, written
        last = max(self.rows_written, self.header_row)
        self.worksheet.auto_filter.ref = f"A{self.header_row}:{self._last_letter}{last}"


class StreamingWorkbook:
    """
    An .xlsx file written sheet by sheet and row by row. ``tz``: the zone
    aware datetimes are shown in (Excel has no time zones).
    """

    def __init__(self, *, tz: datetime.tzinfo | None = None):
        self.workbook = Workbook(write_only=True)
        self.tz = tz
        self.sheets: list[SheetWriter] = []
        self._done = False

    def __enter__(self):
        return self

    def __exit__(self, kind, error, traceback):
        if kind is not None:
            self.discard()

    def add_sheet(self, title: str, columns: list[Column], **options) -> SheetWriter:
        """A new sheet at the end; see ``SheetWriter`` for the options."""
        sheet = SheetWriter(self, title, columns, **options)
        self.sheets.append(sheet)
        return sheet

    def save(self, target: str | IO[bytes]) -> None:
        """Write the file to a path or a binary file object."""
        for sheet in self.sheets:
            sheet.finish()
        if not self.sheets:
            self.workbook.create_sheet("Sheet")
        self._done = True
        self.workbook.save(target)

    def discard(self) -> None:
        """
        Give up a workbook that will not be saved (an export failed half way):
        each sheet's rows wait in a temporary file, removed here rather than
        when the process ends.
        """
        if self._done:
            return
        self._done = True
        for sheet in self.sheets:
            worksheet = sheet.worksheet
            try:
                if not worksheet.closed:
                    worksheet.close()
            finally:
                if worksheet._writer is not None and os.path.exists(worksheet._writer.out):
                    worksheet._writer.cleanup()

    def convert(self, value) -> tuple[object, object]:
        """``(look, value)``: how a Python value is shown, and the value openpyxl gets."""
        kind = value.__class__
        if kind is str:
            if _illegal(value) is not None:
                value = xml_legal(value)
            if value.startswith(_RISKY_STARTS) or value in ERROR_CODES:
                return "quoted", value
            return "plain", value
        if kind is int or kind is float:
            return (
                ("plain", value) if kind is int or math.isfinite(value) else ("plain", str(value))
            )
        if kind is Decimal:
            return ("plain", value) if value.is_finite() else ("plain", str(value))
        if kind is Tinted:
            return ("tint", value.colour), xml_legal(value[:])
        if kind is Percent:
            return ("percent", float(value)) if math.isfinite(value) else ("plain", str(value))
        if kind is bool:
            return "plain", value
        if isinstance(value, datetime.datetime):
            if value.tzinfo is not None:
                if self.tz is not None:
                    value = value.astimezone(self.tz)
                value = value.replace(tzinfo=None)
            return "datetime", value
        if isinstance(value, datetime.date):
            return "date", value
        if isinstance(value, datetime.time):
            return "time", value.replace(tzinfo=None)
        # Subclasses (IntEnum members, SafeString, TextChoices), lazy translations, the rest.
        if isinstance(value, bool):
            return "plain", bool(value)
        if isinstance(value, int):
            return self.convert(int(value))
        if isinstance(value, float):
            return self.convert(float(value))
        if isinstance(value, Decimal):
            return self.convert(Decimal(value))
        text = value if isinstance(value, str) else str(value)
        return self.convert(text[:] if text.__class__ is not str else text)


# Bound once: ``convert`` asks it of every string written.
_illegal = XML_ILLEGAL.search


def _bind_text(cell: Cell, text: str) -> None:
    """Put ``text`` in ``cell`` as a string, never as a formula or an error value."""
    cell.value = xml_legal(text)
    cell.data_type = "s"
