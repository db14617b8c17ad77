"""
What the 等保 2.0 account features cost.

1. A password change under the policy: ``validate_password`` with the full
   validator list and a history of PASSWORD_HISTORY earlier passwords, with
   Django's production hasher (PBKDF2), against one ``check_password`` — what
   a sign-in costs — measured in the same run.
2. The audit log page (/audit/) with ENTRIES entries (a district's year or
   more: 400 people signing in and out daily, with downloads and failures),
   unfiltered, filtered by one event and by one account, and a sign-in
   through the form (which now writes an entry), against the sign-in page.

Median server time through Django's test client (no network), query count,
ratio to the baseline. Not a test; nothing is asserted.

    .venv/bin/python bench/security.py [--entries 200000] [--repeat 15]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/luoshi_bench .venv/bin/python bench/security.py
"""

import argparse
import datetime
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DEBUG", "1")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

from bench.machine import machine
from bench.scratch import scratch_database

PASSWORD = "Bench#2023pass"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--entries", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()

    with scratch_database() as connection:
        print(f"machine: {machine()}")
        print(f"database: {connection.vendor}")
        passwords(args.repeat)
        audit_page(args)


def median_ms(action, repeat) -> float:
    action()  # warm up
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def passwords(repeat) -> None:
    from django.contrib.auth.hashers import check_password, get_hasher
    from django.contrib.auth.password_validation import validate_password
    from django.test import override_settings

    from accounts.choices import Role
    from accounts.models import User

    # The production hasher, whatever the test settings say.
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.PBKDF2PasswordHasher"]):
        user = User.objects.create(username="bench", role=Role.LEADER)
        for n in range(settings_history()):
            user.set_password(f"Earlier#{n}pass")
            user.save()
        encoded = user.password
        repeat = max(3, repeat // 3)
        baseline = median_ms(lambda: check_password("Earlier#0pass", encoded), repeat)
        policy = median_ms(lambda: validate_password("Brand#New2024", user), repeat)
        print(f"hasher: {get_hasher().algorithm}, {get_hasher().iterations} iterations")
        print(f"{'password':<44} {'median ms':>10} {'× baseline':>11}")
        print(f"{'baseline: one check_password (a sign-in)':<44} {baseline:>10.1f} {1:>11.1f}")
        print(f"{'validate_password, full policy':<44} {policy:>10.1f} {policy / baseline:>11.1f}")


def settings_history() -> int:
    from django.conf import settings

    return settings.PASSWORD_HISTORY


def audit_page(args) -> None:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from accounts.choices import AuditAction, Role
    from accounts.models import AuditEntry, User

    start = time.perf_counter()
    actions = [
        AuditAction.SIGN_IN,
        AuditAction.SIGN_OUT,
        AuditAction.SIGN_IN,
        AuditAction.SIGN_OUT,
        AuditAction.EXPORTED,
        AuditAction.SIGN_IN_FAILED,
    ]
    now = timezone.now()
    batch = []
    for n in range(args.entries):
        batch.append(
            AuditEntry(
                at=now - datetime.timedelta(minutes=n),
                action=actions[n % len(actions)],
                actor_name=f"user{n % 400}",
                ip=f"10.0.{n % 40}.{n % 250 + 1}",
                target=f"user{n % 400}",
            )
        )
        if len(batch) == 5000:
            AuditEntry.objects.bulk_create(batch)
            batch = []
    AuditEntry.objects.bulk_create(batch)
    print(f"data: {args.entries} audit entries (generated in {time.perf_counter() - start:.1f} s)")

    admin = User.objects.create(username="admin", role=Role.ADMIN, is_staff=True, is_superuser=True)
    admin.set_password(PASSWORD)
    admin.save()
    as_admin = Client()
    as_admin.force_login(admin)

    def timed(client, url):
        ms = median_ms(lambda: client.get(url), args.repeat)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return ms, len(queries)

    def sign_in():
        client = Client()
        response = client.post("/accounts/login/", {"username": "admin", "password": PASSWORD})
        assert response.status_code == 302

    baseline, base_queries = timed(Client(), "/accounts/login/")
    rows = [
        ("baseline: /accounts/login/", baseline, base_queries),
        ("/audit/", *timed(as_admin, "/audit/")),
        ("/audit/?action=sign_in_failed", *timed(as_admin, "/audit/?action=sign_in_failed")),
        ("/audit/?user=user17", *timed(as_admin, "/audit/?user=user17")),
        ("/audit/?ip=10.0.3.", *timed(as_admin, "/audit/?ip=10.0.3.")),
        ("POST /accounts/login/ (signs in)", median_ms(sign_in, args.repeat), None),
    ]
    print(f"{'page':<38} {'median ms':>10} {'× baseline':>11} {'queries':>8}")
    for name, ms, queries in rows:
        shown = "" if queries is None else queries
        print(f"{name:<38} {ms:>10.1f} {ms / baseline:>11.1f} {shown:>8}")


if __name__ == "__main__":
    main()
