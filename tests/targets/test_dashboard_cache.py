"""
The cockpit's figures come from the shared cache, and every kind of change a
user can make shows on the very next request: the cache never shows old figures.
"""

import datetime
import re

import pytest
from django.core.cache import cache, caches
from django.urls import reverse

from targets.choices import ReviewState, UpdateStatus
from targets.models import Department, Goal
from targets.periods import Quarter
from targets.selectors import dashboard_cache
from targets.services.review import quarterly_update_approve
from tests.factories import GoalFactory, QuarterlyUpdateFactory, SectionFactory
from tests.html import counts, table_headers, table_rows

URL = reverse("targets:dashboard")
Q3 = {"year": 2023, "quarter": 3}


def ranking(response) -> list[str]:
    table = response.content.decode().split('id="department-table"', 1)[1].split("</table>", 1)[0]
    return re.findall(r'<a href="/departments/\d+/[^"]*">([^<]+)</a>', table)


@pytest.fixture
def cockpit(plan, department_a, department_b):
    theme = SectionFactory(plan=plan, title="增强创新生态吸引力")
    goals = {}
    for code, department, status in [
        ("1", department_a, UpdateStatus.ON_TRACK),
        ("2", department_a, UpdateStatus.BEHIND),
        ("3", department_b, UpdateStatus.AT_RISK),
    ]:
        goals[code] = GoalFactory(plan=plan, section=theme, code=f"2.1.{code}", leads=[department])
        QuarterlyUpdateFactory(
            goal=goals[code], quarter=3, status=status, review_state=ReviewState.APPROVED
        )
    return goals


def test_a_second_look_is_served_from_the_cache(
    client_for, leader, supervisor, cockpit, django_assert_max_num_queries
):
    first = client_for(leader).get(URL, Q3)
    other = client_for(supervisor)
    # Another leader-level user shares the entry: the goals' figures are not
    # queried again (session, user, plans, departments, the fingerprint, the
    # two cache reads and the session's activity stamp remain; and their page,
    # of another scope, looked for and kept: the page's fingerprint, a read, the
    # figures checked to be the data's own, a write).
    with django_assert_max_num_queries(15) as captured:
        second = other.get(URL, Q3)
    sql = " ".join(query["sql"] for query in captured.captured_queries)
    assert "targets_quarterlyupdate" not in sql
    assert counts(second) == counts(first)
    assert ranking(second) == ranking(first)


def test_an_approval_shows_on_the_next_look(client_for, leader, supervisor, cockpit):
    update = cockpit["1"].updates.get()
    update.review_state = ReviewState.SUBMITTED
    update.save()
    client = client_for(leader)
    assert (counts(client.get(URL, Q3))["pending"], counts(client.get(URL, Q3))["on_track"]) == (
        "1",
        "0",
    )
    quarterly_update_approve(update, user=supervisor)
    figures = counts(client.get(URL, Q3))
    assert (figures["pending"], figures["on_track"]) == ("0", "1")


def test_a_new_update_shows_on_the_next_look(client_for, leader, plan, department_b, cockpit):
    client = client_for(leader)
    assert counts(client.get(URL, Q3))["total"] == "3"
    goal = GoalFactory(plan=plan, section=cockpit["1"].section, leads=[department_b])
    assert counts(client.get(URL, Q3))["total"] == "4"  # a new goal
    QuarterlyUpdateFactory(goal=goal, quarter=3, status=UpdateStatus.COMPLETED)
    assert counts(client.get(URL, Q3))["completed"] == "1"


def test_an_archived_goal_leaves_on_the_next_look(client_for, leader, cockpit):
    client = client_for(leader)
    assert counts(client.get(URL, Q3))["total"] == "3"
    goal = cockpit["2"]
    goal.archived = True
    goal.save()
    figures = counts(client.get(URL, Q3))
    assert (figures["total"], figures["red"]) == ("2", "0")


def test_a_department_renamed_in_the_admin_shows_on_the_next_look(
    client_for, leader, admin, department_b, cockpit
):
    client = client_for(leader)
    assert "区科技局" in ranking(client.get(URL, Q3))
    page = reverse("admin:targets_department_change", args=[department_b.pk])
    form = client_for(admin).get(page).context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update(short_name="区科技和经信局", **_inline_management(client_for(admin).get(page)))
    response = client_for(admin).post(page, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Department.objects.get(pk=department_b.pk).short_name == "区科技和经信局"
    names = ranking(client_for(leader).get(URL, Q3))
    assert "区科技和经信局" in names and "区科技局" not in names


def _inline_management(response) -> dict:
    """The management form fields of the admin page's inlines, as they were rendered."""
    return dict(
        re.findall(
            r'name="([\w-]+-(?:TOTAL|INITIAL|MIN_NUM|MAX_NUM)_FORMS)"[^>]*value="(\d+)"',
            response.content.decode(),
        )
    )


def test_staff_figures_are_their_departments_even_after_a_leader_looked(
    client_for, leader, staff_b, cockpit
):
    assert counts(client_for(leader).get(URL, Q3))["total"] == "3"
    figures = counts(client_for(staff_b).get(URL, Q3))
    assert (figures["total"], figures["at_risk"], figures["red"]) == ("1", "1", "0")


def test_the_ranking_filter_works_on_cached_figures(client_for, leader, cockpit):
    client = client_for(leader)
    assert ranking(client.get(URL, Q3)) == ["区发改局", "区科技局"]
    assert ranking(client.get(URL, {**Q3, "q": "科技"})) == ["区科技局"]
    assert ranking(client.get(URL, {**Q3, "sort": "name"})) == ["区发改局", "区科技局"]
    assert ranking(client.get(URL, {**Q3, "sort": "-name"})) == ["区科技局", "区发改局"]


def test_the_ranking_rows_follow_a_new_update(client_for, leader, plan, department_b, cockpit):
    client = client_for(leader)

    def row_of_b():
        rows = table_rows(client.get(URL, {**Q3, "sort": "name"}), "department-table")
        by_name = {row[0]: dict(zip(table_headers_of(client), row, strict=True)) for row in rows}
        return by_name["区科技局"]

    before = row_of_b()
    assert (before["牵头"], before["滞后"]) == ("1", "0")
    goal = GoalFactory(plan=plan, section=cockpit["1"].section, leads=[department_b])
    QuarterlyUpdateFactory(
        goal=goal, quarter=3, status=UpdateStatus.BEHIND, review_state=ReviewState.APPROVED
    )
    # The same search and sort as before: the ranking's HTML kept for the old
    # figures is not the one shown.
    after = row_of_b()
    assert (after["牵头"], after["滞后"]) == ("2", "1")


def table_headers_of(client) -> list[str]:
    return table_headers(client.get(URL, {**Q3, "sort": "name"}), "department-table")


def test_the_cached_page_follows_reach_and_language(client_for, leader, staff_b, cockpit):
    """The page is rendered once per reach, sort, filter and language, never shared across them."""
    leader_client = client_for(leader)
    assert 'id="bulletin-export"' in leader_client.get(URL, Q3).content.decode()
    staff_page = client_for(staff_b).get(URL, Q3).content.decode()
    assert 'id="bulletin-export"' not in staff_page
    assert ranking(client_for(staff_b).get(URL, Q3)) == ["区科技局"]
    leader_client.post(reverse("set_language"), {"language": "en", "next": "/"})
    english = leader_client.get(URL, Q3).content.decode()
    assert '<h1 class="h3 mb-0">Dashboard</h1>' in english


def test_each_quarter_has_its_own_figures(client_for, leader, cockpit):
    client = client_for(leader)
    assert counts(client.get(URL, Q3))["missing"] == "0"
    assert counts(client.get(URL, {"year": 2023, "quarter": 2}))["missing"] == "3"


def test_the_fingerprint_follows_every_kind_of_write(plan, department_a, supervisor, cockpit):
    before = dashboard_cache.data_fingerprint()
    Goal.objects.filter(pk=cockpit["3"].pk).first().save()
    after_goal = dashboard_cache.data_fingerprint()
    assert after_goal != before
    cockpit["1"].updates.get().save()
    assert dashboard_cache.data_fingerprint() != after_goal


def test_while_one_request_recomputes_the_others_get_the_previous_figures(
    client_for, leader, supervisor, plan, cockpit
):
    client = client_for(leader)
    assert counts(client.get(URL, Q3))["on_track"] == "1"
    key = dashboard_cache.dashboard_key(plan, Quarter(2023, 3), leader)
    update = cockpit["2"].updates.get()
    update.status = UpdateStatus.ON_TRACK
    update.save()
    # Another app server is computing the new figures: this request does not
    # wait for it or compute them again, it shows the previous ones.
    assert cache.add(f"{key}:computing", "elsewhere", 30)
    assert counts(client.get(URL, Q3))["on_track"] == "1"
    # Once that computation is over (or its lock expired), the next look is fresh.
    cache.delete(f"{key}:computing")
    assert counts(client.get(URL, Q3))["on_track"] == "2"


def test_the_page_says_when_the_figures_were_computed(client_for, leader, cockpit):
    html = client_for(leader).get(URL, Q3).content.decode()
    assert re.search(r'id="figures-as-of">数据更新于\d\d:\d\d:\d\d。<', html)


def test_while_the_data_keeps_changing_the_figures_lag_at_most_the_set_time(
    client_for, leader, plan, cockpit, settings
):
    settings.DASHBOARD_MAX_LAG = 60
    client = client_for(leader)
    first = client.get(URL, Q3).content.decode()
    assert counts(client.get(URL, Q3))["on_track"] == "1"
    update = cockpit["2"].updates.get()
    update.status = UpdateStatus.ON_TRACK
    update.save()
    # Computed a moment ago: shown again, with the time they were computed.
    again = client.get(URL, Q3).content.decode()
    assert counts(again)["on_track"] == "1"
    assert as_of(again) == as_of(first)
    # Once the figures are older than the lag, the next look recomputes them.
    key = dashboard_cache.dashboard_key(plan, Quarter(2023, 3), leader)
    entry = cache.get(key)
    entry.computed_at -= datetime.timedelta(seconds=61)
    cache.set(key, entry)
    # The figures' head (which version the look may serve without reading them) ages with them.
    heads = caches[dashboard_cache.HEADS]
    heads.set(
        dashboard_cache.head_key(key),
        dashboard_cache.Head(entry.fingerprint, entry.computed_at),
    )
    assert counts(client.get(URL, Q3))["on_track"] == "2"


def as_of(html: str) -> str:
    return re.search(r'id="figures-as-of">([^<]*)<', html).group(1)


@pytest.mark.parametrize(
    "query", [Q3, {"year": 2023}], ids=["a quarter asked", "the year's default quarter"]
)
def test_the_fingerprint_read_with_the_plans_is_the_datas_own(
    client_for, leader, plan, cockpit, query
):
    # The cockpit reads the fingerprint as columns of the period picker's plans (one row
    # a plan, or a row a plan and period): it must be the same string data_fingerprint
    # reads alone, before and after a save, or every look would miss the kept page.
    from targets.views.common import choose_period

    class Request:
        GET = query

    def read() -> str:
        choice = choose_period(Request(), dashboard_cache.fingerprint_annotations())
        return dashboard_cache.fingerprint_from(choice.plan)

    client = client_for(leader)
    assert counts(client.get(URL, query))["red"] == "1"
    before = read()
    assert before == dashboard_cache.data_fingerprint()
    update = cockpit["2"].updates.get()
    update.status = UpdateStatus.ON_TRACK
    update.save()
    assert read() == dashboard_cache.data_fingerprint() != before
    # And the page shows the save on the next look, from the fingerprint read with the plans.
    assert counts(client.get(URL, query))["red"] == "0"


def test_while_the_figures_lag_a_save_a_look_reads_their_version_not_them(
    client_for, leader, plan, cockpit, settings, django_assert_max_num_queries
):
    settings.DASHBOARD_MAX_LAG = 60
    client = client_for(leader)
    first = client.get(URL, Q3).content.decode()
    update = cockpit["2"].updates.get()
    update.status = UpdateStatus.ON_TRACK
    update.save()
    key = dashboard_cache.dashboard_key(plan, Quarter(2023, 3), leader)
    with django_assert_max_num_queries(10) as captured:
        again = client.get(URL, Q3).content.decode()
    # The same figures, as of the same time (within the lag), from the page kept for them...
    assert counts(again) == counts(first)
    assert as_of(again) == as_of(first)
    # ...found by their head: the figures themselves (47 KB in the bench district) not read.
    read = [query["sql"] for query in captured.captured_queries if "luoshi_cache" in query["sql"]]
    assert not any(f"{key}'" in sql for sql in read)
    # Past the lag, the save shows.
    settings.DASHBOARD_MAX_LAG = 0
    assert counts(client.get(URL, Q3))["on_track"] == "2"
