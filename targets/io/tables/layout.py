"""
``TableLayout``: the roles of a table's columns, found from its header row
(or guessed from a row when it has none), and every later row read by it
into a ``TableRow``: number, task text, category, type, target and owners.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from ..owners import (
    Owners,
    looks_like_unit,
    owners_from_columns,
    parse_owner_line,
    split_leaders,
    split_units,
)
from .columns import (
    OWNER_ROLES,
    READS_ON,
    ROLE_LABELS,
    column_role,
    every,
    looks_like_deadline,
    looks_like_name,
)

# What a column gives a row, by its role: anything else is an owner column.
_NUMBER, _TEXT, _TARGET, _CATEGORY, _TYPE, _OWNER = range(6)
_GIVES = {"number": _NUMBER, "text": _TEXT, "target": _TARGET, "category": _CATEGORY, "type": _TYPE}
# A category cell that names a goal type ("A类", "约束性") rather than a field of work.
_TYPE_VALUE = re.compile(r"^(?:[A-Za-z甲乙丙丁]类|约束性|预期性)(?:目标|指标|任务)?$")


@dataclass(slots=True)
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
            elif cell and every(split_units(cell), looks_like_unit):
                roles.append("lead" if "lead" not in roles else "co")
            elif cell and every(split_leaders(cell), looks_like_name):
                roles.append("leaders")
            elif cell and looks_like_deadline(cell):
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

    @functools.cached_property
    def _read_columns(self) -> tuple[tuple[int, int, str], ...]:
        """
        (index, what it gives, role) of the columns a row is read from, in
        order, worked out once: every row asks.
        """
        return tuple(
            (index, _GIVES.get(role, _OWNER), role)
            for index, role in enumerate(self.roles)
            if role is not None
        )

    def read(self, cells: list[str]) -> TableRow:
        """The row's fields; missing cells at the end are empty, extra ones are ignored."""
        number, category, kind = "", "", ""
        texts: list[str] = []
        targets: list[str] = []
        owner_cells: list[tuple[str, str]] = []
        width = len(cells)
        for index, gives, role in self._read_columns:
            if index >= width:
                break
            cell = cells[index]
            if not cell:
                continue
            if gives == _OWNER:
                owner_cells.append((role, cell))
            elif gives == _TEXT:
                texts.append(cell)
            elif gives == _NUMBER:
                number = number or cell
            elif gives == _TARGET:
                targets.append(cell)
            elif gives == _CATEGORY and not _TYPE_VALUE.match(cell):
                category = category or cell
            else:  # a type, or a category cell that names a type
                kind = kind or cell
        # Positional, in the fields' order (number, text, category, owners, target, kind):
        # every row is read, and a call by keyword costs twice as much.
        owners = self.owners(tuple(owner_cells))
        return TableRow(number, _join_texts(texts), category, owners, ";".join(targets), kind)

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
            {ROLE_LABELS[role]: "、".join(values) for role, values in by_role.items()}
        )
        for parsed in labelled:
            owners = owners.merge(parsed)
        if len(self._owners) < _OWNER_CACHE_SIZE:
            self._owners[cells] = owners
        return owners


def _join_texts(texts: list[str]) -> str:
    """The task cell and the cells that add to it (a target, a standard) as one text."""
    text = ""
    for cell in texts:
        if not text:
            text = cell
        elif text[-1] in "。;,:!?" or (READS_ON.match(cell) and not re.search(r"[。;]", text)):
            text += cell
        else:
            text += "," + cell
    return text
