"""Importing the report in a real browser: paste, correct an owner, confirm, see the goals."""

from pathlib import Path

import pytest
from django.conf import settings

from targets.choices import OwnerRole
from targets.models import Goal, Plan
from tests.factories import DepartmentFactory
from tests.helpers import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SEED = (Path(settings.BASE_DIR) / "targets" / "demo" / "hongshan-2023-work-report.txt").read_text()


def test_admin_pastes_the_report_corrects_an_owner_and_confirms(new_page, screenshot, admin):
    keji = DepartmentFactory(name="洪山区科学技术局", short_name="区科技局")
    page = new_page()
    log_in(page, "admin")

    page.click("text=导入方案")
    page.fill("#id_text", SEED)
    page.fill("#id_title", "2023年洪山区政府工作报告")
    page.click("#read-button")
    page.wait_for_selector("#draft-tree")
    assert "39项任务，28个量化指标" in page.inner_text("#draft-counts")
    assert page.locator("mark.target").count() == 28
    assert "第27行起的文字像是网页页脚，已略去。" in page.inner_text("#general-warnings")
    screenshot(page, "10-import-preview")

    # The reload keeps the draft: it lives in the database.
    page.reload()
    assert page.locator(".draft-goal").count() == 39

    goal = page.locator(".draft-goal", has_text="净增高企96家")
    goal.locator("text=更正").click()
    page.wait_for_selector("#goal-form")
    page.fill("#id_lead_departments", "区科技局")
    page.fill("#id_co_departments", "各街道")
    screenshot(page, "11-import-correct-goal")
    page.click("#save-goal")
    page.wait_for_selector("#draft-tree")
    assert "任务已更正。" in page.inner_text(".messages")
    corrected = page.locator(".draft-goal", has_text="净增高企96家")
    assert corrected.locator("[data-lead]").inner_text() == "区科技局"
    assert "各街道" in page.inner_text("#unknown-departments")

    page.check("#activate")
    page.click("#confirm-button")
    page.wait_for_selector(".messages")
    assert "已导入“2023 2023年洪山区政府工作报告”" in page.inner_text(".messages")
    screenshot(page, "12-import-confirmed")

    plan = Plan.objects.get()
    assert (plan.state, plan.goals.count()) == ("active", 39)
    goal = Goal.objects.get(text__contains="净增高企96家")
    assert goal.assignments.get(role=OwnerRole.LEAD).department == keji

    # The new plan is on the dashboard.
    page.goto("/dashboard/")
    assert page.inner_text("[data-count='total']") == "39"
    screenshot(page, "13-dashboard-after-import")
