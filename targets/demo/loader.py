"""
Load the Hongshan 2023 demo (``hongshan_2023``) into the database: the plan
with its outline, goals, owners and indicators, one account per department
plus a supervisor, a leader and an admin, and three quarters of progress
reports with their review (Q1–Q2 approved; Q3 mostly approved, a few waiting,
one returned), the reporting periods (Q1–Q3 closed, Q4 open) and a few
owners' milestones, so every page has something realistic to show.

Loading is idempotent: every row is found by its natural key and written only
when it differs, so a second run changes nothing (not even history rows).
The quarterly reports are generated deterministically from each goal's code,
never from the clock, so every run and every machine gets the same demo.
"""

from __future__ import annotations

import calendar
import datetime
import random
from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import check_password, make_password
from django.db import transaction

from accounts.choices import Role
from targets.choices import PeriodState, PlanState, ReviewState, UpdateAction, UpdateStatus
from targets.formatting import format_number
from targets.io.report import read_report
from targets.models import (
    Department,
    Goal,
    GoalMilestone,
    Indicator,
    IndicatorActual,
    Leader,
    Plan,
    QuarterlyUpdate,
    ReportingPeriod,
    UpdateEvent,
)
from targets.periods import default_due_date
from targets.progress import ProgressValues, expected_percent, suggest_status
from targets.services.plan_imports import goal_codes, plan_import, section_codes

from . import hongshan_2023 as demo

SOURCE_PATH = Path(__file__).with_name(demo.SOURCE_FILE)
SHANGHAI = ZoneInfo("Asia/Shanghai")
QUARTERS = (1, 2, 3)

SUPERVISOR_USERNAME = "supervisor"
LEADER_USERNAME = "leader"
ADMIN_USERNAME = "admin"
MAYOR_POSITION = "区长"

# Counted things are reported in whole units; amounts to one decimal, and
# 万个 to two so that 0.72万个 (7200 parking spaces) can be told from 0.7万个.
_COUNT_UNITS = {"个", "家", "名", "条", "座", "所"}
_FINE_UNITS = {"万个"}


@dataclass(frozen=True)
class DemoAccount:
    """A demo sign-in: ``department`` is the department's short name, or "" for none."""

    username: str
    role: str
    department: str


class DemoLoadError(Exception):
    """The demo cannot be loaded into this database as it stands."""


def demo_load(*, password: str) -> list[DemoAccount]:
    """
    Create or update the demo plan, its goals and quarterly updates, and the
    demo accounts, all with ``password``, in one transaction. Returns the
    accounts: department staff in department order, then the supervisor, the
    leader and the admin.

    Updates that exist but are not part of the demo (e.g. a Q3 report made
    through the site for a goal the demo leaves unreported) are kept.

    Raises ``DemoLoadError`` when another plan is already active for the
    demo's year; nothing is written then.
    """
    source_text = SOURCE_PATH.read_text(encoding="utf-8")
    with transaction.atomic():
        departments = _load_departments()
        leaders = _load_leaders()
        goals = _load_plan(source_text, departments, leaders)
        users, accounts = _load_users(departments, leaders, password)
        supervisor = users[SUPERVISOR_USERNAME]
        plan = next(iter(goals.values())).plan
        _load_periods(plan, supervisor)
        for code, entry in demo.GOALS.items():
            _load_milestones(goals[code], demo.MILESTONES.get(code, {}))
            _load_updates(code, entry, goals[code], users[entry["lead"][0]], supervisor)
    return accounts


def _upsert(model, lookup: dict, values: dict):
    """
    ``update_or_create`` that saves only when a value differs, so that a
    second run leaves ``updated_at`` and the history tables untouched.
    """
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        return model.objects.create(**lookup, **values)
    changed = False
    for field, value in values.items():
        if getattr(obj, field) != value:
            setattr(obj, field, value)
            changed = True
    if changed:
        obj.save()
    return obj


def _load_departments() -> dict[str, Department]:
    departments = {}
    for order, entry in enumerate(demo.DEPARTMENTS, start=1):
        departments[entry["code"]] = _upsert(
            Department,
            {"code": entry["code"]},
            {
                "name": entry["name"],
                "short_name": entry["short_name"],
                "kind": entry["kind"],
                "active": True,
                "order": order,
            },
        )
    return departments


def _load_leaders() -> dict[str, Leader]:
    leaders = {}
    for order, entry in enumerate(demo.LEADERS, start=1):
        leaders[entry["name"]] = _upsert(
            Leader, {"name": entry["name"]}, {"position": entry["position"], "order": order}
        )
    return leaders


def _load_plan(source_text: str, departments, leaders) -> dict[str, Goal]:
    """
    Read the report with the reader, add what the supervision office decided
    (owners, leaders, titles, deadlines) and apply it like any import.
    Returns the plan's goals by code.
    """
    year, title = demo.PLAN["year"], demo.PLAN["title"]
    other_active = (
        Plan.objects.filter(year=year, state=PlanState.ACTIVE).exclude(title=title).first()
    )
    if other_active is not None:
        raise DemoLoadError(
            f"Another plan is already active for {year}: “{other_active.title}”. "
            "Archive it before loading the demo."
        )
    draft = read_report(source_text, year=year, title=title, source_name=demo.SOURCE_FILE)
    read_codes = [code for _, code, _ in goal_codes(draft)]
    if sorted(read_codes) != sorted(demo.GOALS):
        raise DemoLoadError(
            "The report reader and the demo's goal list disagree: "
            f"read {len(read_codes)} goals, the demo decomposes {len(demo.GOALS)}."
        )
    short_names = {code: d.short_name for code, d in departments.items()}
    for goal, code, _ in goal_codes(draft):
        entry = demo.GOALS[code]
        goal.title = entry["title"]
        goal.lead_departments = [short_names[c] for c in entry["lead"]]
        goal.co_departments = [short_names[c] for c in entry["support"]]
        goal.leaders = list(entry["leaders"])
        goal.deadline = entry["deadline"]
    for section, code, _ in section_codes(draft):
        section.leaders = list(demo.SECTION_LEADERS.get(code, []))
    result = plan_import(
        draft, source_name=demo.SOURCE_FILE, activate=True, create_departments=False
    )
    return {goal.code: goal for goal in result.plan.goals.all()}


def _load_users(departments, leaders, password):
    """One staff account per department, then the supervisor, the leader and the admin."""
    user_model = get_user_model()
    specs = [
        (entry["code"], Role.STAFF, departments[entry["code"]], entry["staff_name"])
        for entry in demo.DEPARTMENTS
    ]
    mayor = next(e["name"] for e in demo.LEADERS if e["position"] == MAYOR_POSITION)
    specs += [
        (SUPERVISOR_USERNAME, Role.SUPERVISOR, None, demo.SUPERVISOR_NAME),
        (LEADER_USERNAME, Role.LEADER, None, mayor),
        (ADMIN_USERNAME, Role.ADMIN, None, demo.ADMIN_NAME),
    ]
    hashed = _password_hash(password, [spec[0] for spec in specs])

    users, accounts = {}, []
    for username, role, department, full_name in specs:
        users[username] = _upsert(
            user_model,
            {"username": username},
            {
                "role": role,
                "department_id": department.pk if department else None,
                "first_name": "",
                "last_name": full_name,
                "is_active": True,
                "is_staff": role == Role.ADMIN,
                "is_superuser": role == Role.ADMIN,
                "password": hashed,
            },
        )
        accounts.append(
            DemoAccount(username, role.value, department.short_name if department else "")
        )

    mayor_leader = leaders[mayor]
    if mayor_leader.user_id != users[LEADER_USERNAME].pk:
        mayor_leader.user = users[LEADER_USERNAME]
        mayor_leader.save()
    return users, accounts


def _password_hash(password: str, usernames: list[str]) -> str:
    """
    One hash for all demo accounts. Hashing is slow on purpose, so it is done
    once, not per account; and a hash that already matches is kept, so a
    second run neither rewrites the users nor signs anyone out.
    """
    existing = set(
        get_user_model().objects.filter(username__in=usernames).values_list("password", flat=True)
    )
    for hashed in existing:
        if check_password(password, hashed):
            return hashed
    return make_password(password)


# ---------------------------------------------------------------------------
# Quarterly updates


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
    """Q1–Q3 closed by the supervision office a few days after their due date; Q4 open."""
    for quarter in (1, 2, 3, 4):
        due = default_due_date(plan, quarter)
        closed = quarter in QUARTERS
        closed_at = (
            datetime.datetime(due.year, due.month, due.day, 17, 30, tzinfo=SHANGHAI)
            + datetime.timedelta(days=7)
            if closed
            else None
        )
        _upsert(
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
        _upsert(
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
    trajectory = demo.TRAJECTORIES[demo.STORYLINE.get(code, "steady")]
    indicators = list(goal.indicators.order_by("order"))
    milestones = {q: p for q, (p, _note) in demo.MILESTONES.get(code, {}).items()}
    lead_name = _short_name(entry["lead"][0])
    cumulative = {indicator.pk: Decimal(0) for indicator in indicators}

    for quarter, step in zip(QUARTERS, trajectory, strict=True):
        if step is None:
            continue
        status, low, high = step
        percent = rng.randint(low, high)
        for indicator in indicators:
            jitter = Decimal(str(round(rng.uniform(0.94, 1.04), 3)))
            value = _actual_value(indicator, status, percent, jitter)
            # Cumulative figures never go down from one quarter to the next.
            cumulative[indicator.pk] = max(cumulative[indicator.pk], value)
        actuals = [(indicator, cumulative[indicator.pk]) for indicator in indicators]
        expected = expected_percent(goal, quarter, milestones)
        suggested = suggest_status(
            ProgressValues(percent, indicators, {i.pk: v for i, v in actuals}),
            expected,
            goal.plan,
        )

        troubled = status in (UpdateStatus.AT_RISK, UpdateStatus.BEHIND, UpdateStatus.NOT_STARTED)
        submitted_at = _submitted_at(quarter, rng)
        review = _review(code, quarter, submitted_at, supervisor, review_rng)
        update = _upsert(
            QuarterlyUpdate,
            {"goal": goal, "year": demo.PLAN["year"], "quarter": quarter},
            {
                "status": status,
                "percent_complete": percent,
                "progress": _progress(entry, quarter, status, percent, actuals, lead_name, rng),
                "problems": demo.PROBLEMS.get(code, "") if troubled else "",
                "next_steps": "下一步，" + rng.choice(_NEXT_STEPS[status]),
                "submitted_by_id": submitter.pk,
                "submitted_at": submitted_at,
                "expected_percent": expected,
                "suggested_status": suggested,
                "override_reason": "" if status == suggested else demo.OVERRIDE_REASONS[status],
                **review["fields"],
            },
        )
        for indicator, value in actuals:
            _upsert(IndicatorActual, {"update": update, "indicator": indicator}, {"value": value})
        _upsert_event(update, UpdateAction.SUBMITTED, submitter, submitted_at, "")
        if review["event"] is not None:
            _upsert_event(update, *review["event"])


def _review(code: str, quarter: int, submitted_at, supervisor, rng) -> dict:
    """The review state of a demo report, and the review event if it was reviewed."""
    reviewed_at = submitted_at + datetime.timedelta(
        days=rng.randint(1, 4), hours=rng.randint(0, 2), minutes=rng.choice((0, 10, 20, 30))
    )
    if quarter == 3 and code in demo.WAITING_Q3:
        fields = {
            "review_state": ReviewState.SUBMITTED,
            "reviewed_by_id": None,
            "reviewed_at": None,
            "review_comment": "",
        }
        return {"fields": fields, "event": None}
    if quarter == 3 and code in demo.RETURNED_Q3:
        comment = demo.RETURNED_Q3[code]
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
