"""
Server time of the cockpit, its goal list, a leader's page and a department
page with a whole district's data.

Generates a plan of GOALS goals over DEPARTMENTS departments with four quarters
of updates in a scratch database, as a supervision office would have them:
reporting periods with due dates, updates sent before and after them, Q1–Q3
approved and Q4 partly approved, partly waiting for review, saved as drafts or
returned; responsible leaders on sections and goals. Then renders each page
REPEAT times through Django's test client (no network) — the cockpit twice:
with its figures computed (the shared cache emptied before each request, as
after a change) and served from the cache — and prints the median
server time, the query count, and the ratio to a baseline measured in the same
run: the sign-in page, which touches no plan data. Not a test; nothing is
asserted.

    .venv/bin/python bench/dashboard.py [--goals 2000] [--departments 100] [--repeat 15]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/luoshi_bench .venv/bin/python bench/dashboard.py
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DEBUG", "1")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

from bench.district import generate
from bench.machine import machine


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--goals", type=int, default=2000)
    parser.add_argument("--departments", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()

    scratch = None
    if "DATABASE_URL" not in os.environ:
        scratch = tempfile.mkdtemp(prefix="luoshi-bench-")
        os.environ["DATABASE_URL"] = f"sqlite:///{scratch}/bench.sqlite3"

    import django

    django.setup()
    from django.conf import settings
    from django.test.utils import setup_test_environment

    setup_test_environment()
    from django.db import connection
    from django.test.utils import get_runner

    runner = get_runner(settings)(verbosity=0, interactive=False)
    old_config = runner.setup_databases()
    try:
        run(args)
    finally:
        runner.teardown_databases(old_config)
        connection.close()


def timed(client, url, repeat, cold=False):
    """
    Median server time and query count of ``url``. ``cold``: with the shared
    cache emptied before each request, as after a change to the data, so the
    cockpit computes its figures every time.
    """
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm caches, templates and the connection
    times = []
    for _ in range(repeat):
        if cold:
            cache.clear()
        start = time.perf_counter()
        response = client.get(url)
        times.append(time.perf_counter() - start)
        assert response.status_code == 200, (url, response.status_code)
    if cold:
        cache.clear()
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return statistics.median(times) * 1000, len(queries)


def run(args) -> None:
    from django.db import connection
    from django.test import Client

    start = time.perf_counter()
    leader, staff, department = generate(args.goals, args.departments)
    print(f"machine: {machine()}")
    print(f"database: {connection.vendor}")
    print(
        f"data: {args.departments} departments, {args.goals} goals, 4 quarters "
        f"(generated in {time.perf_counter() - start:.1f} s)"
    )
    as_leader, as_staff = Client(), Client()
    as_leader.force_login(leader)
    as_staff.force_login(staff)
    baseline, base_queries = timed(Client(), "/accounts/login/", args.repeat)
    period = "year=2023&quarter=4"
    rows = [
        ("baseline: /accounts/login/", baseline, base_queries),
        (
            "/dashboard/ (leader, computed)",
            *timed(as_leader, f"/dashboard/?{period}", args.repeat, cold=True),
        ),
        (
            "/dashboard/ (leader, cached)",
            *timed(as_leader, f"/dashboard/?{period}", args.repeat),
        ),
        (
            "/goals/?state=behind (leader)",
            *timed(as_leader, f"/goals/?{period}&state=behind", args.repeat),
        ),
        ("/leaders/me/ (leader)", *timed(as_leader, f"/leaders/me/?{period}", args.repeat)),
        (
            f"/departments/{department.pk}/ (staff)",
            *timed(as_staff, f"/departments/{department.pk}/?{period}", args.repeat),
        ),
    ]
    print(f"{'page':<38} {'median ms':>10} {'× baseline':>11} {'queries':>8}")
    for name, ms, queries in rows:
        print(f"{name:<38} {ms:>10.1f} {ms / baseline:>11.1f} {queries:>8}")


if __name__ == "__main__":
    main()
