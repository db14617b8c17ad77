"""
One side of tests/targets/test_import_races_sqlite.py, in its own process, on
the SQLite file named by DATABASE_URL (run by the test, not by hand):

    python sqlite_race_worker.py setup                 → the drafts, as JSON
    python sqlite_race_worker.py confirm PK VERSION DIR → the outcome, as JSON
    python sqlite_race_worker.py rows                  → the plan's rows, as JSON
    python sqlite_race_worker.py setup-upload DIR      → a filled-in workbook in DIR
    python sqlite_race_worker.py apply DIR             → the outcome, as JSON
    python sqlite_race_worker.py update                → the update as it stands, as JSON

``confirm`` and ``apply`` read what they need from the database, write
``DIR/ready-<pid>`` and wait for ``DIR/go`` before writing, so that the test
starts both at the same moment. "Today" is 2023 Q4, as in the test suite.
"""

import io
import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django

django.setup()

from django.core.exceptions import ValidationError  # noqa: E402
from django.core.management import call_command  # noqa: E402

import targets.selectors.plans  # noqa: E402
from targets.periods import Quarter  # noqa: E402

targets.selectors.plans.current_quarter = lambda: Quarter(2023, 4)

from accounts.models import Role, User  # noqa: E402
from targets.io.report import read_report  # noqa: E402
from targets.models import (  # noqa: E402
    Department,
    Goal,
    GoalDepartment,
    Indicator,
    IndicatorActual,
    Plan,
    PlanImport,
    QuarterlyUpdate,
    UpdateEvent,
)
from targets.services.plan_imports import StaleDraft, plan_import_confirm, plan_import_create  # noqa: E402
from targets.services.update_sheets import (  # noqa: E402
    update_sheet_apply,
    update_sheet_build,
    update_sheet_check,
    update_sheet_read,
)
from tests.targets.race_data import DEPARTMENTS, DOCUMENT  # noqa: E402


def setup() -> dict:
    call_command("migrate", verbosity=0)
    for code, name, short in DEPARTMENTS:
        Department.objects.create(code=code, name=name, short_name=short)
    admin = User.objects.create(username="admin", role=Role.ADMIN, is_staff=True, is_superuser=True)
    drafts = [
        plan_import_create(read_report(DOCUMENT), user=admin, source_name=name)
        for name in ("分解方案.docx", "分解方案（副本）.docx")
    ]
    return {"drafts": [[d.pk, d.version] for d in drafts]}


def confirm(pk: int, version: int, folder: Path) -> dict:
    admin = User.objects.get(username="admin")
    pending = PlanImport.objects.get(pk=pk)
    if not ready_and_go(folder):
        return {"outcome": "error", "error": "never told to go"}
    try:
        plan_import_confirm(pending, user=admin, version=version)
    except (ValidationError, StaleDraft) as error:
        messages = getattr(error, "messages", [str(error)])
        return {"outcome": "refused", "messages": messages}
    except Exception as error:  # reported to the test, which fails on it
        return {"outcome": "error", "error": f"{type(error).__name__}: {error}"}
    return {"outcome": "ok"}


def ready_and_go(folder: Path) -> bool:
    """Say this worker is ready, then wait for the test's signal (False: it never came)."""
    (folder / f"ready-{os.getpid()}").touch()
    deadline = time.monotonic() + 30
    while not (folder / "go").exists():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.002)
    return True


def setup_upload(folder: Path) -> dict:
    """department A, its staff member and goal (96 家), and A's Q4 workbook filled in."""
    from openpyxl import load_workbook

    from tests.factories import DepartmentFactory, GoalFactory, IndicatorFactory, PlanFactory

    call_command("migrate", verbosity=0)
    department = DepartmentFactory(name="洪山区发展和改革局", short_name="区发改局", code="fgj")
    User.objects.create(username="staff_a", department=department, role=Role.STAFF)
    plan = PlanFactory(year=2023, title="2023年洪山区政府工作报告")
    goal = GoalFactory(plan=plan, code="2.2.3", title="净增高企", leads=[department])
    IndicatorFactory(goal=goal)
    data = update_sheet_build(department, Quarter(2023, 4), goals=Goal.objects.all())
    book = load_workbook(io.BytesIO(data))
    sheet = book.worksheets[0]
    for ref, value in {"C4": "已完成", "D4": 100, "E5": 96, "H4": "全年净增高企96家。"}.items():
        sheet[ref] = value
    book.save(folder / "upload.xlsx")
    return {"goal": goal.pk}


def apply(folder: Path) -> dict:
    staff = User.objects.get(username="staff_a")
    workbook = update_sheet_read("四季度.xlsx", (folder / "upload.xlsx").read_bytes())
    fingerprint = update_sheet_check(workbook, user=staff).fingerprint
    if not ready_and_go(folder):
        return {"outcome": "error", "error": "never told to go"}
    try:
        result = update_sheet_apply(
            workbook, user=staff, source_name="四季度.xlsx", fingerprint=fingerprint
        )
    except Exception as error:  # reported to the test, which fails on it
        return {"outcome": "error", "error": f"{type(error).__name__}: {error}"}
    if not result.applied:
        return {"outcome": "refused", "messages": [str(e) for e in result.errors]}
    return {"outcome": "ok"}


def update() -> dict:
    current = QuarterlyUpdate.objects.get()
    return {
        "update": [current.status, current.percent_complete, current.version],
        "actuals": [str(a.value) for a in IndicatorActual.objects.all()],
        "events": UpdateEvent.objects.count(),
        "reason": current.history.latest().history_change_reason,
    }


def rows() -> dict:
    return {
        "rows": [
            Plan.objects.count(),
            Goal.objects.count(),
            GoalDepartment.objects.count(),
            Indicator.objects.count(),
            Goal.history.count(),
        ],
        "states": sorted(PlanImport.objects.values_list("state", flat=True)),
    }


if __name__ == "__main__":
    command = sys.argv[1]
    if command == "setup":
        result = setup()
    elif command == "confirm":
        result = confirm(int(sys.argv[2]), int(sys.argv[3]), Path(sys.argv[4]))
    elif command == "setup-upload":
        result = setup_upload(Path(sys.argv[2]))
    elif command == "apply":
        result = apply(Path(sys.argv[2]))
    elif command == "update":
        result = update()
    else:
        result = rows()
    print(json.dumps(result, ensure_ascii=False))
