"""
The outbox's worker and its channels, against a fake of the three robot
platforms on loopback (tests/fake_webhooks.py) that checks each payload and
signature as the platform documents them: what each channel sends, failures
recorded and retried with backoff until given up, batching and the robots'
rate, and every message delivered exactly once, by one worker or by two
worker processes at once on PostgreSQL.
"""

import datetime
import os
import re
import subprocess
import sys
from collections import Counter
from io import StringIO
from pathlib import Path

import pytest
from django.core import mail
from django.db import connection
from django.utils import timezone

from targets.choices import DeliveryState, NotificationChannel, NotificationKind, RobotPlatform
from targets.models import Delivery
from targets.notify.robots import ConsoleRobot, dingtalk_sign
from targets.services.notification_delivery import (
    deliveries_claim,
    deliveries_drain,
    deliveries_send,
)
from targets.services.notifications import deliveries_resend
from tests.factories import (
    DepartmentFactory,
    NotificationFactory,
    NotificationWebhookFactory,
    UserFactory,
)
from tests.fake_webhooks import FakePlatforms, FakeServer, payload_texts

pytestmark = pytest.mark.django_db

CODE = re.compile(r"N\d{5}")


@pytest.fixture(autouse=True)
def _quick_retries(settings):
    settings.NOTIFY_RETRY_BASE = 0
    settings.NOTIFY_ROBOT_PER_MINUTE = 1000
    settings.NOTIFY_BATCH_SIZE = 10
    settings.NOTIFY_TIMEOUT = 5
    settings.SITE_URL = "https://luoshi.example"
    settings.LANGUAGE_CODE = "zh-hans"


@pytest.fixture
def fake():
    platforms = FakePlatforms()
    with FakeServer(platforms) as url:
        platforms.url = url
        yield platforms


def rows_for(webhook, count, start=0):
    now = timezone.now()
    return Delivery.objects.bulk_create(
        Delivery(
            channel=NotificationChannel.ROBOT,
            webhook=webhook,
            kind=NotificationKind.UPDATE_RETURNED,
            link=f"/goals/{n}/report/?year=2023&quarter=3",
            params={
                "goal_code": f"N{n:05d}",
                "goal_title": "净增高企",
                "year": 2023,
                "quarter": 3,
                "actor": "督查室",
                "comment": "请补充。",
            },
            next_attempt_at=now,
        )
        for n in range(start, start + count)
    )


def delivered_codes(fake) -> Counter:
    return Counter(
        code
        for received in fake.accepted
        for text in payload_texts(received)
        for code in CODE.findall(text)
    )


# -- each platform's payload ----------------------------------------------------------------


def test_wecom_gets_markdown_with_the_link(fake):
    robot = NotificationWebhookFactory(platform=RobotPlatform.WECOM, base_url=fake.url, token="k1")
    rows_for(robot, 2)
    run = deliveries_send("w1")
    assert (run.sent, run.messages, fake.rejected) == (2, 1, [])
    [received] = fake.accepted
    assert received.query == {"key": "k1"}
    content = received.payload["markdown"]["content"]
    assert content.startswith("### 落实：2 条通知")
    assert "**进展被退回**" in content
    assert "督查室退回了N00000 净增高企的2023年第3季度进展：请补充。" in content
    assert "(https://luoshi.example/goals/1/report/?year=2023&quarter=3)" in content
    row = Delivery.objects.first()
    assert row.state == DeliveryState.SENT and row.attempts == 1 and row.batch
    assert row.last_response == 'HTTP 200 {"errcode": 0, "errmsg": "ok"}'


def test_dingtalk_signed_mode_signs_the_address(fake):
    secret = "SECabc123"
    fake.secrets["t1"] = secret
    robot = NotificationWebhookFactory(
        platform=RobotPlatform.DINGTALK, base_url=fake.url, token="t1", secret=secret
    )
    rows_for(robot, 1)
    assert deliveries_send("w1").sent == 1
    [received] = fake.accepted
    assert received.query["access_token"] == "t1"
    assert received.query["sign"] == dingtalk_sign(secret, int(received.query["timestamp"]))
    assert received.payload["markdown"]["title"] == "落实：1 条通知"
    assert "N00000" in received.payload["markdown"]["text"]


def test_dingtalk_with_the_wrong_secret_is_refused_and_the_answer_kept(fake):
    fake.secrets["t1"] = "SECright"
    robot = NotificationWebhookFactory(
        platform=RobotPlatform.DINGTALK, base_url=fake.url, token="t1", secret="SECwrong"
    )
    rows_for(robot, 1)
    run = deliveries_send("w1")
    assert (run.sent, run.failed) == (0, 1)
    row = Delivery.objects.get()
    assert row.state == DeliveryState.FAILED and "sign not match" in row.last_response


def test_feishu_gets_a_signed_card_with_a_button(fake):
    fake.secrets["hook1"] = "feishu-secret"
    robot = NotificationWebhookFactory(
        platform=RobotPlatform.FEISHU, base_url=fake.url, token="hook1", secret="feishu-secret"
    )
    rows_for(robot, 2)
    assert deliveries_send("w1").sent == 2
    assert fake.rejected == []
    card = fake.accepted[0].payload["card"]
    assert card["header"]["title"]["content"] == "落实：2 条通知"
    buttons = [e["actions"][0] for e in card["elements"] if e["tag"] == "action"]
    assert [b["url"] for b in buttons] == [
        "https://luoshi.example/goals/0/report/?year=2023&quarter=3",
        "https://luoshi.example/goals/1/report/?year=2023&quarter=3",
    ]
    assert buttons[0]["text"]["content"] == "在落实中查看"


def test_the_console_prints_the_robots_message(monkeypatch):
    out = StringIO()
    monkeypatch.setattr(ConsoleRobot, "stream", out)
    robot = NotificationWebhookFactory(
        platform=RobotPlatform.CONSOLE, base_url="", token="区发改局"
    )
    rows_for(robot, 1)
    assert deliveries_send("w1").sent == 1
    printed = out.getvalue()
    assert printed.startswith("---- [区发改局] ----\n### 落实：1 条通知")
    assert "督查室退回了N00000 净增高企的2023年第3季度进展：请补充。" in printed


def test_email_has_a_text_and_an_html_part_in_the_sites_language(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    user = UserFactory(email="fgj@hongshan.gov.cn")
    line = NotificationFactory(
        recipient=user,
        kind=NotificationKind.PERIOD_CLOSED,
        link="/dashboard/?year=2023&quarter=3",
        params={"year": 2023, "quarter": 3, "plan": "2023年洪山区政府工作报告"},
    )
    Delivery.objects.create(
        channel=NotificationChannel.EMAIL,
        notification=line,
        kind=line.kind,
        link=line.link,
        params=line.params,
        next_attempt_at=timezone.now(),
    )
    assert deliveries_send("w1").sent == 1
    [message] = mail.outbox
    assert message.to == ["fgj@hongshan.gov.cn"]
    assert message.subject == "[落实] 报送期已截止"
    assert "2023年洪山区政府工作报告的2023年第3季度填报期已截止。" in message.body
    assert "https://luoshi.example/dashboard/?year=2023&quarter=3" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert '<a href="https://luoshi.example/dashboard/?year=2023&amp;quarter=3">' in html


# -- failures, retries, the maximum age, resending ------------------------------------------


def test_a_failure_is_retried_with_exponential_backoff_then_given_up(fake, settings):
    settings.NOTIFY_RETRY_BASE = 30
    settings.NOTIFY_MAX_AGE = 3600
    fake.fail_every = 1  # the platform refuses everything
    robot = NotificationWebhookFactory(platform=RobotPlatform.WECOM, base_url=fake.url)
    [row] = rows_for(robot, 1)
    waits = []
    for _attempt in range(3):
        before = timezone.now()
        deliveries_send("w1")
        row.refresh_from_db()
        assert row.state == DeliveryState.FAILED
        waits.append(round((row.next_attempt_at - before).total_seconds() / 30))
        Delivery.objects.filter(pk=row.pk).update(next_attempt_at=timezone.now())
    assert waits == [1, 2, 4]
    assert row.attempts == 3 and "HTTP" in row.last_response
    Delivery.objects.filter(pk=row.pk).update(
        created_at=timezone.now() - datetime.timedelta(hours=2)
    )
    assert deliveries_send("w1").dead == 1
    row.refresh_from_db()
    assert row.state == DeliveryState.DEAD and row.next_attempt_at is None
    fake.fail_every = 0
    deliveries_resend(Delivery.objects.all(), user=UserFactory(role="admin", department=None))
    assert deliveries_send("w1").sent == 1


def test_an_unreachable_robot_is_a_failure_not_a_crash(settings):
    robot = NotificationWebhookFactory(
        platform=RobotPlatform.WECOM, base_url="http://127.0.0.1:9"
    )  # discard port: nothing listens
    rows_for(robot, 1)
    run = deliveries_send("w1")
    assert run.failed == 1
    assert "Error" in Delivery.objects.get().last_response


# -- batching and the robots' rate ----------------------------------------------------------


def test_a_robots_events_go_out_in_batches(fake):
    robot = NotificationWebhookFactory(platform=RobotPlatform.WECOM, base_url=fake.url)
    rows_for(robot, 25)
    run = deliveries_send("w1")
    assert (run.sent, run.messages) == (25, 3)
    assert len(set(Delivery.objects.values_list("batch", flat=True))) == 3


def test_a_robot_gets_no_more_than_its_rate_and_the_rest_waits(fake, settings):
    settings.NOTIFY_ROBOT_PER_MINUTE = 2
    settings.NOTIFY_BATCH_SIZE = 1
    robot = NotificationWebhookFactory(platform=RobotPlatform.WECOM, base_url=fake.url)
    other = NotificationWebhookFactory(platform=RobotPlatform.WECOM, base_url=fake.url)
    rows_for(robot, 5)
    rows_for(other, 1, start=100)
    run = deliveries_drain("w1")
    assert (run.sent, run.deferred) == (3, 3)
    waiting = Delivery.objects.filter(state=DeliveryState.PENDING)
    assert waiting.count() == 3 and {r.attempts for r in waiting} == {0}
    robot.refresh_from_db()
    assert all(r.next_attempt_at >= robot.window_started_at for r in waiting)
    # A second worker (another process would do the same) finds the window full too.
    assert deliveries_send("w2").sent == 0
    NotificationWebhookFactory._meta.model.objects.filter(pk=robot.pk).update(
        window_started_at=timezone.now() - datetime.timedelta(minutes=2)
    )
    waiting.update(next_attempt_at=timezone.now())
    assert deliveries_drain("w2").sent == 2


# -- claims and exactly once ----------------------------------------------------------------


def test_a_claimed_row_is_not_claimed_again_until_its_lease_passes(settings):
    robot = NotificationWebhookFactory()
    rows_for(robot, 3)
    _token, first = deliveries_claim("w1")
    _token, second = deliveries_claim("w2")
    assert (len(first), second) == (3, [])
    later = timezone.now() + datetime.timedelta(seconds=settings.NOTIFY_LEASE + 1)
    _token, taken_over = deliveries_claim("w2", now=later)
    assert len(taken_over) == 3


def test_300_events_of_10_departments_arrive_exactly_once_through_failures(fake):
    """The suite's small version of bench/notifications.py (10,000 across 100)."""
    fake.fail_every = 3
    fake.slow_every = 7
    fake.slow_seconds = 0.02
    platforms = [RobotPlatform.WECOM, RobotPlatform.DINGTALK, RobotPlatform.FEISHU]
    for n in range(10):
        robot = NotificationWebhookFactory(
            department=DepartmentFactory(),
            platform=platforms[n % 3],
            base_url=fake.url,
            token=f"dept{n}",
        )
        rows_for(robot, 30, start=n * 30)
    run = deliveries_drain("w1")
    codes = delivered_codes(fake)
    assert len(codes) == 300 and max(codes.values()) == 1  # all of them, none twice
    assert run.sent == 300 and run.failed > 0 and fake.rejected == []
    assert Delivery.objects.exclude(state=DeliveryState.SENT).count() == 0


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="two worker processes: PostgreSQL")
def test_two_worker_processes_deliver_every_event_exactly_once(fake):
    fake.fail_every = 3
    for n in range(6):
        robot = NotificationWebhookFactory(
            department=DepartmentFactory(), base_url=fake.url, token=f"pg{n}"
        )
        rows_for(robot, 40, start=n * 40)
    db = connection.settings_dict
    url = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DEBUG": "1",
        "NOTIFY_RETRY_BASE": "0",
        "NOTIFY_ROBOT_PER_MINUTE": "1000",
        "NOTIFY_BATCH_SIZE": "5",
    }
    root = Path(__file__).resolve().parents[2]
    workers = [
        subprocess.Popen(
            [sys.executable, "manage.py", "send_notifications", "--once", "--name", name],
            cwd=root,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name in ("worker-1", "worker-2")
    ]
    outputs = [worker.communicate(timeout=120) for worker in workers]
    assert [w.returncode for w in workers] == [0, 0], outputs
    codes = delivered_codes(fake)
    assert len(codes) == 240 and max(codes.values()) == 1
    assert Delivery.objects.exclude(state=DeliveryState.SENT).count() == 0
    # Each row records the worker that sent it (which share each took varies by run).
    senders = {
        token.split(":")[0] for token in Delivery.objects.values_list("claimed_by", flat=True)
    }
    assert senders <= {"worker-1", "worker-2"} and senders


# -- the commands ---------------------------------------------------------------------------


def test_send_notifications_once_sends_what_is_due_and_says_so(monkeypatch):
    from django.core.management import call_command

    printed = StringIO()
    monkeypatch.setattr(ConsoleRobot, "stream", printed)
    robot = NotificationWebhookFactory(platform=RobotPlatform.CONSOLE, token="督查室工作群")
    rows_for(robot, 12)
    out = StringIO()
    call_command("send_notifications", "--once", "--name", "cron", stdout=out)
    assert out.getvalue().startswith("cron：已发送 12 条，待重试 0 条，已放弃 0 条")
    assert printed.getvalue().count("---- [督查室工作群] ----") == 2  # 10 + 2
    call_command("send_notifications", "--once", "--name", "cron", stdout=out)
    assert "已发送 0 条" in out.getvalue()  # nothing twice


def test_notify_deadlines_tells_the_departments_that_have_not_reported(
    goal_a, plan, staff_a, settings
):
    from django.core.management import call_command

    from tests.factories import ReportingPeriodFactory

    ReportingPeriodFactory(plan=plan, quarter=4, due_date=datetime.date(2024, 1, 10))
    out = StringIO()
    call_command("notify_deadlines", stdout=out)  # today is long after 10 January 2024
    assert "已通知 1 个单位" in out.getvalue()
    line = staff_a.notifications.get()
    assert line.kind == NotificationKind.OVERDUE
    call_command("notify_deadlines", stdout=out)
    assert staff_a.notifications.count() == 1
