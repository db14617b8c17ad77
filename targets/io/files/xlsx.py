"""
Excel workbooks (.xlsx) refused before openpyxl parses anything unless they
are plain ones: not too large or empty, no macros, not an old binary
.xls/.et or an encrypted workbook, a sound package with a workbook in it.
"""

from __future__ import annotations

from .errors import MAX_BYTES, DocumentError, file_suffix, size_label
from .packages import OLE_MAGIC, WORKBOOK_ROWS, WORKBOOK_STRINGS, PackageRules, check_package

# What an .xlsx may unpack to: sheets of XML (a big table is tens of MB) with room for pictures.
XLSX_MAX_MEMBER_BYTES = 100 * 1024 * 1024
XLSX_MAX_TOTAL_BYTES = 300 * 1024 * 1024
_XLSX_MAIN_TYPES = ("spreadsheetml.sheet.main+xml", "spreadsheetml.template.main+xml")
_MACRO_WORKBOOK_SUFFIXES = (".xlsm", ".xltm", ".xlam")
# Binary (OLE) workbooks, and what web systems export as "Excel" (HTML named .xls).
_OLD_WORKBOOK_SUFFIXES = (".xls", ".et", ".ett", ".xlt")


def not_xlsx() -> DocumentError:
    return DocumentError("not_xlsx", "This .xlsx file is damaged or is not an Excel workbook.")


def _workbook_macro() -> DocumentError:
    return DocumentError(
        "macro",
        "This workbook contains macros, which are not accepted: "
        "save it as a plain .xlsx (Excel workbook) and upload that.",
    )


def _old_excel() -> DocumentError:
    return DocumentError(
        "old_excel",
        "This is an old Excel .xls or WPS .et file, or a workbook protected by a password: "
        "save it as .xlsx (Excel workbook) without a password and upload that.",
    )


WORKBOOK_PACKAGE = PackageRules(
    suffix=".xlsx",
    kind="an Excel workbook",
    required=("[Content_Types].xml",),
    damaged=not_xlsx,
    macro=_workbook_macro,
    max_member_bytes=XLSX_MAX_MEMBER_BYTES,
    max_total_bytes=XLSX_MAX_TOTAL_BYTES,
    counts=(WORKBOOK_ROWS, WORKBOOK_STRINGS),
)


def check_workbook(name: str, data: bytes, *, max_bytes: int = MAX_BYTES) -> None:
    """
    Refuse, before openpyxl parses anything, what is not a plain .xlsx
    workbook: too large or empty, macro-enabled (.xlsm, a VBA project, a
    macro content type), an old binary .xls/.et or an encrypted workbook (both
    OLE files), not a zip or a truncated one, a zip bomb, XML declaring a DTD
    or entities, a package with no workbook in it (a .docx renamed).
    """
    if len(data) > max_bytes:
        raise DocumentError(
            "too_large", "The file is larger than the %(limit)s limit.", limit=size_label(max_bytes)
        )
    if not data:
        raise DocumentError("empty", "The file is empty.")
    suffix = file_suffix(name)
    if suffix in _MACRO_WORKBOOK_SUFFIXES:
        raise _workbook_macro()
    if data.startswith(OLE_MAGIC):
        raise _old_excel()
    if not data.startswith(b"PK"):
        raise _old_excel() if suffix in _OLD_WORKBOOK_SUFFIXES else not_xlsx()
    content_types = check_package(data, WORKBOOK_PACKAGE)
    if not any(t.lower().endswith(_XLSX_MAIN_TYPES) for t in content_types.values()):
        raise not_xlsx()
