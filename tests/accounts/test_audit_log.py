"""
The security audit log (安全审计日志): an entry for each event a graded
protection reviewer asks about — who, when, from which address, what — read,
filtered and downloaded by administrators on /audit/, kept at least 180 days,
and changed or removed by nobody through any page, the admin included.

Requests come "through nginx" where the address matters: REMOTE_ADDR is the
proxy and the client's address the last one in X-Forwarded-For.
"""

import datetime
import io
import json
import logging
import re

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from accounts.audit import describe
from accounts.choices import AuditAction
from accounts.models import AuditEntry, User
from targets.io.report import read_report
from targets.models import PlanImport
from targets.services.plan_imports import plan_import_create
from tests.factories import PASSWORD
from tests.html import text
from tests.security.world import IMPORT_TEXT
from tests.targets.test_update_sheets import confirm, download, fill, upload

pytestmark = pytest.mark.django_db

NGINX = "10.0.0.2"
OFFICE = "10.0.3.25"
AUDIT = reverse("audit_log")


@pytest.fixture(autouse=True)
def _behind_nginx(settings):
    settings.TRUSTED_PROXY_COUNT = 1


def through_nginx(ip=OFFICE) -> Client:
    return Client(REMOTE_ADDR=NGINX, HTTP_X_FORWARDED_FOR=ip)


def signed_in(user, ip=OFFICE) -> Client:
    """A client signed in as ``user`` on the sign-in page, from ``ip``."""
    client = through_nginx(ip)
    response = client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    return client


def log(*actions) -> list[tuple]:
    """(event, who, from where, what) of the log's entries, oldest first."""
    entries = AuditEntry.objects.order_by("at", "pk")
    if actions:
        entries = entries.filter(action__in=actions)
    return [(e.action, e.actor_name, e.ip, e.target) for e in entries]


# -- signing in and out -----------------------------------------------------------------------


def test_sign_in_and_out_are_recorded_with_the_clients_address(staff_a):
    client = through_nginx()
    client.post(reverse("login"), {"username": "staff_a", "password": PASSWORD})
    client.post(reverse("logout"))
    assert log() == [
        ("sign_in", "staff_a", OFFICE, "staff_a"),
        ("sign_out", "staff_a", OFFICE, "staff_a"),
    ]
    assert AuditEntry.objects.get(action="sign_in").actor == staff_a


def test_a_failed_sign_in_records_the_name_typed_never_the_password(staff_a):
    through_nginx().post(reverse("login"), {"username": "nobody", "password": "s3cret-Guess"})
    through_nginx().post(reverse("login"), {"username": "staff_a", "password": "Wrong#1234"})
    assert log() == [
        ("sign_in_failed", "nobody", OFFICE, "nobody"),
        ("sign_in_failed", "staff_a", OFFICE, "staff_a"),
    ]
    stored = repr(list(AuditEntry.objects.values()))
    assert "s3cret" not in stored and "Wrong#1234" not in stored


def test_a_lockout_is_recorded(staff_a):
    for _ in range(5):
        through_nginx().post(reverse("login"), {"username": "staff_a", "password": "wrong"})
    assert log(AuditAction.LOCKED_OUT) == [("locked_out", "staff_a", OFFICE, "staff_a")]
    assert len(log(AuditAction.SIGN_IN_FAILED)) == 5


def test_a_session_that_times_out_is_recorded_as_a_sign_out(staff_a, settings):
    settings.SESSION_IDLE_TIMEOUT = 0
    client = signed_in(staff_a)
    client.get("/")
    assert log(AuditAction.SIGN_OUT) == [("sign_out", "staff_a", OFFICE, "staff_a")]


# -- passwords --------------------------------------------------------------------------------


def test_a_password_change_is_recorded(staff_a):
    client = signed_in(staff_a)
    client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": "Mine#2024", "new_password2": "Mine#2024"},
    )
    assert log(AuditAction.PASSWORD_CHANGED) == [("password_changed", "staff_a", OFFICE, "staff_a")]


def test_a_refused_password_change_is_not_recorded(staff_a):
    client = signed_in(staff_a)
    client.post(
        reverse("password_change"),
        {"old_password": "wrong", "new_password1": "Mine#2024", "new_password2": "Mine#2024"},
    )
    assert log(AuditAction.PASSWORD_CHANGED) == []


def test_a_password_reset_is_recorded(admin, staff_a):
    client = signed_in(admin)
    data = {"action": "reset_passwords", ACTION_CHECKBOX_NAME: [staff_a.pk], "confirm": "yes"}
    client.post(reverse("admin:accounts_user_changelist"), data)
    assert log(AuditAction.PASSWORD_RESET) == [("password_reset", "admin", OFFICE, "staff_a")]


# -- imports applied ------------------------------------------------------------------------------


def test_a_plan_import_applied_is_recorded(admin):
    draft = read_report(IMPORT_TEXT, year=2024, title="2024年测试方案", source_name="粘贴的文本")
    plan_import = plan_import_create(draft, user=admin, source_name="粘贴的文本")
    client = signed_in(admin)
    url = reverse("targets:plan_import_confirm", args=[plan_import.pk])
    client.post(url, {"version": plan_import.version, "without_lead": "on"})
    assert PlanImport.objects.get().plan is not None
    assert log(AuditAction.PLAN_IMPORTED) == [("plan_imported", "admin", OFFICE, "2024年测试方案")]
    assert describe(AuditEntry.objects.get(action="plan_imported")) == "文件：粘贴的文本"


def test_a_plan_import_refused_is_not_recorded(admin):
    draft = read_report(IMPORT_TEXT, year=2024, title="2024年测试方案", source_name="粘贴的文本")
    plan_import = plan_import_create(draft, user=admin, source_name="粘贴的文本")
    url = reverse("targets:plan_import_confirm", args=[plan_import.pk])
    signed_in(admin).post(url, {"version": plan_import.version + 5, "without_lead": "on"})
    assert log(AuditAction.PLAN_IMPORTED) == []


def test_a_quarterly_workbook_applied_is_recorded(staff_a, goal_a, department_a):
    client = signed_in(staff_a)
    data = fill(
        download(client, department_a, year=2023, quarter=4),
        {"C4": "正常推进", "D4": 80, "E5": 70, "H4": "四季度按计划推进。"},
    )
    preview = upload(client, data, name="区发改局四季度.xlsx")
    assert log(AuditAction.UPDATE_SHEET_IMPORTED) == []  # a preview applies nothing
    confirm(client, preview)
    assert log(AuditAction.UPDATE_SHEET_IMPORTED) == [
        ("update_sheet_imported", "staff_a", OFFICE, "区发改局四季度.xlsx")
    ]
    entry = AuditEntry.objects.get(action="update_sheet_imported")
    assert describe(entry) == "季度：2023年第4季度；更新的任务数：1"


def test_the_import_commands_are_recorded(tmp_path, staff_a, goal_a, department_a):
    report = tmp_path / "2024年测试方案.txt"
    report.write_text(IMPORT_TEXT, encoding="utf-8")
    call_command(
        "import_plan",
        str(report),
        "--year",
        "2024",
        "--title",
        "2024年测试方案",
        stdout=io.StringIO(),
    )
    workbook = tmp_path / "区发改局.xlsx"
    workbook.write_bytes(
        fill(
            download(signed_in(staff_a), department_a, year=2023, quarter=4),
            {"C4": "正常推进", "D4": 80, "E5": 70, "H4": "四季度按计划推进。"},
        )
    )
    call_command("import_update_sheet", str(workbook), "--user", "staff_a", stdout=io.StringIO())
    plan, sheet = AuditEntry.objects.filter(
        action__in=[AuditAction.PLAN_IMPORTED, AuditAction.UPDATE_SHEET_IMPORTED]
    ).order_by("pk")
    assert (plan.actor_name, plan.ip, describe(plan)) == (
        "",
        None,
        "文件：2024年测试方案.txt；来源：命令行",
    )
    assert (sheet.actor_name, sheet.target) == ("staff_a", "区发改局.xlsx")
    assert describe(sheet).endswith("来源：命令行")


# -- downloads ------------------------------------------------------------------------------------


def test_every_download_is_recorded_with_its_page(
    leader, supervisor, staff_a, goal_a, department_a
):
    signed_in(leader).get(reverse("targets:plan_export"), {"year": 2023, "quarter": 4})
    signed_in(leader).get(reverse("targets:dashboard"), {"year": 2023, "_export": "xlsx"})
    signed_in(supervisor).get(reverse("targets:bulletin_export"), {"year": 2023, "quarter": 4})
    download(signed_in(staff_a), department_a, year=2023, quarter=4)
    entries = AuditEntry.objects.exclude(action=AuditAction.SIGN_IN).order_by("pk")
    assert [(e.action, e.actor_name, e.ip) for e in entries] == [
        ("exported", "leader", OFFICE),
        ("exported", "leader", OFFICE),
        ("bulletin_downloaded", "supervisor", OFFICE),
        ("exported", "staff_a", OFFICE),
    ]
    assert [e.path for e in entries] == [
        "/exports/plan/?year=2023&quarter=4",
        "/dashboard/?year=2023&_export=xlsx",
        "/exports/bulletin/?year=2023&quarter=4",
        f"/departments/{department_a.pk}/update-template/?year=2023&quarter=4",
    ]
    assert all(e.target.endswith((".xlsx", ".docx")) for e in entries)


def test_a_refused_download_is_not_recorded(staff_a, goal_a):
    assert signed_in(staff_a).get(reverse("targets:bulletin_export")).status_code == 403
    assert log(AuditAction.BULLETIN_DOWNLOADED) == []


# -- the page ---------------------------------------------------------------------------------


def rows(response) -> list[list[str]]:
    """The table's rows as text: time, event, account, address, object, details, page."""
    html = response.content.decode()
    body = html.split('id="audit-table"', 1)[1].split("<tbody", 1)[1].split("</tbody>", 1)[0]
    return [
        [text(cell) for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
        for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S)
    ]


def entry(action, name, *, ip="10.0.8.1", days_ago=0, target="", details=None):
    return AuditEntry.objects.create(
        action=action,
        actor_name=name,
        ip=ip,
        target=target or name,
        at=timezone.now() - datetime.timedelta(days=days_ago),
        details=details or {},
    )


def test_the_page_shows_the_log_newest_first_in_the_users_language(admin):
    entry(AuditAction.SIGN_IN_FAILED, "wang", days_ago=1)
    entry(
        AuditAction.ROLE_CHANGED,
        "admin",
        target="wang",
        details={"role": ["staff", "supervisor"]},
    )
    client = signed_in(admin)
    found = rows(client.get(AUDIT))
    # The newest first: the administrator's own sign-in, the role change, the failed sign-in.
    assert [r[1:6] for r in found] == [
        ["登录", "admin", OFFICE, "admin", ""],
        ["角色变更", "admin", "10.0.8.1", "wang", "角色：填报员 → 督查室"],
        ["登录失败", "wang", "10.0.8.1", "wang", ""],
    ]
    client.cookies["django_language"] = "en"
    english = rows(client.get(AUDIT))
    assert (
        english[1][1] == "Role changed" and english[1][5] == "role: Department staff → Supervisor"
    )


def test_the_page_filters_by_days_event_account_and_address(admin):
    entry(AuditAction.SIGN_IN_FAILED, "wang", ip="10.0.8.1", days_ago=10)
    entry(AuditAction.SIGN_IN_FAILED, "li", ip="10.0.9.1", days_ago=3)
    entry(AuditAction.EXPORTED, "wang", ip="10.0.9.2", days_ago=3)
    client = signed_in(admin)
    today = timezone.localdate()

    def accounts(**query):
        return [(r[1], r[2]) for r in rows(client.get(AUDIT, query))]

    assert accounts(action="sign_in_failed") == [("登录失败", "li"), ("登录失败", "wang")]
    assert accounts(user="wang") == [("下载导出文件", "wang"), ("登录失败", "wang")]
    assert accounts(ip="10.0.9.") == [("下载导出文件", "wang"), ("登录失败", "li")]
    start = (today - datetime.timedelta(days=5)).isoformat()
    end = (today - datetime.timedelta(days=2)).isoformat()
    assert accounts(start=start, end=end) == [("下载导出文件", "wang"), ("登录失败", "li")]
    assert accounts(end=(today - datetime.timedelta(days=10)).isoformat()) == [("登录失败", "wang")]
    # A day that is not one leaves the table empty and says so, and changes nothing.
    response = client.get(AUDIT, {"start": "2023-02-30"})
    assert response.status_code == 200 and rows(response) == [["没有符合条件的记录。"]]
    assert '<div class="invalid-feedback">输入一个有效的日期。</div>' in response.content.decode()


def test_the_download_is_the_table_as_filtered_and_is_itself_recorded(admin):
    entry(AuditAction.SIGN_IN_FAILED, "wang", days_ago=1)
    entry(AuditAction.EXPORTED, "li", days_ago=1)
    client = signed_in(admin)
    response = client.get(AUDIT, {"action": "sign_in_failed", "_export": "xlsx"})
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    values = [[c for c in row if c is not None] for row in sheet.iter_rows(values_only=True)]
    header = values.index(["时间", "事件", "账号", "地址", "对象", "详情", "页面"])
    assert [row[1:4] for row in values[header + 1 :]] == [["登录失败", "wang", "10.0.8.1"]]
    download = AuditEntry.objects.filter(action=AuditAction.EXPORTED, actor_name="admin").get()
    assert download.path == f"{AUDIT}?action=sign_in_failed&_export=xlsx"


@pytest.mark.parametrize("who", ["staff_a", "supervisor", "leader"])
def test_the_page_is_for_administrators_only(who, request):
    entry(AuditAction.SIGN_IN, "wang")
    response = signed_in(request.getfixturevalue(who)).get(AUDIT)
    assert response.status_code == 403
    assert "只有管理员可以查看审计日志。" in response.content.decode()
    assert "wang" not in response.content.decode()


def test_the_menu_links_the_page_for_administrators(admin, supervisor):
    assert f'href="{AUDIT}"' in signed_in(admin).get(reverse("targets:dashboard")).content.decode()
    assert (
        f'href="{AUDIT}"'
        not in signed_in(supervisor).get(reverse("targets:dashboard")).content.decode()
    )


@pytest.mark.parametrize("count", [1, 20])
def test_the_page_query_count_does_not_grow(admin, count, django_assert_num_queries):
    for number in range(count):
        entry(AuditAction.ROLE_CHANGED, f"u{number}", details={"role": ["staff", "admin"]})
    client = signed_in(admin)
    # The session with its user and their department (one query), the count and the page of
    # entries.
    with django_assert_num_queries(3):
        response = client.get(AUDIT)
    assert len(rows(response)) == count + 1  # and the administrator's sign-in


# -- nobody changes it ---------------------------------------------------------------------------


def test_the_admin_lists_the_log_but_cannot_add_change_or_delete(admin):
    kept = entry(AuditAction.SIGN_IN_FAILED, "wang")
    client = signed_in(admin)
    changelist = client.get(reverse("admin:accounts_auditentry_changelist"))
    assert changelist.status_code == 200 and "wang" in changelist.content.decode()
    assert 'value="delete_selected"' not in changelist.content.decode()
    change = reverse("admin:accounts_auditentry_change", args=[kept.pk])
    page = client.get(change)
    # Read only: the entry's page has no button to save or delete.
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
    assert "deletelink" not in page.content.decode()
    before = list(AuditEntry.objects.values())
    assert client.post(change, {"actor_name": "someone", "action": "sign_in"}).status_code == 403
    delete = reverse("admin:accounts_auditentry_delete", args=[kept.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    bulk = {"action": "delete_selected", ACTION_CHECKBOX_NAME: [kept.pk], "post": "yes"}
    client.post(reverse("admin:accounts_auditentry_changelist"), bulk)
    assert client.get(reverse("admin:accounts_auditentry_add")).status_code == 403
    assert list(AuditEntry.objects.values()) == before


def test_no_code_path_changes_or_removes_an_entry(staff_a):
    kept = entry(AuditAction.SIGN_IN_FAILED, "wang")
    kept.actor_name = "someone"
    with pytest.raises(PermissionDenied):
        kept.save()
    with pytest.raises(PermissionDenied):
        kept.delete()
    with pytest.raises(PermissionDenied):
        AuditEntry.objects.filter(pk=kept.pk).update(actor_name="someone")
    with pytest.raises(PermissionDenied):
        AuditEntry.objects.all().delete()
    assert AuditEntry.objects.get(pk=kept.pk).actor_name == "wang"


def test_deleting_an_account_leaves_its_entries_as_they_were(staff_a):
    signed_in(staff_a)
    before = list(AuditEntry.objects.values())
    User.objects.filter(pk=staff_a.pk).delete()
    assert list(AuditEntry.objects.values()) == before
    assert before[0]["actor_name"] == "staff_a"


# -- keeping it 180 days ---------------------------------------------------------------------


def test_purge_keeps_180_days_and_records_itself():
    entry(AuditAction.SIGN_IN, "old", days_ago=200)
    entry(AuditAction.SIGN_IN, "recent", days_ago=170)
    out = io.StringIO()
    call_command("purge_audit_log", stdout=out)
    assert "1 entry older than 180 days (dry run" in out.getvalue()
    assert AuditEntry.objects.count() == 2
    call_command("purge_audit_log", "--yes", stdout=io.StringIO())
    assert log() == [
        ("sign_in", "recent", "10.0.8.1", "recent"),
        ("audit_log_purged", "", None, ""),
    ]
    purge = AuditEntry.objects.get(action=AuditAction.AUDIT_LOG_PURGED)
    assert purge.details["count"] == 1 and purge.details["source"] == "command"


@pytest.mark.parametrize("days", ["179", "30", "0"])
def test_purge_refuses_to_keep_less_than_180_days(days):
    entry(AuditAction.SIGN_IN, "old", days_ago=200)
    with pytest.raises(CommandError, match="at least 180 days"):
        call_command("purge_audit_log", "--days", days, "--yes")
    assert AuditEntry.objects.count() == 1


def test_purge_may_keep_longer(settings):
    settings.AUDIT_LOG_RETENTION_DAYS = 365
    entry(AuditAction.SIGN_IN, "old", days_ago=200)
    call_command("purge_audit_log", "--yes", stdout=io.StringIO())
    assert AuditEntry.objects.filter(action=AuditAction.SIGN_IN).count() == 1


def test_each_entry_can_go_to_a_log_server_as_one_json_line(staff_a, caplog):
    """With AUDIT_LOG_STDOUT the ``luoshi.audit`` logger writes each entry; rsyslog forwards it."""
    audit_logger = logging.getLogger("luoshi.audit")
    audit_logger.addHandler(caplog.handler)
    caplog.set_level(logging.INFO, logger="luoshi.audit")
    try:
        through_nginx().post(reverse("login"), {"username": "staff_a", "password": "Wrong#1"})
    finally:
        audit_logger.removeHandler(caplog.handler)
    (line,) = [r.getMessage() for r in caplog.records if r.name == "luoshi.audit"]
    assert json.loads(line) | {"at": None} == {
        "at": None,
        "action": "sign_in_failed",
        "user": "staff_a",
        "ip": OFFICE,
        "target": "staff_a",
        "path": "",
        "details": {},
    }
