"""
Spreadsheets other than .xlsx built in memory with the libraries that write
them, as openpyxl builds the .xlsx ones: an old Excel .xls with xlwt, an
OpenDocument .ods with odfpy, and an .xlsx encrypted with a password by
msoffcrypto-tool. Each takes the sheets as ``(title, rows, merged ranges)``
with ranges written as Excel writes them ("A2:H2"), like the .xlsx helpers.

No Django at import time: the io tests use these.
"""

import io
from datetime import date, datetime

from openpyxl.utils.cell import range_boundaries


def _ranges(merges) -> list[tuple[int, int, int, int]]:
    """(first row, first column, last row, last column), from 1."""
    found = []
    for text in merges:
        first_col, first_row, last_col, last_row = range_boundaries(text)
        found.append((first_row, first_col, last_row, last_col))
    return found


def xls_of(*sheets, hidden=()) -> bytes:
    """An Excel 97–2003 .xls of (title, rows, merged ranges) sheets."""
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    dates = xlwt.easyxf(num_format_str="YYYY-MM-DD")
    for title, rows, merges in sheets:
        sheet = book.add_sheet(title)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if value is None:
                    continue
                if isinstance(value, date | datetime):
                    sheet.write(r, c, value, dates)
                else:
                    sheet.write(r, c, value)
        for first_row, first_col, last_row, last_col in _ranges(merges):
            sheet.merge(first_row - 1, last_row - 1, first_col - 1, last_col - 1)
        if title in hidden:
            sheet.visibility = 1
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def ods_of(*sheets, hidden=()) -> bytes:
    """An OpenDocument .ods of (title, rows, merged ranges) sheets, as LibreOffice lays them out."""
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.style import Style, TableProperties
    from odf.table import CoveredTableCell, Table, TableCell, TableRow
    from odf.text import P

    document = OpenDocumentSpreadsheet()
    hidden_style = Style(name="hidden", family="table")
    hidden_style.addElement(TableProperties(display=False))
    document.automaticstyles.addElement(hidden_style)
    for title, rows, merges in sheets:
        table = Table(name=title, stylename=hidden_style if title in hidden else None)
        anchors, covered = {}, set()
        for first_row, first_col, last_row, last_col in _ranges(merges):
            anchors[(first_row, first_col)] = (last_row - first_row + 1, last_col - first_col + 1)
            for r in range(first_row, last_row + 1):
                for c in range(first_col, last_col + 1):
                    if (r, c) != (first_row, first_col):
                        covered.add((r, c))
        width = max([len(row) for row in rows] + [c for _, c in anchors] + [0])
        for r, row in enumerate(rows, start=1):
            element = TableRow()
            for c in range(1, width + 1):
                value = row[c - 1] if c <= len(row) else None
                if (r, c) in covered:
                    element.addElement(CoveredTableCell())
                    continue
                spans = anchors.get((r, c), (1, 1))
                element.addElement(_ods_cell(value, spans, TableCell, P))
            table.addElement(element)
        document.spreadsheet.addElement(table)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _ods_cell(value, spans, cell_class, paragraph):
    options = {}
    if spans != (1, 1):
        options = {"numberrowsspanned": spans[0], "numbercolumnsspanned": spans[1]}
    if value is None:
        return cell_class(**options)
    if isinstance(value, bool):
        cell = cell_class(valuetype="boolean", booleanvalue=str(value).lower(), **options)
    elif isinstance(value, int | float):
        cell = cell_class(valuetype="float", value=value, **options)
    elif isinstance(value, date | datetime):
        cell = cell_class(valuetype="date", datevalue=value.isoformat(), **options)
    else:
        cell = cell_class(valuetype="string", **options)
    for line in str(value).split("\n"):
        cell.addElement(paragraph(text=line))
    return cell


def encrypted(data: bytes, password: str = "secret") -> bytes:
    """An .xlsx protected by a password, as Excel saves it (an OLE file holding the package)."""
    from msoffcrypto.format.ooxml import OOXMLFile

    buffer = io.BytesIO()
    OOXMLFile(io.BytesIO(data)).encrypt(password, buffer)
    return buffer.getvalue()
