"""
The inbox in a real browser: the supervision office returns an update, the
department's staff member sees the bell's count rise on the page they have
open, opens the inbox and, from the line, the returned update's form with the
office's comment; the line is then read and the bell empty.
"""

import pytest

from targets.choices import ReviewState
from tests.factories import QuarterlyUpdateFactory
from tests.helpers import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

COMMENT = "请补充第三季度新增高企名单。"


def test_a_returned_update_reaches_the_staff_members_inbox(
    new_page, screenshot, goal_a, staff_a, supervisor
):
    update = QuarterlyUpdateFactory(
        goal=goal_a, quarter=3, percent_complete=60, review_state=ReviewState.SUBMITTED
    )
    staff = new_page()
    log_in(staff, "staff_a")
    staff.goto("/dashboard/")
    assert staff.locator("#notification-count").count() == 0  # nothing unread yet

    office = new_page()
    log_in(office, "supervisor")
    office.goto("/reviews/")
    item = office.locator(f"#review-item-{update.pk}")
    item.locator("textarea[name=comment]").fill(COMMENT)
    item.locator("button[value=return]").click()
    office.wait_for_selector(".messages")

    staff.reload()
    assert staff.inner_text("#notification-count") == "1"
    screenshot(staff, "60-bell-with-one-unread")
    staff.click("#notification-bell")
    line = staff.locator("#notification-list > li").first
    assert COMMENT in line.inner_text() and "净增高企" in line.inner_text()
    screenshot(staff, "61-inbox")
    line.locator("[data-open-notification]").click()
    staff.wait_for_selector("#return-comment")
    assert COMMENT in staff.inner_text("#return-comment")
    assert f"/goals/{goal_a.pk}/report/" in staff.url
    assert staff.locator("#notification-count").count() == 0  # read once opened
