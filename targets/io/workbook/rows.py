"""
The rows under a sheet's header and what each becomes:

- A row spanning the table ("一、主要经济社会发展指标(牵头领导:成坤、柯相国)") or
  a chapter row ("二 | 重点工作任务") opens a section with its leaders; the
  units it names are the default of goals under it that name none. An
  unnumbered spanning row is a theme under the open section, and so is each
  value of a field column (领域). Notes (注:…), footnotes and signatures are
  left out; any other spanning text is left out with a warning.
- Under a numbered item, a row without a 序号 is a goal of its own under
  that item and keeps its number (applied, the goals are coded 2.3, 2.3');
  its empty 序号, owner, deadline and type cells mean "same as above". A row
  that repeats its item's task and target only names more owners for the
  same goal. An item row with no owner, target or deadline whose sub-rows
  name tasks of their own is a group ("4 | 办好民生实事"): it becomes a
  section holding them.
- A target column (指标要求) stays in the goal's text (``tables.goal_text``:
  joined when it reads on from a short task, "地区生产总值增长6%左右", else in
  brackets under its column's name, "推进重大项目建设(指标要求:新开工项目50个)").
  The goal's targets are the target cell's when it names any, else the
  task's (``tables.row_indicators``), found by the report's extractor.
"""

from __future__ import annotations

from types import SimpleNamespace

from ..draft import GoalDraft, IndicatorDraft, SectionDraft, gettext_noop
from ..indicators import CHINESE_QUANTITY_RE, extract_indicators
from ..numbering import RANKS
from ..owners import Owners, find_inline_owners
from ..preamble import is_furniture
from ..report import short_title
from ..tables import chapter_heading, goal_text, row_indicators
from ..text import collapse_spaces
from .cells import CACHE_SIZE, one_line
from .layout import (
    DIGIT,
    HAS_WORDS,
    KEY_MARKS,
    NOTE,
    SIGNATURE,
    SUB_NUMBER,
    digits_of,
    heading_of,
    may_annotate,
    task_cell,
)
from .state import Item, OpenSection, RowGoal, SheetState


class TableRows:
    """The rows under a sheet's header, for ``_WorkbookReader``: section rows, items, goals."""

    def _single(self, state: SheetState, number: int, cells: list[str], text: str) -> bool:
        """
        A row with one text in it: a note, a signature, a heading (spanning the
        table or written in front of the task column) or a task without owners.
        Whether it was dealt with here.
        """
        line = one_line(text)
        if NOTE.match(line) or SIGNATURE.match(line) or is_furniture(line):
            return True
        if line in (state.heading, self.found_title) or not HAS_WORDS.search(line):
            return True  # the title again over the next page, or a number with nothing to it
        first_text = state.layout.roles.index("text")
        spans = sum(1 for cell in cells if cell) > 1 or cells.index(text) < first_text
        heading = heading_of(line)
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
        self, state: SheetState, number: int, written: str, rank: float | None, rest: str
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
        stack.append(OpenSection(rank, section, theme))
        self.defaults[id(section)] = Owners(
            lead=owners.lead, co=owners.co, deadline=owners.deadline
        )
        state.category = None
        return section

    # -- rows of the table ----------------------------------------------------------------

    def _data(self, state: SheetState, number: int, cells: list[str]) -> None:
        layout = state.layout
        written, key = "", False
        if state.number_column is not None and state.number_column < len(cells):
            written = cells[state.number_column]
            if written and (written[0] in KEY_MARKS or written[-1] in KEY_MARKS):
                key, written = True, written.strip(KEY_MARKS + " ")
        digits = digits_of(written)
        sub = SUB_NUMBER.match(written) if "." in written or "-" in written else None
        if sub:
            digits = sub.group(1)  # "3.2": a task of item 3
        item = state.item
        if item is not None and (
            (written and (written == item.written or (sub and digits == item.number)))
            or (
                not written
                and (item.number or task_cell(layout, cells) in ("", task_cell(layout, item.cells)))
            )
        ):
            self._under_item(state, item, number, cells, key)
            return
        if item is not None and len(item.goals) > 1:
            self._end_item(state)  # it may be a group; one that holds one goal or none is not
        else:
            state.item = None
        row = layout.read(cells)
        heading = chapter_heading(row)
        if heading is not None:
            found = heading_of(heading)
            if found is not None:
                self._open_section(state, number, found[0], found[1], found[2])
                return
        if row.category and row.category != state.category:
            self._open_section(state, number, "", None, row.category)
            state.category = row.category
        # Positional, in the fields' order: a row's objects are made once a row, and a call
        # by keyword costs twice as much.
        item = Item(digits, written, cells, row.text, row.target, number, state.container())
        state.item = item
        self._add(state, item, number, row.text, row.target, row.owners, row.kind, key)

    def _under_item(
        self, state: SheetState, item: Item, number: int, cells: list[str], key: bool
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
                last.owners = last.owners.union(row.owners)
                _apply_owners(last.goal, last.owners)
            return
        self._add(state, item, number, task, row.target, row.owners, row.kind, key)

    def _add(
        self,
        state: SheetState,
        item: Item,
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
        state: SheetState,
        number: int,
        task: str,
        target: str,
        owners: Owners,
        kind: str,
        key: bool,
        digits: str,
    ) -> RowGoal | None:
        label = state.layout.target_label
        shape = self.shapes.get((task, target, label))
        if shape is None:
            shape = self._shape(task, target, label)
            if len(self.shapes) < CACHE_SIZE:
                self.shapes[(task, target, label)] = shape
            if shape is _NO_GOAL:
                return None
            indicators = list(shape[3])  # the first goal of a text holds the extractor's own
        elif shape is _NO_GOAL:
            return None
        else:
            indicators = [_copy(indicator) for indicator in shape[3]]
        inline, marked, text, _, title = shape
        if inline is not None:
            owners = owners.merge(inline)  # the columns first, the annotation fills gaps
        # Positional, in the fields' order (text, number, title, lead_departments,
        # co_departments, leaders, deadline, indicators, flags, category, line).
        goal = GoalDraft(
            text,
            digits,
            title,
            list(owners.lead),
            list(owners.co),
            list(owners.leaders),
            owners.deadline,
            indicators,
            ["key"] if key or marked else [],
            kind,
            number,
        )
        return RowGoal(goal, task, target, owners)

    def _shape(self, task: str, target: str, label: str) -> tuple:
        """
        What a row's task and target cells make of a goal, whatever its other
        cells say: (owners annotated in the task or None, whether the task is
        marked key, the goal's text, its targets, its title), or ``_NO_GOAL``.
        Worked out once per distinct pair: tasks repeat down a table.
        """
        inline = None
        if task and may_annotate(task):
            task, found = find_inline_owners(task)
            task = collapse_spaces(task)
            if not found.is_empty:
                inline = found
        marked = False
        if task and (task[0] in KEY_MARKS or task[-1] in KEY_MARKS):
            marked, task = True, task.strip(KEY_MARKS + " ")
        text = goal_text(task, target, label)
        if not text or not HAS_WORDS.search(text):
            return _NO_GOAL
        indicators = row_indicators(task, target, text, self._indicators)
        # The title is the first target's phrase, else the task's first clause (not the target's).
        titled = (
            SimpleNamespace(text=text, indicators=indicators)
            if indicators or task in ("", text)
            else SimpleNamespace(text=task, indicators=[])
        )
        return inline, marked, text, indicators, short_title(titled)

    def _indicators(self, text: str) -> list[IndicatorDraft]:
        """
        The report's extractor, once per distinct text (later goals get copies);
        a text with no digit and no count in Chinese numerals ("新建两所") is not
        handed to it, since it finds no quantity there.
        """
        found = self.targets.get(text)
        if found is not None:
            return [_copy(indicator) for indicator in found]
        if DIGIT.search(text) or CHINESE_QUANTITY_RE.search(text):
            found = extract_indicators(text)
        else:
            found = []
        if len(self.targets) < CACHE_SIZE:
            self.targets[text] = found
        return list(found)

    def _end_item(self, state: SheetState) -> None:
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
        number = item.written + "." if item.written.isdecimal() else item.written
        section = SectionDraft(title=goal.text, number=number, line=item.row)
        for sub in rest:
            sub.goal.number = ""
            section.goals.append(sub.goal)
        container.sections.append(section)
        self.where.pop(id(goal), None)


# A row whose task and target make no goal (a number or a mark alone).
_NO_GOAL = (None, False, "", [], "")


def _copy(indicator: IndicatorDraft) -> IndicatorDraft:
    # Positional, in the fields' order (name, phrase, value, unit, comparator, value_max,
    # baseline).
    i = indicator
    return IndicatorDraft(i.name, i.phrase, i.value, i.unit, i.comparator, i.value_max, i.baseline)


def _apply_owners(goal: GoalDraft, owners: Owners) -> None:
    goal.lead_departments = list(owners.lead)
    goal.co_departments = list(owners.co)
    goal.leaders = list(owners.leaders)
    goal.deadline = owners.deadline
