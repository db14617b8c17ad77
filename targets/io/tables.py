"""
分解方案 (decomposition plans) laid out as tables: one task a row, with columns
for its number, its text, its target (指标要求), its owners and its deadline.

They reach the report reader as lines: ``targets.io.files`` joins a Word
table's cells with " | ", a table copied from a web page has tabs between its
cells (or, as some sites and readers give it, one cell a line), a Markdown
file has "| a | b |". An Excel 任务分解表 reaches ``targets.io.workbook`` as
rows of cells. This module splits a line into cells, recognises the header
row by its column words (序号, 工作任务, 指标要求, 牵头单位, 责任单位, 责任领导,
完成时限, 目标类型 …) and reads every later row by it; both readers share it,
so a table reads the same from Word, the web or Excel. The reader decides
what a row becomes (a goal, a section, a heading line).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from .draft import gettext_noop
from .indicators import extract_indicators
from .numbering import match_heading, number_value
from .owners import (
    Owners,
    looks_like_unit,
    owner_column,
    owners_from_columns,
    parse_owner_line,
    split_leaders,
    split_units,
)
from .text import Line

# Column roles besides the owner roles of owners.owner_column.
_NUMBER_HEADERS = ("序号", "编号", "序", "排序", "No", "No.")
_CATEGORY_HEADERS = (
    "类别",
    "类型",
    "分类",
    "领域",
    "板块",
    "方面",
    "专项",
    "工作类别",
    "任务类别",
    "重点领域",
    "工作领域",
)
# The goal type (目标类型: A类/B类, 约束性/预期性, 民生实事): the goal's category, not a section.
_TYPE_HEADERS = (
    "目标类型",
    "目标类别",
    "目标性质",
    "任务类型",
    "任务性质",
    "指标类型",
    "指标属性",
    "指标性质",
    "考核类型",
    "考核类别",
)
# A category cell that names a goal type ("A类", "约束性") rather than a field of work.
_TYPE_VALUE = re.compile(r"^(?:[A-Za-z甲乙丙丁]类|约束性|预期性)(?:目标|指标|任务)?$")
# A column with the task's target in it (指标要求), beside the task.
_TARGET_HEADERS = (
    "指标要求",
    "目标要求",
    "年度目标",
    "目标值",
    "指标值",
    "目标指标",
    "具体指标",
    "量化指标",
    "考核指标",
    "年度指标",
    "预期目标",
    "预期指标",
)
# Words of a column that holds the task (the first such column) or adds to it.
_TEXT_WORDS = (
    "任务",
    "事项",
    "实事",
    "内容",
    "措施",
    "工作",
    "指标",
    "项目",
    "举措",
    "目标",
    "要求",
)
# Owner-ish headers that owners.owner_column does not know, by the word in them.
_OWNER_WORDS = (
    ("牵头", "lead"),
    ("主责", "lead"),
    ("配合", "co"),
    ("协办", "co"),
    ("协助", "co"),
    ("责任单位", "resp"),
    ("责任部门", "resp"),
    ("承办", "resp"),
    ("领导", "leaders"),
    ("责任人", "leaders"),
    ("时限", "deadline"),
    ("时间", "deadline"),
    ("期限", "deadline"),
)
# The label owners_from_columns reads each role from.
_ROLE_LABELS = {
    "lead": "牵头单位",
    "resp": "责任单位",
    "co": "配合单位",
    "leaders": "责任领导",
    "deadline": "完成时限",
}
OWNER_ROLES = frozenset(_ROLE_LABELS)

# A target cell that reads on from its task cell: "地区生产总值" + "增长6%左右".
_READS_ON = re.compile(
    r"^(?:[\d.%≥≤><]|增长|达到|达|提高|提升|下降|降低|控制在|不低于|不少于|不超过|超过|突破|保持|稳定在)"
)
_SEPARATOR_ROW = re.compile(r"^[\s|:\-—]+$")
_ROW_NUMBER = re.compile(r"^\d{1,3}[.、]?$")
_CHINESE_ORDINAL = re.compile(r"^\(?[一二三四五六七八九十]{1,3}\)?[、.]?$")
# How a deadline cell reads: "12月底前", "2023年6月", "年内", "三季度", "长期坚持".
_DEADLINE = re.compile(
    r"\d{4}年|[\d一二三四五六七八九十]+月|年底|年末|年内|全年|年中|上半年|下半年|季度|持续|长期|常态"
)


def split_cells(text: str) -> list[str] | None:
    """The cells of a table row, or None for a line that is not one."""
    if _SEPARATOR_ROW.match(text) and "-" in text:
        return []  # the |---|---| line under a Markdown header
    if "\t" in text.strip():
        cells = text.split("\t")
    elif text.startswith("|"):
        cells = re.split(r"\s*\|\s*", text.strip())
        cells = cells[1:-1] if text.strip().endswith("|") else cells[1:]
    elif " | " in text:
        cells = re.split(r"\s*\|\s*", text)
    else:
        return None
    return [cell.strip() for cell in cells]


@functools.lru_cache(maxsize=4096)
def column_role(header: str) -> str | None:
    """
    What a column holds, from its header: an owner role (see ``OWNER_ROLES``),
    "number", "category" (a field of work that groups rows), "type" (目标类型),
    "target" (指标要求) or "text"; None for a column this module does not know.
    Spaces and line breaks inside the header do not count ("目  标  任  务").
    """
    key = re.sub(r"\s+", "", header)
    if not key:
        return None
    role = owner_column(key)
    if role is not None:
        return role
    if key in _NUMBER_HEADERS:
        return "number"
    if key in _CATEGORY_HEADERS:
        return "category"
    if key in _TYPE_HEADERS:
        return "type"
    if key in _TARGET_HEADERS or re.sub(r"\([^()]*\)$", "", key) in _TARGET_HEADERS:
        return "target"
    for word, owner_role in _OWNER_WORDS:
        if word in key:
            return owner_role
    if any(word in key for word in _TEXT_WORDS):
        return "text"
    return None


@dataclass
class TableRow:
    """
    One row read by its header: number, task text, category, type (目标类型)
    and target (指标要求) as written, and owners.
    """

    number: str
    text: str
    category: str
    owners: Owners = field(default_factory=Owners)
    target: str = ""
    kind: str = ""


# Rows of one table name the same few owner cells again and again; parsing is
# what costs, so each layout remembers what it has read (up to this many).
_OWNER_CACHE_SIZE = 20000


@dataclass
class TableLayout:
    """
    The roles of a table's columns, from its header row, and the header's
    words (spaces taken out) for messages and the target's label.
    """

    roles: list[str | None]
    labels: list[str] = field(default_factory=list)
    _owners: dict = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def from_header(cls, cells: list[str]) -> TableLayout | None:
        """
        A layout if ``cells`` is a header row: short cells, nearly all of them
        column words, with a text column and at least one owner column.
        """
        # Every row of a table is asked, so this stops at the first cell too
        # long for a header word, or at the first word too many that is none.
        # More of its words must be column words than not: a table may have
        # columns nobody reads (备注, 考核分值), a line of prose has few.
        filled = sum(1 for cell in cells if cell and not cell.isspace())
        if filled < 2:
            return None
        allowed = (filled - 1) // 2
        roles: list[str | None] = []
        labels: list[str] = []
        unknown = 0
        for cell in cells:
            key = "".join(cell.split()) if cell else ""
            if len(key) > 15:
                return None
            role = column_role(key) if key else None
            if role is None and key:
                unknown += 1
                if unknown > allowed:
                    return None
            roles.append(role)
            labels.append(key)
        if "text" not in roles or not OWNER_ROLES.intersection(roles):
            return None
        return cls(roles, labels)

    @classmethod
    def guess(cls, cells: list[str]) -> TableLayout:
        """
        The roles of a table without a header row, from a row's cells: a
        number, the task, then unit lists, leaders' names and deadlines.
        """
        roles: list[str | None] = []
        for index, cell in enumerate(cells):
            if index == 0 and re.fullmatch(r"\(?[\d一二三四五六七八九十]{1,3}[).、]?", cell):
                roles.append("number")
            elif "text" not in roles:
                roles.append("text")
            elif cell and _all(split_units(cell), looks_like_unit):
                roles.append("lead" if "lead" not in roles else "co")
            elif cell and _all(split_leaders(cell), _looks_like_name):
                roles.append("leaders")
            elif cell and _looks_like_deadline(cell):
                roles.append("deadline")
            else:
                roles.append(None)
        return cls(roles)

    @functools.cached_property
    def target_label(self) -> str:
        """The header of the target column as written ("指标要求", "年度目标")."""
        for role, label in zip(self.roles, self.labels, strict=False):
            if role == "target" and label:
                return label
        return "指标要求"

    def unknown_columns(self) -> list[tuple[int, str]]:
        """(index, header) of each named column this module does not read."""
        return [
            (index, label)
            for index, (role, label) in enumerate(zip(self.roles, self.labels, strict=False))
            if role is None and label
        ]

    def read(self, cells: list[str]) -> TableRow:
        """The row's fields; missing cells at the end are empty, extra ones are ignored."""
        number, category, kind = "", "", ""
        texts: list[str] = []
        targets: list[str] = []
        owner_cells: list[tuple[str, str]] = []
        for role, cell in zip(self.roles, cells, strict=False):
            if not cell or role is None:
                continue
            if role == "number":
                number = number or cell
            elif role == "category" and not _TYPE_VALUE.match(cell):
                category = category or cell
            elif role in ("type", "category"):
                kind = kind or cell
            elif role == "text":
                texts.append(cell)
            elif role == "target":
                targets.append(cell)
            else:
                owner_cells.append((role, cell))
        return TableRow(
            number=number,
            text=_join_texts(texts),
            category=category,
            owners=self.owners(tuple(owner_cells)),
            target=";".join(targets),
            kind=kind,
        )

    def owners(self, cells: tuple[tuple[str, str], ...]) -> Owners:
        """
        The owners named by a row's owner cells, as (role, text) pairs. The
        result is shared between rows that name the same: never change it,
        merge it into a new one.
        """
        owners = self._owners.get(cells)
        if owners is not None:
            return owners
        by_role: dict[str, list[str]] = {}
        labelled: list[Owners] = []
        for role, cell in cells:
            if ":" in cell and (parsed := parse_owner_line(cell)):
                labelled.append(parsed)  # "牵头单位:区发改局;配合单位:区财政局" in one cell
            else:
                by_role.setdefault(role, []).append(cell)
        owners = owners_from_columns(
            {_ROLE_LABELS[role]: "、".join(values) for role, values in by_role.items()}
        )
        for parsed in labelled:
            owners = owners.merge(parsed)
        if len(self._owners) < _OWNER_CACHE_SIZE:
            self._owners[cells] = owners
        return owners


# A task this short ("地区生产总值") names what its target counts.
_JOINED_TASK_CHARS = 20


def goal_text(task: str, target: str, label: str = "指标要求") -> str:
    """
    A goal's text from its task cell and its target cell (指标要求).

    A target that reads on from a short task is joined to it, as the report
    says it ("地区生产总值" + "增长6%左右" → "地区生产总值增长6%左右"); any other
    target follows the task in brackets under its column's name
    ("推进重大项目建设(指标要求:新开工项目50个)"), so the goal's text keeps
    everything the row says and every target's phrase is part of it.
    """
    if not target or target in task:
        return task
    if not task:
        return target
    if len(task) <= _JOINED_TASK_CHARS and _READS_ON.match(target) and task[-1] not in "。;,:!?)":
        return task + target
    return f"{task}({label}:{target})"


def row_indicators(task: str, target: str, text: str, extract=extract_indicators) -> list:
    """
    The targets of a table row whose goal text is ``text`` (``goal_text`` of
    its task and target cells). A target cell (指标要求) is where a table states
    its targets: when it names any, they are the goal's, and numbers in the
    task only describe it ("推进第二批老旧小区改造" + "完成改造50个"); else the
    task's are. A target joined to its task is read with it, for the name
    ("地区生产总值增长6%左右"). ``extract`` is ``extract_indicators`` or a
    cached version of it.
    """
    if not target or not task or target in task or text == task + target:
        return extract(text)
    return extract(target) or extract(task)


def chapter_heading(row: TableRow) -> str | None:
    """
    The heading line of a row that is a chapter ("二 | 重点工作任务 | | |" →
    "二、重点工作任务"): a Chinese ordinal, a short text without targets, no owners.
    """
    number = row.number.strip()
    if (
        not _CHINESE_ORDINAL.match(number)
        or not row.owners.is_empty
        or row.target
        or len(row.text) > 40
        or extract_indicators(row.text)
    ):
        return None
    if not number.endswith(("、", ".", ")")):
        number += "、"
    return number + row.text


def _all(values: list[str], test) -> bool:
    return bool(values) and all(test(value) for value in values)


def _looks_like_name(name: str) -> bool:
    return bool(re.fullmatch(r"[\u4e00-\u9fff·]{2,4}", name)) and not looks_like_unit(name)


def _looks_like_deadline(cell: str) -> bool:
    return len(cell) <= 20 and bool(_DEADLINE.search(cell)) and not re.search(r"[。%]", cell)


def _join_texts(texts: list[str]) -> str:
    """The task cell and the cells that add to it (a target, a standard) as one text."""
    text = ""
    for cell in texts:
        if not text:
            text = cell
        elif text[-1] in "。;,:!?" or (_READS_ON.match(cell) and not re.search(r"[。;]", text)):
            text += cell
        else:
            text += "," + cell
    return text


def unflatten(lines: list[Line]) -> list[Line]:
    """
    A table copied from a web page one cell a line ("序号" / "目标任务" /
    "牵头单位" / … then "1" / "★地区生产总值增长15%。" / "区发改局" / …) as
    rows of cells joined by " | ". Each row starts at its number; its cells
    are matched to the columns they fit, since empty cells leave no line. A
    line that fits no column after the row's owners (a heading merged across
    the table) stays a line of its own.
    """
    result: list[Line] = []
    roles: list[str | None] | None = None
    index = 0
    while index < len(lines):
        run = _header_run(lines, index)
        if run:
            header = lines[index : index + run]
            roles = [column_role(line.text) for line in header]
            result.append(Line(header[0].number, " | ".join(h.text for h in header)))
            index += run
            continue
        line = lines[index]
        if roles is None or not _ROW_NUMBER.match(line.text):
            result.append(line)
            index += 1
            continue
        end = index + 1
        while (
            end < len(lines)
            and not _ROW_NUMBER.match(lines[end].text)
            and not match_heading(lines[end].text)
            and not _header_run(lines, end)
        ):
            end += 1
        cells, leftovers = _align(roles, [item.text for item in lines[index:end]])
        result.append(Line(line.number, " | ".join(cells)))
        result.extend(item for item in lines[index + 1 : end] if item.text in leftovers)
        index = end
    return result


def _header_run(lines: list[Line], start: int) -> int:
    """How many lines from ``start`` are header cells of a flattened table (0: none)."""
    roles = []
    for line in lines[start : start + 12]:
        key = re.sub(r"\s+", "", line.text)
        role = column_role(key) if len(key) <= 12 and "|" not in key else None
        if role is None:
            break
        roles.append(role)
    if len(roles) >= 3 and "number" in roles and "text" in roles and OWNER_ROLES & set(roles):
        return len(roles)
    return 0


def _align(roles: list[str | None], cells: list[str]) -> tuple[list[str], list[str]]:
    """The row's cells placed in the columns they fit, and the lines that fit none."""
    out = [""] * len(roles)
    leftovers: list[str] = []
    column, last = 0, None
    for cell in cells:
        for k in range(column, len(roles)):
            if roles[k] is not None and _fits(roles[k], cell):
                out[k] = cell
                column, last = k + 1, k
                break
        else:
            if last is not None and roles[last] == "text" and not re.search(r"[。!?]$", out[last]):
                out[last] += cell  # the task cell ran over two lines
            else:
                leftovers.append(cell)
    return out, leftovers


def _fits(role: str, cell: str) -> bool:
    if role == "number":
        return bool(_ROW_NUMBER.match(cell))
    if role in ("lead", "resp", "co"):
        return _all(split_units(cell), looks_like_unit)
    if role == "leaders":
        return _all(split_leaders(cell), _looks_like_name)
    if role == "deadline":
        return _looks_like_deadline(cell)
    owner = any(_fits(r, cell) for r in ("lead", "leaders", "deadline"))
    if role == "category":
        return not owner and len(cell) <= 15 and not re.search(r"[。,;]", cell)
    return not owner  # text


class TableReader:
    """
    Rows of a table for a ``report.ReportReader``: the header row sets the
    columns, a row merged across the table is read as a line of prose, a
    chapter row ("二 | 重点工作任务") opens a heading, a change of category
    opens a section, and every other row is one goal with its owners.
    """

    def __init__(self, reader):
        self.reader = reader
        self.layout: TableLayout | None = None
        self.category: str | None = None
        self.category_section = None

    def row(self, cells: list[str], line: Line) -> None:
        reader = self.reader
        layout = TableLayout.from_header(cells)
        if layout is not None:
            self.layout = layout
            reader.saw_owners = reader.saw_owners or bool(OWNER_ROLES.intersection(layout.roles))
            return
        filled = [cell for cell in cells if cell]
        if not filled:
            return
        if len(set(filled)) == 1:
            # A row merged across the table (or its text repeated in every cell):
            # a heading, an owner line or a paragraph.
            reader.prose(Line(line.number, filled[0]))
            reader.flush()
            return
        if reader.review_rank is not None:
            return
        if self.layout is None:
            self.layout = TableLayout.guess(cells)
            reader.saw_owners = reader.saw_owners or bool(
                OWNER_ROLES.intersection(self.layout.roles)
            )
            reader.draft.warn(
                line.number,
                gettext_noop(
                    "This table has no header row naming its columns; check the owners read "
                    "from it."
                ),
            )
        elif len(cells) != len(self.layout.roles):
            reader.draft.warn(
                line.number,
                gettext_noop(
                    "This row has %(cells)s cells where the header has %(columns)s; "
                    "check its owners."
                ),
                cells=len(cells),
                columns=len(self.layout.roles),
            )
        self._goal(self.layout.read(cells), line)

    def _goal(self, row: TableRow, line: Line) -> None:
        reader = self.reader
        number = row.number.strip()
        text = goal_text(row.text, row.target, self.layout.target_label)
        if not text:
            if reader.last_goal is not None and not row.owners.is_empty:
                reader.add_owners(reader.last_goal, row.owners)
            return
        heading = chapter_heading(row)
        if heading is not None:
            # "二 | 重点工作任务 | | |": a chapter row.
            reader.prose(Line(line.number, heading))
            reader.flush()
            return
        if row.category and (
            row.category != self.category or reader.theme is not self.category_section
        ):
            self.category_section = reader.open_theme(row.category, line)
            self.category = row.category
        value = number_value(number) if number else None
        digits = "" if value is None else str(value)
        last = reader.last_goal
        if (
            last is not None
            and (not number or digits == last.number)
            and re.sub(r"\s+", "", text).lstrip("★☆*") == last.text
        ):
            # The task cell merged down over several rows: more owners for the same task.
            reader.set_owners(last, _union(reader.owners_of(last), row.owners))
            return
        goal = reader.make_goal(text, line, digits)
        if goal is not None:
            if row.target:
                found = row_indicators(row.text, row.target, text)
                if all(indicator.phrase in goal.text for indicator in found):
                    goal.indicators = found
            goal.category = row.kind
            reader.set_owners(goal, row.owners.merge(reader.owners_of(goal)))
            reader.add_goal(goal, firm=True)


def _union(first: Owners, second: Owners) -> Owners:
    lead = list(dict.fromkeys(first.lead + second.lead))
    return Owners(
        lead=lead,
        co=[n for n in dict.fromkeys(first.co + second.co) if n not in lead],
        leaders=list(dict.fromkeys(first.leaders + second.leaders)),
        deadline=first.deadline or second.deadline,
    )
