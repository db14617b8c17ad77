"""
What calamine does not give, read from a spreadsheet package's own XML:
which cells of an .xlsx sheet are shown as a percentage (the quarterly
workbook's share done, typed as 0.6 in a cell formatted 0%, is 60), and the
merged ranges of an .ods (calamine reads them for Excel files only).

Parsed with lxml, entities unresolved, no network, no DTD; a reference or
a style that points nowhere (ZZZZ4, style 9999) is no percentage and no
range, not an error.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from collections.abc import Iterable

from lxml import etree

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_DOC_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
# Excel's built-in number formats that show a percentage: 0% and 0.00%.
_BUILTIN_PERCENT = frozenset({9, 10})
_REF = re.compile(r"^([A-Z]{1,3})([1-9]\d{0,6})$")
# What in a number format is shown as written, not read as a code: "text", \x, [colour].
_LITERAL = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]')


def _parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


def _xml(archive: zipfile.ZipFile, name: str):
    try:
        return etree.fromstring(archive.read(name), _parser())
    except KeyError:
        return None


# -- .xlsx: cells shown as a percentage -----------------------------------------------------


def xlsx_percent_cells(
    data: bytes, sheets: Iterable[str], columns: Iterable[int]
) -> dict[str, set[tuple[int, int]]]:
    """Sheet name → the (row, column) in ``columns`` (from 1) whose format shows a percentage."""
    columns = frozenset(columns)
    found: dict[str, set[tuple[int, int]]] = {}
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        workbook = _office_document(archive)
        if workbook is None:
            return found
        parts, styles = _workbook_parts(archive, workbook)
        percent_styles = _percent_styles(archive, styles)
        if not percent_styles:
            return found
        for name in sheets:
            if name in parts:
                found[name] = _percent_in_sheet(archive, parts[name], percent_styles, columns)
    return found


def _office_document(archive: zipfile.ZipFile) -> str | None:
    root = _xml(archive, "_rels/.rels")
    if root is None:
        return None
    for relation in root.iter(f"{{{_PKG_REL}}}Relationship"):
        if relation.get("Type", "").endswith("/officeDocument"):
            return _resolve("", relation.get("Target", ""))
    return None


def _resolve(base: str, target: str) -> str:
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(base, target))


def _workbook_parts(archive: zipfile.ZipFile, workbook: str) -> tuple[dict[str, str], str | None]:
    """Sheet name → its part, and the styles part, from the workbook and its relationships."""
    folder, base = posixpath.split(workbook)
    rels = _xml(archive, posixpath.join(folder, "_rels", base + ".rels"))
    book = _xml(archive, workbook)
    if rels is None or book is None:
        return {}, None
    targets, styles = {}, None
    for relation in rels.iter(f"{{{_PKG_REL}}}Relationship"):
        target = _resolve(folder, relation.get("Target", ""))
        targets[relation.get("Id")] = target
        if relation.get("Type", "").endswith("/styles"):
            styles = target
    parts = {}
    for sheet in book.iter(f"{{{_MAIN}}}sheet"):
        target = targets.get(sheet.get(f"{{{_DOC_REL}}}id"))
        if target:
            parts[sheet.get("name")] = target
    return parts, styles


def _percent_styles(archive: zipfile.ZipFile, styles: str | None) -> frozenset[int]:
    """The indexes of the cell formats (cellXfs) whose number format shows a percentage."""
    root = _xml(archive, styles) if styles else None
    if root is None:
        return frozenset()
    percent_formats = set(_BUILTIN_PERCENT)
    for number_format in root.iter(f"{{{_MAIN}}}numFmt"):
        code = _LITERAL.sub("", number_format.get("formatCode", ""))
        if "%" in code:
            percent_formats.add(_int(number_format.get("numFmtId")))
    found = set()
    cell_formats = root.find(f"{{{_MAIN}}}cellXfs")
    for index, xf in enumerate(cell_formats if cell_formats is not None else ()):
        if _int(xf.get("numFmtId")) in percent_formats:
            found.add(index)
    return frozenset(found)


def _percent_in_sheet(archive, part: str, styles: frozenset[int], columns: frozenset[int]):
    found = set()
    try:
        stream = archive.open(part)
    except KeyError:
        return found
    with stream:
        cells = etree.iterparse(
            stream,
            events=("end",),
            tag=f"{{{_MAIN}}}c",
            resolve_entities=False,
            no_network=True,
            load_dtd=False,
        )
        for _, cell in cells:
            style = _int(cell.get("s"))
            match = _REF.match(cell.get("r") or "")
            if style in styles and match:
                column = _column(match.group(1))
                if column in columns:
                    found.add((int(match.group(2)), column))
            cell.clear()
    return found


def _column(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number


def _int(value, default: int = -1) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


# -- .ods: merged ranges --------------------------------------------------------------------

_ROW = f"{{{_TABLE}}}table-row"
_CELLS = (f"{{{_TABLE}}}table-cell", f"{{{_TABLE}}}covered-table-cell")
# Past these a position is no longer a table's: repeated empty rows and cells fill a sheet out.
_MAX_POSITION = 1 << 24


def ods_merges(data: bytes, limit: int) -> dict[str, list[tuple[int, int, int, int]]]:
    """
    Sheet name → its merged ranges (first row, first column, last row, last
    column, from 1), at most ``limit`` in all: a cell that spans rows or
    columns, counted through repeated rows and cells.
    """
    found: dict[str, list[tuple[int, int, int, int]]] = {}
    count = 0
    with zipfile.ZipFile(io.BytesIO(data)) as archive, archive.open("content.xml") as stream:
        events = etree.iterparse(
            stream,
            events=("start", "end"),
            tag=(f"{{{_TABLE}}}table", _ROW, *_CELLS),
            resolve_entities=False,
            no_network=True,
            load_dtd=False,
        )
        ranges, row, column, repeat = None, 0, 0, 1
        for event, element in events:
            tag = element.tag
            if tag == f"{{{_TABLE}}}table":
                if event == "start":
                    ranges, row = found.setdefault(element.get(f"{{{_TABLE}}}name", ""), []), 0
                else:
                    element.clear()
            elif tag == _ROW:
                if event == "start":
                    column = 0
                    repeat = _repeat(element, "number-rows-repeated")
                else:
                    row = min(row + repeat, _MAX_POSITION)
                    element.clear()
            elif event == "start" and ranges is not None:
                rows = _repeat(element, "number-rows-spanned")
                columns = _repeat(element, "number-columns-spanned")
                if (rows > 1 or columns > 1) and count < limit:
                    ranges.append((row + 1, column + 1, row + rows, column + columns))
                    count += 1
                column = min(column + _repeat(element, "number-columns-repeated"), _MAX_POSITION)
    return found


def _repeat(element, attribute: str) -> int:
    value = _int(element.get(f"{{{_TABLE}}}{attribute}"), 1)
    return min(max(value, 1), _MAX_POSITION)
