"""
``manage.py import_accounts FILE [--dry-run] [--passwords OUT]``: the same import
as the page, from the server: a dry run writes nothing, a run writes the units, the
accounts and the one copy of the first passwords (readable by its owner only), and
with any mistake nothing, each mistake listed by sheet, row and column.
"""

import io
import os
import stat

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from accounts.choices import AuditAction
from accounts.models import AuditEntry, User
from targets.io.account_imports import TEMPLATE_COLUMNS
from targets.models import Department
from tests.helpers import workbook_of

pytestmark = pytest.mark.django_db

HEADER = [header for _role, header in TEMPLATE_COLUMNS]
ROWS = [
    HEADER,
    ["洪山区发展和改革局", "区发改局", "区直部门", "", "张三", "zhangsan", "", "", ""],
    ["洪山区科学技术局", "区科技局", "区直部门", "", "李四", "lisi", "领导", "", ""],
]


@pytest.fixture
def roster(tmp_path):
    def write(rows=ROWS):
        path = tmp_path / "名单.xlsx"
        path.write_bytes(workbook_of(("名单", rows)))
        return path

    return write


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_accounts", *map(str, args), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_a_dry_run_shows_what_would_change_and_writes_nothing(roster, tmp_path):
    out, _err = run(roster(), "--dry-run", "--passwords", tmp_path / "p.xlsx")
    assert "create 洪山区发展和改革局" in out
    assert "create zhangsan 洪山区发展和改革局" in out
    assert "单位：新建2个，更新0个，不变0个。账号：新建2个，更新0个，不变0个。错误：0处。" in out
    assert "试运行：未写入任何内容。" in out
    assert not Department.objects.exists() and not User.objects.exists()
    assert not (tmp_path / "p.xlsx").exists()


def test_a_run_writes_the_accounts_and_the_one_copy_of_their_first_passwords(roster, tmp_path):
    out_file = tmp_path / "p.xlsx"
    out, _err = run(roster(), "--passwords", out_file)
    assert "已导入：新建单位2个、更新单位0个，新建账号2个、更新账号0个。" in out
    assert stat.S_IMODE(os.stat(out_file).st_mode) == 0o600
    rows = list(load_workbook(out_file).active.iter_rows(min_row=4, values_only=True))
    assert [(r[0], r[1], r[2]) for r in rows] == [
        ("区发改局", "张三", "zhangsan"),
        ("区科技局", "李四", "lisi"),
    ]
    for _unit, _name, username, password, _address in rows:
        user = User.objects.get(username=username)
        assert user.check_password(password) and user.must_change_password
    entry = AuditEntry.objects.get(action=AuditAction.ACCOUNTS_IMPORTED)
    assert (entry.actor, entry.target, entry.details["source"]) == (None, "名单.xlsx", "command")

    # Again: nothing new, no passwords file.
    again = tmp_path / "again.xlsx"
    out, _err = run(roster(), "--passwords", again)
    assert "新建单位0个、更新单位0个，新建账号0个、更新账号0个" in out
    assert not again.exists()
    assert User.objects.count() == 2


def test_with_a_mistake_nothing_is_written_and_each_is_listed(roster, tmp_path):
    rows = [*ROWS, ["区发改局", "", "", "", "王五", "wangwu", "外星人", "", "bad"]]
    with pytest.raises(CommandError) as refused:
        run(roster(rows), "--passwords", tmp_path / "p.xlsx")
    assert "名单中有2处错误" in str(refused.value)
    assert not Department.objects.exists() and not User.objects.exists()
    assert not (tmp_path / "p.xlsx").exists()


def test_the_mistakes_are_listed_by_sheet_row_and_column(roster, tmp_path):
    rows = [*ROWS, ["区发改局", "", "", "", "王五", "wangwu", "外星人", "", ""]]
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command(
            "import_accounts", str(roster(rows)), "--passwords", str(tmp_path / "p"), stderr=err
        )
    assert err.getvalue() == (
        "名单 第4行 G列：“外星人”不是角色：请填写填报员、督查室、领导、管理员之一。\n"
    )


def test_an_existing_passwords_file_is_never_overwritten(roster, tmp_path):
    existing = tmp_path / "p.xlsx"
    existing.write_bytes(b"keep me")
    with pytest.raises(CommandError, match="exists"):
        run(roster(), "--passwords", existing)
    assert existing.read_bytes() == b"keep me"
    assert not User.objects.exists()


def test_a_file_that_is_no_list_stops_with_one_line(tmp_path):
    path = tmp_path / "名单.xlsx"
    path.write_bytes(b"not a workbook")
    with pytest.raises(CommandError) as refused:
        run(path, "--dry-run")
    assert str(refused.value) == "名单.xlsx: 该 .xlsx 文件已损坏，或不是 Excel 工作簿。"
