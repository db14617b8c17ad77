"""
One entry point from a file to a plan draft, whatever its kind: a work
report or 分解方案 as text goes through the report reader, a decomposition
table (任务分解表) as a spreadsheet (.xlsx, .xls, .ods) through the workbook
reader. A Word document or a PDF gives both: its paragraphs go to the report
reader, and each of its tables that has a header row naming its columns goes
to the workbook reader as a sheet would, rows of cells with their merged
ranges (``tables.grids``), so a table reads the same from every container;
a document mixing prose goals and a table gets both, in document order.
Text (a .txt, or text pasted into the import form: ``read_pasted``) is
read so too: a table copied from Excel, WPS or Word into it (tab-separated
rows under a header row, ``tables.pasted``) goes to the workbook reader, the
lines around it to the report reader; text without one is read as before.
Every reader refuses a bad file with a ``DocumentError`` before reading
anything from it.
"""

from __future__ import annotations

from pathlib import PurePath

from .draft import PlanDraft, SectionDraft
from .files import (
    PDF_SUFFIXES,
    SPREADSHEET_SUFFIXES,
    TEXT_SUFFIXES,
    WORD_SUFFIXES,
    DocumentError,
    read_document,
    read_document_blocks,
)
from .preamble import title_from_name
from .report import read_report
from .tables.grids import gather
from .tables.pasted import pasted_blocks

WORKBOOK_SUFFIXES = SPREADSHEET_SUFFIXES
MAX_BYTES = 10 * 1024 * 1024
# Warnings of one reader that the other's goals answer.
_NO_TASKS = ("No tasks were found in the text.", "No tasks were found in the workbook.")
_NO_YEAR = "The year of the plan could not be found; set it before applying."


def read_plan(
    name: str, data: bytes, *, year: int | None = None, title: str = "", max_bytes: int = MAX_BYTES
) -> PlanDraft:
    """Read the file called ``name`` with content ``data`` into a plan draft."""
    suffix = PurePath(name).suffix.lower()
    if suffix in WORKBOOK_SUFFIXES:
        from .workbook import read_workbook

        return read_workbook(name, data, year=year, title=title, max_bytes=max_bytes)
    if suffix in TEXT_SUFFIXES:
        text = read_document(name, data, max_bytes=max_bytes)
        return read_pasted(text, year=year, title=title, source_name=name)
    if suffix not in WORD_SUFFIXES + PDF_SUFFIXES:
        text = read_document(name, data, max_bytes=max_bytes)
        return read_report(text, year=year, title=title, source_name=name)
    blocks = read_document_blocks(name, data, max_bytes=max_bytes)
    return _read_blocks(
        blocks,
        lambda: read_document(name, data, max_bytes=max_bytes),
        year=year,
        title=title,
        source_name=name,
    )


def read_pasted(
    text: str, *, year: int | None = None, title: str = "", source_name: str = ""
) -> PlanDraft:
    """
    Text pasted into the import form (or a text file's) into a plan draft:
    a table copied into it from Excel, WPS or Word is read as that sheet
    would be, the text around it as a report.
    """
    blocks, numbers = pasted_blocks(text)
    if all(isinstance(block, str) for block in blocks):
        return read_report(text, year=year, title=title, source_name=source_name)
    return _read_blocks(
        blocks,
        lambda: text,
        year=year,
        title=title,
        source_name=source_name,
        numbers=(numbers, len(text.splitlines())),
    )


def _read_blocks(
    blocks, as_text, *, year: int | None, title: str, source_name: str, numbers=None
) -> PlanDraft:
    """
    A document's blocks (paragraphs and grids) read: the tables by the
    workbook reader, the paragraphs by the report reader. ``as_text()`` is
    the whole document as text, read as before should the workbook reader
    refuse its tables after all. ``numbers``, for a text, is the line each
    block starts on and how many lines the text has: the paragraphs are then
    read at their own lines, the tables' left blank, so that a goal's line
    is the line of the text it was pasted at.
    """
    gathered = gather(blocks, is_note=_is_note)
    if numbers is not None:
        starts, count = numbers
        kept = [""] * count
        for line, block in zip(gathered.lines, gathered.blocks, strict=True):
            if block >= 0 and isinstance(blocks[block], str):
                kept[starts[block] - 1] = line
        gathered.lines = kept
        gathered.positions = [table.pages[0] - 1 for table in gathered.tables]
    text = "\n".join(gathered.lines) + "\n"
    if not gathered.tables:
        return read_report(text, year=year, title=title, source_name=source_name)
    from .workbook import read_grids

    try:
        tables = read_grids(source_name, gathered.tables, year=year, title=title)
    except DocumentError:
        # A header the workbook reader does not take after all (its merged cells filled
        # in): the document is read as text, as it was before its tables were grids.
        return read_report(as_text(), year=year, title=title, source_name=source_name)
    prose = read_report(text, year=year or tables.year, title=title, source_name=source_name)
    return _together(source_name, prose, tables, gathered.positions)


def _is_note(text: str) -> bool:
    """A note or signature under a table (注:…, 填报人:…), read with it as in a sheet."""
    from .workbook.layout import NOTE, SIGNATURE

    return bool(NOTE.match(text) or SIGNATURE.match(text))


def _together(name: str, prose: PlanDraft, tables: PlanDraft, positions: list[int]) -> PlanDraft:
    """
    The draft of a document's tables, with the goals of its paragraphs when
    they have any: the tables' goals then come as sections where the tables
    stand among the paragraphs' sections.
    """
    if tables.year is None and prose.year is not None:
        tables.year = prose.year
        tables.warnings = [w for w in tables.warnings if w.template != _NO_YEAR]
    if tables.title == title_from_name(name) and prose.title:
        tables.title = prose.title  # no title row above the table: the document's title
    if not prose.all_goals():
        return tables
    if len(positions) == 1:
        # One table: its outline is the draft's root; it becomes one section.
        placed = [SectionDraft(title=tables.title, goals=tables.goals, sections=tables.sections)]
    else:
        placed = list(tables.sections)
    for section, position in zip(placed, positions, strict=False):
        section.line = position + 1
    prose.sections = sorted(prose.sections + placed, key=lambda section: section.line or 0)
    prose.warnings = [w for w in prose.warnings if w.template not in _NO_TASKS] + [
        w for w in tables.warnings if w.template not in (*_NO_TASKS, _NO_YEAR)
    ]
    prose.source_text += tables.source_text
    return prose
