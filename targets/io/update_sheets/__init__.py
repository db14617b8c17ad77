"""
The quarterly round trip in Excel (季度进展填报表), with no ORM and no HTTP.

``write_template`` turns plain rows (a department's goals for a quarter,
with the last report filled in) into the workbook the department fills in;
``read_updates`` reads a filled workbook back into rows, with every mistake
it can see without the database located by sheet, row and column. What
needs the database (does the goal exist, may this user report on it, is the
number valid for the indicator's unit) is ``targets.update_imports``' work.

Messages are English templates marked with ``gettext_noop`` and combined with
their parameters by the caller, in the user's language.

- ``layout``: the fill sheet's columns and rows and the hidden marker sheet, both ways;
- ``bases``: what each goal's row was based on (``row_digest``), and when a workbook was made;
- ``writer``: ``write_template`` and the template's plain rows;
- ``entries``: a filled workbook read back (``UpdateSheet``) and its mistakes;
- ``reader``: ``read_updates``, reading a filled workbook cell by cell;
- ``refusals``: the refusals of a file, in words for a person filling in our template.
"""

from .bases import row_digest
from .entries import CellError, GoalEntry, IndicatorEntry, UpdateSheet
from .layout import (
    BASE_ROW,
    COL,
    COLUMNS,
    FIRST_ROW,
    FORMAT,
    HEADER_ROW,
    META_SHEET,
    NOTE_ROW,
    TEXT_FIELDS,
    TITLE_ROW,
    VERSION,
    Column,
)
from .reader import MAX_BYTES, MAX_ROWS, MAX_TEXT, read_updates
from .writer import (
    INSTRUCTIONS,
    INSTRUCTIONS_TITLE,
    SHEET_TITLE,
    TemplateGoal,
    TemplateIndicator,
    UpdateTemplate,
    write_template,
)

__all__ = [
    "BASE_ROW",
    "COL",
    "COLUMNS",
    "FIRST_ROW",
    "FORMAT",
    "HEADER_ROW",
    "INSTRUCTIONS",
    "INSTRUCTIONS_TITLE",
    "MAX_BYTES",
    "MAX_ROWS",
    "MAX_TEXT",
    "META_SHEET",
    "NOTE_ROW",
    "SHEET_TITLE",
    "TEXT_FIELDS",
    "TITLE_ROW",
    "VERSION",
    "CellError",
    "Column",
    "GoalEntry",
    "IndicatorEntry",
    "TemplateGoal",
    "TemplateIndicator",
    "UpdateSheet",
    "UpdateTemplate",
    "read_updates",
    "row_digest",
    "write_template",
]
