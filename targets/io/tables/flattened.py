"""
A table copied from a web page one cell a line ("序号" / "目标任务" /
"牵头单位" / … then "1" / "★地区生产总值增长15%。" / "区发改局" / …), put back
in rows of cells joined by " | " for the report reader.
"""

from __future__ import annotations

import re

from ..numbering import match_heading
from ..owners import looks_like_unit, split_leaders, split_units
from ..text import Line
from .columns import OWNER_ROLES, column_role, every, looks_like_deadline, looks_like_name

_ROW_NUMBER = re.compile(r"^\d{1,3}[.、]?$")


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
        return every(split_units(cell), looks_like_unit)
    if role == "leaders":
        return every(split_leaders(cell), looks_like_name)
    if role == "deadline":
        return looks_like_deadline(cell)
    owner = any(_fits(r, cell) for r in ("lead", "leaders", "deadline"))
    if role == "category":
        return not owner and len(cell) <= 15 and not re.search(r"[。,;]", cell)
    return not owner  # text
