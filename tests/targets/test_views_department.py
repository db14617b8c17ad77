"""/departments/<pk>/: one department's goals as of a quarter."""

import re

import pytest
from django.urls import reverse

from targets.choices import UpdateStatus
from targets.models import QuarterlyUpdate
from targets.selectors.compiled import VALUE
from tests.factories import GoalFactory, QuarterlyUpdateFactory, SectionFactory
from tests.html import counts, table_headers, table_rows, text

pytestmark = pytest.mark.django_db


def url(department):
    return reverse("targets:department_detail", args=[department.pk])


def goal_rows(response) -> list[list[str]]:
    return table_rows(response, "goal-table")


@pytest.fixture
def goals(plan, department_a, department_b):
    theme = SectionFactory(plan=plan, title="增强创新生态吸引力")
    reported = GoalFactory(
        plan=plan, section=theme, code="2.2.1", title="净增高企", leads=[department_a]
    )
    missing = GoalFactory(
        plan=plan, section=theme, code="2.2.2", title="评定产业领军人才", leads=[department_a]
    )
    supported = GoalFactory(
        plan=plan,
        section=theme,
        code="2.2.3",
        title="新增上市企业",
        leads=[department_b],
        supports=[department_a],
    )
    not_ours = GoalFactory(
        plan=plan, section=theme, code="2.2.4", title="帮扶种子企业", leads=[department_b]
    )
    QuarterlyUpdateFactory(
        goal=reported, quarter=3, status=UpdateStatus.AT_RISK, percent_complete=45
    )
    QuarterlyUpdateFactory(
        goal=supported, quarter=3, status=UpdateStatus.ON_TRACK, percent_complete=70
    )
    return {"reported": reported, "missing": missing, "supported": supported, "not_ours": not_ours}


def test_department_anonymous_redirects_to_login(client, department_a):
    response = client.get(url(department_a))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_department_other_department_is_404(client_for, staff_b, department_a, goals):
    response = client_for(staff_b).get(url(department_a))
    assert response.status_code == 404
    assert "区发改局" not in response.content.decode()


def test_department_staff_see_their_goals_as_of_quarter(client_for, staff_a, department_a, goals):
    response = client_for(staff_a).get(url(department_a), {"year": 2023, "quarter": 3})
    assert response.status_code == 200
    rows = goal_rows(response)
    # code, goal (title + section), role, leads, state, progress, this quarter, action
    assert [row[:6] for row in rows] == [
        ["2.2.1", "净增高企 增强创新生态吸引力", "牵头", "区发改局", "存在风险", "45%"],
        ["2.2.2", "评定产业领军人才 增强创新生态吸引力", "牵头", "区发改局", "未评估", "0%"],
        ["2.2.3", "新增上市企业 增强创新生态吸引力", "配合", "区科技局", "正常推进", "70%"],
    ]
    assert rows[0][6].startswith("已报送")
    assert rows[1][6] == "未报送"
    assert rows[2][6] == "—"
    assert [row[7] for row in rows] == ["修改进展", "填报", ""]


def test_department_page_tells_staff_what_is_missing(client_for, staff_a, department_a, goals):
    html = client_for(staff_a).get(url(department_a), {"year": 2023, "quarter": 3}).content.decode()
    assert 'id="reminder-notice"' in html
    notice = html.split('id="reminder-goals"', 1)[1].split("</ul>", 1)[0]
    assert "评定产业领军人才" in notice and "净增高企" not in notice


def test_department_supervisor_sees_it_without_report_buttons(
    client_for, supervisor, department_a, goals
):
    response = client_for(supervisor).get(url(department_a), {"year": 2023, "quarter": 3})
    rows = goal_rows(response)
    assert [row[0] for row in rows] == ["2.2.1", "2.2.2", "2.2.3"]
    assert [row[7] for row in rows] == ["", "", ""]
    assert 'id="reminder-notice"' not in response.content.decode()


@pytest.mark.parametrize(
    ("query", "codes"),
    [
        ({"report": "missing"}, ["2.2.2"]),
        ({"state": "unassessed"}, ["2.2.2"]),
        ({"state": "at_risk"}, ["2.2.1"]),
        ({"role": "support"}, ["2.2.3"]),
        ({"role": "lead"}, ["2.2.1", "2.2.2"]),
        ({"q": "领军"}, ["2.2.2"]),
        ({"sort": "-percent"}, ["2.2.3", "2.2.1", "2.2.2"]),
    ],
)
def test_department_filter_and_sort(client_for, staff_a, department_a, goals, query, codes):
    response = client_for(staff_a).get(url(department_a), {"year": 2023, "quarter": 3, **query})
    assert [row[0] for row in goal_rows(response)] == codes


def test_department_bad_filter_value_is_explained(client_for, staff_a, department_a, goals):
    response = client_for(staff_a).get(
        url(department_a), {"year": 2023, "quarter": 3, "state": "purple"}
    )
    assert response.status_code == 200
    assert "选择一个有效的选项" in response.content.decode()


@pytest.mark.parametrize("goal_count", [1, 20])
def test_department_query_count_does_not_grow(
    client_for, staff_a, plan, department_a, department_b, django_assert_num_queries, goal_count
):
    theme = SectionFactory(plan=plan, title="主题")
    for _ in range(goal_count):
        goal = GoalFactory(plan=plan, section=theme, leads=[department_a], supports=[department_b])
        QuarterlyUpdateFactory(goal=goal, quarter=3)
    client = client_for(staff_a)
    # 8: the page, its goal table (its rows not counted first: they fit one page)
    # and the period (due date, open: the report buttons follow it); the user's
    # department comes with the user, the year picker's years with the plan, the
    # tally, the notice and the goals the staff may report on with the table's
    # rows (every goal reported, so no reminders to read). And 2 for the rows kept
    # in the shared cache (tests/targets/test_page_cache.py): a read, and the write
    # (one upsert, config.cache); the data fingerprint comes with the department.
    with django_assert_num_queries(9):
        response = client.get(url(department_a), {"year": 2023, "quarter": 3})
    assert len(goal_rows(response)) == goal_count
    # Reused: the session with its user, plan, department with its fingerprint; the content from
    # this app server's memory of the cache (page_cache.kept); no filter, table, tally or
    # notice built.
    with django_assert_num_queries(3):
        again = client.get(url(department_a), {"year": 2023, "quarter": 3})
    assert goal_rows(again) == goal_rows(response)
    assert QuarterlyUpdate.objects.count() == goal_count


@pytest.mark.parametrize("who", ["staff_a", "supervisor"])
def test_department_rows_line_up_with_the_headers(client_for, department_a, goals, who, request):
    """The rows are written in one pass (RowsInOnePass): a cell under every header."""
    response = client_for(request.getfixturevalue(who)).get(
        url(department_a), {"year": 2023, "quarter": 3}
    )
    headers = table_headers(response, "goal-table")
    assert headers[:3] == ["编号", "目标任务", "职责"]
    assert {len(row) for row in goal_rows(response)} == {len(headers)}


def test_department_filter_keeps_the_choice_selected(client_for, staff_a, department_a, goals):
    html = (
        client_for(staff_a)
        .get(url(department_a), {"year": 2023, "quarter": 3, "report": "missing"})
        .content.decode()
    )
    form = html.split('id="goal-filter"', 1)[1]
    select = form.split('name="report"', 1)[1].split("</select>", 1)[0]
    assert re.findall(r'<option value="([^"]*)" selected>', select) == ["missing"]
    assert '<option value="" ' not in select and '<option value="">' in select


def test_department_page_pages_through_more_than_fifty_goals(
    client_for, staff_a, plan, department_a
):
    for n in range(1, 53):
        GoalFactory(plan=plan, code=f"9.{n:02d}", leads=[department_a])
    client = client_for(staff_a)
    first = client.get(url(department_a), {"year": 2023, "quarter": 3})
    second = client.get(url(department_a), {"year": 2023, "quarter": 3, "page": 2})
    assert len(goal_rows(first)) == 50
    assert [row[0] for row in goal_rows(second)] == ["9.51", "9.52"]


def test_department_page_opens_on_the_open_period_not_a_closed_one(
    client_for, staff_a, supervisor, plan, department_a, goals
):
    from targets.services.periods import period_close, period_for

    period_close(period_for(plan, 3), user=supervisor)  # Q4 stays open ("today" is in it)
    client = client_for(staff_a)
    response = client.get(url(department_a))  # no quarter asked: where the work is
    assert "2023年第4季度" in text(response.content.decode().split('id="department-name"')[1])
    assert 'id="period-closed-notice"' not in response.content.decode()
    # Q3, closed: no report button leads to its locked form, and the page points to Q4.
    response = client.get(url(department_a), {"year": 2023, "quarter": 3})
    html = response.content.decode()
    assert [row[7] for row in goal_rows(response)] == ["已截止", "已截止", ""]
    assert 'id="open-period-link" href="?year=2023&amp;quarter=4"' in html
    assert "2023年第3季度已截止报送，报送内容不能再修改。" in text(html)


def test_department_page_still_offers_a_returned_update_after_the_period_closed(
    client_for, staff_a, supervisor, plan, department_a, goals
):
    from targets.choices import ReviewState
    from targets.services.periods import period_close, period_for

    goals["reported"].updates.update(review_state=ReviewState.RETURNED, review_comment="请补充")
    period_close(period_for(plan, 3), user=supervisor)
    response = client_for(staff_a).get(url(department_a), {"year": 2023, "quarter": 3})
    assert [row[7] for row in goal_rows(response)] == ["填报", "已截止", ""]


def test_department_tally_counts_the_goals_led_whatever_the_table_shows(
    client_for, staff_a, department_a, goals
):
    """
    The cards count the goals the department leads: from the table's rows when it
    shows them all, by a query of their own when a filter narrows the table.
    """
    client = client_for(staff_a)
    led = {"lead": "2", "reported": "1/2", "pending": "0", "missing": "1", "at_risk": "1"}
    whole = client.get(url(department_a), {"year": 2023, "quarter": 3})
    assert len(goal_rows(whole)) == 3  # two led, one supported
    assert {k: counts(whole)[k] for k in led} == led
    assert counts(whole).get("on_track", "0") == "0"  # the supported goal is not counted
    narrowed = client.get(url(department_a), {"year": 2023, "quarter": 3, "role": "support"})
    assert [row[0] for row in goal_rows(narrowed)] == ["2.2.3"]
    assert {k: counts(narrowed)[k] for k in led} == led


def test_department_tally_counts_every_page_of_goals(client_for, staff_a, plan, department_a):
    for n in range(1, 53):
        GoalFactory(plan=plan, code=f"9.{n:02d}", leads=[department_a])
    client = client_for(staff_a)
    for page in (1, 2):
        response = client.get(url(department_a), {"year": 2023, "quarter": 3, "page": page})
        assert counts(response)["lead"] == "52"
        assert counts(response)["missing"] == "52"


def test_department_row_written_again_only_for_the_goal_that_changed(
    client_for, staff_a, department_a, goals, monkeypatch
):
    from targets import tables

    tables.recent_rows.clear()
    written = []
    write = tables.goal_row_html
    monkeypatch.setattr(tables, "goal_row_html", lambda row: written.append(row.code) or write(row))
    client = client_for(staff_a)
    first = client.get(url(department_a), {"year": 2023, "quarter": 3})
    assert sorted(written) == ["2.2.1", "2.2.2", "2.2.3"]
    assert goal_rows(first)[1][4:8] == ["未评估", "0%", "未报送", "填报"]
    QuarterlyUpdateFactory(
        goal=goals["missing"], quarter=3, status=UpdateStatus.BEHIND, percent_complete=10
    )
    written.clear()
    second = client.get(url(department_a), {"year": 2023, "quarter": 3})
    assert written == ["2.2.2"]
    assert goal_rows(second)[1][4:6] == ["滞后", "10%"]
    assert goal_rows(second)[1][6].startswith("已报送")
    assert goal_rows(second)[1][7] == "修改进展"
    assert goal_rows(second)[0] == goal_rows(first)[0]
    assert goal_rows(second)[2] == goal_rows(first)[2]


@pytest.mark.parametrize(("goal_count", "pages"), [(50, 1), (51, 2)])
def test_department_page_counts_its_pages_at_the_edge(
    client_for, staff_a, plan, department_a, goal_count, pages
):
    """The first page is read with a row more than fits: fifty goals are one page, 51 two."""
    for n in range(1, goal_count + 1):
        GoalFactory(plan=plan, code=f"9.{n:02d}", leads=[department_a])
    response = client_for(staff_a).get(url(department_a), {"year": 2023, "quarter": 3})
    html = response.content.decode()
    assert len(goal_rows(response)) == 50
    assert response.context["table"].paginator.num_pages == pages
    cards = html.split('id="goal-cards"', 1)[1]
    assert cards.count('class="goal-card ') == 50
    assert ("1 / 2" in text(cards)) == (pages == 2)
    assert counts(response)["lead"] == str(goal_count)


def test_department_goals_query_built_once_per_scope_and_reads_the_data_of_the_moment(
    client_for, staff_a, supervisor, plan, department_a, goals, monkeypatch
):
    """
    The goals query is built once per process for a scope, department and quarter,
    and copied: a goal added since shows on the next request, and another scope
    or quarter has its own. Twice each: the query the filter and the tally narrow,
    and the first page's, compiled (``department_goals_head``).
    """
    built = _department_goals_builds(monkeypatch, 2)
    staff = client_for(staff_a)
    first = staff.get(url(department_a), {"year": 2023, "quarter": 3})
    assert [row[0] for row in goal_rows(first)] == ["2.2.1", "2.2.2", "2.2.3"]
    assert len(built) == 2
    GoalFactory(plan=plan, code="2.2.5", title="新增专精特新企业", leads=[department_a])
    second = staff.get(url(department_a), {"year": 2023, "quarter": 3})
    assert [row[0] for row in goal_rows(second)] == ["2.2.1", "2.2.2", "2.2.3", "2.2.5"]
    assert len(built) == 2
    client_for(supervisor).get(url(department_a), {"year": 2023, "quarter": 3})
    assert len(built) == 4
    earlier = staff.get(url(department_a), {"year": 2023, "quarter": 2})
    assert [str(q) for q in built[4:]] == [str(earlier.context["period"])] * 2
    assert [row[0] for row in goal_rows(earlier)] == ["2.2.1", "2.2.2", "2.2.3", "2.2.5"]


@pytest.mark.parametrize("state", ["active", "archived"])
def test_department_report_buttons_are_on_the_goals_the_user_may_report_on(
    client_for, staff_a, plan, department_a, goals, state
):
    """
    Staff of the department are offered a button (or "closed") on the goals
    ``reportable_by`` lists, told from the rows' roles: the goals it leads, on
    the active plan only.
    """
    from targets.models import Goal

    plan.state = state
    plan.save()
    response = client_for(staff_a).get(url(department_a), {"year": 2023, "quarter": 3})
    rows = goal_rows(response)
    reportable = set(
        Goal.objects.reportable_by(staff_a).filter(plan=plan).values_list("code", flat=True)
    )
    assert [row[0] for row in rows] == ["2.2.1", "2.2.2", "2.2.3"]
    assert [row[0] for row in rows if row[7]] == sorted(reportable)
    assert reportable == ({"2.2.1", "2.2.2"} if state == "active" else set())


def test_department_page_reads_its_department_afresh_from_a_query_built_once_per_scope(
    client_for, staff_a, supervisor, department_a, goals, monkeypatch
):
    """The department's query is kept per scope and day; its name is the data's of the moment."""
    from targets.selectors import compiled
    from targets.selectors import goals as selectors

    selectors.built_queries.clear()
    compiled.forget()
    built = []
    build = selectors.latest_reorganisation
    monkeypatch.setattr(
        selectors, "latest_reorganisation", lambda qs: built.append(qs) or build(qs)
    )
    staff = client_for(staff_a)
    staff.get(url(department_a), {"year": 2023, "quarter": 3})
    department_a.name = "区发展和改革局"
    department_a.save()
    # Another query string: a page not kept, rendered afresh.
    renamed = staff.get(url(department_a), {"year": 2023, "quarter": 3, "sort": "state"})
    assert 'id="department-name">区发展和改革局<' in renamed.content.decode()
    assert len(built) == 1
    client_for(supervisor).get(url(department_a), {"year": 2023, "quarter": 3})
    staff.get(url(department_a), {"year": 2023, "quarter": 2})
    assert len(built) == 3


def test_department_page_of_an_id_no_department_can_have_is_404(client_for, supervisor, goals):
    """An id past the database's range is no department's: a 404, not an error from the database."""
    client = client_for(supervisor)
    for pk in (0, 2**63, 10**30):
        response = client.get(f"/departments/{pk}/", {"year": 2023, "quarter": 3})
        assert response.status_code == 404


def test_department_first_page_query_compiled_once_reads_each_department_its_own_goals(
    client_for, supervisor, plan, department_a, department_b, goals, monkeypatch
):
    """
    The first page's goals come from SQL compiled once per scope and order
    (``department_goals_head``), run with each department's id: each department
    shows its own goals, in the order asked, and a goal added since shows next.
    """
    built = _department_goals_builds(monkeypatch, 0)
    client = client_for(supervisor)
    a = client.get(url(department_a), {"year": 2023, "quarter": 3, "sort": "-code"})
    b = client.get(url(department_b), {"year": 2023, "quarter": 3, "sort": "-code"})
    assert [row[0] for row in goal_rows(a)] == ["2.2.3", "2.2.2", "2.2.1"]
    assert [row[0] for row in goal_rows(b)] == ["2.2.4", "2.2.3"]
    # Compiled for the "department" VALUE stands for: once for both departments.
    assert built.count(VALUE) == 1
    GoalFactory(plan=plan, code="2.2.9", title="新增专精特新企业", leads=[department_b])
    b = client.get(url(department_b), {"year": 2023, "quarter": 3, "sort": "-code"})
    assert [row[0] for row in goal_rows(b)] == ["2.2.9", "2.2.4", "2.2.3"]
    assert built.count(VALUE) == 1


def test_department_header_follows_the_sort_and_keeps_the_query_string(
    client_for, staff_a, department_a, goals
):
    """
    The table's header is kept per query string (``GoalTable.header_key``): its
    sort links keep the quarter and filter, and the column sorted by is marked
    each way in turn.
    """

    def head(query):
        response = client_for(staff_a).get(url(department_a), {"year": 2023, "quarter": 3, **query})
        html = response.content.decode().split('id="goal-table"', 1)[1]
        return html.split("<thead", 1)[1].split("</thead>", 1)[0]

    by_title = head({"sort": "title", "role": "lead"})
    assert re.findall(r'class="(\w+) orderable"', by_title) == ["asc"]
    assert "sort=-title" in by_title and "role=lead" in by_title
    by_title_down = head({"sort": "-title", "role": "lead"})
    assert re.findall(r'class="(\w+) orderable"', by_title_down) == ["desc"]
    assert re.search(r'href="\?[^"]*sort=title[&"]', by_title_down)
    # The default order (by number) marked on its column; no filter in the links.
    plain = head({})
    assert re.findall(r'class="(\w+) orderable"', plain) == ["asc"]
    assert "role=lead" not in plain


def test_department_section_filter_offers_the_sections_of_the_moment(
    client_for, staff_a, plan, department_a, goals
):
    """The filter offers the plan's sections of the moment (``plans.plan_sections``, compiled)."""

    def offered():
        # A query string of its own each time: the page rendered afresh, not reused.
        html = (
            client_for(staff_a)
            .get(url(department_a), {"year": 2023, "quarter": 3, "q": str(len(sections))})
            .content.decode()
        )
        select = html.split('name="section"', 1)[1].split("</select>", 1)[0]
        return [text(option) for option in re.findall(r"<option[^>]*>(.*?)</option>", select)]

    sections = []
    assert offered()[1:] == ["增强创新生态吸引力"]
    sections.append(SectionFactory(plan=plan, title="优化营商环境"))
    assert offered()[1:] == ["增强创新生态吸引力", "优化营商环境"]


def _department_goals_builds(monkeypatch, argument: int) -> list:
    """
    Every build of the department page's goals query from now on, each recorded by
    its ``argument``-th positional argument, with the queries built or compiled
    before forgotten.
    """
    from targets.selectors import compiled
    from targets.selectors import goals as selectors

    selectors.built_queries.clear()
    compiled.forget()
    built = []
    build = selectors.department_goals
    monkeypatch.setattr(
        selectors,
        "department_goals",
        lambda *args, **kwargs: built.append(args[argument]) or build(*args, **kwargs),
    )
    return built
