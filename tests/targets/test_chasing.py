"""
Chasing: /supervision/missing/ (missing and late updates, the "send reminders
now" button), ``manage.py send_reminders`` and the reminder notice on a
department's page.

"Today" is the local date, pinned per test with ``pin_today``; the 2023 plan's
Q4 reports are due on 25 December (its due day, 25).
"""

import datetime
import re
import smtplib
from io import StringIO

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from targets.choices import PeriodState, PlanState, ReviewState, UpdateStatus
from targets.models import ReminderLog, ReportingPeriod
from tests.factories import (
    DepartmentFactory,
    GoalFactory,
    PlanFactory,
    QuarterlyUpdateFactory,
    ReminderLogFactory,
    ReportingPeriodFactory,
    UserFactory,
)
from tests.html import text

pytestmark = pytest.mark.django_db

URL = reverse("targets:chasing_list")
Q4 = {"year": 2023, "quarter": 4}


def pin_today(monkeypatch, day: datetime.date) -> None:
    """Make ``timezone.localdate()`` return ``day``; converting a given datetime still works."""
    real = timezone.localdate

    def localdate(value=None, timezone=None):
        return day if value is None else real(value, timezone)

    monkeypatch.setattr("django.utils.timezone.localdate", localdate)


def at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def section(response, element_id: str) -> str:
    """The page from inside the element with ``element_id`` to its end."""
    html = response.content.decode()
    return html.split(f'id="{element_id}"', 1)[1].split(">", 1)[1]


def department_blocks(response) -> list[tuple[str, str, list[list[str]]]]:
    """(department, count, rows) for each department card, in page order."""
    html = section(response, "missing").split('id="late"', 1)[0]
    blocks = []
    for card in html.split('class="card mb-2 department-missing"')[1:]:
        header = card.split("card-header", 1)[1].split("</div>", 1)[0]
        name = re.search(r'<a class="fw-semibold"[^>]*>(.*?)</a>', header).group(1)
        count = re.search(r'data-count="missing">(\d+)<', header).group(1)
        body = card.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
        rows = [
            [text(cell) for cell in re.findall(r"<td[^>]*>(.*?)</td>", tr, re.S)]
            for tr in re.findall(r"<tr>(.*?)</tr>", body, re.S)
        ]
        blocks.append((name, count, rows))
    return blocks


def late_rows(response) -> list[list[str]]:
    body = section(response, "late-table").split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return [
        [text(cell) for cell in re.findall(r"<td[^>]*>(.*?)</td>", tr, re.S)]
        for tr in re.findall(r"<tr>(.*?)</tr>", body, re.S)
    ]


def submitted(goal, day=datetime.date(2023, 12, 20), **kwargs):
    """An update of ``goal`` for 2023 Q4, sent to the supervision office on ``day``."""
    kwargs.setdefault("review_state", ReviewState.SUBMITTED)
    return QuarterlyUpdateFactory(goal=goal, quarter=4, submitted_at=at(day), **kwargs)


@pytest.fixture
def goals(plan, department_a, department_b):
    """
    Department A (区发改局) leads three goals without a usable Q4 report (none,
    a draft, a returned one) and one reported on time; B (区科技局) leads one
    without, one approved two days late, one completed in Q3, one archived.
    """
    a1 = GoalFactory(plan=plan, code="2.2.1", title="净增高企", leads=[department_a])
    a2 = GoalFactory(plan=plan, code="2.2.2", title="评定产业领军人才", leads=[department_a])
    a3 = GoalFactory(
        plan=plan,
        code="2.2.3",
        title="新增上市企业",
        leads=[department_a],
        supports=[department_b],
    )
    a4 = GoalFactory(plan=plan, code="2.2.4", title="帮扶种子企业", leads=[department_a])
    b1 = GoalFactory(plan=plan, code="3.1.1", title="建设创新街区", leads=[department_b])
    b2 = GoalFactory(plan=plan, code="3.1.2", title="引进研发机构", leads=[department_b])
    b3 = GoalFactory(plan=plan, code="3.1.3", title="建成科创大楼", leads=[department_b])
    b4 = GoalFactory(
        plan=plan, code="3.1.4", title="已撤销的任务", leads=[department_b], archived=True
    )
    submitted(a2, review_state=ReviewState.DRAFT)
    submitted(a3, review_state=ReviewState.RETURNED)
    submitted(a4)
    submitted(b2, day=datetime.date(2023, 12, 27), review_state=ReviewState.APPROVED)
    QuarterlyUpdateFactory(
        goal=b3,
        quarter=3,
        status=UpdateStatus.COMPLETED,
        percent_complete=100,
        review_state=ReviewState.APPROVED,
    )
    return {"a1": a1, "a2": a2, "a3": a3, "a4": a4, "b1": b1, "b2": b2, "b3": b3, "b4": b4}


@pytest.fixture
def mailboxes(staff_a, staff_a2, staff_b, department_a):
    """Staff with addresses; an inactive colleague in A who must get nothing."""
    for user, address in [(staff_a, "a@hs.gov.cn"), (staff_a2, "a2@hs.gov.cn")]:
        user.email = address
        user.save()
    staff_b.email = "b@hs.gov.cn"
    staff_b.save()
    UserFactory(
        username="retired_a", department=department_a, email="old@hs.gov.cn", is_active=False
    )


# --- access -----------------------------------------------------------------------------------


def test_missing_list_anonymous_redirects_to_login(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_missing_list_staff_is_403(client_for, staff_a, goals):
    response = client_for(staff_a).get(URL)
    assert response.status_code == 403
    assert "净增高企" not in response.content.decode()


def test_missing_list_staff_cannot_send_reminders(client_for, staff_a, goals, mailboxes):
    response = client_for(staff_a).post(f"{URL}?year=2023&quarter=4")
    assert response.status_code == 403
    assert mail.outbox == []
    assert not ReminderLog.objects.exists()


def test_missing_list_leader_reads_without_the_button(client_for, leader, goals):
    response = client_for(leader).get(URL, Q4)
    assert response.status_code == 200
    names = [name for name, _, _ in department_blocks(response)]
    assert names == ["洪山区发展和改革局", "洪山区科学技术局"]
    assert 'id="send-reminders"' not in response.content.decode()
    assert client_for(leader).post(f"{URL}?year=2023&quarter=4").status_code == 403


@pytest.mark.parametrize("role", ["supervisor", "admin"])
def test_missing_list_supervisor_and_admin_get_the_button(client_for, request, goals, role):
    response = client_for(request.getfixturevalue(role)).get(URL, Q4)
    assert response.status_code == 200
    assert "立即发送提醒" in text(section(response, "send-reminders"))


# --- the page ---------------------------------------------------------------------------------


def test_missing_list_groups_missing_goals_by_department(
    client_for, supervisor, goals, monkeypatch
):
    pin_today(monkeypatch, datetime.date(2023, 12, 22))
    response = client_for(supervisor).get(URL)  # opens on the current quarter, 2023 Q4
    assert response.status_code == 200
    html = response.content.decode()
    assert text(html.split('id="plan-title">', 1)[1].split("</div>", 1)[0]) == (
        "2023年洪山区政府工作报告 · 2023年第4季度"
    )
    assert text(section(response, "deadline").split('<div class="small')[0]) == (
        "截止日期：2023年12月25日 还有3天截止"
    )
    assert text(section(response, "missing-summary").split("</div>", 1)[0]) == (
        "共4项目标任务未报送进展，涉及2个单位。 草稿和被退回的进展在提交前均按未报送计。"
    )
    # Drafts and returned updates are missing; submitted, approved and completed-earlier
    # goals are not; archived goals are not followed. Most missing first.
    assert department_blocks(response) == [
        (
            "洪山区发展和改革局",
            "3",
            [
                ["2.2.1", "净增高企", "未填报", "—"],
                ["2.2.2", "评定产业领军人才", "草稿未提交", "—"],
                ["2.2.3", "新增上市企业", "已退回待修改", "—"],
            ],
        ),
        ("洪山区科学技术局", "1", [["3.1.1", "建设创新街区", "未填报", "—"]]),
    ]
    goal_link = reverse("targets:goal_detail", args=[goals["a1"].pk])
    assert f'<a href="{goal_link}">净增高企</a>' in html


def test_missing_list_most_missing_first_then_usual_order(client_for, supervisor, plan):
    first, second, third = (DepartmentFactory(name=f"单位{n}") for n in (1, 2, 3))
    GoalFactory(plan=plan, leads=[first])
    GoalFactory(plan=plan, leads=[second])
    GoalFactory(plan=plan, leads=[second])
    GoalFactory(plan=plan, leads=[third])
    response = client_for(supervisor).get(URL, Q4)
    assert [(name, count) for name, count, _ in department_blocks(response)] == [
        ("单位2", "2"),
        ("单位1", "1"),
        ("单位3", "1"),
    ]


def test_missing_list_goal_with_two_leads_is_missing_for_both(
    client_for, supervisor, plan, department_a, department_b
):
    GoalFactory(plan=plan, code="5.1", title="共建园区", leads=[department_a, department_b])
    response = client_for(supervisor).get(URL, Q4)
    assert department_blocks(response) == [
        ("洪山区发展和改革局", "1", [["5.1", "共建园区", "未填报", "—"]]),
        ("洪山区科学技术局", "1", [["5.1", "共建园区", "未填报", "—"]]),
    ]
    assert "共1项目标任务未报送进展，涉及2个单位。" in text(section(response, "missing-summary"))


@pytest.mark.parametrize(
    ("today", "countdown"),
    [
        (datetime.date(2023, 12, 22), "还有3天截止"),
        (datetime.date(2023, 12, 24), "还有1天截止"),
        (datetime.date(2023, 12, 25), "今天截止"),
        (datetime.date(2023, 12, 30), "已逾期5天"),
    ],
)
def test_missing_list_days_to_or_past_due(
    client_for, supervisor, goals, monkeypatch, today, countdown
):
    pin_today(monkeypatch, today)
    response = client_for(supervisor).get(URL, Q4)
    assert re.search(r'id="countdown">([^<]*)<', response.content.decode()).group(1) == countdown


def test_missing_list_uses_the_period_due_date(client_for, supervisor, goals, plan, monkeypatch):
    pin_today(monkeypatch, datetime.date(2023, 12, 22))
    ReportingPeriodFactory(plan=plan, year=2023, quarter=4, due_date="2023-12-20")
    response = client_for(supervisor).get(URL, Q4)
    html = response.content.decode()
    assert "截止日期：2023年12月20日" in text(html)
    assert re.search(r'id="countdown">([^<]*)<', html).group(1) == "已逾期2天"


def test_missing_list_late_submissions(client_for, supervisor, goals, monkeypatch):
    pin_today(monkeypatch, datetime.date(2023, 12, 30))
    # Submitted on the due date itself, late in the evening (local time): on time.
    goals["a4"].updates.update(
        submitted_at=timezone.make_aware(datetime.datetime(2023, 12, 25, 23, 30))
    )
    # Submitted late, then returned: it is missing, not late.
    submitted(goals["b1"], day=datetime.date(2023, 12, 28), review_state=ReviewState.RETURNED)
    response = client_for(supervisor).get(URL, Q4)
    assert late_rows(response) == [["区科技局", "3.1.2", "引进研发机构", "12月27日", "逾期2天"]]


def test_missing_list_nothing_missing_or_late(client_for, supervisor, goal_a):
    submitted(goal_a)
    response = client_for(supervisor).get(URL, Q4)
    html = response.content.decode()
    assert text(section(response, "none-missing").split("</div>")[0]) == (
        "所有目标任务均已报送2023年第4季度进展。"
    )
    assert "没有逾期报送的进展。" in html
    assert 'id="send-reminders"' not in html


def test_missing_list_earlier_quarter_from_the_picker(client_for, supervisor, goals):
    response = client_for(supervisor).get(URL, {"year": 2023, "quarter": 3})
    # Only 3.1.3 reported in Q3 (completed); everything else is missing there.
    assert [(name, count) for name, count, _ in department_blocks(response)] == [
        ("洪山区发展和改革局", "4"),
        ("洪山区科学技术局", "2"),
    ]
    assert "截止日期：2023年9月25日" in text(response.content.decode())


def test_missing_list_closed_period_is_not_chased(client_for, supervisor, goals, plan):
    ReportingPeriodFactory(
        plan=plan, year=2023, quarter=4, due_date="2023-12-25", state=PeriodState.CLOSED
    )
    response = client_for(supervisor).get(URL, Q4)
    html = response.content.decode()
    assert len(department_blocks(response)) == 2
    assert 'id="send-reminders"' not in html
    assert 'id="not-chased"' in html


def test_missing_list_without_a_plan(client_for, supervisor):
    response = client_for(supervisor).get(URL)
    assert response.status_code == 200
    assert 'id="no-plan"' in response.content.decode()


@pytest.mark.parametrize("goal_count", [1, 20])
def test_missing_list_query_count_does_not_grow(
    client_for, supervisor, plan, django_assert_num_queries, goal_count
):
    for number in range(goal_count):
        lead, support = DepartmentFactory(), DepartmentFactory()
        missing = GoalFactory(plan=plan, leads=[lead], supports=[support])
        QuarterlyUpdateFactory(goal=missing, quarter=4, review_state=ReviewState.RETURNED)
        ReminderLogFactory(
            department=lead, goal=missing, year=2023, quarter=4, sent_on="2023-12-01"
        )
        late = GoalFactory(plan=plan, leads=[lead])
        submitted(late, day=datetime.date(2023, 12, 26 + number % 3))
    client = client_for(supervisor)
    # the session with its user, the followed plans (the years and the active plan), due date,
    # missing goals, late updates
    with django_assert_num_queries(5):
        response = client.get(URL, Q4)
    assert len(department_blocks(response)) == goal_count
    assert len(late_rows(response)) == goal_count


# --- the button -------------------------------------------------------------------------------


def test_send_reminders_button_sends_and_says_how_many(
    client_for, supervisor, goals, mailboxes, monkeypatch
):
    pin_today(monkeypatch, datetime.date(2023, 12, 22))
    client = client_for(supervisor)
    response = client.post(f"{URL}?year=2023&quarter=4", follow=True)
    assert response.redirect_chain == [(f"{URL}?year=2023&quarter=4", 302)]
    assert "已发送2封提醒邮件，涉及4项目标任务。" in text(response.content.decode())
    assert len(mail.outbox) == 2
    # The page now shows the reminder against each goal.
    assert department_blocks(response)[0][2][0] == ["2.2.1", "净增高企", "未填报", "12月22日"]

    response = client.post(f"{URL}?year=2023&quarter=4", follow=True)
    assert "今天已提醒过所有未报送的目标任务，没有发送新的提醒。" in text(response.content.decode())
    assert len(mail.outbox) == 2


def test_send_reminders_button_names_unreachable_departments(
    client_for, supervisor, goals, staff_a
):
    staff_a.email = "a@hs.gov.cn"
    staff_a.save()
    response = client_for(supervisor).post(f"{URL}?year=2023&quarter=4", follow=True)
    html = text(response.content.decode())
    assert "已发送1封提醒邮件，涉及3项目标任务。" in html
    assert "以下单位没有填写邮箱的在用账号，未发送提醒：区科技局。" in html


def test_send_reminders_button_refuses_a_closed_period(client_for, supervisor, goals, plan):
    ReportingPeriodFactory(
        plan=plan, year=2023, quarter=4, due_date="2023-12-25", state=PeriodState.CLOSED
    )
    response = client_for(supervisor).post(f"{URL}?year=2023&quarter=4", follow=True)
    assert "2023年洪山区政府工作报告的2023年第4季度不接受报送，不发送提醒。" in text(
        response.content.decode()
    )
    assert mail.outbox == []


# --- manage.py send_reminders ----------------------------------------------------------------


def send_reminders(*args) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("send_reminders", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_send_reminders_one_mail_per_department(goals, mailboxes, monkeypatch):
    pin_today(monkeypatch, datetime.date(2023, 12, 22))
    out, err = send_reminders()
    assert out.splitlines() == [
        "2023年洪山区政府工作报告，2023年第4季度：2023-12-25截止（还有3天截止）",
        "已发送至区发改局 <a@hs.gov.cn, a2@hs.gov.cn>：3项目标任务（2.2.1、2.2.2、2.2.3）",
        "已发送至区科技局 <b@hs.gov.cn>：1项目标任务（3.1.1）",
        "共发送2封提醒，涉及4项目标任务；今日已提醒过的0项不再重复。",
    ]
    assert err == ""
    assert [(m.to, m.subject) for m in mail.outbox] == [
        (
            ["a@hs.gov.cn", "a2@hs.gov.cn"],
            "【催报提醒】洪山区发展和改革局有3项目标任务尚未报送2023年第4季度进展",
        ),
        (["b@hs.gov.cn"], "【催报提醒】洪山区科学技术局有1项目标任务尚未报送2023年第4季度进展"),
    ]
    assert mail.outbox[0].from_email == "luoshi@localhost"
    logs = ReminderLog.objects.order_by("goal__code")
    assert [(log.goal.code, str(log.department), log.sent_on) for log in logs] == [
        ("2.2.1", "区发改局", datetime.date(2023, 12, 22)),
        ("2.2.2", "区发改局", datetime.date(2023, 12, 22)),
        ("2.2.3", "区发改局", datetime.date(2023, 12, 22)),
        ("3.1.1", "区科技局", datetime.date(2023, 12, 22)),
    ]
    assert logs[0].recipients == "a@hs.gov.cn, a2@hs.gov.cn"


def test_send_reminders_mail_lists_the_missing_goals(goals, mailboxes, monkeypatch):
    pin_today(monkeypatch, datetime.date(2023, 12, 22))
    send_reminders()
    assert mail.outbox[0].body.strip().splitlines() == [
        "洪山区发展和改革局：",
        "",
        "督查室提醒：贵单位牵头的以下3项目标任务尚未报送2023年第4季度进展，"
        "截止日期为2023年12月25日（还有3天截止）。",
        "",
        "1. 2.2.1 净增高企（截止日期：2023年12月25日；未填报）",
        "2. 2.2.2 评定产业领军人才（截止日期：2023年12月25日；草稿未提交）",
        "3. 2.2.3 新增上市企业（截止日期：2023年12月25日；已退回待修改）",
        "",
        "请登录落实系统报送进展；草稿须提交后方视为已报送。",
        "本邮件由系统自动发送，请勿回复。",
    ]


def test_send_reminders_once_per_goal_and_day(goals, mailboxes, monkeypatch):
    pin_today(monkeypatch, datetime.date(2023, 12, 22))
    send_reminders()
    assert len(mail.outbox) == 2

    out, _ = send_reminders()
    assert len(mail.outbox) == 2
    assert out.splitlines()[-1] == "共发送0封提醒，涉及0项目标任务；今日已提醒过的4项不再重复。"
    assert ReminderLog.objects.count() == 4

    # The next day, whatever is still missing is chased again; 2.2.1 has been reported.
    pin_today(monkeypatch, datetime.date(2023, 12, 23))
    submitted(goals["a1"])
    send_reminders()
    assert len(mail.outbox) == 4
    assert "2.2.1" not in mail.outbox[2].body
    assert "以下2项目标任务" in mail.outbox[2].body
    assert ReminderLog.objects.filter(sent_on="2023-12-23").count() == 3


def test_send_reminders_dry_run_sends_and_writes_nothing(goals, mailboxes, monkeypatch):
    pin_today(monkeypatch, datetime.date(2023, 12, 22))
    out, _ = send_reminders("--dry-run")
    assert out.splitlines()[1:] == [
        "将发送至区发改局 <a@hs.gov.cn, a2@hs.gov.cn>：3项目标任务（2.2.1、2.2.2、2.2.3）",
        "将发送至区科技局 <b@hs.gov.cn>：1项目标任务（3.1.1）",
        "将发送2封提醒，涉及4项目标任务；今日已提醒过的0项不再重复。试运行：未发送、未记录任何内容。",
    ]
    assert mail.outbox == []
    assert not ReminderLog.objects.exists()
    assert not ReportingPeriod.objects.exists()


def test_send_reminders_opens_the_period(goals, mailboxes, plan):
    send_reminders()
    period = ReportingPeriod.objects.get()
    assert (period.plan, period.quarter, period.due_date) == (plan, 4, datetime.date(2023, 12, 25))


def test_send_reminders_department_without_address_gets_nothing(
    goals, staff_b, mailboxes, department_a, monkeypatch
):
    pin_today(monkeypatch, datetime.date(2023, 12, 22))
    department_a.users.update(email="")
    out, err = send_reminders()
    # One line for the department, on the output: nothing on stderr, which cron mails.
    assert "未发送至区发改局：该单位没有填写电子邮箱的在用账号（3项目标任务未报送）。" in (
        out.splitlines()
    )
    assert [line for line in out.splitlines() if "区发改局" in line] == [
        "未发送至区发改局：该单位没有填写电子邮箱的在用账号（3项目标任务未报送）。"
    ]
    assert err == ""
    assert [m.to for m in mail.outbox] == [["b@hs.gov.cn"]]
    assert list(ReminderLog.objects.values_list("goal__code", flat=True)) == ["3.1.1"]

    # Once someone has an address, the same day's next run reaches the department.
    staff_a2 = department_a.users.get(username="staff_a2")
    staff_a2.email = "a2@hs.gov.cn"
    staff_a2.save()
    send_reminders()
    assert [m.to for m in mail.outbox] == [["b@hs.gov.cn"], ["a2@hs.gov.cn"]]


def test_send_reminders_goal_with_two_leads(plan, department_a, department_b, mailboxes):
    GoalFactory(plan=plan, code="5.1", title="共建园区", leads=[department_a, department_b])
    send_reminders()
    assert [m.to for m in mail.outbox] == [["a@hs.gov.cn", "a2@hs.gov.cn"], ["b@hs.gov.cn"]]
    assert all("5.1 共建园区" in m.body for m in mail.outbox)
    log = ReminderLog.objects.get()
    assert (str(log.department), log.recipients) == (
        "区发改局",
        "a@hs.gov.cn, a2@hs.gov.cn, b@hs.gov.cn",
    )
    send_reminders()
    assert len(mail.outbox) == 2


class RefusingBackend(BaseEmailBackend):
    """A mail server that is down."""

    def send_messages(self, email_messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


def test_send_reminders_failed_mail_is_not_logged(goals, mailboxes, settings):
    settings.EMAIL_BACKEND = f"{__name__}.RefusingBackend"
    with pytest.raises(CommandError, match="2封提醒未能发送"):
        send_reminders()
    assert not ReminderLog.objects.exists()

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    send_reminders()
    assert len(mail.outbox) == 2


def test_send_reminders_for_a_given_quarter(goals, mailboxes, monkeypatch):
    pin_today(monkeypatch, datetime.date(2023, 12, 22))
    out, _ = send_reminders("--year", "2023", "--quarter", "3")
    assert out.splitlines()[0] == (
        "2023年洪山区政府工作报告，2023年第3季度：2023-09-25截止（已逾期88天）"
    )
    # In Q3 only 3.1.3 reported (completed); 3.1.4 is archived.
    assert ReminderLog.objects.filter(quarter=3).count() == 6
    assert not ReminderLog.objects.filter(quarter=4).exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--year", "2023"], "--year和--quarter须同时给出"),
        (["--year", "2030", "--quarter", "1"], "没有2030年已发布的分解方案。"),
    ],
)
def test_send_reminders_bad_arguments(goals, args, message):
    with pytest.raises(CommandError, match=message):
        send_reminders(*args)


def test_send_reminders_refuses_an_archived_plan_asked_for(goals, plan):
    plan.state = PlanState.ARCHIVED
    plan.save()
    with pytest.raises(CommandError, match="不接受报送"):
        send_reminders("--year", "2023", "--quarter", "4")
    assert mail.outbox == []


def test_send_reminders_with_nothing_open_says_so_and_succeeds(goals, plan):
    # As cron runs it between years: no active plan. One line, exit 0, no e-mail.
    plan.state = PlanState.ARCHIVED
    plan.save()
    out, err = send_reminders()
    assert (out, err) == ("当前没有接受报送的季度，无需发送催报提醒。\n", "")
    assert mail.outbox == []


def test_send_reminders_does_not_chase_a_closed_period(goals, plan, monkeypatch):
    # Q4's reports are in and the office closed it: the default finds nothing to chase.
    pin_today(monkeypatch, datetime.date(2023, 12, 28))
    ReportingPeriod.objects.create(
        plan=plan, year=2023, quarter=4, due_date="2023-12-25", state=PeriodState.CLOSED
    )
    for q in (1, 2, 3):
        ReportingPeriod.objects.create(
            plan=plan,
            year=2023,
            quarter=q,
            due_date=f"2023-{3 * q:02d}-25",
            state=PeriodState.CLOSED,
        )
    out, _ = send_reminders()
    assert out == "当前没有接受报送的季度，无需发送催报提醒。\n"
    assert mail.outbox == []


def test_send_reminders_chases_the_period_due_next(goals, plan, monkeypatch):
    # Early October: Q4 has begun, but Q3's reports are due on the 15th; Q4 is not chased yet.
    pin_today(monkeypatch, datetime.date(2023, 10, 10))
    ReportingPeriod.objects.create(plan=plan, year=2023, quarter=3, due_date="2023-10-15")
    out, _ = send_reminders("--dry-run")
    assert out.splitlines()[0] == (
        "2023年洪山区政府工作报告，2023年第3季度：2023-10-15截止（还有5天截止）"
    )
    assert not any("第4季度" in line for line in out.splitlines())


# --- the notice on a department's page --------------------------------------------------------


def department_url(department):
    return reverse("targets:department_detail", args=[department.pk])


def test_department_notice_for_its_staff_after_a_reminder(
    client_for, staff_a, department_a, goals, monkeypatch
):
    for code in ("a1", "a2"):
        ReminderLogFactory(
            department=department_a, goal=goals[code], year=2023, quarter=4, sent_on="2023-11-25"
        )
    pin_today(monkeypatch, datetime.date(2023, 12, 22))
    response = client_for(staff_a).get(department_url(department_a), Q4)
    notice = section(response, "reminder-notice").split("</ul>", 1)[0]
    assert text(notice.split('id="reminder-text">', 1)[1].split("</span>", 1)[0]) == (
        "督查室于11月25日提醒：以下3项目标任务尚未报送2023年第4季度进展，截止日期12月25日"
    )
    assert re.search(r'id="reminder-countdown">([^<]*)<', notice).group(1) == "还有3天截止"
    items = re.findall(r"<li>(.*?)</li>", notice, re.S)
    assert [text(item) for item in items] == [
        "2.2.1 净增高企 填报",
        "2.2.2 评定产业领军人才 （草稿未提交） 填报",
        "2.2.3 新增上市企业 （已退回待修改） 填报",
    ]
    report = reverse("targets:quarterly_update_edit", args=[goals["a1"].pk])
    assert f'href="{report}?year=2023&amp;quarter=4"' in items[0]
    assert 'id="reminder-line"' not in response.content.decode()


def test_department_notice_before_any_reminder(
    client_for, staff_a, department_a, goals, monkeypatch
):
    pin_today(monkeypatch, datetime.date(2023, 12, 30))
    response = client_for(staff_a).get(department_url(department_a), Q4)
    notice = section(response, "reminder-notice")
    assert text(notice.split('id="reminder-text">', 1)[1].split("</span>", 1)[0]) == (
        "以下3项目标任务尚未报送2023年第4季度进展，截止日期12月25日"
    )
    assert re.search(r'id="reminder-countdown">([^<]*)<', notice).group(1) == "已逾期5天"


def test_department_notice_short_line_for_others(
    client_for, supervisor, department_b, goals, monkeypatch
):
    ReminderLogFactory(
        department=department_b, goal=goals["b1"], year=2023, quarter=4, sent_on="2023-12-01"
    )
    pin_today(monkeypatch, datetime.date(2023, 12, 22))
    response = client_for(supervisor).get(department_url(department_b), Q4)
    html = response.content.decode()
    assert 'id="reminder-notice"' not in html
    line = section(response, "reminder-line").split("</p>", 1)[0]
    assert text(line) == (
        "本单位牵头的1项目标任务尚未报送2023年第4季度进展（截止日期12月25日，还有3天截止）。 "
        "最近提醒：12月1日 查看全部未报送情况"
    )
    assert f'href="{URL}?year=2023&amp;quarter=4"' in line


def test_department_notice_not_shown_when_nothing_is_missing(
    client_for, staff_a, department_a, goal_a
):
    submitted(goal_a)
    html = client_for(staff_a).get(department_url(department_a), Q4).content.decode()
    assert 'id="reminder-notice"' not in html
    assert 'id="reminder-line"' not in html


def test_department_notice_not_shown_for_a_closed_period(
    client_for, staff_a, department_a, goals, plan
):
    ReportingPeriodFactory(
        plan=plan, year=2023, quarter=4, due_date="2023-12-25", state=PeriodState.CLOSED
    )
    html = client_for(staff_a).get(department_url(department_a), Q4).content.decode()
    assert 'id="reminder-notice"' not in html


def test_department_notice_not_shown_on_an_archived_plan(client_for, staff_a, department_a):
    old = PlanFactory(year=2022, state=PlanState.ARCHIVED)
    GoalFactory(plan=old, leads=[department_a])
    html = client_for(staff_a).get(department_url(department_a), {"year": 2022}).content.decode()
    assert 'id="reminder-notice"' not in html


def test_department_notice_costs_nothing_in_the_table_download(
    client_for, staff_a, department_a, goals
):
    client = client_for(staff_a)
    with CaptureQueriesContext(connection) as page:
        html = client.get(department_url(department_a), Q4).content.decode()
    assert 'id="reminder-notice"' in html
    assert any("targets_reminderlog" in query["sql"] for query in page.captured_queries)
    with CaptureQueriesContext(connection) as download:
        response = client.get(department_url(department_a), {**Q4, "_export": "xlsx"})
    assert response.status_code == 200
    assert not any("targets_reminderlog" in query["sql"] for query in download.captured_queries)


def test_department_notice_the_same_whatever_the_table_shows(
    client_for, staff_a, department_a, goals, monkeypatch
):
    """
    The notice is found among the table's rows when they are every goal of the
    page, else by a query of its own: the same goals in their own order, the same
    last reminder, however the table is sorted or narrowed.
    """
    ReminderLogFactory(
        department=department_a, goal=goals["a2"], year=2023, quarter=4, sent_on="2023-11-20"
    )
    ReminderLogFactory(
        department=department_a, goal=goals["a3"], year=2023, quarter=4, sent_on="2023-11-25"
    )
    pin_today(monkeypatch, datetime.date(2023, 12, 22))
    client = client_for(staff_a)
    expected = [
        "2.2.1 净增高企 填报",
        "2.2.2 评定产业领军人才 （草稿未提交） 填报",
        "2.2.3 新增上市企业 （已退回待修改） 填报",
    ]
    for query in (
        {},
        {"sort": "-code"},
        {"sort": "state"},
        {"q": "没有这样的目标"},
        {"role": "lead"},
    ):
        notice = section(
            client.get(department_url(department_a), {**Q4, **query}), "reminder-notice"
        )
        notice = notice.split("</ul>", 1)[0]
        assert text(notice.split('id="reminder-text">', 1)[1].split("</span>", 1)[0]) == (
            "督查室于11月25日提醒：以下3项目标任务尚未报送2023年第4季度进展，截止日期12月25日"
        ), query
        items = re.findall(r"<li>(.*?)</li>", notice, re.S)
        assert [text(item) for item in items] == expected, query
