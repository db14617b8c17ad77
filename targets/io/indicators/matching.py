"""
Pass 1 of the extractor: the text normalised (NFKC, offsets kept) and masked
(quoted slogans, book titles and URLs blanked out), then every number + unit
in it with its comparator words (不低于, 以上, 左右, 6%-7%), in Arabic
numerals or in the count form of Chinese ones ("新建两个急救站").
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from .measure_words import STANDARD_PREFIX
from .units import (
    ALL_UNITS,
    COUNT_UNITS,
    DURATION_UNITS,
    MULTIPLIERS,
    PREFIX_COMPARATORS,
    PREFIX_GUARDS,
    SUFFIX_COMPARATORS,
    SUFFIX_LOOKAHEADS,
)

# Verbs that bring a duration down to a cap: 压缩至3个工作日(内), 控制在30天内.
_CAPPING_VERBS_RE = re.compile(r"(?:压缩|缩短|压减|减少|降低|控制)(?:至|到|在)\s*$")
# After where a change starts: 从5天 [压缩至] 3天.
_CHANGE_TO_RE = re.compile(r"\s*[\u4e00-\u9fff]{0,4}?(?:到|至)\s*\d")


def _alternatives(words: dict[str, str], guards: dict[str, str] | None = None) -> str:
    """A regex alternation of ``words`` (longest first), each with its look-around."""
    guards = guards or {}
    ordered = sorted(words, key=len, reverse=True)
    return "|".join(guards.get(w, "") + re.escape(w) + words.get(w, "") for w in ordered)


_NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_MULTIPLIER = "|".join(MULTIPLIERS)
# A rate written with a slash belongs to the unit: 10万吨/日, 5.4亿元/平方公里.
# 余/多 between multiplier and unit (1万余家) reads as "more than". A unit
# followed by 级 is a class, not an amount: 10万吨级码头.
_PER = r"(?:/(?:日|天|年|月|小时|人|户|亩|吨|平方米|平方公里))?"
# 标准 before a unit makes a standard one: 1.2万标准亩, 100万标准箱.
_UNIT = (
    rf"(?:(?:{_MULTIPLIER})(?:余|多)?)?(?:{STANDARD_PREFIX})?"
    rf"(?:{_alternatives(ALL_UNITS)}){_PER}(?!级)"
)
# An alternative measure word in brackets is read with the unit: 5000套(间), 100台(套).
_ALTERNATIVE_UNIT = rf"(?:\((?:{_alternatives(COUNT_UNITS)})\))?"
_SUFFIX = _alternatives({w: SUFFIX_LOOKAHEADS.get(w, "") for w in SUFFIX_COMPARATORS})
_PREFIX = _alternatives(dict.fromkeys(PREFIX_COMPARATORS, ""), PREFIX_GUARDS)

# The characters a unit before a range's dash can be written with (a multiplier, 余/多, 标准,
# a unit, a rate): a range is looked for only where a dash, 至 or 到 follows a run of them
# and spaces. Why: the range's first unit is otherwise tried against every unit after every
# number, and most numbers are no range; where the look-ahead fails the range cannot match.
_UNIT_CHARS = "".join(
    sorted(
        set("".join(ALL_UNITS))
        | set("".join(MULTIPLIERS))
        | set("余多" + STANDARD_PREFIX + "/日天年月小时人户亩吨平方米公里")
    )
)
_RANGE_AHEAD = rf"(?=[{re.escape(_UNIT_CHARS)}\s]*(?:[-–—‐~〜]|至|到))"

# A number that is not part of a name or code: nothing glued to its left that
# makes it an ordinal (第), a code (S356, PM2.5, 5G is caught by the unit), a
# path or a formula (1+N, 7×24).
_NUMBER_START = r"(?<![0-9A-Za-z.%/_#+×*\-–—‐~第])"

# 1万余家: the multiplier, then 余 or 多, then the unit.
_MORE_RE = re.compile(rf"({_MULTIPLIER})[余多](.+)")

# Where a quantity can start: the first character of a comparator word, or a digit. Said
# first, it lets the regex engine pass every other position by at once (the optional
# comparator in front would otherwise be tried at each); what is found is the same.
_QUANTITY_START = "(?=[" + re.escape("".join(sorted({w[0] for w in PREFIX_COMPARATORS}))) + r"\d])"

QUANTITY_RE = re.compile(
    rf"""
    {_QUANTITY_START}
    (?:(?P<pre>{_PREFIX})\s*)?
    {_NUMBER_START}(?P<num>{_NUMBER})
    (?:{_RANGE_AHEAD}\s*(?P<unit1>{_UNIT}|{_MULTIPLIER})?\s*(?:[-–—‐~〜]{{1,2}}|至|到)\s*(?P<num2>{_NUMBER}))?
    \s*(?P<more>余|多(?!于))?
    \s*(?P<unit>{_UNIT}){_ALTERNATIVE_UNIT}
    (?:\s*(?P<suf>{_SUFFIX}))?
    """,
    re.VERBOSE,
)

# Chinese numerals only in the unambiguous count form right after a building
# verb ("新建两个急救站"). 一 only after the plainest verbs ("新建一所学校"):
# after 建设/打造/实施 "一个" is rhetoric ("建设一个现代化城区"), and 一批 is never a count.
_CHINESE_DIGITS = {
    "一": 1, "两": 2, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
}  # fmt: skip
_COUNT_VERBS = "|".join(
    "新建 新增 建成 建设 改扩建 新改扩建 续建 完成 开工 引进 培育 创建 举办"
    " 改造 组建 设立 新设 新开".split()
)
_PLAIN_COUNT_VERBS = "新建|新增|改扩建|新改扩建|续建|新设"
CHINESE_QUANTITY_RE = re.compile(
    rf"""
    (?=[{"".join(sorted({verb[0] for verb in _COUNT_VERBS.split("|")}))}])
    (?:(?:{_PLAIN_COUNT_VERBS})(?=一)|(?:{_COUNT_VERBS})(?=[两二三四五六七八九十]))
    (?P<num>[一两二三四五六七八九十]{{1,3}})
    (?P<unit>{_alternatives({k: COUNT_UNITS[k] for k in "个家所座条项名处支场栋幢台辆套间张"})})
    (?:\s*(?P<suf>{_SUFFIX}))?
    """,
    re.VERBOSE,
)

# Spans whose numbers are never targets: slogans and names in quotes, titles of
# documents (《2023年工作要点》), document numbers (〔2023〕5号) and URLs.
_MASKED_SPANS = re.compile(
    r"(?=[“\"「『‘《〔hw/])"  # where one can start: the engine passes other positions by at once
    r"“[^“”]{0,30}”|\"[^\"]{0,30}\"|「[^「」]{0,30}」|『[^『』]{0,30}』|‘[^‘’]{0,30}’"
    r"|《[^《》]{0,60}》|〔[^〔〕]{0,10}〕"
    r"|(?:https?://|www\.)[!-~]+|(?:/[A-Za-z0-9_.\-]+)+"
)
_MASK = "□"
# The groups of a ``QUANTITY_RE`` match that ``_arabic_quantity`` reads, in its order.
_GROUPS = ("num", "num2", "pre", "more", "unit", "suf")


@dataclass(slots=True)
class Quantity:
    """A number with its unit and comparator words, as found in the masked text."""

    start: int  # where the comparator words, or else the number, begin
    end: int  # after the unit and any suffix (以上, 左右)
    value: Decimal
    value_max: Decimal | None
    unit: str
    comparator: str
    prefix_comparator: str | None
    suffix: str

    @property
    def base_unit(self) -> str:
        """The unit without its multiplier or rate: 万个 → 个, 亿元 → 元, 万吨/日 → 吨."""
        return _base_unit(self.unit)


@functools.lru_cache(maxsize=1024)
def _base_unit(unit: str) -> str:
    # Asked several times of every quantity; units are few, so each is worked out once.
    for multiplier in ("", *MULTIPLIERS):
        if not unit.startswith(multiplier):
            continue
        rest = unit[len(multiplier) :].removeprefix(STANDARD_PREFIX)
        for candidate in (rest, rest.rpartition("/")[0]):
            if candidate in ALL_UNITS:
                return candidate
    return unit


def normalise_with_origin(text: str) -> tuple[str, Sequence[int]]:
    """
    NFKC, one character at a time, with the index in ``text`` of every
    character of the result, so a phrase found in the normal form can be cut
    from the text as given (full-width digits become one digit each, but
    ㎡ becomes two characters).
    """
    if unicodedata.is_normalized("NFKC", text):
        # Every character of a normalised text is its own NFKC (the reader's cells
        # are normalised already), so each stays where it is: a range, not a list.
        return text, range(len(text))
    pieces: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        folded = unicodedata.normalize("NFKC", char)
        pieces.append(folded)
        origin.extend([index] * len(folded))
    return "".join(pieces), origin


def mask(text: str) -> str:
    """Blank out the inside of quotes, titles and URLs, keeping every offset."""

    def blank(match: re.Match) -> str:
        inner = match.group()
        if inner[0] in '“"「『‘《〔' and len(inner) >= 2:
            return inner[0] + _MASK * (len(inner) - 2) + inner[-1]
        return _MASK * len(inner)

    return _MASKED_SPANS.sub(blank, text)


def find_quantities(masked: str) -> list[Quantity]:
    """Every number + unit that can be a target, Arabic and Chinese numerals, in order."""
    found = [q for m in QUANTITY_RE.finditer(masked) if (q := _arabic_quantity(masked, m))]
    chinese = [q for m in CHINESE_QUANTITY_RE.finditer(masked) if (q := _chinese_quantity(m))]
    if not chinese:
        return found  # in order already
    return sorted(found + chinese, key=lambda q: q.start)


def _arabic_quantity(masked: str, match: re.Match) -> Quantity | None:
    """Read one ``QUANTITY_RE`` match; None for ranges that are not and idle durations."""
    # Every group at once: one call instead of one a group (every number of every goal).
    number, number_max, prefix, more, unit, suffix = match.group(*_GROUPS)
    try:
        value = Decimal(number.replace(",", ""))
        value_max = Decimal(number_max.replace(",", "")) if number_max else None
    except InvalidOperation:
        return None
    if value_max is not None and value_max <= value:
        return None
    suffix = suffix or ""
    prefix_comparator = PREFIX_COMPARATORS.get(prefix) if prefix else None
    if value_max is not None:
        comparator = "range"
    elif suffix:
        comparator = SUFFIX_COMPARATORS[suffix]
    elif more:
        comparator = "gte"  # 100余家, 100多家
    else:
        comparator = prefix_comparator or "eq"
    # The unit group holds no whitespace (no unit word has any), so it is the unit as is.
    if "余" in unit or "多" in unit:
        found = _MORE_RE.fullmatch(unit)
        if found:  # 1万余家: 1 万家, at least
            unit = found[1] + found[2]
            comparator = "gte" if comparator == "eq" else comparator
    end = match.end()
    if unit in DURATION_UNITS and not suffix and masked.startswith("内", end):
        # 30个工作日内: a cap when brought down to it, a service time otherwise.
        if not (prefix_comparator or _CAPPING_VERBS_RE.search(masked, 0, match.start())):
            return None
        end, suffix, comparator = end + 1, "内", "lte"
    # Positional, in the fields' order: a call by keyword costs twice as much.
    quantity = Quantity(
        match.start(), end, value, value_max, unit, comparator, prefix_comparator, suffix
    )
    base_unit = _base_unit(unit)
    if base_unit in DURATION_UNITS and not _is_duration_target(masked, quantity):
        return None
    if base_unit == "期" and not _is_training_run(masked, quantity):
        return None
    return quantity


def _is_duration_target(masked: str, quantity: Quantity) -> bool:
    """
    A duration is a target when compared or brought to a value (压缩至3个工作日,
    2小时以内), or where such a change starts (从5天压缩至3天).
    """
    if quantity.comparator != "eq":
        return True
    before = masked[max(0, quantity.start - 2) : quantity.start].rstrip()
    return before.endswith(("至", "到", "达", "为", "在")) or bool(
        _CHANGE_TO_RE.match(masked, quantity.end)
    )


def _is_training_run(masked: str, quantity: Quantity) -> bool:
    """期 counts runs of training ("举办3期培训班", "培训200期"), not phases (2期工程)."""
    before = masked[max(0, quantity.start - 8) : quantity.start]
    after = masked[quantity.end : quantity.end + 8]
    before = re.split(r"[,;。:、!?]", before)[-1]
    after = re.split(r"[,;。:、!?]", after)[0]
    return bool(re.search("培训|研修|训练|讲座|论坛|班|沙龙", before + after))


def _chinese_quantity(match: re.Match) -> Quantity | None:
    """Read one ``CHINESE_QUANTITY_RE`` match ("新建两个急救站" → 2 个)."""
    value = _chinese_number(match["num"])
    if value is None:
        return None
    suffix = match["suf"] or ""
    return Quantity(
        start=match.start("num"),
        end=match.end(),
        value=Decimal(value),
        value_max=None,
        unit=match["unit"],
        comparator=SUFFIX_COMPARATORS.get(suffix, "eq"),
        prefix_comparator=None,
        suffix=suffix,
    )


def _chinese_number(numeral: str) -> int | None:
    """两 → 2, 十二 → 12, 三十 → 30; None for anything that is not a number below 100."""
    if "十" not in numeral:
        return _CHINESE_DIGITS.get(numeral)
    tens, _, ones = numeral.partition("十")
    if "十" in ones or len(tens) > 1 or len(ones) > 1 or tens == "两":
        return None
    tens_value = _CHINESE_DIGITS.get(tens, 1 if not tens else None)
    ones_value = _CHINESE_DIGITS.get(ones, 0 if not ones else None)
    if tens_value is None or ones_value is None or ones == "两":
        return None
    return tens_value * 10 + ones_value
