"""
A kept department page as a browser gets it: spliced from its text
compressed once (config/compression.py), and its menu's forms post.
"""

import pytest

from targets.selectors import page_cache
from tests.helpers import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_kept_department_page_arrives_compressed_and_its_language_switch_posts(
    new_page, department_a, goal_a, staff_a, staff_a2
):
    url = f"/departments/{department_a.pk}/?year=2023&quarter=3"
    first = new_page()
    log_in(first, "staff_a")
    first.goto(url)  # rendered and kept
    # A colleague of the same scope is sent the kept page, compressed as Chromium asks.
    page = new_page()
    log_in(page, "staff_a2")
    response = page.goto(url)
    assert response.status == 200
    assert response.headers["content-encoding"] == "gzip"
    # Spliced from the page's text compressed when it was first sent (the live server
    # runs in this process).
    assert any(entry.piece for entry in page_cache._memo.entries.values())
    assert page.inner_text("#department-name") == department_a.name
    page.click("#language-form button[type=submit]")  # its token, filled in for this response
    page.wait_for_selector("html[lang=en]", state="attached")
    assert page.url.endswith(url)
