"""Sessions: a new key at sign-in, and signing out after idling or after a working day."""

import types

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

import accounts.middleware
from accounts.middleware import SEEN_KEY, SIGNED_IN_KEY
from tests.factories import PASSWORD
from tests.html import messages_of

pytestmark = pytest.mark.django_db

START = 1_700_000_000  # seconds since the epoch; only differences matter
MINUTE = 60
HOUR = 60 * MINUTE


@pytest.fixture
def clock(monkeypatch):
    """The middleware's clock, moved by hand: ``clock.now += 31 * MINUTE``."""
    fake = types.SimpleNamespace(now=START)
    monkeypatch.setattr(accounts.middleware, "time", types.SimpleNamespace(time=lambda: fake.now))
    return fake


def test_login_cycles_the_session_key(client, staff_a):
    session = client.session  # an anonymous session, as a visitor (or a planted cookie) has
    session["planted"] = True
    session.save()
    before = session.session_key
    assert client.cookies[settings.SESSION_COOKIE_NAME].value == before

    response = client.post(reverse("login"), {"username": "staff_a", "password": PASSWORD})

    assert response.status_code == 302
    after = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert after != before
    assert not Session.objects.filter(session_key=before).exists()
    assert client.session["_auth_user_id"] == str(staff_a.pk)


def test_session_cookie_is_http_only_and_lasts_no_longer_than_a_working_day():
    assert settings.SESSION_COOKIE_HTTPONLY is True
    assert settings.SESSION_IDLE_TIMEOUT == 30 * MINUTE
    assert settings.SESSION_ABSOLUTE_TIMEOUT == 10 * HOUR
    assert settings.SESSION_COOKIE_AGE == settings.SESSION_ABSOLUTE_TIMEOUT


def test_session_idle_timeout_signs_out_with_the_reason(client_for, leader, clock):
    client = client_for(leader)
    dashboard = reverse("targets:dashboard")
    assert client.get(dashboard).status_code == 200

    clock.now += 30 * MINUTE
    response = client.get(dashboard)

    assert response.status_code == 302
    assert response.url == reverse("login") + "?next=" + dashboard
    assert "_auth_user_id" not in client.session
    page = client.get(response.url)
    assert messages_of(page) == ["您已超过30分钟未操作，请重新登录。"]
    assert "您已超过30分钟未操作，请重新登录。" in page.content.decode()


def test_session_just_under_the_idle_timeout_stays_signed_in(client_for, leader, clock):
    client = client_for(leader)
    dashboard = reverse("targets:dashboard")
    client.get(dashboard)
    clock.now += 30 * MINUTE - 1
    assert client.get(dashboard).status_code == 200
    assert client.session["_auth_user_id"] == str(leader.pk)


def test_session_active_user_is_not_signed_out_by_the_idle_timeout(client_for, leader, clock):
    client = client_for(leader)
    dashboard = reverse("targets:dashboard")
    for _ in range(12):  # a request every 20 minutes for four hours
        assert client.get(dashboard).status_code == 200
        clock.now += 20 * MINUTE
    assert client.get(dashboard).status_code == 200


def test_session_absolute_timeout_signs_out_even_an_active_user(client_for, leader, clock):
    client = client_for(leader)
    dashboard = reverse("targets:dashboard")
    while clock.now < START + 10 * HOUR - 20 * MINUTE:
        assert client.get(dashboard).status_code == 200
        clock.now += 20 * MINUTE
    clock.now = START + 10 * HOUR

    response = client.get(dashboard)

    assert response.status_code == 302
    assert "_auth_user_id" not in client.session
    page = client.get(response.url)
    assert messages_of(page) == ["您已连续登录超过10小时，请重新登录。"]


def test_session_signing_in_again_after_a_timeout_starts_afresh(client, leader, clock):
    client.post(reverse("login"), {"username": "leader", "password": PASSWORD})
    dashboard = reverse("targets:dashboard")
    client.get(dashboard)
    clock.now += 11 * HOUR
    assert client.get(dashboard).status_code == 302

    client.post(reverse("login"), {"username": "leader", "password": PASSWORD})
    assert client.get(dashboard).status_code == 200
    clock.now += 20 * MINUTE
    assert client.get(dashboard).status_code == 200


def test_session_post_after_the_timeout_goes_to_sign_in_then_home(client_for, leader, clock):
    client = client_for(leader)
    client.get(reverse("targets:dashboard"))
    clock.now += 31 * MINUTE
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert response.url == reverse("login") + "?next=/"


def test_session_last_activity_is_written_at_most_once_a_minute(client_for, leader, clock):
    client = client_for(leader)
    dashboard = reverse("targets:dashboard")
    client.get(dashboard)
    assert (client.session[SIGNED_IN_KEY], client.session[SEEN_KEY]) == (START, START)

    clock.now += 59
    client.get(dashboard)
    assert client.session[SEEN_KEY] == START  # not written again within the minute

    clock.now += 1
    client.get(dashboard)
    assert client.session[SEEN_KEY] == START + MINUTE
    assert client.session[SIGNED_IN_KEY] == START


def test_session_request_within_the_minute_does_not_write_the_session(client_for, leader, clock):
    client = client_for(leader)
    dashboard = reverse("targets:dashboard")
    client.get(dashboard)
    clock.now += 30
    with CaptureQueriesContext(connection) as queries:
        client.get(dashboard)
    writes = [
        q["sql"]
        for q in queries.captured_queries
        if "django_session" in q["sql"] and not q["sql"].lstrip().upper().startswith("SELECT")
    ]
    assert writes == []


def test_session_timeouts_follow_the_settings(client_for, leader, clock, settings):
    settings.SESSION_IDLE_TIMEOUT = 10 * MINUTE
    client = client_for(leader)
    client.get(reverse("targets:dashboard"))
    clock.now += 10 * MINUTE
    page = client.get(reverse("targets:dashboard"), follow=True)
    assert messages_of(page) == ["您已超过10分钟未操作，请重新登录。"]


def test_session_timeouts_leave_anonymous_pages_alone(client, clock):
    login = reverse("login")
    assert client.get(login).status_code == 200
    clock.now += 24 * HOUR
    response = client.get(login)
    assert response.status_code == 200
    assert list(response.context["messages"]) == []
    assert settings.SESSION_COOKIE_NAME not in client.cookies
    assert not Session.objects.exists()


def test_session_of_a_deactivated_user_no_longer_signs_in(client, staff_a):
    """The backend that reads the user with their department still refuses inactive users."""
    client.post(reverse("login"), {"username": "staff_a", "password": PASSWORD})
    assert client.get(reverse("password_change")).status_code == 200
    staff_a.is_active = False
    staff_a.save(update_fields=["is_active"])
    response = client.get(reverse("password_change"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_session_reads_the_user_with_their_department(client, staff_a, goal_a):
    client.post(reverse("login"), {"username": "staff_a", "password": PASSWORD})
    with CaptureQueriesContext(connection) as queries:
        # The menu names the user's department on every page.
        response = client.get(goal_a.get_absolute_url())
    assert "区发改局" in response.content.decode()
    department_reads = [
        q["sql"]
        for q in queries
        if q["sql"].startswith('SELECT "targets_department"')
        and "WHERE" in q["sql"]
        and '"targets_department"."id" =' in q["sql"]
    ]
    assert department_reads == []
