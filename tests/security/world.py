"""
The world the security tests run against: the fixed cast (as in tests/conftest.py)
and, for each of two departments, a goal with everything that hangs off it — an
indicator, a submitted quarterly update with an actual value, an evidence file, a
comment — plus the plan's reporting periods, a leader, a pending plan import, a
pending import of accounts and a filled update workbook. Department A's objects
are what the permission matrix aims at; department B's are what a tampered form
points at.

``snapshot()`` is the "nothing changed" check: a row count and a checksum of every
table of the apps that hold Luoshi's data, history tables and many-to-many tables
included.
"""

from __future__ import annotations

import datetime
import hashlib
import io
from dataclasses import dataclass, field
from decimal import Decimal
from unittest import mock

from django.apps import apps
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from openpyxl import load_workbook

from accounts.choices import Role
from accounts.models import User
from targets.choices import PeriodState, ReviewState
from targets.io.account_imports import AccountSheet, PersonEntry, TableColumns, UnitEntry
from targets.io.report import read_report
from targets.models import (
    AccountImport,
    AssessmentAdjustment,
    AssessmentObjection,
    Claim,
    ClaimCheck,
    Department,
    Goal,
    GoalComment,
    Indicator,
    Leader,
    Plan,
    PlanImport,
    QuarterlyUpdate,
    ReportingPeriod,
    UpdateAttachment,
)
from targets.periods import Quarter
from targets.services.account_imports import account_import_create
from targets.services.assessment import (
    assessment_adjustment_add,
    assessment_objection_file,
)
from targets.services.plan_imports import plan_import_create
from targets.services.update_sheets import update_sheet_build
from tests.factories import (
    PDF_BYTES,
    ClaimCheckFactory,
    ClaimFactory,
    DepartmentFactory,
    GoalCommentFactory,
    GoalFactory,
    IndicatorActualFactory,
    IndicatorFactory,
    LeaderFactory,
    PlanFactory,
    QuarterlyUpdateFactory,
    ReportingPeriodFactory,
    UpdateAttachmentFactory,
    UserFactory,
)

ANONYMOUS = "anonymous"
ROLES = (ANONYMOUS, "staff_a", "staff_b", "supervisor", "leader", "admin")

# A two-goal excerpt of a work report, for the pending plan import.
IMPORT_TEXT = """二是塑优势、铸高地，释放经济发展活力。积极服务高水平科技自立自强。

增强创新生态吸引力。健全科技企业梯度培育路径，净增高企96家。评定10名左右产业领军人才。
"""

# Apps whose tables hold what a request could wrongly write. Sessions are left out
# on purpose: a refused request still stores its error message in the session.
SNAPSHOT_APPS = ("accounts", "targets", "admin", "auth", "contenttypes")
# The sessions' table (accounts.sessions), left out for the same reason.
SNAPSHOT_LEFT_OUT = {"accounts.Session"}


@dataclass
class Side:
    """One department's goal and everything hanging off it."""

    department: Department
    goal: Goal
    indicator: Indicator
    update: QuarterlyUpdate
    attachment: UpdateAttachment
    comment: GoalComment


@dataclass(repr=False)  # the workbooks' bytes would fill a failure's report
class World:
    """The cast by role (and ``staff_a2``), department A's side ``a`` and B's ``b``."""

    users: dict[str, User]
    plan: Plan
    period: ReportingPeriod  # Q4, open
    closed_period: ReportingPeriod  # Q3, closed
    leader: Leader
    plan_import: PlanImport
    account_import: AccountImport  # a list naming one new reporter of department A
    a: Side
    b: Side
    # The plan's assessment, a draft: an adjustment for A with evidence, A's objection open.
    adjustment: AssessmentAdjustment
    objection: AssessmentObjection
    # The filled fill-in workbook of department A for 2023 Q4 (.xlsx bytes).
    workbook_a: bytes = b""
    workbook_b: bytes = b""
    # A claims check of the plan (next year's review) with one claim matched to A's target.
    claim_check: ClaimCheck | None = None
    claim: Claim | None = None
    # A session of each user, signed in once for the module: a test that signs in
    # would change the user's last_login, and cost a write, for every request.
    sessions: dict[str, str] = field(default_factory=dict)

    def client(self, role: str, **kwargs) -> Client:
        """A test client signed in as ``role`` (none for the anonymous visitor)."""
        client = Client(**kwargs)
        if role != ANONYMOUS:
            client.cookies[settings.SESSION_COOKIE_NAME] = self.sessions[role]
        return client


def _side(plan, department, code, uploader) -> Side:
    goal = GoalFactory(plan=plan, code=code, title=f"{department}的任务", leads=[department])
    indicator = IndicatorFactory(goal=goal)
    update = QuarterlyUpdateFactory(
        goal=goal,
        quarter=4,
        status="on_track",
        percent_complete=75,
        review_state=ReviewState.SUBMITTED,
        submitted_by=uploader,
    )
    IndicatorActualFactory(update=update, indicator=indicator, value=Decimal("70"))
    attachment = UpdateAttachmentFactory(
        update=update,
        file__filename="attachment.pdf",
        file__data=PDF_BYTES,
        original_name="佐证材料.pdf",
        content_type="application/pdf",
        uploaded_by=uploader,
    )
    comment = GoalCommentFactory(goal=goal, author=uploader, text="请尽快推进。")
    return Side(department, goal, indicator, update, attachment, comment)


def fill_workbook(data: bytes, cells: dict) -> bytes:
    """A fill-in workbook with ``cells`` (e.g. ``{"C4": "正常推进"}``) typed in, as in Excel."""
    book = load_workbook(io.BytesIO(data))
    sheet = book.worksheets[0]
    for ref, value in cells.items():
        sheet[ref] = value
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# Row 4 is the department's only goal, row 5 its indicator (targets/io/update_sheets/layout.py).
WORKBOOK_REPORT = {"C4": "正常推进", "D4": 90, "E5": 90, "H4": "四季度按计划推进，已完成大部分。"}


def build_world() -> World:
    """Create the world; callers wrap it in a transaction that is rolled back."""
    department_a = DepartmentFactory(name="洪山区发展和改革局", short_name="区发改局", code="fgj")
    department_b = DepartmentFactory(name="洪山区科学技术局", short_name="区科技局", code="kjj")
    users = {
        "staff_a": UserFactory(username="staff_a", department=department_a, role=Role.STAFF),
        "staff_a2": UserFactory(username="staff_a2", department=department_a, role=Role.STAFF),
        "staff_b": UserFactory(username="staff_b", department=department_b, role=Role.STAFF),
        "supervisor": UserFactory(username="supervisor", department=None, role=Role.SUPERVISOR),
        "leader": UserFactory(username="leader", department=None, role=Role.LEADER),
        "admin": UserFactory(
            username="admin", department=None, role=Role.ADMIN, is_staff=True, is_superuser=True
        ),
    }
    for user in users.values():
        user.email = f"{user.username}@example.org"
        user.save(update_fields=["email"])
    plan = PlanFactory(year=2023, title="2023年洪山区政府工作报告")
    for quarter in (1, 2, 3, 4):
        ReportingPeriodFactory(
            plan=plan,
            year=2023,
            quarter=quarter,
            due_date=datetime.date(2023, 3 * quarter, 25),
            state=PeriodState.OPEN if quarter == 4 else PeriodState.CLOSED,
        )
    a = _side(plan, department_a, "2.2.3", users["staff_a"])
    b = _side(plan, department_b, "3.1.1", users["staff_b"])
    leader = LeaderFactory(name="王副区长", user=users["leader"])
    a.goal.leaders.add(leader)
    draft = read_report(IMPORT_TEXT, year=2024, title="2024年测试方案", source_name="粘贴的文本")
    plan_import = plan_import_create(draft, user=users["admin"], source_name="粘贴的文本")
    account_import = account_import_create(
        AccountSheet(
            units=[UnitEntry("区发改局", at={"unit": (0, 2)})],
            people=[PersonEntry((0, 2), name="新同事", username="newcomer", unit="区发改局")],
            tables=[TableColumns("名单", {"unit": "A", "name": "B", "username": "C"})],
        ),
        user=users["admin"],
        source_name="名单.xlsx",
    )
    # The template is built as of 2023 Q4 whatever today's date is.
    with mock.patch("targets.selectors.plans.current_quarter", lambda: Quarter(2023, 4)):
        templates = {
            key: update_sheet_build(side.department, Quarter(2023, 4), goals=Goal.objects.all())
            for key, side in (("a", a), ("b", b))
        }
    claim_check = ClaimCheckFactory(plan=plan, created_by=users["supervisor"])
    claim = ClaimFactory(claim_check=claim_check, indicator=a.indicator)
    adjustment = assessment_adjustment_add(
        plan,
        department_a,
        "1.5",
        "获评全省先进单位。",
        user=users["supervisor"],
        evidence=SimpleUploadedFile("通报.pdf", PDF_BYTES, "application/pdf"),
    )
    objection = assessment_objection_file(plan, "第四季度已按时报送。", user=users["staff_a"])
    sessions = {}
    for role, user in users.items():
        client = Client()
        client.force_login(user)
        sessions[role] = client.session.session_key
    return World(
        sessions=sessions,
        users=users,
        plan=plan,
        period=ReportingPeriod.objects.get(plan=plan, quarter=4),
        closed_period=ReportingPeriod.objects.get(plan=plan, quarter=3),
        leader=leader,
        plan_import=plan_import,
        account_import=account_import,
        a=a,
        b=b,
        workbook_a=fill_workbook(templates["a"], WORKBOOK_REPORT),
        workbook_b=fill_workbook(templates["b"], WORKBOOK_REPORT),
        claim_check=claim_check,
        claim=claim,
        adjustment=adjustment,
        objection=objection,
    )


# -- nothing changed --------------------------------------------------------------------------


def snapshot() -> dict[str, tuple[int, str]]:
    """
    ``{model label: (row count, checksum of every row)}`` for every table of
    ``SNAPSHOT_APPS``: simple-history's tables and many-to-many tables included.
    Cheap at the size of the world (a few dozen rows).
    """
    models = [
        model
        for label in SNAPSHOT_APPS
        for model in apps.get_app_config(label).get_models(include_auto_created=True)
        if model._meta.label not in SNAPSHOT_LEFT_OUT
    ]
    if connection.vendor == "postgresql":
        return _snapshot_in_one_query(models)
    return _snapshot_in_plain_queries(models)


def _snapshot_in_plain_queries(models) -> dict[str, tuple[int, str]]:
    """
    On SQLite, where a query is a function call, one plain ``SELECT *`` per table:
    every column as stored, in key order. Built by the ORM (``values_list()``), the
    same queries cost more than half of the permission matrix's run (about 0.1 s a
    snapshot, two for each refused POST), compiling them.
    """
    quote = connection.ops.quote_name
    state = {}
    with connection.cursor() as cursor:
        for model in models:
            table, pk = model._meta.db_table, model._meta.pk.column
            cursor.execute(f"SELECT * FROM {quote(table)} ORDER BY {quote(pk)}")
            rows = cursor.fetchall()
            digest = hashlib.sha256(repr(rows).encode()).hexdigest()[:16]
            state[model._meta.label] = (len(rows), digest)
    return state


def _snapshot_in_one_query(models) -> dict[str, tuple[int, str]]:
    """
    The same on PostgreSQL in one round trip, where one query per table (about 80, twice
    for each refused POST of the permission matrix) cost most of its run: each table's
    rows as text (every column), in key order, hashed by the server.
    """
    quote = connection.ops.quote_name
    selects = [
        f"SELECT %s, count(*), md5(coalesce(string_agg(t::text, '|' ORDER BY t.{quote(pk)}), ''))"
        f" FROM {quote(table)} t"
        for table, pk in ((m._meta.db_table, m._meta.pk.column) for m in models)
    ]
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(selects), [m._meta.label for m in models])
        return {label: (count, digest[:16]) for label, count, digest in cursor.fetchall()}


def changed_tables(before: dict, after: dict) -> list[str]:
    """The tables whose rows differ between two snapshots."""
    return sorted(
        label for label in before.keys() | after.keys() if before.get(label) != after.get(label)
    )
