"""
Server time of the cockpit, its goal list, a leader's page and a department
page with a whole district's data.

Generates a plan of GOALS goals over DEPARTMENTS departments with four quarters
of updates in a scratch database, as a supervision office would have them:
reporting periods with due dates, updates sent before and after them, Q1–Q3
approved and Q4 partly approved, partly waiting for review, saved as drafts or
returned; responsible leaders on sections and goals. Then renders each page
REPEAT times through Django's test client (no network) and prints the median
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


def generate(goal_count: int, department_count: int):
    import datetime
    import random

    from django.utils import timezone

    from accounts.choices import Role
    from accounts.models import User
    from targets.choices import OwnerRole, PlanState, ReviewState, UpdateStatus
    from targets.models import (
        Department,
        Goal,
        GoalDepartment,
        Indicator,
        IndicatorActual,
        Leader,
        Plan,
        QuarterlyUpdate,
        ReportingPeriod,
        Section,
    )

    rng = random.Random(2023)
    departments = Department.objects.bulk_create(
        Department(name=f"测试单位{n}", short_name=f"单位{n}", code=f"d{n}", order=n)
        for n in range(department_count)
    )
    plan = Plan.objects.create(year=2023, title="基准测试方案", state=PlanState.ACTIVE)
    chapters = [
        Section.objects.create(plan=plan, number=f"{n}是", title=f"章{n}", order=n * 10)
        for n in range(1, 6)
    ]
    themes = [
        Section.objects.create(plan=plan, parent=c, title=f"主题{c.order + t}", order=c.order + t)
        for c in chapters
        for t in range(1, 5)
    ]
    goals = Goal.objects.bulk_create(
        Goal(
            plan=plan,
            section=themes[n % len(themes)],
            code=f"{n // 100}.{n // 10 % 10}.{n % 10}",
            order=n,
            title=f"目标任务{n}",
            text=f"目标任务{n}的原文，新增项目{n}个。",
        )
        for n in range(goal_count)
    )
    GoalDepartment.objects.bulk_create(
        link
        for n, goal in enumerate(goals)
        for link in (
            GoalDepartment(
                goal=goal, department=departments[n % department_count], role=OwnerRole.LEAD
            ),
            GoalDepartment(
                goal=goal,
                department=departments[(n * 7 + 3) % department_count],
                role=OwnerRole.SUPPORT,
                order=1,
            ),
        )
        if link.department_id != departments[n % department_count].pk or link.role == OwnerRole.LEAD
    )
    indicators = Indicator.objects.bulk_create(
        Indicator(goal=goal, name="新增项目", target_value=n + 1, unit="个")
        for n, goal in enumerate(goals)
    )
    statuses = [UpdateStatus.ON_TRACK] * 6 + [
        UpdateStatus.AT_RISK,
        UpdateStatus.BEHIND,
        UpdateStatus.COMPLETED,
    ]
    for q in (1, 2, 3, 4):
        ReportingPeriod.objects.create(
            plan=plan, year=2023, quarter=q, due_date=datetime.date(2023, 3 * q, 25)
        )
    # Earlier quarters are reviewed; the last one is still going through review.
    q4_reviews = [ReviewState.APPROVED] * 12 + [ReviewState.SUBMITTED] * 5
    q4_reviews += [ReviewState.DRAFT] * 2 + [ReviewState.RETURNED]

    def update(goal, q):
        review = rng.choice(q4_reviews) if q == 4 else ReviewState.APPROVED
        day = rng.randint(15, 30)  # some after the 25th: late
        return QuarterlyUpdate(
            goal=goal,
            year=2023,
            quarter=q,
            status=rng.choice(statuses),
            percent_complete=min(100, 25 * q),
            progress="按计划推进。",
            problems="用地指标紧张。" if rng.random() < 0.2 else "",
            review_state=review,
            submitted_at=None
            if review == ReviewState.DRAFT
            else timezone.make_aware(datetime.datetime(2023, 3 * q, day, 16)),
        )

    updates = QuarterlyUpdate.objects.bulk_create(
        update(goal, q) for goal in goals for q in (1, 2, 3, 4)
    )
    by_goal = {i.goal_id: i for i in indicators}
    IndicatorActual.objects.bulk_create(
        IndicatorActual(update=u, indicator=by_goal[u.goal_id], value=u.quarter) for u in updates
    )
    leader = User.objects.create(username="leader", role=Role.LEADER)
    staff = User.objects.create(username="staff", role=Role.STAFF, department=departments[0])
    # Ten deputies, each over two themes; every third goal names its own leader.
    leaders = Leader.objects.bulk_create(
        Leader(name=f"领导{n}", position="副区长", order=n) for n in range(10)
    )
    Leader.objects.filter(pk=leaders[0].pk).update(user=leader)
    Section.leaders.through.objects.bulk_create(
        Section.leaders.through(section=theme, leader=leaders[n % 10])
        for n, theme in enumerate(themes)
    )
    Goal.leaders.through.objects.bulk_create(
        Goal.leaders.through(goal=goal, leader=leaders[n % 10])
        for n, goal in enumerate(goals)
        if n % 3 == 0
    )
    return leader, staff, departments[0]


def timed(client, url, repeat):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm caches, templates and the connection
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        response = client.get(url)
        times.append(time.perf_counter() - start)
        assert response.status_code == 200, (url, response.status_code)
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
        ("/dashboard/ (leader)", *timed(as_leader, f"/dashboard/?{period}", args.repeat)),
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
    print(f"{'page':<36} {'median ms':>10} {'× baseline':>11} {'queries':>8}")
    for name, ms, queries in rows:
        print(f"{name:<36} {ms:>10.1f} {ms / baseline:>11.1f} {queries:>8}")


if __name__ == "__main__":
    main()
