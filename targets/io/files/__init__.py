"""
Reading an uploaded document safely: a .txt/.md text file, a Word .docx or a
PDF with a text layer becomes plain text, one paragraph per line; a
spreadsheet (.xlsx, .xls, .ods) becomes rows of cells; or a ``DocumentError``
says in one sentence what is wrong with the file.

Government files arrive in every encoding Windows has used (UTF-8, GBK,
UTF-16 from Notepad) and as Word documents that hold their 分解方案 in
tables, so both are read with care. Uploads are untrusted: sizes are checked
before anything is decoded or unzipped, and an Office Open XML package (a
.docx here, an .xlsx for ``targets.io.workbook`` through ``check_workbook``)
is looked over (zip bombs, macros, XML entity declarations, more rows,
strings or tags than such a file holds) before python-docx or openpyxl
parses it.

- ``errors``: ``DocumentError``, and the size limit and file-name suffix every check uses;
- ``reader``: ``read_document`` and ``read_document_blocks``, which pick the reading by the
  file's suffix;
- ``text``: text files decoded (UTF-8, GB18030, UTF-16), binaries refused;
- ``docx``: Word documents as lines, with the numbers of Word's automatic lists, or as
  paragraphs and tables (grids with merged ranges);
- ``pdf``: PDFs with a text layer as lines, without running headers and page numbers, or
  as paragraphs and tables (pdfplumber's grids);
- ``packages``: Office Open XML packages looked over before they are parsed;
- ``xmlparts``: their XML parts unpacked once, prologs parsed safely, elements counted;
- ``xlsx``: ``check_workbook``, the same for Excel workbooks;
- ``spreadsheets``: ``read_spreadsheet``, every spreadsheet's cells (calamine);
- ``sheet_xml``: what calamine does not give (percentage formats, .ods merged ranges);
- ``sandbox``: a parse in a child process under a ceiling of memory and time.
"""

from .docx import WORD_PACKAGE
from .errors import MAX_BYTES, DocumentError, file_suffix, size_label
from .packages import (
    MAX_MEMBER_BYTES,
    MAX_MEMBERS,
    MAX_RATIO,
    MAX_TOTAL_BYTES,
    OLE_MAGIC,
    RATIO_CHECKED_FROM,
    PackageRules,
    check_package,
    xml_declarations,
)
from .pdf import SOFT_BREAK, read_pdf
from .reader import (
    PDF_SUFFIXES,
    TEXT_SUFFIXES,
    WORD_SUFFIXES,
    read_document,
    read_document_blocks,
)
from .spreadsheets import SPREADSHEET_SUFFIXES, Sheet, read_spreadsheet, spreadsheet_kind
from .text import MAX_CONTROL_SHARE
from .xlsx import (
    WORKBOOK_PACKAGE,
    XLSX_MAX_MEMBER_BYTES,
    XLSX_MAX_TOTAL_BYTES,
    check_workbook,
    not_xlsx,
)

__all__ = [
    "MAX_BYTES",
    "MAX_CONTROL_SHARE",
    "MAX_MEMBERS",
    "MAX_MEMBER_BYTES",
    "MAX_RATIO",
    "MAX_TOTAL_BYTES",
    "OLE_MAGIC",
    "PDF_SUFFIXES",
    "RATIO_CHECKED_FROM",
    "SOFT_BREAK",
    "SPREADSHEET_SUFFIXES",
    "TEXT_SUFFIXES",
    "WORD_PACKAGE",
    "WORD_SUFFIXES",
    "WORKBOOK_PACKAGE",
    "XLSX_MAX_MEMBER_BYTES",
    "XLSX_MAX_TOTAL_BYTES",
    "DocumentError",
    "PackageRules",
    "Sheet",
    "check_package",
    "check_workbook",
    "file_suffix",
    "not_xlsx",
    "read_document",
    "read_document_blocks",
    "read_pdf",
    "read_spreadsheet",
    "size_label",
    "spreadsheet_kind",
    "xml_declarations",
]
