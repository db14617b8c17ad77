"""
What an administrator does to accounts in the admin — disable, enable, lift
sign-in locks, change a role, a department or permissions — takes effect at
once and is in the audit log: who did it, to whom, what changed.
"""

import pytest
from axes.models import AccessAttempt
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.auth.models import Group, Permission
from django.test import Client
from django.urls import reverse

from accounts.audit import describe
from accounts.choices import AuditAction, Role
from accounts.models import AuditEntry, User
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:accounts_user_changelist")


@pytest.fixture
def admin_client(admin):
    client = Client(REMOTE_ADDR="10.0.0.9")
    client.force_login(admin)
    return client


def act(client, action, *users):
    return client.post(
        CHANGELIST, {"action": action, ACTION_CHECKBOX_NAME: [u.pk for u in users]}, follow=True
    )


def entries(action) -> list[tuple[str, str, str]]:
    """(who, from where, to whom) of the log's entries of ``action``, oldest first."""
    return [
        (e.actor_name, e.ip, e.target)
        for e in AuditEntry.objects.filter(action=action).order_by("at", "pk")
    ]


def can_sign_in(username, password=PASSWORD) -> bool:
    response = Client().post(reverse("login"), {"username": username, "password": password})
    return response.status_code == 302


def edit(client, user, **changes):
    """Save the user's admin change form with ``changes``, the rest as it was."""
    data = {
        "username": user.username,
        "role": user.role,
        "department": user.department_id or "",
        "last_name": user.last_name,
        "first_name": user.first_name,
        "email": user.email,
        "phone": user.phone,
        "is_active": "on" if user.is_active else "",
        "is_staff": "on" if user.is_staff else "",
        "is_superuser": "on" if user.is_superuser else "",
        "groups": [g.pk for g in user.groups.all()],
        "user_permissions": [p.pk for p in user.user_permissions.all()],
    }
    data.update(changes)
    data = {k: v for k, v in data.items() if v not in ("", None)}
    response = client.post(reverse("admin:accounts_user_change", args=[user.pk]), data)
    assert response.status_code == 302, response.content.decode()[:3000]


def test_disable_signs_the_user_out_and_keeps_them_out(admin_client, staff_a):
    session = Client()
    session.force_login(staff_a)
    response = act(admin_client, "disable", staff_a)
    assert "已停用 1 个账号。" in response.content.decode()
    assert session.get("/").url.startswith(reverse("login"))
    assert not can_sign_in("staff_a")
    assert entries(AuditAction.ACCOUNT_DISABLED) == [("admin", "10.0.0.9", "staff_a")]


def test_an_administrator_cannot_disable_themselves(admin_client, admin, staff_a):
    response = act(admin_client, "disable", admin, staff_a)
    assert "不能停用自己的账号。" in response.content.decode()
    assert User.objects.filter(is_active=True).count() == 2
    assert entries(AuditAction.ACCOUNT_DISABLED) == []


def test_enable_lets_the_user_back_in(admin_client, staff_a):
    User.objects.filter(pk=staff_a.pk).update(is_active=False)
    response = act(admin_client, "enable", staff_a)
    assert "已启用 1 个账号。" in response.content.decode()
    assert can_sign_in("staff_a")
    staff_a.refresh_from_db()
    assert staff_a.enabled_at is not None
    assert entries(AuditAction.ACCOUNT_ENABLED) == [("admin", "10.0.0.9", "staff_a")]


def test_unlock_lifts_the_lock_on_every_address(admin_client, staff_a):
    for address in ("10.0.3.25", "10.0.3.26"):
        for _ in range(5):
            Client(REMOTE_ADDR=address).post(
                reverse("login"), {"username": "staff_a", "password": "wrong"}
            )
    assert AccessAttempt.objects.filter(username="staff_a").count() == 2
    response = act(admin_client, "unlock", staff_a)
    assert "已清除 2 次登录失败记录" in response.content.decode()
    assert can_sign_in("staff_a")
    assert entries(AuditAction.ACCOUNT_UNLOCKED) == [("admin", "10.0.0.9", "staff_a")]


def test_deleting_a_lock_in_the_axes_admin_is_recorded(admin_client, staff_a):
    for _ in range(5):
        Client().post(reverse("login"), {"username": "staff_a", "password": "wrong"})
    attempt = AccessAttempt.objects.get(username="staff_a")
    url = reverse("admin:axes_accessattempt_delete", args=[attempt.pk])
    assert admin_client.post(url, {"post": "yes"}).status_code == 302
    assert can_sign_in("staff_a")
    assert entries(AuditAction.ACCOUNT_UNLOCKED) == [("admin", "10.0.0.9", "staff_a")]


def test_role_and_department_changes_are_recorded_with_before_and_after(
    admin_client, staff_a, department_b
):
    edit(admin_client, staff_a, department=department_b.pk)
    edit(admin_client, User.objects.get(pk=staff_a.pk), role=Role.SUPERVISOR, department="")
    department, role = (
        AuditEntry.objects.filter(action=AuditAction.DEPARTMENT_CHANGED).order_by("pk"),
        AuditEntry.objects.get(action=AuditAction.ROLE_CHANGED),
    )
    assert [describe(e) for e in department] == [
        "单位：洪山区发展和改革局 → 洪山区科学技术局",
        "单位：洪山区科学技术局 → —",
    ]
    assert describe(role) == "角色：填报员 → 督查室"
    assert (role.actor_name, role.target, role.ip) == ("admin", "staff_a", "10.0.0.9")


def test_an_edit_that_changes_nothing_records_nothing(admin_client, staff_a):
    edit(admin_client, staff_a, first_name="三")
    assert not AuditEntry.objects.exclude(action=AuditAction.SIGN_IN).exists()


def test_permission_changes_are_recorded(admin_client, supervisor):
    group = Group.objects.create(name="审计员")
    permission = Permission.objects.get(codename="view_auditentry")
    edit(
        admin_client, supervisor, is_staff="on", groups=[group.pk], user_permissions=[permission.pk]
    )
    entry = AuditEntry.objects.get(action=AuditAction.PERMISSIONS_CHANGED)
    assert entry.target == "supervisor"
    assert entry.details == {
        "is_staff": [False, True],
        "groups": [[], ["审计员"]],
        "user_permissions": [[], ["accounts.view_auditentry"]],
    }


def test_disabling_in_the_change_form_is_recorded(admin_client, staff_a):
    edit(admin_client, staff_a, is_active="")
    assert entries(AuditAction.ACCOUNT_DISABLED) == [("admin", "10.0.0.9", "staff_a")]


def test_a_groups_permissions_changed_or_deleted_are_recorded(admin_client):
    group = Group.objects.create(name="审计员")
    view = Permission.objects.get(codename="view_auditentry")
    url = reverse("admin:auth_group_change", args=[group.pk])
    assert admin_client.post(url, {"name": "审计员", "permissions": [view.pk]}).status_code == 302
    delete = reverse("admin:auth_group_delete", args=[group.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 302
    changed, deleted = AuditEntry.objects.filter(action=AuditAction.PERMISSIONS_CHANGED).order_by(
        "pk"
    )
    assert changed.details == {"added": ["accounts.view_auditentry"], "removed": []}
    assert deleted.details == {"removed": ["accounts.view_auditentry"], "deleted": True}
    assert changed.target == deleted.target == "审计员"


def test_creating_and_deleting_an_account_are_recorded(admin_client, department_a):
    admin_client.post(
        reverse("admin:accounts_user_add"),
        {
            "username": "wang.wu",
            "role": Role.STAFF,
            "department": department_a.pk,
            "password1": "Given#2023x",
            "password2": "Given#2023x",
        },
    )
    user = User.objects.get(username="wang.wu")
    created = AuditEntry.objects.get(action=AuditAction.ACCOUNT_CREATED)
    assert created.target == "wang.wu"
    assert describe(created) == "角色：— → 填报员；单位：— → 洪山区发展和改革局"
    url = reverse("admin:accounts_user_delete", args=[user.pk])
    assert admin_client.post(url, {"post": "yes"}).status_code == 302
    assert entries(AuditAction.ACCOUNT_DELETED) == [("admin", "10.0.0.9", "wang.wu")]
    # The entries about the account stay as they were.
    assert AuditEntry.objects.filter(target="wang.wu").count() == 2
