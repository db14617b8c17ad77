"""
Reading an uploaded document safely: a .txt/.md text file or a Word .docx
becomes plain text, one paragraph per line, or a ``DocumentError`` that says
in one sentence what is wrong with the file.

Government files arrive in every encoding Windows has used (UTF-8, GBK,
UTF-16 from Notepad) and as Word documents that hold their 分解方案 in
tables, so both are read with care. Uploads are untrusted: sizes are checked
before anything is decoded or unzipped, and an Office Open XML package (a
.docx here, an .xlsx for ``targets.io.workbook`` through ``check_workbook``)
is looked over (zip bombs, macros, XML entity declarations, more rows,
strings or tags than such a file holds) before python-docx or openpyxl
parses it.

- ``errors``: ``DocumentError``, and the size limit and file-name suffix every check uses;
- ``reader``: ``read_document``, which picks the reading by the file's suffix;
- ``text``: text files decoded (UTF-8, GB18030, UTF-16), binaries refused;
- ``docx``: Word documents as lines, with the numbers of Word's automatic lists;
- ``packages``: Office Open XML packages looked over before they are parsed;
- ``xmlparts``: their XML parts unpacked once, prologs parsed safely, elements counted;
- ``xlsx``: ``check_workbook``, the same for Excel workbooks.
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
from .reader import TEXT_SUFFIXES, WORD_SUFFIXES, read_document
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
    "RATIO_CHECKED_FROM",
    "TEXT_SUFFIXES",
    "WORD_PACKAGE",
    "WORD_SUFFIXES",
    "WORKBOOK_PACKAGE",
    "XLSX_MAX_MEMBER_BYTES",
    "XLSX_MAX_TOTAL_BYTES",
    "DocumentError",
    "PackageRules",
    "check_package",
    "check_workbook",
    "file_suffix",
    "not_xlsx",
    "read_document",
    "size_label",
    "xml_declarations",
]
