"""Sessions: a new key at sign-in, and signing out after idling or after a working day."""

import types
from datetime import timedelta

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

import accounts.backends
import accounts.middleware
import accounts.sessions
from accounts.middleware import SEEN_KEY, SIGNED_IN_KEY
from accounts.models import Session
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


# -- the session and its user read in one query (accounts.sessions) ------------------------------


def _reads_of(queries, table):
    """The SELECTs whose main table is ``table``."""
    return [q["sql"] for q in queries if q["sql"].startswith(f'SELECT "{table}"')]


def test_session_and_user_are_read_in_one_query(client, staff_a):
    client.post(reverse("login"), {"username": "staff_a", "password": PASSWORD})
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("password_change"))
    assert response.status_code == 200
    assert response.context["user"] == staff_a
    sessions = _reads_of(queries, "accounts_session")
    assert len(sessions) == 1
    assert '"accounts_user"' in sessions[0] and '"targets_department"' in sessions[0]
    assert _reads_of(queries, "accounts_user") == []
    # The menu's department and bell come with it.
    assert "区发改局" in response.content.decode()


def test_session_row_names_its_user_and_sign_out_deletes_it(client, staff_a):
    client.post(reverse("login"), {"username": "staff_a", "password": PASSWORD})
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert Session.objects.get(session_key=key).user_id == staff_a.pk

    client.post(reverse("logout"))

    assert not Session.objects.filter(session_key=key).exists()
    assert client.get(reverse("password_change")).status_code == 302


def test_session_a_changed_password_signs_the_other_sessions_out(client_for, staff_a):
    elsewhere = Client()
    elsewhere.force_login(staff_a)
    here = client_for(staff_a)
    page = reverse("password_change")
    new = "Another#2024horse"
    response = here.post(
        page, {"old_password": PASSWORD, "new_password1": new, "new_password2": new}
    )
    assert response.status_code == 302

    assert here.get(page).status_code == 200  # update_session_auth_hash kept this one
    refused = elsewhere.get(page)
    assert refused.status_code == 302 and refused.url.startswith(reverse("login"))
    assert elsewhere.cookies[settings.SESSION_COOKIE_NAME].value == ""  # flushed


def test_session_of_a_deleted_user_no_longer_signs_in(client_for, staff_a):
    client = client_for(staff_a)
    staff_a.delete()
    response = client.get(reverse("password_change"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_session_whose_row_does_not_name_the_user_still_signs_in(client_for, staff_a):
    """A row written without the user (by Django's engine) is read as Django reads it."""
    client = client_for(staff_a)
    Session.objects.update(user=None)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("password_change"))
    assert response.status_code == 200 and response.context["user"] == staff_a
    assert len(_reads_of(queries, "accounts_user")) == 1  # the backend's own read


def test_session_naming_another_user_in_its_row_gets_the_datas_user(client_for, staff_a, leader):
    """The session's data decides whom it signs in; the row's copy is only a shortcut."""
    client = client_for(staff_a)
    Session.objects.update(user=leader)
    response = client.get(reverse("password_change"))
    assert response.status_code == 200 and response.context["user"] == staff_a


def test_session_made_under_an_old_secret_key_stays_signed_in_on_a_new_key(
    client_for, staff_a, settings
):
    """SECRET_KEY_FALLBACKS: the session's hash is made again under the new key, as Django does."""
    client = client_for(staff_a)
    before = client.cookies[settings.SESSION_COOKIE_NAME].value
    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = "a-new-secret-key-" + "x" * 40

    assert client.get(reverse("password_change")).status_code == 200
    after = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert after != before
    settings.SECRET_KEY_FALLBACKS = []
    assert client.get(reverse("password_change")).status_code == 200


def test_session_expired_is_refused(client_for, staff_a):
    client = client_for(staff_a)
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))
    response = client.get(reverse("password_change"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_clearsessions_removes_only_the_expired(client_for, staff_a, leader):
    client_for(staff_a)
    other = Client()
    other.force_login(leader)
    Session.objects.filter(user=leader).update(expire_date=timezone.now() - timedelta(seconds=1))

    call_command("clearsessions")

    assert list(Session.objects.values_list("user_id", flat=True)) == [staff_a.pk]


def test_session_is_read_by_another_app_server(client, staff_a):
    """Nothing of a session is kept in the process: a server that never saw it reads it."""
    client.post(reverse("login"), {"username": "staff_a", "password": PASSWORD})
    other_server = Client()
    other_server.cookies[settings.SESSION_COOKIE_NAME] = client.cookies[
        settings.SESSION_COOKIE_NAME
    ].value
    accounts.sessions._sessions_with_users.cache_clear()
    accounts.backends._signed_in_users.cache_clear()

    response = other_server.get(reverse("password_change"))

    assert response.status_code == 200 and response.context["user"] == staff_a
