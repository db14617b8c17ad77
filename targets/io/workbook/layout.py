"""
The words and shapes that tell a decomposition table's rows apart: the
title above the header, notes (注:…), footnotes and signatures under it,
headings ("一、…", "(二)…", "第一部分…"), 序号 as written ("3", "3.2", "(三)"),
key marks (★), owner annotations in a task, and the columns whose empty
cell under an item means "same as above".
"""

from __future__ import annotations

import functools
import re

from ..numbering import CHAPTER_LINE, RANKS, match_heading, match_item, number_value
from ..tables import TableLayout

# A header further down than this is no header: the sheet holds something else.
HEADER_SEARCH_ROWS = 100

# Column roles whose empty cell under an item means "same as above".
INHERITED_ROLES = frozenset(
    {"number", "lead", "resp", "co", "leaders", "deadline", "type", "category"}
)
# Roles whose cells are text to read as one line (owner cells keep their line
# breaks: they separate names; a deadline's do not, "2023年12月\n31日" in a narrow column).
LINE_ROLES = frozenset({"number", "text", "target", "type", "category", "deadline"})

# Notes above or under a table, and the signatures and dates under it.
NOTE = re.compile(r"^\(?\s*(?:注|备注|说明|附注|注释|填表说明|填报说明)\s*\d*\s*[:.、)]")
SIGNATURE = re.compile(
    r"^(?:填报单位|填报人|填报日期|填报时间|填表人|填表日期|制表人|制表单位|制表|审核人|审核"
    r"|签发人|联系人|联系电话|负责人|单位负责人|主要负责人|分管负责人|日期|单位)\s*:"
)
TITLE_END = re.compile(r"(?:表|清单|方案|计划|台账|要点)$")
KEY_MARKS = "★☆"
# Whether a task may hold an owner annotation: a bracket ("(区发改局牵头)") or a
# label ("…。牵头单位:区发改局"); ``owners.find_inline_owners`` finds none without.
_ANNOTATION_BRACKETS = "(\\[【〔"
_ANNOTATION_WORDS = (
    "牵头 配合 协办 主责 主办 承办 参与 协同 协作 协助 责任 领导 时限 时间 期限".split()
)
_MAY_ANNOTATE = re.compile(f"[{_ANNOTATION_BRACKETS}]|" + "|".join(_ANNOTATION_WORDS))
# The characters any of them starts with: a search for one of them is several times cheaper
# than the alternation's, and most tasks have none.
_ANNOTATION_START = re.compile(
    f"[{_ANNOTATION_BRACKETS}{''.join(sorted({word[0] for word in _ANNOTATION_WORDS}))}]"
)


def may_annotate(text: str) -> bool:
    """Whether a task may hold an owner annotation, for ``owners.find_inline_owners`` to find."""
    return bool(_ANNOTATION_START.search(text) and _MAY_ANNOTATE.search(text))


# A text with a digit in it may hold a target.
DIGIT = re.compile(r"\d")
# A 序号 of a task under an item ("3.2" under item 3).
SUB_NUMBER = re.compile(r"^(\d{1,3})[.-](\d{1,3})$")
# A text with words in it, not a number or a mark alone.
HAS_WORDS = re.compile(r"[\u4e00-\u9fffA-Za-z]")
# The name a sheet has until someone names it ("Sheet1", "工作表2").
GENERIC_SHEET = re.compile(r"^(?:sheet|工作表)\s*\d*$", re.IGNORECASE)


def heading_of(text: str) -> tuple[str, float, str] | None:
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


def digits_of(number: str) -> str:
    """A 序号 as written ("3", "(三)", "③") as digits ("3"), "" when it is no number."""
    # Nearly every 序号 is digits already, each a different one: no cache to look in first.
    if number.isascii() and number.isdigit() and number[0] != "0":
        return number
    return _digits_of(number)


@functools.lru_cache(maxsize=256)
def _digits_of(number: str) -> str:
    # isdecimal, not isdigit: "①" and "²" are digits to Python but no int() reads them.
    if number.isdecimal():
        return str(int(number))
    value = number_value(number) if number else None
    return "" if value is None else str(value)


def task_cell(layout: TableLayout, cells: list[str]) -> str:
    """The text of a row's task cell (the first text column)."""
    index = layout.roles.index("text")
    return cells[index] if index < len(cells) else ""
