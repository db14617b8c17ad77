"""
The decomposition table (任务分解表) as an Excel workbook: an .xlsx becomes
the same plan draft a Word or text 分解方案 gives (docs/plan-draft.md).

Real tables are read as offices make them, without a template:

- Rows above the header are the title ("2023年区政府工作目标任务落实责任分解表",
  which gives the year too), "附件1" and notes. The header is found by its
  column words, spaced or wrapped or not (``tables.TableLayout``); a header
  repeated after a page break is skipped; a column nobody reads is named in
  a warning.
- A merged range counts as filled with its top-left value (read-only
  openpyxl gives the other cells empty, so the ranges are read from the
  sheet's XML). Under a numbered item, a row without a 序号 is a goal of its
  own under that item and keeps its number (applied, the goals are coded
  2.3, 2.3'); its empty 序号, owner, deadline and type cells mean "same as
  above". A row that repeats its item's task and target only names more
  owners for the same goal. An item row with no owner, target or deadline
  whose sub-rows name tasks of their own is a group ("4 | 办好民生实事"): it
  becomes a section holding them.
- A row spanning the table ("一、主要经济社会发展指标(牵头领导:成坤、柯相国)") or
  a chapter row ("二 | 重点工作任务") opens a section with its leaders; the
  units it names are the default of goals under it that name none. An
  unnumbered spanning row is a theme under the open section, and so is each
  value of a field column (领域). Notes (注:…), footnotes and signatures are
  left out; any other spanning text is left out with a warning.
- A target column (指标要求) stays in the goal's text (``tables.goal_text``:
  joined when it reads on from a short task, "地区生产总值增长6%左右", else in
  brackets under its column's name, "推进重大项目建设(指标要求:新开工项目50个)").
  The goal's targets are the target cell's when it names any, else the
  task's (``tables.row_indicators``), found by the report's extractor.
- Every visible sheet with a header is read; with several, each becomes a
  section named after its tab. Warnings name the sheets left out. A goal's
  and a section's ``line`` is its row on its sheet.

Uploads are untrusted: before openpyxl parses anything, a file is refused
with one ``DocumentError`` unless it is a real, plain .xlsx (not an old
binary .xls/.et, no macros, no zip bomb, no XML declaring entities), and
rows past ``MAX_ROWS`` are refused as the dimension declares them and as
they are read. Warnings say where they are: "sheet 1 (任务分解表), row 7".

Rows are many (a city's table runs to thousands), so per-row work is kept
light: cell texts, owner cells, section rows and targets are each worked out
once per distinct text, the header test stops at the first cell that is no
column word, and the cyclic garbage collector rests while the draft grows.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import io
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime, time
from types import SimpleNamespace

from defusedxml import DefusedXmlException
from openpyxl import load_workbook
from openpyxl.utils.cell import column_index_from_string

from .draft import GoalDraft, IndicatorDraft, PlanDraft, SectionDraft, gettext_noop
from .files import WORKBOOK_PACKAGE, DocumentError, check_workbook, not_xlsx, xml_declarations
from .indicators import CHINESE_QUANTITY_RE, extract_indicators
from .numbering import CHAPTER_LINE, RANKS, match_heading, match_item, number_value
from .owners import Owners, find_inline_owners
from .preamble import TITLE_WORDS, find_year, is_furniture, title_from_name
from .report import short_title
from .tables import TableLayout, chapter_heading, column_role, goal_text, row_indicators
from .text import Line, collapse_spaces, normalise

MAX_BYTES = 10 * 1024 * 1024
# A district's table has hundreds of rows, a city's a few thousand.
MAX_ROWS = 50_000
# Cells right of this are never read: a stray cell in column XFD must not make
# every row sixteen thousand cells wide.
MAX_COLUMNS = 60
# A header further down than this is no header: the sheet holds something else.
HEADER_SEARCH_ROWS = 100
MAX_MERGES = 20_000

# Distinct cell texts remembered per workbook (cleaned text, targets).
_CACHE_SIZE = 50_000

# Column roles whose empty cell under an item means "same as above".
_INHERITED_ROLES = frozenset(
    {"number", "lead", "resp", "co", "leaders", "deadline", "type", "category"}
)
# Roles whose cells are text to read as one line (owner cells keep their line
# breaks: they separate names).
_LINE_ROLES = frozenset({"number", "text", "target", "type", "category"})

# Notes above or under a table, and the signatures and dates under it.
_NOTE = re.compile(r"^\(?\s*(?:注|备注|说明|附注|注释|填表说明|填报说明)\s*\d*\s*[:.、)]")
_SIGNATURE = re.compile(
    r"^(?:填报单位|填报人|填报日期|填报时间|填表人|填表日期|制表人|制表单位|制表|审核人|审核"
    r"|签发人|联系人|联系电话|负责人|单位负责人|主要负责人|分管负责人|日期|单位)\s*:"
)
_TITLE_END = re.compile(r"(?:表|清单|方案|计划|台账|要点)$")
_KEY_MARKS = "★☆"
# Whether a task may hold an owner annotation: a bracket ("(区发改局牵头)") or a
# label ("…。牵头单位:区发改局"); ``owners.find_inline_owners`` finds none without.
_MAY_ANNOTATE = re.compile(
    r"[(\[【〔]|牵头|配合|协办|主责|主办|承办|参与|协同|协作|协助|责任|领导|时限|时间|期限"
)
_DIGIT = re.compile(r"\d")
_SUB_NUMBER = re.compile(r"^(\d{1,3})[.-](\d{1,3})$")
_NEEDS_ONE_LINE = re.compile(r"[\n\t]|\s\s")
_HAS_WORDS = re.compile(r"[\u4e00-\u9fffA-Za-z]")
_MERGE_REF = re.compile(
    rb"<(?:[A-Za-z_][\w.-]*:)?mergeCell\b[^>]*?\bref=\"([A-Z]{1,3})(\d{1,7})"
    rb"(?::([A-Z]{1,3})(\d{1,7}))?\""
)
_GENERIC_SHEET = re.compile(r"^(?:sheet|工作表)\s*\d*$", re.IGNORECASE)


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
    Read the 任务分解表 in the workbook ``data`` (called ``name``) into a plan
    draft. ``year`` and ``title`` override what the workbook says. A file that
    cannot be read safely raises ``DocumentError`` (``too_large``, ``empty``,
    ``macro``, ``old_excel``, ``not_xlsx``, ``unsafe``, ``too_many_rows``,
    ``no_table``) and nothing else.
    """
    check_workbook(name, data, max_bytes=max_bytes)
    workbook = _guarded(lambda: load_workbook(io.BytesIO(data), read_only=True, data_only=True))
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive, _collector_paused():
            reader = _WorkbookReader(name, archive)
            return reader.read(workbook, year=year, title=title)
    finally:
        workbook.close()


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
            gc.enable()


@dataclass(slots=True)
class _Open:
    """An open section of a sheet and its rank (themes sit half a rank below their parent)."""

    rank: float
    section: SectionDraft
    theme: bool = False


@dataclass(slots=True)
class _Goal:
    """A goal being read, with what it was read from."""

    goal: GoalDraft
    task: str
    target: str
    owners: Owners


@dataclass(slots=True)
class _Item:
    """A numbered row and the rows under it that have no number of their own."""

    number: str  # digits ("3"), "" when the row has none
    written: str  # as written ("3", "(三)"), for the section a group becomes
    cells: list[str]
    task: str
    target: str
    row: int
    container: SectionDraft
    goals: list[_Goal] = field(default_factory=list)


@dataclass
class _Sheet:
    """What is known of the sheet being read."""

    index: int
    title: str
    root: SectionDraft
    merges: _Merges | None
    layout: TableLayout | None = None
    header_row: int = 0
    header_cells: list[str] = field(default_factory=list)
    width: int = MAX_COLUMNS
    number_column: int | None = None
    inherited: tuple[int, ...] = ()
    line_columns: tuple[int, ...] = ()
    stack: list[_Open] = field(default_factory=list)
    item: _Item | None = None
    category: str | None = None
    warned_columns: set[str] = field(default_factory=set)
    heading: str = ""  # its title row, if it has one

    def where(self, row: int | None = None) -> str:
        place = f"sheet {self.index} ({self.title})"
        return place if row is None else f"{place}, row {row}"

    def container(self) -> SectionDraft:
        return self.stack[-1].section if self.stack else self.root


class _WorkbookReader:
    """One pass over the rows of every sheet, building the draft."""

    def __init__(self, name: str, archive: zipfile.ZipFile):
        self.name = name
        self.archive = archive
        self.draft = PlanDraft()
        self.texts: dict[str, str] = {}
        self.targets: dict[str, list[IndicatorDraft]] = {}
        self.headings: dict[str, tuple[str, Owners]] = {}
        self.where: dict[int, tuple[_Sheet, int]] = {}
        self.defaults: dict[int, Owners] = {}
        self.rows_read = 0
        self.found_title = ""
        self.preamble: list[Line] = []
        self.source: list[str] = []

    def read(self, workbook, *, year: int | None, title: str) -> PlanDraft:
        draft = self.draft
        sheets = _guarded(lambda: list(workbook.worksheets))
        visible = [s for s in sheets if s.sheet_state == "visible"]
        if sum(s.max_row or 0 for s in visible) > MAX_ROWS:
            raise _too_many_rows()  # as the sheets' dimensions declare them
        read: list[_Sheet] = []
        empty = 0
        for index, sheet in enumerate(sheets, start=1):
            state = _Sheet(index, sheet.title, SectionDraft(title=sheet.title), merges=None)
            if sheet.sheet_state != "visible":
                draft.warn(
                    state.where(),
                    gettext_noop("Sheet %(sheet)s (%(name)s) is hidden; it was not read."),
                    sheet=index,
                    name=sheet.title,
                )
                continue
            path = getattr(sheet, "_worksheet_path", None)  # openpyxl's name of the sheet's part
            state.merges = _guarded(lambda path=path: _Merges.of(self.archive, path))
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
                    name=sheet.title,
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
        self._inherit(draft.sections, Owners())
        draft.title = title or self.found_title or title_from_name(self.name)
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

    def _sheet(self, sheet, state: _Sheet) -> bool:
        """Read one sheet; whether it had anything in it."""
        found = False
        self.source.append(f"[{state.title}]")
        for number, values in enumerate(_rows(sheet), start=1):
            self.rows_read += 1
            if self.rows_read > MAX_ROWS:
                raise _too_many_rows()  # the dimension said less: count what is there
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
        texts = self.texts
        cells = []
        for value in values:
            if value is None:
                cells.append("")
            elif value.__class__ is str:
                text = texts.get(value)
                if text is None:
                    text = normalise(value).replace("\r\n", "\n").replace("\r", "\n").strip()
                    if len(texts) < _CACHE_SIZE:
                        texts[value] = text
                cells.append(text)
            else:
                cells.append(_value_text(value))
        return cells

    def _above_header(self, state: _Sheet, number: int, cells: list[str]) -> None:
        layout = TableLayout.from_header(cells)
        if layout is not None:
            self._header(state, number, cells, layout)
            return
        text = _single_text(cells)
        if text is None:
            return
        text = _one_line(text)
        self.preamble.append(Line(number, text))
        if (
            not state.heading
            and len(text) <= 80
            and not is_furniture(text)
            and not _NOTE.match(text)
            and not _SIGNATURE.match(text)
            and (any(word in text for word in TITLE_WORDS) or _TITLE_END.search(text))
        ):
            state.heading = text
            self.found_title = self.found_title or text

    def _header(self, state: _Sheet, number: int, cells: list[str], layout: TableLayout) -> None:
        state.header_row, state.header_cells = number, cells
        if state.layout is not None and layout.roles == state.layout.roles:
            return  # the header again, after a page break: the layout (and what it read) stays
        state.layout = layout
        self._end_item(state)
        roles = layout.roles
        state.width = max(i for i, role in enumerate(roles) if role or layout.labels[i]) + 1
        state.number_column = roles.index("number") if "number" in roles else None
        state.inherited = tuple(i for i, role in enumerate(roles) if role in _INHERITED_ROLES)
        state.line_columns = tuple(i for i, role in enumerate(roles) if role in _LINE_ROLES)
        for _, label in layout.unknown_columns():
            if label not in state.warned_columns:
                state.warned_columns.add(label)
                self.draft.warn(
                    state.where(number),
                    gettext_noop("Column “%(column)s” is not one Luoshi reads; it was left out."),
                    column=label,
                )

    def _row(self, state: _Sheet, number: int, cells: list[str]) -> None:
        column = state.number_column
        if column is None or not cells[column][:1].isdigit():  # a 序号 is no header word
            layout = TableLayout.from_header(cells)
            if layout is not None:
                self._header(state, number, cells, layout)
                return
        if number == state.header_row + 1 and self._header_goes_on(state, number, cells):
            return
        text = _single_text(cells)
        if text is not None and self._single(state, number, cells, text):
            return
        for index in state.line_columns:
            if index < len(cells) and _NEEDS_ONE_LINE.search(cells[index]):
                cells[index] = _one_line(cells[index])
        self._data(state, number, cells)

    def _header_goes_on(self, state: _Sheet, number: int, cells: list[str]) -> bool:
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

    def _single(self, state: _Sheet, number: int, cells: list[str], text: str) -> bool:
        """
        A row with one text in it: a note, a signature, a heading (spanning the
        table or written in front of the task column) or a task without owners.
        Whether it was dealt with here.
        """
        line = _one_line(text)
        if _NOTE.match(line) or _SIGNATURE.match(line) or is_furniture(line):
            return True
        if line in (state.heading, self.found_title) or not _HAS_WORDS.search(line):
            return True  # the title again over the next page, or a number with nothing to it
        first_text = state.layout.roles.index("text")
        spans = sum(1 for cell in cells if cell) > 1 or cells.index(text) < first_text
        heading = _heading(line)
        if heading is not None and (spans or heading[1] <= RANKS["paren"]):
            number_as_written, rank, rest = heading
            self._open_section(state, number, number_as_written, rank, rest)
            return True
        if not spans:
            return False  # a task alone in its column: a goal with no owners of its own
        if len(line) <= 40 and not line.endswith("。") and not self._indicators(line):
            self._open_section(state, number, "", None, line)
            return True
        self.draft.warn(
            state.where(number),
            gettext_noop(
                "This row spans the table but is neither a heading nor a task; it was left out."
            ),
        )
        return True

    def _open_section(
        self, state: _Sheet, number: int, written: str, rank: float | None, rest: str
    ) -> SectionDraft:
        """A section from a heading row; ``rank`` None for a theme (a heading without number)."""
        self._end_item(state)
        found = self.headings.get(rest)
        if found is None:
            title, owners = find_inline_owners(rest)
            found = self.headings[rest] = (collapse_spaces(title).rstrip("。:;,"), owners)
        title, owners = found
        stack = state.stack
        while stack and stack[-1].theme:
            stack.pop()
        if rank is None:
            rank = (stack[-1].rank if stack else 0) + 0.5
            theme = True
        else:
            while stack and stack[-1].rank >= rank:
                stack.pop()
            theme = False
        section = SectionDraft(
            title=title or written, number=written, leaders=list(owners.leaders), line=number
        )
        state.container().sections.append(section)
        stack.append(_Open(rank, section, theme))
        self.defaults[id(section)] = Owners(
            lead=owners.lead, co=owners.co, deadline=owners.deadline
        )
        state.category = None
        return section

    # -- rows of the table ----------------------------------------------------------------

    def _data(self, state: _Sheet, number: int, cells: list[str]) -> None:
        layout = state.layout
        written, key = "", False
        if state.number_column is not None and state.number_column < len(cells):
            written = cells[state.number_column]
            if written and (written[0] in _KEY_MARKS or written[-1] in _KEY_MARKS):
                key, written = True, written.strip(_KEY_MARKS + " ")
        digits = _digits(written)
        sub = _SUB_NUMBER.match(written)
        if sub:
            digits = sub.group(1)  # "3.2": a task of item 3
        item = state.item
        if item is not None and (
            (written and (written == item.written or (sub and digits == item.number)))
            or (
                not written
                and (item.number or _task(layout, cells) in ("", _task(layout, item.cells)))
            )
        ):
            self._under_item(state, item, number, cells, key)
            return
        self._end_item(state)
        row = layout.read(cells)
        heading = chapter_heading(row)
        if heading is not None:
            found = _heading(heading)
            if found is not None:
                self._open_section(state, number, found[0], found[1], found[2])
                return
        if row.category and row.category != state.category:
            self._open_section(state, number, "", None, row.category)
            state.category = row.category
        item = _Item(
            number=digits,
            written=written,
            cells=cells,
            task=row.text,
            target=row.target,
            row=number,
            container=state.container(),
        )
        state.item = item
        self._add(state, item, number, row.text, row.target, row.owners, row.kind, key)

    def _under_item(
        self, state: _Sheet, item: _Item, number: int, cells: list[str], key: bool
    ) -> None:
        """A row under an item: a goal of its own, or more owners for the item's last goal."""
        for index in state.inherited:
            if index < len(cells) and not cells[index] and index < len(item.cells):
                cells[index] = item.cells[index]  # "same as above"
        row = state.layout.read(cells)
        last = item.goals[-1] if item.goals else None
        task = row.text or item.task
        if last is not None and (
            (not row.text and not row.target) or (task, row.target) == (last.task, last.target)
        ):
            if row.owners != last.owners:
                last.owners = _union(last.owners, row.owners)
                _apply_owners(last.goal, last.owners)
            return
        self._add(state, item, number, task, row.target, row.owners, row.kind, key)

    def _add(
        self,
        state: _Sheet,
        item: _Item,
        number: int,
        task: str,
        target: str,
        owners: Owners,
        kind: str,
        key: bool,
    ) -> None:
        goal = self._goal(state, number, task, target, owners, kind, key, item.number)
        if goal is not None:
            item.container.goals.append(goal.goal)
            item.goals.append(goal)
            self.where[id(goal.goal)] = (state, number)

    def _goal(
        self,
        state: _Sheet,
        number: int,
        task: str,
        target: str,
        owners: Owners,
        kind: str,
        key: bool,
        digits: str,
    ) -> _Goal | None:
        raw_task = task
        if task and _MAY_ANNOTATE.search(task):
            task, inline = find_inline_owners(task)
            task = collapse_spaces(task)
            if not inline.is_empty:
                owners = owners.merge(inline)  # the columns first, the annotation fills gaps
        if task and (task[0] in _KEY_MARKS or task[-1] in _KEY_MARKS):
            key, task = True, task.strip(_KEY_MARKS + " ")
        text = goal_text(task, target, state.layout.target_label)
        if not text or not _HAS_WORDS.search(text):
            return None
        goal = GoalDraft(text=text, number=digits, category=kind, line=number)
        goal.indicators = row_indicators(task, target, text, self._indicators)
        if key:
            goal.flags.append("key")
        _apply_owners(goal, owners)
        goal.title = short_title(SimpleNamespace(text=task or text, indicators=goal.indicators))
        return _Goal(goal, raw_task, target, owners)

    def _indicators(self, text: str) -> list[IndicatorDraft]:
        """
        The report's extractor, once per distinct text (later goals get copies);
        a text with no digit and no count in Chinese numerals ("新建两所") is not
        handed to it, since it finds no quantity there.
        """
        found = self.targets.get(text)
        if found is not None:
            return [_copy(indicator) for indicator in found]
        if _DIGIT.search(text) or CHINESE_QUANTITY_RE.search(text):
            found = extract_indicators(text)
        else:
            found = []
        if len(self.targets) < _CACHE_SIZE:
            self.targets[text] = found
        return list(found)

    def _end_item(self, state: _Sheet) -> None:
        """
        Close the item being read. An item row that names no owners, no target
        and no deadline, above rows with tasks of their own, is a group: it
        becomes a section ("3 | 办好十件民生实事" over its ten tasks).
        """
        item, state.item = state.item, None
        if item is None or len(item.goals) < 2:
            return
        head, rest = item.goals[0], item.goals[1:]
        goal = head.goal
        if (
            head.task != item.task
            or item.target
            or goal.indicators
            or goal.lead_departments
            or goal.co_departments
            or goal.leaders
            or goal.deadline
            or not any(sub.task != item.task for sub in rest)
        ):
            return
        container = item.container
        del container.goals[-len(item.goals) :]  # the item's goals came last
        # A bare 序号 is shown as an item number is ("4." then the title).
        number = item.written + "." if item.written.isdigit() else item.written
        section = SectionDraft(title=goal.text, number=number, line=item.row)
        for sub in rest:
            sub.goal.number = ""
            section.goals.append(sub.goal)
        container.sections.append(section)
        self.where.pop(id(goal), None)

    # -- the end --------------------------------------------------------------------------

    def _place(self, sheets: list[_Sheet]) -> None:
        """One sheet's outline is the draft's; several sheets are a section each."""
        draft = self.draft
        if len(sheets) == 1:
            draft.goals, draft.sections = sheets[0].root.goals, sheets[0].root.sections
            return
        for state in sheets:
            if _GENERIC_SHEET.match(state.title) and state.heading:
                state.root.title = state.heading
            state.root.line = state.header_row
            draft.sections.append(state.root)

    def _inherit(self, sections: list[SectionDraft], inherited: Owners) -> None:
        """Goals that name no unit take the units written on their section's heading row."""
        for section in sections:
            own = self.defaults.get(id(section), Owners())
            units = own if (own.lead or own.co) else inherited
            scope = Owners(
                lead=units.lead, co=units.co, deadline=own.deadline or inherited.deadline
            )
            for goal in section.goals:
                if not goal.lead_departments and not goal.co_departments:
                    goal.lead_departments, goal.co_departments = list(scope.lead), list(scope.co)
                goal.deadline = goal.deadline or scope.deadline
            self._inherit(section.sections, scope)

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
                    self._where(goal),
                    gettext_noop("No lead department for “%(goal)s”."),
                    goal=goal.title,
                )
            first = seen.setdefault(goal.text, goal)
            if first is not goal:
                state, row = self.where.get(id(first), (None, None))
                draft.warn(
                    self._where(goal),
                    gettext_noop("This task repeats the one in sheet %(sheet)s, row %(row)s."),
                    sheet=state.index if state else "",
                    row=row or "",
                )


# -- helpers --------------------------------------------------------------------------------


def _rows(sheet):
    """
    The sheet's rows as tuples of values, every row however the sheet's
    dimension is declared (it can be wrong), at most ``MAX_COLUMNS`` wide.
    openpyxl parses as it goes, so a damaged sheet fails here.
    """
    sheet.reset_dimensions()
    rows = sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True)
    while True:
        try:
            values = next(rows)
        except StopIteration:
            return
        except Exception as exc:
            raise _failure(exc) from exc
        yield values


def _guarded(function):
    """What openpyxl gives, its failures on a damaged workbook as one ``DocumentError``."""
    try:
        return function()
    except DocumentError:
        raise
    except Exception as exc:
        raise _failure(exc) from exc


def _failure(exc: BaseException) -> DocumentError:
    """
    What openpyxl's failure means to the person uploading: defusedxml
    refusing an entity ("unsafe", wrapped in a ValueError as openpyxl
    reports it), or else a damaged workbook ("not_xlsx": openpyxl and the
    parsers under it raise many kinds).
    """
    seen = exc
    for _ in range(10):
        if seen is None:
            break
        if isinstance(seen, DefusedXmlException):
            return xml_declarations(WORKBOOK_PACKAGE)
        seen = seen.__cause__ or seen.__context__
    return not_xlsx()


class _Merges:
    """
    The merged ranges of a sheet, read from its XML (read-only openpyxl does
    not give them), filling each covered cell with the range's top-left value
    as the rows go by.
    """

    def __init__(self, ranges: list[tuple[int, int, int, int]]):
        self.waiting = sorted(ranges, reverse=True)  # by first row, the next one last
        self.active: list[list] = []

    @classmethod
    def of(cls, archive: zipfile.ZipFile, path: str | None) -> _Merges | None:
        if not path:
            return None
        ranges = _merged_ranges(archive, path.lstrip("/"))
        return cls(ranges) if ranges else None

    def fill(self, row: int, cells: list[str]) -> None:
        waiting = self.waiting
        while waiting and waiting[-1][0] <= row:
            _, first_col, last_row, last_col = waiting.pop()
            if last_row >= row:
                anchor = cells[first_col - 1] if first_col <= len(cells) else ""
                self.active.append([last_row, first_col, last_col, anchor])
        if not self.active:
            return
        width = len(cells)
        still = []
        for entry in self.active:
            last_row, first_col, last_col, anchor = entry
            if last_row < row:
                continue
            still.append(entry)
            for index in range(first_col - 1, min(last_col, width)):
                if not cells[index]:
                    cells[index] = anchor
        self.active = still


def _merged_ranges(archive: zipfile.ZipFile, path: str) -> list[tuple[int, int, int, int]]:
    """(first row, first column, last row, last column) of each merged range of a sheet part."""
    try:
        info = archive.getinfo(path)
    except KeyError:
        return []
    found: bytearray | None = None
    tail = b""
    with archive.open(info) as stream:
        while chunk := stream.read(1024 * 1024):
            if found is None:
                window = tail + chunk
                at = window.find(b"mergeCell")
                if at < 0:
                    tail = window[-64:]
                    continue
                found = bytearray(window[max(at - 64, 0) :])
            else:
                found += chunk
            if len(found) > 64 * MAX_MERGES:
                break
    ranges = []
    for match in _MERGE_REF.finditer(found or b""):
        if len(ranges) >= MAX_MERGES:
            break
        if not match.group(3):
            continue
        first_col = column_index_from_string(match.group(1).decode())
        last_col = min(column_index_from_string(match.group(3).decode()), MAX_COLUMNS)
        first_row, last_row = int(match.group(2)), int(match.group(4))
        if first_col <= MAX_COLUMNS and (first_row, first_col) != (last_row, last_col):
            ranges.append((first_row, first_col, max(last_row, first_row), last_col))
    return ranges


def _value_text(value) -> str:
    """A cell that is not text, as a person reads it: 3 not 3.0, a date as 2023年6月30日."""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else format(value, ".12g")
    if isinstance(value, datetime):
        return f"{value.year}年{value.month}月{value.day}日"
    if isinstance(value, date):
        return f"{value.year}年{value.month}月{value.day}日"
    if isinstance(value, time):
        return value.strftime("%H:%M")
    return str(value).strip()


def _one_line(text: str) -> str:
    """A cell's lines as one ("目标任务" wrapped in its cell, a task over two lines)."""
    if "\n" in text or "  " in text or "\t" in text:
        return collapse_spaces(text.replace("\n", " ").replace("\t", " "))
    return text


def _single_text(cells: list[str]) -> str | None:
    """The one text of a row that has one (in one cell, or the same in several), else None."""
    found = None
    for cell in cells:
        if cell:
            if found is None:
                found = cell
            elif cell != found:
                return None
    return found


def _heading(text: str) -> tuple[str, float, str] | None:
    """(number as written, rank, rest) of a heading ("一、…", "(二)…", "第一部分…")."""
    numbered = match_heading(text)
    if numbered is not None and numbered.rest.strip():
        return numbered.number, RANKS.get(numbered.style, RANKS["paren"] + 0.5), numbered.rest
    numbered = match_item(text)
    if numbered is not None and numbered.style != "bullet" and numbered.rest.strip():
        return numbered.number, RANKS[numbered.style], numbered.rest
    if CHAPTER_LINE.match(text):
        return "", RANKS["chapter"], text
    return None


@functools.lru_cache(maxsize=256)
def _digits(number: str) -> str:
    if number.isdigit():
        return str(int(number))
    value = number_value(number) if number else None
    return "" if value is None else str(value)


def _task(layout: TableLayout, cells: list[str]) -> str:
    """The text of a row's task cell (the first text column)."""
    index = layout.roles.index("text")
    return cells[index] if index < len(cells) else ""


def _copy(indicator: IndicatorDraft) -> IndicatorDraft:
    return IndicatorDraft(
        name=indicator.name,
        phrase=indicator.phrase,
        value=indicator.value,
        unit=indicator.unit,
        comparator=indicator.comparator,
        value_max=indicator.value_max,
    )


def _apply_owners(goal: GoalDraft, owners: Owners) -> None:
    goal.lead_departments = list(owners.lead)
    goal.co_departments = list(owners.co)
    goal.leaders = list(owners.leaders)
    goal.deadline = owners.deadline


def _union(first: Owners, second: Owners) -> Owners:
    """The owners of two rows of one goal (its task cell merged down over both)."""
    lead = list(dict.fromkeys(first.lead + second.lead))
    return Owners(
        lead=lead,
        co=[n for n in dict.fromkeys(first.co + second.co) if n not in lead],
        leaders=list(dict.fromkeys(first.leaders + second.leaders)),
        deadline=first.deadline or second.deadline,
    )
