"""
Spreadsheet files as cells, one way for every reader of them (the
decomposition table's and the quarterly workbook's): an Excel .xlsx, an old
Excel .xls (or WPS .et) or an OpenDocument .ods is looked over, then read
by calamine, in a child process with a ceiling on memory and time
(``sandbox``), into plain rows of values.

What each file is comes from its bytes, not its name: an .xls renamed
.xlsx is read as the .xls it is, an encrypted workbook (an OLE container
whatever its name) is refused as protected by a password, and a web page
that a system exported as "Excel" (HTML named .xls) is refused as such.

A damaged cell (a number that is no number, a string index past the table,
XML cut short) makes calamine refuse the whole file, which is what a person
can act on: open it in Excel or WPS, which repair what they can, and save
it again. What calamine reads leniently (a date cell holding text, a cell
reference beyond the last column) is read as a value, and the reader of
the table judges it as it judges anything typed.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from python_calamine import CalamineWorkbook, PasswordError, SheetTypeEnum, SheetVisibleEnum

from .errors import MAX_BYTES, DocumentError, file_suffix, size_label
from .packages import MAX_MEMBERS, MAX_RATIO, OLE_MAGIC, RATIO_CHECKED_FROM
from .sandbox import ParseFailed, run_limited
from .sheet_xml import ods_merges, xlsx_percent_cells
from .xlsx import XLSX_MAX_MEMBER_BYTES, XLSX_MAX_TOTAL_BYTES, check_workbook, not_xlsx

SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".xltx", ".xls", ".et", ".ods")
_OLD_SUFFIXES = (".xls", ".et", ".ett", ".xlt")
_ODS_TYPE = b"application/vnd.oasis.opendocument.spreadsheet"
# The name of the stream an encrypted Office Open XML file keeps its package in (UTF-16).
_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")
MAX_MERGES = 20_000


@dataclass(slots=True)
class Sheet:
    """
    One sheet as read: its rows from row 1 (each at most ``max_columns``
    wide; "" for an empty cell, else str, int, float, bool, date, datetime,
    time or timedelta), its merged ranges (first row, first column, last
    row, last column, from 1), and, when asked of an .xlsx, the (row,
    column) of the cells shown as a percentage. A sheet not asked for, or
    not a worksheet (a chart), has ``read`` False and no rows.

    It is also the grid every other container gives the table reader: a
    table of a Word document (``kind`` "table") or of a PDF ("pdf", with
    the ``pages`` each row is drawn on) or of a pasted text ("text", its
    ``pages`` the line of the text each row starts on, no merged ranges:
    a paste has only empty cells), its merged ranges as a spreadsheet's,
    so a 任务分解表 reads the same from any of them; the
    paragraphs above such a table come first as its ``title_rows``, as a
    sheet has its title in rows above the header.
    """

    name: str
    visible: bool
    read: bool
    rows: list[list] = field(default_factory=list)
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)
    percent: frozenset[tuple[int, int]] = frozenset()
    kind: str = "sheet"
    pages: list[int] = field(default_factory=list)
    title_rows: int = 0


def read_spreadsheet(
    name: str,
    data: bytes,
    *,
    max_rows: int,
    max_columns: int,
    too_many_rows: Callable[[], DocumentError],
    max_bytes: int = MAX_BYTES,
    wanted: Callable[[str, bool], bool] = lambda name, visible: visible,
    percent_columns: Iterable[int] = (),
) -> list[Sheet]:
    """
    Every sheet of the spreadsheet ``data`` (called ``name``), those
    ``wanted(name, visible)`` with their cells. More than ``max_rows`` rows
    over the sheets read raises ``too_many_rows()`` before a row becomes a
    value. Whatever is wrong with the file raises ``DocumentError`` and
    nothing else: ``too_large``, ``empty``, ``macro``, ``unsafe``,
    ``not_xlsx``, ``not_xls`` (no real .xls: a web page, say),
    ``not_ods``, ``encrypted``, ``damaged`` (a part or a cell calamine
    cannot read) or ``too_costly`` (reading it would take far more memory
    or time than a table does).
    """
    kind = spreadsheet_kind(name, data, max_bytes=max_bytes)
    columns = frozenset(percent_columns)

    def read() -> list[Sheet]:
        return _Reader(kind, data, max_rows, max_columns, too_many_rows).sheets(wanted, columns)

    try:
        return run_limited(read)
    except ParseFailed as failed:
        raise DocumentError(
            "too_costly",
            "Reading this workbook would take far more memory or time than a table of its size "
            "needs (%(reason)s); it was not read. Delete the rows and columns outside the "
            "table, save it again and upload that.",
            reason=failed.reason,
        ) from failed


def spreadsheet_kind(name: str, data: bytes, *, max_bytes: int = MAX_BYTES) -> str:
    """
    "xlsx", "xls" or "ods", from the file's bytes, after the checks that
    need no parsing (size, macros, an encrypted file, a zip that is no
    spreadsheet, zip bombs, XML declarations).
    """
    if len(data) > max_bytes:
        raise DocumentError(
            "too_large", "The file is larger than the %(limit)s limit.", limit=size_label(max_bytes)
        )
    if not data:
        raise DocumentError("empty", "The file is empty.")
    suffix = file_suffix(name)
    if data.startswith(OLE_MAGIC):
        if _ENCRYPTED in data:
            raise encrypted()
        return "xls"
    if not data.startswith(b"PK"):
        raise not_xls() if suffix in _OLD_SUFFIXES else not_xlsx()
    if _is_ods(data):
        _check_ods(data)
        return "ods"
    check_workbook(name, data, max_bytes=max_bytes)
    return "xlsx"


def _is_ods(data: bytes) -> bool:
    """An OpenDocument spreadsheet says so in its first member, ``mimetype``."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
            if "mimetype" not in names or "[Content_Types].xml" in names:
                return False
            info = archive.getinfo("mimetype")
            return info.file_size < 200 and archive.read(info).strip() == _ODS_TYPE
    except Exception:  # a damaged zip fails in many ways; ``check_workbook`` names it
        return False


def encrypted() -> DocumentError:
    return DocumentError(
        "encrypted",
        "This workbook is protected by a password: save it without a password and upload that.",
    )


def not_xls() -> DocumentError:
    return DocumentError(
        "not_xls",
        "This .xls file is not a real Excel workbook (systems often export a web page named "
        ".xls): open it in Excel or WPS and save it as .xlsx.",
    )


def damaged() -> DocumentError:
    return DocumentError(
        "damaged",
        "This workbook is damaged and could not be read: open it in Excel or WPS, "
        "save it again and upload that.",
    )


def _not_ods() -> DocumentError:
    return DocumentError(
        "not_ods", "This .ods file is damaged or is not an OpenDocument spreadsheet."
    )


def _check_ods(data: bytes) -> None:
    """
    The sizes an .ods unpacks to, before anything is parsed, within an
    .xlsx's bounds. Its XML is parsed by calamine and by ``sheet_xml``, which
    expand no entity, so a DOCTYPE in it does no harm.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except Exception as exc:
        raise _not_ods() from exc
    if "content.xml" not in {m.filename for m in members}:
        raise _not_ods()
    total = 0
    for member in members:
        size = member.file_size
        total += size
        ratio = size / member.compress_size if member.compress_size else float("inf")
        if (
            len(members) > MAX_MEMBERS
            or size > XLSX_MAX_MEMBER_BYTES
            or total > XLSX_MAX_TOTAL_BYTES
            or (size > RATIO_CHECKED_FROM and ratio > MAX_RATIO)
        ):
            raise DocumentError(
                "unsafe",
                "This %(suffix)s file unpacks to far more data than %(kind)s holds.",
                suffix=".ods",
                kind="an OpenDocument spreadsheet",
            )


class _Reader:
    """calamine over one file, in the child process: sheets, their cells and merged ranges."""

    def __init__(self, kind: str, data: bytes, max_rows: int, max_columns: int, too_many_rows):
        self.kind, self.data = kind, data
        self.max_rows, self.max_columns = max_rows, max_columns
        self.too_many_rows = too_many_rows
        self.rows_read = 0

    def sheets(self, wanted, percent_columns: frozenset[int]) -> list[Sheet]:
        try:
            book = CalamineWorkbook.from_filelike(io.BytesIO(self.data))
            metadata = book.sheets_metadata
        except PasswordError as exc:
            raise encrypted() from exc
        except Exception as exc:
            raise (_not_ods() if self.kind == "ods" else damaged()) from exc
        sheets = []
        for index, meta in enumerate(metadata):
            visible = meta.visible == SheetVisibleEnum.Visible
            sheet = Sheet(meta.name, visible, read=False)
            if meta.typ == SheetTypeEnum.WorkSheet and wanted(meta.name, visible):
                self._cells(book, index, sheet)
            sheets.append(sheet)
        read = [s for s in sheets if s.read]
        if self.kind == "ods" and read:
            merges = _guarded(lambda: ods_merges(self.data, MAX_MERGES))
            for sheet in read:
                sheet.merges = self._clipped(merges.get(sheet.name, ()))
        if self.kind == "xlsx" and percent_columns and read:
            names = [s.name for s in read]
            found = _guarded(lambda: xlsx_percent_cells(self.data, names, percent_columns))
            for sheet in read:
                sheet.percent = frozenset(found.get(sheet.name, ()))
        return sheets

    def _cells(self, book, index: int, sheet: Sheet) -> None:
        try:
            found = book.get_sheet_by_index(index)
            end = found.end
        except Exception as exc:
            raise damaged() from exc
        sheet.read = True
        if end is None:
            return  # no cell holds anything
        self.rows_read += end[0] + 1
        if self.rows_read > self.max_rows:
            raise self.too_many_rows()
        try:
            rows = found.to_python(skip_empty_area=False)
            ranges = found.merged_cell_ranges or ()
        except Exception as exc:
            raise damaged() from exc
        sheet.rows = _shared_texts(rows, self.max_columns if end[1] >= self.max_columns else None)
        sheet.merges = self._clipped(
            (first[0] + 1, first[1] + 1, last[0] + 1, last[1] + 1)
            for first, last in ranges[:MAX_MERGES]
        )

    def _clipped(self, ranges) -> list[tuple[int, int, int, int]]:
        """Merged ranges within the columns read, a single cell being no range."""
        clipped = []
        for first_row, first_col, last_row, last_col in ranges:
            last_col = min(last_col, self.max_columns)
            last_row = max(last_row, first_row)
            if first_col <= last_col and (first_row, first_col) != (last_row, last_col):
                clipped.append((first_row, first_col, last_row, last_col))
        return clipped


def _shared_texts(rows: list[list], width: int | None) -> list[list]:
    """
    The rows (cut to ``width`` columns when given) with every text that
    recurs as one object. Why: the rows go back to the parent as a pickle,
    which writes an object seen before as a reference to it, and a table's
    texts recur (owners, deadlines, a text in a merged range): the pickle is
    a third of the size, the parent makes each text once instead of once a
    cell, and each text's hash, asked by every lookup of it, is worked out
    once. Equal values, so the rows read the same.
    """
    seen: dict[str, str] = {}
    shared = seen.setdefault
    if width is None:
        return [[shared(v, v) if v.__class__ is str else v for v in row] for row in rows]
    return [[shared(v, v) if v.__class__ is str else v for v in row[:width]] for row in rows]


def _guarded(function):
    """What the package's own XML gives calamine does not, a failure there being damage."""
    try:
        return function()
    except DocumentError:
        raise
    except Exception as exc:
        raise damaged() from exc
