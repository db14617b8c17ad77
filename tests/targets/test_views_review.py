"""
Reviewing updates on the web: the queue at /reviews/, approving and returning
(who may, what is refused), and the review as the goal page and the update
form show it.
"""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from targets.choices import ReviewState, UpdateAction, UpdateStatus
from targets.models import QuarterlyUpdate, UpdateEvent
from tests.factories import GoalFactory, QuarterlyUpdateFactory
from tests.html import messages_of, text

pytestmark = pytest.mark.django_db

QUEUE = reverse("targets:review_list")


def review_url(update):
    return reverse("targets:quarterly_update_review", args=[update.pk])


def text_of(html, element_id):
    """The text of the element with this id, up to its first closing div."""
    match = re.search(rf'id="{element_id}"[^>]*>(.*?)</div>', html, re.S)
    return text(match.group(1)) if match else None


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
            {"action": "publish"},
            "选择一个有效的选项。 publish 不在可用的选项中。",
        ),
    ],
)
def test_review_refused_says_why_and_changes_nothing(
    client_for, goal_a, supervisor, state, post, message
):
    update = QuarterlyUpdateFactory(goal=goal_a, quarter=3, review_state=state)
    before = stored(update)
    response = client_for(supervisor).post(review_url(update), post, follow=True)
    assert message in messages_of(response)
    assert stored(update) == before


def test_approved_update_can_still_be_returned(client_for, goal_a, supervisor):
    update = QuarterlyUpdateFactory(goal=goal_a, quarter=3, review_state=ReviewState.APPROVED)
    client_for(supervisor).post(review_url(update), RETURN)
    update.refresh_from_db()
    assert (update.review_state, update.review_comment) == (
        ReviewState.RETURNED,
        "请补充数据来源。",
    )


def test_review_of_a_version_no_longer_current_is_refused(client_for, submitted, supervisor):
    before = stored(submitted)
    response = client_for(supervisor).post(
        review_url(submitted), {**APPROVE, "version": submitted.version + 1}, follow=True
    )
    assert (
        "您打开页面后，2.2.3 2023年第3季度进展已有修改，本次操作未执行。请重新查看后再审核。"
        in (messages_of(response))
    )
    assert stored(submitted) == before


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


# -- the queue -------------------------------------------------------------------------------------


def queue_rows(html):
    """(goal code, quarter, lead department) of each item, top to bottom."""
    rows = []
    for item in html.split('class="card review-item"')[1:]:
        link = re.search(r'class="fw-semibold goal-link"[^>]*>(.*?)</a>', item, re.S).group(1)
        period = re.search(r'<span class="text-body-secondary">(.*?)</span>', item).group(1)
        leads = re.search(
            r'class="small text-body-secondary ms-auto lead-departments">(.*?)</span>', item
        )
        rows.append((text(link).split()[0], period, leads.group(1)))
    return rows


@pytest.fixture
def queue(plan, goal_a, department_a, department_b, staff_a, staff_b):
    """Three updates waiting (B's the oldest), one approved, one draft, one returned."""
    goal_b = GoalFactory(plan=plan, code="3.1.1", title="新增上市企业", leads=[department_b])
    goal_a2 = GoalFactory(plan=plan, code="2.2.4", title="研发投入", leads=[department_a])

    def at(day):
        return timezone.make_aware(datetime.datetime(2023, 9, day, 10, 0))

    made = {
        "a_q3": QuarterlyUpdateFactory(
            goal=goal_a, quarter=3, review_state="submitted", submitted_at=at(24)
        ),
        "b_q3": QuarterlyUpdateFactory(
            goal=goal_b, quarter=3, review_state="submitted", submitted_at=at(20)
        ),
        "a_q2": QuarterlyUpdateFactory(
            goal=goal_a, quarter=2, review_state="submitted", submitted_at=at(22)
        ),
        "approved": QuarterlyUpdateFactory(goal=goal_a2, quarter=2, review_state="approved"),
        "draft": QuarterlyUpdateFactory(goal=goal_a2, quarter=3, review_state="draft"),
        "returned": QuarterlyUpdateFactory(goal=goal_b, quarter=2, review_state="returned"),
    }
    return made


def test_queue_lists_updates_waiting_oldest_first(client_for, queue, supervisor):
    response = client_for(supervisor).get(QUEUE)
    assert response.status_code == 200
    html = response.content.decode()
    assert queue_rows(html) == [
        ("3.1.1", "2023年第3季度", "区科技局"),
        ("2.2.3", "2023年第2季度", "区发改局"),
        ("2.2.3", "2023年第3季度", "区发改局"),
    ]
    assert text_of(html, "review-count") == "共3条待审核，按提交时间先后排列。"
    assert f'href="{queue["b_q3"].get_absolute_url()}"' in html


def test_queue_filtered_by_department(client_for, queue, supervisor, department_a):
    html = client_for(supervisor).get(QUEUE, {"department": department_a.pk}).content.decode()
    assert [row[0] for row in queue_rows(html)] == ["2.2.3", "2.2.3"]


def test_queue_with_an_unknown_department_shows_all_with_a_warning(client_for, queue, supervisor):
    response = client_for(supervisor).get(QUEUE, {"department": 99999})
    assert len(queue_rows(response.content.decode())) == 3
    assert messages_of(response) == ["未知的单位。"]


def test_queue_empty(client_for, supervisor, goal_a):
    html = client_for(supervisor).get(QUEUE).content.decode()
    assert "没有待审核的进展。" in html


@pytest.mark.parametrize("who", ["staff_a", "staff_b", "leader"])
def test_queue_is_for_the_supervision_office(client_for, queue, who, request):
    assert client_for(request.getfixturevalue(who)).get(QUEUE).status_code == 403


def test_queue_anonymous_is_sent_to_log_in(client):
    response = client.get(QUEUE)
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_queue_shows_suggestion_against_the_reported_status(client_for, goal_a, supervisor):
    QuarterlyUpdateFactory(
        goal=goal_a,
        quarter=3,
        review_state="submitted",
        status=UpdateStatus.ON_TRACK,
        suggested_status=UpdateStatus.AT_RISK,
        override_reason="四季度集中认定。",
        expected_percent=75,
        percent_complete=60,
    )
    html = client_for(supervisor).get(QUEUE).content.decode()
    assert "建议：存在风险 · 填报：正常推进（理由：四季度集中认定。）" in text(html)
    assert "60% / 序时 75%" in text(html)


@pytest.mark.parametrize("count", [1, 20])
def test_queue_query_count_does_not_grow(
    client_for, plan, department_a, supervisor, count, django_assert_num_queries
):
    for _ in range(count):
        goal = GoalFactory(plan=plan, leads=[department_a])
        QuarterlyUpdateFactory(goal=goal, quarter=3, review_state="submitted")
    client = client_for(supervisor)
    # session, user, departments for the filter, the page count, the page, the lead departments
    with django_assert_num_queries(6):
        response = client.get(QUEUE)
    assert len(queue_rows(response.content.decode())) == count


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
