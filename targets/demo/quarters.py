"""
The demo's three quarters of progress (``storyline``) written into the
database: the reporting periods (Q1–Q3 closed, Q4 open), the owners'
milestones, each goal's Q1–Q3 reports with their figures, and their review.
The reports are generated deterministically from each goal's code, never from
the clock, so every run and every machine gets the same demo.
"""

from __future__ import annotations

import calendar
import datetime
import random
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

from django.utils import timezone

from targets.choices import PeriodState, ReviewState, UpdateAction, UpdateStatus
from targets.formatting import format_number
from targets.models import (
    Goal,
    GoalMilestone,
    Indicator,
    IndicatorActual,
    Plan,
    QuarterlyUpdate,
    ReportingPeriod,
    UpdateEvent,
)
from targets.periods import default_due_date
from targets.progress import ProgressValues, expected_percent, suggest_status

from . import decomposition, storyline
from . import hongshan_2023 as demo
from .records import upsert

SHANGHAI = ZoneInfo("Asia/Shanghai")
QUARTERS = (1, 2, 3)  # reported and closed; Q4 is open
OPEN_PERIOD_DAYS = 14  # the open quarter is due this many days after the demo is loaded

# Counted things are reported in whole units; amounts to one decimal, and
# 万个 to two so that 0.72万个 (7200 parking spaces) can be told from 0.7万个.
_COUNT_UNITS = {"个", "家", "名", "条", "座", "所"}
_FINE_UNITS = {"万个"}


def load_quarters(plan: Plan, goals: dict[str, Goal], users: dict, supervisor) -> None:
    """The periods, and every goal's milestones and Q1–Q3 reports with their review."""
    _load_periods(plan, supervisor)
    for code, entry in decomposition.GOALS.items():
        _load_milestones(goals[code], storyline.MILESTONES.get(code, {}))
        _load_updates(code, entry, goals[code], users[entry["lead"][0]], supervisor)


# What a lead department writes when a goal has no figures to quote, by
# quarter; {n} and {k} are filled with small counts of meetings and issues.
_WORK_DONE = {
    1: (
        "已制定年度工作方案，明确任务分工和时间节点",
        "已召开专题部署会，将年度任务分解到科室和责任人",
        "已梳理形成年度任务清单，建立按月调度机制",
    ),
    2: (
        "已召开专题调度会{n}次，协调解决问题{k}个",
        "已完成上半年既定任务，形成阶段性成果",
        "已组织开展督导检查{n}轮，推动各项措施落地",
    ),
    3: (
        "已召开调度会{n}次，重点任务进入攻坚阶段",
        "已完成年度任务的主体工作，正在查漏补缺",
        "已累计协调解决问题{k}个，各项工作按计划推进",
    ),
}
_WORK_LATE = (
    "部分子项推进慢于计划，已梳理形成问题清单",
    "已推进部分前期工作，整体进度滞后于时间节点",
)
_NEXT_STEPS = {
    UpdateStatus.ON_TRACK: (
        "对照时间节点倒排工期，确保年底前完成全年目标。",
        "加强部门协同和跟踪调度，加快推进剩余任务。",
        "持续抓好任务落实，及时研究解决推进中的问题。",
    ),
    UpdateStatus.AT_RISK: (
        "提请分管区领导专题调度，集中力量攻坚，力争四季度追回进度。",
        "建立问题清单和责任清单，每周调度，加快补齐进度短板。",
    ),
    UpdateStatus.NOT_STARTED: ("加快办理前期手续，确保下季度启动实施。",),
    UpdateStatus.COMPLETED: ("做好总结评估，巩固工作成效，防止问题反弹。",),
}
_NEXT_STEPS[UpdateStatus.BEHIND] = _NEXT_STEPS[UpdateStatus.AT_RISK]


def _load_periods(plan: Plan, supervisor) -> None:
    """
    Q1–Q3 closed by the supervision office a week after their due date; Q4 open
    and due ``OPEN_PERIOD_DAYS`` after the day the demo is loaded, so the demo
    is alive on any date: reports are due in the coming weeks, not years ago,
    while the plan stays the report's own year.
    """
    for quarter in (1, 2, 3, 4):
        closed = quarter in QUARTERS
        due = (
            default_due_date(plan, quarter)
            if closed
            else timezone.localdate() + datetime.timedelta(days=OPEN_PERIOD_DAYS)
        )
        closed_at = (
            datetime.datetime(due.year, due.month, due.day, 17, 30, tzinfo=SHANGHAI)
            + datetime.timedelta(days=7)
            if closed
            else None
        )
        upsert(
            ReportingPeriod,
            {"plan": plan, "year": plan.year, "quarter": quarter},
            {
                "due_date": due,
                "state": PeriodState.CLOSED if closed else PeriodState.OPEN,
                "closed_at": closed_at,
                "closed_by_id": supervisor.pk if closed else None,
            },
        )


def _load_milestones(goal: Goal, milestones: dict) -> None:
    for quarter, (percent, note) in milestones.items():
        upsert(
            GoalMilestone,
            {"goal": goal, "quarter": quarter},
            {"expected_percent": percent, "note": note},
        )


def _load_updates(code: str, entry: dict, goal: Goal, submitter, supervisor) -> None:
    """
    Write the goal's Q1–Q3 reports along its storyline trajectory, with the
    expected progress and suggested status of each, and their review. The
    random generator is seeded with the goal's code, so the figures are the
    same on every run; draws happen in a fixed order whatever is already
    stored (review times draw from a generator of their own).
    """
    rng = random.Random(f"{demo.PLAN['year']}/{code}")
    review_rng = random.Random(f"{demo.PLAN['year']}/{code}/review")
    trajectory = storyline.TRAJECTORIES[storyline.STORYLINE.get(code, "steady")]
    indicators = list(goal.indicators.order_by("order"))
    milestones = {q: p for q, (p, _note) in storyline.MILESTONES.get(code, {}).items()}
    lead_name = _short_name(entry["lead"][0])
    cumulative = {indicator.pk: Decimal(0) for indicator in indicators}

    for quarter, step in zip(QUARTERS, trajectory, strict=True):
        if step is None:
            continue
        status, low, high = step
        percent = rng.randint(low, high)
        actuals = _advance(indicators, cumulative, status, percent, rng)
        expected = expected_percent(goal, quarter, milestones)
        suggested = suggest_status(
            ProgressValues(percent, indicators, {i.pk: v for i, v in actuals}),
            expected,
            goal.plan,
        )

        troubled = status in (UpdateStatus.AT_RISK, UpdateStatus.BEHIND, UpdateStatus.NOT_STARTED)
        submitted_at = _submitted_at(quarter, rng)
        review = _review(code, quarter, submitted_at, supervisor, review_rng)
        update = upsert(
            QuarterlyUpdate,
            {"goal": goal, "year": demo.PLAN["year"], "quarter": quarter},
            {
                "status": status,
                "percent_complete": percent,
                "progress": _progress(entry, quarter, status, percent, actuals, lead_name, rng),
                "problems": storyline.PROBLEMS.get(code, "") if troubled else "",
                "next_steps": "下一步，" + rng.choice(_NEXT_STEPS[status]),
                "submitted_by_id": submitter.pk,
                "submitted_at": submitted_at,
                "expected_percent": expected,
                "suggested_status": suggested,
                "override_reason": ""
                if status == suggested
                else storyline.OVERRIDE_REASONS[status],
                **review["fields"],
            },
        )
        for indicator, value in actuals:
            upsert(IndicatorActual, {"update": update, "indicator": indicator}, {"value": value})
        _upsert_event(update, UpdateAction.SUBMITTED, submitter, submitted_at, "")
        if review["event"] is not None:
            _upsert_event(update, *review["event"])


def _advance(indicators, cumulative: dict, status, percent: int, rng) -> list[tuple]:
    """Each indicator's cumulative value this quarter, as ``(indicator, value)``."""
    for indicator in indicators:
        jitter = Decimal(str(round(rng.uniform(0.94, 1.04), 3)))
        value = _actual_value(indicator, status, percent, jitter)
        # Cumulative figures never go down from one quarter to the next.
        cumulative[indicator.pk] = max(cumulative[indicator.pk], value)
    return [(indicator, cumulative[indicator.pk]) for indicator in indicators]


def _review(code: str, quarter: int, submitted_at, supervisor, rng) -> dict:
    """The review state of a demo report, and the review event if it was reviewed."""
    reviewed_at = submitted_at + datetime.timedelta(
        days=rng.randint(1, 4), hours=rng.randint(0, 2), minutes=rng.choice((0, 10, 20, 30))
    )
    if quarter == 3 and code in storyline.WAITING_Q3:
        fields = {
            "review_state": ReviewState.SUBMITTED,
            "reviewed_by_id": None,
            "reviewed_at": None,
            "review_comment": "",
        }
        return {"fields": fields, "event": None}
    if quarter == 3 and code in storyline.RETURNED_Q3:
        comment = storyline.RETURNED_Q3[code]
        fields = {
            "review_state": ReviewState.RETURNED,
            "reviewed_by_id": supervisor.pk,
            "reviewed_at": reviewed_at,
            "review_comment": comment,
        }
        return {
            "fields": fields,
            "event": (UpdateAction.RETURNED, supervisor, reviewed_at, comment),
        }
    fields = {
        "review_state": ReviewState.APPROVED,
        "reviewed_by_id": supervisor.pk,
        "reviewed_at": reviewed_at,
        "review_comment": "",
    }
    return {"fields": fields, "event": (UpdateAction.APPROVED, supervisor, reviewed_at, "")}


def _upsert_event(update, action: str, actor, at, comment: str) -> None:
    """
    One event per update and action in the demo. ``at`` is set with a second
    UPDATE because the model stamps events with the time they are written.
    """
    event = UpdateEvent.objects.filter(update=update, action=action).first()
    if event is None:
        event = UpdateEvent.objects.create(
            update=update, action=action, actor=actor, comment=comment
        )
    elif (event.actor_id, event.comment) != (actor.pk, comment):
        event.actor, event.comment = actor, comment
        event.save(update_fields=["actor", "comment"])
    if event.at != at:
        UpdateEvent.objects.filter(pk=event.pk).update(at=at)


def _short_name(code: str) -> str:
    return next(e["short_name"] for e in demo.DEPARTMENTS if e["code"] == code)


def _actual_value(indicator: Indicator, status: str, percent: int, jitter: Decimal) -> Decimal:
    """
    The cumulative value reported for ``indicator``: the target once the goal
    is completed, nothing before it has started, else about ``percent`` of
    the target, rounded down to the unit's precision and kept below the
    target (a goal that met all its targets would be reported completed).
    """
    target = indicator.target_value
    if status == UpdateStatus.COMPLETED:
        return target
    if status == UpdateStatus.NOT_STARTED:
        return Decimal(0)
    step = _precision(indicator.unit)
    raw = target * Decimal(percent) / 100 * jitter
    value = (raw / step).to_integral_value(rounding=ROUND_DOWN) * step
    return max(Decimal(0), min(value, target - step))


def _precision(unit: str) -> Decimal:
    if unit in _COUNT_UNITS:
        return Decimal(1)
    if unit in _FINE_UNITS:
        return Decimal("0.01")
    return Decimal("0.1")


def _share(value: Decimal, target: Decimal) -> int:
    """``value`` as a whole percentage of ``target``."""
    return int((100 * value / target).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _progress(entry, quarter, status, percent, actuals, lead_name, rng) -> str:
    """The 进展情况 narrative, quoting the cumulative figures when the goal has any."""
    as_of = f"截至{3 * quarter}月底，"
    if status == UpdateStatus.NOT_STARTED:
        return f"{as_of}{entry['title']}正在开展前期工作，尚未实质性启动。"
    if status == UpdateStatus.COMPLETED:
        if actuals:
            return f"{as_of}{_figures(actuals)}，全面完成年度目标。"
        return f"{as_of}{lead_name}牵头的{entry['title']}各项任务已全部完成。"
    if actuals:
        return as_of + _figures_in_progress(actuals, percent)
    phrases = _WORK_DONE[quarter] if status == UpdateStatus.ON_TRACK else _WORK_LATE
    work = rng.choice(phrases).format(n=rng.randint(2, 6), k=rng.randint(3, 12))
    return f"{as_of}{lead_name}{work}，完成年度任务的{percent}%。"


def _figures(actuals) -> str:
    """Figures as a report lists them: "新建综合公园1个、口袋公园3个"."""
    return "、".join(
        f"{indicator.name}{format_number(value)}{indicator.unit}" for indicator, value in actuals
    )


def _figures_in_progress(actuals, percent: int) -> str:
    """
    "净增高企75家，完成全年目标的78%。" Indicators still at zero (a park
    being built) are named as under way; the goal's own percent complete is
    then added, since the figures alone would understate the work done.
    """
    reported = [(indicator, value) for indicator, value in actuals if value > 0]
    pending = [indicator.name for indicator, value in actuals if value == 0]
    parts = []
    if reported:
        shares = [f"{_share(value, indicator.target_value)}%" for indicator, value in reported]
        if len(shares) == 1:
            parts.append(f"{_figures(reported)}，完成全年目标的{shares[0]}")
        else:
            parts.append(f"{_figures(reported)}，分别完成全年目标的{'、'.join(shares)}")
    if not pending:
        return parts[0] + "。"
    parts.append(f"{'、'.join(pending)}正在推进，尚未形成实物量")
    return "；".join(parts) + f"，整体完成年度任务的{percent}%。"


def _submitted_at(quarter: int, rng) -> datetime.datetime:
    """A working-hours moment in the quarter's last month's last ten days (下旬), Beijing time."""
    year, month = demo.PLAN["year"], 3 * quarter
    day = rng.randint(21, calendar.monthrange(year, month)[1])
    hour = rng.choice((9, 10, 11, 14, 15, 16, 17))  # not over lunch
    minute = rng.choice((0, 10, 15, 20, 30, 40, 45, 50))
    return datetime.datetime(year, month, day, hour, minute, tzinfo=SHANGHAI)
