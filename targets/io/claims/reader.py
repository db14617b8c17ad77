"""
``read_claims``: the numbers a work report's review of the past year states,
each a ``ClaimDraft`` with what it counts. A review is prose ("预计全年GDP完成
1200亿元…增长5%"), so every sentence is read with the indicator extractor, as
a plan's goals are; what is not about the past year is left out: the
sections that plan the coming year (二、2024年工作安排), and sentences that
state its targets (今年…主要预期目标…).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal

from ..indicators import extract_indicators

# A heading that starts the plan for the coming year: the review ends there.
_PLAN_HEADING_RE = re.compile(
    r"^\s*(?:[一二三四五六七八九十]+、|第[一二三四五六七八九十]+部分)"
    r".*(?:工作安排|总体要求|主要任务|工作打算|目标任务|重点工作|预期目标)"
)
# A sentence about the coming year's targets, not the past one's results.
_FORWARD_RE = re.compile(r"预期目标|目标是|^(?:今年|明年|新的一年)|将(?:重点)?(?:抓好|实施|推动)")
# Where a sentence ends; a line break ends one too (headings, list items).
_SENTENCE_END_RE = re.compile(r"(?<=[。!?;！？；])|\n")
# A subject that is only a verb of change takes the noun of the claim before it:
# "地区生产总值达12.82万亿元、增长5.8%" → 地区生产总值增长.
_BARE_CHANGE_RE = re.compile(
    r"^(?:同比|比上年|分别)?(?:增长|提高|提升|下降|降低|增加|减少|上升|增速)$"
)
_TRAILING_VERBS_RE = re.compile(r"(?:达到|达|完成|实现|为|总量|规模)+$")


@dataclass
class ClaimDraft:
    """
    One number a review states: the sentence it is in, the phrase as
    written, what it counts (``subject``), its value and unit.
    """

    sentence: str
    phrase: str
    subject: str
    value: Decimal
    unit: str
    comparator: str = "eq"
    value_max: Decimal | None = None


def review_sentences(text: str) -> list[str]:
    """The sentences of the review: up to the first heading of the coming year's plan."""
    kept = []
    for line in (text or "").splitlines():
        if _PLAN_HEADING_RE.match(unicodedata.normalize("NFKC", line)):
            break
        kept.append(line)
    sentences = _SENTENCE_END_RE.split("\n".join(kept))
    return [s.strip() for s in sentences if s and s.strip()]


def read_claims(text: str) -> list[ClaimDraft]:
    """Every number the review states about the past year, in order of appearance."""
    claims: list[ClaimDraft] = []
    for sentence in review_sentences(text):
        if _FORWARD_RE.search(sentence):
            continue
        previous = ""
        for draft in extract_indicators(sentence):
            subject = draft.name
            if _BARE_CHANGE_RE.match(subject) and previous:
                subject = _TRAILING_VERBS_RE.sub("", previous) + subject
            previous = subject
            claims.append(
                ClaimDraft(
                    sentence=sentence,
                    phrase=draft.phrase,
                    subject=subject,
                    value=draft.value,
                    unit=draft.unit,
                    comparator=draft.comparator,
                    value_max=draft.value_max,
                )
            )
    return claims
