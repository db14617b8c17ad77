"""
The kept pages' hit path, and the cockpit under saves, in-process: what a look
costs when the page is already kept (the cockpit, a goal page, a department
page), with its query count and wall time, and the cockpit read by a leader
and the supervisor while a save lands before every other look (its figures
lag the data, ``DASHBOARD_MAX_LAG``, and are recomputed as they age).

The bench district (bench/district.py) is generated with its history written
(one history row of every goal, owner, indicator, update and value) and then
grown ``--history`` times, as a year of saves leaves it: the fingerprints'
lookups are only as fast as that history lets them be. Production-like
settings (DEBUG off); a scratch PostgreSQL database, dropped after. Meant to
be run in two checkouts one after the other (A/B), comparing CPU and wall
time against the sign-in page of the same run.

    .venv/bin/python bench/kept.py [--pg-url …] [--looks 60] [--seconds 15] [--history 8]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.machine import machine
from bench.servers import bench_district

PERIOD = "year=2023&quarter=4"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pg-url", default="postgres://postgres@127.0.0.1:5432/luoshi_kept")
    parser.add_argument("--goals", type=int, default=2000)
    parser.add_argument("--departments", type=int, default=100)
    parser.add_argument("--looks", type=int, default=60, help="looks at each kept page")
    parser.add_argument("--seconds", type=float, default=15, help="of the cockpit under saves")
    parser.add_argument("--history", type=int, default=8, help="times the history is grown")
    args = parser.parse_args()

    with bench_district(args) as (district, _generated):
        grow_history(args.history)
        print(f"machine: {machine()}; load average {os.getloadavg()[0]:.1f}")
        measure(district, args)
    return 0


def grow_history(times: int) -> None:
    """Every history table given a row per object, then doubled until ``times`` rows each."""
    from django.apps import apps
    from django.core.management import call_command
    from django.db import connection

    with open(os.devnull, "w") as quiet:
        call_command("populate_history", auto=True, batchsize=2000, stdout=quiet)
    history = [
        model.history.model._meta
        for model in apps.get_models()
        if model._meta.app_label == "targets" and "history" in model.__dict__
    ]
    with connection.cursor() as cursor:
        for meta in history:
            columns = ", ".join(
                connection.ops.quote_name(field.column)
                for field in meta.concrete_fields
                if field.column != meta.pk.column
            )
            table = connection.ops.quote_name(meta.db_table)
            rounds = max(0, times.bit_length() - 1)
            for _ in range(rounds):
                cursor.execute(f"INSERT INTO {table} ({columns}) SELECT {columns} FROM {table}")
        cursor.execute("ANALYZE")


def measure(district: dict, args) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from bench.web import browser
    from targets.models import QuarterlyUpdate

    def client(username=None):
        return browser(username)  # as a browser asks: the pages compressed, as they are sent

    leader, supervisor, staff = client(district["leader"]), client("supervisor"), client("staff1")
    goal, department = district["leads"][1][0], district["departments"][1]
    cases = [
        ("sign-in page (baseline)", client(), "/accounts/login/"),
        ("cockpit, kept", leader, f"/dashboard/?{PERIOD}"),
        ("goal page, kept", staff, f"/goals/{goal}/"),
        ("department page, kept", staff, f"/departments/{department}/?{PERIOD}"),
    ]
    print(f"\n{'request':<40} {'CPU ms':>7} {'wall ms':>8} {'queries':>8}")
    for name, who, url in cases:
        for _ in range(3):  # rendered and kept, templates and connection warm
            who.get(url)
        cpu, wall = [], []
        for _ in range(args.looks):
            start, start_cpu = time.perf_counter(), time.process_time()
            response = who.get(url)
            cpu.append((time.process_time() - start_cpu) * 1000)
            wall.append((time.perf_counter() - start) * 1000)
            if response.status_code != 200:
                raise RuntimeError(f"{name}: {response.status_code}")
        with CaptureQueriesContext(connection) as queries:
            who.get(url)
        print(
            f"{name:<40} {statistics.median(cpu):>7.2f} {statistics.median(wall):>8.2f} "
            f"{len(queries):>8}"
        )
    # The cockpit under saves: each save writes a history row, so the data's fingerprint
    # changes; the leader and the supervisor take turns reading the cockpit.
    updates = list(QuarterlyUpdate.objects.filter(goal_id__in=district["leads"][2])[:20])
    cpu, counts = [], []
    start, n = time.time(), 0
    while time.time() - start < args.seconds:
        if n % 2 == 0:
            updates[n % len(updates)].save()
        reader = leader if n % 3 else supervisor
        with CaptureQueriesContext(connection) as queries:
            begun = time.process_time()
            reader.get(f"/dashboard/?{PERIOD}")
            cpu.append((time.process_time() - begun) * 1000)
        counts.append(len(queries))
        n += 1
    print(
        f"{'cockpit under saves (' + str(len(cpu)) + ' looks)':<40} mean {statistics.mean(cpu):.2f}"
        f" ms, median {statistics.median(cpu):.2f} ms, p90 {sorted(cpu)[len(cpu) * 9 // 10]:.1f}"
        f" ms; queries mean {statistics.mean(counts):.1f}"
    )


if __name__ == "__main__":
    sys.exit(main())
