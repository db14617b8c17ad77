"""
What reading the organisation "as it was then" costs, and what a reorganisation
costs to apply, with a whole district's data.

Generates a district (bench/district.py: DEPARTMENTS departments, GOALS goals,
four quarters of updates) with four accounts per department, then measures:

1. the goals' owners as the dashboard and the bulletin read them, and a
   department's goals as its page reads them: each against the query it ran
   before reorganisations existed (today's owners: the baseline of its part),
   as of 2023 Q3's last day before any reorganisation, then after MERGES
   merges of two departments into a new unit and as many renames, all taking
   effect on 2023-10-01 (Q3 reaches back across all of them);
2. the pages and the bulletin for Q3 and Q4, before and after, against the
   sign-in page (the baseline of this part): the dashboard with its figures
   computed, a department page, the bulletin's data;
3. one merge of two departments (their goals, accounts and names): the
   preview, and the preview and apply together.

Median time, query count, ratio to the baseline. Not a test; nothing is asserted.

    .venv/bin/python bench/reorganisations.py [--goals 2000] [--departments 100] [--merges 10]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/luoshi_bench \
        .venv/bin/python bench/reorganisations.py
"""

import argparse
import datetime
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DEBUG", "1")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

from bench.district import generate
from bench.machine import machine
from bench.scratch import scratch_database

EFFECTIVE = datetime.date(2023, 10, 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--goals", type=int, default=2000)
    parser.add_argument("--departments", type=int, default=100)
    parser.add_argument("--merges", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()

    with scratch_database():
        run(args)


def timed(call, repeat: int, prepare=None) -> tuple[float, int]:
    """Median milliseconds of ``call()`` (``prepare()`` untimed before each) and its queries."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    call()  # warm caches, templates and the connection
    times = []
    for _ in range(repeat):
        if prepare is not None:
            prepare()
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    if prepare is not None:
        prepare()
    with CaptureQueriesContext(connection) as queries:
        call()
    return statistics.median(times) * 1000, len(queries)


def page(client, url):
    def get():
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)

    return get


def reorganise(departments, merges: int, admin) -> None:
    """``merges`` merges of two departments into a new unit, and as many renames."""
    from targets.choices import ReorganisationKind
    from targets.selectors.reorganisations import NewUnit, Proposal, reorganisation_preview
    from targets.services.reorganisations import reorganisation_apply

    def apply(proposal):
        preview = reorganisation_preview(proposal)
        assert not preview.problems, preview.problems
        reorganisation_apply(proposal, user=admin, digest=preview.digest)

    common = {"effective_on": EFFECTIVE, "reason": "基准测试"}
    for n in range(merges):
        pair = departments[10 + 2 * n : 12 + 2 * n]
        apply(
            Proposal(
                kind=ReorganisationKind.MERGE,
                sources=list(pair),
                into=NewUnit(f"合并单位{n}", f"合并{n}"),
                **common,
            )
        )
    for n in range(merges):
        department = departments[50 + n]
        department.refresh_from_db()
        apply(
            Proposal(
                kind=ReorganisationKind.RENAME,
                department=department,
                name=f"更名单位{n}",
                short_name=f"更名{n}",
                **common,
            )
        )


def run(args) -> None:
    from django.core.cache import cache
    from django.db import connection
    from django.db.models import OuterRef, Prefetch, Subquery
    from django.test import Client

    from accounts.choices import Role
    from accounts.models import User
    from targets.choices import ReorganisationKind
    from targets.models import Department, Goal, GoalDepartment, Plan
    from targets.periods import Quarter
    from targets.selectors.bulletin import bulletin_data
    from targets.selectors.dashboard import owner_links
    from targets.selectors.goals import department_goals
    from targets.selectors.organisation import departments_as_of
    from targets.selectors.reorganisations import NewUnit, Proposal, reorganisation_preview
    from targets.selectors.states import with_state
    from targets.services.reorganisations import reorganisation_apply

    start = time.perf_counter()
    leader, _staff, _department = generate(args.goals, args.departments)
    departments = list(Department.objects.order_by("order"))
    User.objects.bulk_create(
        User(username=f"u{d.pk}-{n}", role=Role.STAFF, department=d)
        for d in departments
        for n in range(4)
    )
    admin = User.objects.create(username="bench-admin", role=Role.ADMIN, is_superuser=True)
    print(f"machine: {machine()}")
    print(f"database: {connection.vendor}")
    print(
        f"data: {args.departments} departments, {args.goals} goals, 4 quarters, "
        f"{4 * args.departments} accounts (generated in {time.perf_counter() - start:.1f} s)"
    )
    plan = Plan.objects.get()
    goals = Goal.objects.filter(plan=plan)
    q3, q4 = Quarter(2023, 3), Quarter(2023, 4)
    as_leader = Client()
    as_leader.force_login(leader)
    watched = departments[10]  # merged away in the second round

    def department_goals_today(department, period):
        # selectors.goals.department_goals before reorganisations: today's owners only.
        role = GoalDepartment.objects.filter(goal=OuterRef("pk"), department=department)
        return list(
            with_state(goals.filter(plan=plan).active().of_department(department), period)
            .annotate(department_role=Subquery(role.order_by().values("role")[:1]))
            .select_related("section")
            .prefetch_related(
                Prefetch(
                    "assignments", queryset=GoalDepartment.objects.select_related("department")
                )
            )
        )

    def department_reads(label):
        # As the page reads them: its department, read as of the quarter (a query
        # the page makes anyway), says whether anything took effect since.
        as_of = departments_as_of(Department.objects.filter(pk=watched.pk), q3.last_day)
        since = as_of.values_list("reorganised_since", flat=True).get()
        return [
            (
                f"department's goals as of Q3 ({label})",
                *timed(
                    lambda: list(
                        department_goals(watched, plan, q3, goals, reorganised_since=since)
                    ),
                    args.repeat,
                ),
            ),
        ]

    def reads(label):
        return [
            (
                f"owner links as of Q3 ({label})",
                *timed(lambda: owner_links(goals, q3.last_day), args.repeat),
            ),
        ]

    def pages(label):
        rows = []
        for period in (q3, q4):
            query = f"year=2023&quarter={period.quarter}"
            rows += [
                (
                    f"/dashboard/ {period.short_label} computed ({label})",
                    *timed(page(as_leader, f"/dashboard/?{query}"), args.repeat, cache.clear),
                ),
                (
                    f"/departments/<merged>/ {period.short_label} ({label})",
                    *timed(page(as_leader, f"/departments/{watched.pk}/?{query}"), args.repeat),
                ),
                (
                    f"bulletin data {period.short_label} ({label})",
                    *timed(lambda p=period: bulletin_data(plan, p, user=leader), args.repeat),
                ),
            ]
        return rows

    links_base = timed(lambda: owner_links(goals), args.repeat)
    page_base = timed(page(Client(), "/accounts/login/"), args.repeat)
    selector_rows = [("baseline: owner links today", *links_base), *reads("none yet")]
    department_rows = [
        (
            "baseline: department's goals, today's owners",
            *timed(lambda: department_goals_today(watched, q3), args.repeat),
        ),
        *department_reads("none yet"),
    ]
    page_rows = [("baseline: /accounts/login/", *page_base), *pages("none yet")]

    started = time.perf_counter()
    reorganise(departments, args.merges, admin)
    applied = time.perf_counter() - started
    selector_rows += reads(f"after {2 * args.merges}")
    department_rows += department_reads(f"after {2 * args.merges}")
    page_rows += pages(f"after {2 * args.merges}")

    # One more merge, measured: the preview alone, then preview and apply (rolled back).
    from django.db import transaction

    pair = [departments[80], departments[81]]
    proposal = Proposal(
        kind=ReorganisationKind.MERGE,
        sources=pair,
        into=NewUnit("测量合并单位", "测量合并"),
        effective_on=EFFECTIVE,
        reason="基准测试",
    )

    def preview_and_apply():
        with transaction.atomic():
            preview = reorganisation_preview(proposal)
            reorganisation_apply(proposal, user=admin, digest=preview.digest)
            transaction.set_rollback(True)

    moved = len(reorganisation_preview(proposal).changed_goals)
    merge_rows = [
        ("baseline: /accounts/login/", *page_base),
        (
            f"merge preview ({moved} goals, 8 accounts)",
            *timed(lambda: reorganisation_preview(proposal), args.repeat),
        ),
        ("merge preview + apply", *timed(preview_and_apply, args.repeat)),
    ]

    print(f"applied {args.merges} merges and {args.merges} renames in {applied:.1f} s")
    for title, rows in (
        ("the goals' owners as the dashboard reads them", selector_rows),
        ("a department's goals as its page reads them", department_rows),
        ("pages and the bulletin", page_rows),
        ("one merge", merge_rows),
    ):
        baseline = rows[0][1]
        print(f"\n{title}")
        print(f"{'':<44} {'median ms':>10} {'× baseline':>11} {'queries':>8}")
        for name, ms, queries in rows:
            print(f"{name:<44} {ms:>10.1f} {ms / baseline:>11.2f} {queries:>8}")


if __name__ == "__main__":
    main()
