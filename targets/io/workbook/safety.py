"""
Uploads are untrusted: before openpyxl parses anything, a file is refused
with one ``DocumentError`` unless it is a real, plain .xlsx (not an old
binary .xls/.et, no macros, no zip bomb, no XML declaring entities), and
rows past ``MAX_ROWS`` are refused as the dimension declares them and as
they are read. This module holds the limits, and whatever openpyxl raises on
a damaged workbook turned into that one ``DocumentError``.
"""

from __future__ import annotations

from defusedxml import DefusedXmlException

from ..files import WORKBOOK_PACKAGE, DocumentError, not_xlsx, xml_declarations

MAX_BYTES = 10 * 1024 * 1024
# A district's table has hundreds of rows, a city's a few thousand.
MAX_ROWS = 50_000
# Cells right of this are never read: a stray cell in column XFD must not make
# every row sixteen thousand cells wide.
MAX_COLUMNS = 60
MAX_MERGES = 20_000


def guarded(function):
    """What openpyxl gives, its failures on a damaged workbook as one ``DocumentError``."""
    try:
        return function()
    except DocumentError:
        raise
    except Exception as exc:
        raise document_error(exc) from exc


def document_error(exc: BaseException) -> DocumentError:
    """
    What openpyxl's failure means to the person uploading: defusedxml
    refusing an entity ("unsafe", wrapped in a ValueError as openpyxl
    reports it), or else a damaged workbook ("not_xlsx": openpyxl and the
    parsers under it raise many kinds).
    """
    seen = exc
    for _ in range(10):
        if seen is None:
            break
        if isinstance(seen, DefusedXmlException):
            return xml_declarations(WORKBOOK_PACKAGE)
        seen = seen.__cause__ or seen.__context__
    return not_xlsx()
