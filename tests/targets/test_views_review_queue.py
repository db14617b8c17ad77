"""
The review queue at /reviews/: the updates waiting, oldest first, each as a card
with what the supervision office judges it by (figures, suggestion, indicators
against targets, narrative, evidence, what changed since the last approved
update); reviewing one there, with refusals shown on its card; and approving
several together, all or none.
"""

import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from targets.choices import Comparator, ReviewState, UpdateAction, UpdateStatus
from targets.models import QuarterlyUpdate, UpdateEvent
from tests.factories import (
    GoalFactory,
    IndicatorActualFactory,
    IndicatorFactory,
    PlanFactory,
    QuarterlyUpdateFactory,
    UpdateAttachmentFactory,
)
from tests.html import element, element_text, messages_of, text

pytestmark = pytest.mark.django_db

QUEUE = reverse("targets:review_list")


def card(html, update):
    """The queue's card of ``update`` (None when it is not in the queue)."""
    return element(html, f"review-item-{update.pk}")


def queue_rows(html):
    """(goal code, quarter, lead department) of each card, top to bottom."""
    rows = []
    for item in html.split('class="card review-item')[1:]:
        link = re.search(r'class="fw-semibold goal-link"[^>]*>(.*?)</a>', item, re.S).group(1)
        period = re.search(r'class="text-body-secondary review-period">(.*?)</span>', item)
        leads = re.search(
            r'class="small text-body-secondary ms-auto lead-departments">(.*?)</span>', item
        )
        rows.append((text(link).split()[0], period.group(1), leads.group(1)))
    return rows


def indicator_rows(html, update):
    """The cells of each row of the card's indicator table."""
    table = element(html, f"indicators-{update.pk}")
    body = table.split("<tbody>")[1]
    return [
        [text(cell) for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
        for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S)
    ]


def ticked(html):
    """The ids of the updates ticked for approval together."""
    return {
        int(pk)
        for pk in re.findall(
            r'<input class="form-check-input[^"]*select-update"[^>]*value="(\d+)"[^>]*checked', html
        )
    }


def events():
    return list(UpdateEvent.objects.values_list("update_id", "action", "actor__username"))


def state(*updates):
    """What a refused review must leave as it was."""
    return [
        (u.review_state, u.version, u.reviewed_by_id)
        for u in QuarterlyUpdate.objects.filter(pk__in=[u.pk for u in updates]).order_by("pk")
    ] + [UpdateEvent.objects.count()]


# -- the list --------------------------------------------------------------------------------------


@pytest.fixture
def queue(plan, goal_a, department_a, department_b):
    """Three updates waiting (B's the oldest), one approved, one draft, one returned."""
    goal_b = GoalFactory(plan=plan, code="3.1.1", title="新增上市企业", leads=[department_b])
    goal_a2 = GoalFactory(plan=plan, code="2.2.4", title="研发投入", leads=[department_a])

    def at(day):
        return timezone.make_aware(datetime.datetime(2023, 9, day, 10, 0))

    return {
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


def test_queue_lists_updates_waiting_oldest_first(client_for, queue, supervisor):
    response = client_for(supervisor).get(QUEUE)
    assert response.status_code == 200
    html = response.content.decode()
    assert queue_rows(html) == [
        ("3.1.1", "2023年第3季度", "区科技局"),
        ("2.2.3", "2023年第2季度", "区发改局"),
        ("2.2.3", "2023年第3季度", "区发改局"),
    ]
    assert element_text(html, "review-count") == "共3条待审核，按提交时间先后排列。"
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
    assert element_text(html, "review-empty") == "没有待审核的进展。"
    assert 'id="batch-form"' not in html


@pytest.mark.parametrize("who", ["staff_a", "staff_b", "leader"])
def test_queue_is_for_the_supervision_office(client_for, queue, who, request):
    client = client_for(request.getfixturevalue(who))
    assert client.get(QUEUE).status_code == 403
    before = state(queue["a_q3"])
    post = {"update": queue["a_q3"].pk, "action": "approve", "version": 1}
    assert client.post(QUEUE, post).status_code == 403
    batch = {"action": "approve_selected", "selected": [queue["a_q3"].pk], "version-1": 1}
    assert client.post(QUEUE, batch).status_code == 403
    assert state(queue["a_q3"]) == before


def test_queue_anonymous_is_sent_to_log_in(client, queue):
    before = state(queue["a_q3"])
    for response in (
        client.get(QUEUE),
        client.post(QUEUE, {"update": queue["a_q3"].pk, "action": "approve"}),
    ):
        assert response.status_code == 302 and response.url.startswith(reverse("login"))
    assert state(queue["a_q3"]) == before


# -- the card --------------------------------------------------------------------------------------

LONG_PROGRESS = "截至9月底，已净增高企58家。" + "开展政策宣讲12场，走访企业130家，" * 12 + "完。"


@pytest.fixture
def reviewed(goal_a, staff_a, supervisor):
    """goal_a with two indicators, Q2 approved, and Q3 waiting with other figures and a file."""
    high_tech = goal_a.indicators.get()  # 净增高企96家
    rate = IndicatorFactory(
        goal=goal_a,
        name="研发投入强度",
        phrase="研发投入强度达到3.5%",
        comparator=Comparator.GTE,
        target_value=Decimal("3.5"),
        unit="%",
        order=2,
    )
    q2 = QuarterlyUpdateFactory(
        goal=goal_a,
        quarter=2,
        status=UpdateStatus.AT_RISK,
        percent_complete=45,
        progress="截至6月底，已净增高企40家。",
        problems="",
        next_steps="加快认定进度。",
    )
    IndicatorActualFactory(update=q2, indicator=high_tech, value=Decimal("40"))
    IndicatorActualFactory(update=q2, indicator=rate, value=Decimal("3.2"))
    q3 = QuarterlyUpdateFactory(
        goal=goal_a,
        quarter=3,
        status=UpdateStatus.ON_TRACK,
        suggested_status=UpdateStatus.AT_RISK,
        override_reason="四季度集中认定。",
        expected_percent=75,
        percent_complete=60,
        progress=LONG_PROGRESS,
        problems="",
        next_steps="加快认定进度。",
        review_state=ReviewState.SUBMITTED,
        submitted_by=staff_a,
    )
    IndicatorActualFactory(update=q3, indicator=high_tech, value=Decimal("58"))
    IndicatorActualFactory(update=q3, indicator=rate, value=Decimal("3.6"))
    UpdateAttachmentFactory(update=q3, original_name="高企认定名单.pdf", uploaded_by=staff_a)
    return q3


def test_queue_card_shows_figures_and_the_suggestion(client_for, reviewed, supervisor):
    html = card(client_for(supervisor).get(QUEUE).content.decode(), reviewed)
    assert element_text(html, f"figures-{reviewed.pk}") == (
        "填报状态 正常推进 完成进度 60% 序时进度 75% （落后15个百分点） 系统建议 存在风险"
    )
    assert element_text(html, f"suggestion-{reviewed.pk}") == (
        "建议：存在风险 · 填报：正常推进（理由：四季度集中认定。）"
    )


def test_queue_card_shows_each_indicator_against_its_target(client_for, reviewed, supervisor):
    html = card(client_for(supervisor).get(QUEUE).content.decode(), reviewed)
    headers = re.findall(r"<th[^>]*>(.*?)</th>", element(html, f"indicators-{reviewed.pk}"))
    assert [text(h) for h in headers] == ["指标", "目标", "上季度", "本季度", "完成率", "已达标"]
    assert indicator_rows(html, reviewed) == [
        ["净增高企", "96家", "40家", "58家", "60.4%", "尚未达标"],
        ["研发投入强度", "≥ 3.5%", "3.2%", "3.6%", "102.9%", "已达标"],
    ]


def test_queue_card_shows_what_changed_since_the_last_approved_update(
    client_for, reviewed, supervisor
):
    html = card(client_for(supervisor).get(QUEUE).content.decode(), reviewed)
    assert element_text(html, f"changes-{reviewed.pk}") == (
        "与2023年第2季度已审核进展相比 "
        "状态：上季度 存在风险 → 本季度 正常推进 完成进度：上季度 45% → 本季度 60%"
    )
    narrative = element(html, f"narrative-{reviewed.pk}")
    labels = [text(dt) for dt in re.findall(r"<dt[^>]*>(.*?)</dt>", narrative, re.S)]
    assert labels == ["进展情况 有更新", "存在问题 无变化", "下步计划 无变化"]


def test_queue_card_shows_the_narrative_in_full_folded_when_long(client_for, reviewed, supervisor):
    html = card(client_for(supervisor).get(QUEUE).content.decode(), reviewed)
    progress = re.search(r'<dd class="mb-2 narrative-progress">(.*?)</dd>', html, re.S).group(1)
    assert progress.startswith('<details class="fold">')  # folds without a script
    assert text(progress.split("</summary>")[0]) == LONG_PROGRESS[:120] + "… 展开全文 收起"
    assert f'<div class="pre-line fold-full">{LONG_PROGRESS}</div>' in progress  # not cut
    problems = re.search(r'<dd class="mb-2 narrative-problems">(.*?)</dd>', html, re.S).group(1)
    assert text(problems) == "未填写"
    steps = re.search(r'<dd class="mb-2 narrative-next_steps">(.*?)</dd>', html, re.S).group(1)
    assert steps == '<div class="pre-line">加快认定进度。</div>'  # short: shown as it is


def test_queue_card_links_the_evidence(client_for, reviewed, supervisor):
    html = card(client_for(supervisor).get(QUEUE).content.decode(), reviewed)
    attachment = reviewed.attachments.get()
    evidence = element(html, f"evidence-{reviewed.pk}")
    url = reverse("targets:attachment_download", args=[attachment.pk])
    assert f'<a href="{url}">高企认定名单.pdf</a>' in evidence
    assert text(evidence).startswith("佐证材料 高企认定名单.pdf")


def test_queue_card_without_an_earlier_approved_update(client_for, goal_a, supervisor):
    # Q2 was returned, never approved: nothing to compare with.
    QuarterlyUpdateFactory(goal=goal_a, quarter=2, review_state=ReviewState.RETURNED)
    update = QuarterlyUpdateFactory(goal=goal_a, quarter=3, review_state=ReviewState.SUBMITTED)
    html = card(client_for(supervisor).get(QUEUE).content.decode(), update)
    assert element_text(html, f"changes-{update.pk}") == "此前季度没有已审核的进展，无从比较。"
    assert indicator_rows(html, update) == [["净增高企", "96家", "—", "—", "未填报"]]
    assert element_text(html, f"evidence-{update.pk}") == "佐证材料 未上传"
    assert 'data-unchanged="false"' in html


def test_queue_card_compares_with_the_latest_approved_quarter(client_for, goal_a, supervisor):
    """Q2 was returned: Q3 is compared with Q1, named as such (not "last quarter")."""
    indicator = goal_a.indicators.get()
    q1 = QuarterlyUpdateFactory(goal=goal_a, quarter=1, percent_complete=20)
    IndicatorActualFactory(update=q1, indicator=indicator, value=Decimal("12"))
    QuarterlyUpdateFactory(goal=goal_a, quarter=2, review_state=ReviewState.RETURNED)
    q3 = QuarterlyUpdateFactory(
        goal=goal_a, quarter=3, percent_complete=70, review_state=ReviewState.SUBMITTED
    )
    IndicatorActualFactory(update=q3, indicator=indicator, value=Decimal("60"))
    html = card(client_for(supervisor).get(QUEUE).content.decode(), q3)
    changes = element_text(html, f"changes-{q3.pk}")
    assert changes.startswith("与2023年第1季度已审核进展相比")
    assert "完成进度：2023年第1季度 20% → 本季度 70%" in changes
    headers = re.findall(r"<th[^>]*>(.*?)</th>", element(html, f"indicators-{q3.pk}"))
    assert text(headers[2]) == "2023年第1季度"
    assert indicator_rows(html, q3) == [["净增高企", "96家", "12家", "60家", "62.5%", "尚未达标"]]


@pytest.mark.parametrize("count", [1, 20])
def test_queue_query_count_does_not_grow(
    client_for, plan, department_a, staff_a, supervisor, count, django_assert_num_queries
):
    for _ in range(count):
        goal = GoalFactory(plan=plan, leads=[department_a])
        indicator = IndicatorFactory(goal=goal)
        approved = QuarterlyUpdateFactory(goal=goal, quarter=2)
        IndicatorActualFactory(update=approved, indicator=indicator, value=Decimal("40"))
        update = QuarterlyUpdateFactory(goal=goal, quarter=3, review_state="submitted")
        IndicatorActualFactory(update=update, indicator=indicator, value=Decimal("58"))
        UpdateAttachmentFactory(update=update, uploaded_by=staff_a)
    client = client_for(supervisor)
    # the session with its user, departments for the filter, the page count, the page, then its
    # lead departments, indicators, approved updates and their values, values, evidence
    with django_assert_num_queries(10):
        response = client.get(QUEUE)
    html = response.content.decode()
    assert len(queue_rows(html)) == count
    assert html.count('class="evidence-file"') == count


# -- reviewing on the queue ------------------------------------------------------------------------


def test_queue_approves_one_and_comes_back_to_the_same_filter(
    client_for, queue, supervisor, department_a
):
    update = queue["a_q3"]
    url = f"{QUEUE}?department={department_a.pk}"
    response = client_for(supervisor).post(
        url, {"update": update.pk, "action": "approve", "comment": "同意。", "version": 1}
    )
    assert (response.status_code, response.url) == (302, url)
    update.refresh_from_db()
    assert (update.review_state, update.review_comment) == (ReviewState.APPROVED, "同意。")
    assert events() == [(update.pk, UpdateAction.APPROVED, "supervisor")]
    assert messages_of(response) == ["2.2.3 2023年第3季度进展已审核通过。"]


def test_queue_returns_one_with_its_comment(client_for, queue, supervisor):
    update = queue["b_q3"]
    client_for(supervisor).post(
        QUEUE, {"update": update.pk, "action": "return", "comment": "请补充。", "version": 1}
    )
    update.refresh_from_db()
    assert (update.review_state, update.review_comment) == (ReviewState.RETURNED, "请补充。")


def test_queue_return_without_a_comment_is_refused_on_its_card(client_for, queue, supervisor):
    update, other = queue["a_q3"], queue["b_q3"]
    before = state(update, other)
    response = client_for(supervisor).post(
        QUEUE, {"update": update.pk, "action": "return", "comment": "  ", "version": 1}
    )
    assert response.status_code == 200  # the queue again, the error on the card
    html = response.content.decode()
    assert messages_of(response) == []
    assert element_text(card(html, update), f"review-errors-{update.pk}") == (
        "退回前请填写需要牵头单位修改的内容。"
    )
    assert "review-errors-" not in card(html, other)
    assert state(update, other) == before


def test_queue_review_refused_keeps_the_comment_and_says_what_changed(
    client_for, goal_a, staff_a, supervisor
):
    from tests.targets.submissions import submit

    update = submit(goal_a, staff_a)
    seen = update.version
    submit(goal_a, staff_a, percent_complete=62, expected_version=seen)
    comment = "同意，但请在第四季度补充认定名单。"
    response = client_for(supervisor).post(
        QUEUE, {"update": update.pk, "action": "approve", "comment": comment, "version": seen}
    )
    html = card(response.content.decode(), update)
    errors = element_text(html, f"review-errors-{update.pk}")
    assert errors.startswith("您打开页面后，2.2.3 2023年第3季度进展已有修改，本次操作未执行。")
    assert "完成进度：60 → 62" in errors
    textarea = re.search(r'<textarea[^>]*name="comment"[^>]*>(.*?)</textarea>', html, re.S)
    assert textarea.group(1) == comment
    # The card shows the update as it is now, so the reviewer can look and approve it.
    assert f'name="version" value="{seen + 1}"' in html
    update.refresh_from_db()
    assert update.review_state == ReviewState.SUBMITTED


def test_queue_review_of_an_update_gone_from_the_queue_says_so_above_it(
    client_for, queue, supervisor, admin
):
    from targets.services.review import quarterly_update_approve

    update = queue["a_q3"]
    quarterly_update_approve(update, user=admin)  # another reviewer was first
    response = client_for(supervisor).post(
        QUEUE, {"update": update.pk, "action": "approve", "version": 1}
    )
    html = response.content.decode()
    assert card(html, update) is None
    assert element_text(html, "review-elsewhere") == (
        "2.2.3 2023年第3季度：只有待审核的进展可以审核通过。"
    )


@pytest.mark.parametrize("pk", ["", "abc", "99999"])
def test_queue_review_of_no_such_update_is_404(client_for, queue, supervisor, pk):
    before = state(queue["a_q3"])
    response = client_for(supervisor).post(QUEUE, {"update": pk, "action": "approve"})
    assert response.status_code == 404
    assert state(queue["a_q3"]) == before


# -- approving together ----------------------------------------------------------------------------


def batch(*updates, versions=None):
    data = {"action": "approve_selected", "selected": [u.pk for u in updates]}
    for update in updates:
        data[f"version-{update.pk}"] = (versions or {}).get(update.pk, update.version)
    return data


def test_approve_selected_approves_each_with_its_event(client_for, queue, supervisor):
    chosen = [queue["a_q3"], queue["b_q3"]]
    response = client_for(supervisor).post(QUEUE + "?select=unchanged", batch(*chosen))
    assert (response.status_code, response.url) == (302, QUEUE)
    assert messages_of(response) == ["已审核通过2条进展。"]
    for update in chosen:
        update.refresh_from_db()
        assert (update.review_state, update.reviewed_by.username) == (
            ReviewState.APPROVED,
            "supervisor",
        )
    assert sorted(events()) == sorted((u.pk, UpdateAction.APPROVED, "supervisor") for u in chosen)
    assert queue["a_q2"].events.count() == 0


def test_approve_selected_with_one_changed_approves_none(client_for, queue, supervisor):
    fresh, stale = queue["b_q3"], queue["a_q3"]
    QuarterlyUpdate.objects.filter(pk=stale.pk).update(version=2)  # the department saved again
    before = state(fresh, stale)
    response = client_for(supervisor).post(QUEUE, batch(fresh, stale, versions={stale.pk: 1}))
    assert response.status_code == 200
    html = response.content.decode()
    assert element_text(html, "batch-errors") == (
        "未审核通过任何进展，原因如下： 2.2.3 2023年第3季度：您打开页面后，该进展已有修改。"
    )
    assert element_text(card(html, stale), f"review-errors-{stale.pk}") == (
        "您打开页面后，该进展已有修改。"
    )
    assert ticked(html) == {fresh.pk, stale.pk}  # the selection is kept
    assert state(fresh, stale) == before


def test_approve_selected_with_one_no_longer_waiting_approves_none(
    client_for, queue, supervisor, admin
):
    from targets.services.review import quarterly_update_return

    waiting, returned = queue["b_q3"], queue["a_q3"]
    quarterly_update_return(returned, user=admin, comment="请补充。")
    before = state(waiting, returned)
    response = client_for(supervisor).post(
        QUEUE, batch(waiting, returned, versions={returned.pk: 1})
    )
    assert element_text(response.content.decode(), "batch-errors") == (
        "未审核通过任何进展，原因如下： "
        "2.2.3 2023年第3季度：该进展已不在待审核状态（当前为：已退回）。"
    )
    assert state(waiting, returned) == before


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"action": "approve_selected"}, "请勾选要审核通过的进展。"),
        ({"action": "approve_selected", "selected": ["x"]}, "所选内容无效，请刷新页面后重试。"),
        # "²" and "①" are digits to str.isdigit() but no int() reads them: this was a 500.
        ({"action": "approve_selected", "selected": ["²"]}, "所选内容无效，请刷新页面后重试。"),
        ({"action": "approve_selected", "selected": ["①"]}, "所选内容无效，请刷新页面后重试。"),
        ({"action": "approve_selected", "selected": ["1"]}, "页面内容已过期，请刷新后重新勾选。"),
    ],
)
def test_approve_selected_refused_says_why(client_for, queue, supervisor, data, message):
    before = state(queue["a_q3"])
    response = client_for(supervisor).post(QUEUE, data)
    assert element_text(response.content.decode(), "batch-errors") == message
    assert state(queue["a_q3"]) == before


def test_approve_selected_of_an_update_out_of_sight_is_404(client_for, queue, supervisor):
    draft_plan = PlanFactory(year=2024, state="draft")
    hidden = QuarterlyUpdateFactory(
        goal=GoalFactory(plan=draft_plan), year=2024, quarter=1, review_state="submitted"
    )
    before = state(queue["a_q3"], hidden)
    response = client_for(supervisor).post(QUEUE, batch(queue["a_q3"], hidden))
    assert response.status_code == 404
    assert state(queue["a_q3"], hidden) == before


@pytest.fixture
def unchanged(goal_a, plan, department_a):
    """Two goals whose Q3 repeats Q2 (one with values), and one whose Q3 moved on."""
    made = {}
    for name, goal, percent in (
        ("same", goal_a, 50),
        ("same_no_values", GoalFactory(plan=plan, leads=[department_a]), 30),
        ("moved", GoalFactory(plan=plan, leads=[department_a]), 40),
    ):
        indicator = goal.indicators.first()
        q2 = QuarterlyUpdateFactory(goal=goal, quarter=2, percent_complete=percent)
        q3 = QuarterlyUpdateFactory(
            goal=goal,
            quarter=3,
            percent_complete=percent + (10 if name == "moved" else 0),
            progress="三季度继续推进。",
            review_state="submitted",
        )
        if indicator is not None:
            IndicatorActualFactory(update=q2, indicator=indicator, value=Decimal("40"))
            IndicatorActualFactory(update=q3, indicator=indicator, value=Decimal("40"))
        made[name] = q3
    made["first"] = QuarterlyUpdateFactory(
        goal=GoalFactory(plan=plan, leads=[department_a]), quarter=3, review_state="submitted"
    )
    return made


def test_select_unchanged_ticks_those_that_repeat_their_last_approved_update(
    client_for, unchanged, supervisor
):
    client = client_for(supervisor)
    html = client.get(QUEUE).content.decode()
    assert ticked(html) == set()
    assert element_text(html, "batch-help") == (
        "勾选进展可一并审核通过。本页有2条进展的状态、完成进度和指标数值与上次审核通过时一致。"
    )
    link = element(html, "select-unchanged")
    assert f'href="{QUEUE}?select=unchanged"' in link and "data-select-unchanged" in link
    html = client.get(QUEUE, {"select": "unchanged"}).content.decode()
    assert ticked(html) == {unchanged["same"].pk, unchanged["same_no_values"].pk}
    assert "数据无变化" in text(card(html, unchanged["same"]))  # the narrative may differ
    assert "数据无变化" not in text(card(html, unchanged["moved"]))
    # Approving the selection approves exactly those.
    client.post(QUEUE, batch(unchanged["same"], unchanged["same_no_values"]))
    assert set(
        QuarterlyUpdate.objects.filter(review_state="submitted").values_list("pk", flat=True)
    ) == {unchanged["moved"].pk, unchanged["first"].pk}
