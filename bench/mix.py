"""
bench/load.py's mix replayed in-process, single-threaded, with no server:
what one request of the end-of-quarter mix costs on average, cache misses and
all, and which request type the time goes to.

The locust mix (bench/load_locustfile.py) is replayed task by task with the
same shares and personas: 20 users (the last 4 a second session of a
department already in the run), each a staff member of their department with
a reader session (the leader or the supervisor); per task 20 % an update save
(the form, then the post, changed, with its ``version``), else the cockpit
(50 % of reads), a goal page (31 %: half the staff's own goals, half any goal
as reader) or a department page (19 %). Saves change the data as they do under
load, so the pages' caches miss as they would there. Nothing waits: the mean
time per request here is the mix's CPU per request without the HTTP server
and the load driver, and ``2 cores / mean`` is the mix's ceiling on this
machine. The sign-in page, measured in the same run, is the baseline.

Production-like settings (DEBUG off). The scratch database is PostgreSQL
``luoshi_mix`` (``--sqlite`` for a file), dropped after. ``--profile`` adds,
per request type, the Luoshi and Django functions with the most cumulative
time (cProfile).

    .venv/bin/python bench/mix.py [--tasks 1500] [--profile] [--seed 17]
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import random
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.machine import machine
from bench.servers import bench_district

YEAR, QUARTER = 2023, 4
PERIOD = f"year={YEAR}&quarter={QUARTER}"
COCKPIT, GOAL = "GET /dashboard/ (cockpit)", "GET /goals/<pk>/"
DEPARTMENT = "GET /departments/<pk>/"
FORM, SAVE = "GET /goals/<pk>/report/ (form)", "POST /goals/<pk>/report/ (save)"
KINDS = (COCKPIT, GOAL, DEPARTMENT, FORM, SAVE)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sqlite", action="store_true")
    parser.add_argument("--pg-url", default="postgres://postgres@127.0.0.1:5432/luoshi_mix")
    parser.add_argument("--goals", type=int, default=2000)
    parser.add_argument("--departments", type=int, default=100)
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--shared", type=int, default=4)
    parser.add_argument("--tasks", type=int, default=1500, help="tasks of the mix replayed")
    parser.add_argument("--warm", type=int, default=300, help="tasks replayed before measuring")
    parser.add_argument("--save-share", type=float, default=0.2)
    parser.add_argument("--seed", type=int, default=17)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()

    with bench_district(args, sqlite=args.sqlite) as (district, generated):
        from django.db import connection

        print(f"machine: {machine()}")
        print(f"database: {connection.vendor}; load average {os.getloadavg()[0]:.1f}")
        print(
            f"data: {args.departments} departments, {args.goals} goals (generated in "
            f"{generated:.0f} s); {args.users} users, {args.save_share:.0%} saves, "
            f"{args.tasks} tasks measured after {args.warm}, seed {args.seed}"
        )
        replay(district, args)
    return 0


def replay(district: dict, args) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from bench.web import browser, change_update, html_of, read_form

    def client(username):
        return browser(username)  # as a browser asks: the pages compressed, as they are sent

    readers = {name: client(name) for name in (district["leader"], "supervisor")}
    own = args.users - args.shared
    personas = []
    for n in range(args.users):
        index = n if n < own else n - own
        personas.append(
            {
                "staff": client(f"staff{index}"),
                "reader": readers[district["leader"] if n % 2 == 0 else "supervisor"],
                "department": district["departments"][index],
                "goals": district["leads"][index],
            }
        )
    anonymous = browser()
    rng = random.Random(args.seed)
    times: dict[str, list[float]] = defaultdict(list)
    queries: dict[str, list[int]] = defaultdict(list)
    profilers = {kind: cProfile.Profile() for kind in KINDS} if args.profile else {}
    measuring = False
    marker = iter(range(10**9))

    def timed(kind, call, status):
        profiler = profilers.get(kind) if measuring else None
        connection.queries_log.clear()  # the log keeps 9,000 queries: count from empty
        with CaptureQueriesContext(connection) as captured:
            start = time.process_time()
            if profiler:
                profiler.enable()
            response = call()
            if profiler:
                profiler.disable()
            spent = (time.process_time() - start) * 1000
        if response.status_code not in status:
            raise RuntimeError(f"{kind}: {response.status_code}")
        if measuring:
            times[kind].append(spent)
            queries[kind].append(len(captured.captured_queries))
        return response

    def task(persona):
        if rng.random() < args.save_share:
            goal = rng.choice(persona["goals"])
            url = f"/goals/{goal}/report/?year={YEAR}&quarter={rng.randint(1, 4)}"
            staff = persona["staff"]
            page = timed(FORM, lambda: staff.get(url), (200,))
            fields = read_form(html_of(page), form_id="update-form")
            change_update(fields, rng, str(next(marker)))
            timed(SAVE, lambda: staff.post(url, fields), (302,))
            return
        roll = rng.random()
        if roll < 0.5:
            reader = persona["reader"]
            timed(COCKPIT, lambda: reader.get(f"/dashboard/?{PERIOD}"), (200,))
        elif roll < 0.8125:
            if rng.random() < 0.5:
                goal, who = rng.choice(persona["goals"]), persona["staff"]
            else:
                goal, who = rng.choice(district["goals"]), persona["reader"]
            timed(GOAL, lambda: who.get(f"/goals/{goal}/"), (200,))
        else:
            if rng.random() < 0.5:
                department, who = persona["department"], persona["staff"]
            else:
                department, who = rng.choice(district["departments"]), persona["reader"]
            timed(DEPARTMENT, lambda: who.get(f"/departments/{department}/?{PERIOD}"), (200,))

    # Round robin over the users, as locust's users take turns on one core.
    for n in range(args.warm):
        task(personas[n % len(personas)])
    measuring = True
    for n in range(args.tasks):
        task(personas[n % len(personas)])
    baseline = []
    for _ in range(200):
        start = time.process_time()
        anonymous.get("/accounts/login/")
        baseline.append((time.process_time() - start) * 1000)
    base = statistics.mean(baseline)

    everything = [t for kind in KINDS for t in times[kind]]
    mean = statistics.mean(everything)
    print(
        f"\n{'request (app + driver CPU of this process)':<45} {'count':>6} {'mean ms':>8} "
        f"{'median':>7} {'p90':>6} {'queries':>8} {'share':>6}"
    )
    print(f"{'baseline: GET /accounts/login/':<45} {len(baseline):>6} {base:>8.2f}")
    total = sum(everything)
    for kind in KINDS:
        values = sorted(times[kind])
        if not values:
            continue
        p90 = values[int(len(values) * 0.9)]
        print(
            f"{kind:<45} {len(values):>6} {statistics.mean(values):>8.2f} "
            f"{statistics.median(values):>7.2f} {p90:>6.1f} "
            f"{statistics.mean(queries[kind]):>8.1f} {sum(values) / total:>6.0%}"
        )
    print(f"{'all of the mix':<45} {len(everything):>6} {mean:>8.2f}")
    print(
        f"mix / baseline: {base / mean:.2f} × the sign-in page's requests per CPU second "
        f"(issue 17's target under load: 0.30 ×; the database's CPU is not counted here)"
    )
    for kind, profiler in profilers.items():
        out = io.StringIO()
        stats = pstats.Stats(profiler, stream=out)
        stats.sort_stats("cumulative").print_stats(r"targets/|accounts/|config/", 25)
        print(f"\n== {kind}: cumulative, Luoshi's own functions")
        print("\n".join(line for line in out.getvalue().splitlines() if line.strip())[:6000])


if __name__ == "__main__":
    sys.exit(main())
