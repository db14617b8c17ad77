"""
One entry point from a file to a plan draft, whatever its kind: a work
report or 分解方案 as text, Word or PDF goes through the report reader, a
decomposition table (任务分解表) as a spreadsheet (.xlsx, .xls, .ods) through
the workbook reader. Both refuse a bad file with a ``DocumentError`` before
reading anything from it.
"""

from __future__ import annotations

from pathlib import PurePath

from .draft import PlanDraft
from .files import SPREADSHEET_SUFFIXES, read_document
from .report import read_report

WORKBOOK_SUFFIXES = SPREADSHEET_SUFFIXES
MAX_BYTES = 10 * 1024 * 1024


def read_plan(
    name: str, data: bytes, *, year: int | None = None, title: str = "", max_bytes: int = MAX_BYTES
) -> PlanDraft:
    """Read the file called ``name`` with content ``data`` into a plan draft."""
    if PurePath(name).suffix.lower() in WORKBOOK_SUFFIXES:
        from .workbook import read_workbook

        return read_workbook(name, data, year=year, title=title, max_bytes=max_bytes)
    text = read_document(name, data, max_bytes=max_bytes)
    return read_report(text, year=year, title=title, source_name=name)
