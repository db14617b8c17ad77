"""
The supervision cycle in a real browser: staff submit, the supervision office
returns the update with a comment, staff fix it and submit again, the office
approves, and a leader sees the goal green on the cockpit and drills down to it.
"""

import pytest

from targets.choices import ReviewState, UpdateAction
from targets.models import QuarterlyUpdate, UpdateEvent
from tests.factories import GoalFactory, IndicatorFactory, SectionFactory
from tests.helpers import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

RETURN_COMMENT = "请写明新增高企的认定批次和数量来源。"


def test_submit_return_resubmit_approve_and_the_leader_sees_green(
    new_page, screenshot, plan, department_a, department_b, staff_a, supervisor, leader
):
    theme = SectionFactory(plan=plan, number="二是", title="塑优势、铸高地")
    goal = GoalFactory(
        plan=plan,
        section=theme,
        code="2.1.1",
        title="净增高企",
        text="健全科技企业梯度培育路径，净增高企96家。",
        leads=[department_a],
        supports=[department_b],
    )
    indicator = IndicatorFactory(goal=goal, name="净增高企", target_value=96, unit="家")

    # 1. Staff report the quarter and submit it for review.
    staff = new_page()
    log_in(staff, "staff_a")
    staff.click("#main-nav >> text=本单位")
    staff.click("#goal-table >> text=填报")
    staff.wait_for_selector("#update-form")
    staff.click("label:has-text('正常推进')")
    staff.fill("#id_percent_complete", "94")
    staff.fill(f"#id_indicator_{indicator.pk}", "90")
    staff.fill("#id_progress", "截至12月底，已净增高企90家。")
    staff.click("#submit-update")
    staff.wait_for_selector("#timeline")
    assert "已提交督查室审核" in staff.inner_text(".messages")
    update = QuarterlyUpdate.objects.get(goal=goal)
    assert update.review_state == ReviewState.SUBMITTED

    # 2. The supervision office finds it in the review queue and returns it.
    office = new_page()
    log_in(office, "supervisor")
    office.click("#main-nav >> text=审核")
    item = office.locator(f"#review-item-{update.pk}")
    assert "净增高企" in item.inner_text()
    screenshot(office, "30-review-queue")
    item.locator("textarea[name=comment]").fill(RETURN_COMMENT)
    item.locator("button[value=return]").click()
    office.wait_for_selector(".messages")
    assert "退回" in office.inner_text(".messages")
    update.refresh_from_db()
    assert update.review_state == ReviewState.RETURNED

    # The returned update is no longer reported: the leaders' figures say so.
    office.goto("/dashboard/")
    assert office.inner_text("[data-count='missing']") == "1"

    # 3. Staff see the comment where they work, fix the text and submit again.
    staff.goto(f"/departments/{department_a.pk}/")
    assert "净增高企" in staff.inner_text("#reminder-goals")
    staff.click("#reminder-goals >> text=填报")
    staff.wait_for_selector("#return-comment")
    assert RETURN_COMMENT in staff.inner_text("#return-comment")
    screenshot(staff, "31-staff-returned-update")
    staff.fill(
        "#id_progress", "截至12月底，已净增高企90家（第一批52家、第二批38家，以省科技厅公示为准）。"
    )
    staff.click("#submit-update")
    staff.wait_for_selector("#timeline")
    update.refresh_from_db()
    assert update.review_state == ReviewState.SUBMITTED

    # 4. The office approves it from the queue.
    office.goto("/reviews/")
    item = office.locator(f"#review-item-{update.pk}")
    assert "第一批52家" in item.inner_text()
    item.locator("button[value=approve]").click()
    office.wait_for_selector("#review-empty")
    update.refresh_from_db()
    assert update.review_state == ReviewState.APPROVED
    assert list(
        UpdateEvent.objects.filter(update=update)
        .order_by("at", "pk")
        .values_list("action", flat=True)
    ) == [
        UpdateAction.SUBMITTED,
        UpdateAction.RETURNED,
        UpdateAction.SUBMITTED,
        UpdateAction.APPROVED,
    ]

    # 5. A leader sees it green on the cockpit and drills down to the goal.
    boss = new_page()
    log_in(boss, "leader")
    boss.goto("/dashboard/")
    boss.wait_for_selector("#state-counts")
    assert boss.inner_text("[data-count='on_track']") == "1"
    assert boss.inner_text("[data-count='pending']") == "0"
    assert boss.inner_text("[data-count='missing']") == "0"
    boss.wait_for_selector("[data-chart=chart-states] svg")
    screenshot(boss, "32-leader-cockpit-after-approval")
    row = boss.locator("#department-table tbody tr", has_text="区发改局")
    assert "1/1" in row.inner_text()
    row.locator("a").first.click()
    boss.wait_for_selector("#goal-table")
    assert "正常推进" in boss.locator("#goal-table tbody tr", has_text="净增高企").inner_text()
    boss.click("#goal-table >> text=净增高企")
    boss.wait_for_selector("#timeline")
    timeline = boss.inner_text("#timeline")
    assert "第一批52家" in timeline
    assert RETURN_COMMENT in boss.inner_text("body")  # the review trail is on the goal page
    screenshot(boss, "33-leader-goal-after-approval")
