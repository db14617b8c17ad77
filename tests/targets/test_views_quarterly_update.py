"""The quarterly update form: who may report, what is refused, what is saved."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from targets.choices import UpdateStatus
from targets.models import IndicatorActual, QuarterlyUpdate
from tests.factories import GoalFactory, IndicatorFactory, QuarterlyUpdateFactory

pytestmark = pytest.mark.django_db


def url(goal, **query):
    base = reverse("targets:quarterly_update_edit", args=[goal.pk])
    if query:
        base += "?" + "&".join(f"{k}={v}" for k, v in query.items())
    return base


def valid_data(goal, **overrides):
    data = {
        "year": 2023,
        "quarter": 3,
        "status": UpdateStatus.ON_TRACK,
        "percent_complete": 60,
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
            goal_a, percent_complete=65, **{f"indicator_{goal_a.indicators.get().pk}": "61"}
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
    client.post(url(goal_a), valid_data(goal_a, **{f"indicator_{goal_a.indicators.get().pk}": ""}))
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
