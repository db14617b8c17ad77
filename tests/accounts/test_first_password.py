"""
A password an administrator set (a reset, a new account, the admin's password
page) or one past its age must be replaced before anything else: every page
leads to the password page, which says why, until the user has chosen their own.
"""

import datetime
import io
import re

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.choices import Role
from accounts.models import AuditEntry, User
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:accounts_user_changelist")
MUST_CHANGE = "你的密码是管理员设置的：请先设置自己的密码再继续。"


def reset(admin_client, *users):
    """The reset action, confirmed: the page of slips."""
    data = {"action": "reset_passwords", ACTION_CHECKBOX_NAME: [u.pk for u in users]}
    asked = admin_client.post(CHANGELIST, data)
    assert asked.status_code == 200
    assert "以下账号将各获得一个新的初始密码" in asked.content.decode()
    return admin_client.post(CHANGELIST, {**data, "confirm": "yes"})


def slips(response) -> dict[str, str]:
    """Account → first password, read off the slips page."""
    html = response.content.decode()
    found = re.findall(
        r'<td class="slip-account">([^<]+)</td></tr>\s*'
        r'<tr><th>初始密码</th><td class="first-password">([^<]+)</td>',
        html,
    )
    return dict(found)


@pytest.fixture
def admin_client(admin):
    client = Client()
    client.force_login(admin)
    return client


def sign_in(username, password) -> Client:
    client = Client()
    response = client.post(reverse("login"), {"username": username, "password": password})
    assert response.status_code == 302, response.content.decode()[:300]
    return client


def test_reset_shows_each_first_password_once_and_the_old_one_stops_working(
    admin_client, staff_a, staff_b
):
    response = reset(admin_client, staff_a, staff_b)
    assert "no-store" in response["Cache-Control"]
    passwords = slips(response)
    assert set(passwords) == {"staff_a", "staff_b"}
    assert passwords["staff_a"] != passwords["staff_b"]
    html = response.content.decode()
    assert "这些密码只显示这一次" in html and "http://testserver/" in html
    staff_a.refresh_from_db()
    assert staff_a.must_change_password
    assert not staff_a.check_password(PASSWORD)
    assert staff_a.check_password(passwords["staff_a"])
    # Kept nowhere: not in the database in the clear, not in the page asked for again.
    assert passwords["staff_a"] not in admin_client.get(CHANGELIST).content.decode()


def test_reset_needs_the_confirmation(admin_client, staff_a):
    data = {"action": "reset_passwords", ACTION_CHECKBOX_NAME: [staff_a.pk]}
    admin_client.post(CHANGELIST, data)
    staff_a.refresh_from_db()
    assert staff_a.check_password(PASSWORD) and not staff_a.must_change_password


def test_first_sign_in_leads_to_the_password_page_until_changed(admin_client, staff_a):
    password = slips(reset(admin_client, staff_a))["staff_a"]
    client = sign_in("staff_a", password)
    department = reverse("targets:department_detail", args=[staff_a.department_id])
    for url in ["/", department, reverse("targets:dashboard"), reverse("admin:index")]:
        response = client.get(url)
        assert response.status_code == 302 and response.url == reverse("password_change"), url
    page = client.get(reverse("password_change")).content.decode()
    assert MUST_CHANGE in page
    assert ">取消</a>" not in page  # nowhere else to go
    # The language switch and signing out stay open.
    assert client.post(reverse("set_language"), {"language": "en", "next": "/"}).url == "/"

    response = client.post(
        reverse("password_change"),
        {"old_password": password, "new_password1": "Mine#2024", "new_password2": "Mine#2024"},
    )
    assert response.status_code == 302
    staff_a.refresh_from_db()
    assert not staff_a.must_change_password
    assert client.get(department).status_code == 200  # still signed in, and free to go on


def test_a_user_who_must_change_can_sign_out(staff_a):
    User.objects.filter(pk=staff_a.pk).update(must_change_password=True)
    client = sign_in("staff_a", PASSWORD)
    response = client.post(reverse("logout"))
    assert response.status_code == 302 and response.url == reverse("login")
    assert "_auth_user_id" not in client.session


def test_the_new_password_must_differ_from_the_first(admin_client, staff_a):
    password = slips(reset(admin_client, staff_a))["staff_a"]
    client = sign_in("staff_a", password)
    response = client.post(
        reverse("password_change"),
        {"old_password": password, "new_password1": password, "new_password2": password},
    )
    assert response.status_code == 200
    assert "你最近用过这个密码" in response.content.decode()
    staff_a.refresh_from_db()
    assert staff_a.must_change_password


def test_reset_lifts_a_sign_in_lock(admin_client, staff_a):
    for _ in range(5):
        Client().post(reverse("login"), {"username": "staff_a", "password": "wrong"})
    assert (
        Client().post(reverse("login"), {"username": "staff_a", "password": PASSWORD}).status_code
        == 429
    )
    password = slips(reset(admin_client, staff_a))["staff_a"]
    sign_in("staff_a", password)


def test_an_account_made_in_the_admin_must_change_its_first_password(admin_client, department_a):
    response = admin_client.post(
        reverse("admin:accounts_user_add"),
        {
            "username": "wang.wu",
            "role": Role.STAFF,
            "department": department_a.pk,
            "password1": "Given#2023x",
            "password2": "Given#2023x",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    user = User.objects.get(username="wang.wu")
    assert user.must_change_password
    client = sign_in("wang.wu", "Given#2023x")
    assert client.get("/").url == reverse("password_change")


def test_a_password_set_on_the_admin_password_page_must_be_changed(admin_client, admin, staff_a):
    url = reverse("admin:auth_user_password_change", args=[staff_a.pk])
    response = admin_client.post(url, {"password1": "Given#2023x", "password2": "Given#2023x"})
    assert response.status_code == 302
    staff_a.refresh_from_db()
    assert staff_a.must_change_password and staff_a.check_password("Given#2023x")
    # An administrator setting their own password there chose it themselves.
    own = reverse("admin:auth_user_password_change", args=[admin.pk])
    admin_client.post(own, {"password1": "Mine#2023xy", "password2": "Mine#2023xy"})
    admin.refresh_from_db()
    assert admin.check_password("Mine#2023xy") and not admin.must_change_password


@pytest.mark.parametrize(("age", "sent"), [(89, False), (91, True)])
def test_an_expired_password_must_be_changed(settings, staff_a, age, sent):
    settings.PASSWORD_MAX_AGE_DAYS = 90
    changed = timezone.now() - datetime.timedelta(days=age)
    User.objects.filter(pk=staff_a.pk).update(password_changed_at=changed)
    client = sign_in("staff_a", PASSWORD)
    response = client.get("/")
    assert (response.url == reverse("password_change")) == sent
    if sent:
        page = client.get(reverse("password_change")).content.decode()
        assert "你的密码已使用超过 90 天：请先设置新密码再继续。" in page


def test_passwords_do_not_expire_by_default(staff_a):
    long_ago = timezone.now() - datetime.timedelta(days=3650)
    User.objects.filter(pk=staff_a.pk).update(password_changed_at=long_ago)
    client = sign_in("staff_a", PASSWORD)
    assert client.get("/").url != reverse("password_change")


def test_setting_a_password_dates_it(department_a):
    user = UserFactory(department=department_a)
    assert timezone.now() - user.password_changed_at < datetime.timedelta(minutes=1)


def test_reset_password_command_prints_a_first_password_once(staff_a):
    User.objects.filter(pk=staff_a.pk).update(is_active=False)
    out = io.StringIO()
    call_command("reset_password", "staff_a", "--enable", stdout=out)
    password = re.search(r"New first password for staff_a: (\S+)", out.getvalue()).group(1)
    client = sign_in("staff_a", password)
    assert client.get("/").url == reverse("password_change")
    entries = AuditEntry.objects.order_by("pk")
    assert [(e.action, e.target, e.details) for e in entries][:2] == [
        ("password_reset", "staff_a", {"source": "command"}),
        ("account_enabled", "staff_a", {"source": "command"}),
    ]
    with pytest.raises(CommandError):
        call_command("reset_password", "nobody")
