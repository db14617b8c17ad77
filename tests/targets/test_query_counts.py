"""
Every page of the end-of-quarter mix (bench/load.py) with its query count
pinned, and the same in a district three times the size: the cockpit as a reload
finds it, a goal page and a department page rendered afresh and reused,
the update form and a save. A page whose count grows with the district, or a
part that starts reading again on its own, shows here.
"""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.choices import Role
from targets.choices import UpdateStatus
from targets.selectors import page_cache
from tests.caches import clear_caches
from tests.factories import (
    DepartmentFactory,
    GoalFactory,
    IndicatorActualFactory,
    IndicatorFactory,
    QuarterlyUpdateFactory,
    ReportingPeriodFactory,
    SectionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

Q3 = "year=2023&quarter=3"

# The counts under test (a test's transaction turns each atomic block into a
# savepoint and its release: two more); each page's own test says what its
# queries are (test_views_dashboard, test_views_goal, test_views_department,
# test_views_quarterly_update, test_page_cache). Every one of them reads the session
# and its user in one query (accounts.sessions), one fewer than before.
PINNED = {
    # the cockpit's page from the app server's memory, or from the shared cache elsewhere;
    # the data's fingerprint read with the period picker's plans (one fewer each:
    # dashboard_cache.fingerprint_annotations)
    "cockpit, figures cached": 2,
    "cockpit, figures cached, page kept elsewhere": 3,
    # the page looked for under the data's fingerprint (the save's, in the shared cache),
    # then the figures' head (dashboard_cache.served_version) names the version whose page
    # this server keeps: the figures' version read without the figures (a 47 KB entry
    # unpickled in the bench district), as many queries
    "cockpit, figures lagging a save": 4,
    # its history's section names read only for a goal moved between sections; its
    # thread, events, evidence and milestones not read when its fingerprint says it has
    # none (18 with every part: test_views_goal.py, test_page_cache.py); its content
    # kept in one statement (config.cache: four fewer, the count and the savepoint with
    # its look-up and release)
    "goal page, rendered": 14,
    # reused by the app server that kept it: its content from the server's memory; the
    # goal for its frame read with its fingerprint (one fewer: selectors.goals.goal_frame)
    "goal page, reused": 2,
    # by another app server: its content read from the shared cache
    "goal page, reused elsewhere": 3,
    # the tally and the notice found among the table's rows when they are every goal,
    # and the rows not counted first when they fit one page (three queries fewer; the
    # notice's reminders are read only when a goal is missing); the goals its staff may
    # report on told from the rows' roles (one fewer: rules.can_report_on_goals_led_by);
    # the data fingerprint read in the department's query (one fewer, reused too) and
    # the content kept in one statement (four fewer)
    "department page, rendered": 9,
    "department page, reused": 3,
    "department page, reused elsewhere": 4,
    # the session with its user, the goal (with whether the user may report and whether
    # it has milestones: one fewer, their query not run when it has none, as here), its
    # indicators, the update and its values, its reporting period
    "update form": 6,
    # the form's reads (the update's values with it, not by the service); a savepoint with the
    # update written and its version claimed (one UPDATE) and its history, a value and
    # its history, the event, and the office told of an update waiting (its reviewers,
    # its robots); the release. One fewer: the goal's milestones (none here), as the form
    "save": 15,
}


def district(plan, departments: int, goals_each: int):
    """
    Departments each leading ``goals_each`` goals (supported by the next), Q1–Q3
    reported, the four reporting periods set up.
    """
    for quarter in (1, 2, 3, 4):
        ReportingPeriodFactory(plan=plan, quarter=quarter)
    units = [DepartmentFactory(name=f"单位{n}", code=f"u{n}") for n in range(departments)]
    theme = SectionFactory(plan=plan, title="主题")
    for n, unit in enumerate(units):
        for m in range(goals_each):
            goal = GoalFactory(
                plan=plan,
                section=theme,
                code=f"{n}.{m}",
                leads=[unit],
                supports=[units[(n + 1) % departments]],
            )
            indicator = IndicatorFactory(goal=goal)
            for quarter in (1, 2, 3):
                update = QuarterlyUpdateFactory(goal=goal, quarter=quarter)
                IndicatorActualFactory(update=update, indicator=indicator, value=Decimal(quarter))
    return units


def counted(client, method, url, data=None) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = getattr(client, method)(url, data) if data else getattr(client, method)(url)
    assert response.status_code in (200, 302), (url, response.status_code)
    return len(queries)


@pytest.mark.parametrize(("departments", "goals_each"), [(2, 2), (4, 3)])
def test_every_page_of_the_mix_has_a_pinned_count(
    client_for, client, plan, leader, departments, goals_each, settings
):
    units = district(plan, departments, goals_each)
    staff = UserFactory(username="staff_u0", department=units[0], role=Role.STAFF)
    goal = units[0].goals.first()
    reader = client_for(leader)
    reader.get(f"{reverse('targets:dashboard')}?{Q3}")  # figures computed and kept
    cockpit = reverse("targets:dashboard") + "?" + Q3
    counts = {"cockpit, figures cached": counted(reader, "get", cockpit)}
    page_cache.forget()  # as another app server finds it
    counts["cockpit, figures cached, page kept elsewhere"] = counted(reader, "get", cockpit)
    # A save the figures lag (by less than DASHBOARD_MAX_LAG): the page rendered from them.
    settings.DASHBOARD_MAX_LAG = 60
    units[0].goals.first().updates.get(quarter=3).save()
    counts["cockpit, figures lagging a save"] = counted(reader, "get", cockpit)

    client.force_login(staff)
    goal_url = reverse("targets:goal_detail", args=[goal.pk])
    department_url = f"{reverse('targets:department_detail', args=[units[0].pk])}?{Q3}"
    form_url = f"{reverse('targets:quarterly_update_edit', args=[goal.pk])}?{Q3}"
    client.get(goal_url)  # warm: content types, the session's CSRF secret
    clear_caches()
    counts["goal page, rendered"] = counted(client, "get", goal_url)
    counts["goal page, reused"] = counted(client, "get", goal_url)
    page_cache.forget()  # as another app server finds it
    counts["goal page, reused elsewhere"] = counted(client, "get", goal_url)
    counts["department page, rendered"] = counted(client, "get", department_url)
    counts["department page, reused"] = counted(client, "get", department_url)
    page_cache.forget()
    counts["department page, reused elsewhere"] = counted(client, "get", department_url)
    counts["update form"] = counted(client, "get", form_url)
    update = goal.updates.get(quarter=3)
    counts["save"] = counted(
        client,
        "post",
        form_url,
        {
            "year": 2023,
            "quarter": 3,
            "version": update.version,
            "status": UpdateStatus.AT_RISK,
            "percent_complete": 60,
            "override_reason": "",
            "progress": "截至9月底，按计划推进。",
            "problems": "",
            "next_steps": "",
            f"indicator_{goal.indicators.get().pk}": "58",
        },
    )
    update.refresh_from_db()
    assert update.progress == "截至9月底，按计划推进。"
    assert counts == PINNED
