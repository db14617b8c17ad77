"""/dashboard/: the whole plan for a year and quarter."""

import json
import re

import pytest
from django.urls import reverse

from targets.choices import UpdateStatus
from tests.factories import (
    DepartmentFactory,
    GoalFactory,
    QuarterlyUpdateFactory,
    SectionFactory,
)
from tests.html import counts, table_rows

pytestmark = pytest.mark.django_db

URL = reverse("targets:dashboard")


def department_rows(response) -> list[list[str]]:
    return table_rows(response, "department-table")


@pytest.fixture
def plan_with_states(plan, department_a, department_b):
    """Five goals of A and B in the states a quarter can show, plus a supported one."""
    chapter = SectionFactory(plan=plan, number="二是", title="塑优势、铸高地", order=1)
    theme = SectionFactory(plan=plan, parent=chapter, title="增强创新生态吸引力", order=2)
    other = SectionFactory(plan=plan, number="三是", title="重品质、展形象", order=3)
    on_track = GoalFactory(plan=plan, section=theme, leads=[department_a])
    behind = GoalFactory(plan=plan, section=theme, leads=[department_a], supports=[department_b])
    done_in_q2 = GoalFactory(plan=plan, section=other, leads=[department_b])
    missing = GoalFactory(plan=plan, section=other, leads=[department_b])
    GoalFactory(plan=plan, section=other, leads=[department_b], archived=True)
    QuarterlyUpdateFactory(
        goal=on_track, quarter=3, status=UpdateStatus.ON_TRACK, percent_complete=60
    )
    QuarterlyUpdateFactory(goal=behind, quarter=3, status=UpdateStatus.BEHIND, percent_complete=20)
    QuarterlyUpdateFactory(
        goal=done_in_q2, quarter=2, status=UpdateStatus.COMPLETED, percent_complete=100
    )
    QuarterlyUpdateFactory(
        goal=missing, quarter=2, status=UpdateStatus.AT_RISK, percent_complete=30
    )
    return plan


def test_dashboard_anonymous_redirects_to_login(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_dashboard_leader_sees_counts_by_state(client_for, leader, plan_with_states):
    response = client_for(leader).get(URL, {"year": 2023, "quarter": 3})
    assert response.status_code == 200
    assert counts(response) == {
        "total": "4",  # the archived goal is not followed
        "completed": "1",  # finished in Q2, need not report again
        "on_track": "1",
        "at_risk": "1",  # its Q2 status stays until a newer report is approved
        "behind": "1",
        "not_started": "0",
        "unassessed": "0",
        "submission-rate": "67%",  # 2 of the 3 goals that had to report
        "reported": "2/3",
        "pending": "0",
        "missing": "1",  # the goal at risk in Q2 has not reported for Q3
        "on-time-rate": "67%",  # both sent by the due date (25 September)
        "red": "1",
    }


def test_dashboard_department_table(client_for, supervisor, plan_with_states):
    response = client_for(supervisor).get(URL, {"year": 2023, "quarter": 3})
    rows = department_rows(response)
    # name, leads, supports, reported, on time, completion rate, average progress,
    # completed, on track, at risk, behind, not started, not yet assessed, waiting for
    # review, not reported; ranked by average progress
    assert rows == [
        [
            "区科技局",
            "2",
            "1",
            "0/1 (0%)",
            "0/1 (0%)",
            "1/2 (50%)",
            "65%",
            "1",
            "0",
            "1",
            "0",
            "0",
            "0",
            "0",
            "1",
        ],
        [
            "区发改局",
            "2",
            "0",
            "2/2 (100%)",
            "2/2 (100%)",
            "0/2 (0%)",
            "40%",
            "0",
            "1",
            "0",
            "1",
            "0",
            "0",
            "0",
            "0",
        ],
    ]


def test_dashboard_completion_by_section(client_for, leader, plan_with_states):
    html = client_for(leader).get(URL, {"year": 2023, "quarter": 3}).content.decode()
    sections = html.split('id="sections"', 1)[1].split("</section>", 1)[0]
    assert 'data-chart="chart-sections"' in sections
    data = json.loads(
        re.search(r'<script id="chart-sections" type="application/json">(.*?)</script>', html)[1]
    )
    assert data["categories"] == ["二是塑优势、铸高地", "增强创新生态吸引力", "三是重品质、展形象"]
    assert data["averages"] == [40, 40, 65]  # 二是: (60 + 20) / 2; 三是: (100 + 30) / 2
    assert data["average_label"] == "平均"


def test_dashboard_earlier_quarter_shows_that_quarter(client_for, leader, plan_with_states):
    response = client_for(leader).get(URL, {"year": 2023, "quarter": 2})
    figures = counts(response)
    assert (figures["completed"], figures["at_risk"], figures["missing"]) == ("1", "1", "2")


def test_dashboard_staff_see_only_their_departments_goals(client_for, staff_a, plan_with_states):
    response = client_for(staff_a).get(URL, {"year": 2023, "quarter": 3})
    assert counts(response)["total"] == "2"
    assert [row[0] for row in department_rows(response)] == ["区发改局"]


def test_dashboard_filter_departments_by_name(client_for, leader, plan_with_states):
    response = client_for(leader).get(URL, {"year": 2023, "quarter": 3, "q": "科技"})
    assert [row[0] for row in department_rows(response)] == ["区科技局"]
    # The overall figures stay those of the whole plan.
    assert counts(response)["total"] == "4"


def test_dashboard_sort_departments_by_behind(client_for, leader, plan_with_states):
    response = client_for(leader).get(URL, {"year": 2023, "quarter": 3, "sort": "-behind"})
    assert [row[0] for row in department_rows(response)] == ["区发改局", "区科技局"]
    response = client_for(leader).get(URL, {"year": 2023, "quarter": 3, "sort": "-missing"})
    assert [row[0] for row in department_rows(response)] == ["区科技局", "区发改局"]
    response = client_for(leader).get(URL, {"year": 2023, "quarter": 3, "sort": "name"})
    assert [row[0] for row in department_rows(response)] == ["区发改局", "区科技局"]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"year": 2023, "quarter": 5}, "季度只能是1、2、3或4"),
        ({"year": 2023, "quarter": "x"}, "季度只能是1、2、3或4"),
        ({"year": 1999, "quarter": 1}, "该年度没有工作方案"),
    ],
)
def test_dashboard_bad_period_falls_back_with_message(
    client_for, leader, plan_with_states, query, message
):
    response = client_for(leader).get(URL, query)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert counts(response)["total"] == "4"


def test_dashboard_without_plan_says_so(client_for, leader):
    response = client_for(leader).get(URL)
    assert response.status_code == 200
    assert 'id="no-plan"' in response.content.decode()


def test_dashboard_in_english(client_for, leader, plan_with_states):
    client = client_for(leader)
    client.post(reverse("set_language"), {"language": "en", "next": URL})
    html = client.get(URL, {"year": 2023, "quarter": 3}).content.decode()
    assert "Dashboard" in html
    assert "Not reported" in html
    assert "领导驾驶舱" not in html


@pytest.mark.parametrize("goal_count", [1, 20])
def test_dashboard_query_count_does_not_grow(
    client_for, leader, plan, django_assert_num_queries, goal_count
):
    theme = SectionFactory(plan=plan, title="主题")
    for n in range(goal_count):
        department = DepartmentFactory()
        goal = GoalFactory(plan=plan, section=theme, leads=[department])
        # One goal behind schedule, so the red goals' query runs too.
        status = UpdateStatus.BEHIND if n == 0 else UpdateStatus.ON_TRACK
        QuarterlyUpdateFactory(goal=goal, quarter=1, status=status)
        QuarterlyUpdateFactory(goal=goal, quarter=3, status=status)
    client = client_for(leader)
    # the session with its user, the followed plans (years and plan) with the data's
    # fingerprint, departments, due date (reporting period), goals with their state,
    # owners and the names their departments went by in the quarter (reorganisations),
    # sections, the trend's updates, red goals; reading then storing the figures and
    # the rendered ranking in the shared cache (13); the page's content looked for
    # under the data's fingerprint, and kept under its figures' (one upsert,
    # config.cache): 2; the figures' head (dashboard_cache.served_version) looked for,
    # and written with the new figures (one upsert): 2 more, so that a look while the
    # figures lag a save reads their version without unpickling them
    with django_assert_num_queries(28):
        response = client.get(URL, {"year": 2023, "quarter": 3})
    assert counts(response)["total"] == str(goal_count)
    assert counts(response)["red"] == "1"
    # The next look: the session with its user, the followed plans with the data's
    # fingerprint (one query); the page's content from this app server's memory (no
    # figures to unpickle, no filter, ranking or charts written out).
    with django_assert_num_queries(2):
        again = client.get(URL, {"year": 2023, "quarter": 3})
    assert counts(again) == counts(response)


def test_dashboard_link_to_a_year_opens_on_its_default_quarter(
    client_for, leader, plan_with_states
):
    response = client_for(leader).get(URL, {"year": 2023})
    html = response.content.decode()
    assert "这个字段是必填项" not in html
    assert 'class="alert' not in html.split("<main")[1].split('id="state-counts"')[0]
    # Today is pinned to 2023 Q4, so 2023 opens on Q4.
    assert "2023年第4季度" in html.split('id="plan-title"')[1].split("</div>")[0]
