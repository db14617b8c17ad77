"""
One side of tests/targets/test_import_races_sqlite.py, in its own process, on
the SQLite file named by DATABASE_URL (run by the test, not by hand):

    python sqlite_race_worker.py setup                 → the drafts, as JSON
    python sqlite_race_worker.py confirm PK VERSION DIR → the outcome, as JSON
    python sqlite_race_worker.py rows                  → the plan's rows, as JSON

``confirm`` signs in to the database (a query), writes ``DIR/ready-PK-<pid>``
and waits for ``DIR/go`` before confirming, so that the test starts both
confirmations at the same moment.
"""

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

from accounts.models import Role, User  # noqa: E402
from targets.imports import StaleDraft, plan_import_confirm, plan_import_create  # noqa: E402
from targets.io.report import read_report  # noqa: E402
from targets.models import Department, Goal, GoalDepartment, Indicator, Plan, PlanImport  # noqa: E402

DOCUMENT = """2023年区政府工作报告目标任务分解方案
一、加快产业项目落地
1. 引进500强总部2个。(牵头单位:区投资促进局;配合单位:区商务局)
2. 策划55个重点投资项目。(牵头单位:区发改局;完成时限:6月底前)
"""


def setup() -> dict:
    call_command("migrate", verbosity=0)
    for code, name, short in (
        ("D1", "洪山区投资促进局", "区投资促进局"),
        ("D2", "洪山区商务局", "区商务局"),
        ("D3", "洪山区发展和改革局", "区发改局"),
    ):
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
    (folder / f"ready-{pk}-{os.getpid()}").touch()
    deadline = time.monotonic() + 30
    while not (folder / "go").exists():
        if time.monotonic() > deadline:
            return {"outcome": "error", "error": "never told to go"}
        time.sleep(0.002)
    try:
        plan_import_confirm(pending, user=admin, version=version)
    except (ValidationError, StaleDraft) as error:
        messages = getattr(error, "messages", [str(error)])
        return {"outcome": "refused", "messages": messages}
    except Exception as error:  # reported to the test, which fails on it
        return {"outcome": "error", "error": f"{type(error).__name__}: {error}"}
    return {"outcome": "ok"}


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
    else:
        result = rows()
    print(json.dumps(result, ensure_ascii=False))
