"""
The year's end pages (views.year_end): the plan's goals with their final results,
a goal's final result confirmed by the office, the year closed and reopened, goals
carried on one at a time or ticked in a list, and a goal's page across the years.
"""

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from targets.choices import GoalResult, PlanState, UpdateStatus, YearState
from targets.models import GoalCarryOver, GoalOutcome, YearEnd
from targets.services.year_end import goal_carry, goal_outcome_set, year_close
from tests.factories import (
    GoalFactory,
    IndicatorActualFactory,
    IndicatorFactory,
    PlanFactory,
    QuarterlyUpdateFactory,
)
from tests.html import text

pytestmark = pytest.mark.django_db

YEAR_END = reverse("targets:year_end") + "?year=2023"


def _outcome(goal, user, result=GoalResult.NOT_COMPLETED):
    values = {i.pk: Decimal("80") for i in goal.indicators.all()}
    return goal_outcome_set(goal, result=result, values=values, user=user)


@pytest.fixture
def next_plan(db):
    return PlanFactory(year=2024, title="2024年洪山区政府工作报告", state=PlanState.ACTIVE)


def test_year_end_page_shows_state_suggestion_and_result(goal_a, supervisor, client_for):
    update = QuarterlyUpdateFactory(goal=goal_a, quarter=3, percent_complete=95)
    IndicatorActualFactory(update=update, indicator=goal_a.indicators.get(), value=Decimal("93"))
    html = client_for(supervisor).get(YEAR_END).content.decode()
    assert f'id="goal-{goal_a.pk}" data-result=""' in html
    assert 'data-result="mostly"' in html  # suggested: 95 % done
    assert reverse("targets:goal_outcome", args=[goal_a.pk]) in html
    assert 'id="close-year"' in html


def test_staff_see_their_own_goals_and_no_action(goal_a, department_b, staff_b, client_for):
    other = GoalFactory(plan=goal_a.plan, code="3.1.1", leads=[department_b])
    html = client_for(staff_b).get(YEAR_END).content.decode()
    assert f'id="goal-{other.pk}"' in html and f'id="goal-{goal_a.pk}"' not in html
    assert "outcome-button" not in html and 'id="close-year"' not in html


def test_outcome_form_suggests_from_the_last_approved_report(goal_a, supervisor, client_for):
    update = QuarterlyUpdateFactory(goal=goal_a, quarter=3, status=UpdateStatus.COMPLETED)
    IndicatorActualFactory(update=update, indicator=goal_a.indicators.get(), value=Decimal("97"))
    page = client_for(supervisor).get(reverse("targets:goal_outcome", args=[goal_a.pk]))
    html = page.content.decode()
    checked = re.search(r'<input type="radio"[^>]*checked[^>]*>', html).group()
    assert 'value="completed"' in checked
    assert 'value="97"' in html


def test_outcome_form_saves_and_refuses_a_bad_value(goal_a, supervisor, client_for):
    client = client_for(supervisor)
    url = reverse("targets:goal_outcome", args=[goal_a.pk])
    field = f"value_{goal_a.indicators.get().pk}"
    response = client.post(url, {"result": "mostly", "note": "", field: "九十"})
    assert response.status_code == 200 and "请输入数字" in response.content.decode()
    assert not GoalOutcome.objects.exists()
    response = client.post(url, {"result": "mostly", "note": "基本完成。", field: "93"})
    assert response.status_code == 302
    outcome = GoalOutcome.objects.get()
    assert (outcome.result, outcome.values.get().value, outcome.confirmed_by) == (
        "mostly",
        93,
        supervisor,
    )


def test_close_and_reopen_from_the_pages(plan, goal_a, supervisor, client_for):
    client = client_for(supervisor)
    close = reverse("targets:year_close", args=[plan.pk])
    assert "1项目标任务尚未确认" in client.get(close).content.decode()
    _outcome(goal_a, supervisor)
    assert client.post(close).status_code == 302
    assert YearEnd.objects.get().state == YearState.CLOSED
    html = client.get(YEAR_END).content.decode()
    assert 'id="year-closed"' in html and "outcome-button" not in html
    # The goal's report form says the year is closed.
    form = client.get(reverse("targets:quarterly_update_edit", args=[goal_a.pk]))
    assert "2023年度已关账" in text(form.content.decode())
    reopen = reverse("targets:year_reopen", args=[plan.pk])
    response = client.post(reopen, {"reason": " "})
    assert response.status_code == 200 and YearEnd.objects.get().is_closed
    assert client.post(reopen, {"reason": "更正第四季度数据。"}).status_code == 302
    assert YearEnd.objects.get().state == YearState.OPEN
    assert "更正第四季度数据。" in client.get(YEAR_END).content.decode()


def test_carry_ticked_goals_and_one_goal(
    plan, goal_a, department_a, next_plan, supervisor, client_for
):
    second = GoalFactory(plan=plan, code="2.2.4", leads=[department_a])
    third = GoalFactory(plan=plan, code="2.2.5", leads=[department_a])
    for goal in (goal_a, second, third):
        _outcome(goal, supervisor, GoalResult.ONGOING)
    client = client_for(supervisor)
    html = client.get(YEAR_END).content.decode()
    assert html.count('name="goals" value=') == 6  # a tick box and a button per goal
    url = reverse("targets:goals_carry", args=[plan.pk])
    assert (
        client.post(url, {"plan": next_plan.pk, "goals": [goal_a.pk, second.pk]}).status_code == 302
    )
    assert client.post(url, {"plan": next_plan.pk, "goals": third.pk}).status_code == 302
    assert list(next_plan.goals.values_list("code", flat=True)) == [
        "2023-2.2.3",
        "2023-2.2.4",
        "2023-2.2.5",
    ]
    html = client.get(YEAR_END).content.decode()
    assert "2024 · 2023-2.2.3" in html and 'name="goals" value=' not in html


def test_goal_page_shows_result_and_line(goal_a, next_plan, supervisor, client_for):
    _outcome(goal_a, supervisor)
    copy = goal_carry(goal_a, next_plan, user=supervisor)
    html = client_for(supervisor).get(copy.get_absolute_url()).content.decode()
    line = text(html.split('id="goal-line"')[1].split("</ol>")[0])
    assert "2023 · 2.2.3" in line and "未完成" in line and "2024 · 2023-2.2.3" in line
    assert goal_a.get_absolute_url() in html
    assert GoalCarryOver.objects.get().goal == copy


def test_closed_year_shows_on_the_year_end_page_for_everyone(
    plan, goal_a, supervisor, leader, client_for
):
    _outcome(goal_a, supervisor)
    year_close(plan, user=supervisor)
    html = client_for(leader).get(YEAR_END).content.decode()
    assert 'id="year-closed"' in html and 'id="reopen-year"' not in html


def _queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_year_end_page_reads_a_fixed_number_of_queries(
    plan, goal_a, department_a, next_plan, supervisor, client_for
):
    client = client_for(supervisor)
    _outcome(goal_a, supervisor)
    goal_carry(goal_a, next_plan, user=supervisor)
    one = _queries(client, YEAR_END)
    for number in range(4, 24):
        goal = GoalFactory(plan=plan, code=f"2.2.{number}", leads=[department_a])
        IndicatorActualFactory(
            update=QuarterlyUpdateFactory(goal=goal, quarter=4),
            indicator=IndicatorFactory(goal=goal),
        )
        _outcome(goal, supervisor)
        goal_carry(goal, next_plan, user=supervisor)
    assert _queries(client, YEAR_END) == one
