"""
Passes 2 and 3 of the extractor: the clause fragments between , ; 。 : 、
(and 和/及/与/并 where they join two quantities) that bound each phrase;
within them, the quantities that describe a noun instead of counting it
("10亿元以上产业项目4个"), which are dropped; and where each target's phrase
ends and what it counts. (Starting points of a change are ``baselines``'.)
"""

from __future__ import annotations

import re

from .matching import Quantity
from .units import CONTINUATIONS, COUNT_UNITS, LIMIT_SUFFIXES, SEPARATORS

# Words that make the amount after them a property of a project or a place
# ("总投资22亿元智能家电项目", "占地1000亩的片区") when a noun follows it.
_DESCRIBING_WORDS_RE = re.compile(
    r"(?=[总投占建年时])"  # where one can start: the engine passes other positions by at once
    r"(?:总投资|投资总额|占地面积|占地|建筑面积|总面积|年产值|年营收|年销售收入|年产|总规模|时速)\s*$"
)
_LINKING_VERBS_RE = re.compile(
    "支持|用于|建设|建成|实施|扶持|带动|帮助|帮扶|惠及|完成|新增|引进|培育|打造|改造|发放"
    "|吸引|覆盖|服务|解决|开展|举办|投入|安排|达到|实现|提供|撬动|新建|形成"
)
_CONJUNCTION_RE = re.compile(
    r"(?=[以并同和及与])(?<![参给涉普惠合兼温总])(?:以及|并且|同时|和|及|与|并)"
)
# The first characters of the conjunctions: a text without any is never split.
_CONJUNCTION_START_RE = re.compile("[以并同和及与]")
# An item number at the start of a goal ("1." "(2)" "三、") is not part of its phrase.
ITEM_NUMBER_RE = re.compile(
    r"\s*(?:\d{1,2}(?:\.(?!\d)|[、)])|\(\d{1,2}\)|[一二三四五六七八九十]{1,3}[、.])?\s*"
)
# A short aside in brackets inside a name ("执业(助理)医师数") does not end a fragment.
_ASIDE_RE = re.compile(r"(?<=[^\s,;。:、!?()])\([^()\d,;。:、!?]{1,8}\)")
# Dates and periods at the start of a name: "1-6月新增就业", "在12月底前完成".
_LEADING_DATE_RE = re.compile(
    r"^(?:在|于)?(?:\d{4}年)?(?:\d{1,2}(?:-\d{1,2})?月(?:份)?)?(?:底|中旬|上旬|下旬|末)?(?:前|以前)?"
)
_LEADING_WORDS_RE = re.compile(
    r"^(?:力争|确保|争取|努力|全力|力求|全年|今年|年内|预计|计划|其中|并且|并|同时|以及|和|及|与)+"
)
# The characters a leading date or leading word can start with, and a trailing word end
# with: a name that starts or ends otherwise is not handed to the pattern (most are not).
# (\\d is any decimal digit: those are asked apart.)
_LEADING_STARTS = frozenset("在于底中上下末前以") | frozenset("力确争努全今年预计其并同以和及与")
_TRAILING_ENDS = frozenset("在到达为至是的各别")
# Found by the regex engine rather than a character at a time: fragments are asked of every goal.
_SEPARATOR_RE = re.compile("[" + re.escape("".join(sorted(SEPARATORS))) + "]")
_TRAILING_WORDS_RE = re.compile(
    r"(?=[控稳保维达为在至到是的各分])(?:控制在|稳定在|保持在|维持在|达到|达|为|在|至|到|是|的|各|分别)+$"
)


def fragments(masked: str, quantities: list[Quantity]) -> list[tuple[int, int]]:
    """
    Spans between separators, not counting the comma of a thousands number
    (1,200个) or the brackets of a short aside ("执业(助理)医师数").
    """
    kept = None  # worked out at the first separator: many texts have none
    spans, start = [], 0
    for separator in _SEPARATOR_RE.finditer(masked):
        index = separator.start()
        if kept is None:
            kept = [(q.start, q.end) for q in quantities]
            # An aside needs a bracket: asked first, since the pattern (a look-behind first)
            # is tried at every position of the text.
            if "(" in masked:
                kept += [aside.span() for aside in _ASIDE_RE.finditer(masked)]
        for first, last in kept:  # a loop, not any() over a generator: cheaper when short
            if first <= index < last:
                break
        else:
            spans.append((start, index))
            start = index + 1
    spans.append((start, len(masked)))
    return [(s, e) for s, e in spans if e > s]


def may_join(masked: str) -> bool:
    """
    Whether ``split_at_conjunctions`` can split anything in the text: most
    goals have no conjunction, and asking once a text is cheaper than once a
    fragment.
    """
    return _CONJUNCTION_START_RE.search(masked) is not None


def split_at_conjunctions(
    masked: str, start: int, end: int, quantities: list[Quantity]
) -> list[tuple[int, int]]:
    """
    Split a fragment at 和/及/与/并 where they join two quantities
    ("评定10名左右产业领军人才和20名左右优秀青年人才") or introduce one
    ("…征收和4个生态底线区城中村“微改造”"), but not inside a name
    ("就业和社会保障支出增长5%").
    """
    conjunctions = [
        m
        for m in _CONJUNCTION_RE.finditer(masked, start, end)
        if not any(q.start <= m.start() < q.end for q in quantities)
    ]
    pieces, piece_start = [], start
    for index, conjunction in enumerate(conjunctions):
        after_end = conjunctions[index + 1].start() if index + 1 < len(conjunctions) else end
        before = any(piece_start <= q.start and q.end <= conjunction.start() for q in quantities)
        after = any(conjunction.end() <= q.start and q.end <= after_end for q in quantities)
        next_start = skip_spaces(masked, conjunction.end(), end)
        leads = any(q.start == next_start for q in quantities)
        if (before and after) or leads:
            pieces.append((piece_start, conjunction.start()))
            piece_start = conjunction.end()
    pieces.append((piece_start, end))
    return pieces


def describes_noun(masked: str, quantity: Quantity, end: int) -> bool:
    """Whether words other than a continuation (并, 水平, 的目标) follow the quantity."""
    rest = masked[quantity.end : end].lstrip()
    return bool(rest) and not rest.startswith(CONTINUATIONS)


def is_qualifier(masked: str, quantity: Quantity, later: list[Quantity], end: int) -> bool:
    """
    Whether the quantity describes the noun after it instead of counting it:
    "10亿元以上产业项目4个", "总投资50亿元的项目", "引进10亿元以上项目",
    "占地1000亩的片区", "推进总投资22亿元智能家电项目". A capped count before
    its noun ("新建20个以上社区食堂") is still a target unless another
    quantity follows ("100人以上企业5家").
    """
    if not describes_noun(masked, quantity, end):
        return False
    limited = quantity.suffix in LIMIT_SUFFIXES or quantity.prefix_comparator in ("gte", "lte")
    if limited and (quantity.base_unit not in COUNT_UNITS or later):
        return True
    if _DESCRIBING_WORDS_RE.search(masked, 0, quantity.start):
        return True
    if later and quantity.base_unit not in COUNT_UNITS and later[0].base_unit in COUNT_UNITS:
        # "10亿元楼宇8栋": an amount, a short noun, then the count of that noun;
        # but "安排1000万元资金支持30家企业" has a verb between and counts both.
        gap = masked[quantity.end : later[0].start]
        if len(gap) <= 8 and not _LINKING_VERBS_RE.search(gap):
            return True
    return masked[quantity.end : end].lstrip().startswith("的")


def phrase_end(masked: str, quantity: Quantity, later: list[Quantity], end: int) -> int:
    """
    The end of the phrase: the unit, or the counted noun when the number
    comes first ("新建2个综合公园"), stopping before the next quantity's words.
    """
    if not describes_noun(masked, quantity, end):
        return quantity.end
    stop = later[0].start if later else end
    while stop > quantity.end and masked[stop - 1].isspace():
        stop -= 1
    return stop


def phrase_name(before: str, after: str) -> str:
    """What is counted: the words around the quantity, less modal and linking words."""
    before = "".join(before.split())  # every whitespace out, as \\s+ would take it
    after = "".join(after.split())
    # The patterns are anchored: a match and a slice do what a substitution would, for less.
    first = before[:1]
    if first in _LEADING_STARTS or first.isdecimal():
        for leading in (_LEADING_DATE_RE, _LEADING_WORDS_RE):
            found = leading.match(before)
            if found and found.end():  # the date's pattern matches an empty beginning too
                before = before[found.end() :]
    if before[-1:] in _TRAILING_ENDS:
        trailing = _TRAILING_WORDS_RE.search(before)
        if trailing:
            before = before[: trailing.start()]
    after = after.removeprefix("的")
    return before + after


def skip_spaces(text: str, index: int, end: int) -> int:
    """The first index at or after ``index`` that is not whitespace (or ``end``)."""
    while index < end and text[index].isspace():
        index += 1
    return index
