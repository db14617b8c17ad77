"""
``read_document``: the text of an uploaded document, the cheap refusals first
(suffix, size, emptiness) so nothing is decoded or unzipped in vain, then a
text file decoded, a Word document or a PDF read.
"""

from __future__ import annotations

from .docx import read_docx, read_docx_blocks
from .errors import MAX_BYTES, DocumentError, file_suffix, size_label
from .pdf import read_pdf, read_pdf_blocks
from .spreadsheets import Sheet
from .text import read_text

TEXT_SUFFIXES = (".txt", ".md", ".text")
WORD_SUFFIXES = (".docx",)
PDF_SUFFIXES = (".pdf",)


def read_document(name: str, data: bytes, *, max_bytes: int = MAX_BYTES) -> str:
    """
    The text of an uploaded document, chosen by its file name's suffix:
    .txt/.md/.text are decoded (UTF-8, GB18030 or UTF-16 with a BOM), .docx is
    read with python-docx (paragraphs and table rows in body order), .pdf
    with pdfminer.six (its text layer, without running headers and page
    numbers). Lines end with "\\n". Anything wrong with the file raises
    ``DocumentError`` and nothing else.
    """
    suffix = _refuse_early(name, data, max_bytes)
    if suffix in TEXT_SUFFIXES:
        text = read_text(data)
    elif suffix in PDF_SUFFIXES:
        text = read_pdf(data)
    else:
        text = read_docx(data)
    if not text.strip():
        raise DocumentError("empty", "The document contains no text.")
    return text


def read_document_blocks(
    name: str, data: bytes, *, max_bytes: int = MAX_BYTES
) -> list[str | Sheet]:
    """
    An uploaded document as blocks in order: its paragraphs (str) and, for a
    Word document or a PDF, its tables as grids (``Sheet``, with merged
    ranges) rather than lines; a text file is its lines. Refuses what
    ``read_document`` refuses.
    """
    suffix = _refuse_early(name, data, max_bytes)
    if suffix in TEXT_SUFFIXES:
        blocks: list[str | Sheet] = read_text(data).splitlines()
    elif suffix in PDF_SUFFIXES:
        blocks = read_pdf_blocks(data)
    else:
        blocks = read_docx_blocks(data)
    if not any(
        block.strip() if isinstance(block, str) else any(any(row) for row in block.rows)
        for block in blocks
    ):
        raise DocumentError("empty", "The document contains no text.")
    return blocks


def _refuse_early(name: str, data: bytes, max_bytes: int) -> str:
    """The file's suffix, after the cheap refusals, so nothing is decoded or unzipped in vain."""
    suffix = file_suffix(name)
    if suffix in (".doc", ".wps", ".docm", ".dotm"):
        raise DocumentError(
            "unsupported",
            "%(suffix)s files cannot be read: save the document as .docx (Word document) "
            "in Word or WPS and upload that.",
            suffix=suffix,
        )
    if suffix not in TEXT_SUFFIXES + WORD_SUFFIXES + PDF_SUFFIXES:
        raise DocumentError(
            "unsupported",
            "Unsupported file type %(suffix)s: use .txt, .docx, .pdf, .xlsx, .xls or .ods.",
            suffix=suffix or "(none)",
        )
    if len(data) > max_bytes:
        raise DocumentError(
            "too_large",
            "The file is larger than the %(limit)s limit.",
            limit=size_label(max_bytes),
        )
    if not data:
        raise DocumentError("empty", "The file is empty.")
    return suffix
