"""
Measured load: Luoshi under gunicorn (4 workers) on PostgreSQL (or SQLite),
driven by locust from a second process with signed-in users on loopback.

1. Creates a scratch database (PostgreSQL ``luoshi_load`` by default, dropped
   after; ``--sqlite`` for a SQLite file), migrates, collects static files into
   a temporary STATIC_ROOT, and generates the district of bench/dashboard.py
   (bench/district.py: 100 departments, 2,000 goals, four quarters of updates,
   reporting periods, leaders).
2. Creates a leader, a supervisor and one staff account per department, all
   with one password, and signs them in through the real sign-in form (GET
   for the CSRF token, POST): the login path stays the production one (django-
   axes, session rotation) rather than a forged session.
3. Starts ``gunicorn config.wsgi --workers 4`` with production-like settings
   (DEBUG off, a random SECRET_KEY, ALLOWED_HOSTS=127.0.0.1, no HTTPS redirect,
   CONN_MAX_AGE=60, WhiteNoise for static files) and waits for it to answer.
4. Runs locust headless (bench/load_locustfile.py) with the same number of
   users: a short baseline on the sign-in page, then the mix, in ``--rounds``
   rounds (3) of the mix between runs of the baseline (the machine's speed
   wanders: each round is compared with the baselines either side of it, and
   the verdict takes the median of the rounds' ratios), the mix for
   ``--run-time`` seconds in all: 80 % reads (the cockpit as leader or supervisor,
   goal pages, department pages), 20 % update saves (a staff member opens
   their goal's quarterly update form and posts it back changed, with its
   ``version``). ``--shared`` of the users are a second session of a
   department already in the run, so some saves collide.
5. Checks that every save the server acknowledged (302 to the goal page) is in
   the database: in the update's history, and the update as it stands is the
   last acknowledged one; saves refused as stale are counted apart.
6. Renders the cockpit once more in-process (single-threaded, server quiet):
   server time, query count, SQL time and where the Python time goes.

Prints the machine, per request type the count, requests/s, p50/p95/p99 and
5xx, the baseline and the ratios to it, and whether the targets are met
(cockpit ≥ 100 requests/s with p95 < 300 ms, saves p95 < 300 ms, no 5xx, no
lost update). Nothing is asserted; the exit status is 0 unless the run broke.

    .venv/bin/python bench/load.py [--run-time 60] [--users 20] [--sqlite]
    .venv/bin/python bench/load.py --pg-url postgres://postgres@127.0.0.1:5432/luoshi_load
"""

from __future__ import annotations

import argparse
import cProfile
import json
import math
import os
import pstats
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.machine import machine
from bench.servers import (
    DEFAULT_PG,
    ROOT,
    AppServer,
    ScratchDatabase,
    migrate_and_collect,
    prepare_django,
    production_env,
)
from bench.web import Browser

PASSWORD = "luoshi-load-2023"
YEAR, QUARTER = 2023, 4
TARGET_RPS, TARGET_P95 = 100, 300
# Issue 17: every page of the mix at most this long in-process (PostgreSQL, the bench
# district); the whole mix at least this share of the sign-in baseline's requests/s,
# the cockpit alone (--cockpit-only --save-share 0) at least this share.
TARGET_PAGE_MS, TARGET_MIX_SHARE, TARGET_COCKPIT_SHARE = 15, 0.30, 0.5
DASHBOARD = "GET /dashboard/ (cockpit)"
SAVE = "POST /goals/<pk>/report/ (save)"
BASELINE = "baseline: GET /accounts/login/"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sqlite", action="store_true", help="a SQLite file instead of PostgreSQL")
    parser.add_argument("--pg-url", default=os.environ.get("LOAD_PG_URL", DEFAULT_PG))
    parser.add_argument("--run-time", type=int, default=60, help="seconds of the mix")
    parser.add_argument(
        "--baseline-time", type=int, default=10, help="seconds of each run of the baseline"
    )
    parser.add_argument(
        "--rounds",
        type=int,
        default=3,
        help="the mix split into this many runs, each between two runs of the baseline",
    )
    parser.add_argument("--users", type=int, default=20, help="concurrent locust users")
    parser.add_argument("--shared", type=int, default=4, help="users sharing a department")
    parser.add_argument(
        "--save-share", type=float, default=0.2, help="share of tasks that are update saves"
    )
    parser.add_argument(
        "--cockpit-only",
        action="store_true",
        help="every read is the cockpit (its capacity, with --save-share of saves beside it)",
    )
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers")
    parser.add_argument("--goals", type=int, default=2000)
    parser.add_argument("--departments", type=int, default=100)
    parser.add_argument("--out", help="directory for locust CSVs and logs (default: temporary)")
    parser.add_argument("--keep", action="store_true", help="keep the scratch database")
    args = parser.parse_args()
    if not 0 <= args.shared < args.users <= args.departments + args.shared:
        parser.error("need 0 <= --shared < --users <= --departments + --shared")

    database = ScratchDatabase(sqlite=args.sqlite, pg_url=args.pg_url)
    out = Path(args.out or tempfile.mkdtemp(prefix="luoshi-load-out-"))
    out.mkdir(parents=True, exist_ok=True)
    env = production_env(database.url, f"{database.tmp}/static", f"{database.tmp}/media")
    server = None
    try:
        database.create()
        prepare_django(env)
        from django.db import connection

        start = time.perf_counter()
        migrate_and_collect()
        district = prepare_district(args)
        generated = time.perf_counter() - start
        connection.close()

        server = AppServer(env, workers=args.workers, log=out / "gunicorn.log")
        server.start()
        start = time.perf_counter()
        personas = sign_in(server.port, district, args)
        signed_in = time.perf_counter() - start
        setup = {**district, "users": personas, "year": YEAR, "quarter": QUARTER}
        sessions = out / "sessions.json"
        sessions.write_text(json.dumps(setup))
        before = versions()
        connection.close()

        load_before = os.getloadavg()[0]
        # The machine's speed wanders (the sign-in page gave 517-1,028 req/s in one hour
        # here): the mix runs in rounds between baselines, and each round is compared
        # with the baselines either side of it.
        baselines = []
        parts = []
        seconds = max(1, round(args.run_time / args.rounds))
        for number in range(args.rounds):
            baselines.append(
                run_locust(server.port, sessions, out, "baseline", args.baseline_time, args, number)
            )
            cpu_before = cpu_seconds(server.process.pid)
            part = run_locust(server.port, sessions, out, "mix", seconds, args, number)
            part["cpu"] = cpu_spent(cpu_before, cpu_seconds(server.process.pid))
            parts.append(part)
        baselines.append(
            run_locust(
                server.port, sessions, out, "baseline", args.baseline_time, args, args.rounds
            )
        )
        mix = merged(parts)
        mix["rounds"] = rounds_of(baselines, parts)
        mix["load"] = (load_before, os.getloadavg()[0])
        baseline = merged(baselines)
        baseline["rounds"] = baselines
        server.stop()
        errors = server.errors()

        check = lost_updates(mix["saves"], before)
        profile = request_costs(district)
        report(args, database, generated, signed_in, baseline, mix, check, profile, errors, out)
    finally:
        if server is not None:
            server.stop()
        try:
            from django.db import connections

            connections.close_all()
        except Exception:
            pass
        if args.keep:
            print(f"kept the scratch database: {database.url}")
        else:
            database.drop()
    return 0


def prepare_district(args) -> dict:
    """The generated district, and the accounts of the run with one password."""
    from django.contrib.auth.hashers import make_password

    from accounts.choices import Role
    from accounts.models import User
    from bench.district import generate
    from targets.choices import OwnerRole
    from targets.models import Department, Goal, GoalDepartment

    leader, _staff, _department = generate(args.goals, args.departments)
    password = make_password(PASSWORD)  # hashed once: creating 100 accounts stays fast
    User.objects.filter(pk=leader.pk).update(password=password)
    User.objects.create(username="supervisor", role=Role.SUPERVISOR, password=password)
    departments = list(Department.objects.order_by("order"))
    User.objects.bulk_create(
        User(username=f"staff{n}", role=Role.STAFF, department=d, password=password)
        for n, d in enumerate(departments)
    )
    leads = defaultdict(list)
    for goal_id, department_id in GoalDepartment.objects.filter(role=OwnerRole.LEAD).values_list(
        "goal_id", "department_id"
    ):
        leads[department_id].append(goal_id)
    return {
        "leader": leader.username,
        "departments": [d.pk for d in departments],
        "goals": list(Goal.objects.values_list("pk", flat=True)),
        "leads": {n: leads[d.pk] for n, d in enumerate(departments)},
    }


def sign_in(port: int, district: dict, args) -> list[dict]:
    """
    Each locust user: a staff session (department n; the last ``--shared``
    users are a second session of the first departments) and a reader session
    (the leader or the supervisor), each signed in through the form.
    """
    own = args.users - args.shared
    plan = []
    for n in range(args.users):
        index = n if n < own else n - own
        reader = district["leader"] if n % 2 == 0 else "supervisor"
        plan.append((index, f"staff{index}", reader))

    def login(username: str) -> dict:
        browser = Browser("127.0.0.1", port)
        response = browser.login(username, PASSWORD)
        browser.close()
        if response.status != 302 or "sessionid" not in browser.cookies:
            raise RuntimeError(f"sign-in of {username} failed: {response.status}")
        return {"username": username, "cookies": browser.cookies}

    with ThreadPoolExecutor(max_workers=4) as pool:
        staff = list(pool.map(login, [p[1] for p in plan]))
        readers = list(pool.map(login, [p[2] for p in plan]))
    return [
        {
            "staff": s,
            "reader": r,
            "department": district["departments"][index],
            "goals": district["leads"][index],
        }
        for (index, _s, _r), s, r in zip(plan, staff, readers, strict=True)
    ]


def versions() -> dict[tuple[int, int, int], int]:
    from targets.models import QuarterlyUpdate

    return {
        (g, y, q): v
        for g, y, q, v in QuarterlyUpdate.objects.values_list(
            "goal_id", "year", "quarter", "version"
        )
    }


def run_locust(
    port: int, sessions: Path, out: Path, mode: str, seconds: int, args, number: int = 0
) -> dict:
    name = f"{mode}-{number}"
    result = out / f"{name}.json"
    command = [
        sys.executable,
        "-m",
        "locust",
        "-f",
        str(ROOT / "bench" / "load_locustfile.py"),
        "--headless",
        "--users",
        str(args.users),
        "--spawn-rate",
        str(args.users),
        "--run-time",
        f"{seconds}s",
        "--stop-timeout",
        "10",
        "--host",
        f"http://127.0.0.1:{port}",
        "--csv",
        str(out / name),
        "--only-summary",
        "--loglevel",
        "WARNING",
    ]
    env = {
        **os.environ,
        "LUOSHI_LOAD_SESSIONS": str(sessions),
        "LUOSHI_LOAD_OUT": str(result),
        "LUOSHI_LOAD_MODE": mode,
        "LUOSHI_LOAD_SAVE_SHARE": str(args.save_share),
        "LUOSHI_LOAD_READS": "cockpit" if args.cockpit_only else "mix",
    }
    with open(out / f"locust-{name}.log", "wb") as log:
        subprocess.run(
            command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, check=False
        )
    if not result.exists():
        raise RuntimeError(f"locust wrote no results: see {out / f'locust-{name}.log'}")
    return json.loads(result.read_text())


def merged(runs: list[dict]) -> dict:
    """Several locust runs of one mode as one: their times, answers, saves and CPU together."""
    times: dict[str, list[float]] = defaultdict(list)
    statuses: dict[str, Counter] = defaultdict(Counter)
    saves = {"acknowledged": [], "attempted": [], "refused": 0, "invalid": 0, "invalid_sample": ""}
    cpu: Counter = Counter()
    for run in runs:
        for name, values in run["times"].items():
            times[name].extend(values)
        for name, codes in run["statuses"].items():
            statuses[name].update(codes)
        for key in ("acknowledged", "attempted"):
            saves[key].extend(run["saves"][key])
        for key in ("refused", "invalid"):
            saves[key] += run["saves"][key]
        saves["invalid_sample"] = saves["invalid_sample"] or run["saves"]["invalid_sample"]
        cpu.update(run.get("cpu", {}))
    return {
        "mode": runs[0]["mode"],
        "duration": sum(run["duration"] for run in runs),
        "times": dict(times),
        "statuses": {name: dict(codes) for name, codes in statuses.items()},
        "saves": saves,
        "cpu": dict(cpu),
    }


def requests_per_second(run: dict) -> float:
    return sum(len(values) for values in run["times"].values()) / max(run["duration"], 1e-9)


def rounds_of(baselines: list[dict], parts: list[dict]) -> list[dict]:
    """
    Each round of the mix against the baselines run just before and just after
    it: the ratio the issue asks for, measured while the machine ran at one speed.
    """
    rounds = []
    for number, part in enumerate(parts):
        around = [requests_per_second(run) for run in baselines[number : number + 2]]
        base = statistics.mean(around)
        rps = requests_per_second(part)
        rounds.append({"baselines": around, "rps": rps, "ratio": rps / base if base else 0.0})
    return rounds


def cpu_seconds(server_session: int) -> dict[str, float]:
    """
    CPU seconds (user + system) spent so far by the app server (gunicorn's
    master and workers: its session), PostgreSQL's processes, this script's
    finished children (locust, once it has exited) and the whole machine.
    """
    tick = os.sysconf("SC_CLK_TCK")
    spent = Counter()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:  # the process ended while we looked
            continue
        name = text[text.index("(") + 1 : text.rindex(")")]
        fields = text[text.rindex(")") + 2 :].split()
        # Fields after the name: state is [0], session [3], utime [11], stime [12], and the
        # times of its children that ended, cutime [13] and cstime [14]: PostgreSQL's
        # backends come and go with the app's connections (CONN_MAX_AGE), and the
        # postmaster is credited with those that ended.
        seconds = sum(int(fields[i]) for i in (11, 12, 13, 14)) / tick
        if int(fields[3]) == server_session:
            spent["app server (gunicorn)"] += seconds
        elif name.startswith("postgres"):
            spent["PostgreSQL"] += seconds
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    spent["load driver (locust)"] = children.ru_utime + children.ru_stime
    with open("/proc/stat") as f:
        user, nice, system, _idle, _iowait, irq, softirq, steal = map(
            int, f.readline().split()[1:9]
        )
    spent["machine busy"] = (user + nice + system + irq + softirq) / tick
    # Time the hypervisor gave this VM's cores to another guest: a noisy neighbour.
    spent["stolen (hypervisor)"] = steal / tick
    spent["wall"] = time.monotonic()
    return spent


def cpu_spent(before: dict, after: dict) -> dict[str, float]:
    """Where the machine's CPU went between two ``cpu_seconds`` readings."""
    return {name: after[name] - before.get(name, 0.0) for name in after}


def lost_updates(saves: dict, before: dict) -> dict:
    """
    Every acknowledged save must be in the database: its text in the update's
    history, no two acknowledged saves made on the same version (one would
    have overwritten the other), and the update as it stands is the last
    acknowledged save (or a later one whose answer the run did not wait for).
    """
    from targets.models import QuarterlyUpdate

    acknowledged = saves["acknowledged"]
    attempted = {s["marker"]: s for s in saves["attempted"]}
    history = QuarterlyUpdate.history.model.objects.filter(progress__startswith="负载测试进展 ")
    landed = {
        row["progress"].split(" ", 1)[1]: row
        for row in history.values("progress", "goal_id", "year", "quarter", "version")
    }
    missing = [s for s in acknowledged if s["marker"] not in landed]
    by_version = Counter((s["goal"], s["year"], s["quarter"], s["version"]) for s in acknowledged)
    overwritten = sum(n - 1 for n in by_version.values() if n > 1)

    last = {}
    for s in acknowledged:
        key = (s["goal"], s["year"], s["quarter"])
        if key not in last or s["version"] > last[key]["version"]:
            last[key] = s
    current = {
        (u.goal_id, u.year, u.quarter): u
        for u in QuarterlyUpdate.objects.filter(goal_id__in={k[0] for k in last}).prefetch_related(
            "actuals"
        )
    }
    stale_final = []
    for key, s in last.items():
        update = current.get(key)
        marker = update.progress.split(" ", 1)[1] if update and " " in update.progress else ""
        if marker == s["marker"]:
            values = [f"{a.value:.2f}" for a in update.actuals.all()]
            if (update.status, update.percent_complete, values) != (
                s["status"],
                s["percent"],
                [s["value"]] * len(values),
            ):
                stale_final.append(key)
        elif not (marker in attempted and attempted[marker]["version"] >= s["version"] + 1):
            stale_final.append(key)
    # Versions moved exactly as often as saves landed.
    drift = 0
    landed_per_key = Counter((r["goal_id"], r["year"], r["quarter"]) for r in landed.values())
    for key, count in landed_per_key.items():
        update = (
            current.get(key)
            or QuarterlyUpdate.objects.filter(goal_id=key[0], year=key[1], quarter=key[2]).first()
        )
        if update.version - before.get(key, 0) != count:
            drift += 1
    unanswered = [m for m in landed if m not in {s["marker"] for s in acknowledged}]
    return {
        "acknowledged": len(acknowledged),
        "refused": saves["refused"],
        "invalid": saves["invalid"],
        "invalid_sample": saves["invalid_sample"],
        "missing": len(missing),
        "overwritten": overwritten,
        "stale_final": len(stale_final),
        "version_drift": drift,
        "landed_unanswered": len(unanswered),
        "lost": len(missing) + overwritten + len(stale_final),
    }


def request_costs(district: dict, repeat: int = 7, profile: bool = True) -> dict:
    """
    Each request type once more in-process, single-threaded, the servers
    stopped: median server time and query count (the cost of one request,
    without queueing); for the cockpit also its SQL time and where the Python
    time goes (cProfile).
    """
    from django.core.cache import caches
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from bench.web import browser, html_of, read_form
    from targets.selectors import page_cache

    # As a browser asks: the pages compressed, as they are sent.
    reader = browser(district["leader"])
    staff = browser("staff1")
    goal = district["leads"][1][0]
    period = f"year={YEAR}&quarter={QUARTER}"
    form_url = f"/goals/{goal}/report/?{period}"
    marker = iter(range(10**6))

    def save():
        fields = read_form(html_of(staff.get(form_url)), form_id="update-form")
        fields.update(
            status="on_track",
            percent_complete="50",
            override_reason="负载测试",
            progress=f"单次保存 {next(marker)}",
            action="submit",
        )
        return staff.post(form_url, fields)

    cases = [
        (DASHBOARD, lambda: reader.get(f"/dashboard/?{period}"), 200),
        ("GET /goals/<pk>/", lambda: staff.get(f"/goals/{goal}/"), 200),
        (
            "GET /departments/<pk>/",
            lambda: staff.get(f"/departments/{district['departments'][1]}/?{period}"),
            200,
        ),
        ("GET /goals/<pk>/report/ (form)", lambda: staff.get(form_url), 200),
        (SAVE + " incl. its form GET", save, 302),
    ]
    # The goal and department pages above are reused (their content kept per data
    # fingerprint and scope), as a reload finds them; rendered afresh, as after a change:
    cold = [
        ("GET /goals/<pk>/ (rendered afresh)", cases[1][1], 200),
        ("GET /departments/<pk>/ (rendered afresh)", cases[2][1], 200),
    ]
    anonymous = browser()
    cases.insert(0, (BASELINE, lambda: anonymous.get("/accounts/login/"), 200))
    rows = []
    for name, call, status in [*cases, *cold]:
        afresh = "afresh" in name
        response = call()  # warm: templates, connection
        if response.status_code != status:
            raise RuntimeError(f"{name}: {response.status_code}")
        times, cpu = [], []
        for _ in range(repeat):
            if afresh:
                caches["pages"].clear()
                page_cache.forget()  # and this process's memory of them
            start, start_cpu = time.perf_counter(), time.process_time()
            call()
            times.append((time.perf_counter() - start) * 1000)
            # This process's own CPU: the app's Python, not the database's, and not
            # the time spent waiting for a core on a shared machine.
            cpu.append((time.process_time() - start_cpu) * 1000)
        if afresh:
            caches["pages"].clear()
            page_cache.forget()
        with CaptureQueriesContext(connection) as queries:
            call()
        rows.append(
            {
                "name": name,
                "ms": statistics.median(times),
                "cpu_ms": statistics.median(cpu),
                "queries": len(queries.captured_queries),
                "sql_ms": sum(float(q["time"]) for q in queries.captured_queries) * 1000,
                "calls": python_calls(call, afresh),
            }
        )
    baseline = rows.pop(0)
    if not profile:
        return {"rows": rows, "baseline": baseline, "groups": []}
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(5):
        reader.get(f"/dashboard/?{period}")
    profiler.disable()
    groups: Counter = Counter()
    for (filename, _line, name), (_cc, _nc, tottime, _ct, _callers) in pstats.Stats(
        profiler
    ).stats.items():
        groups[_group(filename, name)] += tottime
    total = sum(groups.values())
    return {
        "rows": rows,
        "baseline": baseline,
        "groups": [(name, t / total * 100) for name, t in groups.most_common(8)],
    }


def python_calls(call, afresh: bool) -> int:
    """
    The Python function calls one request makes (cProfile's count, the client's
    included): unlike its time, the same however busy the machine is, so a
    before/after on a shared machine can be told from noise.
    """
    from django.core.cache import caches

    from targets.selectors import page_cache

    if afresh:
        caches["pages"].clear()
        page_cache.forget()
    profiler = cProfile.Profile()
    profiler.enable()
    call()
    profiler.disable()
    return sum(calls for calls, *_rest in pstats.Stats(profiler).stats.values())


def _group(filename: str, name: str) -> str:
    if "psycopg2" in name or "sqlite3" in name or "/sqlite3/" in filename:
        return "database driver and server (SQL execution, fetch)"
    for part, label in (
        ("/django/template/", "Django templates"),
        ("/django_tables2/", "django-tables2"),
        ("/django/db/", "Django ORM"),
        ("/django/utils/", "django.utils (i18n, formats, safestring…)"),
        ("/targets/", "Luoshi code (targets/)"),
        ("/django/forms/", "Django forms"),
        ("/django_filters/", "django-filter"),
        ("/django/", "Django (other)"),
    ):
        if part in filename:
            return label
    return "Python standard library and built-ins"


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)] if ordered else float("nan")


def rows_of(result: dict) -> list[dict]:
    rows = []
    for name, times in result["times"].items():
        codes = result["statuses"].get(name, {})
        rows.append(
            {
                "name": name,
                "count": len(times),
                "rps": len(times) / result["duration"],
                "p50": percentile(times, 50),
                "p95": percentile(times, 95),
                "p99": percentile(times, 99),
                "5xx": sum(n for c, n in codes.items() if c.startswith("5")),
                "errors": codes.get("error", 0),
                "codes": codes,
            }
        )
    order = [DASHBOARD, "GET /goals/<pk>/", "GET /departments/<pk>/"]
    rows.sort(key=lambda r: (order.index(r["name"]) if r["name"] in order else 9, r["name"]))
    return rows


def report(args, database, generated, signed_in, baseline, mix, check, profile, errors, out):
    from django.db import connection

    print(f"machine: {machine()}")
    print(f"database: {connection.vendor} ({'SQLite file' if database.sqlite else database.url})")
    print(
        f"data: {args.departments} departments, {args.goals} goals, 4 quarters; migrated and "
        f"generated in {generated:.0f} s; {2 * args.users} sessions signed in through the form "
        f"in {signed_in:.0f} s"
    )
    print(
        f"server: gunicorn, {args.workers} workers, DEBUG off, CONN_MAX_AGE=60; driver: locust "
        f"(FastHttpUser), {args.users} users, no think time, {args.save_share:.0%} saves, "
        f"{'reads: the cockpit only, ' if args.cockpit_only else ''}"
        f"{args.run_time} s in {args.rounds} rounds "
        f"(baseline {args.baseline_time} s before and after each)"
    )
    print(
        f"load average (1 min) before the baseline / after the mix: {mix['load'][0]:.1f} / "
        f"{mix['load'][1]:.1f} (the run itself adds about 2 on this machine; more means other "
        f"processes competed for the cores)"
    )
    base = rows_of(baseline)[0]
    header = f"{'request':<36} {'count':>6} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7}"
    print()
    print(f"{header} {'5xx':>4} {'× base p50':>10}")
    rows = [base, *rows_of(mix)]
    for r in rows:
        print(
            f"{r['name']:<36} {r['count']:>6} {r['rps']:>7.1f} {r['p50']:>7.0f} {r['p95']:>7.0f} "
            f"{r['p99']:>7.0f} {r['5xx']:>4} {r['p50'] / base['p50']:>10.1f}"
        )
    mix_rows = rows_of(mix)
    total = sum(r["count"] for r in mix_rows)
    print(
        f"{'all of the mix':<36} {total:>6} {total / mix['duration']:>7.1f}"
        f"{'':>24} {sum(r['5xx'] for r in mix_rows):>4}"
        f"   ({total / mix['duration'] / base['rps']:.2f} × baseline req/s)"
    )
    print(f"in {len(mix['rounds'])} rounds, each between two runs of the baseline:")
    for number, r in enumerate(mix["rounds"], 1):
        before, after = r["baselines"]
        print(
            f"  round {number}: baseline {before:.0f} and {after:.0f} req/s, the mix "
            f"{r['rps']:.1f} req/s = {r['ratio']:.2f} × their mean"
        )
    odd = {r["name"]: r["codes"] for r in mix_rows if set(r["codes"]) - {"200", "302"}}
    if odd:
        print(f"responses other than 200/302: {odd}")

    cpu = mix.get("cpu")
    if cpu:
        wall, cores = cpu.pop("wall"), os.cpu_count() or 1
        print(
            f"CPU during the mix ({cores} cores × {wall:.0f} s = {cores * wall:.0f} core-seconds; "
            f"seconds and share of the machine):"
        )
        for name, seconds in cpu.items():
            if name == "PostgreSQL" and database.sqlite:
                continue  # SQLite runs inside the app servers
            print(f"  {name:<24} {seconds:7.1f} s  {seconds / (cores * wall):6.1%}")
        if total:
            serving = cpu["app server (gunicorn)"] + (0 if database.sqlite else cpu["PostgreSQL"])
            print(
                f"  app server{'' if database.sqlite else ' + PostgreSQL'} per request of the mix: "
                f"{serving / total * 1000:.1f} ms"
            )

    print()
    print(
        f"saves: {check['acknowledged']} acknowledged, {check['refused']} refused as stale "
        f"(optimistic concurrency), {check['invalid']} other answers; lost updates: "
        f"{check['lost']} (missing from the database {check['missing']}, overwritten "
        f"{check['overwritten']}, final value not the last acknowledged {check['stale_final']}); "
        f"version drift {check['version_drift']}; landed without an answer (run stopped) "
        f"{check['landed_unanswered']}"
    )
    if check["invalid_sample"]:
        (out / "invalid-save.html").write_text(check["invalid_sample"])
        print(f"  first other answer kept in {out / 'invalid-save.html'}")
    if errors:
        print(f"server errors logged (see {out / 'gunicorn.log'}):\n{errors[:2000]}")

    dash = next((r for r in mix_rows if r["name"] == DASHBOARD), None)
    save = next((r for r in mix_rows if r["name"] == SAVE), None)
    five = sum(r["5xx"] for r in mix_rows) + base["5xx"]
    print()
    print("targets (2-core machine):")
    if dash:
        met = dash["rps"] >= TARGET_RPS and dash["p95"] < TARGET_P95
        print(
            f"  /dashboard/ >= {TARGET_RPS} req/s with p95 < {TARGET_P95} ms: "
            f"{'met' if met else 'NOT met'} ({dash['rps']:.1f} req/s, p95 {dash['p95']:.0f} ms)"
        )
    if save:
        print(
            f"  saves p95 < {TARGET_P95} ms: {'met' if save['p95'] < TARGET_P95 else 'NOT met'} "
            f"({save['p95']:.0f} ms)"
        )
    print(f"  no 5xx: {'met' if five == 0 else 'NOT met'} ({five})")
    print(f"  no lost update: {'met' if check['lost'] == 0 else 'NOT met'} ({check['lost']})")

    print()
    print("one request of each type in-process, single-threaded, servers stopped (no queueing):")
    print(f"  {'request':<50} {'median ms':>9} {'queries':>8} {'SQL ms':>7}")
    for r in profile["rows"]:
        print(f"  {r['name']:<50} {r['ms']:>9.0f} {r['queries']:>8} {r['sql_ms']:>7.0f}")
    print("  the cockpit's Python time by package (cProfile, own time):")
    for name, share in profile["groups"]:
        print(f"    {share:5.1f} %  {name}")
    cockpit = profile["rows"][0]["ms"]
    cores = os.cpu_count() or 1
    print(
        f"  ceiling from the cockpit alone: {cores} cores / {cockpit:.0f} ms ≈ "
        f"{cores * 1000 / cockpit:.0f} renders/s if the machine did nothing else"
    )
    issue_table(args, base, mix, mix_rows, profile, check, five)
    print(f"locust CSVs and logs: {out}")


def issue_table(args, base, mix, mix_rows, profile, check, five) -> None:
    """
    Issue 17's table: per request its in-process median and queries (servers
    stopped) and its p95 in the mix, then the targets met or not. Throughput is
    compared with the sign-in baseline measured in the same run: the machine is
    shared, and its speed wanders.
    """
    under = {r["name"]: r for r in mix_rows}
    total = sum(r["count"] for r in mix_rows)
    mix_rps = total / mix["duration"]
    print()
    print("issue 17's table (in-process: one request, servers stopped; the mix: under load):")
    print("| request | in-process median | app CPU | queries | under the mix |")
    print("|---|---:|---:|---:|---|")
    print(f"| {BASELINE} | — | — | — | {base['rps']:.0f} req/s |")
    slow = []
    for r in profile["rows"]:
        name = r["name"].replace(" incl. its form GET", "")
        load = under.get(name)
        p95 = f"p95 {load['p95']:.0f} ms" if load else "—"
        print(f"| {r['name']} | {r['ms']:.1f} ms | {r['cpu_ms']:.1f} ms | {r['queries']} | {p95} |")
        # Measured as the issue measures the cockpit (figures cached): the pages as a
        # reload finds them; rendered afresh is printed beside, not counted.
        if r["ms"] > TARGET_PAGE_MS and "afresh" not in r["name"]:
            slow.append(f"{r['name']} {r['ms']:.1f} ms")
    # The verdict takes the median of the rounds' ratios, each against the baselines
    # run either side of it (see rounds_of), and prints their spread.
    ratios = sorted(r["ratio"] for r in mix["rounds"])
    share = statistics.median(ratios)
    spread = f"{share:.2f} × (rounds {', '.join(f'{x:.2f}' for x in ratios)})"
    print(f"| whole mix | | | | {mix_rps:.1f} req/s = {spread} baseline |")
    save = under.get(SAVE)
    dash = under.get(DASHBOARD)

    def verdict(ok: bool) -> str:
        return "met" if ok else "NOT met"

    print("targets of issue 17:")
    print(
        f"  every page at most {TARGET_PAGE_MS} ms in-process: {verdict(not slow)}"
        + (f" ({'; '.join(slow)})" if slow else "")
    )
    if args.cockpit_only and args.save_share == 0 and dash:
        # Every request of this mix is the cockpit: the rounds' ratios are its own.
        print(
            f"  the cockpit alone at least {TARGET_COCKPIT_SHARE} × baseline: "
            f"{verdict(share >= TARGET_COCKPIT_SHARE)} ({spread})"
        )
    else:
        print(
            f"  the whole mix at least {TARGET_MIX_SHARE} × baseline req/s: "
            f"{verdict(share >= TARGET_MIX_SHARE)} ({spread})"
        )
        print(
            "  the cockpit alone at least 0.5 × baseline: run "
            "bench/load.py --cockpit-only --save-share 0"
        )
    if save:
        print(
            f"  saves p95 < {TARGET_P95} ms: {verdict(save['p95'] < TARGET_P95)} "
            f"({save['p95']:.0f} ms)"
        )
    print(f"  no 5xx: {verdict(five == 0)}; no lost update: {verdict(check['lost'] == 0)}")


if __name__ == "__main__":
    sys.exit(main())
