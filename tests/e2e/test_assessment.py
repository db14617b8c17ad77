"""
The year's assessment in a real browser: the office adds points with a
reason, publishes the results, a department finds its breakdown, objects to
a deduction, and the office answers; the department reads the answer and the
published results have not moved. The district is
``tests/targets/assessment_data.build_district`` (A 9.60, C 3.00, B 0.50).
"""

import pytest

from targets.choices import AssessmentState, ObjectionState
from targets.models import AssessmentObjection
from targets.selectors.assessment import assessment_of
from tests.helpers import log_in
from tests.targets import assessment_data

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

OBJECTION = "第二季度进展已于6月24日报送纸质材料，请核实后免予扣分。"
ANSWER = "经核实，该任务第二季度进展未在系统中报送，纸质材料亦无签收记录，维持扣分。"


def test_publish_object_answer(
    new_page, screenshot, plan, department_a, department_b, staff_b, supervisor
):
    district = assessment_data.build_district(
        plan, department_a, department_b, assessment_data.department_c(), supervisor
    )
    plan = district["first"].plan

    # 1. The office looks at the draft, adds a point for A with its reason, publishes.
    office = new_page()
    log_in(office, "supervisor")
    office.click("#main-nav >> text=考核")
    office.wait_for_selector("#assessment-table")
    assert office.get_attribute("#assessment-state", "data-state") == "draft"
    office.click("#assessment-table >> text=区发改局")
    office.wait_for_selector("#breakdown")
    office.fill("#id_points", "1")
    office.fill("#id_reason", "获评全省营商环境改革先进单位。")
    office.click("#add-adjustment")
    office.wait_for_selector(".messages")
    assert office.inner_text("#score-total") == "10.60"
    office.click("nav[aria-label='导航路径'] >> text=考核")
    office.wait_for_selector("#publish-button")
    screenshot(office, "50-assessment-draft-ranking")
    office.click("#publish-button")
    office.wait_for_selector("#assessment-state[data-state=published]")
    assert "考核结果已发布" in office.inner_text(".messages")
    assert "计分办法第1版" in office.inner_text("#assessment-scope")
    assert office.locator("#assessment-table tbody tr").first.inner_text().split()[:2] == [
        "1",
        "区发改局",
    ]
    screenshot(office, "51-assessment-published")

    # 2. B's staff open the published ranking, find their own row and object.
    staff = new_page()
    log_in(staff, "staff_b")
    staff.click("#main-nav >> text=考核")
    staff.wait_for_selector("#assessment-table")
    assert staff.locator("#assessment-table a").all_inner_texts() == ["区科技局"]
    staff.click("#assessment-table >> text=区科技局")
    staff.wait_for_selector("#breakdown")
    assert staff.inner_text("#score-total") == "0.50"
    assert "第2季度：未报送" in staff.inner_text("#breakdown")
    staff.fill("#id_objection_reason", OBJECTION)
    staff.click("#file-objection")
    staff.wait_for_selector(".messages")
    assert "申诉已提交督查室" in staff.inner_text(".messages")
    objection = AssessmentObjection.objects.get()
    assert "等待督查室答复" in staff.inner_text(f"#objection-{objection.pk}")
    screenshot(staff, "52-assessment-objection-filed")

    # 3. The office sees the objection on the ranking and answers it.
    office.goto(f"/assessment/?year={plan.year}")
    row = office.locator(f"#rank-row-{department_b.pk}")
    assert "1件待答复" in row.inner_text()
    row.locator("a").click()
    office.wait_for_selector(f"#answer-form-{objection.pk}")
    form = office.locator(f"#answer-form-{objection.pk}")
    form.locator("label:has-text('不予采纳')").click()
    form.locator("textarea[name=answer]").fill(ANSWER)
    screenshot(office, "53-assessment-answering")
    form.locator("button[type=submit]").click()
    office.wait_for_selector(".messages")
    assert "申诉已答复" in office.inner_text(".messages")

    # 4. B reads the answer; the published results stand.
    staff.reload()
    box = staff.inner_text(f"#objection-{objection.pk}")
    assert "未采纳" in box and ANSWER in box
    assert staff.inner_text("#score-total") == "0.50"
    screenshot(staff, "54-assessment-objection-answered")
    objection.refresh_from_db()
    assert objection.state == ObjectionState.REJECTED
    assert assessment_of(plan).state == AssessmentState.PUBLISHED
