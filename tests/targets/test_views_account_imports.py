"""
Importing departments and accounts in the browser: the template, an upload read
into a preview that lists every change and every mistake by row and cell,
confirming it, the first passwords shown once as slips and as a workbook, and a
person signing in with one and made to choose their own. Bad input writes nothing.
"""

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from accounts.choices import AuditAction
from accounts.models import AuditEntry, User
from targets.choices import ImportState
from targets.io.account_imports import TEMPLATE_COLUMNS
from targets.models import AccountImport, Department
from tests.factories import DepartmentFactory, UserFactory
from tests.helpers import workbook_of
from tests.html import joined_text, messages_of, table_rows, text

pytestmark = pytest.mark.django_db

LIST = reverse("targets:account_import_list")
NEW = reverse("targets:account_import_new")
HEADER = [header for _role, header in TEMPLATE_COLUMNS]
ROWS = [
    HEADER,
    ["洪山区发展和改革局", "区发改局", "区直部门", "", "张三", "zhangsan", "", "13800138000", ""],
    ["洪山区发展和改革局", "", "", "", "李四", "lisi", "", "", "lisi@hs.gov.cn"],
    ["洪山区科学技术局", "区科技局", "区直部门", "区发改局", "王五", "wangwu", "", "", ""],
]


def upload(client, rows=ROWS, name="联络员名单.xlsx"):
    data = workbook_of(("名单", rows))
    return client.post(NEW, {"file": SimpleUploadedFile(name, data)})


@pytest.fixture
def office(client_for, admin):
    return client_for(admin)


@pytest.fixture
def pending(office):
    response = upload(office)
    assert response.status_code == 302
    return AccountImport.objects.get()


def fingerprint_of(response) -> str:
    return re.search(r'name="fingerprint" value="([0-9a-f]+)"', response.content.decode()).group(1)


def confirm(client, pending):
    page = client.get(pending.get_absolute_url())
    url = reverse("targets:account_import_confirm", args=[pending.pk])
    return client.post(url, {"fingerprint": fingerprint_of(page)})


def badge(page: str, element_id: str) -> str:
    """The words of the element with this id (a count's badge)."""
    return text(re.search(rf'id="{element_id}">(.*?)</', page, re.S).group(1))


def slips_of(response) -> list[dict]:
    html = response.content.decode()
    slips = []
    for table in re.findall(r'<table class="password-slip">(.*?)</table>', html, re.S):
        cells = dict(re.findall(r'<td class="slip-(\w+)">(.*?)</td>', table, re.S))
        password = re.search(r'<td class="first-password">(.*?)</td>', table).group(1)
        slips.append({**{k: text(v) for k, v in cells.items()}, "password": password})
    return slips


# -- the template and the upload ----------------------------------------------------------


def test_the_template_has_the_columns_and_instructions_in_chinese(office):
    response = office.get(reverse("targets:account_import_template"))
    assert (
        response["Content-Disposition"].endswith(".xlsx")
        or "xlsx" in response["Content-Disposition"]
    )
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert book.sheetnames == ["单位和账号名单", "填写说明"]
    assert [c.value for c in book["单位和账号名单"][3]] == HEADER
    guide = {row[0]: row[1] for row in book["填写说明"].iter_rows(min_row=2, values_only=True)}
    assert guide["角色"] == "填写以下之一：填报员、督查室、领导、管理员。不填时为填报员。"


def test_an_upload_opens_a_preview_of_every_change(office, pending):
    response = office.get(pending.get_absolute_url())
    page = response.content.decode()
    assert [badge(page, name) for name in ("units-new", "units-changed", "units-same")] == [
        "新建2个",
        "更新0个",
        "不变0个",
    ]
    assert badge(page, "accounts-new") == "新建3个"
    assert table_rows(response, "unit-table") == [
        ["新增", "洪山区发展和改革局", "区发改局", "区直部门", "", ""],
        ["新增", "洪山区科学技术局", "区科技局", "区直部门", "洪山区发展和改革局", ""],
    ]
    assert [row[:5] for row in table_rows(response, "account-table")] == [
        ["新增", "zhangsan", "张三", "填报员", "洪山区发展和改革局"],
        ["新增", "lisi", "李四", "填报员", "洪山区发展和改革局"],
        ["新增", "wangwu", "王五", "填报员", "洪山区科学技术局"],
    ]
    assert 'id="confirm-button"' in page
    assert not Department.objects.exists() and not User.objects.filter(username="lisi").exists()


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("名单.xlsx", b"", "文件是空的。"),
        ("名单.docx", b"PK\x03\x04", "不支持.docx类型的文件：请以Excel工作簿（.xlsx）上传名单。"),
        (
            "名单.xls",
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 200,
            "该工作簿已损坏，无法读取。",
        ),  # an old .xls is read: this one is damaged
        ("名单.xlsx", b"PK\x03\x04 not really", "该 .xlsx 文件已损坏，或不是 Excel 工作簿。"),
        (
            "名单.xlsx",
            workbook_of(("S", [["请各单位报送联络员"]])),
            "该工作簿中没有带表头（单位名称、姓名、账号等）的表格：请下载模板填写。",
        ),
    ],
)
def test_a_file_that_is_no_list_is_refused_in_chinese_and_nothing_is_kept(
    office, name, data, message
):
    response = office.post(NEW, {"file": SimpleUploadedFile(name, data)})
    assert response.status_code == 200
    errors = joined_text(
        response.content.decode().split('id="import-errors">')[1].split("</div>")[0]
    )
    assert message in errors
    assert not AccountImport.objects.exists()


def test_a_list_with_mistakes_lists_each_by_sheet_row_and_column_and_cannot_be_confirmed(office):
    rows = [*ROWS, ["区发改局", "", "", "", "赵六", "zhaoliu", "外星人", "", "not-mail"]]
    upload(office, rows)
    pending = AccountImport.objects.get()
    response = office.get(pending.get_absolute_url())
    assert table_rows(response, "import-problems") == [
        ["名单", "5", "G", "“外星人”不是角色：请填写填报员、督查室、领导、管理员之一。"],
        ["名单", "5", "I", "“not-mail”不是电子邮箱地址。"],
    ]
    assert 'id="confirm-button"' not in response.content.decode()
    url = reverse("targets:account_import_confirm", args=[pending.pk])
    response = office.post(url, {"fingerprint": "0" * 32})
    assert "名单中有2处错误" in " ".join(messages_of(response))
    assert not User.objects.filter(username="zhangsan").exists()


# -- confirming: the slips ----------------------------------------------------------------


def test_confirming_shows_each_first_password_once_on_a_slip(office, pending, settings):
    settings.SITE_URL = "https://luoshi.hongshan.gov.cn/"
    response = confirm(office, pending)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    slips = slips_of(response)
    assert [(s["name"], s["unit"], s["account"], s["address"]) for s in slips] == [
        ("张三", "区发改局", "zhangsan", "https://luoshi.hongshan.gov.cn/"),
        ("李四", "区发改局", "lisi", "https://luoshi.hongshan.gov.cn/"),
        ("王五", "区科技局", "wangwu", "https://luoshi.hongshan.gov.cn/"),
    ]
    for slip in slips:
        user = User.objects.get(username=slip["account"])
        assert user.check_password(slip["password"]) and user.must_change_password
    entry = AuditEntry.objects.get(action=AuditAction.ACCOUNTS_IMPORTED)
    assert (entry.target, entry.details["accounts_created"]) == (
        "联络员名单.xlsx",
        ["zhangsan", "lisi", "wangwu"],
    )
    # The import's own page never shows them again.
    page = office.get(pending.get_absolute_url()).content.decode()
    assert "password-slip" not in page and slips[0]["password"] not in page
    assert "已导入：新建单位2个、更新单位0个，新建账号3个、更新账号0个。" in joined_text(page)


def test_the_slips_download_as_a_workbook_for_the_administrator_who_saw_them(
    office, pending, client, admin
):
    page = confirm(office, pending)
    token = re.search(r'name="token" value="([^"]+)"', page.content.decode()).group(1)
    url = reverse("targets:account_import_passwords", args=[pending.pk])
    response = office.post(url, {"token": token})
    assert "no-store" in response["Cache-Control"]
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    rows = list(book.active.iter_rows(min_row=4, values_only=True))
    passwords = {s["account"]: s["password"] for s in slips_of(page)}
    assert [(r[0], r[1], r[2], r[3]) for r in rows] == [
        ("区发改局", "张三", "zhangsan", passwords["zhangsan"]),
        ("区发改局", "李四", "lisi", passwords["lisi"]),
        ("区科技局", "王五", "wangwu", passwords["wangwu"]),
    ]
    assert AuditEntry.objects.filter(action=AuditAction.EXPORTED, path=url).exists()

    colleague = UserFactory(username="admin2", department=None, role="admin", is_staff=True)
    client.force_login(colleague)
    assert client.post(url, {"token": token}).status_code == 403
    response = office.post(url, {"token": token[:-3] + "abc"})
    assert response.status_code == 302
    assert "初始密码只能在显示它们的页面上、一小时内下载" in " ".join(messages_of(response))


def test_a_preview_overtaken_by_a_change_is_shown_again_and_nothing_is_imported(office, pending):
    page = office.get(pending.get_absolute_url())
    DepartmentFactory(name="洪山区科学技术局", short_name="区科技局")  # by someone else, meanwhile
    url = reverse("targets:account_import_confirm", args=[pending.pk])
    response = office.post(url, {"fingerprint": fingerprint_of(page)})
    assert response.status_code == 200
    assert "预览显示后，单位或账号已有变动" in " ".join(messages_of(response))
    assert table_rows(response, "unit-table")[1][:2] == ["更新", "洪山区科学技术局"]
    assert not User.objects.filter(username="zhangsan").exists()
    assert AccountImport.objects.get().state == ImportState.PENDING


def test_a_person_signs_in_with_a_slips_password_and_must_choose_their_own(office, pending, client):
    slip = slips_of(confirm(office, pending))[0]
    response = client.post(
        reverse("login"), {"username": slip["account"], "password": slip["password"]}
    )
    response = client.get(response.url)
    assert response.status_code == 302 and response.url == reverse("password_change")
    response = client.post(
        reverse("password_change"),
        {
            "old_password": slip["password"],
            "new_password1": "Mine#2024x",
            "new_password2": "Mine#2024x",
        },
    )
    assert response.status_code == 302
    assert not User.objects.get(username="zhangsan").must_change_password


def test_discarding_keeps_nothing_of_the_list(office, pending):
    response = office.post(reverse("targets:account_import_discard", args=[pending.pk]))
    assert response.status_code == 302
    assert AccountImport.objects.get().state == ImportState.DISCARDED
    assert not Department.objects.exists()
    page = office.get(pending.get_absolute_url()).content.decode()
    assert "该名单已放弃，未导入任何内容。" in page


def test_the_preview_runs_as_many_queries_for_twenty_people_as_for_one(
    office, admin, django_assert_num_queries
):
    def rows(count):
        return [HEADER] + [
            [f"洪山区第{i}局", f"区{i}局", "区直部门", "", f"人{i}", f"user{i}", "", "", ""]
            for i in range(count)
        ]

    upload(office, rows(1), "one.xlsx")
    upload(office, rows(20), "twenty.xlsx")
    one, twenty = AccountImport.objects.order_by("pk")
    office.get(one.get_absolute_url())  # the session and the user, once
    with django_assert_num_queries(7) as captured:
        office.get(one.get_absolute_url())
    with django_assert_num_queries(len(captured)):
        office.get(twenty.get_absolute_url())
