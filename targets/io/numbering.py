"""
How documents number their headings and items, and what the numbers are worth.

Official documents (公文, after GB/T 9704) number four levels 一、 (一) 1. (1);
work reports add 第一部分 above them and 一是 beside them, and 分解方案 use ①
for the smallest items. Each style has a fixed rank, so a text that starts in
the middle of a chapter still nests 三、 above (一) and (一) above 1.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

CN_DIGITS = "〇零一二两三四五六七八九十百"
_CN = f"[{CN_DIGITS}]+"
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"

# Heading styles, from the way each is written.
HEADING_STYLES = (
    ("part", re.compile(rf"^第({_CN})(?:部分|章|篇)\s*[、.:]?\s*")),
    ("dun", re.compile(rf"^({_CN})\s*[、.]\s*")),
    ("paren", re.compile(rf"^\(({_CN})\)\s*")),
    ("shi", re.compile(rf"^({_CN})是\s*")),
)
# Item styles: "1." and "1、" (not "1.5万"), "(1)", "1)", "①", and bullets ("●", "——").
ITEM_STYLES = (
    ("dot", re.compile(r"^(\d{1,3})\s*[.、]\s*(?!\d)")),
    ("paren-digit", re.compile(r"^\((\d{1,3})\)\s*")),
    ("half-paren", re.compile(r"^(\d{1,3})\)\s*(?!\d)")),
    ("circled", re.compile(rf"^([{CIRCLED}])\s*")),
    ("bullet", re.compile(r"^([●•◆◇▲△■□○▪►]|—{1,2}(?!—)|-{2}(?!-))\s*(?=\S)")),
)

# A chapter line without a number: "2022年工作回顾", "2023年工作安排".
CHAPTER_LINE = re.compile(
    r"^(?:过去(?:一|五)年|今后五年|\d{4}年|今年|明年|下一步)(?:的)?(?:和\d{4}年)?(?:主要)?"
    r"(?:工作回顾|工作总结|工作安排|主要任务|重点任务|工作任务|目标任务|重点工作|工作重点"
    r"|工作部署|总体要求)$"
)

# Smaller ranks hold larger ones. "chapter" is an unnumbered chapter line
# ("2023年工作安排"); 一是 takes its rank from where a document first uses it.
RANKS = {
    "part": 0,
    "chapter": 0,
    "dun": 1,
    "paren": 2,
    "dot": 3,
    "paren-digit": 4,
    "half-paren": 4,
    "circled": 5,
    "bullet": 6,
}


@dataclass
class Numbered:
    """A line that starts with a number: its style, the number as written, its value, the rest."""

    style: str
    number: str
    value: int | None
    rest: str

    @property
    def digits(self) -> str:
        """The value as digits ("3" for "(三)"), "" when it has none (a bullet)."""
        return "" if self.value is None else str(self.value)


def chinese_number(text: str) -> int | None:
    """一 → 1, 十二 → 12, 二十三 → 23, "7" → 7; None for anything else."""
    values = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5}
    values.update({"六": 6, "七": 7, "八": 8, "九": 9})
    if not text:
        return None
    if text.isdecimal():  # not isdigit: int() reads no "①" or "²"
        return int(text)
    total, current = 0, 0
    for char in text:
        if char in values:
            current = values[char]
        elif char == "十":
            total += (current or 1) * 10
            current = 0
        elif char == "百":
            total += (current or 1) * 100
            current = 0
        else:
            return None
    return total + current


def number_value(number: str) -> int | None:
    """The value of a number as written: "(三)" → 3, "2." → 2, "③" → 3, "四是" → 4."""
    bare = number.strip().strip("()、.:").strip()
    for affix in ("第", "部分", "章", "篇", "是"):
        bare = bare.replace(affix, "")
    if len(bare) == 1 and bare in CIRCLED:
        return CIRCLED.index(bare) + 1
    return chinese_number(bare.strip())


def _match(styles, text: str) -> Numbered | None:
    for style, pattern in styles:
        match = pattern.match(text)
        if match:
            number = text[: match.end()].strip()
            return Numbered(style, number, number_value(match.group(1)), text[match.end() :])
    return None


def match_heading(text: str) -> Numbered | None:
    """第一部分 / 一、 / (一) / 一是 at the start of ``text``."""
    return _match(HEADING_STYLES, text)


def match_item(text: str) -> Numbered | None:
    """1. / 1、 / (1) / 1) / ① / ● at the start of ``text``."""
    return _match(ITEM_STYLES, text)


def is_bare_number(text: str) -> bool:
    """A line holding nothing but a heading or item number ("1.", "(一)"), split from its text."""
    numbered = match_heading(text) or match_item(text)
    return numbered is not None and not numbered.rest.strip() and numbered.style != "shi"
