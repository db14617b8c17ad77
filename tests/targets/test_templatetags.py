"""
Template helpers the goal page calls once per update, event, file or comment
(``targets/templatetags/luoshi.py``): each writes what Django's own filter or
method wrote before it.
"""

import datetime

import pytest
from django.template import Context, Template
from django.utils import translation

from targets.choices import ReviewState, UpdateStatus
from targets.models import QuarterlyUpdate


def render(source: str, **context) -> str:
    return Template("{% load luoshi %}" + source).render(Context(context))


@pytest.mark.parametrize(
    ("moment", "shown"),
    [
        # 23:05 UTC is the next morning in Shanghai: the reader's day, not the server's.
        (datetime.datetime(2023, 6, 1, 23, 5, tzinfo=datetime.UTC), "2023-06-02 07:05"),
        (datetime.datetime(2023, 12, 31, 16, 0, 59, tzinfo=datetime.UTC), "2024-01-01 00:00"),
    ],
)
def test_minute_and_iso_moment_write_what_the_date_filter_wrote(moment, shown):
    assert render("{{ t|minute }}", t=moment) == shown
    assert render("{{ t|minute }}", t=moment) == render('{{ t|date:"Y-m-d H:i" }}', t=moment)
    assert render("{{ t|iso_moment }}", t=moment) == render("{{ t|date:'c' }}", t=moment)
    assert render("{{ t|iso_moment }}", t=moment).endswith("+08:00")
    assert render("[{{ t|minute }}{{ t|iso_moment }}]", t=None) == "[]"


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_shown_is_the_fields_label_as_get_display_gives_it(language):
    update = QuarterlyUpdate(status=UpdateStatus.AT_RISK, review_state=ReviewState.RETURNED)
    with translation.override(language):
        assert render('{{ u|shown:"status" }}', u=update) == update.get_status_display()
        assert render('{{ u|shown:"review_state" }}', u=update) == (
            update.get_review_state_display()
        )
    update.status = "no-such-status"  # a value without a label is shown as it is
    assert render('{{ u|shown:"status" }}', u=update) == "no-such-status"
    assert render('[{{ u|shown:"status" }}]', u=None) == "[]"


@pytest.mark.parametrize(
    ("state", "colour", "label"),
    [
        (ReviewState.DRAFT, "text-bg-light border", "草稿"),
        (ReviewState.SUBMITTED, "text-bg-info", "待审核"),
        (ReviewState.APPROVED, "text-bg-success", "已审核"),
        (ReviewState.RETURNED, "text-bg-danger", "已退回"),
    ],
)
def test_review_badge_shows_each_state_in_its_colour(state, colour, label):
    update = QuarterlyUpdate(review_state=state)
    assert render("{% review_badge u %}", u=update) == (
        f'<span class="badge review-badge review-{state} {colour}" '
        f'data-review="{state}">{label}</span>'
    )
