"""
Server time of the assessment's pages (考核) with a whole district's data: the
ranking and a department's breakdown while the results are a draft (computed
on every request, from every goal's four quarters), the ranking once they are
published (read from the results kept), and the score table's download. The
district is bench/district.py's. Prints the median server time, the query
count and the ratio to baselines measured in the same run: the sign-in page,
which touches no plan data, and the cockpit computing its figures. Not a test;
nothing is asserted.

    .venv/bin/python bench/assessment.py [--goals 2000] [--departments 100] [--repeat 9]
"""

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DEBUG", "1")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

from bench.dashboard import timed
from bench.district import generate
from bench.machine import machine
from bench.scratch import scratch_database


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--goals", type=int, default=2000)
    parser.add_argument("--departments", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=9)
    args = parser.parse_args()
    with scratch_database():
        run(args)


def run(args) -> None:
    from unittest import mock

    from django.db import connection
    from django.test import Client

    from accounts.choices import Role
    from accounts.models import User
    from targets.models import Plan
    from targets.periods import Quarter
    from targets.services.assessment import assessment_publish

    start = time.perf_counter()
    leader, staff, department = generate(args.goals, args.departments)
    office = User.objects.create(username="bench-office", role=Role.SUPERVISOR)
    print(f"machine: {machine()}")
    print(f"database: {connection.vendor}")
    print(
        f"data: {args.departments} departments, {args.goals} goals, 4 quarters "
        f"(generated in {time.perf_counter() - start:.1f} s)"
    )
    as_leader, as_staff = Client(), Client()
    as_leader.force_login(leader)
    as_staff.force_login(staff)
    plan = Plan.objects.get(year=2023)
    breakdown = f"/assessment/departments/{department.pk}/?year=2023"
    # Every quarter of 2023 begun, as on the day the office scores the year.
    with mock.patch("targets.selectors.plans.current_quarter", lambda: Quarter(2023, 4)):
        rows = [
            ("baseline: /accounts/login/", *timed(Client(), "/accounts/login/", args.repeat)),
            (
                "baseline: /dashboard/ (computed)",
                *timed(as_leader, "/dashboard/?year=2023&quarter=4", args.repeat, cold=True),
            ),
            ("/assessment/ (draft)", *timed(as_leader, "/assessment/?year=2023", args.repeat)),
            (f"{breakdown.split('?')[0]} (staff, draft)", *timed(as_staff, breakdown, args.repeat)),
        ]
        assessment_publish(plan, user=office, version=0)
        rows += [
            ("/assessment/ (published)", *timed(as_leader, "/assessment/?year=2023", args.repeat)),
            (
                "/exports/assessment/ (published)",
                *timed(as_leader, "/exports/assessment/?year=2023", args.repeat),
            ),
        ]
    login, dashboard = rows[0][1], rows[1][1]
    print(f"{'page':<42} {'median ms':>10} {'× login':>8} {'× dashboard':>12} {'queries':>8}")
    for name, ms, queries in rows:
        print(f"{name:<42} {ms:>10.1f} {ms / login:>8.1f} {ms / dashboard:>12.2f} {queries:>8}")


if __name__ == "__main__":
    main()
