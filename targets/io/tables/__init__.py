"""
分解方案 (decomposition plans) laid out as tables: one task a row, with columns
for its number, its text, its target (指标要求), its owners and its deadline.

A table in a workbook, a Word document or a PDF reaches ``targets.io.workbook``
as rows of cells with their merged ranges (``grids`` gathers a document's
tables for it); pasted as text it reaches the report reader as lines: a
table copied from a web page has tabs between its cells (or, as some sites
and readers give it, one cell a line), a Markdown file has "| a | b |"; a
table copied from Excel, WPS or Word with a header row it recognises goes
to ``targets.io.workbook`` as a grid (``pasted``).
This package splits a line into cells, recognises the header row by its
column words (序号, 工作任务, 指标要求, 牵头单位, 责任单位, 责任领导,
完成时限, 目标类型 …) and reads every later row by it; both readers share it,
so a table reads the same from Excel, Word, a PDF or the web. The reader decides
what a row becomes (a goal, a section, a heading line).

- ``columns``: a line split into cells, and the role of a column from its header;
- ``layout``: ``TableLayout``, a header's columns, and the rows read by it;
- ``goals``: a row's goal text and targets, and rows that are chapter headings;
- ``flattened``: tables copied from the web one cell a line, put back in rows;
- ``grids``: a Word document's or a PDF's tables gathered for the workbook reader;
- ``pasted``: a table pasted into a text (tab-separated rows) as a grid for it too;
- ``reader``: ``TableReader``, the rows of a table for the report reader.
"""

from .columns import OWNER_ROLES, column_role, split_cells
from .flattened import unflatten
from .goals import chapter_heading, goal_text, row_indicators
from .layout import TableLayout, TableRow
from .reader import TableReader

__all__ = [
    "OWNER_ROLES",
    "TableLayout",
    "TableReader",
    "TableRow",
    "chapter_heading",
    "column_role",
    "goal_text",
    "row_indicators",
    "split_cells",
    "unflatten",
]
