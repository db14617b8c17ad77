"""
A whole year in a real browser, on a fresh database: the third quarter is
reported, reviewed (red and yellow goals among them) and closed; on the first
day of the fourth quarter the dashboard still shows how every goal stood, each
marked with the quarter it comes from; the fourth quarter is reported and
reviewed; the year is closed. At each step the dashboard's figures and its
ranking are checked against figures this test works out itself from what the
departments reported. And a staff member's path on a 390-pixel phone.
"""

from collections import Counter

import pytest

import targets.selectors.plans
from targets.choices import ReviewState, UpdateStatus
from targets.models import QuarterlyUpdate, ReportingPeriod
from targets.periods import Quarter
from targets.services.review import quarterly_update_approve
from targets.services.updates import UpdateData, quarterly_update_submit
from tests.factories import GoalFactory, SectionFactory
from tests.helpers import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

STATES = ("completed", "on_track", "at_risk", "behind", "not_started", "unassessed")
LABEL = {
    "completed": "已完成",
    "on_track": "正常推进",
    "at_risk": "存在风险",
    "behind": "滞后",
    "not_started": "未启动",
}

# What each goal's department reports (status, percent) each quarter; None: nothing.
PLAN = {
    "1.1": ("A", {3: ("on_track", 60), 4: ("completed", 100)}),
    "1.2": ("A", {3: ("behind", 20), 4: ("at_risk", 60)}),
    "1.3": ("A", {3: ("on_track", 50), 4: None}),
    "2.1": ("B", {3: ("at_risk", 40), 4: ("on_track", 80)}),
    "2.2": ("B", {3: None, 4: ("on_track", 50)}),
}


def expected(quarter: int) -> tuple[dict, dict]:
    """
    The dashboard's figures as of ``quarter`` once every report sent has been
    approved, worked out here from ``PLAN`` by the rule the page states: a
    goal keeps its latest approved status; reporting counts this quarter.
    Returns the tiles and, per department, (reported, expected, behind, missing).
    """
    states, departments = Counter(), {}
    for _code, (side, reports) in PLAN.items():
        latest = next(
            (reports[q] for q in range(quarter, 2, -1) if reports.get(q) is not None), None
        )
        state = latest[0] if latest else "unassessed"
        states[state] += 1
        earlier_done = any(
            reports.get(q) and reports[q][0] == "completed" for q in range(3, quarter)
        )
        sent = reports.get(quarter) is not None
        reported, due, behind, missing = departments.get(side, (0, 0, 0, 0))
        departments[side] = (
            reported + sent,
            due + (not earlier_done),
            behind + (state == "behind"),
            missing + (not sent and not earlier_done),
        )
    reported = sum(r for r, _, _, _ in departments.values())
    due = sum(d for _, d, _, _ in departments.values())
    tiles = {state: str(states[state]) for state in STATES}
    tiles.update(
        total=str(len(PLAN)),
        reported=f"{reported}/{due}",
        missing=str(due - reported),
        red=str(states["behind"]),
    )
    return tiles, departments


def dashboard_figures(page) -> dict:
    keys = (*STATES, "total", "reported", "missing", "red")
    return {key: page.inner_text(f"[data-count='{key}']").strip() for key in keys}


def ranking(page, names) -> dict:
    """(reported, expected, behind, missing) of each department row, as the page shows them."""
    rows = {}
    for side, name in names.items():
        cells = page.locator("#department-table tbody tr", has_text=name).locator("td")
        reported = cells.nth(3).inner_text().split(" ")[0]
        sent, due = (int(n) for n in reported.split("/")) if "/" in reported else (0, 0)
        rows[side] = (sent, due, int(cells.nth(10).inner_text()), int(cells.nth(14).inner_text()))
    return rows


def report(goal, quarter, staff, status, percent):
    quarterly_update_submit(
        goal,
        Quarter(2023, quarter),
        UpdateData(
            status=status,
            percent_complete=percent,
            progress=f"第{quarter}季度完成{percent}%。",
            override_reason="按实际进度填报。",
        ),
        user=staff,
    )


def test_a_whole_year_on_the_dashboard(
    new_page,
    screenshot,
    monkeypatch,
    plan,
    department_a,
    department_b,
    staff_a,
    staff_b,
    supervisor,
    leader,
):
    theme = SectionFactory(plan=plan, number="一是", title="抓项目、扩投资")
    sides = {"A": (department_a, staff_a), "B": (department_b, staff_b)}
    goals = {
        code: GoalFactory(
            plan=plan, section=theme, code=code, title=f"任务{code}", leads=[sides[side][0]]
        )
        for code, (side, _reports) in PLAN.items()
    }
    names = {"A": str(department_a), "B": str(department_b)}

    # The third quarter: today is in it.
    monkeypatch.setattr(targets.selectors.plans, "current_quarter", lambda: Quarter(2023, 3))
    staff = new_page()
    log_in(staff, "staff_a")
    # One report through the form, as a department makes it; the others by the same service.
    staff.goto(f"/goals/{goals['1.2'].pk}/report/?year=2023&quarter=3")
    staff.click("label:has-text('滞后')")
    staff.fill("#id_percent_complete", "20")
    staff.fill("#id_progress", "征地手续未办结，项目尚未开工。")
    staff.fill("#id_override_reason", "按实际进度填报。")
    staff.click("#submit-update")
    staff.wait_for_selector("#timeline")
    for code, (side, reports) in PLAN.items():
        if code != "1.2" and reports[3]:
            report(goals[code], 3, sides[side][1], *reports[3])

    office = new_page()
    log_in(office, "supervisor")
    office.goto("/reviews/")
    for update in QuarterlyUpdate.objects.filter(review_state=ReviewState.SUBMITTED):
        office.check(f"#select-{update.pk}")
    screenshot(office, "60-year-q3-review")
    office.click("#approve-selected")
    office.wait_for_selector("#review-empty")
    assert not QuarterlyUpdate.objects.filter(review_state=ReviewState.SUBMITTED).exists()

    boss = new_page()
    log_in(boss, "leader")
    boss.goto("/dashboard/")  # the open quarter: Q3
    tiles, rows = expected(3)
    assert dashboard_figures(boss) == tiles
    assert ranking(boss, names) == rows
    screenshot(boss, "61-year-q3-reviewed")

    # The office closes Q3, told how many goals never reported.
    q3 = ReportingPeriod.objects.get(plan=plan, quarter=3)
    office.goto(f"/periods/{q3.pk}/close/")
    assert "还有1项目标任务未报送" in office.inner_text("#close-question")
    office.click("#confirm-close")
    office.wait_for_selector(".messages")
    screenshot(office, "62-year-q3-closed")

    # The first day of Q4: nothing is reported yet, and every goal still stands as in Q3.
    monkeypatch.setattr(targets.selectors.plans, "current_quarter", lambda: Quarter(2023, 4))
    boss.goto("/dashboard/")
    assert "2023年第4季度" in boss.inner_text("#plan-title")
    tiles, rows = expected(4)
    tiles.update(reported="0/5", missing="5")
    rows = {side: (0, due, behind, due) for side, (_r, due, behind, _m) in rows.items()}
    tiles_q3, _rows = expected(3)
    tiles.update({state: tiles_q3[state] for state in STATES}, red=tiles_q3["red"])
    assert dashboard_figures(boss) == tiles
    assert ranking(boss, names) == {
        side: (0, due, int(tiles_q3["behind"]) if side == "A" else 0, due)
        for side, (_sent, due, _behind, _missing) in rows.items()
    }
    red = boss.inner_text("#red-goals")
    assert "任务1.2" in red and "第3季度" in red
    assessed = sum(1 for _side, reports in PLAN.values() if reports[3] is not None)
    assert f"{assessed}项目标任务显示的是以往季度的评估状态" in boss.inner_text("#carried-note")
    screenshot(boss, "63-year-q4-first-day")

    # Q4 is reported (one through the form) and reviewed.
    staff.goto(f"/departments/{department_a.pk}/")
    staff.locator("#goal-table tr", has_text="任务1.1").locator("text=填报").click()
    staff.wait_for_selector("#update-form")
    staff.click("label:has-text('已完成')")
    staff.fill("#id_percent_complete", "100")
    staff.fill("#id_progress", "项目全部开工。")
    staff.click("#submit-update")
    staff.wait_for_selector("#timeline")
    for code, (side, reports) in PLAN.items():
        if code != "1.1" and reports[4]:
            report(goals[code], 4, sides[side][1], *reports[4])
    for update in QuarterlyUpdate.objects.filter(review_state=ReviewState.SUBMITTED):
        quarterly_update_approve(update, user=supervisor)
    boss.goto("/dashboard/")
    tiles, rows = expected(4)
    assert dashboard_figures(boss) == tiles
    assert ranking(boss, names) == rows
    screenshot(boss, "64-year-q4-reviewed")

    # The year is closed: the dashboard opens on its last quarter, with its figures.
    q4 = ReportingPeriod.objects.get(plan=plan, quarter=4)
    office.goto(f"/periods/{q4.pk}/close/")
    office.click("#confirm-close")
    office.wait_for_selector(".messages")
    boss.goto("/dashboard/")
    assert "2023年第4季度" in boss.inner_text("#plan-title")
    assert dashboard_figures(boss) == tiles
    assert boss.inner_text("[data-count='completed']") == "1"
    screenshot(boss, "65-year-closed")


def test_a_staff_members_quarter_on_a_phone(
    browser, live_server, screenshot, plan, department_a, staff_a
):
    goal = GoalFactory(plan=plan, code="1.1", title="净增高企", leads=[department_a])
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 390, "height": 844}, locale="zh-CN"
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    try:
        log_in(page, "staff_a")  # lands on the department's page
        card = page.locator(f"#goal-card-{goal.pk}")
        assert card.is_visible()
        button = card.locator("text=填报")
        box = button.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390  # in reach, no sideways scroll
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        screenshot(page, "66-phone-department")
        button.click()
        page.wait_for_selector("#update-form")
        page.click("label:has-text('正常推进')")
        page.fill("#id_percent_complete", "30")
        page.fill("#id_progress", "已认定高企30家。")
        page.fill("#id_override_reason", "四季度集中认定，全年目标可以完成。")
        actions = page.locator(".form-actions")
        assert actions.bounding_box()["y"] + actions.bounding_box()["height"] <= 844
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        screenshot(page, "67-phone-update-form")
        page.click("#submit-update")
        page.wait_for_selector("#timeline")
        assert QuarterlyUpdate.objects.get(goal=goal).status == UpdateStatus.ON_TRACK
        screenshot(page, "68-phone-submitted")
    finally:
        context.close()
