"""
Claims checks, the reads: each claim of the review side by side with the
target it answers for, the last value the department reported and the office
approved, the claimed value in the target's unit and the verdict; and the
plan's targets the review never mentions.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from ..choices import ClaimVerdict, Comparator
from ..io.claims import convert, judge
from ..models import Claim, ClaimCheck, Indicator
from ..periods import Quarter
from ..progress import indicator_met
from .year_end import last_approved_values


@dataclass
class ClaimRow:
    """One line of the check: a claim and its target, or a target no claim mentions."""

    claim: Claim | None
    indicator: Indicator | None
    reported: Decimal | None
    reported_in: Quarter | None
    claimed: Decimal | None  # the claim's value in the target's unit
    verdict: str

    @property
    def met(self) -> bool | None:
        """Whether the claimed value meets the target (None without both)."""
        if self.indicator is None or self.claimed is None:
            return None
        return indicator_met(self.indicator, self.claimed)


def _verdict(indicator, claimed, reported) -> str:
    lower = indicator.comparator == Comparator.LTE
    return ClaimVerdict(judge(claimed, reported, lower_is_better=lower)).value


def claim_rows(check: ClaimCheck) -> list[ClaimRow]:
    """
    The claims in the review's order, then the plan's live targets no claim
    answers for (target not mentioned), in plan order. Three queries.
    """
    claims = list(
        check.claims.select_related("indicator__goal", "matched_by").order_by("order", "pk")
    )
    indicators = list(
        Indicator.objects.filter(goal__plan_id=check.plan_id, goal__archived=False)
        .select_related("goal")
        .order_by("goal__order", "goal_id", "order", "pk")
    )
    reported = last_approved_values([i.pk for i in indicators])
    rows = []
    for claim in claims:
        indicator = claim.indicator
        if indicator is None:
            rows.append(ClaimRow(claim, None, None, None, None, ClaimVerdict.NEVER_A_TARGET))
            continue
        value, quarter = reported.get(indicator.pk, (None, None))
        claimed = convert(claim.value, claim.unit, indicator.unit)
        if claimed is None:  # corrected to a target of another unit: shown as written
            claimed = claim.value
        rows.append(
            ClaimRow(claim, indicator, value, quarter, claimed, _verdict(indicator, claimed, value))
        )
    mentioned = {claim.indicator_id for claim in claims}
    for indicator in indicators:
        if indicator.pk not in mentioned:
            value, quarter = reported.get(indicator.pk, (None, None))
            rows.append(ClaimRow(None, indicator, value, quarter, None, ClaimVerdict.NOT_MENTIONED))
    return rows


def verdict_counts(rows: list[ClaimRow]) -> dict[str, int]:
    """How many lines have each verdict, in the verdicts' order."""
    counts = dict.fromkeys(ClaimVerdict.values, 0)
    for row in rows:
        counts[row.verdict] += 1
    return counts
