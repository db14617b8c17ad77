"""
``DocumentError``, the one exception an upload that cannot be read raises,
and what every check of a file starts from: the size limit, the file name's
suffix, a size in words for messages.
"""

from __future__ import annotations

import posixpath

MAX_BYTES = 10 * 1024 * 1024


class DocumentError(Exception):
    """
    An uploaded file that cannot be read, with one sentence saying why.

    ``code`` lets the web layer pick its own translated message:
    ``empty``, ``too_large``, ``unsupported``, ``binary``, ``encoding``,
    ``not_docx`` (damaged or not Word), ``macro``, ``unsafe`` (XML entity
    declarations), ``inflated`` (a zip bomb: more parts, bytes, rows, strings
    or tags than such a file holds; its message, marked for translation,
    names the bound), ``too_many_goals`` (``targets.io.limits``),
    ``encrypted`` (a password), ``too_costly`` (reading it would take far
    more memory or time than a plan needs); for PDFs ``not_pdf``,
    ``scanned`` (no text layer) and ``too_many_pages``; for spreadsheets
    ``not_xlsx``, ``not_xls`` (a web page named .xls), ``not_ods``,
    ``damaged`` (a part or a cell that cannot be read), ``old_excel``,
    ``too_many_rows`` and ``no_table`` (no sheet with a header,
    ``targets.io.workbook``). ``message`` is the English template (a msgid)
    and ``params`` its values; ``str()`` is the two combined.
    """

    def __init__(self, code: str, message: str, **params):
        self.code = code
        self.message = message
        self.params = params
        super().__init__(message % params if params else message)


def file_suffix(name: str) -> str:
    """The suffix of an uploaded file's name, lower case (".docx"), "" when it has none."""
    # Browsers on Windows have sent full paths ("C:\\Users\\…\\报告.DOCX").
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    return posixpath.splitext(base)[1].lower()


def size_label(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):g} MB"
    if size >= 1024:
        return f"{size / 1024:g} KB"
    return f"{size} bytes"
