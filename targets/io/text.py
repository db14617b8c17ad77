"""
Cleaning up real document text before it is read: full- and half-width forms,
spaces left inside words by PDF line wraps, stray page numbers, wrapped lines,
the web page furniture that follows a report copied from a website, and the
glossary (名词解释) that closes many reports.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from .numbering import CIRCLED, is_bare_number, match_heading

# Characters that NFKC leaves alone but that mean nothing to the reader.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)

_CJK = r"\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef“”‘’"
# A space with a CJK character on either side is a line-wrap artefact, not a word break.
_SPACE_BY_CJK = re.compile(rf"(?<=[{_CJK}])[ \t]+|[ \t]+(?=[{_CJK}])")

_PAGE_NUMBER = re.compile(
    r"^(?:[-—–\s]*\d{1,3}[-—–\s]*"
    r"|第\s*\d+\s*页(?:\s*[,/]?\s*共\s*\d+\s*页)?"
    r"|共\s*\d+\s*页\s*[,/]?\s*第\s*\d+\s*页"
    r"|\d{1,3}\s*/\s*\d{1,3}"
    r"|page\s*\d+(?:\s*of\s*\d+)?)$",
    re.IGNORECASE,
)

# Lines where the report ends and the hosting site's page begins. Everything
# from the first of them on is left out (with a warning naming the line).
FOOTER_MARKERS = (
    "本文仅代表作者观点",
    "本文地址",
    "本文链接",
    "网站地图",
    "留言与评论",
    "验证码",
    "版权所有",
    "copyright",
    "上一篇",
    "下一篇",
    "相关文章",
    "相关阅读",
    "责任编辑",
    "扫一扫",
    "分享到",
    "打印本页",
    "关闭窗口",
    "【打印】",
    "【关闭】",
    "主办单位:",
    "网站标识码",
    "icp备",
)

# The explanations of terms (名词解释) after a report: their numbered items are not tasks.
_GLOSSARY = re.compile(r"^(?:附[::]?\s*)?(?:名词解释|名词注释|注释)\s*(?:[::]|$)")

# Sentence-final punctuation: a line ending otherwise was probably wrapped.
_TERMINAL = "。!?;:…”』」)》"


@dataclass
class Line:
    """A line of the cleaned text and its 1-based number in the source."""

    number: int
    text: str


_KEEP_CIRCLED = re.compile(f"([{CIRCLED}])")


def normalise(text: str) -> str:
    """
    NFKC (full-width digits and punctuation become ASCII), no invisible
    characters. Circled numbers stay: NFKC would make ① a bare 1, and ① is
    how 分解方案 number their smallest items.
    """
    if unicodedata.is_normalized("NFKC", text):
        # Most texts are, and hold no circled number then (none is its own NFKC): asking
        # costs less than splitting and normalising.
        return text.translate(_INVISIBLE)
    parts = _KEEP_CIRCLED.split(text)
    for i in range(0, len(parts), 2):
        parts[i] = unicodedata.normalize("NFKC", parts[i])
    return "".join(parts).translate(_INVISIBLE)


_QUOTED = re.compile(r"(“[^“”]*”)")


def collapse_spaces(text: str) -> str:
    """
    Drop spaces next to Chinese characters ("净增高企 96 家" → "净增高企96家"),
    except inside quotes, where a space may stand for a lost symbol
    (“河湖长 检察长” is 河湖长+检察长).
    """
    parts = _QUOTED.split(text)
    for i in range(0, len(parts), 2):  # the even parts are outside quotes
        parts[i] = re.sub(r"[ \t]{2,}", " ", _SPACE_BY_CJK.sub("", parts[i]))
    return "".join(parts).strip()


def is_page_number(text: str) -> bool:
    return bool(_PAGE_NUMBER.match(text.strip()))


def footer_start(lines: list[Line]) -> int | None:
    """Index of the first line that belongs to the web page around the report, if any."""
    for index, line in enumerate(lines):
        lowered = line.text.lower().replace(" ", "")
        if any(lowered.startswith(marker) for marker in FOOTER_MARKERS):
            return index
    return None


def glossary_start(lines: list[Line]) -> int | None:
    """Index of the line that opens a glossary of terms (名词解释), if any."""
    for index, line in enumerate(lines):
        if _GLOSSARY.match(line.text.replace(" ", "")):
            return index
    return None


def source_lines(text: str) -> list[Line]:
    """
    Normalised, stripped, non-empty lines with their source line numbers. A
    line with tabs between its words is a table row pasted from a web page:
    its leading and trailing tabs are empty cells and stay. A page that runs
    a whole document into one line is split again (``split_run_on``).
    """
    result = []
    text = normalise(text).replace("\r\n", "\n").replace("\r", "\n")
    for number, raw in enumerate(text.split("\n"), start=1):
        stripped = raw.strip()
        if "\t" in stripped:
            stripped = raw.strip(" \u3000\n")
        if len(stripped) >= _RUN_ON_CHARS and " " in stripped and not has_cells(stripped):
            result.extend(Line(number, part) for part in split_run_on(stripped))
        elif stripped.strip():
            result.append(Line(number, stripped))
    return result


# A line this long with spaces for paragraph breaks is a page run into one line.
_RUN_ON_CHARS = 150
# Where such a line breaks: at a space after the end of a sentence, a colon or a
# bracket, or before a heading or item number, a field ("责任单位:"), a date alone.
_RUN_ON_BREAK = re.compile(
    r"(?<=[。;:!?)])[ \u3000]+(?=\S)"
    r"|[ \u3000]+(?=(?:[一二三四五六七八九十]{1,3}、|\([一二三四五六七八九十]{1,3}\)"
    r"|\d{1,2}[.、](?!\d)|\(\d{1,2}\)|\d{4}年\d{1,2}月\d{1,2}日(?:$|[ \u3000])"
    r"|[\u4e00-\u9fff]{2,8}:|\(此件))"
)


def split_run_on(text: str) -> list[str]:
    """
    A page run into one line ("…圆满完成。 一、加快提振市场信心 (一)全面促进消费增长。
    1.把恢复…"), split where its paragraphs, headings, items and fields began.
    A long line with no such break stays whole.
    """
    parts = [part.strip() for part in _RUN_ON_BREAK.split(text)]
    return [part for part in parts if part]


def has_cells(text: str) -> bool:
    """Whether a line is a table row: cells joined by " | " (Word), tabs (web pages) or Markdown."""
    return "\t" in text.strip() or " | " in text or text.startswith("|")


# Punctuation that NFKC made half-width but that took two columns on the page.
_WIDE_PUNCTUATION = frozenset(",;:!?()")


def visual_width(text: str) -> int:
    """
    Width on the page in half-width columns: a Chinese character or a
    punctuation mark counts two, a digit or a Latin letter one.
    """
    return sum(
        2 if c in _WIDE_PUNCTUATION or unicodedata.east_asian_width(c) in "WF" else 1 for c in text
    )


def join_wrapped(
    lines: list[Line],
    *,
    starts_block: Callable[[str], bool],
    is_owner_line: Callable[[str], bool],
) -> list[Line]:
    """
    Rejoin lines that a PDF export or a narrow text file wrapped: a long line
    without closing punctuation continues on the next one unless that one
    starts a block (a heading, an item, an owner line). A heading is only
    continued when it fills the page's width, so "(一)坚持创新驱动发展,加快…"
    on a line of its own keeps its paragraph apart. A number alone on its
    line ("1.") goes with the text after it.
    """
    width = _wrap_width(lines)
    joined: list[Line] = []
    last = ""  # the last line as it was on the page, before joining
    for line in lines:
        if joined and _continues(
            joined[-1].text, last, line.text, width, starts_block, is_owner_line
        ):
            previous = joined[-1]
            joined[-1] = Line(previous.number, previous.text + line.text.strip())
        else:
            joined.append(Line(line.number, line.text))
        last = line.text
    return joined


def _continues(previous, last, text, width, starts_block, is_owner_line) -> bool:
    """Whether ``text`` continues ``previous`` (joined so far), whose last line was ``last``."""
    if has_cells(previous) or has_cells(text) or ends_sentence(previous):
        return False
    if is_bare_number(previous):
        return not starts_block(text)
    if starts_block(text):
        return False
    # A paragraph's first line is indented by two characters, so it may be four columns short.
    fills_line = width is not None and visual_width(last) >= width - 4
    if is_owner_line(previous):
        # "协办单位:区委编办、…、园区党工" / "委、各街道党工委": a field the page wrapped.
        return fills_line and is_owner_line(previous + text.strip())
    if match_heading(previous):
        return fills_line
    return fills_line or len(last) >= 25


def _wrap_width(lines: list[Line]) -> int | None:
    """
    The width a PDF export wrapped its lines at, when enough lines without
    closing punctuation reach about the same width; None for a text with one
    paragraph a line.
    """
    widths = sorted(
        (
            visual_width(line.text)
            for line in lines
            if not ends_sentence(line.text)
            and not has_cells(line.text)
            and not match_heading(line.text)
        ),
        reverse=True,
    )
    widths = [w for w in widths if w >= 40]
    for index, width in enumerate(widths):
        if len([w for w in widths[index:] if w >= width - 4]) >= 3:
            # The width most wrapped lines reach, not one that a comma pushed past it.
            repeated = [w for w in widths[index:] if widths.count(w) >= 2]
            return repeated[0] if repeated else width
    return None


def ends_sentence(text: str) -> bool:
    return bool(text) and text[-1] in _TERMINAL


def split_sentences(text: str) -> list[str]:
    """
    Split a paragraph after each 。!? (and after a closing bracket that ends an
    annotation), keeping the punctuation, never inside quotes or brackets.
    """
    sentences, current, depth = [], [], 0
    for char in text:
        current.append(char)
        if char in "(“[【《「『":
            depth += 1
        elif char in ")”]】》」』" and depth:
            depth -= 1
        elif char in "。!?" and depth == 0:
            sentences.append("".join(current).strip())
            current = []
    tail = "".join(current).strip()
    if tail:
        sentences.append(tail)
    return [s for s in sentences if s]
