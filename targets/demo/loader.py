"""
Load the Hongshan 2023 demo (``hongshan_2023``) into the database: the plan
with its outline, goals, owners and indicators, one account per department
plus a supervisor, a leader and an admin, and three quarters of progress
reports with their review (Q1–Q2 approved; Q3 mostly approved, a few waiting,
one returned), the reporting periods (Q1–Q3 closed, Q4 open) and a few
owners' milestones, so every page has something realistic to show; and the
year's assessment (``targets.demo.assessment``): published, one objection answered;
and the inbox and console group robots (``targets.demo.notifications``).

Loading is idempotent: every row is found by its natural key and written only
when it differs, so a second run changes nothing (not even history rows).
The quarters' reports are ``targets.demo.quarters``; the year's end (final
results, goals carried into a 2024 plan in the making, a claims check of an
invented 2024 review) is ``targets.demo.year_end``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import check_password, make_password
from django.db import transaction

from accounts.choices import Role
from targets.choices import PlanState
from targets.io.report import read_report
from targets.models import (
    Department,
    Goal,
    Leader,
    Plan,
)
from targets.services.plan_imports import goal_codes, plan_import, section_codes

from . import decomposition
from . import hongshan_2023 as demo
from .assessment import load_assessment
from .notifications import load_notifications
from .quarters import load_quarters
from .records import upsert
from .year_end import load_year_end

SOURCE_PATH = Path(__file__).with_name(demo.SOURCE_FILE)

SUPERVISOR_USERNAME = "supervisor"
LEADER_USERNAME = "leader"
ADMIN_USERNAME = "admin"
MAYOR_POSITION = "区长"
DEMO_MAIL_DOMAIN = "hongshan.example"


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
        plan = next(iter(goals.values())).plan
        load_quarters(plan, goals, users, users[SUPERVISOR_USERNAME])
        load_year_end(plan, goals, users)
        load_assessment(plan, users)
        load_notifications(plan, users[SUPERVISOR_USERNAME])
    return accounts


def _load_departments() -> dict[str, Department]:
    departments = {}
    for order, entry in enumerate(demo.DEPARTMENTS, start=1):
        departments[entry["code"]] = upsert(
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
        leaders[entry["name"]] = upsert(
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
    draft.opening_chapter = demo.OPENING_CHAPTER
    read_codes = [code for _, code, _ in goal_codes(draft)]
    if sorted(read_codes) != sorted(decomposition.GOALS):
        raise DemoLoadError(
            "The report reader and the demo's goal list disagree: "
            f"read {len(read_codes)} goals, the demo decomposes {len(decomposition.GOALS)}."
        )
    short_names = {code: d.short_name for code, d in departments.items()}
    for goal, code, _ in goal_codes(draft):
        entry = decomposition.GOALS[code]
        goal.title = entry["title"]
        goal.lead_departments = [short_names[c] for c in entry["lead"]]
        goal.co_departments = [short_names[c] for c in entry["support"]]
        goal.leaders = list(entry["leaders"])
        goal.deadline = entry["deadline"]
    for section, code, _ in section_codes(draft):
        section.leaders = list(decomposition.SECTION_LEADERS.get(code, []))
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
        users[username] = upsert(
            user_model,
            {"username": username},
            {
                "role": role,
                "department_id": department.pk if department else None,
                "first_name": "",
                "last_name": full_name,
                # Reminders reach every demo department (printed on the console,
                # the demo's mail backend); .example is reserved, so never mailed.
                "email": f"{username}@{DEMO_MAIL_DOMAIN}",
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
