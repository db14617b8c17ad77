"""
Each page of bench/load.py's mix in-process, single-threaded, with no server:
median time, query count, SQL time and Python function calls (the same on a
busy machine) at the bench district (bench/district.py, 100 departments and
2,000 goals by default), against the sign-in page measured in the same run;
``--profile`` adds where the Python time of the department and goal pages
goes (cProfile, cumulative, top functions of Luoshi's own).

Production-like settings (DEBUG off), as bench/load.py's servers run. The
scratch database is PostgreSQL ``luoshi_pages`` by default (``--sqlite`` for a
file); ``--reuse`` keeps it between runs (migrated and generated once).

    .venv/bin/python bench/pages.py [--profile] [--goals 2000] [--departments 100]
"""

from __future__ import annotations

import argparse
import base64
import cProfile
import functools
import io
import os
import pstats
import sys
import zlib
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.machine import machine
from bench.servers import bench_district


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sqlite", action="store_true")
    parser.add_argument("--pg-url", default="postgres://postgres@127.0.0.1:5432/luoshi_pages")
    parser.add_argument("--goals", type=int, default=2000)
    parser.add_argument("--departments", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument(
        "--queries", action="store_true", help="each query of the department and goal pages"
    )
    args = parser.parse_args()

    from bench.load import request_costs

    with bench_district(args, sqlite=args.sqlite) as (district, generated):
        from django.db import connection

        print(f"machine: {machine()}")
        print(f"database: {connection.vendor}; load average {os.getloadavg()[0]:.1f}")
        print(
            f"data: {args.departments} departments, {args.goals} goals "
            f"(generated in {generated:.0f} s)"
        )
        costs = request_costs(district, repeat=args.repeat, profile=False)
        base = costs["baseline"]
        print(
            f"{'request':<50} {'median ms':>9} {'× base':>7} {'app CPU ms':>10} "
            f"{'queries':>8} {'SQL ms':>7} {'Python calls':>12}"
        )
        for r in [base, *costs["rows"]]:
            print(
                f"{r['name']:<50} {r['ms']:>9.1f} {r['ms'] / base['ms']:>7.1f} "
                f"{r['cpu_ms']:>10.1f} {r['queries']:>8} {r['sql_ms']:>7.1f} {r['calls']:>12,}"
            )
        sizes(district)
        if args.profile:
            profile_pages(district)
        if args.queries:
            list_queries(district)
    return 0


def sizes(district: dict) -> None:
    """Each page's HTML as sent, plain and gzip-compressed (a browser asks for gzip)."""
    from django.test import Client

    from accounts.models import User

    reader = Client(HTTP_HOST="127.0.0.1")
    reader.force_login(User.objects.get(username=district["leader"]))
    staff = Client(HTTP_HOST="127.0.0.1")
    staff.force_login(User.objects.get(username="staff1"))
    pages = {"cockpit": (reader, "/dashboard/?year=2023&quarter=4")}
    pages.update({name: (staff, url) for name, url in _pages(district).items()})
    # kept: the whole page as page_cache.keep stores its content (zlib level 1), base64-encoded
    # as the database cache writes it: an upper bound of a kept entry's size.
    print(f"\n{'page':<20} {'HTML KB':>8} {'gzip KB':>8} {'kept KB':>8}")
    for name, (client, url) in pages.items():
        html = client.get(url).content
        packed = len(client.get(url, headers={"accept-encoding": "gzip"}).content)
        kept = len(base64.b64encode(zlib.compress(html, 1)))
        print(f"{name:<20} {len(html) / 1024:>8.1f} {packed / 1024:>8.1f} {kept / 1024:>8.1f}")


def _pages(district: dict) -> dict[str, str]:
    goal = district["leads"][1][0]
    return {
        "department page": f"/departments/{district['departments'][1]}/?year=2023&quarter=4",
        "goal page": f"/goals/{goal}/",
        "update form": f"/goals/{goal}/report/?year=2023&quarter=4",
    }


def list_queries(district: dict) -> None:
    """Each query of the pages with its time (the slowest with their plan, on PostgreSQL)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from accounts.models import User

    staff = Client(HTTP_HOST="127.0.0.1")
    staff.force_login(User.objects.get(username="staff1"))
    for name, url in _pages(district).items():
        staff.get(url)
        with CaptureQueriesContext(connection) as queries:
            staff.get(url)
        print(f"\n=== {name}: {len(queries)} queries ===")
        for q in queries.captured_queries:
            print(f"{float(q['time']) * 1000:7.2f} ms  {q['sql'][:400]}")


def profile_pages(district: dict) -> None:
    from django.test import Client

    from accounts.models import User
    from bench.web import read_form

    staff = Client(HTTP_HOST="127.0.0.1")
    staff.force_login(User.objects.get(username="staff1"))
    calls = {name: functools.partial(staff.get, url) for name, url in _pages(district).items()}
    form_url = _pages(district)["update form"]
    fields = {}
    marker = iter(range(10**6))

    def read():
        fields.update(read_form(staff.get(form_url).content.decode(), form_id="update-form"))

    def save():
        # The POST alone (bench/load.py times it with its form's GET): what the save costs.
        data = {**fields, "status": "on_track", "percent_complete": "50"}
        data.update(override_reason="负载测试", progress=f"剖析 {next(marker)}", action="submit")
        response = staff.post(form_url, data)
        assert response.status_code == 302, response.status_code
        return response

    calls["save (POST alone)"] = save
    for name, call in calls.items():
        # Before each save, its form read afresh (its version), outside the profile.
        prepare = read if call is save else lambda: None
        prepare()
        call()
        profiler = cProfile.Profile()
        for _ in range(10):
            prepare()
            profiler.enable()
            call()
            profiler.disable()
        out = io.StringIO()
        stats = pstats.Stats(profiler, stream=out).sort_stats("cumulative")
        stats.print_stats(45)
        print(f"\n=== {name}: cumulative, 10 requests ===")
        print("\n".join(out.getvalue().splitlines()[:70]))
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(20)
        print(f"=== {name}: own time ===")
        print("\n".join(out.getvalue().splitlines()[:40]))


if __name__ == "__main__":
    sys.exit(main())
