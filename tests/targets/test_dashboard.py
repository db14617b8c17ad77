"""
The dashboard (领导驾驶舱): a goal's state from its latest approved update, kept
until a newer one is approved, and this quarter's reporting counted apart; the
chart payloads, the department ranking, the red goals, the drill-down to the
goal list, and the goal page's charts and history.
"""

import datetime
import json
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from targets.choices import Comparator, ReviewState, UpdateStatus
from targets.models import Goal, ReportingPeriod
from targets.periods import Quarter
from targets.selectors.states import quarter_states, with_state
from tests.caches import clear_caches
from tests.factories import (
    DepartmentFactory,
    GoalFactory,
    IndicatorActualFactory,
    IndicatorFactory,
    QuarterlyUpdateFactory,
    SectionFactory,
    UserFactory,
)
from tests.html import counts, joined_text, table_headers, table_rows, text

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("targets:dashboard")
GOALS = reverse("targets:goal_list")
Q3 = {"year": 2023, "quarter": 3}


def at(month, day, hour=16, minute=0):
    """A moment of 2023 in the district's zone (Asia/Shanghai)."""
    return timezone.make_aware(datetime.datetime(2023, month, day, hour, minute))


def payload(response, element_id):
    """The JSON a chart is drawn from, as json_script wrote it."""
    html = response.content.decode()
    match = re.search(rf'<script id="{element_id}" type="application/json">(.*?)</script>', html)
    assert match, element_id
    return json.loads(match.group(1))


def goal_list_url(**query):
    from django.utils.http import urlencode

    return GOALS + "?" + urlencode({**Q3, **query})


@pytest.fixture
def cockpit(plan, department_a, department_b):
    """
    Seven live goals whose Q3 shows every case: approved (on track, behind),
    completed in Q2, a Q2 report only, a Q3 update waiting for review, a Q3
    draft and a returned Q3 update; plus an archived goal nobody counts.
    """
    chapter = SectionFactory(plan=plan, number="二是", title="塑优势、铸高地", order=1)
    theme = SectionFactory(plan=plan, parent=chapter, title="增强创新生态吸引力", order=2)
    other = SectionFactory(plan=plan, number="三是", title="重品质、展形象", order=3)
    goals = {
        "on_track": GoalFactory(plan=plan, section=theme, code="2.1.1", leads=[department_a]),
        "behind": GoalFactory(
            plan=plan,
            section=theme,
            code="2.1.2",
            title="建设产业园",
            leads=[department_a],
            supports=[department_b],
        ),
        "pending": GoalFactory(plan=plan, section=theme, code="2.1.3", leads=[department_a]),
        "done": GoalFactory(plan=plan, section=other, code="3.0.1", leads=[department_b]),
        "missing": GoalFactory(plan=plan, section=other, code="3.0.2", leads=[department_b]),
        "draft": GoalFactory(plan=plan, section=other, code="3.0.3", leads=[department_b]),
        "returned": GoalFactory(plan=plan, section=other, code="3.0.4", leads=[department_b]),
    }
    GoalFactory(plan=plan, section=other, code="3.0.5", leads=[department_b], archived=True)

    def update(goal, quarter, status, percent, review=ReviewState.APPROVED, **extra):
        return QuarterlyUpdateFactory(
            goal=goals[goal],
            quarter=quarter,
            status=status,
            percent_complete=percent,
            review_state=review,
            **extra,
        )

    update("on_track", 3, UpdateStatus.ON_TRACK, 60, submitted_at=at(9, 20))
    update(
        "behind",
        3,
        UpdateStatus.BEHIND,
        20,
        submitted_at=at(9, 28),
        problems="征地手续未办结，项目无法开工。",
    )
    update("pending", 2, UpdateStatus.ON_TRACK, 40, submitted_at=at(6, 20))
    # Sent late on the due day, Shanghai time: still on time.
    update(
        "pending",
        3,
        UpdateStatus.ON_TRACK,
        70,
        ReviewState.SUBMITTED,
        submitted_at=at(9, 25, 23, 30),
    )
    update("done", 2, UpdateStatus.COMPLETED, 100, submitted_at=at(6, 20))
    update("missing", 2, UpdateStatus.AT_RISK, 30, submitted_at=at(6, 20))
    update("draft", 1, UpdateStatus.ON_TRACK, 10, submitted_at=at(3, 20))
    update("draft", 3, UpdateStatus.AT_RISK, 15, ReviewState.DRAFT, submitted_at=None)
    update("returned", 3, UpdateStatus.BEHIND, 15, ReviewState.RETURNED, submitted_at=at(9, 10))
    goals["sections"] = {"chapter": chapter, "theme": theme, "other": other}
    return goals


# -- the state of a goal -------------------------------------------------------------------------


def test_with_state_counts_approved_updates_only(cockpit):
    states = {
        goal.code: (goal.state, goal.state_since, goal.percent, goal.report)
        for goal in with_state(Goal.objects.filter(archived=False), Quarter(2023, 3))
    }
    assert states == {
        "2.1.1": ("on_track", 20233, 60, "reported"),
        "2.1.2": ("behind", 20233, 20, "reported"),
        # Waiting for review: the state and share stay the last approved (Q2's 40 %).
        "2.1.3": ("on_track", 20232, 40, "pending"),
        "3.0.1": ("completed", 20232, 100, "not_due"),  # completed in Q2: need not report
        "3.0.2": ("at_risk", 20232, 30, "missing"),  # at risk in Q2, and still until it reports
        "3.0.3": ("on_track", 20231, 10, "missing"),  # a draft has not been sent
        "3.0.4": ("unassessed", None, 0, "missing"),  # nor has a returned update
    }


def test_quarter_states_follow_the_same_rule_as_with_state(cockpit):
    """The trend's Python rule and the SQL annotation agree on every goal and quarter."""
    goals = Goal.objects.filter(archived=False).order_by("code")
    quarters = [Quarter(2023, q) for q in (1, 2, 3, 4)]
    for goal in goals:
        updates = sorted(
            (u.year, u.quarter, u.status, u.percent_complete, u.review_state)
            for u in goal.updates.filter(review_state__in=("submitted", "approved"))
        )
        python = quarter_states(updates, quarters)
        for quarter, figures in zip(quarters, python, strict=True):
            sql = with_state(Goal.objects.filter(pk=goal.pk), quarter).get()
            assert (figures.state, figures.since, figures.percent, figures.report) == (
                sql.state,
                sql.state_since,
                sql.percent,
                sql.report,
            )


def test_dashboard_counts_states_and_reporting_apart(client_for, leader, cockpit):
    response = client_for(leader).get(DASHBOARD, Q3)
    assert counts(response) == {
        "total": "7",
        "completed": "1",
        "on_track": "3",  # Q3's, Q2's waiting for a newer review, Q1's with a Q3 draft
        "at_risk": "1",  # Q2's: no Q3 report yet
        "behind": "1",
        "not_started": "0",
        "unassessed": "1",  # no approved update at all
        "submission-rate": "50%",  # 3 sent of the 6 that had to report
        "reported": "3/6",
        "pending": "1",
        "missing": "3",  # no Q3 report, a draft, a returned update
        "on-time-rate": "33%",  # 2 by 25 September
        "red": "1",
    }
    html = response.content.decode()
    assert "1项目标任务的进展待审核，督查室审核通过后计入统计。" in html
    assert "4项目标任务显示的是以往季度的评估状态：其后的进展尚未审核通过。" in html
    assert "按时报送（9月25日前）" in html
    assert "平均 37%" in html  # (60 + 20 + 40 + 100 + 30 + 10 + 0) / 7


# -- the charts ----------------------------------------------------------------------------------


def test_dashboard_donut_payload(client_for, leader, cockpit):
    donut = payload(client_for(leader).get(DASHBOARD, Q3), "chart-states")
    assert donut == {
        "kind": "donut",
        "total": 7,
        "centre": "目标任务",
        "items": [
            {
                "state": state,
                "name": name,
                "value": value,
                "colour": colour,
                "url": goal_list_url(state=state),
            }
            for state, name, value, colour in [
                ("completed", "已完成", 1, "#0d6efd"),
                ("on_track", "正常推进", 3, "#198754"),
                ("at_risk", "存在风险", 1, "#ffc107"),
                ("behind", "滞后", 1, "#dc3545"),
                ("not_started", "未启动", 0, "#6c757d"),
                ("unassessed", "未评估", 1, "#ced4da"),
            ]
        ],
    }


def test_dashboard_section_bars_payload(client_for, leader, cockpit):
    bars = payload(client_for(leader).get(DASHBOARD, Q3), "chart-sections")
    sections = cockpit["sections"]
    assert bars["kind"] == "bars"
    assert bars["categories"] == ["二是塑优势、铸高地", "增强创新生态吸引力", "三是重品质、展形象"]
    assert bars["depths"] == [0, 1, 0]
    assert bars["averages"] == [40, 40, 35]  # (60 + 20 + 40) / 3; (100 + 30 + 10 + 0) / 4
    assert bars["urls"] == [
        goal_list_url(section=sections[name].pk) for name in ("chapter", "theme", "other")
    ]
    assert {s["state"]: s["data"] for s in bars["series"]} == {
        "completed": [0, 0, 1],
        "on_track": [2, 2, 1],
        "at_risk": [0, 0, 1],
        "behind": [1, 1, 0],
        "not_started": [0, 0, 0],
        "unassessed": [0, 0, 1],
    }


def test_dashboard_trend_payload(client_for, leader, cockpit):
    trend = payload(client_for(leader).get(DASHBOARD, Q3), "chart-trend")
    assert trend["categories"] == ["第1季度", "第2季度", "第3季度"]
    # A state stays from the quarter it was approved in: the at-risk goal of Q2 is
    # still at risk in Q3, and nothing falls back to grey when a quarter begins.
    assert {s["state"]: s["data"] for s in trend["series"]} == {
        "completed": [0, 1, 1],
        "on_track": [1, 2, 3],
        "at_risk": [0, 1, 1],
        "behind": [0, 0, 1],
        "not_started": [0, 0, 0],
        "unassessed": [6, 3, 1],
    }
    behind = next(s for s in trend["series"] if s["state"] == "behind")
    assert behind["urls"] == [GOALS + f"?year=2023&quarter={q}&state=behind" for q in (1, 2, 3)]
    assert [(line["name"], line["data"]) for line in trend["lines"]] == [
        ("完成及正常推进占比（%）", [14, 43, 57]),  # 1/7, 3/7, 4/7
        ("平均进度（%）", [1, 26, 37]),  # 10/7, 180/7, 260/7
    ]


def test_dashboard_trend_ends_with_the_quarters_figures(client_for, leader, cockpit):
    response = client_for(leader).get(DASHBOARD, Q3)
    donut = {item["state"]: item["value"] for item in payload(response, "chart-states")["items"]}
    trend = payload(response, "chart-trend")
    assert {s["state"]: s["data"][-1] for s in trend["series"]} == donut


def test_dashboard_chart_data_is_not_inline_script(client_for, leader, cockpit):
    html = client_for(leader).get(DASHBOARD, Q3).content.decode()
    scripts = re.findall(r"<script(?![^>]*(?:src=|application/json))[^>]*>", html)
    assert scripts == []
    assert 'src="/static/vendor/echarts/echarts.min.js"' in html
    assert 'src="/static/js/charts.js"' in html
    assert html.count('data-chart="') == 3


# -- the ranking ---------------------------------------------------------------------------------


def test_dashboard_ranking_table(client_for, supervisor, cockpit):
    rows = table_rows(client_for(supervisor).get(DASHBOARD, Q3), "department-table")
    # name, leads, supports, reported, on time, completion rate, average progress,
    # completed, on track, at risk, behind, not started, not yet assessed,
    # waiting for review, not reported
    assert rows == [
        [
            "区发改局",
            "3",
            "0",
            "3/3 (100%)",
            "2/3 (67%)",
            "0/3 (0%)",
            "40%",
            "0",
            "2",
            "0",
            "1",
            "0",
            "0",
            "1",
            "0",
        ],
        [
            "区科技局",
            "4",
            "1",
            "0/3 (0%)",
            "0/3 (0%)",
            "1/4 (25%)",
            "35%",
            "1",
            "1",
            "1",
            "0",
            "0",
            "1",
            "0",
            "3",
        ],
    ]


def test_dashboard_on_time_follows_the_periods_due_date(client_for, supervisor, plan, cockpit):
    ReportingPeriod.objects.create(
        plan=plan, year=2023, quarter=3, due_date=datetime.date(2023, 9, 22)
    )
    response = client_for(supervisor).get(DASHBOARD, Q3)
    assert counts(response)["on-time-rate"] == "17%"  # only the update of 20 September
    assert table_rows(response, "department-table")[0][4] == "1/3 (33%)"
    assert "按时报送（9月22日前）" in response.content.decode()


def test_dashboard_ranking_sorts_by_each_figure(client_for, leader, cockpit):
    client = client_for(leader)
    for sort, first in [
        ("completion_rate", "区发改局"),
        ("-completion_rate", "区科技局"),
        ("-on_time_rate", "区发改局"),
        ("-missing", "区科技局"),
        ("-behind", "区发改局"),
    ]:
        rows = table_rows(client.get(DASHBOARD, {**Q3, "sort": sort}), "department-table")
        assert rows[0][0] == first, sort


def test_dashboard_ranking_rows_open_the_department_for_the_quarter(
    client_for, leader, department_a, department_b, cockpit
):
    html = client_for(leader).get(DASHBOARD, Q3).content.decode()
    for department in (department_a, department_b):
        url = (
            reverse("targets:department_detail", args=[department.pk]) + "?year=2023&amp;quarter=3"
        )
        assert f'data-href="{url}"' in html
        assert f'<a href="{url}">{department}</a>' in html


# -- the red goals -------------------------------------------------------------------------------


def test_dashboard_lists_red_goals_with_their_problems(client_for, leader, cockpit):
    html = client_for(leader).get(DASHBOARD, Q3).content.decode()
    red = html.split('id="red-goals"', 1)[1].split("</section>", 1)[0]
    items = [
        text(item)
        for item in re.findall(r'<li class="list-group-item red-goal">(.*?)</li>', red, re.S)
    ]
    assert items == [
        "2.1.2 建设产业园 20% 牵头单位：区发改局 存在问题： 征地手续未办结，项目无法开工。"
    ]
    assert f'href="{cockpit["behind"].get_absolute_url()}"' in red
    assert f'href="{goal_list_url(state="behind")}"'.replace("&", "&amp;") in red


def test_dashboard_red_goals_are_the_furthest_behind_first_ten(client_for, leader, plan):
    department = DepartmentFactory()
    for n in range(12):
        goal = GoalFactory(plan=plan, code=f"1.1.{n + 1}", leads=[department])
        QuarterlyUpdateFactory(
            goal=goal, quarter=3, status=UpdateStatus.BEHIND, percent_complete=40 - n
        )
    html = client_for(leader).get(DASHBOARD, Q3).content.decode()
    red = html.split('id="red-goals"', 1)[1].split("</section>", 1)[0]
    codes = re.findall(r'<span class="text-body-secondary tabular">([\d.]+)</span>', red)
    assert codes == [f"1.1.{n}" for n in range(12, 2, -1)]
    assert "查看全部12项滞后任务" in red


# -- the drill-down ------------------------------------------------------------------------------


def codes_listed(response) -> list[str]:
    return [row[0] for row in table_rows(response, "goal-table")]


@pytest.mark.parametrize(
    ("query", "codes"),
    [
        ({"report": "pending"}, ["2.1.3"]),
        ({"report": "missing"}, ["3.0.2", "3.0.3", "3.0.4"]),
        ({"state": "behind"}, ["2.1.2"]),
        ({"state": "on_track"}, ["2.1.1", "2.1.3", "3.0.3"]),
        ({"state": "unassessed"}, ["3.0.4"]),
        ({"section": "chapter"}, ["2.1.1", "2.1.2", "2.1.3"]),  # with its sub-section
        ({"section": "other"}, ["3.0.1", "3.0.2", "3.0.3", "3.0.4"]),
        ({"department": "b"}, ["2.1.2", "3.0.1", "3.0.2", "3.0.3", "3.0.4"]),  # leads, supports
        ({}, ["2.1.1", "2.1.2", "2.1.3", "3.0.1", "3.0.2", "3.0.3", "3.0.4"]),
    ],
)
def test_goal_list_narrows_as_the_charts_link(
    client_for, leader, department_b, cockpit, query, codes
):
    if "section" in query:
        query = {"section": cockpit["sections"][query["section"]].pk}
    if "department" in query:
        query = {"department": department_b.pk}
    response = client_for(leader).get(GOALS, {**Q3, **query})
    assert response.status_code == 200
    assert codes_listed(response) == codes


def test_goal_list_shows_the_quarters_update(client_for, leader, cockpit):
    rows = table_rows(client_for(leader).get(GOALS, {**Q3, "state": "behind"}), "goal-table")
    # code, goal (title and section), leads, state, progress, this quarter's update
    assert rows[0][1:5] == ["建设产业园 增强创新生态吸引力", "区发改局", "滞后", "20%"]
    assert rows[0][5] == "已报送 09-28 按计划推进。 存在问题：征地手续未办结，项目无法开工。"
    pending = table_rows(client_for(leader).get(GOALS, {**Q3, "report": "pending"}), "goal-table")
    # Its state is still Q2's, until the office approves Q3's update.
    assert pending[0][3:6] == ["正常推进·第2季度", "40%", "已报送 09-25 待审核 按计划推进。"]
    missing = table_rows(client_for(leader).get(GOALS, {**Q3, "report": "missing"}), "goal-table")
    assert [row[5] for row in missing] == ["未报送", "未报送 (仅保存草稿)", "未报送 (已退回)"]
    assert [row[3] for row in missing] == ["存在风险·第2季度", "正常推进·第1季度", "未评估"]


def test_goal_list_rows_line_up_with_the_headers(client_for, leader, department_b, cockpit):
    """The rows are written in one pass (RowsInOnePass): a cell under every header."""
    response = client_for(leader).get(GOALS, {**Q3, "department": department_b.pk})
    html = response.content.decode()
    rows = table_rows(response, "goal-table")
    assert rows
    assert {len(row) for row in rows} == {len(table_headers(response, "goal-table"))}
    # The department chosen in the filter stays chosen.
    select = html.split('id="goal-filter"', 1)[1].split('name="department"', 1)[1]
    selected = re.findall(r'<option value="([^"]*)" selected>', select.split("</select>", 1)[0])
    assert selected == [str(department_b.pk)]


def test_goal_list_staff_see_only_their_departments_goals(client_for, staff_a, cockpit):
    response = client_for(staff_a).get(GOALS, Q3)
    assert codes_listed(response) == ["2.1.1", "2.1.2", "2.1.3"]


def test_goal_list_anonymous_redirects_to_login(client, cockpit):
    response = client.get(GOALS, Q3)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("goal_count", [1, 20])
def test_goal_list_query_count_does_not_grow(
    client_for, leader, plan, django_assert_num_queries, goal_count
):
    theme = SectionFactory(plan=plan, title="主题")
    for _ in range(goal_count):
        goal = GoalFactory(plan=plan, section=theme, leads=[DepartmentFactory()])
        QuarterlyUpdateFactory(goal=goal, quarter=3)
    client = client_for(leader)
    # the session with its user, the followed plans (years and plan), sections (filter), goals
    # counted (pages), departments listed (filter), goals, their owners
    with django_assert_num_queries(7):
        response = client.get(GOALS, Q3)
    assert len(codes_listed(response)) == goal_count


# -- the dashboard and the department page agree -------------------------------------------------


def test_dashboard_figures_match_the_department_pages(
    client_for, supervisor, department_a, department_b, cockpit
):
    client = client_for(supervisor)
    rows = {row[0]: row for row in table_rows(client.get(DASHBOARD, Q3), "department-table")}
    for department in (department_a, department_b):
        page = counts(client.get(reverse("targets:department_detail", args=[department.pk]), Q3))
        row = rows[str(department)]
        assert page["lead"] == row[1]
        assert page["reported"] == row[3].split(" ")[0]
        states = ["completed", "on_track", "at_risk", "behind", "not_started", "unassessed"]
        assert [page[state] for state in [*states, "pending", "missing"]] == row[7:]


def test_department_page_shows_pending_and_why_not_reported(
    client_for, staff_b, department_b, cockpit
):
    response = client_for(staff_b).get(
        reverse("targets:department_detail", args=[department_b.pk]), Q3
    )
    rows = {row[0]: row for row in table_rows(response, "goal-table")}
    assert rows["3.0.3"][4] == "正常推进·第1季度"  # Q1's state stays until Q3 is approved
    assert rows["3.0.3"][6] == "未报送 (仅保存草稿)"
    assert rows["3.0.4"][6] == "未报送 (已退回)"


# -- the goal page: charts and history -----------------------------------------------------------


@pytest.fixture
def charted_goal(plan, department_a):
    goal = GoalFactory(plan=plan, code="2.2.1", title="净增高企", leads=[department_a])
    firms = IndicatorFactory(goal=goal, name="净增高企", target_value=Decimal("96"), unit="家")
    rate = IndicatorFactory(
        goal=goal,
        name="城镇调查失业率",
        comparator=Comparator.LTE,
        target_value=Decimal("5.5"),
        unit="%",
        order=2,
    )
    goal.milestones.create(quarter=2, expected_percent=40)
    q1 = QuarterlyUpdateFactory(goal=goal, quarter=1, percent_complete=20)
    q2 = QuarterlyUpdateFactory(goal=goal, quarter=2, percent_complete=45)
    q3 = QuarterlyUpdateFactory(
        goal=goal, quarter=3, percent_complete=70, review_state=ReviewState.SUBMITTED
    )
    for update, value, level in [(q1, "20", "5.1"), (q2, "45.5", "5.3"), (q3, "70", "5.2")]:
        IndicatorActualFactory(update=update, indicator=firms, value=Decimal(value))
        IndicatorActualFactory(update=update, indicator=rate, value=Decimal(level))
    return goal


def test_goal_page_progress_chart(client_for, leader, charted_goal):
    response = client_for(leader).get(charted_goal.get_absolute_url())
    chart = payload(response, "chart-progress")
    assert chart["categories"] == ["第1季度", "第2季度", "第3季度", "第4季度"]
    assert chart["series"] == [
        {"name": "完成进度（已审核）", "colour": "#0d6efd", "data": [20, 45, None, None]},
        {"name": "待审核", "type": "scatter", "colour": "#0dcaf0", "data": [None, None, 70, None]},
        # The owner's milestone for Q2 replaces the time elapsed (50 %).
        {"name": "序时目标", "colour": "#6c757d", "dashed": True, "data": [25, 40, 75, 100]},
    ]


def test_goal_page_indicator_charts(client_for, leader, charted_goal):
    response = client_for(leader).get(charted_goal.get_absolute_url())
    firms, rate = charted_goal.indicators.order_by("order")
    firms_chart = payload(response, f"chart-indicator-{firms.pk}")
    assert firms_chart["unit"] == "家"
    assert firms_chart["target"] == 96
    assert firms_chart["target_label"] == "年度目标 96家"
    assert [(s["name"], s["data"]) for s in firms_chart["series"]] == [
        ("实际值（已审核）", [20, 45.5, None, None]),
        ("待审核", [None, None, 70, None]),
        ("序时目标", [24, 38.4, 72, 96]),  # 96 × 25 %, 40 % (milestone), 75 %, 100 %
    ]
    rate_chart = payload(response, f"chart-indicator-{rate.pk}")
    # An "at most" rate is held to its target in every quarter.
    assert [(s["name"], s["data"]) for s in rate_chart["series"]] == [
        ("实际值（已审核）", [5.1, 5.3, None, None]),
        ("待审核", [None, None, 5.2, None]),
        ("序时目标", [5.5, 5.5, 5.5, 5.5]),
    ]
    assert "各季度序时进度（25%、40%、75%、100%" in response.content.decode()


def history_lines(response) -> list[str]:
    html = response.content.decode()
    section = html.split('id="history"', 1)[1].split("</section>", 1)[0]
    return [joined_text(item) for item in re.findall(r"<li[^>]*>(.*?)</li>", section, re.S)]


def test_goal_page_history_reads_in_chinese(client_for, leader, plan, department_a, department_b):
    wang = UserFactory(username="wanglei", first_name="王磊", department=department_a)
    goal = GoalFactory(plan=plan, code="2.2.1", title="净增高企", deadline_text="6月底前")
    goal.history.update(history_user=wang, history_date=at(1, 5, 9))
    goal.deadline_text = "12月底前"
    goal._history_user = wang
    goal.save()
    indicator = IndicatorFactory(goal=goal, name="净增高企", target_value=Decimal("96"))
    indicator.target_value = Decimal("100")
    indicator.save()
    link = goal.assignments.create(department=department_b, role="support")
    link.role = "lead"
    link.save()
    link.delete()
    today = timezone.localdate().isoformat()

    lines = history_lines(client_for(leader).get(goal.get_absolute_url()))
    assert lines == [
        f"{today} 系统 删除 牵头单位：区科技局",
        f"{today} 系统 修改 区科技局的职责：配合 → 牵头",
        f"{today} 系统 新增 配合单位：区科技局",
        f"{today} 系统 修改 指标“净增高企”的目标值：96 → 100",
        f"{today} 系统 新增 指标：净增高企 96家",
        f"{today} 王磊 修改 完成时限：6月底前 → 12月底前",
        "2023-01-05 王磊 新增 目标任务：2.2.1 净增高企",
    ]


def test_goal_page_history_queries_do_not_grow(client_for, leader, plan, department_a):
    goal = GoalFactory(plan=plan, leads=[department_a])
    for n in range(10):
        goal.deadline_text = f"{n + 1}月底前"
        goal.save()
        IndicatorFactory(goal=goal, name=f"指标{n}")
    client = client_for(leader)
    client.get(goal.get_absolute_url())  # warm the session
    clear_caches()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(goal.get_absolute_url())
    for n in range(10, 30):
        goal.deadline_text = f"{n}日前"
        goal.save()
    clear_caches()  # both rendered afresh (the first look's content was kept)
    with CaptureQueriesContext(connection) as many:
        response = client.get(goal.get_absolute_url())
    assert len(many) == len(few)
    # The goal and its lead department added, 30 deadlines changed, 10 indicators added.
    assert len(history_lines(response)) == 2 + 30 + 10
