"""
Two app servers, one PostgreSQL database: what one server starts, the other
finishes.

Creates a scratch PostgreSQL database (``luoshi_multi``, dropped after),
migrates, generates a small district (bench/district.py), and starts two
gunicorn instances (A and B, two workers each, the same SECRET_KEY, as
docs/deployment.md asks) on different ports. Then checks, through the real
pages over HTTP:

a. a session signed in on A works on B;
b. a plan import previewed on A (a report text pasted into /imports/new/)
   is confirmed on B; and a quarterly Excel upload previewed on A
   (/updates/upload/, the department's own template with one progress text
   changed) is confirmed on B; both checked in the database;
c. if django-axes is installed (``'axes' in INSTALLED_APPS``), a lockout
   earned by wrong passwords on A also refuses the right password on B;
   otherwise the check is skipped, saying why.

Prints PASS, FAIL or SKIP per check and exits 1 when one failed.

    .venv/bin/python bench/multi_server.py [--pg-url postgres://postgres@127.0.0.1:5432/luoshi_multi]
"""

from __future__ import annotations

import argparse
import io
import os
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.machine import machine
from bench.servers import (
    ROOT,
    AppServer,
    ScratchDatabase,
    migrate_and_collect,
    prepare_django,
    production_env,
)
from bench.web import Browser, path_of, read_form

PASSWORD = "luoshi-multi-2023"
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/luoshi_multi"
SEED = ROOT / "targets" / "demo" / "hongshan-2023-work-report.txt"
IMPORT_YEAR = 2031  # not the generated plan's year: the import creates a plan of its own

results: list[tuple[str, str, str]] = []


def outcome(name: str, ok: bool | None, detail: str) -> None:
    word = "SKIP" if ok is None else ("PASS" if ok else "FAIL")
    results.append((word, name, detail))
    print(f"{word}  {name}: {detail}", flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pg-url", default=os.environ.get("MULTI_PG_URL", DEFAULT_URL))
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers per server")
    args = parser.parse_args()

    database = ScratchDatabase(sqlite=False, pg_url=args.pg_url)
    env = production_env(database.url, f"{database.tmp}/static", f"{database.tmp}/media")
    servers: list[AppServer] = []
    try:
        database.create()
        prepare_django(env)
        migrate_and_collect()
        accounts = prepare()
        from django.db import connection

        connection.close()
        for _name in "AB":
            server = AppServer(env, workers=args.workers, log=Path(database.tmp) / f"{_name}.log")
            server.start()
            servers.append(server)
        a, b = servers
        print(f"machine: {machine()}")
        print(f"database: {database.url}; server A :{a.port}, server B :{b.port}")

        staff_cookies = check_session(a.port, b.port, accounts)
        check_plan_import(a.port, b.port, accounts)
        check_update_sheet_upload(a.port, b.port, accounts, staff_cookies)
        check_lockout(a.port, b.port, accounts)
        for server in servers:
            server.stop()
            if server.errors():
                outcome(
                    f"server {server.port} log",
                    False,
                    f"errors logged: {server.errors()[:500]}",
                )
    finally:
        for server in servers:
            server.stop()
        from django.db import connections

        connections.close_all()
        database.drop()
    failed = [r for r in results if r[0] == "FAIL"]
    print(f"{len(results) - len(failed)} of {len(results)} checks passed or skipped")
    return 1 if failed else 0


def prepare() -> dict:
    """A small district, and the accounts of the checks with one password."""
    from django.contrib.auth.hashers import make_password

    from accounts.choices import Role
    from accounts.models import User
    from bench.district import generate

    leader, staff, department = generate(100, 10)
    password = make_password(PASSWORD)
    User.objects.filter(pk__in=[leader.pk, staff.pk]).update(password=password)
    admin = User.objects.create(username="admin", role=Role.ADMIN, password=password)
    # Locked out in check (c), so not an account the other checks sign in with.
    victim = User.objects.create(username="victim", role=Role.LEADER, password=password)
    return {
        "leader": leader.username,
        "staff": staff.username,
        "department": department.pk,
        "admin": admin.username,
        "victim": victim.username,
    }


def signed_in(port: int, username: str) -> Browser:
    browser = Browser("127.0.0.1", port)
    response = browser.login(username, PASSWORD)
    if response.status != 302 or "sessionid" not in browser.cookies:
        raise RuntimeError(f"sign-in of {username} on :{port} failed ({response.status})")
    return browser


def check_session(port_a: int, port_b: int, accounts: dict) -> dict:
    on_a = signed_in(port_a, accounts["staff"])
    department_url = f"/departments/{accounts['department']}/"
    first = on_a.get(department_url)
    on_b = Browser("127.0.0.1", port_b, cookies=dict(on_a.cookies))
    second = on_b.get(department_url)
    ok = first.status == 200 and second.status == 200 and "id_username" not in second.text
    outcome(
        "a. session signed in on A works on B",
        ok,
        f"{department_url} on A {first.status}, on B with A's cookie {second.status}"
        + ("" if second.status != 302 else f" → {second.location}"),
    )
    return on_a.cookies


def check_plan_import(port_a: int, port_b: int, accounts: dict) -> None:
    from targets.choices import ImportState
    from targets.models import Plan, PlanImport

    on_a = signed_in(port_a, accounts["admin"])
    form = read_form(on_a.get("/imports/new/").text, action_contains="")
    form.update(text=SEED.read_text(), title="多服务器导入测试", year=str(IMPORT_YEAR))
    created = on_a.post("/imports/new/", form)
    if created.status != 302:
        outcome("b. plan import previewed on A, confirmed on B", False, f"preview {created.status}")
        return
    preview_url = path_of(created.location)
    on_b = Browser("127.0.0.1", port_b, cookies=dict(on_a.cookies))
    preview = on_b.get(preview_url)
    goals = re.search(r"(\d+)项任务", preview.text)
    try:
        confirm = read_form(preview.text, form_id="confirm-form")
    except LookupError:
        outcome(
            "b. plan import previewed on A, confirmed on B",
            False,
            f"no confirm form on B's preview ({preview.status})",
        )
        return
    action = re.search(r'action="([^"]*/confirm/)"', preview.text).group(1)
    done = on_b.post(action, confirm)
    pk = int(re.search(r"/imports/(\d+)/", preview_url).group(1))
    state = PlanImport.objects.get(pk=pk).state
    plan = Plan.objects.filter(year=IMPORT_YEAR).first()
    goal_count = plan.goals.count() if plan else 0
    ok = (
        preview.status == 200 and done.status == 302 and state != ImportState.PENDING and goal_count
    )
    outcome(
        "b. plan import previewed on A, confirmed on B",
        bool(ok),
        f"preview on A {created.status} → {preview_url}; on B {preview.status} "
        f"({goals.group(0) if goals else '?'}), confirm on B {done.status}; import {state}, "
        f"plan {IMPORT_YEAR} with {goal_count} goals in the database",
    )


def check_update_sheet_upload(port_a: int, port_b: int, accounts: dict, cookies: dict) -> None:
    from openpyxl import load_workbook

    from targets.models import Goal, QuarterlyUpdate

    on_a = Browser("127.0.0.1", port_a, cookies=dict(cookies))
    department = accounts["department"]
    template = on_a.get(f"/departments/{department}/update-template/?year=2023&quarter=4")
    if template.status != 200:
        outcome(
            "b. Excel upload previewed on A, confirmed on B", False, f"template {template.status}"
        )
        return
    book = load_workbook(io.BytesIO(template.body))
    sheet = book.worksheets[0]
    code = sheet["A4"].value
    text = f"多服务器上传测试 {time.time():.0f}"
    sheet["H4"] = text  # the first goal's progress (进展情况)
    buffer = io.BytesIO()
    book.save(buffer)

    form = read_form(on_a.get("/updates/upload/").text, form_id="upload-form")
    preview = on_a.post("/updates/upload/", form, files={"file": ("进展.xlsx", buffer.getvalue())})
    try:
        confirm = read_form(preview.text, form_id="confirm-form")
    except LookupError:
        errors = re.findall(r"<li>(.*?)</li>", preview.text)[:3]
        outcome(
            "b. Excel upload previewed on A, confirmed on B",
            False,
            f"no preview to confirm on A ({preview.status}): {errors}",
        )
        return
    on_b = Browser("127.0.0.1", port_b, cookies=dict(on_a.cookies))
    done = on_b.post("/updates/upload/", confirm)
    goal = Goal.objects.get(plan__year=2023, code=code)
    update = QuarterlyUpdate.objects.get(goal=goal, year=2023, quarter=4)
    ok = done.status == 302 and update.progress == text
    outcome(
        "b. Excel upload previewed on A, confirmed on B",
        ok,
        f"preview on A {preview.status}, confirm on B {done.status} → {path_of(done.location)}; "
        f"goal {code} Q4 progress in the database "
        f"{'is the uploaded text' if update.progress == text else repr(update.progress[:40])}",
    )


def check_lockout(port_a: int, port_b: int, accounts: dict) -> None:
    from django.conf import settings

    name = "c. lockout earned on A holds on B"
    if "axes" not in settings.INSTALLED_APPS:
        outcome(name, None, "django-axes is not in INSTALLED_APPS: no sign-in throttling to check")
        return
    limit = getattr(settings, "AXES_FAILURE_LIMIT", 3)
    on_a = Browser("127.0.0.1", port_a)
    answers = []
    for _ in range(limit):
        answers.append(on_a.login(accounts["victim"], "wrong-password").status)
    on_b = Browser("127.0.0.1", port_b)
    right = on_b.login(accounts["victim"], PASSWORD)
    ok = right.status != 302 and "sessionid" not in on_b.cookies
    outcome(
        name,
        ok,
        f"{limit} wrong passwords on A answered {answers}; the right password on B then "
        f"answered {right.status}"
        + (" (signed in: the lockout did not hold)" if not ok else " (refused)"),
    )


if __name__ == "__main__":
    sys.exit(main())
