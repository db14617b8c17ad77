"""The core loop in a real browser: staff report a quarter, a leader sees it on the dashboard."""

import pytest

from targets.choices import UpdateStatus
from targets.models import QuarterlyUpdate
from tests.factories import GoalFactory, IndicatorFactory, SectionFactory
from tests.helpers import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_staff_report_and_leader_sees_it_on_dashboard(
    new_page, screenshot, plan, department_a, staff_a, leader
):
    theme = SectionFactory(plan=plan, number="", title="增强创新生态吸引力")
    goal = GoalFactory(
        plan=plan,
        section=theme,
        code="2.2.3",
        title="净增高企",
        text="健全科技企业梯度培育路径,净增高企96家。",
        leads=[department_a],
    )
    IndicatorFactory(goal=goal, name="净增高企", target_value=96, unit="家")

    # Staff land on their department's page and report the current quarter.
    page = new_page()
    log_in(page, "staff_a")
    page.wait_for_selector("#department-name")
    assert page.inner_text("#department-name") == "洪山区发展和改革局"
    assert "未报送" in page.inner_text("#goal-table")
    screenshot(page, "01-staff-department-before")

    page.click("#goal-table >> text=填报")
    page.wait_for_selector("#update-form")
    page.click("label:has-text('正常推进')")
    page.fill("#id_percent_complete", "150")
    page.fill(f"#id_indicator_{goal.indicators.get().pk}", "-5")
    page.fill("#id_progress", "截至12月底，已净增高企90家。")
    page.click("#submit-update")
    # Refused with the reasons next to the fields, nothing saved.
    assert page.inner_text("#form-errors") == "请更正下面标出的内容，尚未保存。"
    assert "实际值不能为负数。" in page.inner_text("#indicator-fields")
    assert "请输入0到100之间的整数。" in page.inner_text("#update-form")
    assert not QuarterlyUpdate.objects.exists()
    screenshot(page, "02-staff-form-errors")

    page.fill("#id_percent_complete", "94")
    page.fill(f"#id_indicator_{goal.indicators.get().pk}", "90")
    page.click("#submit-update")
    page.wait_for_selector("#timeline")
    assert "2023年第4季度进展已保存，并已提交督查室审核。" in page.inner_text(".messages")
    assert "90家" in page.inner_text("#indicator-table")
    screenshot(page, "03-staff-goal-after-submit")

    update = QuarterlyUpdate.objects.get()
    assert (update.year, update.quarter, update.status) == (2023, 4, UpdateStatus.ON_TRACK)

    # A leader opens the dashboard and finds the update reported, waiting for
    # the supervision office (it counts as on track once approved: see
    # test_supervision_cycle).
    page = new_page()
    log_in(page, "leader")
    page.wait_for_selector("#state-counts")
    assert page.inner_text("#plan-title").endswith("2023年第4季度")
    assert page.inner_text("[data-count='pending']") == "1"
    assert page.inner_text("[data-count='on_track']") == "0"
    assert page.inner_text("[data-count='missing']") == "0"
    assert page.inner_text("[data-count='submission-rate']") == "100%"
    row = page.locator("#department-table tbody tr", has_text="区发改局")
    assert "1/1" in row.inner_text()
    screenshot(page, "04-leader-dashboard")

    # And drills down to the department and the goal.
    row.locator("a").click()
    page.wait_for_selector("#goal-table")
    page.click("#goal-table >> text=净增高企")
    page.wait_for_selector("#timeline")
    assert "截至12月底，已净增高企90家。" in page.inner_text("#timeline")
    screenshot(page, "05-leader-goal")
