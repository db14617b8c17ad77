"""
The demo at the year's end: every goal of the Hongshan 2023 plan with its final
result confirmed by the supervision office, the unfinished and ongoing ones
carried into a 2024 plan that is being prepared (a draft), and a claims check of
an invented 2024 review (``hongshan-2024-review-invented.txt``, which says so in
its first line: no real 2024 text is in the seed) with two matches confirmed.
The year stays open, so a visitor can close it.

Idempotent like the rest of the demo: final results are written only when they
differ, goals already carried and a check already imported are left alone.
"""

from __future__ import annotations

import datetime
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

from targets.choices import CARRIED_RESULTS, GoalResult, PlanState
from targets.models import (
    ClaimCheck,
    Goal,
    GoalOutcome,
    IndicatorOutcome,
    Plan,
)
from targets.selectors.year_end import last_approved_values
from targets.services.claims import claim_check_create, claim_match_set
from targets.services.year_end import goals_carry

from . import decomposition, storyline
from .records import upsert

REVIEW_FILE = "hongshan-2024-review-invented.txt"
REVIEW_TITLE = "2024年洪山区政府工作报告·2023年工作回顾（演示用虚构文本）"
NEXT_PLAN = {"year": 2024, "title": "2024年洪山区政府工作报告（编制中·演示）"}
CONFIRMED_AT = datetime.datetime(2024, 1, 8, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))

# The final result each storyline ends in; a goal whose deadline says the work goes
# on (持续推进) and that did not complete is ongoing.
RESULTS = {
    "steady": GoalResult.COMPLETED,
    "done_by_q2": GoalResult.COMPLETED,
    "done_by_q3": GoalResult.COMPLETED,
    "recovering": GoalResult.MOSTLY,
    "lagging": GoalResult.MOSTLY,
    "late_start": GoalResult.NOT_COMPLETED,
    "slipping": GoalResult.NOT_COMPLETED,
    "stalled": GoalResult.NOT_COMPLETED,
    "unreported_q3": GoalResult.NOT_COMPLETED,
}
_NOTES = {
    GoalResult.MOSTLY: "主体工作已完成，个别子项转入常态化推进。",
    GoalResult.NOT_COMPLETED: "受前期手续和要素保障影响，未完成年度目标，转入下一年度继续推进。",
    GoalResult.ONGOING: "报告明确为持续推进的工作，下一年度继续推进。",
}


def load_year_end(plan: Plan, goals: dict[str, Goal], users: dict) -> None:
    """Final results, the goals carried into 2024 and the claims check (see the module)."""
    supervisor, admin = users["supervisor"], users["admin"]
    for code, goal in goals.items():
        _load_outcome(code, goal, supervisor)
    _carry(plan, admin)
    _check_claims(plan, supervisor)


def _result(code: str) -> str:
    result = RESULTS[storyline.STORYLINE.get(code, "steady")]
    ongoing = "持续" in decomposition.GOALS[code]["deadline"]
    return GoalResult.ONGOING if ongoing and result != GoalResult.COMPLETED else result


def _final_value(indicator, result: str, reported) -> Decimal:
    """The target when completed, nearly it when mostly, else the last approved value."""
    target = indicator.target_value
    if result == GoalResult.COMPLETED:
        return target
    share = Decimal("0.95") if result == GoalResult.MOSTLY else Decimal("0.6")
    value = reported[0] if reported and result != GoalResult.MOSTLY else target * share
    places = (
        Decimal(1) if indicator.unit in ("个", "家", "名", "条", "座", "所") else Decimal("0.1")
    )
    return Decimal(value).quantize(places, rounding=ROUND_HALF_UP)


def _load_outcome(code: str, goal: Goal, supervisor) -> None:
    result = _result(code)
    outcome = upsert(
        GoalOutcome,
        {"goal": goal},
        {
            "result": result,
            "note": _NOTES.get(result, ""),
            "confirmed_by_id": supervisor.pk,
            "confirmed_at": CONFIRMED_AT,
        },
    )
    indicators = list(goal.indicators.all())
    reported = last_approved_values([i.pk for i in indicators])
    for indicator in indicators:
        value = _final_value(indicator, result, reported.get(indicator.pk))
        upsert(IndicatorOutcome, {"outcome": outcome, "indicator": indicator}, {"value": value})


def _carry(plan: Plan, admin) -> None:
    """The unfinished and ongoing goals into next year's plan, in the making (a draft)."""
    target = upsert(Plan, NEXT_PLAN, {"state": PlanState.DRAFT, "source_text": ""})
    goals = list(
        Goal.objects.filter(
            plan=plan,
            archived=False,
            outcome__result__in=CARRIED_RESULTS,
            carried_into__isnull=True,
        ).order_by("order", "pk")
    )
    if goals:
        goals_carry(goals, target, user=admin)


def _check_claims(plan: Plan, supervisor) -> None:
    """The invented review read against the plan; the office confirmed two matches."""
    if ClaimCheck.objects.filter(plan=plan, title=REVIEW_TITLE).exists():
        return
    text = Path(__file__).with_name(REVIEW_FILE).read_text(encoding="utf-8")
    check = claim_check_create(
        plan, title=REVIEW_TITLE, text=text, source_name=REVIEW_FILE, user=supervisor
    )
    for claim in check.claims.filter(indicator__isnull=False).order_by("order")[:2]:
        claim_match_set(claim, claim.indicator, user=supervisor)
