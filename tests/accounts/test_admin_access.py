"""The Django admin opens to administrators only, whatever ``is_staff`` says."""

import pytest
from django.urls import reverse

from accounts.choices import Role
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

ADMIN_LINK = 'href="/admin/"'


@pytest.mark.parametrize("role", [Role.STAFF, Role.SUPERVISOR, Role.LEADER])
def test_admin_is_closed_to_other_roles_even_with_is_staff(client_for, department_a, role):
    user = UserFactory(role=role, department=department_a, is_staff=True)
    client = client_for(user)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))
    assert client.get(reverse("admin:accounts_user_changelist")).status_code == 302
    assert ADMIN_LINK not in client.get(reverse("targets:dashboard")).content.decode()


def test_admin_sign_in_refuses_a_supervisor_with_is_staff(client, db):
    UserFactory(username="dc", role=Role.SUPERVISOR, department=None, is_staff=True)
    response = client.post(reverse("admin:login"), {"username": "dc", "password": PASSWORD})
    assert response.status_code == 200
    assert "只有管理员可以进入管理后台。" in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize(
    ("role", "is_superuser"), [(Role.ADMIN, False), (Role.ADMIN, True), (Role.LEADER, True)]
)
def test_admin_opens_to_administrators(client_for, db, role, is_superuser):
    user = UserFactory(role=role, department=None, is_staff=True, is_superuser=is_superuser)
    client = client_for(user)
    assert client.get(reverse("admin:index")).status_code == 200
    assert ADMIN_LINK in client.get(reverse("targets:dashboard")).content.decode()


def test_admin_role_without_is_staff_stays_out(client_for, db):
    user = UserFactory(role=Role.ADMIN, department=None, is_staff=False)
    assert client_for(user).get(reverse("admin:index")).status_code == 302


def test_admin_sign_in_lets_an_administrator_in(client, admin):
    response = client.post(
        reverse("admin:login"), {"username": "admin", "password": PASSWORD, "next": "/admin/"}
    )
    assert response.status_code == 302
    assert client.get(reverse("admin:index")).status_code == 200
