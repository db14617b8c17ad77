"""
The layout of the fill-in workbook, shared by its writer and its reader:
the fill sheet has one row per goal and, below it, one row per indicator, so
exactly one value can be typed per indicator with its unit beside it. A
hidden column holds each indicator's id and a very hidden sheet (``_luoshi``)
the plan, year, quarter and department, so the upload matches rows by
identifiers, not by what a person may have retyped.

Since version 2 the hidden sheet also says which download the workbook is (a
token), when it was made, and, from ``BASE_ROW`` down, what each goal's row
was based on (a digest of the values it showed), so an old workbook never
overwrites what was changed in Luoshi after it was downloaded.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..draft import gettext_noop

FORMAT = "luoshi-quarterly-update"
VERSION = 2
META_SHEET = "_luoshi"
TITLE_ROW, NOTE_ROW, HEADER_ROW, FIRST_ROW = 1, 2, 3, 4
# The hidden sheet: key/value pairs from row 1 (20 rows are read), then the table of
# what each goal's row was based on, its header at BASE_ROW: (goal code, digest) a row.
META_ROWS = 20
BASE_ROW = META_ROWS + 1


@dataclass(frozen=True)
class Column:
    """One column of the fill sheet: ``fill`` says on which rows it is typed in."""

    key: str
    letter: str
    header: str
    width: float
    fill: str = ""  # "goal", "indicator" or "" (a grey key column)


# Widths in Excel's units, 156 in all: the sheet prints one page wide at 70 % or more
# (``xlsx_layout.pages_wide``), long text wrapping in rows as high as it needs.
COLUMNS = (
    Column("code", "A", gettext_noop("Goal code"), 9),
    Column("title", "B", gettext_noop("Goal / indicator"), 30),
    Column("status", "C", gettext_noop("Status"), 10, "goal"),
    Column("percent", "D", gettext_noop("Percent complete (%)"), 8, "goal"),
    Column("value", "E", gettext_noop("Actual value (cumulative)"), 10, "indicator"),
    Column("unit", "F", gettext_noop("Unit"), 7),
    Column("target", "G", gettext_noop("Target / deadline"), 12),
    Column("progress", "H", gettext_noop("Progress"), 36, "goal"),
    Column("problems", "I", gettext_noop("Problems"), 18, "goal"),
    Column("next_steps", "J", gettext_noop("Next steps"), 16, "goal"),
    Column("indicator_id", "K", gettext_noop("Indicator number"), 8),  # hidden
)
COL = {column.key: column for column in COLUMNS}
TEXT_FIELDS = ("progress", "problems", "next_steps")
