"""
Each claim of a review matched to one of the year's targets, and the verdict
on what it claims.

A claim answers for a target when both count the same thing in the same
unit: the units must be one unit with any multiplier (143.02万人 is read
against 120万人, 1.2万个 against 11000个), and the subjects alike — most of
the target's words found in the claim's, once the ways reports name the same
figure are made one (GDP, 生产总值, 经济增长 → 地区生产总值), and never a
rise claimed for a fall promised (能耗下降 is not 增长). The most similar
target wins; several claims may answer for one target (a review repeats its
headline figures).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal

from ..indicators import MULTIPLIERS
from .reader import ClaimDraft

# A claim answers for a target whose subject words it holds at least this much.
MIN_SIMILARITY = 0.6

_SCALES = {
    "万亿": Decimal("1e12"),
    "千万": Decimal("1e7"),
    "百万": Decimal("1e6"),
    "十万": Decimal("1e5"),
    "亿": Decimal("1e8"),
    "万": Decimal("1e4"),
    "千": Decimal("1e3"),
    "百": Decimal("1e2"),
}
# Ways of naming the same figure, made one before subjects are compared.
_SAME_FIGURE = (
    (re.compile(r"国内生产总值|GDP|(?<!地区)生产总值"), "地区生产总值"),
    (re.compile(r"(?<![\u4e00-\u9fff])经济增长|^经济增长|经济增速"), "地区生产总值增长"),
    (re.compile(r"高新技术企业"), "高企"),
)
# Words that say where or when, not what: 全省, 全区, 预计全年.
_NOISE_RE = re.compile(r"预计|全年|全省|全市|全区|全县|全国|全镇|累计|同比|比上年|共计|总计")
_UP_RE = re.compile(r"增长|提高|提升|增加|上升|新增|净增")
_DOWN_RE = re.compile(r"下降|降低|减少|压减|压降|缩短")
_PERCENT_UNITS = {"%", "个百分点", "百分点", "‰"}


@dataclass(frozen=True)
class Target:
    """One of the year's targets a claim may answer for; ``key`` is the caller's."""

    key: object
    name: str
    unit: str
    value: Decimal
    comparator: str = "eq"
    phrase: str = ""


def _split_unit(unit: str) -> tuple[str, Decimal]:
    """A unit's base and the factor of its multiplier: 万人 → (人, 10000), % → (%, 1)."""
    unit = unicodedata.normalize("NFKC", unit or "").replace(" ", "")
    if unit in _PERCENT_UNITS:
        return unit, Decimal(1)
    for multiplier in MULTIPLIERS:  # longest first
        if unit.startswith(multiplier) and len(unit) > len(multiplier):
            return unit[len(multiplier) :], _SCALES[multiplier]
    return unit, Decimal(1)


def convert(value: Decimal, from_unit: str, to_unit: str) -> Decimal | None:
    """``value`` in ``from_unit`` expressed in ``to_unit``; None when the units differ."""
    base_from, factor_from = _split_unit(from_unit)
    base_to, factor_to = _split_unit(to_unit)
    if base_from != base_to:
        return None
    return Decimal(value) * factor_from / factor_to


def _normal(subject: str) -> str:
    text = unicodedata.normalize("NFKC", subject or "").replace(" ", "")
    for pattern, name in _SAME_FIGURE:
        text = pattern.sub(name, text)
    return _NOISE_RE.sub("", text)


def _bigrams(text: str) -> set[str]:
    if len(text) < 2:
        return {text} if text else set()
    return {text[i : i + 2] for i in range(len(text) - 1)}


def subject_similarity(claim_subject: str, target_name: str) -> float:
    """
    The share of the target's words (character pairs) the claim's subject
    holds, 0 when one speaks of a rise and the other of a fall.
    """
    claim, target = _normal(claim_subject), _normal(target_name)
    rises = (bool(_UP_RE.search(claim)), bool(_UP_RE.search(target)))
    falls = (bool(_DOWN_RE.search(claim)), bool(_DOWN_RE.search(target)))
    if (rises[0] and falls[1] and not falls[0]) or (falls[0] and rises[1] and not rises[0]):
        return 0.0
    wanted = _bigrams(target)
    if not wanted:
        return 0.0
    return len(wanted & _bigrams(claim)) / len(wanted)


def best_target(claim: ClaimDraft, targets: list[Target]) -> tuple[Target | None, float]:
    """The target ``claim`` answers for and how alike their subjects are, or (None, 0)."""
    best, best_score = None, 0.0
    for target in targets:
        if convert(claim.value, claim.unit, target.unit) is None:
            continue
        score = subject_similarity(claim.subject, target.name)
        if score >= MIN_SIMILARITY and score > best_score:
            best, best_score = target, score
    return best, best_score


def match_claims(
    claims: list[ClaimDraft], targets: list[Target]
) -> list[tuple[ClaimDraft, Target | None, float]]:
    """Each claim with the target it answers for (None: never a target) and the similarity."""
    return [(claim, *best_target(claim, targets)) for claim in claims]


# -- the verdict ----------------------------------------------------------------------------

CONSISTENT = "consistent"
BETTER = "better"
WORSE = "worse"
UNREPORTED = "unreported"


def _places(value: Decimal) -> int:
    exponent = Decimal(value).normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def judge(claimed: Decimal, reported: Decimal | None, *, lower_is_better: bool) -> str:
    """
    How a claimed value stands against the last value reported and approved
    (both in the target's unit): consistent when they agree to the claim's
    precision (a review rounds: 5.8 claims 5.79), else better or worse than
    reported, by the target's sense (for 控制在…以内 lower is better);
    ``unreported`` when nothing was approved to compare with.
    """
    if reported is None:
        return UNREPORTED
    claimed, reported = Decimal(claimed), Decimal(reported)
    places = _places(claimed)
    step = Decimal(1).scaleb(-places)
    if abs(claimed - reported) <= step / 2:
        return CONSISTENT
    higher = claimed > reported
    return BETTER if higher != lower_is_better else WORSE
