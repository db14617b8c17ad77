"""
In a real browser: an administrator splits a department goal by goal — the
preview lists its goals, a goal is sent to the new unit, the preview is made
again and applied — and the ranking of the quarter before still lists the
department that reported then.
"""

import datetime

import pytest

from targets.choices import ReviewState, UpdateStatus
from targets.models import Reorganisation
from tests.factories import GoalFactory, QuarterlyUpdateFactory
from tests.helpers import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_split_goal_by_goal_in_the_browser(
    new_page, screenshot, plan, admin, department_a, department_b, staff_b
):
    stays = GoalFactory(plan=plan, code="1.1", title="净增高企", leads=[department_b])
    moves = GoalFactory(plan=plan, code="1.2", title="数据要素市场", leads=[department_b])
    for goal in (stays, moves):
        QuarterlyUpdateFactory(
            goal=goal,
            quarter=3,
            status=UpdateStatus.ON_TRACK,
            percent_complete=75,
            review_state=ReviewState.APPROVED,
        )
    page = new_page()
    log_in(page, "admin")
    page.click("#manage-menu")  # the administrator's pages are under 管理
    page.click("#main-nav a[href='/departments/reorganisations/']")
    page.click("#split-link")
    page.select_option("#id_department", str(department_b.pk))
    page.check(f"#field-existing_units input[value='{department_b.pk}']")
    page.fill("#id_new_units", "洪山区数据局，区数据局")
    page.fill("#id_effective_on", "2023-10-01")
    page.fill("#id_reason", "区委机构改革方案（洪发〔2023〕12号）。")
    page.click("#preview-button")
    page.wait_for_selector("#preview-goals")
    # Every goal goes to the first unit, the department itself, until told otherwise.
    assert page.input_value(f"select[name='goal-{moves.pk}']") == "0"
    page.select_option(f"select[name='goal-{moves.pk}']", label="区数据局")
    page.click("#preview-button")
    page.wait_for_selector("#apply-button")
    row = page.inner_text(f"#preview-goals tr[data-goal='{moves.pk}']")
    assert "区数据局 牵头" in row
    screenshot(page, "reorganisation-01-split-preview")
    page.click("#apply-button")
    page.wait_for_selector("#record-goals")
    assert "机构调整已执行" in page.inner_text(".alert-success")
    assert "数据要素市场" in page.inner_text("#record-goals")
    assert "净增高企" not in page.inner_text("#record-goals")
    screenshot(page, "reorganisation-02-record")
    record = Reorganisation.objects.get()
    assert (record.kind, record.effective_on) == ("split", datetime.date(2023, 10, 1))

    page.goto("/dashboard/?year=2023&quarter=3")
    names = page.locator("#department-table tbody tr td:first-child").all_inner_texts()
    assert "区数据局" not in names
    assert "区科技局" in names
    page.goto("/dashboard/?year=2023&quarter=4")
    names = page.locator("#department-table tbody tr td:first-child").all_inner_texts()
    assert {"区科技局", "区数据局"} <= set(names)
