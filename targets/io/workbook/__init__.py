"""
The decomposition table (任务分解表) as a spreadsheet: an .xlsx, an old .xls
or an OpenDocument .ods becomes the same plan draft a Word, PDF or text
分解方案 gives (docs/plan-draft.md).

Real tables are read as offices make them, without a template; uploads are
untrusted, and rows are many (a city's table runs to thousands). The cells
come from ``files.read_spreadsheet``, the one way spreadsheets are read.

- ``reader``: ``read_workbook``, and the pass over the rows of every sheet;
- ``rows``: what a row under the header becomes: a section, a goal, more owners;
- ``layout``: the words and shapes that tell a table's rows apart;
- ``cells``: a cell's value as text, and the merged ranges of a sheet;
- ``state``: what is known of the sheet, the section and the item being read;
- ``safety``: the limits.
"""

from ..files import check_workbook
from .layout import HEADER_SEARCH_ROWS
from .reader import read_grids, read_workbook
from .safety import MAX_BYTES, MAX_COLUMNS, MAX_ROWS

__all__ = [
    "HEADER_SEARCH_ROWS",
    "MAX_BYTES",
    "MAX_COLUMNS",
    "MAX_ROWS",
    "check_workbook",
    "read_grids",
    "read_workbook",
]
