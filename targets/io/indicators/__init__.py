"""
Numeric targets (指标) in one goal's text: "新增泊位1.1万个、充电桩3200个" → 1.1 万个 and 3200 个.

``extract_indicators`` reads one sentence or short numbered item of a work
report (政府工作报告) or decomposition plan (分解方案) and returns an
``IndicatorDraft`` for every quantity that is a target, in order of
appearance. It favours precision over recall: a number only counts when a
known unit follows it, so names (12号线, 107国道, S356, 5G, 500强), dates
(2023年, 7月份, 1-10月) and slogans in quotes (“十四五”, “七个一”) fall away.

The text is read in three passes over a masked copy (quoted slogans, book
titles and URLs blanked out, offsets kept):

1. every number + unit, with its comparator words (不低于, 以上, 左右, 6%-7%);
2. the clause fragments between , ; 。 : 、 (and 和/及/与/并 where they join
   two quantities), which bound each phrase;
3. within a fragment, quantities that describe a noun instead of counting it
   ("10亿元以上产业项目4个": only 4 个) and starting points of a change
   ("由68%提高到70%": only 70%) are dropped, and the rest become drafts
   whose phrase runs from the fragment's start to the unit, or on to the
   counted noun when the number comes first ("新建2个综合公园").

Pure Python on purpose (no Django): the report reader and the Word and Excel
readers all call it, and it is tested on plain strings.

- ``units``: the word tables: units, multipliers, comparators, separators;
- ``matching``: the masked copy and pass 1, the quantities found in it;
- ``phrases``: passes 2 and 3, fragments, what is dropped, each phrase and its name;
- ``extract``: ``extract_indicators``, the passes put together.
"""

from .extract import extract_indicators
from .matching import CHINESE_QUANTITY_RE, QUANTITY_RE
from .units import (
    ALL_UNITS,
    AMOUNT_UNITS,
    CONTINUATIONS,
    COUNT_UNITS,
    DURATION_UNITS,
    LIMIT_SUFFIXES,
    MULTIPLIERS,
    PREFIX_COMPARATORS,
    PREFIX_GUARDS,
    SEPARATORS,
    SUFFIX_COMPARATORS,
    SUFFIX_LOOKAHEADS,
)

__all__ = [
    "ALL_UNITS",
    "AMOUNT_UNITS",
    "CHINESE_QUANTITY_RE",
    "CONTINUATIONS",
    "COUNT_UNITS",
    "DURATION_UNITS",
    "LIMIT_SUFFIXES",
    "MULTIPLIERS",
    "PREFIX_COMPARATORS",
    "PREFIX_GUARDS",
    "QUANTITY_RE",
    "SEPARATORS",
    "SUFFIX_COMPARATORS",
    "SUFFIX_LOOKAHEADS",
    "extract_indicators",
]
