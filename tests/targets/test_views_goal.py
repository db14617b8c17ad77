"""/goals/<pk>/: the task, its owners, indicators and timeline."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from targets.choices import UpdateStatus
from tests.factories import (
    GoalFactory,
    IndicatorActualFactory,
    IndicatorFactory,
    LeaderFactory,
    QuarterlyUpdateFactory,
    SectionFactory,
)
from tests.html import text

pytestmark = pytest.mark.django_db


def url(goal):
    return reverse("targets:goal_detail", args=[goal.pk])


def text_of(html, element_id):
    match = re.search(rf'id="{element_id}"[^>]*>(.*?)</(?:dd|p|span|tbody|div)>', html, re.S)
    return text(match.group(1)) if match else None


@pytest.fixture
def goal(plan, department_a, department_b):
    goal = GoalFactory(
        plan=plan,
        code="3.1.6",
        title="新增泊位和充电桩",
        text="统筹推进停车设施建设,新增泊位1.1万个、充电桩3200个。",
        leads=[department_a],
        supports=[department_b],
        deadline_text="12月底前",
    )
    goal.leaders.add(LeaderFactory(name="李文华", position="副区长"))
    berths = IndicatorFactory(
        goal=goal,
        name="新增泊位",
        phrase="新增泊位1.1万个",
        target_value=Decimal("1.1"),
        unit="万个",
        order=1,
    )
    piles = IndicatorFactory(
        goal=goal,
        name="充电桩",
        phrase="充电桩3200个",
        target_value=Decimal("3200"),
        unit="个",
        order=2,
    )
    q1 = QuarterlyUpdateFactory(
        goal=goal,
        quarter=1,
        percent_complete=20,
        progress="完成选址。",
        status=UpdateStatus.ON_TRACK,
    )
    q2 = QuarterlyUpdateFactory(
        goal=goal,
        quarter=2,
        percent_complete=45,
        status=UpdateStatus.AT_RISK,
        progress="新增泊位0.5万个。",
        problems="用地协调慢。",
        next_steps="加快审批。",
    )
    IndicatorActualFactory(update=q1, indicator=berths, value=Decimal("0.2"))
    IndicatorActualFactory(update=q1, indicator=piles, value=Decimal("800"))
    IndicatorActualFactory(update=q2, indicator=berths, value=Decimal("0.5"))
    return goal


def test_goal_anonymous_redirects_to_login(client, goal):
    response = client.get(url(goal))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_goal_of_another_department_is_404(client_for, plan, staff_a, department_b):
    other = GoalFactory(plan=plan, leads=[department_b])
    assert client_for(staff_a).get(url(other)).status_code == 404


def test_goal_supporting_department_sees_it(client_for, goal, staff_b):
    response = client_for(staff_b).get(url(goal))
    assert response.status_code == 200
    assert 'id="report-button"' not in response.content.decode()


@pytest.mark.parametrize("who", ["staff_a", "supervisor", "leader", "admin"])
def test_goal_detail_shows_task_owners_indicators(client_for, goal, who, request):
    response = client_for(request.getfixturevalue(who)).get(url(goal))
    html = response.content.decode()
    assert response.status_code == 200
    assert text_of(html, "goal-text") == "统筹推进停车设施建设,新增泊位1.1万个、充电桩3200个。"
    assert text_of(html, "lead-departments") == "区发改局"
    assert text_of(html, "supporting-departments") == "区科技局"
    assert text_of(html, "leaders") == "李文华 (副区长)"
    assert text_of(html, "deadline") == "12月底前"
    rows = re.findall(
        r"<tr>(.*?)</tr>", html.split('id="indicator-table"')[1].split("</table>")[0], re.S
    )
    cells = [[text(c) for c in re.findall(r"<td[^>]*>(.*?)</td>", r, re.S)] for r in rows]
    # The latest actual of each indicator, from the latest update that reported it.
    assert [c for c in cells if c] == [
        ["新增泊位 新增泊位1.1万个", "1.1万个", "0.5万个", "2023年第2季度"],
        ["充电桩 充电桩3200个", "3200个", "800个", "2023年第1季度"],
    ]


def test_goal_history_names_the_sections_a_goal_moved_between(client_for, goal, plan, leader):
    """
    The change history shows a move between sections by the sections' names (read
    only when the goal has moved), and other edits without any section line.
    """
    client = client_for(leader)
    goal.title = "新增泊位"
    goal.save()
    html = client.get(url(goal)).content.decode()
    entries = [
        text(e)
        for e in re.findall(r'class="list-group-item history-entry[^"]*">(.*?)</li>', html, re.S)
    ]
    assert any("新增泊位和充电桩 → 新增泊位" in e for e in entries)
    assert not any("Section" in e or "章节" in e for e in entries)

    before, after = SectionFactory(plan=plan, title="交通"), SectionFactory(plan=plan, title="城建")
    goal.section = before
    goal.save()
    goal.section = after
    goal.save()
    html = client.get(url(goal)).content.decode()
    history = html.split('id="history"')[1]
    assert '交通</span> → <span class="change-new">城建' in history


def test_goal_history_shows_changes_to_owners_and_indicators(client_for, goal, leader):
    """An indicator's new target and a supporting department taken off the goal are listed."""
    client = client_for(leader)
    berths = goal.indicators.get(name="新增泊位")
    berths.target_value = Decimal("1.2")
    berths.save()
    goal.assignments.get(department__short_name="区科技局").delete()
    html = client.get(url(goal)).content.decode()
    entries = [
        text(e)
        for e in re.findall(r'class="list-group-item history-entry[^"]*">(.*?)</li>', html, re.S)
    ]
    assert any("指标“新增泊位”的" in e and "1.1 → 1.2" in e for e in entries)
    assert any("配合单位：区科技局" in e for e in entries)


def test_goal_timeline_newest_first(client_for, goal, leader):
    html = client_for(leader).get(url(goal)).content.decode()
    assert html.index('id="q-2023-2"') < html.index('id="q-2023-1"')
    timeline = html.split('id="timeline"')[1]
    assert "用地协调慢。" in timeline
    assert "加快审批。" in timeline


def test_goal_lead_staff_get_a_report_button(client_for, goal, staff_a):
    html = client_for(staff_a).get(url(goal)).content.decode()
    assert 'id="report-button"' in html
    assert (
        reverse("targets:quarterly_update_edit", args=[goal.pk]) + "?year=2023&amp;quarter=4"
        in html
    )


def test_goal_without_indicators_is_a_milestone(client_for, plan, department_a, staff_a):
    goal = GoalFactory(plan=plan, title="建成湖北洪山实验室一期工程", leads=[department_a])
    html = client_for(staff_a).get(url(goal)).content.decode()
    assert 'id="indicator-table"' not in html


@pytest.mark.parametrize("who", ["staff_a", "supervisor", "leader"])
def test_goal_page_reads_its_updates_once_however_many(
    client_for, goal, who, request, django_assert_num_queries
):
    """
    The timeline, the charts, the latest values and the evidence share one
    read of the goal's updates: two more quarters with values do not add a
    query, and the page's count is pinned so that a part reading the updates
    again on its own shows here.
    """
    client = client_for(request.getfixturevalue(who))
    client.get(url(goal))  # warm caches (content types, sessions)
    berths, piles = goal.indicators.all()
    for quarter in (3, 4):
        update = QuarterlyUpdateFactory(goal=goal, quarter=quarter, percent_complete=20 * quarter)
        IndicatorActualFactory(update=update, indicator=berths, value=Decimal(quarter))
        IndicatorActualFactory(update=update, indicator=piles, value=Decimal(100 * quarter))
    # session, user (with their department); the goal with its plan and year end,
    # its owners, leaders, indicators, milestones; its updates with their values
    # (joined to the indicators in hand), events and attachments; the plan's
    # periods (the closed ones, and for staff the one the report button opens);
    # comments; history of the goal, owners and indicators (the owners' names come
    # with the goal). Whether the user may report, post and attach is read from
    # those rows (tests/targets/test_goal_page_rights.py), not asked again.
    # Rendered afresh (the data changed since the warm-up), the page also reads the
    # goal's frame with its fingerprint (selectors.goals.goal_frame) and the shared
    # cache first, and keeps its content there (one upsert, config.cache): 3 more
    # (tests/targets/test_page_cache.py). The same count for every role: 18, less
    # the parts this goal has no rows of by its fingerprint, which are not read
    # (milestones, events, attachments, comments: 4; test_page_cache.py).
    with django_assert_num_queries(14):
        response = client.get(url(goal))
    html = response.content.decode()
    assert all(f'id="q-2023-{q}"' in html for q in (1, 2, 3, 4))


def test_goal_page_offers_no_return_once_the_goal_is_archived(client_for, goal, supervisor, admin):
    from targets.choices import ReviewState
    from targets.services.archive import goal_archive

    goal.updates.update(review_state=ReviewState.APPROVED)
    client = client_for(supervisor)
    assert 'value="return"' in client.get(url(goal)).content.decode()
    goal_archive(goal, user=admin, reason="合并到其他任务")
    html = client.get(url(goal)).content.decode()
    assert 'value="return"' not in html
    assert 'id="q-2023-2"' in html  # the history stays readable


@pytest.mark.parametrize(
    ("who", "linked"),
    [
        ("staff_a", ["区发改局"]),  # a co-lead's page is not theirs to open
        ("staff_b", ["区科技局"]),
        ("supervisor", ["区发改局", "区科技局"]),
        ("leader", ["区发改局", "区科技局"]),
    ],
)
def test_goal_detail_links_only_department_pages_the_user_may_open(
    client_for, plan, department_a, department_b, who, linked, request
):
    goal = GoalFactory(plan=plan, code="5.1", leads=[department_a, department_b])
    client = client_for(request.getfixturevalue(who))
    html = client.get(url(goal)).content.decode()
    block = re.search(r'id="lead-departments">(.*?)</dd>', html, re.S).group(1)
    assert text(block).replace(" ", "") == "区发改局、区科技局"
    links = re.findall(r'<a href="([^"?]+)[^"]*">([^<]+)</a>', block)
    assert [name for _href, name in links] == linked
    for href, _name in links:
        assert client.get(href).status_code == 200
