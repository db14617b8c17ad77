"""
Reviewing updates on the web: the queue at /reviews/, approving and returning
(who may, what is refused), and the review as the goal page and the update
form show it.
"""

import re

import pytest
from django.urls import reverse

from targets.choices import ReviewState, UpdateAction, UpdateStatus
from targets.models import QuarterlyUpdate, UpdateEvent
from tests.factories import QuarterlyUpdateFactory
from tests.html import element, element_text, messages_of, text

pytestmark = pytest.mark.django_db

QUEUE = reverse("targets:review_list")


def review_url(update):
    return reverse("targets:quarterly_update_review", args=[update.pk])


text_of = element_text


def article(html, update):
    """The goal page's timeline entry of ``update``."""
    return html.split(f'id="q-{update.year}-{update.quarter}"')[1].split("</article>")[0]


def stored(update):
    update.refresh_from_db()
    return (
        update.review_state,
        update.version,
        update.reviewed_by_id,
        update.review_comment,
        UpdateEvent.objects.count(),
    )


@pytest.fixture
def submitted(goal_a, staff_a):
    return QuarterlyUpdateFactory(
        goal=goal_a,
        quarter=3,
        percent_complete=60,
        status=UpdateStatus.AT_RISK,
        review_state=ReviewState.SUBMITTED,
        submitted_by=staff_a,
    )


# -- who may review: role × transition -------------------------------------------------------------

APPROVE = {"action": "approve", "comment": ""}
RETURN = {"action": "return", "comment": "请补充数据来源。"}


@pytest.mark.parametrize(
    ("who", "post", "status", "after"),
    [
        ("supervisor", APPROVE, 302, ReviewState.APPROVED),
        ("supervisor", RETURN, 302, ReviewState.RETURNED),
        ("admin", APPROVE, 302, ReviewState.APPROVED),
        ("admin", RETURN, 302, ReviewState.RETURNED),
        ("staff_a", APPROVE, 403, None),  # the department cannot review its own report
        ("staff_a", RETURN, 403, None),
        ("staff_a2", APPROVE, 403, None),
        ("leader", APPROVE, 403, None),
        ("leader", RETURN, 403, None),
        ("staff_b", APPROVE, 404, None),  # another department's goal: not there for them
        ("staff_b", RETURN, 404, None),
    ],
)
def test_review_role_and_transition(client_for, submitted, request, who, post, status, after):
    before = stored(submitted)
    response = client_for(request.getfixturevalue(who)).post(review_url(submitted), post)
    assert response.status_code == status
    if after is None:
        assert stored(submitted) == before
    else:
        submitted.refresh_from_db()
        assert submitted.review_state == after
        assert submitted.reviewed_by == request.getfixturevalue(who)
        event = submitted.events.get()
        assert (event.action, event.comment) == (
            {"approve": UpdateAction.APPROVED, "return": UpdateAction.RETURNED}[post["action"]],
            post["comment"],
        )


def test_review_anonymous_is_sent_to_log_in(client, submitted):
    before = stored(submitted)
    response = client.post(review_url(submitted), APPROVE)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    assert stored(submitted) == before


def test_review_by_get_is_not_allowed(client_for, submitted, supervisor):
    assert client_for(supervisor).get(review_url(submitted)).status_code == 405


@pytest.mark.parametrize(
    ("state", "post", "message"),
    [
        (
            ReviewState.SUBMITTED,
            {"action": "return", "comment": " "},
            "退回前请填写需要牵头单位修改的内容。",
        ),
        (ReviewState.DRAFT, APPROVE, "只有待审核的进展可以审核通过。"),
        (ReviewState.APPROVED, APPROVE, "只有待审核的进展可以审核通过。"),
        (ReviewState.DRAFT, RETURN, "只有待审核或已审核的进展可以退回。"),
        (ReviewState.RETURNED, RETURN, "只有待审核或已审核的进展可以退回。"),
        (
            ReviewState.SUBMITTED,
            {"action": "publish", "comment": "请核实。"},
            "选择一个有效的选项。 publish 不在可用的选项中。",
        ),
    ],
)
def test_review_refused_on_the_goal_page_says_why_on_its_card(
    client_for, goal_a, supervisor, state, post, message
):
    update = QuarterlyUpdateFactory(goal=goal_a, quarter=3, review_state=state)
    QuarterlyUpdateFactory(goal=goal_a, quarter=2, review_state=ReviewState.SUBMITTED)
    before = stored(update)
    response = client_for(supervisor).post(review_url(update), post)
    assert response.status_code == 200  # the goal's page again, not a redirect
    html = response.content.decode()
    assert messages_of(response) == []  # not at the top of the page
    assert text_of(html, f"review-errors-{update.pk}") == message
    assert f'id="review-errors-{update.pk}"' in article(html, update)
    assert "review-errors-" not in article(html, QuarterlyUpdate.objects.get(quarter=2))
    assert stored(update) == before


def test_review_refused_on_the_goal_page_keeps_the_comment(client_for, submitted, supervisor):
    comment = "数据与统计局口径不一致，请核实后再报。"
    response = client_for(supervisor).post(
        review_url(submitted), {"action": "return", "comment": comment, "version": 99}
    )
    html = article(response.content.decode(), submitted)
    assert "您打开页面后，2.2.3 2023年第3季度进展已有修改，本次操作未执行。" in text(html)
    textarea = re.search(r'<textarea[^>]*name="comment"[^>]*>(.*?)</textarea>', html, re.S)
    assert textarea.group(1) == comment
    # The language switch goes back to the goal's page, not to the review URL.
    assert f'name="next" type="hidden" value="{submitted.goal.get_absolute_url()}"' in (
        response.content.decode()
    )


def test_review_comment_a_file_cannot_hold_is_refused_and_offered_without_it(
    client_for, submitted, supervisor
):
    """A U+FFFF in a return comment is refused like one in a report: named, and taken out."""
    before = stored(submitted)
    response = client_for(supervisor).post(
        review_url(submitted),
        {"action": "return", "comment": "请补充\uffff数据来源。", "version": submitted.version},
    )
    html = article(response.content.decode(), submitted)
    assert "此处文字含有 Excel 和 Word 文件无法保存的字符（U+FFFF）" in text(html)
    textarea = re.search(r'<textarea[^>]*name="comment"[^>]*>(.*?)</textarea>', html, re.S)
    assert textarea.group(1) == "请补充数据来源。"
    assert stored(submitted) == before


def test_approved_update_can_still_be_returned(client_for, goal_a, supervisor):
    update = QuarterlyUpdateFactory(goal=goal_a, quarter=3, review_state=ReviewState.APPROVED)
    client_for(supervisor).post(review_url(update), RETURN)
    update.refresh_from_db()
    assert (update.review_state, update.review_comment) == (
        ReviewState.RETURNED,
        "请补充数据来源。",
    )


def test_review_of_a_version_no_longer_current_is_refused_with_what_changed(
    client_for, goal_a, staff_a, supervisor
):
    from tests.targets.submissions import submit

    update = submit(goal_a, staff_a)
    seen = update.version  # the supervisor opens the page; the department then edits
    submit(goal_a, staff_a, percent_complete=62, expected_version=seen)
    before = stored(update)
    response = client_for(supervisor).post(review_url(update), {**APPROVE, "version": seen})
    errors = text_of(response.content.decode(), f"review-errors-{update.pk}")
    assert errors.startswith(
        "您打开页面后，2.2.3 2023年第3季度进展已有修改，本次操作未执行。请重新查看后再审核。"
        " 您打开页面后的修改："
    )
    assert "完成进度：60 → 62" in errors
    assert stored(update) == before


def test_review_goes_back_where_it_was_made(client_for, submitted, supervisor):
    client = client_for(supervisor)
    response = client.post(review_url(submitted), {**APPROVE, "next": QUEUE + "?department=1"})
    assert response.url == QUEUE + "?department=1"
    other = QuarterlyUpdateFactory(goal=submitted.goal, quarter=2, review_state="submitted")
    response = client.post(review_url(other), {**APPROVE, "next": "https://example.com/"})
    assert response.url == other.get_absolute_url()  # never off the site


def test_review_message_names_goal_and_quarter(client_for, submitted, supervisor):
    response = client_for(supervisor).post(review_url(submitted), APPROVE, follow=True)
    assert messages_of(response) == ["2.2.3 2023年第3季度进展已审核通过。"]


# -- the review on the goal page and the form ------------------------------------------------------


def test_goal_page_shows_the_review_trail(client_for, goal_a, staff_a, supervisor, leader):
    client = client_for(staff_a)
    client.post(
        reverse("targets:quarterly_update_edit", args=[goal_a.pk]),
        {
            "year": 2023,
            "quarter": 3,
            "version": 0,
            "status": UpdateStatus.ON_TRACK,
            "percent_complete": 60,
            "override_reason": "高企认定集中在第四季度。",
            "progress": "截至9月底，已净增高企58家。",
            f"indicator_{goal_a.indicators.get().pk}": "58",
            "action": "submit",
        },
    )
    update = QuarterlyUpdate.objects.get()
    client_for(supervisor).post(
        review_url(update), {"action": "return", "comment": "请补充数据来源。"}
    )

    html = client_for(leader).get(goal_a.get_absolute_url()).content.decode()
    item = html.split('id="q-2023-3"')[1].split("</article>")[0]
    assert 'data-review="returned">已退回</span>' in item
    assert text_of(item, f"suggestion-{update.pk}") == (
        "建议：存在风险 · 填报：正常推进（理由：高企认定集中在第四季度。）"
    )
    assert "supervisor 退回意见： 请补充数据来源。" in text(item)
    events = [text(li) for li in re.findall(r"<li[^>]*>(.*?)</li>", item, re.S)]
    assert [e.split(" · ", 1)[1] for e in events] == [
        "staff_a · 已提交",
        "supervisor · 已退回： 请补充数据来源。",
    ]
    assert "序时 75%" in text(item)
    assert 'class="review-form' not in item  # leaders do not review


def test_goal_page_offers_review_to_the_supervisor(client_for, submitted, supervisor, staff_a):
    html = client_for(supervisor).get(submitted.goal.get_absolute_url()).content.decode()
    form = html.split(f'id="review-{submitted.pk}"')[1].split("</form>")[0]
    assert f'name="version" value="{submitted.version}"' in form
    assert 'value="approve"' in form and 'value="return"' in form
    staff_html = client_for(staff_a).get(submitted.goal.get_absolute_url()).content.decode()
    assert f'id="review-{submitted.pk}"' not in staff_html


def test_returned_comment_is_shown_on_the_form(client_for, submitted, supervisor, staff_a):
    client_for(supervisor).post(review_url(submitted), RETURN)
    html = (
        client_for(staff_a)
        .get(
            reverse("targets:quarterly_update_edit", args=[submitted.goal.pk])
            + "?year=2023&quarter=3"
        )
        .content.decode()
    )
    alert = html.split('id="return-comment"')[1].split("</div>\n</div>")[0]
    assert "supervisor 于" in alert and "退回，意见如下：" in alert
    assert "请补充数据来源。" in alert
    assert 'data-review="returned">已退回</span>' in html
    assert 'id="save-draft"' in html  # a returned update can be reworked as a draft


def edit_links(html):
    """(quarter, link text) of the edit links on the goal page's timeline."""
    return [
        (re.search(r"quarter=(\d)", href).group(1), label)
        for href, label in re.findall(
            r'class="btn btn-sm btn-outline-secondary py-0 d-print-none edit-link" '
            r'href="([^"]*)">([^<]*)</a>',
            html,
        )
    ]


def test_goal_page_links_to_edit_while_allowed(client_for, goal_a, staff_a, supervisor, leader):
    from targets.services.periods import period_close, period_for

    QuarterlyUpdateFactory(goal=goal_a, quarter=1, review_state="approved")
    QuarterlyUpdateFactory(goal=goal_a, quarter=2, review_state="returned")
    QuarterlyUpdateFactory(goal=goal_a, quarter=3, review_state="submitted")
    for quarter in (1, 2):
        period_close(period_for(goal_a.plan, quarter), user=supervisor)
    page = goal_a.get_absolute_url()
    # Staff: the open quarter, and the returned one after its period closed.
    assert edit_links(client_for(staff_a).get(page).content.decode()) == [
        ("3", "修改"),
        ("2", "修改"),
    ]
    # The supervision office corrects what is closed.
    assert edit_links(client_for(supervisor).get(page).content.decode()) == [
        ("2", "更正"),
        ("1", "更正"),
    ]
    assert edit_links(client_for(leader).get(page).content.decode()) == []


def test_goal_page_shows_each_update_against_its_targets(client_for, goal_a, leader):
    from decimal import Decimal

    from tests.factories import IndicatorActualFactory

    indicator = goal_a.indicators.get()
    q2 = QuarterlyUpdateFactory(goal=goal_a, quarter=2, percent_complete=45)
    IndicatorActualFactory(update=q2, indicator=indicator, value=Decimal("40"))
    q3 = QuarterlyUpdateFactory(
        goal=goal_a, quarter=3, percent_complete=60, review_state=ReviewState.SUBMITTED
    )
    IndicatorActualFactory(update=q3, indicator=indicator, value=Decimal("96"))
    html = client_for(leader).get(goal_a.get_absolute_url()).content.decode()

    def rows(update):
        table = element(html, f"indicators-{update.pk}").split("<tbody>")[1]
        return [
            [text(cell) for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
            for row in re.findall(r"<tr[^>]*>(.*?)</tr>", table, re.S)
        ]

    # The update waiting for review: what changed since Q2, and the target met.
    assert text_of(html, f"changes-{q3.pk}") == (
        "与2023年第2季度已审核进展相比 状态：正常推进 （无变化） 完成进度：上季度 45% → 本季度 60%"
    )
    assert rows(q3) == [["净增高企", "96家", "40家", "96家", "100%", "已达标"]]
    # The approved Q2, the first one: its value against the target, nothing to compare.
    assert f'id="changes-{q2.pk}"' not in html
    assert rows(q2) == [["净增高企", "96家", "40家", "41.7%", "尚未达标"]]
