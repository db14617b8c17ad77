"""Signing in and out, the language switch, and where each role lands."""

import pytest
from django.urls import reverse

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def test_login_page_is_chinese_by_default_even_for_an_english_browser(client):
    response = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="zh-hans">' in html
    assert "登录" in html


def test_login_wrong_password_says_so_in_chinese(client, staff_a):
    response = client.post(reverse("login"), {"username": "staff_a", "password": "wrong"})
    assert response.status_code == 200
    assert "请输入一个正确的用户名和密码" in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize(
    ("who", "target"),
    [
        ("staff_a", "department"),
        ("supervisor", "dashboard"),
        ("leader", "dashboard"),
        ("admin", "dashboard"),
    ],
)
def test_login_sends_each_role_where_it_works(client, who, target, request):
    user = request.getfixturevalue(who)
    response = client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    home = client.get(response.url)
    expected = (
        reverse("targets:department_detail", args=[user.department_id])
        if target == "department"
        else reverse("targets:dashboard")
    )
    assert home.status_code == 302
    assert home.url == expected


def test_home_anonymous_redirects_to_login(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response.url == reverse("login") + "?next=/"


def test_logout_is_a_post_and_ends_the_session(client_for, staff_a):
    client = client_for(staff_a)
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert client.get(reverse("targets:dashboard")).status_code == 302
    assert "_auth_user_id" not in client.session


def test_language_switch_to_english_and_back(client_for, leader):
    client = client_for(leader)
    dashboard = reverse("targets:dashboard")
    response = client.post(reverse("set_language"), {"language": "en", "next": dashboard})
    assert response.status_code == 302
    html = client.get(dashboard).content.decode()
    assert '<html lang="en">' in html
    assert "Dashboard" in html
    client.post(reverse("set_language"), {"language": "zh-hans", "next": dashboard})
    assert "领导驾驶舱" in client.get(dashboard).content.decode()


def test_language_switch_works_before_signing_in(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": reverse("login")})
    assert response.status_code == 302
    assert "Sign in" in client.get(reverse("login")).content.decode()


def test_password_change_from_the_menu_in_luoshi_s_own_page(client, staff_a):
    client.post(reverse("login"), {"username": "staff_a", "password": PASSWORD})
    home = client.get(reverse("targets:department_detail", args=[staff_a.department_id]))
    assert f'href="{reverse("password_change")}"' in home.content.decode()
    page = client.get(reverse("password_change")).content.decode()
    assert "修改密码" in page and "Django" not in page
    wrong = client.post(
        reverse("password_change"),
        {
            "old_password": "wrong",
            "new_password1": "洛书New密码2023",
            "new_password2": "洛书New密码2023",
        },
    )
    assert "你的旧密码不正确" in wrong.content.decode()
    response = client.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "洛书New密码2023",
            "new_password2": "洛书New密码2023",
        },
        follow=True,
    )
    assert 'id="password-changed"' in response.content.decode()
    staff_a.refresh_from_db()
    assert staff_a.check_password("洛书New密码2023")


@pytest.mark.parametrize(
    "path",
    ["/accounts/password_reset/", "/accounts/password_reset/done/", "/accounts/reset/MQ/x-y/"],
)
def test_no_password_reset_pages_for_anonymous_visitors(client, path):
    """Accounts are the administrator's: a forgotten password is reset by them."""
    assert client.get(path).status_code == 404
    assert client.post(path, {"email": "staff_a@example.org"}).status_code == 404
