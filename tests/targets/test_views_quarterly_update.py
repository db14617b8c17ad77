"""The quarterly update form: who may report, what is refused, what is saved."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from targets.choices import ReviewState, UpdateAction, UpdateStatus
from targets.models import IndicatorActual, QuarterlyUpdate
from tests.factories import (
    GoalFactory,
    GoalMilestoneFactory,
    IndicatorFactory,
    QuarterlyUpdateFactory,
)
from tests.html import messages_of, text

pytestmark = pytest.mark.django_db


def url(goal, **query):
    base = reverse("targets:quarterly_update_edit", args=[goal.pk])
    if query:
        base += "?" + "&".join(f"{k}={v}" for k, v in query.items())
    return base


def valid_data(goal, **overrides):
    # 60 % at the end of Q3 (75 % expected) suggests "at risk": reporting
    # "on track" needs the reason the form asks for.
    data = {
        "year": 2023,
        "quarter": 3,
        "version": 0,
        "status": UpdateStatus.ON_TRACK,
        "percent_complete": 60,
        "override_reason": "高企认定集中在第四季度，全年目标可以完成。",
        "progress": "截至9月底，已净增高企58家。",
        "problems": "",
        "next_steps": "加强企业辅导。",
    }
    for indicator in goal.indicators.all():
        data[f"indicator_{indicator.pk}"] = "58"
    data.update(overrides)
    return data


def field_error(html, field_id):
    """The error shown next to the field with this id, if any."""
    match = re.search(
        rf'id="{field_id}"[^>]*>.*?<div class="invalid-feedback[^"]*">(.*?)</div>', html, re.S
    )
    return match.group(1).strip() if match else None


def test_update_anonymous_redirects_to_login(client, goal_a):
    response = client.post(url(goal_a), valid_data(goal_a))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    assert not QuarterlyUpdate.objects.exists()


def test_update_other_departments_goal_is_404_and_nothing_saved(client_for, goal_a, staff_b):
    client = client_for(staff_b)
    assert client.get(url(goal_a)).status_code == 404
    assert client.post(url(goal_a), valid_data(goal_a)).status_code == 404
    assert not QuarterlyUpdate.objects.exists()


def test_update_form_of_each_scope_is_its_own(
    client_for, plan, goal_a, department_a, department_b, staff_a, staff_a2, staff_b
):
    """
    The form's goal query is built once per process for each scope (role and
    department), not per user: after the lead's staff opened the form, another
    department's staff still get a 404, a supporting department's the 403 that
    says why, and a colleague of the lead department saves under their own name.
    """
    supported = GoalFactory(plan=plan, leads=[department_a], supports=[department_b])
    own_indicator = IndicatorFactory(goal=supported, name="新增指标")
    assert client_for(staff_a).get(url(goal_a)).status_code == 200
    page = client_for(staff_a).get(url(supported))
    assert page.status_code == 200
    fields = set(re.findall(r'name="(indicator_\d+)"', page.content.decode()))
    assert fields == {f"indicator_{own_indicator.pk}"}  # its own indicator, not goal_a's
    assert client_for(staff_b).get(url(goal_a)).status_code == 404
    assert client_for(staff_b).get(url(supported)).status_code == 403
    assert client_for(staff_a2).post(url(goal_a), valid_data(goal_a)).status_code == 302
    assert QuarterlyUpdate.objects.get().submitted_by == staff_a2


@pytest.mark.parametrize("pk", [2**31, 2**63, 10**20])
def test_update_goal_id_beyond_any_row_is_404(client_for, staff_a, pk):
    """An id no row can have, however large, is a goal not found, not a server error."""
    client = client_for(staff_a)
    path = reverse("targets:quarterly_update_edit", args=[pk])
    assert client.get(f"{path}?year=2023&quarter=3").status_code == 404
    assert client.post(path, {"year": 2023, "quarter": 3}).status_code == 404


def test_update_supporting_department_is_refused_with_reason(
    client_for, plan, department_a, department_b, staff_b
):
    goal = GoalFactory(plan=plan, leads=[department_a], supports=[department_b])
    response = client_for(staff_b).post(url(goal), valid_data(goal))
    assert response.status_code == 403
    assert "只有牵头单位的填报员可以填报本目标任务的进展" in response.content.decode()
    assert not QuarterlyUpdate.objects.exists()


@pytest.mark.parametrize("who", ["supervisor", "leader", "admin"])
def test_update_roles_that_do_not_report_are_refused(client_for, goal_a, who, request):
    response = client_for(request.getfixturevalue(who)).post(url(goal_a), valid_data(goal_a))
    assert response.status_code == 403
    assert not QuarterlyUpdate.objects.exists()


def test_update_form_shows_indicator_with_unit_and_target(client_for, goal_a, staff_a):
    html = client_for(staff_a).get(url(goal_a, year=2023, quarter=3)).content.decode()
    indicator = goal_a.indicators.get()
    fieldset = html.split('id="indicator-fields"')[1].split("</fieldset>")[0]
    assert f'for="id_indicator_{indicator.pk}">净增高企</label>' in fieldset
    assert '<span class="input-group-text" data-unit>家</span>' in fieldset
    assert "目标 96家" in fieldset
    assert "2023年第3季度进展" in html


def test_update_submit_saves_update_and_actuals(client_for, goal_a, staff_a):
    response = client_for(staff_a).post(url(goal_a), valid_data(goal_a))
    assert response.status_code == 302
    assert response.url == goal_a.get_absolute_url()
    update = QuarterlyUpdate.objects.get()
    assert (update.goal, update.year, update.quarter) == (goal_a, 2023, 3)
    assert (update.status, update.percent_complete) == (UpdateStatus.ON_TRACK, 60)
    assert update.progress == "截至9月底，已净增高企58家。"
    assert update.next_steps == "加强企业辅导。"
    assert update.submitted_by == staff_a
    assert update.submitted_at is not None
    assert [a.value for a in update.actuals.all()] == [Decimal("58")]
    assert update.history.count() == 1
    assert update.history.get().history_user == staff_a


def test_update_colleague_corrects_the_same_quarter(client_for, goal_a, staff_a, staff_a2):
    client_for(staff_a).post(url(goal_a), valid_data(goal_a))
    response = client_for(staff_a2).post(
        url(goal_a),
        valid_data(
            goal_a,
            version=1,  # opened after the first report
            percent_complete=65,
            **{f"indicator_{goal_a.indicators.get().pk}": "61"},
        ),
    )
    assert response.status_code == 302
    update = QuarterlyUpdate.objects.get()
    assert (update.percent_complete, update.submitted_by) == (65, staff_a2)
    assert [a.value for a in update.actuals.all()] == [Decimal("61")]
    assert update.history.count() == 2


def test_update_clearing_a_value_removes_it(client_for, goal_a, staff_a):
    client = client_for(staff_a)
    client.post(url(goal_a), valid_data(goal_a))
    client.post(
        url(goal_a),
        valid_data(goal_a, version=1, **{f"indicator_{goal_a.indicators.get().pk}": ""}),
    )
    assert not IndicatorActual.objects.exists()


@pytest.mark.parametrize(
    ("override", "field", "message"),
    [
        ({"VALUE": "-3"}, "VALUE", "实际值不能为负数。"),
        ({"VALUE": "五十八"}, "VALUE", "请输入以家为单位的数字，如12或1.5。"),
        ({"VALUE": "1e400"}, "VALUE", "数字太大。"),
        ({"percent_complete": "150"}, "id_percent_complete", "请输入0到100之间的整数。"),
        ({"percent_complete": "-5"}, "id_percent_complete", "请输入0到100之间的整数。"),
        ({"percent_complete": "abc"}, "id_percent_complete", "请输入0到100之间的整数。"),
        (
            {"status": UpdateStatus.COMPLETED, "percent_complete": "80"},
            "id_percent_complete",
            "已完成的目标任务完成进度应为100%。",
        ),
        ({"progress": "  "}, "id_progress", "请填写本季度的进展情况。"),
    ],
)
def test_update_invalid_field_shows_error_beside_it_and_saves_nothing(
    client_for, goal_a, staff_a, override, field, message
):
    value_field = f"indicator_{goal_a.indicators.get().pk}"
    data = valid_data(goal_a)
    for key, value in override.items():
        data[value_field if key == "VALUE" else key] = value
    response = client_for(staff_a).post(url(goal_a), data)
    assert response.status_code == 200
    html = response.content.decode()
    field_id = f"id_{value_field}" if field == "VALUE" else field
    assert field_error(html, field_id) == message
    assert "请更正下面标出的内容，尚未保存。" in html
    assert not QuarterlyUpdate.objects.exists()


def test_update_text_a_file_cannot_hold_is_refused_and_offered_without_it(
    client_for, goal_a, staff_a
):
    """
    A U+FFFF saved in a narrative made every Excel export of the plan fail: the
    form refuses it, naming it, and gives the text back without it to save again.
    """
    client = client_for(staff_a)
    data = valid_data(
        goal_a, progress="截至9月底\uffff，已净增\x0b高企58家。", problems="资金\ufffe到位"
    )
    response = client.post(url(goal_a), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert field_error(html, "id_progress") == (
        "此处文字含有 Excel 和 Word 文件无法保存的字符（U+FFFF, U+000B），通常是从其他程序"
        "粘贴来的不可见字符。已从下面的文字中去掉：请检查后再次保存。"
    )
    assert "U+FFFE" in field_error(html, "id_problems")
    assert not QuarterlyUpdate.objects.exists()
    offered = re.search(r'<textarea name="progress"[^>]*>(.*?)</textarea>', html, re.S).group(1)
    assert offered.strip() == "截至9月底，已净增高企58家。"
    response = client.post(url(goal_a), {**data, "progress": offered, "problems": "资金到位"})
    assert response.status_code == 302
    assert QuarterlyUpdate.objects.get().progress == "截至9月底，已净增高企58家。"


@pytest.mark.parametrize("percent", ["150", "-5"])
def test_update_percent_out_of_range_is_said_once(client_for, goal_a, staff_a, percent):
    # Once, beside the field: not twice (the form's and the model's range checks), and
    # no question about the status, which an impossible percentage cannot suggest.
    response = client_for(staff_a).post(url(goal_a), valid_data(goal_a, percent_complete=percent))
    html = response.content.decode()
    errors = re.findall(r'<div class="invalid-feedback[^"]*">(.*?)</div>', html, re.S)
    assert [error.strip() for error in errors] == ["请输入0到100之间的整数。"]


@pytest.mark.parametrize(
    ("year", "quarter", "message"),
    [
        (2023, 5, "季度只能是1、2、3或4。"),
        (2023, 0, "季度只能是1、2、3或4。"),
        (2023, "x", "季度只能是1、2、3或4。"),
        (2024, 1, "不能填报2024年第1季度的进展"),  # a future quarter
        (2022, 4, "不能填报2022年第4季度的进展"),  # before the plan's year
    ],
)
def test_update_quarter_that_cannot_be_reported_is_refused(
    client_for, goal_a, staff_a, year, quarter, message
):
    response = client_for(staff_a).post(url(goal_a), valid_data(goal_a, year=year, quarter=quarter))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not QuarterlyUpdate.objects.exists()


def test_update_unknown_status_is_refused(client_for, goal_a, staff_a):
    response = client_for(staff_a).post(url(goal_a), valid_data(goal_a, status="purple"))
    status_fieldset = response.content.decode().split("<fieldset")[1].split("</fieldset>")[0]
    assert "请选择列出的状态之一。" in status_fieldset
    assert not QuarterlyUpdate.objects.exists()


def test_update_posted_indicator_of_another_goal_is_ignored(
    client_for, plan, goal_a, staff_a, department_b
):
    other = IndicatorFactory(goal=GoalFactory(plan=plan, leads=[department_b]))
    data = valid_data(goal_a, **{f"indicator_{other.pk}": "999"})
    client_for(staff_a).post(url(goal_a), data)
    assert not IndicatorActual.objects.filter(indicator=other).exists()
    assert IndicatorActual.objects.get().indicator.goal == goal_a


def test_update_rate_indicator_may_be_negative(client_for, plan, department_a, staff_a):
    goal = GoalFactory(plan=plan, leads=[department_a])
    rate = IndicatorFactory(goal=goal, name="存贷款余额增长", target_value=14, unit="%")
    response = client_for(staff_a).post(
        url(goal), valid_data(goal, **{f"indicator_{rate.pk}": "-1.5"})
    )
    assert response.status_code == 302
    assert IndicatorActual.objects.get().value == Decimal("-1.5")


def status_choices(html: str) -> list[tuple[str, str, bool, str]]:
    """Each status button as shown: its value, input id, whether checked, and its label."""
    found = re.findall(
        r'<input type="radio" class="btn-check" name="status" id="([^"]+)" value="([^"]+)"'
        r'( checked)?[^>]*>\s*<label [^>]*for="([^"]+)">([^<]*)</label>',
        html,
    )
    assert all(input_id == label_for for input_id, _, _, label_for, _ in found)
    return [(value, input_id, bool(checked), label) for input_id, value, checked, _, label in found]


def test_update_form_status_buttons_are_the_statuses_with_the_saved_one_checked(
    client_for, goal_a, staff_a
):
    client = client_for(staff_a)
    html = client.get(url(goal_a, year=2023, quarter=3)).content.decode()
    # A first report, nothing before it: the model's default status is the one checked.
    assert [c[:3] for c in status_choices(html)] == [
        (value, f"id_status_{n}", value == UpdateStatus.ON_TRACK)
        for n, (value, _) in enumerate(UpdateStatus.choices)
    ]
    with translation.override("zh-hans"):
        labels = [str(label) for _, label in UpdateStatus.choices]
    assert [c[3] for c in status_choices(html)] == labels
    client.post(url(goal_a), valid_data(goal_a, status=UpdateStatus.BEHIND))
    html = client.get(url(goal_a, year=2023, quarter=3)).content.decode()
    assert [c[0] for c in status_choices(html) if c[2]] == [UpdateStatus.BEHIND]


def test_update_new_quarter_starts_from_the_previous_one(client_for, goal_a, staff_a):
    previous = QuarterlyUpdateFactory(
        goal=goal_a, quarter=2, status=UpdateStatus.AT_RISK, percent_complete=40
    )
    previous.actuals.create(indicator=goal_a.indicators.get(), value=Decimal("30.5"))
    html = client_for(staff_a).get(url(goal_a, year=2023, quarter=3)).content.decode()
    assert re.search(r'value="at_risk"[^>]*checked', html)
    assert (
        'name="percent_complete" id="id_percent_complete" min="0" max="100" step="1" value="40"'
        in html
    )
    assert 'value="30.5"' in html


def test_update_future_quarter_in_link_is_refused(client_for, goal_a, staff_a):
    response = client_for(staff_a).get(url(goal_a, year=2024, quarter=2), follow=True)
    assert response.redirect_chain[-1][0] == goal_a.get_absolute_url()
    assert "只能填报本方案中截至当前季度的进展" in response.content.decode()


def test_update_stale_form_without_csrf_token_is_refused_in_chinese(goal_a, staff_a):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(staff_a)
    response = client.post(url(goal_a), valid_data(goal_a))
    assert response.status_code == 403
    assert "表单已过期" in response.content.decode()
    assert not QuarterlyUpdate.objects.exists()


# -- the supervision cycle: suggestion, drafts, closed periods, stale forms ------------------------


def test_update_form_shows_expected_progress_and_suggestion(client_for, goal_a, staff_a):
    QuarterlyUpdateFactory(
        goal=goal_a,
        quarter=3,
        status=UpdateStatus.AT_RISK,
        percent_complete=60,
        review_state="draft",
    )
    html = client_for(staff_a).get(url(goal_a, year=2023, quarter=3)).content.decode()
    box = text(html.split('id="suggestion"')[1].split("</div>\n      </div>")[0])
    assert "2023年第3季度末序时进度：75%" in box
    assert "建议状态： 存在风险" in box
    assert "落后序时进度不足10个百分点为正常推进；落后10至30个百分点为存在风险" in box
    assert 'data-expected="75" data-yellow="10" data-red="30"' in html


def test_update_milestone_set_shows_on_the_next_form_and_is_saved_with_the_update(
    client_for, goal_a, staff_a
):
    """
    The form reads a goal's milestones only when its row says it has some: one
    set after the form was first opened is the expected progress of the next
    form and of the save; removed, the time elapsed is again.
    """
    client = client_for(staff_a)
    assert 'data-expected="75"' in client.get(url(goal_a, year=2023, quarter=3)).content.decode()
    milestone = GoalMilestoneFactory(goal=goal_a, quarter=3, expected_percent=55)
    html = client.get(url(goal_a, year=2023, quarter=3)).content.decode()
    assert "2023年第3季度末序时进度：55%" in text(html)
    client.post(url(goal_a), valid_data(goal_a, status=UpdateStatus.ON_TRACK, override_reason=""))
    update = QuarterlyUpdate.objects.get()
    # 60 % done against 55 % expected: on track, no reason asked
    assert (update.expected_percent, update.suggested_status) == (55, UpdateStatus.ON_TRACK)
    milestone.delete()
    assert 'data-expected="75"' in client.get(url(goal_a, year=2023, quarter=3)).content.decode()


def test_update_override_without_reason_is_refused_beside_the_reason(client_for, goal_a, staff_a):
    response = client_for(staff_a).post(url(goal_a), valid_data(goal_a, override_reason=""))
    assert response.status_code == 200
    html = response.content.decode()
    assert field_error(html, "id_override_reason") == (
        "建议状态为“存在风险”：填报不同的状态须说明理由。"
    )
    assert not QuarterlyUpdate.objects.exists()


def test_update_override_keeps_suggestion_and_reason(client_for, goal_a, staff_a):
    client_for(staff_a).post(url(goal_a), valid_data(goal_a))
    update = QuarterlyUpdate.objects.get()
    assert (update.suggested_status, update.status, update.expected_percent) == (
        UpdateStatus.AT_RISK,
        UpdateStatus.ON_TRACK,
        75,
    )
    assert update.override_reason == "高企认定集中在第四季度，全年目标可以完成。"


def test_update_save_draft_then_submit(client_for, goal_a, staff_a):
    client = client_for(staff_a)
    response = client.post(url(goal_a), valid_data(goal_a, action="draft"), follow=True)
    assert messages_of(response) == ["2023年第3季度进展草稿已保存。提交后才会送督查室审核。"]
    update = QuarterlyUpdate.objects.get()
    assert (update.review_state, update.submitted_at) == (ReviewState.DRAFT, None)

    html = client.get(url(goal_a, year=2023, quarter=3)).content.decode()
    assert 'id="save-draft"' in html and 'id="submit-update"' in html
    response = client.post(url(goal_a), valid_data(goal_a, version=1, action="submit"), follow=True)
    assert messages_of(response) == ["2023年第3季度进展已保存，并已提交督查室审核。"]
    update.refresh_from_db()
    assert update.review_state == ReviewState.SUBMITTED
    assert list(update.events.values_list("action", flat=True)) == [
        UpdateAction.SAVED,
        UpdateAction.SUBMITTED,
    ]


def test_update_sent_offers_no_draft_and_says_it_goes_back_to_review(client_for, goal_a, staff_a):
    QuarterlyUpdateFactory(goal=goal_a, quarter=3, review_state="approved")
    html = client_for(staff_a).get(url(goal_a, year=2023, quarter=3)).content.decode()
    assert 'id="save-draft"' not in html
    assert "本进展已提交：修改后将重新提交督查室审核。" in html
    assert 'data-review="approved">已审核</span>' in html


def test_update_unchanged_resubmission_says_so(client_for, goal_a, staff_a):
    client = client_for(staff_a)
    client.post(url(goal_a), valid_data(goal_a), follow=True)
    response = client.post(url(goal_a), valid_data(goal_a, version=1), follow=True)
    assert messages_of(response) == ["内容没有变化：2023年第3季度进展保持不变。"]
    assert QuarterlyUpdate.objects.get().version == 1


# closed periods


@pytest.fixture
def closed_q3(plan, supervisor):
    from targets.services.periods import period_close, period_for

    period = period_for(plan, 3)
    period_close(period, user=supervisor)
    return period


def test_update_closed_period_form_says_so_to_staff(client_for, goal_a, staff_a, closed_q3):
    html = client_for(staff_a).get(url(goal_a, year=2023, quarter=3)).content.decode()
    alert = text(html.split('id="period-closed"')[1].split("</div>")[0])
    assert alert.startswith("> 2023年第3季度报送期已于")
    assert "截止，不能再修改。如需更正，请联系区政府督查室。" in alert
    assert 'id="submit-update"' not in html and 'id="save-draft"' not in html


def test_update_closed_period_refuses_staff_and_saves_nothing(
    client_for, goal_a, staff_a, closed_q3
):
    response = client_for(staff_a).post(url(goal_a), valid_data(goal_a))
    assert response.status_code == 200
    assert 'id="period-closed"' in response.content.decode()
    assert not QuarterlyUpdate.objects.exists()


def test_update_supervisor_corrects_a_closed_period_with_a_reason(
    client_for, goal_a, supervisor, closed_q3
):
    update = QuarterlyUpdateFactory(
        goal=goal_a, quarter=3, status=UpdateStatus.AT_RISK, percent_complete=60
    )
    client = client_for(supervisor)
    html = client.get(url(goal_a, year=2023, quarter=3)).content.decode()
    assert 'id="correcting"' in html and 'name="correction_reason"' in html

    data = valid_data(goal_a, version=1, percent_complete=62)
    response = client.post(url(goal_a), data)
    assert field_error(response.content.decode(), "id_correction_reason") == (
        "报送期截止后修改进展，必须填写修改理由。"
    )
    assert QuarterlyUpdate.objects.get().percent_complete == 60

    response = client.post(
        url(goal_a), {**data, "correction_reason": "单位来函更正完成比例。"}, follow=True
    )
    assert messages_of(response) == ["2023年第3季度进展已修改，修改理由已记录。"]
    update.refresh_from_db()
    assert update.percent_complete == 62
    event = update.events.get()
    assert (event.action, event.actor, event.comment) == (
        UpdateAction.EDITED,
        supervisor,
        "单位来函更正完成比例。",
    )


def test_update_supervisor_cannot_edit_an_open_period(client_for, goal_a, supervisor):
    QuarterlyUpdateFactory(goal=goal_a, quarter=3)
    response = client_for(supervisor).get(url(goal_a, year=2023, quarter=3))
    assert response.status_code == 403
    assert "报送期内如需修改，请填写意见退回牵头单位" in response.content.decode()


def test_update_returned_after_close_can_be_sent_again(client_for, goal_a, staff_a, closed_q3):
    QuarterlyUpdateFactory(
        goal=goal_a,
        quarter=3,
        status=UpdateStatus.AT_RISK,
        percent_complete=60,
        review_state="returned",
        review_comment="请补充数据来源。",
    )
    client = client_for(staff_a)
    html = client.get(url(goal_a, year=2023, quarter=3)).content.decode()
    assert 'id="period-closed"' not in html and 'id="save-draft"' not in html
    response = client.post(url(goal_a), valid_data(goal_a, version=1, percent_complete=61))
    assert response.status_code == 302
    assert QuarterlyUpdate.objects.get().review_state == ReviewState.SUBMITTED


# two people, one update


def test_update_second_save_of_the_same_version_is_refused_with_what_changed(
    client_for, goal_a, staff_a, staff_a2
):
    from django.test import Client

    QuarterlyUpdateFactory(
        goal=goal_a,
        quarter=3,
        status=UpdateStatus.AT_RISK,
        percent_complete=60,
        review_state="draft",
    )
    indicator = goal_a.indicators.get()
    first, second = Client(), Client()
    first.force_login(staff_a)
    second.force_login(staff_a2)

    def opened(client):
        html = client.get(url(goal_a, year=2023, quarter=3)).content.decode()
        snapshot = re.search(r'name="snapshot" value="([^"]*)"', html).group(1)
        version = re.search(r'name="version" value="(\d+)"', html).group(1)
        return {"snapshot": snapshot, "version": version}

    form_one, form_two = opened(first), opened(second)
    assert form_one["version"] == "1"
    first.post(
        url(goal_a),
        valid_data(
            goal_a,
            **form_one,
            status=UpdateStatus.AT_RISK,
            percent_complete=63,
            **{f"indicator_{indicator.pk}": "61"},
        ),
    )
    response = second.post(
        url(goal_a),
        valid_data(goal_a, **form_two, percent_complete=70, status=UpdateStatus.ON_TRACK),
    )
    assert response.status_code == 200
    html = response.content.decode()
    alert = html.split('id="stale-update"')[1].split("</ul>")[0]
    assert (
        "您打开此表单后，staff_a 于" in alert
        and "修改了本季度进展。您填写的内容尚未保存。" in alert
    )
    changes = [text(li) for li in re.findall(r"<li>(.*?)</li>", alert)]
    assert changes == [
        "完成进度（%）：60% → 63%",
        "进展情况：按计划推进。 → 截至9月底，已净增高企58家。",
        "下步计划：— → 加强企业辅导。",
        "审核：草稿 → 待审核",
        "净增高企：— → 61家",
    ]
    update = QuarterlyUpdate.objects.get()
    assert (update.percent_complete, update.submitted_by, update.version) == (63, staff_a, 2)
    # The second person's entries are kept, on top of the version stored now.
    assert (
        'name="percent_complete" id="id_percent_complete" min="0" max="100" step="1" value="70"'
        in html
    )
    assert 'name="version" value="2"' in html
    again = re.search(r'name="snapshot" value="([^"]*)"', html).group(1)
    response = second.post(
        url(goal_a),
        valid_data(
            goal_a, version=2, snapshot=again, percent_complete=70, status=UpdateStatus.ON_TRACK
        ),
    )
    assert response.status_code == 302
    assert QuarterlyUpdate.objects.get().percent_complete == 70


# -- what the form and a save cost under the end-of-quarter rush ----------------------------------

WRITES = ("INSERT", "UPDATE", "DELETE", "SAVEPOINT", "BEGIN")


def test_update_opening_the_form_writes_nothing(client_for, goal_a, staff_a, plan):
    """
    Opening the form reads its reporting period; only the first request of a
    quarter creates it. A write per page view would take SQLite's write lock
    for every department opening its form.
    """
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from targets.models import ReportingPeriod

    client = client_for(staff_a)
    client.get(url(goal_a, year=2023, quarter=3))
    assert ReportingPeriod.objects.filter(plan=plan, quarter=3).exists()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url(goal_a, year=2023, quarter=3))
    assert response.status_code == 200
    writes = [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(WRITES)]
    assert writes == []


def test_update_form_reads_each_row_once(client_for, goal_a, staff_a, django_assert_num_queries):
    """
    The form of a quarter already reported, pinned: its values fill both the
    fields and the snapshot a stale save is compared with, and its reporting
    period both decides the edit mode and is shown; each is read once.
    """
    client = client_for(staff_a)
    client.post(url(goal_a), valid_data(goal_a))
    assert QuarterlyUpdate.objects.get().actuals.count() == 1
    # the session with its user; the goal with whether the user may report on it (one query:
    # GoalQuerySet.with_reportable_by) and whether it has milestones (none: their query is
    # not run, one fewer), its indicators; the update with who saved it, and its values;
    # its period
    with django_assert_num_queries(6) as captured:
        response = client.get(url(goal_a, year=2023, quarter=3))
    assert response.status_code == 200
    assert 'value="58"' in response.content.decode()  # the reported value, in its field
    tables = [q["sql"].split(" FROM ", 1)[1].split()[0] for q in captured.captured_queries]
    assert tables.count('"targets_indicatoractual"') == 1
    assert tables.count('"targets_reportingperiod"') == 1


def test_update_save_reads_the_goal_once(client_for, goal_a, staff_a, django_assert_num_queries):
    """
    A second save of the quarter, pinned: the form, its edit mode and the
    service share the goal's indicators, milestones and whether the user may
    report, and the service leaves the table's constraints to the database
    rather than asking it again for each one.
    """
    client = client_for(staff_a)
    client.post(url(goal_a), valid_data(goal_a))
    update = QuarterlyUpdate.objects.get()
    data = valid_data(goal_a, version=update.version, progress="截至9月底，已净增高企60家。")
    data[f"indicator_{goal_a.indicators.get().pk}"] = "60"
    # the session with its user; the goal with whether the user may report on it and whether
    # it has milestones (none: not read, one fewer), its indicators; the update and its
    # values; its period (all handed to the service, not read again); in one savepoint:
    # the update written with its
    # version claimed (one UPDATE) and its history, the value and its history, the
    # event; the office told (its reviewers, its group robots: none here). The form
    # checks the percentage itself (the model's CheckConstraint would ask the database).
    with django_assert_num_queries(15):
        response = client.post(url(goal_a), data)
    assert response.status_code == 302
    update.refresh_from_db()
    assert update.progress == "截至9月底，已净增高企60家。"
    assert [a.value for a in update.actuals.all()] == [Decimal("60")]


def test_update_form_hidden_fields_are_written_as_django_writes_them(client_for, goal_a, staff_a):
    """
    The year, quarter, version and snapshot inputs are written by the template
    (no widget template per field): the same HTML as the form's own widgets,
    opened and after a refused POST (a bound form, an empty version).
    """
    from targets.forms.updates import QuarterlyUpdateForm

    client = client_for(staff_a)
    response = client.get(url(goal_a, year=2023, quarter=3))
    form = response.context["form"]
    html = response.content.decode()
    for name in ("year", "quarter", "version", "snapshot"):
        assert str(form[name]) in html, name
    assert 'name="year" value="2023" id="id_year"' in html
    data = {**valid_data(goal_a), "version": "", "progress": ""}
    response = client.post(url(goal_a), data)
    form = response.context["form"]
    assert isinstance(form, QuarterlyUpdateForm) and form.errors
    html = response.content.decode()
    for name in ("year", "quarter", "version", "snapshot"):
        assert str(form[name]) in html, name
    assert '<input type="hidden" name="version" id="id_version">' in html
