"""
Sign-in through the office's directory (accounts/directory.py) against a real
OpenLDAP server (tests/accounts/slapd.py: Debian's slapd on loopback, with
people in ou=people and groups in ou=groups).

What a user and an administrator would check: a person of the directory signs
in with the directory's password and finds their account with their name,
department and role from the mapping table; the table's order decides; local
accounts keep working, even with the directory down; the sign-in lock still
applies; a person removed or disabled in the directory, or in no mapped group,
stays out, and no Luoshi password lets them back in.
"""

import subprocess
import sys
from io import StringIO

import pytest
from axes.models import AccessAttempt
from django.conf import settings as django_settings
from django.core.management import CommandError, call_command
from django.urls import reverse

from accounts.choices import AuditAction, DirectorySource, Role
from accounts.models import AuditEntry, DirectoryMapping, User
from tests.accounts import slapd
from tests.factories import PASSWORD, DirectoryMappingFactory, UserFactory

pytestmark = pytest.mark.django_db

BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "accounts.directory.DirectoryBackend",
    "accounts.backends.DepartmentModelBackend",
]
LOCKED = "登录已暂停"
WRONG = "请输入一个正确的用户名和密码"


def group_dn(cn):
    return f"cn={cn},{slapd.GROUPS}"


@pytest.fixture
def directory(settings, slapd_server):
    """Luoshi pointed at the test directory, as the environment would (config/settings.py)."""
    settings.AUTHENTICATION_BACKENDS = BACKENDS
    settings.LDAP_AUTH_URL = [slapd_server.url]
    settings.LDAP_AUTH_SEARCH_BASE = slapd.PEOPLE
    settings.LDAP_USER_BIND = f"uid={{username}},{slapd.PEOPLE}"
    settings.LDAP_AUTH_CONNECTION_USERNAME = None
    settings.LDAP_AUTH_CONNECTION_PASSWORD = None
    settings.LDAP_USER_FILTER = ""
    settings.LDAP_GROUP_SEARCH_BASE = ""
    return slapd_server


@pytest.fixture
def mappings(department_a, department_b):
    """The office's table: fgj-staff are A's staff, kjj-staff B's, and three roles."""
    return {
        "fgj": DirectoryMappingFactory(
            value=group_dn("fgj-staff"), department=department_a, role=""
        ),
        "kjj": DirectoryMappingFactory(value="KJJ-Staff", department=department_b, role=""),
        "duchashi": DirectoryMappingFactory(
            value=group_dn("duchashi"), department=None, role=Role.SUPERVISOR, priority=10
        ),
        "leaders": DirectoryMappingFactory(
            value=group_dn("leaders"), department=None, role=Role.LEADER
        ),
        "it": DirectoryMappingFactory(value="it-admins", department=None, role=Role.ADMIN),
    }


def sign_in(client, username, password=slapd.USER_PASSWORD):
    return client.post(reverse("login"), {"username": username, "password": password})


def signed_in(client, response) -> bool:
    return response.status_code == 302 and response.url == "/" and "_auth_user_id" in client.session


def refused(client, response) -> bool:
    return (
        response.status_code == 200
        and WRONG in response.content.decode()
        and ("_auth_user_id" not in client.session)
    )


def test_directory_is_off_unless_configured():
    # The suite runs without LDAP_URL, as a fresh installation does.
    assert "accounts.directory.DirectoryBackend" not in django_settings.AUTHENTICATION_BACKENDS
    assert django_settings.LDAP_AUTH_URL == []


def test_directory_is_switched_on_by_the_environment(tmp_path):
    script = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'config.settings'; "
        "from django.conf import settings as s; "
        "print(s.AUTHENTICATION_BACKENDS); print(s.LDAP_AUTH_URL, s.LDAP_USER_BIND)"
    )
    env = {
        "PATH": "/usr/bin:/bin",
        "DEBUG": "1",
        "LDAP_URL": "ldaps://dc1.hongshan.gov.cn,ldaps://dc2.hongshan.gov.cn",
        "LDAP_SEARCH_BASE": "dc=hongshan,dc=gov,dc=cn",
        "LDAP_USER_BIND": "{username}@hongshan.gov.cn",
    }
    out = subprocess.run(
        [sys.executable, "-c", script],
        env=env,
        cwd=django_settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    assert out[0] == str(BACKENDS)
    assert out[1] == (
        "['ldaps://dc1.hongshan.gov.cn', 'ldaps://dc2.hongshan.gov.cn'] {username}@hongshan.gov.cn"
    )
    env.pop("LDAP_SEARCH_BASE")
    failed = subprocess.run(
        [sys.executable, "-c", script], env=env, cwd=django_settings.BASE_DIR, capture_output=True
    )
    assert failed.returncode != 0
    assert b"set LDAP_SEARCH_BASE too" in failed.stderr


def test_directory_sign_in_page_says_so_when_on(client, settings):
    hint = "请使用单位统一目录的账号和密码登录"
    assert hint not in client.get(reverse("login")).content.decode()
    settings.LDAP_AUTH_URL = ["ldap://127.0.0.1:389"]
    assert hint in client.get(reverse("login")).content.decode()


def test_directory_person_signs_in_and_gets_an_account(client, directory, mappings, department_a):
    assert signed_in(client, sign_in(client, "zhangwei"))

    user = User.objects.get(username="zhangwei")
    assert (user.last_name, user.email) == ("张伟", "zhangwei@hongshan.gov.cn")
    assert (user.department, user.role) == (department_a, Role.STAFF)
    assert user.directory_dn == f"uid=zhangwei,{slapd.PEOPLE}"
    # Luoshi keeps no password of theirs and asks for none.
    assert not user.has_usable_password()
    assert not user.must_change_password and not user.is_staff
    assert client.get("/").status_code in (200, 302)
    created = AuditEntry.objects.get(action=AuditAction.ACCOUNT_CREATED)
    assert created.target == "zhangwei"
    assert created.details["role"] == [None, "staff"]
    assert created.details["directory_dn"] == [None, f"uid=zhangwei,{slapd.PEOPLE}"]


def test_directory_read_by_a_service_account(client, directory, mappings, settings):
    # The person's bind checks the password; the service account then reads entry and groups.
    settings.LDAP_AUTH_CONNECTION_USERNAME = slapd.ADMIN_DN
    settings.LDAP_AUTH_CONNECTION_PASSWORD = slapd.ADMIN_PASSWORD
    assert refused(client, sign_in(client, "zhangwei", slapd.ADMIN_PASSWORD))
    assert signed_in(client, sign_in(client, "zhangwei"))


def test_directory_wrong_password_is_refused(client, directory, mappings):
    assert refused(client, sign_in(client, "zhangwei", "not-the-directory-password"))
    assert not User.objects.filter(username="zhangwei").exists()


def test_directory_roles_from_groups_by_priority(client, directory, mappings, department_b):
    # 李娜 is in kjj-staff (B, no role) and duchashi (supervisors, priority 10).
    assert signed_in(client, sign_in(client, "lina"))
    lina = User.objects.get(username="lina")
    assert (lina.department, lina.role) == (department_b, Role.SUPERVISOR)

    # The office puts a line before it that makes kjj-staff plain staff: staff it is.
    DirectoryMappingFactory(value="kjj-staff", department=None, role=Role.STAFF, priority=1)
    client.logout()
    assert signed_in(client, sign_in(client, "lina"))
    lina.refresh_from_db()
    assert (lina.department, lina.role) == (department_b, Role.STAFF)
    change = AuditEntry.objects.get(action=AuditAction.ROLE_CHANGED)
    assert (change.target, change.details) == ("lina", {"role": ["supervisor", "staff"]})


def test_directory_admin_group_opens_the_admin(client, directory, mappings):
    # 吴管 is in it-admins; no local account is called "wugl"… but "admin" is the name.
    assert signed_in(client, sign_in(client, "admin"))
    user = User.objects.get(username="admin")
    assert (user.role, user.is_staff, user.is_superuser) == (Role.ADMIN, True, False)
    assert client.get(reverse("admin:index")).status_code == 200


def test_directory_attribute_mapping_and_group_search(client, directory, settings, department_b):
    # Groups read by a search under ou=groups instead of memberOf (OpenLDAP without the
    # overlay); 王芳's department from her entry's departmentNumber.
    settings.LDAP_GROUP_SEARCH_BASE = slapd.GROUPS
    DirectoryMappingFactory(
        source=DirectorySource.ATTRIBUTE,
        attribute="departmentNumber",
        value="kjj",
        department=department_b,
        role="",
    )
    DirectoryMappingFactory(value="duchashi", department=None, role=Role.SUPERVISOR)
    assert signed_in(client, sign_in(client, "wangfang"))
    assert User.objects.get(username="wangfang").department == department_b
    client.logout()
    assert signed_in(client, sign_in(client, "liuyang"))
    assert User.objects.get(username="liuyang").role == Role.SUPERVISOR


def test_directory_person_no_mapping_places_stays_out(client, directory, mappings):
    assert refused(client, sign_in(client, "nobody"))
    assert not User.objects.filter(username="nobody").exists()


def test_directory_leader_moved_out_of_every_mapped_group_stays_out(client, directory, mappings):
    assert signed_in(client, sign_in(client, "chenjing"))
    assert User.objects.get(username="chenjing").role == Role.LEADER
    client.logout()
    mappings["leaders"].delete()
    assert refused(client, sign_in(client, "chenjing"))
    # The account stays as it was (its history, its goals as leader); it just cannot sign in.
    assert User.objects.get(username="chenjing").role == Role.LEADER


def test_directory_person_removed_from_the_directory_stays_out(client, directory, mappings):
    assert signed_in(client, sign_in(client, "leaver"))
    client.logout()
    directory.ldap("ldapdelete", f"uid=leaver,{slapd.PEOPLE}")

    assert refused(client, sign_in(client, "leaver"))
    # A Luoshi password set later (a reset by mistake) is no way back in.
    user = User.objects.get(username="leaver")
    user.set_password(PASSWORD)
    user.save()
    assert refused(client, sign_in(client, "leaver", PASSWORD))


def test_directory_person_disabled_in_the_directory_stays_out(
    client, directory, mappings, settings
):
    # As AD's (!(userAccountControl:1.2.840.113556.1.4.803:=2)) leaves disabled accounts out.
    settings.LDAP_USER_FILTER = "(!(employeeType=disabled))"
    assert refused(client, sign_in(client, "disabled"))
    assert not User.objects.filter(username="disabled").exists()
    assert signed_in(client, sign_in(client, "zhangwei"))


def test_directory_account_disabled_in_luoshi_stays_out(client, directory, mappings, department_a):
    UserFactory(username="zhangwei", department=department_a, is_active=False, directory_dn="uid=x")
    assert refused(client, sign_in(client, "zhangwei"))
    assert User.objects.get(username="zhangwei").is_active is False


def test_directory_takes_over_a_local_account_of_the_same_name(
    client, directory, mappings, department_a, department_b
):
    local = UserFactory(username="takeover", department=department_b, must_change_password=True)
    assert signed_in(client, sign_in(client, "takeover"))
    user = User.objects.get(username="takeover")
    assert user.pk == local.pk
    assert (user.department, user.is_directory_account) == (department_a, True)
    client.logout()
    # Its old Luoshi password no longer works: the directory's is the only one.
    assert refused(client, sign_in(client, "takeover", PASSWORD))


def test_directory_never_takes_over_a_local_superuser(client, directory, mappings, admin):
    # The directory's "admin" (吴管, in it-admins) is not Luoshi's local superuser.
    assert refused(client, sign_in(client, "admin"))
    admin.refresh_from_db()
    assert admin.has_usable_password() and not admin.is_directory_account
    assert signed_in(client, sign_in(client, "admin", PASSWORD))


def test_directory_on_local_accounts_keep_working(client, directory, mappings, staff_a):
    assert signed_in(client, sign_in(client, "staff_a", PASSWORD))


def test_directory_down_local_accounts_keep_working(client, directory, settings, staff_a):
    closed = slapd.free_port()
    settings.LDAP_AUTH_URL = [f"ldap://127.0.0.1:{closed}"]
    settings.LDAP_AUTH_CONNECT_TIMEOUT = settings.LDAP_AUTH_RECEIVE_TIMEOUT = 2
    assert signed_in(client, sign_in(client, "staff_a", PASSWORD))
    client.logout()
    assert refused(client, sign_in(client, "zhangwei"))


def test_directory_sign_ins_are_locked_after_five_failures(client, directory, mappings):
    responses = [sign_in(client, "zhangwei", "wrong") for _ in range(5)]
    assert [r.status_code for r in responses] == [200, 200, 200, 200, 429]
    assert AccessAttempt.objects.get().username == "zhangwei"
    # The directory's right password does not lift the lock.
    response = sign_in(client, "zhangwei")
    assert response.status_code == 429
    assert LOCKED in response.content.decode()
    assert not User.objects.filter(username="zhangwei").exists()
    assert AuditEntry.objects.filter(action=AuditAction.LOCKED_OUT).exists()


@pytest.mark.parametrize("typed", ["*", "zhangwei)(uid=*", "zhangwei*", ""])
def test_directory_names_are_not_search_patterns(client, directory, mappings, typed):
    assert sign_in(client, typed).status_code == 200
    assert "_auth_user_id" not in client.session
    assert not User.objects.exists()


def test_directory_mappings_are_administrators_only(admin, staff_a, mappings):
    assert DirectoryMapping.objects.visible_to(admin).count() == 5
    assert DirectoryMapping.objects.visible_to(staff_a).count() == 0


def test_directory_account_made_local_in_the_admin_is_in_the_audit_log(
    client_for, admin, department_a
):
    user = UserFactory(username="zhangwei", department=department_a, directory_dn="uid=zhangwei")
    client = client_for(admin)
    change = reverse("admin:accounts_user_change", args=[user.pk])
    form = {
        "username": "zhangwei",
        "role": "staff",
        "department": department_a.pk,
        "is_active": "on",
        "date_joined_0": "2023-01-01",
        "date_joined_1": "00:00:00",
        "directory_dn": "",
    }
    response = client.post(change, form)
    assert response.status_code == 302, response.context["adminform"].form.errors
    entry = AuditEntry.objects.get(action=AuditAction.PERMISSIONS_CHANGED)
    assert entry.details == {"directory_dn": ["uid=zhangwei", ""]}
    assert "目录条目：uid=zhangwei → —" in client.get(reverse("audit_log")).content.decode()


def test_directory_mapping_admin_pages(client_for, admin, mappings):
    client = client_for(admin)
    changelist = client.get(reverse("admin:accounts_directorymapping_changelist"))
    assert changelist.status_code == 200
    assert "cn=fgj-staff" in changelist.content.decode()
    assert client.get(reverse("admin:accounts_directorymapping_add")).status_code == 200
    users = client.get(reverse("admin:accounts_user_changelist"), {"directory": "yes"})
    assert users.status_code == 200


# -- accounts of people the directory no longer lists ---------------------------------------


def test_directory_leavers_are_disabled_by_the_command(directory, settings, department_a, staff_a):
    settings.LDAP_USER_FILTER = "(!(employeeType=disabled))"
    dn = "uid={},ou=people,dc=hongshan,dc=gov,dc=cn"
    for username in ("lina", "ghost", "disabled"):
        UserFactory(username=username, department=department_a, directory_dn=dn.format(username))
    out = StringIO()
    call_command("disable_directory_leavers", "--dry-run", stdout=out)
    assert "would disable disabled\nwould disable ghost\n2 account(s)" in out.getvalue()
    assert User.objects.filter(is_active=False).count() == 0

    call_command("disable_directory_leavers", stdout=StringIO())
    active = dict(User.objects.values_list("username", "is_active"))
    assert active == {"lina": True, "ghost": False, "disabled": False, "staff_a": True}
    assert sorted(
        AuditEntry.objects.filter(action=AuditAction.ACCOUNT_DISABLED).values_list(
            "target", flat=True
        )
    ) == ["disabled", "ghost"]


def test_directory_leavers_command_disables_nobody_on_a_wrong_search_base(
    directory, settings, department_a
):
    UserFactory(username="lina", department=department_a, directory_dn="uid=lina")
    settings.LDAP_AUTH_SEARCH_BASE = f"ou=nobody-here,{slapd.BASE}"
    with pytest.raises(CommandError):
        call_command("disable_directory_leavers", stdout=StringIO())
    settings.LDAP_AUTH_URL = [f"ldap://127.0.0.1:{slapd.free_port()}"]
    with pytest.raises(CommandError, match="could not be read"):
        call_command("disable_directory_leavers", stdout=StringIO())
    assert User.objects.get(username="lina").is_active


# -- a directory account has no Luoshi password to change or reset ---------------------------


@pytest.fixture
def directory_account(department_a):
    user = UserFactory(
        username="zhangwei", department=department_a, directory_dn=f"uid=zhangwei,{slapd.PEOPLE}"
    )
    user.set_unusable_password()
    user.save()
    return user


def test_directory_account_has_no_password_to_change(client_for, directory_account, settings):
    # Even with passwords expiring, the directory's password is not Luoshi's to ask for.
    settings.PASSWORD_MAX_AGE_DAYS = 1
    directory_account.date_joined = directory_account.date_joined.replace(year=2020)
    directory_account.save()
    client = client_for(directory_account)
    home = client.get("/", follow=True)
    assert home.redirect_chain[-1][0] != reverse("password_change")
    assert 'id="password-change-link"' not in home.content.decode()
    page = client.post(
        reverse("password_change"),
        {"old_password": "x", "new_password1": "Aa1!aaaaaa", "new_password2": "Aa1!aaaaaa"},
    )
    assert "你使用单位统一目录的密码登录" in page.content.decode()
    directory_account.refresh_from_db()
    assert not directory_account.has_usable_password()


def test_directory_account_password_is_not_reset_in_the_admin(client_for, admin, directory_account):
    response = client_for(admin).post(
        reverse("admin:accounts_user_changelist"),
        {"action": "reset_passwords", "_selected_action": [directory_account.pk], "confirm": "yes"},
        follow=True,
    )
    assert "hangwei 通过单位统一目录登录，其密码须在目录中修改" in response.content.decode()
    directory_account.refresh_from_db()
    assert not directory_account.has_usable_password()
    assert not directory_account.must_change_password
