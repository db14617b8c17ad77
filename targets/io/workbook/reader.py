"""
``read_workbook``: one pass over the rows of every sheet, building the draft.

- Rows above the header are the title ("2023年区政府工作目标任务落实责任分解表",
  which gives the year too), "附件1" and notes. The header is found by its
  column words, spaced or wrapped or not (``tables.TableLayout``); a header
  repeated after a page break is skipped; a column nobody reads is named in
  a warning.
- Every visible sheet with a header is read; with several, each becomes a
  section named after its tab. Warnings name the sheets left out. A goal's
  and a section's ``line`` is its row on its sheet. Warnings say where they
  are: "sheet 1 (任务分解表), row 7".

Rows are many (a city's table runs to thousands), so per-row work is kept
light: cell texts, owner cells, section rows and targets are each worked out
once per distinct text, the header test stops at the first cell that is no
column word, and the cyclic garbage collector rests while the draft grows.
"""

from __future__ import annotations

import contextlib
import gc

from ..draft import GoalDraft, IndicatorDraft, PlanDraft, SectionDraft, gettext_noop
from ..files import DocumentError, Sheet, read_spreadsheet
from ..outline import inherit_owners
from ..owners import Owners
from ..preamble import TITLE_WORDS, find_year, is_furniture, plan_title, title_from_name
from ..tables import TableLayout, column_role
from ..text import Line, normalise
from .cells import CACHE_SIZE, Merges, one_line, single_text, value_text
from .layout import (
    GENERIC_SHEET,
    HEADER_SEARCH_ROWS,
    INHERITED_ROLES,
    LINE_ROLES,
    NOTE,
    SIGNATURE,
    TITLE_END,
)
from .rows import TableRows
from .safety import MAX_BYTES, MAX_COLUMNS, MAX_ROWS
from .state import SheetState

# -- refusals -------------------------------------------------------------------------------


def _too_many_rows() -> DocumentError:
    return DocumentError(
        "too_many_rows",
        "The workbook has more than %(limit)s rows, far more than a decomposition table: "
        "delete the empty rows or split it, and upload it again.",
        limit=f"{MAX_ROWS:,}",
    )


# -- reading --------------------------------------------------------------------------------


def read_workbook(
    name: str,
    data: bytes,
    *,
    year: int | None = None,
    title: str = "",
    max_bytes: int = MAX_BYTES,
) -> PlanDraft:
    """
    Read the 任务分解表 in the spreadsheet ``data`` (called ``name``: an .xlsx,
    an .xls or an .ods) into a plan draft. ``year`` and ``title`` override
    what the workbook says. A file that cannot be read safely raises
    ``DocumentError`` (``files.read_spreadsheet``'s codes, ``too_many_rows``,
    ``no_table``) and nothing else.
    """
    sheets = read_spreadsheet(
        name,
        data,
        max_rows=MAX_ROWS,
        max_columns=MAX_COLUMNS,
        too_many_rows=_too_many_rows,
        max_bytes=max_bytes,
    )
    with _collector_paused():
        return _WorkbookReader(name).read(sheets, year=year, title=title)


def read_grids(
    name: str, grids: list[Sheet], *, year: int | None = None, title: str = ""
) -> PlanDraft:
    """
    The plan draft of tables from another container (``Sheet`` grids of a
    Word document's or a PDF's tables, title paragraphs above as rows), read
    exactly as a workbook's sheets are. Raises ``DocumentError`` (``no_table``)
    when none has a header row.
    """
    with _collector_paused():
        return _WorkbookReader(name).read(grids, year=year, title=title)


@contextlib.contextmanager
def _collector_paused():
    """
    No cyclic garbage collection while the draft is built. Tens of thousands
    of goals, lists and targets (none of them in a cycle) would otherwise be
    traversed again by every full collection as they pile up, about a tenth
    of the reading time of a big table. The previous state is restored.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            _age_young_objects()
            gc.enable()


def _age_young_objects() -> None:
    """
    Move the objects made while the collector rested into its oldest
    generation without looking at them. Why: switched back on, the collector
    would at once traverse every one of them (the whole draft, a twentieth of
    the reading time of a big table) only to find them alive. In the oldest
    generation they are looked at with everything else at the next full
    collection, so nothing in a cycle is left uncollected. ``gc.freeze`` then
    ``gc.unfreeze`` does exactly that move; it is skipped when the process has
    frozen objects of its own (``unfreeze`` would release them too).
    """
    if gc.get_freeze_count() == 0:
        gc.freeze()
        gc.unfreeze()


class _WorkbookReader(TableRows):
    """One pass over the rows of every sheet, building the draft."""

    def __init__(self, name: str):
        self.name = name
        self.draft = PlanDraft()
        self.texts: dict[str, str] = {}
        self.targets: dict[str, list[IndicatorDraft]] = {}
        self.shapes: dict[tuple[str, str, str], tuple] = {}
        self.headings: dict[str, tuple[str, Owners]] = {}
        self.where: dict[int, tuple[SheetState, int]] = {}
        self.defaults: dict[int, Owners] = {}
        self.found_title = ""
        self.preamble: list[Line] = []
        self.source: list[str] = []

    def read(self, sheets: list[Sheet], *, year: int | None, title: str) -> PlanDraft:
        draft = self.draft
        read: list[SheetState] = []
        empty = 0
        for index, sheet in enumerate(sheets, start=1):
            state = SheetState(
                index,
                sheet.name,
                SectionDraft(title=sheet.name),
                merges=None,
                kind=sheet.kind,
                pages=sheet.pages,
                title_rows=sheet.title_rows,
            )
            if not sheet.visible:
                draft.warn(
                    state.where(),
                    gettext_noop("Sheet %(sheet)s (%(name)s) is hidden; it was not read."),
                    sheet=index,
                    name=sheet.name,
                )
                continue
            state.merges = Merges(sheet.merges) if sheet.merges else None
            found = self._sheet(sheet, state)
            if state.layout is not None:
                read.append(state)
            else:
                empty += not found
                draft.warn(
                    state.where(),
                    gettext_noop(
                        "Sheet %(sheet)s (%(name)s) has no table with a header row naming its "
                        "columns (序号, 工作任务, 牵头单位…); it was not read."
                    ),
                    sheet=index,
                    name=sheet.name,
                )
        if not read:
            if empty == len(sheets):
                raise DocumentError("empty", "The workbook is empty.")
            raise DocumentError(
                "no_table",
                "No sheet of this workbook has a table with a header row naming its columns "
                "(序号, 工作任务, 牵头单位…).",
            )
        self._place(read)
        where = self.where
        for goal in draft.all_goals():  # as ``_where`` says it, without a call a goal
            state, row = where.get(id(goal), (None, None))
            goal.origin = state.where(row) if state is not None else ""
        # Goals that name no unit take the units written on their section's heading row.
        inherit_owners(draft.sections, Owners(), self.defaults)
        draft.title = title or plan_title(self.found_title) or title_from_name(self.name)
        draft.year = year or find_year(draft.title, self.preamble, self.name)
        if draft.year is None:
            draft.warn(
                None,
                gettext_noop("The year of the plan could not be found; set it before applying."),
            )
        draft.source_text = "\n".join(self.source) + "\n"
        self._check()
        return draft

    # -- a sheet ------------------------------------------------------------------------

    def _sheet(self, sheet: Sheet, state: SheetState) -> bool:
        """Read one sheet; whether it had anything in it."""
        found = False
        self.source.append(f"[{state.title}]")
        for number, values in enumerate(sheet.rows, start=1):
            cells = self._cells(values[: state.width])
            if any(cells):  # the source as written: merged ranges once, one line a row
                self.source.append("\t".join(cells).replace("\n", " ").rstrip("\t"))
            if state.merges is not None:
                state.merges.fill(number, cells)
            if not any(cells):
                continue
            found = True
            if state.layout is None:
                if number > HEADER_SEARCH_ROWS:
                    break
                self._above_header(state, number, cells)
            else:
                self._row(state, number, cells)
        self._end_item(state)
        return found

    def _cells(self, values) -> list[str]:
        """The row's cells as clean text ("" when empty), each distinct text cleaned once."""
        known = self.texts.get
        # One pass in a comprehension for what is known; the texts seen first are cleaned after.
        cells = [
            known(value)
            if value.__class__ is str
            else ""
            if value is None
            # A 序号 as a number (a float from the cells' reader, an int from a document's):
            # as value_text reads it, for less.
            else str(int(value))
            if (value.__class__ is float and value.is_integer()) or value.__class__ is int
            else value_text(value)
            for value in values
        ]
        if None in cells:
            for index, cell in enumerate(cells):
                if cell is None:
                    cells[index] = self._clean(values[index])
        return cells

    def _clean(self, value: str) -> str:
        text = normalise(value).replace("\r\n", "\n").replace("\r", "\n").strip()
        if len(self.texts) < CACHE_SIZE:
            self.texts[value] = text
        return text

    def _above_header(self, state: SheetState, number: int, cells: list[str]) -> None:
        layout = TableLayout.from_header(cells)
        if layout is not None:
            self._header(state, number, cells, layout)
            return
        text = single_text(cells)
        if text is None:
            return
        text = one_line(text)
        self.preamble.append(Line(number, text))
        if (
            not state.heading
            and len(text) <= 80
            and not is_furniture(text)
            and not NOTE.match(text)
            and not SIGNATURE.match(text)
            and (any(word in text for word in TITLE_WORDS) or TITLE_END.search(text))
        ):
            state.heading = text
            self.found_title = self.found_title or text

    def _header(
        self, state: SheetState, number: int, cells: list[str], layout: TableLayout
    ) -> None:
        state.header_row, state.header_cells = number, cells
        if state.layout is not None and layout.roles == state.layout.roles:
            return  # the header again, after a page break: the layout (and what it read) stays
        state.layout = layout
        self._end_item(state)
        roles = layout.roles
        state.width = max(i for i, role in enumerate(roles) if role or layout.labels[i]) + 1
        state.number_column = roles.index("number") if "number" in roles else None
        state.inherited = tuple(i for i, role in enumerate(roles) if role in INHERITED_ROLES)
        state.line_columns = tuple(i for i, role in enumerate(roles) if role in LINE_ROLES)
        for _, label in layout.unknown_columns():
            if label not in state.warned_columns:
                state.warned_columns.add(label)
                self.draft.warn(
                    state.where(number),
                    gettext_noop("Column “%(column)s” is not one Luoshi reads; it was left out."),
                    column=label,
                )

    def _row(self, state: SheetState, number: int, cells: list[str]) -> None:
        column = state.number_column
        if column is None or not cells[column][:1].isdigit():  # a 序号 is no header word
            layout = TableLayout.from_header(cells)
            if layout is not None:
                self._header(state, number, cells, layout)
                return
        if number == state.header_row + 1 and self._header_goes_on(state, number, cells):
            return
        text = single_text(cells)
        if text is not None and self._single(state, number, cells, text):
            return
        width = len(cells)
        for index in state.line_columns:
            if index < width:
                cell = cells[index]
                # ``one_line``'s own test, asked here: it leaves most cells as they are.
                if "\n" in cell or "  " in cell or "\t" in cell:
                    cells[index] = one_line(cell)
        self._data(state, number, cells)

    def _header_goes_on(self, state: SheetState, number: int, cells: list[str]) -> bool:
        """A header over two rows ("责任单位" above "牵头单位 | 配合单位"), not merged."""
        if not all(column_role(cell) for cell in cells if cell):
            return False  # not all column words
        combined = [low or high for high, low in zip(state.header_cells, cells, strict=False)]
        layout = TableLayout.from_header(combined)
        if layout is None:
            return False
        state.layout = None  # read the combined header as a new one
        state.warned_columns.clear()
        self._header(state, number, combined, layout)
        return True

    # -- the end --------------------------------------------------------------------------

    def _place(self, sheets: list[SheetState]) -> None:
        """One sheet's outline is the draft's; several sheets are a section each."""
        draft = self.draft
        if len(sheets) == 1:
            draft.goals, draft.sections = sheets[0].root.goals, sheets[0].root.sections
            return
        for state in sheets:
            if (GENERIC_SHEET.match(state.title) or not state.title) and state.heading:
                state.root.title = state.heading
            elif not state.title:
                state.root.title = f"表{state.index}"  # a document's table, as it would say it
            state.root.line = state.header_row
            draft.sections.append(state.root)

    def _where(self, goal: GoalDraft) -> str:
        state, row = self.where.get(id(goal), (None, None))
        return state.where(row) if state is not None else ""

    def _check(self) -> None:
        """Warn of no tasks at all, of goals without a lead department, of repeated tasks."""
        draft = self.draft
        goals = draft.all_goals()
        if not goals:
            draft.warn(None, gettext_noop("No tasks were found in the workbook."))
        named = any(goal.lead_departments for goal in goals)
        if goals and not named:
            draft.warn(
                None,
                gettext_noop(
                    "The document names no owners; assign lead departments in the preview "
                    "before confirming."
                ),
            )
        seen: dict[str, GoalDraft] = {}
        for goal in goals:
            if named and not goal.lead_departments:
                draft.warn(
                    goal.origin,  # ``_where(goal)``, worked out already
                    gettext_noop("No lead department for “%(goal)s”."),
                    goal=goal.title,
                )
            first = seen.setdefault(goal.text, goal)
            if first is not goal:
                state, row = self.where.get(id(first), (None, None))
                draft.warn(
                    goal.origin,  # ``_where(goal)``, worked out already
                    gettext_noop("This task repeats the one in sheet %(sheet)s, row %(row)s."),
                    sheet=state.index if state else "",
                    row=row or "",
                )
