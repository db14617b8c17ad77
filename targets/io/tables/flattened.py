"""
A table copied from a web page one cell a line ("序号" / "目标任务" /
"牵头单位" / … then "1" / "★地区生产总值增长15%。" / "区发改局" / …), put back
in rows of cells joined by " | " for the report reader.

Pages give such tables in several ways: a cell a line, or a cell a line
closed by "|" ("序号 |", "||" for an empty cell); a header wrapped inside its
cell over two lines ("责任" / "领导", "总投资" / "(万元)"); columns nobody
reads (总投资, 资金来源) and columns of progress (1-11月推进情况, 是否达序)
beside the owners. Progress and the like are kept out of the goal.
"""

from __future__ import annotations

import re

from ..numbering import match_heading
from ..owners import looks_like_unit, split_leaders, split_units
from ..text import Line
from .columns import OWNER_ROLES, column_role, every, looks_like_deadline, looks_like_name

_ROW_NUMBER = re.compile(r"^\d{1,3}[.、]?$")
# Columns read for nothing (investment, funds, plans, progress, remarks): their cells
# are placed so that the others line up, then left out.
_OTHER_WORDS = (
    "投资", "资金", "来源", "计划", "推进情况", "完成情况", "进展", "达序", "说明", "备注",
    "地点", "规模", "金额", "季度", "进度", "成效",
)  # fmt: skip
# How many lines a header cell may be wrapped over.
_MAX_HEADER_PARTS = 3


def unflatten(lines: list[Line]) -> list[Line]:
    """
    A table copied from a web page one cell a line, as rows of cells joined
    by " | ". Each row starts at its number; its cells are matched to the
    columns they fit, since empty cells leave no line. A line that fits no
    column after the row's owners (a heading merged across the table) stays
    a line of its own.
    """
    result: list[Line] = []
    roles: list[str | None] | None = None
    index = 0
    while index < len(lines):
        header = _header_at(lines, index)
        if header:
            keys, consumed = header
            roles = [_role(key) for key in keys]
            result.append(Line(lines[index].number, " | ".join(keys)))
            index += consumed
            continue
        line = lines[index]
        if roles is None or not _ROW_NUMBER.match(_cell(line.text)):
            result.append(line)
            index += 1
            continue
        end = index + 1
        while (
            end < len(lines)
            and not _ROW_NUMBER.match(_cell(lines[end].text))
            and not match_heading(_cell(lines[end].text))
            and not _header_at(lines, end)
        ):
            end += 1
        row = [_cell(item.text) for item in lines[index:end]]
        cells, leftovers = _align(roles, _join_split_names([c for c in row if c], roles))
        result.append(
            Line(
                line.number,
                " | ".join(c if r != "other" else "" for r, c in zip(roles, cells, strict=True)),
            )
        )
        result.extend(item for item in lines[index + 1 : end] if _cell(item.text) in leftovers)
        index = end
    return result


def _cell(text: str) -> str:
    """A line holding one cell, without the "|" a page closes it with ("序号 |", "||")."""
    stripped = text.strip()
    if stripped.strip("|").count("|"):
        return stripped  # a row of several cells, not one cell
    return stripped.strip("|").strip()


def _role(key: str) -> str | None:
    """A column's role as ``column_role`` reads it, or "other" for a column read for nothing."""
    role = column_role(key)
    if role is None and any(word in key for word in _OTHER_WORDS):
        return "other"
    return role


def _header_at(lines: list[Line], start: int) -> tuple[list[str], int] | None:
    """
    The header cells of a flattened table starting at ``start`` and how many
    lines they take, or None. A cell wrapped over lines ("责任" / "领导") is
    joined again; "(万元)" under a header belongs to it.
    """
    keys: list[str] = []
    index = start
    while index < len(lines) and len(keys) < 15:
        key = re.sub(r"\s+", "", _cell(lines[index].text))
        if not key or "|" in key or len(key) > 12:
            break
        if key.startswith("(") and keys:
            keys[-1] += key  # "总投资" / "(万元)"
            index += 1
            continue
        taken = _wrapped_key(lines, index, key)
        if taken is None:
            break
        key, parts = taken
        keys.append(key)
        index += parts
    roles = [_role(key) for key in keys]
    if len(roles) >= 3 and "number" in roles and "text" in roles and OWNER_ROLES & set(roles):
        return keys, index - start
    return None


def _wrapped_key(lines: list[Line], index: int, key: str) -> tuple[str, int] | None:
    """
    A header word alone, or joined with the lines it was wrapped onto, and
    their count. A word of two characters that names no column of its own
    ("资金" / "来源", "责任" / "单位") is read with the next when together they do.
    """
    role = _role(key)
    if role is not None and (role != "other" or len(key) > 2):
        return key, 1
    joined = key
    for parts in range(2, _MAX_HEADER_PARTS + 1):
        if index + parts - 1 >= len(lines):
            break
        part = re.sub(r"\s+", "", _cell(lines[index + parts - 1].text))
        if not part or _ROW_NUMBER.match(part):
            break  # the header ends: a row begins
        joined += part
        if len(joined) > 12:
            break
        if _role(joined) is not None:
            return joined, parts
    return (key, 1) if role is not None else None


def _join_split_names(cells: list[str], roles: list[str | None]) -> list[str]:
    """
    A row with more cells than columns has a cell wrapped over two lines, as a
    short project name ("城市用气" / "提升工程") often is: the first two short
    cells without punctuation after the number are one.
    """
    cells = list(cells)
    while len(cells) > len(roles):
        for index in range(1, len(cells) - 1):
            first, second = cells[index], cells[index + 1]
            if all(_short_name(c) for c in (first, second)):
                cells[index : index + 2] = [first + second]
                break
        else:
            break
    return cells


def _short_name(cell: str) -> bool:
    """A short name without punctuation or numbers that is no unit's: half a project's name."""
    return len(cell) <= 10 and not re.search(r"[。,;:、\d]", cell) and not _fits("lead", cell)


def _align(roles: list[str | None], cells: list[str]) -> tuple[list[str], list[str]]:
    """
    The row's cells placed in the columns they fit, and the lines that fit
    none. The cell after the number is the task, whatever it looks like.
    """
    out = [""] * len(roles)
    leftovers: list[str] = []
    column, last = 0, None
    first_text = roles.index("text") if "text" in roles else None
    for position, cell in enumerate(cells):
        if first_text is not None and position == 1 and column <= first_text and out[0]:
            out[first_text] = cell
            column, last = first_text + 1, first_text
            continue
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
    if role == "other":
        return True
    if role in ("lead", "resp", "co"):
        return every(split_units(cell), looks_like_unit)
    if role == "leaders":
        return every(split_leaders(cell), looks_like_name)
    if role == "deadline":
        return looks_like_deadline(cell)
    # A person's name has two or three characters: a four-character phrase is a task's.
    owner = _fits("lead", cell) or _fits("deadline", cell)
    owner = owner or (len(cell) <= 3 and _fits("leaders", cell))
    if role == "category":
        return not owner and len(cell) <= 15 and not re.search(r"[。,;]", cell)
    return not owner  # text
