"""
Sign-in throttling (django-axes): five wrong passwords for one user from one
address lock that user on that address for 15 minutes, and nothing else.

Requests come "through nginx": REMOTE_ADDR is the proxy, and the client's
address is the last one in X-Forwarded-For (TRUSTED_PROXY_COUNT = 1).
"""

from datetime import timedelta
from io import StringIO

import axes.handlers.proxy
import pytest
from axes.models import AccessAttempt
from django.core.management import call_command
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from accounts.client_ip import client_ip
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

NGINX = "10.0.0.2"
OFFICE = "10.0.0.5"
ELSEWHERE = "10.0.8.17"
LOCKED = "登录已暂停"


@pytest.fixture(autouse=True)
def _behind_nginx(settings):
    settings.TRUSTED_PROXY_COUNT = 1


def sign_in(client, username, password, *, ip=OFFICE, forwarded_for=None):
    """POST the sign-in form as nginx passes it on: the client's address appended."""
    header = f"{forwarded_for}, {ip}" if forwarded_for else ip
    return client.post(
        reverse("login"),
        {"username": username, "password": password},
        REMOTE_ADDR=NGINX,
        HTTP_X_FORWARDED_FOR=header,
    )


def lock_out(client, username="staff_a", ip=OFFICE):
    responses = [sign_in(client, username, "wrong", ip=ip) for _ in range(5)]
    assert [r.status_code for r in responses] == [200, 200, 200, 200, 429]
    return responses[-1]


def signed_in(response) -> bool:
    return response.status_code == 302 and response.url == "/"


@pytest.fixture
def later(monkeypatch):
    """``later(minutes)``: axes sees every following attempt that many minutes from now."""

    def move(minutes):
        moved = timezone.now() + timedelta(minutes=minutes)
        monkeypatch.setattr(axes.handlers.proxy, "now", lambda: moved)

    return move


def test_throttle_settings():
    from django.conf import settings

    assert settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]
    assert settings.AXES_FAILURE_LIMIT == 5
    assert settings.AXES_COOLOFF_TIME == timedelta(minutes=15)
    assert settings.AXES_HANDLER == "axes.handlers.database.AxesDatabaseHandler"
    assert settings.AXES_RESET_ON_SUCCESS is True
    assert settings.AUTHENTICATION_BACKENDS[0] == "axes.backends.AxesStandaloneBackend"
    assert "axes.middleware.AxesMiddleware" in settings.MIDDLEWARE


def test_throttle_five_wrong_passwords_lock_the_user_on_that_address(client, staff_a):
    response = lock_out(client)

    html = response.content.decode()
    assert response.status_code == 429
    assert '<html lang="zh-hans">' in html
    assert LOCKED in html
    assert "请在 15 分钟后再试。" in html
    assert "请联系落实系统管理员（督查室）重置密码或解除锁定。" in html
    attempt = AccessAttempt.objects.get()
    assert (attempt.username, attempt.ip_address, attempt.failures_since_start) == (
        "staff_a",
        OFFICE,
        5,
    )


def test_throttle_four_wrong_passwords_do_not_lock(client, staff_a):
    for _ in range(4):
        assert sign_in(client, "staff_a", "wrong").status_code == 200
    assert signed_in(sign_in(client, "staff_a", PASSWORD))


def test_throttle_right_password_on_the_locked_address_is_refused(client, staff_a):
    lock_out(client)
    response = sign_in(client, "staff_a", PASSWORD)
    assert response.status_code == 429
    assert LOCKED in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_throttle_colleague_on_the_same_office_address_still_signs_in(client, staff_a, staff_a2):
    lock_out(client)
    assert signed_in(sign_in(client, "staff_a2", PASSWORD))


def test_throttle_same_user_from_another_address_still_signs_in(client, staff_a):
    lock_out(client)
    assert signed_in(sign_in(client, "staff_a", PASSWORD, ip=ELSEWHERE))


def test_throttle_lock_lifts_after_the_cool_off(client, staff_a, later):
    lock_out(client)
    later(14)
    assert sign_in(client, "staff_a", PASSWORD).status_code == 429
    # Every attempt during the lockout starts the 15 minutes again (the page says so).
    later(14 + 14)
    assert sign_in(client, "staff_a", PASSWORD).status_code == 429
    later(14 + 14 + 16)
    assert signed_in(sign_in(client, "staff_a", PASSWORD))


def test_throttle_spoofed_forwarded_for_does_not_escape_the_lock(client, staff_a):
    # Each wrong password claims another address first; nginx's last one is what counts.
    for n in range(4):
        sign_in(client, "staff_a", "wrong", forwarded_for=f"203.0.113.{n}")
    assert sign_in(client, "staff_a", "wrong", forwarded_for="203.0.113.9").status_code == 429
    response = sign_in(client, "staff_a", PASSWORD, forwarded_for=ELSEWHERE)
    assert response.status_code == 429
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {OFFICE}


def test_throttle_success_resets_the_count(client, staff_a):
    for _ in range(4):
        sign_in(client, "staff_a", "wrong")
    assert signed_in(sign_in(client, "staff_a", PASSWORD))
    client.post(reverse("logout"))
    for _ in range(4):
        assert sign_in(client, "staff_a", "wrong").status_code == 200
    assert signed_in(sign_in(client, "staff_a", PASSWORD))


@pytest.mark.parametrize(
    "command",
    [("axes_reset",), ("axes_reset_username", "staff_a"), ("axes_reset_ip", OFFICE)],
    ids=lambda c: c[0],
)
def test_throttle_reset_commands_lift_the_lock(client, staff_a, command):
    lock_out(client)
    call_command(*command, stdout=StringIO())
    assert not AccessAttempt.objects.exists()
    assert signed_in(sign_in(client, "staff_a", PASSWORD))


def test_throttle_reset_username_leaves_other_locks(client, staff_a, staff_b):
    lock_out(client, "staff_a")
    lock_out(client, "staff_b")
    call_command("axes_reset_username", "staff_a", stdout=StringIO())
    assert signed_in(sign_in(client, "staff_a", PASSWORD))
    client.post(reverse("logout"))
    assert sign_in(client, "staff_b", PASSWORD).status_code == 429


def test_throttle_admin_lists_the_lock(client_for, client, admin, staff_a):
    lock_out(client)
    html = client_for(admin).get(reverse("admin:axes_accessattempt_changelist")).content.decode()
    assert "staff_a" in html
    assert OFFICE in html
    assert (
        client_for(admin).get(reverse("admin:axes_accessfailurelog_changelist")).status_code == 200
    )


# -- the client's address ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("count", "forwarded_for", "expected"),
    [
        (0, "203.0.113.7", NGINX),  # no proxy: the header is the client's invention
        (1, "", NGINX),  # not through nginx
        (1, OFFICE, OFFICE),
        (1, f"203.0.113.7, {OFFICE}", OFFICE),  # the first hop is whatever the browser sent
        (1, f"203.0.113.7,{OFFICE} ", OFFICE),
        (2, f"203.0.113.7, {OFFICE}, 10.0.0.3", OFFICE),  # two proxies
        (2, OFFICE, NGINX),  # fewer hops than proxies: not trusted
        (1, "not-an-address", NGINX),
        (1, "2001:db8::1", "2001:db8::1"),
    ],
)
def test_client_ip(settings, count, forwarded_for, expected):
    settings.TRUSTED_PROXY_COUNT = count
    request = RequestFactory().get("/", REMOTE_ADDR=NGINX, HTTP_X_FORWARDED_FOR=forwarded_for)
    assert client_ip(request) == expected
