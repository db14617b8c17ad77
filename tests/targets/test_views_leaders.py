"""/leaders/me/ and /leaders/<pk>/: the goals a responsible leader (责任领导) answers for."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from targets.choices import ReviewState, UpdateStatus
from tests.factories import (
    DepartmentFactory,
    GoalFactory,
    LeaderFactory,
    QuarterlyUpdateFactory,
    SectionFactory,
)
from tests.html import table_rows

pytestmark = pytest.mark.django_db

ME = reverse("targets:my_goals")
Q3 = {"year": 2023, "quarter": 3}


def url(leader):
    return reverse("targets:leader_goals", args=[leader.pk])


def goal_rows(response) -> list[list[str]]:
    return table_rows(response, "goal-table")


def codes(response) -> list[str]:
    return [row[0] for row in goal_rows(response)]


@pytest.fixture
def leaders(plan, leader, department_a, department_b):
    """
    The 区长 (linked to the ``leader`` account) and three deputies; the
    chapter names 何晓雯, one of its themes names 许雅琴 instead, 三是 names 宋立军.
    """
    mayor = LeaderFactory(name="梁启明", position="区长", user=leader)
    he = LeaderFactory(name="何晓雯")
    song = LeaderFactory(name="宋立军")
    xu = LeaderFactory(name="许雅琴")
    chapter = SectionFactory(plan=plan, number="二是", title="塑优势、铸高地", order=1)
    chapter.leaders.add(he)
    theme = SectionFactory(plan=plan, parent=chapter, title="增强创新生态吸引力", order=2)
    theme2 = SectionFactory(plan=plan, parent=chapter, title="打造开放合作高地", order=3)
    theme2.leaders.add(xu)
    other = SectionFactory(plan=plan, number="三是", title="重品质、展形象", order=4)
    other.leaders.add(song)

    def goal(code, section, names=(), **extra):
        goal = GoalFactory(plan=plan, code=code, section=section, leads=[department_a], **extra)
        goal.leaders.add(*names)
        return goal

    goals = {
        # Named on the goal: the section's leader does not answer for it.
        "own": goal("3.0.1", other, [mayor], title="招引500强总部"),
        "both": goal("3.0.2", other, [mayor, song], title="推进片区改造"),
        "song": goal("3.0.3", other, [song]),
        "song_section": goal("3.0.4", other),  # names no one: 三是's leader
        "he_theme": goal("2.1.1", theme),  # names no one: the chapter's leader
        "xu_theme": goal("2.2.1", theme2),  # the nearer section names 许雅琴
        "archived": goal("3.0.5", other, [mayor], archived=True),
    }
    QuarterlyUpdateFactory(
        goal=goals["own"],
        quarter=3,
        status=UpdateStatus.BEHIND,
        percent_complete=40,
        progress="在谈项目3个。",
        problems="落户决策周期长。",
        submitted_at=timezone.make_aware(datetime.datetime(2023, 9, 20, 10)),
    )
    QuarterlyUpdateFactory(goal=goals["both"], quarter=2, percent_complete=30)
    QuarterlyUpdateFactory(
        goal=goals["both"],
        quarter=3,
        percent_complete=60,
        progress="签约率达到80%。",
        review_state=ReviewState.SUBMITTED,
        submitted_at=timezone.make_aware(datetime.datetime(2023, 9, 22, 10)),
    )
    return {"mayor": mayor, "he": he, "song": song, "xu": xu, "goals": goals}


def test_leader_page_anonymous_redirects_to_login(client, leaders):
    for address in (ME, url(leaders["song"])):
        response = client.get(address)
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))


def test_leader_page_is_404_for_department_staff(client_for, staff_a, leaders):
    client = client_for(staff_a)
    assert client.get(ME).status_code == 404
    response = client.get(url(leaders["mayor"]), Q3)
    assert response.status_code == 404
    assert "梁启明" not in response.content.decode()


def test_leader_sees_their_own_goals(client_for, leader, leaders):
    response = client_for(leader).get(ME, Q3)
    assert response.status_code == 200
    html = response.content.decode()
    assert re.search(r'id="leader-name">梁启明 <span[^>]*>区长</span>', html)
    assert "您负责的目标任务" in html
    rows = goal_rows(response)
    # code, goal (title + section), leads, state, progress, this quarter's update
    assert rows == [
        [
            "3.0.1",
            "招引500强总部 三是重品质、展形象",
            "区发改局",
            "滞后",
            "40%",
            "已报送 09-20 在谈项目3个。 存在问题：落户决策周期长。",
        ],
        [
            "3.0.2",
            "推进片区改造 三是重品质、展形象",
            "区发改局",
            "正常推进·第2季度",  # the approved Q2 state and figure until Q3's is approved
            "30%",
            "已报送 09-22 待审核 签约率达到80%。",
        ],
    ]
    figures = dict(re.findall(r'data-count="([\w-]+)">([^<]*)<', html))
    assert (figures["total"], figures["behind"], figures["pending"]) == ("2", "1", "1")
    assert figures["reported"] == "2/2"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("song", ["3.0.2", "3.0.3", "3.0.4"]),
        ("he", ["2.1.1"]),  # not 2.2.1: its own section names 许雅琴
        ("xu", ["2.2.1"]),
        ("mayor", ["3.0.1", "3.0.2"]),
    ],
)
def test_leader_page_of_any_leader_for_supervisors(client_for, supervisor, leaders, name, expected):
    response = client_for(supervisor).get(url(leaders[name]), Q3)
    assert response.status_code == 200
    assert codes(response) == expected
    assert "该领导负责的目标任务" in response.content.decode()


def test_leader_may_look_at_another_leaders_goals(client_for, leader, leaders):
    response = client_for(leader).get(url(leaders["song"]), Q3)
    assert codes(response) == ["3.0.2", "3.0.3", "3.0.4"]
    assert "3.0.1" not in codes(response)  # the mayor's own goal is not 宋立军's


def test_leader_page_unknown_leader_is_404(client_for, supervisor, leaders):
    assert (
        client_for(supervisor).get(reverse("targets:leader_goals", args=[9999])).status_code == 404
    )


def test_my_goals_without_a_linked_leader_offers_the_leaders(client_for, supervisor, leaders):
    response = client_for(supervisor).get(ME, Q3)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="not-linked"' in html
    assert f'href="{url(leaders["song"])}?year=2023&amp;quarter=3"' in html
    assert 'id="goal-table"' not in html


def test_leader_page_filters_by_state(client_for, leader, leaders):
    response = client_for(leader).get(ME, {**Q3, "report": "pending"})
    assert codes(response) == ["3.0.2"]


@pytest.mark.parametrize("goal_count", [1, 20])
def test_leader_page_query_count_does_not_grow(
    client_for, leader, plan, django_assert_num_queries, goal_count
):
    mayor = LeaderFactory(name="梁启明", user=leader)
    section = SectionFactory(plan=plan, title="主题")
    section.leaders.add(mayor)
    for n in range(goal_count):
        goal = GoalFactory(plan=plan, section=section, leads=[DepartmentFactory()])
        if n % 2:
            goal.leaders.add(mayor)
        QuarterlyUpdateFactory(goal=goal, quarter=3)
    client = client_for(leader)
    # the session with its user, the leader, the followed plans (years and plan), the
    # sections' leaders, filter (sections; departments listed), goals counted
    # (pages), goals, their owners, the summary, the other leaders
    with django_assert_num_queries(11):
        response = client.get(ME, Q3)
    assert len(goal_rows(response)) == goal_count
