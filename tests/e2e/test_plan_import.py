"""
Importing the report in a real browser: paste, correct an owner, confirm, see
the goals; set the owners of many tasks at once in the owners table.
"""

from pathlib import Path

import pytest
from django.conf import settings

from targets.choices import OwnerRole
from targets.models import Goal, GoalDepartment, Plan
from tests.factories import DepartmentAliasFactory, DepartmentFactory
from tests.helpers import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SEED = (Path(settings.BASE_DIR) / "targets" / "demo" / "hongshan-2023-work-report.txt").read_text()


def test_admin_pastes_the_report_corrects_an_owner_and_confirms(new_page, screenshot, admin):
    keji = DepartmentFactory(name="洪山区科学技术局", short_name="区科技局")
    page = new_page()
    log_in(page, "admin")

    page.click("#manage-menu")  # the administrator's pages are under 管理
    page.click("text=导入方案")
    page.fill("#id_text", SEED)
    page.fill("#id_title", "2023年洪山区政府工作报告")
    page.click("#read-button")
    page.wait_for_selector("#draft-tree")
    assert "目标任务39项、量化指标28个、章节13个" in page.inner_text("#draft-counts")
    assert page.locator("#draft-tree mark.target").count() == 28
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
    page.check("#without_lead")
    page.click("#confirm-button")
    page.wait_for_selector(".messages")
    assert "已导入“2023年洪山区政府工作报告”" in page.inner_text(".messages")
    screenshot(page, "12-import-confirmed")

    plan = Plan.objects.get()
    assert (plan.state, plan.goals.count()) == ("active", 39)
    goal = Goal.objects.get(text__contains="净增高企96家")
    assert goal.assignments.get(role=OwnerRole.LEAD).department == keji

    # The new plan is on the dashboard.
    page.goto("/dashboard/")
    assert page.inner_text("[data-count='total']") == "39"
    screenshot(page, "13-dashboard-after-import")


def owners_row(page, index):
    return page.locator(f"#owners-{index}")


def pick(page, selector, typed, name):
    """Type part of a name in a department box and choose ``name`` among the suggestions."""
    page.click(selector)
    page.type(selector, typed)
    page.locator(".department-menu [data-name]", has_text=name).first.click()


def test_admin_sets_owners_of_many_tasks_and_confirms_knowingly(new_page, screenshot, admin):
    fagai = DepartmentFactory(name="洪山区发展和改革局", short_name="区发改局")
    keji = DepartmentFactory(name="洪山区科学技术局", short_name="区科技局")
    DepartmentAliasFactory(department=keji, alias="区科技和经信局")
    page = new_page()
    log_in(page, "admin")

    # The title is the document's first line: nothing typed in the title box.
    page.goto("/imports/")
    page.fill("#id_text", "2023年洪山区政府工作报告\n\n" + SEED)
    page.click("#read-button")
    page.wait_for_selector("#draft-tree")
    assert page.inner_text("#draft-title") == "2023年洪山区政府工作报告 · 2023"
    preview_words = "目标任务39项、量化指标28个、章节13个"
    assert page.inner_text("#draft-counts").startswith(preview_words + " · 尚无牵头单位39项")
    assert page.get_attribute("#goal-0 [data-line]", "title") == "原文第3行"
    assert "在原文中的起始行号" in page.inner_text("#badge-legend")
    screenshot(page, "20-import-preview-titled")

    # The lead of a whole chapter: 二是 (its sub-sections' eight tasks), found by an alias.
    page.click("#owners-tab")
    page.wait_for_selector("#owners-table", state="visible")
    pick(page, "#section-lead-2", "经信", "区科技局")
    assert page.input_value("#section-lead-2") == "区科技局、"
    page.click("[data-apply-section='2']")
    chapter = page.locator("tr.owners-row[data-within~='2']")
    assert chapter.count() == 8
    assert {chapter.nth(i).locator("input[name^='lead-']").input_value() for i in range(8)} == {
        "区科技局"
    }
    assert page.inner_text("#owners-status") == "已填入8项任务，尚未保存。"

    # Fill down: the first task's owners on the tasks below it in its section.
    pick(page, "#lead-0", "发改", "区发改局")
    page.fill("#co-0", "各街道")
    page.locator("#owners-0 [data-fill-down]").click()
    assert [page.input_value(f"#lead-{i}") for i in range(4)] == ["区发改局、"] * 3 + [""]
    assert page.input_value("#co-2") == "各街道"
    # 各街道 is not in the directory: saying so, confirming would create it.
    assert "不在单位名录中，确认导入时将新建： 各街道" in page.inner_text("[data-notes-for='2']")
    screenshot(page, "21-import-owners-table")

    page.click("#save-owners")
    page.wait_for_selector(".messages")
    assert "责任单位已保存：11项任务有改动。" in page.inner_text(".messages")
    assert "尚无牵头单位28项" in page.inner_text("#draft-counts")
    assert page.locator("#owners-tab").get_attribute("aria-current") == "page"

    # Confirming while tasks have no lead is refused until the choice is made.
    page.click("#confirm-button")
    page.wait_for_selector(".messages")
    assert "28项任务尚未指定牵头单位。" in page.inner_text(".messages")
    assert not Plan.objects.exists()
    screenshot(page, "22-import-confirm-refused")
    page.check("#without_lead")
    page.click("#confirm-button")
    page.wait_for_selector("#import-result")
    message = page.inner_text(".messages")
    assert f"已导入“2023年洪山区政府工作报告”：新建{preview_words}；新增单位1个。" in message
    result = page.inner_text("#import-result")
    assert "确认导入时有28项任务尚无牵头单位，经确认仍然导入" in result
    assert "尚无牵头单位" not in page.inner_text("#draft-counts")
    screenshot(page, "23-import-confirmed-with-choice")

    plan = Plan.objects.get()
    assert plan.goals.count() == 39
    leads = GoalDepartment.objects.filter(role=OwnerRole.LEAD)
    assert leads.filter(department=keji).count() == 8
    assert leads.filter(department=fagai).count() == 3

    phone = new_page()
    log_in(phone, "admin")
    phone.set_viewport_size({"width": 390, "height": 844})
    phone.goto(page.url.split("?")[0] + "?tab=owners")
    screenshot(phone, "24-import-result-phone")
