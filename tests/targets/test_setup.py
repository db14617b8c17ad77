"""
The setup page (targets/selectors/setup.py, /setup/): on an empty install every
step is missing and links to where it is done; each step is done once its facts
are there (departments, a reporter for every lead department, a published plan,
its periods, mail); the demo shows it complete; it costs as many queries for
twenty departments as for one.
"""

import datetime
import re

import pytest
from django.test import override_settings
from django.urls import reverse

from accounts.choices import Role
from targets.choices import PlanState
from targets.demo.loader import demo_load
from targets.selectors.setup import setup_state
from tests.factories import (
    DepartmentFactory,
    GoalFactory,
    PlanFactory,
    ReportingPeriodFactory,
    UserFactory,
)
from tests.html import text

pytestmark = pytest.mark.django_db

SETUP = reverse("targets:setup")
SMTP = {
    "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
    "EMAIL_HOST": "mail.intranet",
    "DEFAULT_FROM_EMAIL": "luoshi@hongshan.gov.cn",
}


def steps(page: str) -> dict[str, str]:
    """Each step's id and whether the page says it is done ("yes"/"no")."""
    return dict(re.findall(r'id="step-(\w+)" data-done="(yes|no)"', page))


def step_text(page: str, name: str) -> str:
    """The words of one step's card."""
    card = re.search(rf'id="step-{name}"[^>]*>(.*?)(?:<li class="card|</ol>)', page, re.S)
    return text(card.group(1))


def test_on_an_empty_install_every_step_is_missing_and_links_to_where_it_is_done(client_for, admin):
    page = client_for(admin).get(SETUP).content.decode()
    assert steps(page) == dict.fromkeys(
        ("departments", "accounts", "plan", "periods", "mail"), "no"
    )
    assert 'id="setup-incomplete"' in page
    assert "还没有单位：请从表格导入单位及其人员。" in step_text(page, "departments")
    assert f'href="{reverse("targets:account_import_list")}"' in page
    assert "还没有方案：请导入政府工作报告或任务分解表。" in step_text(page, "plan")
    assert f'href="{reverse("targets:plan_import_list")}"' in page
    assert "请先发布方案：报送期按方案年度设置。" in step_text(page, "periods")
    assert "催报提醒不会发出" in step_text(page, "mail")


def test_a_lead_department_without_an_active_reporter_is_named(client_for, admin, department_a):
    plan = PlanFactory(year=2024, title="2024年方案", state=PlanState.ACTIVE)
    covered = DepartmentFactory(name="洪山区科学技术局", short_name="区科技局")
    UserFactory(username="kj", department=covered, role=Role.STAFF, email="kj@hs.gov.cn")
    UserFactory(username="gone", department=department_a, role=Role.STAFF, is_active=False)
    GoalFactory(plan=plan, leads=[department_a])
    GoalFactory(plan=plan, leads=[covered])
    DepartmentFactory(name="洪山区档案馆", short_name="区档案馆")  # leads nothing: not asked

    state = setup_state()
    assert [d.short_name for d in state.reporting] == ["区发改局", "区科技局"]
    assert [d.short_name for d in state.without_reporter] == ["区发改局"]
    page = client_for(admin).get(SETUP).content.decode()
    assert steps(page)["accounts"] == "no"
    assert "尚无在用填报员： 区发改局" in step_text(page, "accounts")


def test_every_step_done_makes_it_ready(client_for, admin, department_a):
    plan = PlanFactory(year=2024, title="2024年方案", state=PlanState.ACTIVE)
    GoalFactory(plan=plan, leads=[department_a])
    UserFactory(username="fgj", department=department_a, role=Role.STAFF, email="f@hs.gov.cn")
    for quarter in (1, 2, 3, 4):
        ReportingPeriodFactory(
            plan=plan, year=2024, quarter=quarter, due_date=datetime.date(2024, 3 * quarter, 25)
        )
    with override_settings(**SMTP):
        state = setup_state()
        page = client_for(admin).get(SETUP).content.decode()
    assert (state.departments_done, state.accounts_done, state.plan_done) == (True, True, True)
    assert (state.periods_done, state.mail, state.complete) == (True, "smtp", True)
    assert set(steps(page).values()) == {"yes"}
    assert 'id="setup-complete"' in page
    assert step_text(page, "periods").startswith(
        "已完成 4. 报送期和截止日期 2024年第1季度: 2024-03-25 2024年第2季度: 2024-06-25"
    )


def test_periods_not_opened_yet_are_missing_with_their_default_due_dates(
    client_for, admin, department_a
):
    plan = PlanFactory(year=2024, title="2024年方案", state=PlanState.ACTIVE)
    ReportingPeriodFactory(plan=plan, year=2024, quarter=1, due_date=datetime.date(2024, 4, 5))
    state = setup_state()
    assert [(p.quarter.quarter, p.exists) for p in state.periods] == [
        (1, True),
        (2, False),
        (3, False),
        (4, False),
    ]
    assert state.periods[0].due == datetime.date(2024, 4, 5)
    assert not state.periods_done
    page = client_for(admin).get(SETUP).content.decode()
    assert "2024年第2季度: 2024-06-25 (默认日期，尚未开启)" in step_text(page, "periods")


def test_a_draft_plan_is_missing_and_links_to_publishing_it(client_for, admin):
    draft = PlanFactory(year=2024, title="2024年方案", state=PlanState.DRAFT)
    page = client_for(admin).get(SETUP).content.decode()
    assert steps(page)["plan"] == "no"
    assert "已有方案以草稿导入：核对责任单位后请发布（状态设为执行中）。 发布2024年方案" in (
        step_text(page, "plan")
    )
    assert f'href="{reverse("admin:targets_plan_change", args=[draft.pk])}"' in page


@pytest.mark.parametrize(
    ("settings_", "mail"),
    [
        (SMTP, "smtp"),
        ({**SMTP, "DEFAULT_FROM_EMAIL": "luoshi@localhost"}, "incomplete"),
        (
            {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend", "DEBUG": True},
            "trial",
        ),
        ({"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}, "console"),
        ({"EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend"}, "dummy"),
        ({"EMAIL_BACKEND": "district.mail.RobotBackend"}, "custom"),
    ],
)
def test_how_reminders_would_go_out(settings_, mail):
    with override_settings(**settings_):
        assert setup_state().mail == mail


def test_a_reporter_without_an_address_leaves_mail_missing(department_a):
    UserFactory(username="fgj", department=department_a, role=Role.STAFF, email="")
    with override_settings(**SMTP):
        state = setup_state()
    assert (state.accounts_done, [d.short_name for d in state.without_email]) == (
        True,
        ["区发改局"],
    )
    assert not state.mail_done


def test_the_demo_shows_it_complete(client_for):
    demo_load(password="demo-pass-2023")
    from accounts.models import User

    admin = User.objects.get(username="admin")
    with override_settings(
        DEBUG=True, EMAIL_BACKEND="django.core.mail.backends.console.EmailBackend"
    ):
        state = setup_state()
        page = client_for(admin).get(SETUP).content.decode()
    assert state.complete, steps(page)
    assert 'id="setup-complete"' in page
    assert "试用设置：催报提醒只打印在服务器控制台上。" in step_text(page, "mail")


def test_the_page_runs_as_many_queries_for_twenty_departments_as_for_one(
    client_for, admin, django_assert_num_queries
):
    plan = PlanFactory(year=2024, title="2024年方案", state=PlanState.ACTIVE)
    client = client_for(admin)

    def add(count):
        for _ in range(count):
            department = DepartmentFactory()
            GoalFactory(plan=plan, leads=[department])
            UserFactory(department=department, role=Role.STAFF)

    add(1)
    client.get(SETUP)
    with django_assert_num_queries(10) as one:
        client.get(SETUP)
    add(19)
    with django_assert_num_queries(len(one)):
        client.get(SETUP)
