"""
How a paragraph of a work report or 分解方案 divides into tasks: the title
of a heading and its body, theme lines (加快产业项目落地。), sentences that an
owner annotation ties together, 一是…二是… enumerations, the main targets
after "主要预期目标是:", and lists after a colon. Plain text in, plain text
out; ``report`` decides what becomes a section or a goal.
"""

from __future__ import annotations

import re

from .indicators import extract_indicators
from .numbering import chinese_number
from .owners import find_inline_owners, parse_owner_line
from .text import split_sentences

# A theme line is a short slogan ending in 。 that opens a paragraph.
THEME_MAX_CHARS = 20
# "今年…的主要预期目标是:地区生产总值增长6%左右,…。"
# Also "…主要预期目标——地区生产总值增长7.5%,…" and "…主要目标是地区生产总值增长6%,…".
MAIN_TARGETS = re.compile(
    r"(?:主要预期目标|主要目标|预期目标|主要指标|发展目标)(?:是|为|如下)?(?::|——|—)"
    r"|(?:主要预期目标|主要目标|预期目标)(?:是|为)(?=[\u4e00-\u9fff])"
)
# A clause of the main targets that goes on from the one before it.
_GOES_ON = re.compile(r"^(?:在实际工作中|实际工作中|努力|力争|争取|确保|其中|并|且)")
# 一是…二是…: an enumerator at the start of a paragraph or after a stop.
ENUMERATOR = re.compile(r"(?:^|(?<=[。;:!?]))\s*([一二三四五六七八九十]{1,3})是")


# "总体要求:以…为指导": a short title before a colon, its text after it.
_COLON_TITLE = re.compile(r"^([^,。;:、()“”]{2,10}):(?=\S)")


def split_title(rest: str) -> tuple[str, str]:
    """
    A heading's title runs to its first 。 (or the whole line); the rest is
    body text. A short title before a colon ends there when no target follows
    ("(一)总体要求:以…为指导" is titled 总体要求).
    """
    sentences = split_sentences(rest)
    if not sentences:
        return rest, ""
    title = sentences[0]
    colon = _COLON_TITLE.match(title)
    if colon and not extract_indicators(title[colon.end() :]):
        return colon[1], rest[colon.end() :].strip()
    body = rest[len(title) :].strip() if rest.startswith(title) else "".join(sentences[1:])
    return title, body


def is_theme_line(sentence: str) -> bool:
    """A short slogan without numbers or commas ("加快产业项目落地。"), not an owner line."""
    bare = sentence.rstrip("。")
    return (
        0 < len(bare) <= THEME_MAX_CHARS
        and not re.search(r"\d", bare)
        and not re.search(r"[,;、:]", bare)
        and not parse_owner_line(bare)
    )


def task_chunks(sentences: list[str]) -> list[str]:
    """
    One goal per sentence, except that sentences followed by an owner
    annotation of their own belong together: published 分解方案 close each
    task, however many sentences it has, with "(牵头单位:…)".
    """
    annotated = [is_annotated(s) for s in sentences]
    if not any(annotated):
        return sentences
    chunks, current = [], []
    for sentence, has_owners in zip(sentences, annotated, strict=True):
        current.append(sentence)
        if has_owners:
            chunks.append("".join(current))
            current = []
    chunks.extend(current)  # sentences after the last annotation stand alone
    return chunks


def is_annotated(text: str) -> bool:
    return not find_inline_owners(text)[1].is_empty


def enumerated(text: str) -> tuple[str, list[tuple[str, str]]] | None:
    """
    A paragraph of 一是…二是…三是…: the text before the first and each item
    with its number. A paragraph that starts with 二是 is one item of a list
    that runs over several paragraphs.
    """
    run: list[re.Match] = []
    for match in ENUMERATOR.finditer(text):
        value = chinese_number(match.group(1))
        if not run and (value == 1 or match.start(1) == 0):
            run.append(match)
        elif run and value == chinese_number(run[-1].group(1)) + 1:
            run.append(match)
    if not run or (len(run) == 1 and run[0].start(1) != 0):
        return None
    items = []
    for index, match in enumerate(run):
        end = run[index + 1].start(1) if index + 1 < len(run) else len(text)
        segment = text[match.end() : end].strip().rstrip(";,")
        if segment:
            items.append((str(chinese_number(match.group(1))), segment))
    return text[: run[0].start(1)].strip(), items


def colon_list(sentence: str) -> tuple[str, list[str]] | None:
    """
    A sentence that lists tasks after a colon, split by semicolons
    ("办好十件民生实事:改造老旧小区50个;新增停车泊位1万个。"): the lead and the tasks.
    """
    head, colon, tail = sentence.partition(":")
    if not colon or len(head) > 40 or re.search(r"[(\[【“]", head):
        return None
    parts = [p.strip() for p in _split_outside_brackets(tail.rstrip("。"), ";")]
    if len(parts) < 2 or any(len(p) < 4 for p in parts):
        return None
    return head + colon, parts


def target_clauses(text: str) -> list[str]:
    """The targets of a main-targets sentence, split at ; (or , when it has none)."""
    text = text.strip().rstrip("。;,")
    separator = ";" if ";" in text else ","
    clauses: list[str] = []
    for part in _split_outside_brackets(text, separator):
        part = part.strip()
        if not part:
            continue
        if clauses and _GOES_ON.match(part):
            clauses[-1] += separator + part  # "…增长6.5%以上,在实际工作中努力争取更好结果"
        else:
            clauses.append(part)
    return clauses


def _split_outside_brackets(text: str, separator: str) -> list[str]:
    parts, current, depth = [], [], 0
    for char in text:
        if char in "(“[【《":
            depth += 1
        elif char in ")”]】》" and depth:
            depth -= 1
        if char == separator and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return parts
