"""
What the workbook reader knows as it goes: the sheet being read (its header,
layout and open sections), the numbered item and the rows under it, and each
goal with what it was read from.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

from ..draft import GoalDraft, SectionDraft
from ..owners import Owners
from ..tables import TableLayout
from .cells import Merges
from .safety import MAX_COLUMNS


@dataclass(slots=True)
class OpenSection:
    """An open section of a sheet and its rank (themes sit half a rank below their parent)."""

    rank: float
    section: SectionDraft
    theme: bool = False


@dataclass(slots=True)
class RowGoal:
    """A goal being read, with what it was read from."""

    goal: GoalDraft
    task: str
    target: str
    owners: Owners


@dataclass(slots=True)
class Item:
    """A numbered row and the rows under it that have no number of their own."""

    number: str  # digits ("3"), "" when the row has none
    written: str  # as written ("3", "(三)"), for the section a group becomes
    cells: list[str]
    task: str
    target: str
    row: int
    container: SectionDraft
    goals: list[RowGoal] = field(default_factory=list)


@dataclass
class SheetState:
    """What is known of the sheet being read."""

    index: int
    title: str
    root: SectionDraft
    merges: Merges | None
    layout: TableLayout | None = None
    header_row: int = 0
    header_cells: list[str] = field(default_factory=list)
    width: int = MAX_COLUMNS
    number_column: int | None = None
    inherited: tuple[int, ...] = ()
    line_columns: tuple[int, ...] = ()
    stack: list[OpenSection] = field(default_factory=list)
    item: Item | None = None
    category: str | None = None
    warned_columns: set[str] = field(default_factory=set)
    heading: str = ""  # its title row, if it has one
    kind: str = "sheet"  # or a Word document's "table", a PDF's "pdf"
    pages: list[int] = field(default_factory=list)  # a PDF table's, the page of each row
    title_rows: int = 0  # a document's paragraphs put above its table, not the table's rows

    def where(self, row: int | None = None) -> str:
        """
        Where a row is, as ``DraftWarning.where`` and ``GoalDraft.origin`` say
        it: a sheet's row as Excel numbers it, a table's as one counts its rows.
        """
        place = self.place
        if row is None:
            return place
        if self.kind == "pdf" and 0 < row <= len(self.pages):
            return f"page {self.pages[row - 1]}, {place}, row {row - self.title_rows}"
        return f"{place}, row {row - self.title_rows}"

    @functools.cached_property
    def place(self) -> str:
        """The sheet or table as warnings name it, once: a warning may be given every row."""
        if self.kind == "sheet":
            return f"sheet {self.index} ({self.title})"
        return f"table {self.index}"

    def container(self) -> SectionDraft:
        return self.stack[-1].section if self.stack else self.root
