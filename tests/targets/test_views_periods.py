"""
/periods/: the supervision office's reporting periods (due dates, closing,
reopening), and /goals/<pk>/milestones/: the owner's expected progress.
"""

import datetime
import re

import pytest
from django.contrib.admin.models import LogEntry
from django.urls import reverse

from targets.choices import PeriodState, PlanState
from targets.models import GoalMilestone, ReportingPeriod
from targets.services.periods import period_for
from tests.factories import GoalFactory, GoalMilestoneFactory, PlanFactory, QuarterlyUpdateFactory
from tests.html import element, element_text, messages_of, table_rows, text

pytestmark = pytest.mark.django_db

PERIODS = reverse("targets:period_list")


def edit_url(period):
    return reverse("targets:period_edit", args=[period.pk])


def milestones_url(goal):
    return reverse("targets:goal_milestones", args=[goal.pk])


def close_url(period):
    return reverse("targets:period_close", args=[period.pk])


def reopen_url(period):
    return reverse("targets:period_reopen", args=[period.pk])


def changes_of(html, quarter):
    """The period's change log on the list, newest first, without the time."""
    changes = html.split(f'id="period-{quarter}"')[1].split('class="small period-changes">')[1]
    lines = [text(line) for line in re.findall(r"<div>(.*?)</div>", changes.split("</td>")[0])]
    return [line.split(" · ", 1)[1] for line in lines]


def row(html, quarter):
    """The text of the period's row in the table."""
    match = re.search(rf'<tr id="period-{quarter}"[^>]*>(.*?)</tr>', html, re.S)
    return text(match.group(1))


# -- the list --------------------------------------------------------------------------------------


def test_period_list_shows_the_four_quarters_created_when_first_needed(
    client_for, plan, goal_a, supervisor
):
    QuarterlyUpdateFactory(goal=goal_a, quarter=3, review_state="submitted")
    QuarterlyUpdateFactory(goal=goal_a, quarter=2, review_state="approved")
    response = client_for(supervisor).get(PERIODS)
    assert response.status_code == 200
    html = response.content.decode()
    assert ReportingPeriod.objects.filter(plan=plan).count() == 4
    assert 'value="2023-09-25"' in html.split('id="period-3"')[1].split("</tr>")[0]
    # quarter, state, waiting, approved, returned, draft, changes
    # quarter, due date, state, waiting, approved, returned, draft, changes
    assert row(html, 3) == "2023年第3季度 修改 2023-09-25 开放填报 截止报送 1 0 0 0 —"
    assert row(html, 2) == "2023年第2季度 修改 2023-06-25 开放填报 截止报送 0 1 0 0 —"


def test_period_list_shows_who_closed_and_the_changes(client_for, plan, goal_a, supervisor):
    client = client_for(supervisor)
    period = period_for(plan, 3)
    client.post(edit_url(period), {"due_date": "2023-09-28"})
    client.post(close_url(period))
    client.post(reopen_url(period), {"reason": "区政府要求补报重点项目进展。"})
    client.post(close_url(period))
    html = client.get(PERIODS).content.decode()
    cells = row(html, 3)
    assert "已截止 supervisor ·" in cells
    assert f'href="{reopen_url(period)}">重新开放</a>' in html  # a page that asks why
    assert f'href="{close_url(period_for(plan, 4))}">截止报送</a>' in html
    assert changes_of(html, 3) == [
        "supervisor · 已截止（截止时尚有1项目标任务未报送）",
        "supervisor · 重新开放，原因：区政府要求补报重点项目进展。",
        "supervisor · 已截止（截止时尚有1项目标任务未报送）",
        "supervisor · 截止日期 2023-09-25 → 2023-09-28",
    ]


@pytest.mark.parametrize("who", ["staff_a", "leader"])
def test_period_list_is_for_the_supervision_office(client_for, plan, who, request):
    assert client_for(request.getfixturevalue(who)).get(PERIODS).status_code == 403
    assert not ReportingPeriod.objects.exists()


def test_period_list_for_another_year(client_for, plan, supervisor):
    PlanFactory(year=2022, title="2022年报告", state=PlanState.ARCHIVED)
    html = client_for(supervisor).get(PERIODS, {"year": 2022}).content.decode()
    assert re.search(r'id="plan-title">2022年报告</div>', html)
    assert 'value="2022-03-25"' in html


def test_period_list_query_count_is_fixed(client_for, plan, supervisor, django_assert_num_queries):
    client = client_for(supervisor)
    client.get(PERIODS)  # the periods exist from now on
    # the session with its user, plan, periods, changes, counts, years
    with django_assert_num_queries(6):
        client.get(PERIODS)


# -- changing a period -----------------------------------------------------------------------------


def test_period_due_date_change(client_for, plan, admin):
    period = period_for(plan, 4)
    response = client_for(admin).post(edit_url(period), {"due_date": "2023-12-20"}, follow=True)
    assert messages_of(response) == ["2023年第4季度报送截止日期已改为2023-12-20。"]
    assert ReportingPeriod.objects.get(quarter=4).due_date == datetime.date(2023, 12, 20)


@pytest.mark.parametrize(
    ("post", "message"),
    [
        ({"due_date": "明天"}, "请输入日期，如2023-09-25。"),
        ({}, "请输入日期，如2023-09-25。"),
        ({"due_date": "2023-06-30"}, "截止日期不能早于本季度开始的日期（2023-07-01）。"),
    ],
)
def test_period_change_refused_says_why(client_for, plan, supervisor, post, message):
    period = period_for(plan, 3)
    response = client_for(supervisor).post(edit_url(period), post, follow=True)
    assert messages_of(response) == [message]  # said once, not once per check
    assert response.content.decode().count(message) == 1
    period.refresh_from_db()
    assert (period.state, period.due_date) == (PeriodState.OPEN, datetime.date(2023, 9, 25))


@pytest.mark.parametrize("who", ["staff_a", "leader"])
def test_period_change_by_other_roles_is_403(client_for, plan, who, request):
    period = period_for(plan, 3)
    client = client_for(request.getfixturevalue(who))
    for url, data in (
        (edit_url(period), {"due_date": "2023-09-01"}),
        (close_url(period), {}),
    ):
        assert client.post(url, data).status_code == 403
    assert client.get(close_url(period)).status_code == 403
    assert ReportingPeriod.objects.get().state == PeriodState.OPEN


def test_period_of_a_draft_plan_is_404_for_a_supervisor(client_for, supervisor):
    draft = PlanFactory(year=2024, state=PlanState.DRAFT)
    period = period_for(draft, 1)
    client = client_for(supervisor)
    assert client.post(close_url(period)).status_code == 404
    assert client.get(close_url(period)).status_code == 404
    assert client.post(reopen_url(period), {"reason": "补报"}).status_code == 404
    assert ReportingPeriod.objects.get().state == PeriodState.OPEN


# -- closing and reopening -------------------------------------------------------------------------


@pytest.fixture
def unreported(plan, goal_a, department_a, department_b):
    """Q3: goal_a and two of B's goals not reported (one a draft), one of B's sent."""
    for review_state in (None, "draft", "submitted"):
        goal = GoalFactory(plan=plan, leads=[department_b])
        if review_state:
            QuarterlyUpdateFactory(goal=goal, quarter=3, review_state=review_state)
    return period_for(plan, 3)


def test_period_close_asks_first_with_the_goals_not_reported(client_for, unreported, supervisor):
    response = client_for(supervisor).get(close_url(unreported))
    assert response.status_code == 200
    html = response.content.decode()
    assert element_text(html, "close-question") == (
        "2023年第3季度还有3项目标任务未报送，截止报送后部门将不能再填报，确定截止吗？"
    )
    assert table_rows(response, "missing-departments") == [["区科技局", "2"], ["区发改局", "1"]]
    chasing = reverse("targets:chasing_list") + "?year=2023&amp;quarter=3"
    assert f'href="{chasing}" id="chasing-link"' in html
    form = element(html, "close-form")
    assert f'<form method="post" action="{close_url(unreported)}"' in form
    assert ReportingPeriod.objects.get(pk=unreported.pk).state == PeriodState.OPEN


def test_period_close_asks_first_when_everything_is_reported(client_for, plan, supervisor):
    html = client_for(supervisor).get(close_url(period_for(plan, 2))).content.decode()
    assert element_text(html, "close-question") == (
        "2023年第2季度的目标任务均已报送，截止报送后部门将不能再修改，确定截止吗？"
    )
    assert 'id="missing-departments"' not in html


def test_period_close_confirmed(client_for, unreported, supervisor):
    response = client_for(supervisor).post(close_url(unreported), follow=True)
    assert response.redirect_chain == [(PERIODS + "?year=2023", 302)]
    assert messages_of(response) == ["2023年第3季度报送期已截止。"]
    unreported.refresh_from_db()
    assert (unreported.state, unreported.closed_by) == (PeriodState.CLOSED, supervisor)
    html = response.content.decode()
    assert changes_of(html, 3) == ["supervisor · 已截止（截止时尚有3项目标任务未报送）"]


def test_period_close_of_a_closed_period(client_for, plan, supervisor):
    period = period_for(plan, 3)
    client = client_for(supervisor)
    client.post(close_url(period), follow=True)
    response = client.get(close_url(period), follow=True)
    assert messages_of(response) == ["2023年第3季度报送期已经截止。"]
    response = client.post(close_url(period), follow=True)
    assert messages_of(response) == ["2023年第3季度报送期已经截止。"]
    assert LogEntry.objects.count() == 1


def test_period_reopen_asks_why(client_for, plan, supervisor):
    period = period_for(plan, 3)
    client = client_for(supervisor)
    client.post(close_url(period))
    html = client.get(reopen_url(period)).content.decode()
    form = element(html, "reopen-form")
    assert '<textarea name="reason" id="id_reason"' in form
    assert "原因将连同您的姓名和操作时间记入报送期变更记录。" in text(form)
    response = client.post(
        reopen_url(period), {"reason": "区政府要求补报重点项目进展。"}, follow=True
    )
    assert messages_of(response) == ["2023年第3季度报送期已重新开放。"]
    assert ReportingPeriod.objects.get(pk=period.pk).state == PeriodState.OPEN
    assert changes_of(response.content.decode(), 3)[0] == (
        "supervisor · 重新开放，原因：区政府要求补报重点项目进展。"
    )


@pytest.mark.parametrize(
    ("reason", "message"),
    [
        ("", "请填写重新开放报送期的原因。"),
        ("   ", "请填写重新开放报送期的原因。"),
        ("长" * 501, "原因不能超过500个字。"),
    ],
)
def test_period_reopen_without_a_reason_changes_nothing(
    client_for, plan, supervisor, reason, message
):
    period = period_for(plan, 3)
    client = client_for(supervisor)
    client.post(close_url(period))
    response = client.post(reopen_url(period), {"reason": reason})
    assert response.status_code == 200
    html = response.content.decode()
    assert element_text(html, "reason-errors") == message
    assert 'class="form-control is-invalid"' in html
    period.refresh_from_db()
    assert period.state == PeriodState.CLOSED
    assert LogEntry.objects.count() == 1


def test_period_reopen_of_an_open_period(client_for, plan, supervisor):
    period = period_for(plan, 3)
    client = client_for(supervisor)
    response = client.get(reopen_url(period), follow=True)
    assert messages_of(response) == ["2023年第3季度报送期已经开放。"]
    response = client.post(reopen_url(period), {"reason": "补报。"}, follow=True)
    assert messages_of(response) == ["2023年第3季度报送期已经开放。"]
    assert not LogEntry.objects.exists()


@pytest.mark.parametrize("who", ["staff_a", "staff_b", "leader"])
def test_period_reopen_by_other_roles_is_403(client_for, plan, supervisor, who, request):
    period = period_for(plan, 3)
    client_for(supervisor).post(close_url(period))
    client = client_for(request.getfixturevalue(who))
    assert client.get(reopen_url(period)).status_code == 403
    assert client.post(reopen_url(period), {"reason": "补报。"}).status_code == 403
    assert ReportingPeriod.objects.get(pk=period.pk).state == PeriodState.CLOSED


def test_period_close_and_reopen_anonymous_is_sent_to_log_in(client, plan):
    period = period_for(plan, 3)
    for response in (
        client.get(close_url(period)),
        client.post(close_url(period)),
        client.post(reopen_url(period), {"reason": "补报。"}),
    ):
        assert response.status_code == 302 and response.url.startswith(reverse("login"))
    assert ReportingPeriod.objects.get(pk=period.pk).state == PeriodState.OPEN


@pytest.mark.parametrize("count", [1, 20])
def test_period_close_page_query_count_is_fixed(
    client_for, plan, department_a, supervisor, count, django_assert_num_queries
):
    for _ in range(count):
        GoalFactory(plan=plan, leads=[department_a])
    period = period_for(plan, 3)
    client = client_for(supervisor)
    # the session with its user, the period, the count, the departments' missing goals
    with django_assert_num_queries(4):
        response = client.get(close_url(period))
    assert table_rows(response, "missing-departments") == [["区发改局", str(count)]]


# -- milestones ------------------------------------------------------------------------------------


def milestone_data(**values):
    data = {f"percent_{q}": "" for q in (1, 2, 3, 4)} | {f"note_{q}": "" for q in (1, 2, 3, 4)}
    data.update(values)
    return data


def test_milestones_set_by_the_owner(client_for, goal_a, staff_a):
    response = client_for(staff_a).post(
        milestones_url(goal_a),
        milestone_data(percent_1="0", note_1="完成选址", percent_2="20", percent_3="60"),
    )
    assert response.status_code == 302
    assert response.url == goal_a.get_absolute_url() + "#milestones"
    assert list(goal_a.milestones.values_list("quarter", "expected_percent", "note")) == [
        (1, 0, "完成选址"),
        (2, 20, ""),
        (3, 60, ""),
    ]


def test_milestones_shown_on_the_goal_page(client_for, goal_a, leader, staff_a):
    GoalMilestoneFactory(goal=goal_a, quarter=2, expected_percent=20, note="开工建设")
    html = client_for(leader).get(goal_a.get_absolute_url()).content.decode()
    table = html.split('id="milestone-table"')[1].split("</table>")[0]
    cells = [text(c) for c in re.findall(r"<td[^>]*>(.*?)</td>", table, re.S)]
    assert cells == ["25%", "20% 开工建设", "75%", "100%"]
    assert 'id="milestones-button"' not in html
    assert (
        'id="milestones-button"'
        in client_for(staff_a).get(goal_a.get_absolute_url()).content.decode()
    )


def test_milestones_form_shows_the_current_ones(client_for, goal_a, staff_a):
    GoalMilestoneFactory(goal=goal_a, quarter=3, expected_percent=55, note="主体完工")
    html = client_for(staff_a).get(milestones_url(goal_a)).content.decode()
    assert re.search(r'name="percent_3" id="id_percent_3" value="55" placeholder="75"', html)
    assert 'value="主体完工"' in html
    assert re.search(r'name="percent_1" id="id_percent_1" value="" placeholder="25"', html)


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        (
            {"percent_2": "40", "percent_3": "30"},
            "percent_3",
            "序时进度不能低于上一季度（上一季度为40%）。",
        ),
        ({"percent_1": "60"}, "percent_2", "序时进度不能低于上一季度（上一季度为60%）。"),
        ({"percent_2": "120"}, "percent_2", "请输入0到100之间的整数。"),
        ({"note_2": "开工"}, "percent_2", "请填写该节点目标对应的序时进度。"),
    ],
)
def test_milestones_invalid_are_refused(client_for, goal_a, staff_a, values, field, message):
    response = client_for(staff_a).post(milestones_url(goal_a), milestone_data(**values))
    assert response.status_code == 200
    html = response.content.decode()
    feedback = html.split(f'id="id_{field}"')[1].split("</td>")[0]
    assert message in feedback
    assert not GoalMilestone.objects.exists()


@pytest.mark.parametrize(
    ("who", "status"), [("staff_b", 404), ("supervisor", 403), ("leader", 403)]
)
def test_milestones_are_the_owners(client_for, plan, goal_a, department_b, who, status, request):
    client = client_for(request.getfixturevalue(who))
    assert client.get(milestones_url(goal_a)).status_code == status
    assert client.post(milestones_url(goal_a), milestone_data(percent_2="10")).status_code == status
    assert not GoalMilestone.objects.exists()


def test_milestones_of_a_supporting_department_are_403(
    client_for, plan, department_a, department_b, staff_b
):
    goal = GoalFactory(plan=plan, leads=[department_a], supports=[department_b])
    assert client_for(staff_b).get(milestones_url(goal)).status_code == 403


# -- the admin -------------------------------------------------------------------------------------


@pytest.mark.parametrize("model", ["reportingperiod", "goalmilestone", "updateevent"])
def test_admin_lists_the_supervision_records(client_for, admin, goal_a, staff_a, model):
    from targets.services.updates import UpdateData, quarterly_update_submit

    period = period_for(goal_a.plan, 3)
    GoalMilestoneFactory(goal=goal_a, quarter=3, expected_percent=60)
    quarterly_update_submit(
        goal_a,
        period.period,
        UpdateData(status="on_track", percent_complete=60, progress="按计划推进。"),
        user=staff_a,
    )
    client = client_for(admin)
    assert client.get(reverse(f"admin:targets_{model}_changelist")).status_code == 200
    assert (
        client.get(reverse(f"admin:targets_{model}_changelist"), {"q": "2.2.3"}).status_code == 200
    )


def test_admin_history_of_a_period_shows_its_changes(client_for, admin, plan):
    client = client_for(admin)
    period = period_for(plan, 3)
    client.post(close_url(period))
    client.post(reopen_url(period), {"reason": "区政府要求补报。"})
    html = client.get(reverse("admin:targets_reportingperiod_history", args=[period.pk]))
    assert "已截止" in html.content.decode()
    assert "重新开放，原因：区政府要求补报。" in html.content.decode()
