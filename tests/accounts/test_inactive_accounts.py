"""
``manage.py disable_inactive_accounts`` (cron): an account nobody used for
``ACCOUNT_INACTIVE_DAYS`` days (90) is disabled and the log says so; using it,
creating it, resetting its password or enabling it again starts the days anew.
"""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.choices import AuditAction, Role
from accounts.models import AuditEntry, User
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def ago(days):
    return timezone.now() - datetime.timedelta(days=days)


def account(name, department, *, joined, signed_in=None, changed=None, **fields):
    """A user created ``joined`` days ago, last signed in and password set so many days ago."""
    user = UserFactory(username=name, department=department, **fields)
    User.objects.filter(pk=user.pk).update(
        date_joined=ago(joined),
        last_login=ago(signed_in) if signed_in is not None else None,
        password_changed_at=ago(changed if changed is not None else joined),
    )
    return user


def run(*args) -> str:
    out = io.StringIO()
    call_command("disable_inactive_accounts", *args, stdout=out)
    return out.getvalue()


def active() -> set[str]:
    return set(User.objects.filter(is_active=True).values_list("username", flat=True))


@pytest.fixture
def accounts(department_a):
    account("used_lately", department_a, joined=400, signed_in=89)
    account("unused", department_a, joined=400, signed_in=91)
    account("never_used_new", department_a, joined=10)
    account("never_used_old", department_a, joined=100)
    account("reset_lately", department_a, joined=400, signed_in=200, changed=5)
    account(
        "root", None, joined=400, signed_in=300, role=Role.ADMIN, is_staff=True, is_superuser=True
    )


def test_disables_the_accounts_unused_for_90_days(accounts):
    out = run()
    assert active() == {"used_lately", "never_used_new", "reset_lately", "root"}
    assert out.splitlines() == [
        "disabled never_used_old",
        "disabled unused",
        "2 account(s) unused for 90 days disabled.",
    ]
    entries = AuditEntry.objects.filter(action=AuditAction.ACCOUNT_DISABLED).order_by("target")
    assert [(e.target, e.actor_name, e.details) for e in entries] == [
        ("never_used_old", "", {"days": 90, "source": "command"}),
        ("unused", "", {"days": 90, "source": "command"}),
    ]
    refused = Client().post(reverse("login"), {"username": "unused", "password": PASSWORD})
    assert refused.status_code == 200  # the sign-in form again, with its error


def test_a_second_run_disables_nothing_more(accounts):
    run()
    assert run().splitlines() == ["No account unused for 90 days."]
    assert AuditEntry.objects.filter(action=AuditAction.ACCOUNT_DISABLED).count() == 2


def test_dry_run_lists_and_changes_nothing(accounts):
    out = run("--dry-run")
    assert "would disable unused" in out and "would disable never_used_old" in out
    assert len(active()) == 6
    assert not AuditEntry.objects.exists()


def test_days_from_the_option_and_the_setting(accounts, settings):
    run("--days", "95")
    assert active() == {"used_lately", "unused", "never_used_new", "reset_lately", "root"}
    settings.ACCOUNT_INACTIVE_DAYS = 0
    assert "no account is disabled" in run()
    with pytest.raises(CommandError):
        run("--days", "-1")


def test_an_account_enabled_again_gets_its_days_anew(accounts, admin):
    run()
    client = Client()
    client.force_login(admin)
    unused = User.objects.get(username="unused")
    client.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "enable", "_selected_action": [unused.pk]},
    )
    run()
    assert "unused" in active()
