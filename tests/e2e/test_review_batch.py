"""
The supervision office in a real browser: ticking the unchanged updates in one
click and approving them together, a refused return shown on its card, and
closing a period after being told how many goals have not reported.
"""

from decimal import Decimal

import pytest

from targets.choices import PeriodState, ReviewState, UpdateAction
from targets.models import QuarterlyUpdate, ReportingPeriod, UpdateEvent
from targets.services.periods import period_for
from tests.factories import GoalFactory, IndicatorActualFactory, QuarterlyUpdateFactory
from tests.helpers import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_unchanged_updates_are_ticked_and_approved_together(
    new_page, screenshot, plan, goal_a, department_a, supervisor
):
    indicator = goal_a.indicators.get()
    same = []
    for goal in (goal_a, GoalFactory(plan=plan, leads=[department_a], title="老旧小区改造")):
        q2 = QuarterlyUpdateFactory(goal=goal, quarter=2, percent_complete=50)
        q3 = QuarterlyUpdateFactory(
            goal=goal, quarter=3, percent_complete=50, review_state=ReviewState.SUBMITTED
        )
        if goal == goal_a:
            IndicatorActualFactory(update=q2, indicator=indicator, value=Decimal("48"))
            IndicatorActualFactory(update=q3, indicator=indicator, value=Decimal("48"))
        same.append(q3)
    moved = QuarterlyUpdateFactory(
        goal=GoalFactory(plan=plan, leads=[department_a], title="新增就业"),
        quarter=3,
        percent_complete=70,
        review_state=ReviewState.SUBMITTED,
    )

    office = new_page()
    log_in(office, "supervisor")
    office.goto("/reviews/")
    # A refused return stays on its card, the page scrolled to it.
    card = office.locator(f"#review-item-{moved.pk}")
    card.locator("button[value=return]").click()
    office.wait_for_selector(f"#review-errors-{moved.pk}")
    assert "退回前请填写" in card.inner_text()
    assert office.locator(".messages").count() == 0
    screenshot(office, "40-review-refused-on-its-card")

    office.click("#select-unchanged")  # ticks them in place, no reload
    assert office.url.endswith("/reviews/")
    ticked = [
        int(box.get_attribute("value"))
        for box in office.locator("input.select-update:checked").all()
    ]
    assert sorted(ticked) == sorted(u.pk for u in same)
    assert office.inner_text("[data-selected-count]") == "2"
    office.click("#approve-selected")
    office.wait_for_selector(".messages")
    assert "已审核通过2条进展" in office.inner_text(".messages")
    states = dict(QuarterlyUpdate.objects.filter(quarter=3).values_list("pk", "review_state"))
    assert states == {
        same[0].pk: ReviewState.APPROVED,
        same[1].pk: ReviewState.APPROVED,
        moved.pk: ReviewState.SUBMITTED,
    }
    assert UpdateEvent.objects.filter(action=UpdateAction.APPROVED).count() == 2


def test_closing_a_period_asks_first_and_reopening_asks_why(new_page, plan, goal_a, supervisor):
    period = period_for(plan, 3)
    office = new_page()
    log_in(office, "supervisor")
    office.goto("/periods/")
    office.click("#period-3 .close-button")
    question = office.inner_text("#close-question")
    assert question == (
        "2023年第3季度还有1项目标任务未报送，截止报送后部门将不能再填报，确定截止吗？"
    )
    office.click("#confirm-close")
    office.wait_for_selector(".messages")
    assert ReportingPeriod.objects.get(pk=period.pk).state == PeriodState.CLOSED

    office.click("#period-3 .reopen-button")
    office.click("#confirm-reopen")  # no reason
    office.wait_for_selector("#reason-errors")
    assert ReportingPeriod.objects.get(pk=period.pk).state == PeriodState.CLOSED
    office.fill("#id_reason", "区政府要求补报重点项目进展。")
    office.click("#confirm-reopen")
    office.wait_for_selector("#period-table")
    assert "重新开放，原因：区政府要求补报重点项目进展。" in office.inner_text("#period-3")
    assert ReportingPeriod.objects.get(pk=period.pk).state == PeriodState.OPEN
