"""
A whole district's plan for the benchmarks: departments, a plan with chapters
and themes, goals with lead and supporting departments and one indicator
each, reporting periods, four quarters of updates (Q1–Q3 approved, Q4 partly
approved, partly submitted, draft or returned) and responsible leaders.

Used by bench/dashboard.py, bench/export.py and bench/load.py; call it with
Django set up, on a scratch database.
"""


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
    analyze()
    return leader, staff, departments[0]


def analyze() -> None:
    """
    Give the query planner statistics of the generated tables, as a district's
    database has them (PostgreSQL's autovacuum analyses a table after enough
    changes; ``make restore`` runs ANALYZE after pg_restore). Measured right after
    a bulk load without them, PostgreSQL took the 2,000 goals of a plan for 2 and
    scanned them all to find a department's 40.
    """
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
