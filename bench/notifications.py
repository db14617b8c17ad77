"""
Delivering the outbox: 10,000 notifications for the group robots of 100
departments (企业微信, 钉钉 and 飞书 in turn, a third of them signed) through a
loopback fake of the platforms (tests/fake_webhooks.py) that fails every third
call (an HTTP 500 or the platform's error code, in turn) and is slow on every
tenth. The worker batches each robot's events (``NOTIFY_BATCH_SIZE``), keeps
each robot under ``NOTIFY_ROBOT_PER_MINUTE`` messages a minute, retries
failures at once (``NOTIFY_RETRY_BASE`` 0 here, to measure the sending, not
the waiting) and records every answer.

Prints the time, messages and retries, and checks what arrived: every event
exactly once (duplicates 0, missing 0). The baseline of the same run is the
same number of messages posted straight to a fake that never fails nor waits,
without the database: the ratio is what the outbox costs over bare HTTP.

    .venv/bin/python bench/notifications.py [--events 10000] [--departments 100]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/luoshi_bench \\
        .venv/bin/python bench/notifications.py --workers 2   # worker processes (PostgreSQL)
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DEBUG", "1")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("NOTIFY_RETRY_BASE", "0")

from bench.machine import machine  # noqa: E402
from bench.scratch import scratch_database  # noqa: E402
from tests.fake_webhooks import FakePlatforms, FakeServer, payload_texts  # noqa: E402

CODE = re.compile(r"N\d{6}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--departments", type=int, default=100)
    parser.add_argument("--workers", type=int, default=1, help="processes (PostgreSQL only)")
    parser.add_argument("--fail-every", type=int, default=3)
    parser.add_argument("--slow-every", type=int, default=10)
    parser.add_argument("--slow-seconds", type=float, default=0.05)
    args = parser.parse_args()
    with scratch_database() as connection:
        run(args, connection)


def setup(args, fake_url: str, secrets: dict) -> None:
    from django.utils import timezone

    from targets.choices import NotificationChannel, NotificationKind, RobotPlatform
    from targets.models import Delivery, Department, NotificationWebhook

    platforms = [RobotPlatform.WECOM, RobotPlatform.DINGTALK, RobotPlatform.FEISHU]
    departments = Department.objects.bulk_create(
        Department(name=f"洪山区第{n}局", short_name=f"第{n}局", code=f"b{n}", order=n)
        for n in range(args.departments)
    )
    robots = []
    for n, department in enumerate(departments):
        secret = f"SEC{n:04d}" if n % 3 == 1 else ""
        token = f"robot{n}"
        if secret:
            secrets[token] = secret
        robots.append(
            NotificationWebhook(
                department=department,
                platform=platforms[n % 3],
                base_url=fake_url,
                token=token,
                secret=secret,
            )
        )
    robots = NotificationWebhook.objects.bulk_create(robots)
    now = timezone.now()
    Delivery.objects.bulk_create(
        (
            Delivery(
                channel=NotificationChannel.ROBOT,
                webhook=robots[n % len(robots)],
                kind=NotificationKind.UPDATE_RETURNED,
                link=f"/goals/{n}/report/?year=2023&quarter=3",
                params={
                    "goal_code": f"N{n:06d}",
                    "goal_title": "净增高新技术企业",
                    "year": 2023,
                    "quarter": 3,
                    "actor": "督查室",
                    "comment": "请补充佐证材料。",
                },
                next_attempt_at=now,
            )
            for n in range(args.events)
        ),
        batch_size=2000,
    )


def work(args, connection) -> None:
    """Drain the outbox: in this process, or in ``--workers`` processes until all is sent."""
    from django.utils import timezone

    from targets.choices import DeliveryState
    from targets.models import Delivery
    from targets.services.notification_delivery import deliveries_drain

    def left():
        return Delivery.objects.exclude(state__in=[DeliveryState.SENT, DeliveryState.DEAD])

    while left().exists():
        if args.workers > 1:
            db = connection.settings_dict
            env = {
                **os.environ,
                "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:"
                f"{db['PORT'] or 5432}/{db['NAME']}",
            }
            workers = [
                subprocess.Popen(
                    [sys.executable, "manage.py", "send_notifications", "--once"],
                    cwd=ROOT,
                    env=env,
                    stdout=subprocess.DEVNULL,
                )
                for _n in range(args.workers)
            ]
            for worker in workers:
                worker.wait()
        else:
            deliveries_drain("bench")
        # What is left waits for a robot's next minute: sleep until the first is due.
        first = left().order_by("next_attempt_at").values_list("next_attempt_at", flat=True)
        due = first.first()
        if due is not None:
            time.sleep(max((due - timezone.now()).total_seconds(), 0) + 0.05)


def baseline(messages: int, payload: dict, args) -> float:
    """
    Seconds to post ``messages`` JSON messages straight to a fake that never fails but
    is as slow on every n-th call: what the same posts cost without the outbox.
    """
    from targets.notify.base import post_json

    fake = FakePlatforms(slow_every=args.slow_every, slow_seconds=args.slow_seconds)
    with FakeServer(fake) as url:
        start = time.perf_counter()
        for _n in range(messages):
            post_json(f"{url}/cgi-bin/webhook/send?key=k", payload, timeout=10)
        return time.perf_counter() - start


def run(args, connection) -> None:
    from django.db.models import Count, Sum

    from targets.choices import DeliveryState
    from targets.models import Delivery

    if args.workers > 1 and connection.vendor != "postgresql":
        sys.exit("--workers needs PostgreSQL (DATABASE_URL): SQLite's test database is in memory")
    fake = FakePlatforms(
        fail_every=args.fail_every, slow_every=args.slow_every, slow_seconds=args.slow_seconds
    )
    with FakeServer(fake) as url:
        setup(args, url, fake.secrets)
        start = time.perf_counter()
        work(args, connection)
        elapsed = time.perf_counter() - start

    codes = Counter(
        code
        for received in fake.accepted
        for text in payload_texts(received)
        for code in CODE.findall(text)
    )
    states = dict(Delivery.objects.values_list("state").annotate(n=Count("pk")))
    attempts = Delivery.objects.aggregate(total=Sum("attempts"))["total"]
    batches = Delivery.objects.filter(state=DeliveryState.SENT).values("batch").distinct().count()
    sample = fake.accepted[0].payload if fake.accepted else {"msgtype": "markdown"}
    bare = baseline(fake.calls, sample, args)

    print(f"machine: {machine()}")
    print(f"database: {connection.vendor}, worker processes: {args.workers}")
    print(
        f"events: {args.events} for {args.departments} robots; the fake fails every "
        f"{args.fail_every}rd call and waits {args.slow_seconds}s on every {args.slow_every}th"
    )
    print(f"time: {elapsed:.1f} s  ({args.events / elapsed:.0f} events/s)")
    print(
        f"messages posted: {fake.calls} (accepted {len(fake.accepted)}, "
        f"failed {fake.calls - len(fake.accepted)}), batches sent: {batches}"
    )
    print(f"retries: {attempts - args.events} (attempts {attempts} for {args.events} events)")
    print(f"states: {states}")
    print(
        f"arrived: {len(codes)}, duplicates: {sum(n - 1 for n in codes.values())}, "
        f"missing: {args.events - len(codes)}, rejected payloads: {len(fake.rejected)}"
    )
    print(
        f"baseline: the same {fake.calls} posts straight to a fake that never fails "
        f"(as slow on every {args.slow_every}th): "
        f"{bare:.1f} s; outbox / baseline: {elapsed / bare:.2f}×"
    )


if __name__ == "__main__":
    main()
