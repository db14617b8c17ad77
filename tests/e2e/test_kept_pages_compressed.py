"""
A kept goal page as a browser gets it: spliced from its text compressed
once (config/compression.py), and its forms post.
"""

import pytest

from targets.models import GoalComment
from targets.selectors import page_cache
from tests.helpers import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_kept_goal_page_arrives_compressed_and_its_comment_form_posts(
    new_page, goal_a, staff_a, staff_a2
):
    first = new_page()
    log_in(first, "staff_a")
    first.goto(f"/goals/{goal_a.pk}/")  # rendered and kept
    # A colleague of the same scope is sent the kept page, compressed as Chromium asks.
    page = new_page()
    log_in(page, "staff_a2")
    response = page.goto(f"/goals/{goal_a.pk}/")
    assert response.status == 200
    assert response.headers["content-encoding"] == "gzip"
    # Spliced from the page's text compressed when it was first sent (the live server
    # runs in this process).
    assert any(entry.pieces for entry in page_cache._memo.entries.values())
    page.fill("#comment-text", "第三季度数据已核对。")
    page.click("#comment-form button[type=submit]")
    page.wait_for_selector("text=第三季度数据已核对。")
    assert GoalComment.objects.filter(goal=goal_a, author=staff_a2).exists()
