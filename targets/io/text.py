"""
Cleaning up real document text before it is read: full- and half-width forms,
spaces left inside words by PDF line wraps, stray page numbers, wrapped lines,
and the web page furniture that follows a report copied from a website.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Characters that NFKC leaves alone but that mean nothing to the reader.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)

_CJK = r"\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef“”‘’"
# A space with a CJK character on either side is a line-wrap artefact, not a word break.
_SPACE_BY_CJK = re.compile(rf"(?<=[{_CJK}])[ \t]+|[ \t]+(?=[{_CJK}])")

_PAGE_NUMBER = re.compile(
    r"^(?:[-—–\s]*\d{1,3}[-—–\s]*|第\s*\d+\s*页(?:\s*[,/]?\s*共\s*\d+\s*页)?)$"
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

# Sentence-final punctuation: a line ending otherwise was probably wrapped.
_TERMINAL = "。!?;:…”』」)》"


@dataclass
class Line:
    """A line of the cleaned text and its 1-based number in the source."""

    number: int
    text: str


def normalise(text: str) -> str:
    """NFKC (full-width digits and punctuation become ASCII), no invisible characters."""
    return unicodedata.normalize("NFKC", text).translate(_INVISIBLE)


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


def source_lines(text: str) -> list[Line]:
    """Normalised, stripped, non-empty lines with their source line numbers."""
    result = []
    for number, raw in enumerate(normalise(text).replace("\r\n", "\n").split("\n"), start=1):
        stripped = raw.strip()
        if stripped:
            result.append(Line(number, stripped))
    return result


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
