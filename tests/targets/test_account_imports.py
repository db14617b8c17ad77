"""
Departments and accounts from a workbook, applied (targets/services/account_imports.py,
targets/selectors/account_imports/): a good list creates units with their names,
kinds and parents and accounts with first passwords to change at the first sign-in;
the same list again changes nothing and duplicates nothing; a changed list updates
what it changes and keeps each password; every mistake only the database shows is
named by row and cell; and with any mistake, or a race, nothing is written.
"""

import pytest
from django.contrib.auth import authenticate
from django.contrib.auth.hashers import identify_hasher
from django.core.exceptions import ValidationError
from django.test import override_settings

from accounts import audit
from accounts.choices import AuditAction, Role
from accounts.models import AuditEntry, User
from accounts.passwords import FIRST_PASSWORD_ITERATIONS, first_password_hash
from targets.choices import DepartmentKind, ImportState
from targets.forms.account_imports import read_account_list
from targets.io.account_imports import TEMPLATE_COLUMNS
from targets.models import AccountImport, Department, DepartmentAlias
from targets.selectors.account_imports import CREATE, SAME, UPDATE, account_import_changes
from targets.services.account_imports import (
    StaleImport,
    account_import_apply,
    account_import_confirm,
    account_import_create,
)
from tests.factories import DepartmentAliasFactory, DepartmentFactory, UserFactory
from tests.helpers import workbook_of

pytestmark = pytest.mark.django_db

HEADER = [header for _role, header in TEMPLATE_COLUMNS]

GOOD = [
    HEADER,
    [
        "洪山区发展和改革局",
        "区发改局、发改局",
        "区直部门",
        "",
        "张三",
        "zhangsan",
        "填报员",
        "13800138000",
        "zhangsan@hs.gov.cn",
    ],
    ["区发改局", "", "", "", "李四", "", "", "13900139000", ""],
    ["洪山区科学技术局", "区科技局", "区直部门", "区发改局", "王五", "wangwu", "", "", ""],
    ["洪山街道办事处", "洪山街道", "街道", "", "", "", "", "", ""],
    ["", "", "", "", "赵督查", "zhao", "督查室", "", "zhao@hs.gov.cn"],
]


def sheet_of(rows, *more):
    return read_account_list("名单.xlsx", workbook_of(("名单", rows), *more))


def problems(changes) -> list[tuple]:
    return [(e.row, e.column, e.template % e.params) for e in changes.errors]


# -- a good list ---------------------------------------------------------------------------


def test_a_good_list_creates_units_and_accounts_with_first_passwords(admin):
    result = account_import_apply(sheet_of(GOOD), user=admin)

    reform = Department.objects.get(name="洪山区发展和改革局")
    science = Department.objects.get(name="洪山区科学技术局")
    street = Department.objects.get(name="洪山街道办事处")
    assert (reform.short_name, reform.kind, reform.parent) == ("区发改局", "bureau", None)
    assert (science.short_name, science.parent) == ("区科技局", reform)
    assert (street.short_name, street.kind) == ("洪山街道", DepartmentKind.STREET)
    assert list(reform.aliases.values_list("alias", flat=True)) == ["发改局"]

    zhang = User.objects.get(username="zhangsan")
    assert (zhang.last_name, zhang.role, zhang.department, zhang.phone, zhang.email) == (
        "张三",
        Role.STAFF,
        reform,
        "13800138000",
        "zhangsan@hs.gov.cn",
    )
    assert User.objects.get(username="13900139000").department == reform  # the mobile number
    assert User.objects.get(username="zhao").role == Role.SUPERVISOR
    assert User.objects.get(username="zhao").department is None

    assert [s.username for s in result.slips] == ["zhangsan", "13900139000", "wangwu", "zhao"]
    assert [s.unit for s in result.slips] == ["区发改局", "区发改局", "区科技局", ""]
    for slip in result.slips:
        account = User.objects.get(username=slip.username)
        assert account.must_change_password
        assert account.check_password(slip.password)
    assert len({s.password for s in result.slips}) == 4
    assert result.units_created == ["洪山区发展和改革局", "洪山区科学技术局", "洪山街道办事处"]


def test_an_existing_unit_is_found_by_its_short_name_and_learns_the_lists_names(admin):
    reform = DepartmentFactory(name="区发展和改革局", short_name="区发改局")
    rows = [
        HEADER,
        ["洪山区发展和改革局", "区发改局、发展改革局", "", "", "张三", "zs", "", "", ""],
    ]
    changes = account_import_changes(sheet_of(rows), user=admin)
    [unit] = changes.units
    # 洪山区发展和改革局 is found without an alias (the district's prefix), 发展改革局 is not.
    assert (unit.action, unit.department, unit.aliases) == (UPDATE, reform, ["发展改革局"])
    account_import_apply(sheet_of(rows), user=admin)
    assert Department.objects.count() == 1
    assert list(reform.aliases.values_list("alias", flat=True)) == ["发展改革局"]
    assert User.objects.get(username="zs").department == reform


# -- running it again ----------------------------------------------------------------------


def test_the_same_list_again_changes_nothing_and_duplicates_nothing(admin):
    account_import_apply(sheet_of(GOOD), user=admin)
    passwords = dict(User.objects.values_list("username", "password"))
    counts = (Department.objects.count(), DepartmentAlias.objects.count(), User.objects.count())

    changes = account_import_changes(sheet_of(GOOD), user=admin)
    assert {u.action for u in changes.units} | {a.action for a in changes.accounts} == {SAME}
    result = account_import_apply(sheet_of(GOOD), user=admin)

    assert (result.slips, result.accounts_created, result.units_created) == ([], [], [])
    assert (result.units_unchanged, result.accounts_unchanged) == (3, 4)
    assert (Department.objects.count(), DepartmentAlias.objects.count(), User.objects.count()) == (
        counts
    )
    assert dict(User.objects.values_list("username", "password")) == passwords


def test_a_changed_list_updates_what_it_changes_and_keeps_passwords(admin):
    account_import_apply(sheet_of(GOOD), user=admin)
    zhang = User.objects.get(username="zhangsan")
    zhang.set_password("Mine#2024x")
    zhang.must_change_password = False
    zhang.save()
    changed = [list(row) for row in GOOD]
    changed[1][3] = "洪山街道"  # a parent unit
    changed[1][4:9] = ["张三丰", "zhangsan", "督查室", "", ""]  # empty phone and e-mail: kept
    changed[3][4:6] = ["", ""]
    changed.append(["洪山街道", "", "", "", "王五", "wangwu", "", "", ""])  # moves to the street

    changes = account_import_changes(sheet_of(changed), user=admin)
    by_name = {a.entry.username: a for a in changes.accounts}
    assert [(c.field, c.old, c.new) for c in by_name["zhangsan"].changes] == [
        ("role", "填报员", "督查室"),
        ("last_name", "张三", "张三丰"),
    ]
    assert [(c.field, c.new) for c in by_name["wangwu"].changes] == [
        ("department", "洪山街道办事处")
    ]
    result = account_import_apply(sheet_of(changed), user=admin)

    zhang.refresh_from_db()
    assert (zhang.get_full_name(), zhang.role, zhang.phone, zhang.email) == (
        "张三丰",
        Role.SUPERVISOR,
        "13800138000",
        "zhangsan@hs.gov.cn",
    )
    assert zhang.check_password("Mine#2024x") and not zhang.must_change_password
    assert User.objects.get(username="wangwu").department.name == "洪山街道办事处"
    assert Department.objects.get(name="洪山区发展和改革局").parent.name == "洪山街道办事处"
    assert sorted(result.accounts_updated) == ["wangwu", "zhangsan"]
    assert result.slips == []


def test_the_audit_log_records_the_import_and_each_role_or_unit_it_changed(admin, rf):
    request = rf.post("/")
    request.user = admin
    account_import_apply(sheet_of(GOOD), user=admin).record(request, "名单.xlsx")
    [entry] = AuditEntry.objects.filter(action=AuditAction.ACCOUNTS_IMPORTED)
    assert (entry.actor, entry.target, entry.details["units_created"]) == (admin, "名单.xlsx", 3)
    assert entry.details["accounts_created"] == ["zhangsan", "13900139000", "wangwu", "zhao"]
    assert audit.describe(entry) == (
        "文件：名单.xlsx；新建单位：3；更新单位：0；新建账号：zhangsan、13900139000、wangwu、zhao；"
        "更新账号：—"
    )

    changed = [list(row) for row in GOOD]
    changed[1][6] = "管理员"
    account_import_apply(sheet_of(changed), user=admin).record(request, "名单2.xlsx")
    role = AuditEntry.objects.get(action=AuditAction.ROLE_CHANGED)
    assert (role.target, role.details) == ("zhangsan", {"role": ["staff", "admin"]})


# -- every kind of bad row the database shows ---------------------------------------------


def test_every_mistake_the_database_shows_is_named_by_row_and_cell():
    office = UserFactory(username="office", department=None, role=Role.ADMIN, is_staff=True)
    DepartmentFactory(name="洪山区财政局", short_name="区财政局")
    DepartmentFactory(name="洪山区审计局", short_name="区审计局")
    DepartmentFactory(name="洪山区老干部局", short_name="区老干局", active=False)
    UserFactory(username="root", is_superuser=True, department=None, role=Role.ADMIN)
    UserFactory(username="ZhangSan", department=None, role=Role.LEADER)
    rows = [
        HEADER,
        ["洪山区审计局", "区财政局", "", "", "", "", "", "", ""],  # another unit's name
        ["区老干局", "", "", "", "钱一", "qian", "", "", ""],  # an inactive unit
        ["洪山区统计局", "", "", "区规划局", "", "", "", "", ""],  # an unknown parent
        ["区财政局", "", "", "", "孙二", "sun", "", "138", "not-an-address"],
        ["", "", "", "", "", "li", "领导", "", ""],  # a new account without a name
        ["", "", "", "", "周三", "zhou", "", "", ""],  # staff without a unit
        ["", "", "", "", "吴四", "wu si", "领导", "", ""],  # no account name this
        ["", "", "", "", "根", "root", "领导", "", ""],  # the superuser
        ["", "", "", "", "张", "zhangsan", "领导", "", ""],  # ZhangSan exists
        ["", "", "", "", "管理员", "office", "领导", "", ""],  # one's own role
    ]
    changes = account_import_changes(sheet_of(rows), user=office)
    assert problems(changes) == [
        (2, "B", "“区财政局” is already a name of 洪山区财政局."),
        (
            3,
            "A",
            "洪山区老干部局 is no longer active (merged or closed): name the unit that took its "
            "place.",
        ),
        (4, "D", "The parent unit 区规划局 is neither in the list nor in Luoshi."),
        (5, "H", "“138” is not a phone number."),
        (5, "I", "“not-an-address” is not an e-mail address."),
        (6, "E", "A new account needs the person's name (姓名)."),
        (7, "A", "Department staff belong to a unit: fill in its name (单位名称)."),
        (
            8,
            "F",
            "“wu si” cannot be an account name: use at most 150 letters, digits and @ . + - _.",
        ),
        (
            9,
            "F",
            "“root” is a superuser made on the server: an import does not change it. Remove "
            "the row.",
        ),
        (
            10,
            "F",
            "An account “ZhangSan” exists: write the account name exactly as it is, or choose "
            "another.",
        ),
        (11, "G", "This is your own account: an import does not change your own role or unit."),
    ]


def test_a_cycle_of_parent_units_through_luoshi_is_a_mistake(admin):
    city = DepartmentFactory(name="洪山区城管局", short_name="区城管局")
    DepartmentFactory(name="洪山区城管执法大队", short_name="城管执法大队", parent=city)
    rows = [HEADER, ["洪山区城管局", "", "", "城管执法大队", "", "", "", "", ""]]
    changes = account_import_changes(sheet_of(rows), user=admin)
    assert problems(changes) == [
        (2, "D", "洪山区城管局 would be its own parent unit, through 洪山区城管执法大队."),
    ]


def test_with_a_mistake_nothing_is_written(admin):
    rows = [*GOOD, ["区发改局", "", "", "", "坏", "bad", "", "", "bad address"]]
    counts = (Department.objects.count(), User.objects.count(), DepartmentAlias.objects.count())
    with pytest.raises(ValidationError) as refused:
        account_import_apply(sheet_of(rows), user=admin)
    assert "名单中有1处错误" in refused.value.messages[0]
    assert (Department.objects.count(), User.objects.count(), DepartmentAlias.objects.count()) == (
        counts
    )


def test_an_account_made_by_someone_else_meanwhile_writes_nothing(admin, monkeypatch):
    from targets.services import account_imports

    real = account_imports.account_import_changes

    def changes_then_a_colleague_creates_zhangsan(sheet, *, user=None):
        changes = real(sheet, user=user)
        UserFactory(username="zhangsan", department=None, role=Role.LEADER)
        return changes

    monkeypatch.setattr(
        account_imports, "account_import_changes", changes_then_a_colleague_creates_zhangsan
    )
    with pytest.raises(ValidationError) as refused:
        account_import_apply(sheet_of(GOOD), user=admin)
    assert refused.value.code == "race"
    assert not Department.objects.exists()
    assert not User.objects.filter(username="zhangsan").exists()


# -- confirming a preview ------------------------------------------------------------------


def test_confirming_a_preview_that_no_longer_holds_writes_nothing(admin):
    sheet = sheet_of(GOOD)
    pending = account_import_create(sheet, user=admin, source_name="名单.xlsx")
    shown = account_import_changes(sheet, user=admin).fingerprint
    DepartmentFactory(name="洪山区科学技术局", short_name="区科技局")  # made meanwhile

    with pytest.raises(StaleImport) as stale:
        account_import_confirm(pending, user=admin, fingerprint=shown)
    [science] = [u for u in stale.value.changes.units if u.name == "洪山区科学技术局"]
    assert science.department is not None  # found now, no longer to be created
    assert not User.objects.filter(username="zhangsan").exists()
    pending.refresh_from_db()
    assert pending.state == ImportState.PENDING


def test_a_preview_is_confirmed_once(admin):
    sheet = sheet_of(GOOD)
    pending = account_import_create(sheet, user=admin, source_name="名单.xlsx")
    fingerprint = account_import_changes(sheet, user=admin).fingerprint
    result = account_import_confirm(pending, user=admin, fingerprint=fingerprint)
    assert len(result.slips) == 4
    pending.refresh_from_db()
    assert pending.state == ImportState.APPLIED
    assert pending.result["accounts_created"] == ["zhangsan", "13900139000", "wangwu", "zhao"]
    assert "password" not in str(pending.result).lower()
    with pytest.raises(ValidationError) as again:
        account_import_confirm(pending, user=admin, fingerprint=fingerprint)
    assert again.value.code == "applied"
    assert AccountImport.objects.get().state == ImportState.APPLIED


# -- first passwords -----------------------------------------------------------------------


@override_settings(
    PASSWORD_HASHERS=[
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
        "django.contrib.auth.hashers.MD5PasswordHasher",
    ]
)
def test_first_passwords_are_hashed_with_fewer_rounds_and_rehashed_at_sign_in(department_a, rf):
    encoded = first_password_hash("Ab3#kLm9pQr2")
    algorithm, iterations, _salt, _hash = encoded.split("$")
    assert (algorithm, int(iterations)) == ("pbkdf2_sha256", FIRST_PASSWORD_ITERATIONS)
    user = UserFactory(username="first", department=department_a)
    user.password = encoded
    user.save()
    assert authenticate(rf.post("/"), username="first", password="Ab3#kLm9pQr2") == user
    user.refresh_from_db()
    # Signing in stored the site's full rounds (the person then chooses their own anyway).
    assert identify_hasher(user.password).safe_summary(user.password)["iterations"] > (
        FIRST_PASSWORD_ITERATIONS
    )


def test_an_alias_known_for_another_unit_is_named(admin):
    DepartmentFactory(name="洪山区科学技术局", short_name="区科技局")
    other = DepartmentFactory(name="洪山区经济和信息化局", short_name="区经信局")
    DepartmentAliasFactory(department=other, alias="经信局")
    rows = [HEADER, ["洪山区科学技术局", "科技局、经信局", "", "", "", "", "", "", ""]]
    assert problems(account_import_changes(sheet_of(rows), user=admin)) == [
        (2, "B", "“经信局” is already a name of 洪山区经济和信息化局."),
    ]


def test_a_unit_found_by_another_of_its_names_is_said_so(admin):
    known = DepartmentFactory(name="区发改局", short_name="区发改局")  # as a plan import makes it
    rows = [HEADER, ["洪山区发展和改革局", "区发改局", "", "", "", "", "", "", ""]]
    changes = account_import_changes(sheet_of(rows), user=admin)
    [unit] = changes.units
    assert (unit.department, unit.aliases) == (known, ["洪山区发展和改革局"])
    assert [(w.row, w.column, w.template % w.params) for w in changes.warnings] == [
        (
            2,
            "A",
            "洪山区发展和改革局 is taken to be 区发改局, which Luoshi knows as “区发改局”: its "
            "name is added to that unit's names.",
        )
    ]


def test_a_unit_named_twice_by_names_luoshi_knows_is_one_unit(admin):
    reform = DepartmentFactory(name="洪山区发展和改革局", short_name="区发改局")
    rows = [
        HEADER,
        ["区发改局", "", "", "", "张三", "zs", "", "", ""],
        ["洪山区发展和改革局", "", "", "", "李四", "ls", "", "", ""],
    ]
    changes = account_import_changes(sheet_of(rows), user=admin)
    assert [(u.action, u.department) for u in changes.units] == [(SAME, reform)]
    assert all(a.unit is changes.units[0] for a in changes.accounts)
    account_import_apply(sheet_of(rows), user=admin)
    assert set(User.objects.filter(department=reform).values_list("username", flat=True)) == {
        "zs",
        "ls",
    }


def test_a_unit_named_at_length_gets_no_short_name_rather_than_a_cut_one(admin):
    name = "洪山区" + "城市更新和历史文化街区保护利用工作领导小组办公室" * 2  # 51 characters
    account_import_apply(sheet_of([HEADER, [name, "", "", "", "", "", "", "", ""]]), user=admin)
    department = Department.objects.get()
    assert (department.name, department.short_name, str(department)) == (name, "", name)


def test_counts_say_what_confirming_would_do(admin):
    counts = account_import_changes(sheet_of(GOOD), user=admin).counts
    assert counts == {
        "units_create": 3,
        "units_update": 0,
        "units_same": 0,
        "accounts_create": 4,
        "accounts_update": 0,
        "accounts_same": 0,
    }
    assert CREATE == "create"
