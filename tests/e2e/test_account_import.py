"""
Day one in a real browser: on an empty install an administrator downloads
nothing but fills the office's list in — 120 departments and 400 people, each
unit merged down over its people as offices keep them — imports it, checks the
preview, confirms, prints the slips and downloads them; a reporter signs in with
the password on their slip and is made to choose their own before any page opens.
"""

import io
import random

import pytest
from openpyxl import load_workbook

from accounts.models import User
from targets.io.account_imports import TEMPLATE_COLUMNS
from targets.models import Department
from tests.e2e.conftest import ARTIFACTS
from tests.helpers import log_in, workbook_of

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

UNITS = 120
PEOPLE = 400
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
)
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红鹏辉晶建国志文斌宇浩凯"
BUREAUS = [
    "发展和改革局",
    "科学技术局",
    "经济和信息化局",
    "财政局",
    "人力资源和社会保障局",
    "自然资源和规划局",
    "生态环境局",
    "住房和城乡建设局",
    "交通运输局",
    "水务和湖泊局",
    "农业农村局",
    "商务局",
    "文化和旅游局",
    "卫生健康委员会",
    "退役军人事务局",
    "应急管理局",
    "审计局",
    "市场监督管理局",
    "统计局",
    "医疗保障局",
]


def office_list() -> tuple[bytes, int]:
    """The workbook, and the row of the person whose slip the test signs in with."""
    rng = random.Random(2024)
    header = [header for _role, header in TEMPLATE_COLUMNS]
    rows, merges = [["洪山区各单位联络员名单"], header], []
    person = 0
    for unit in range(UNITS):
        if unit < len(BUREAUS):
            name, short, kind = f"洪山区{BUREAUS[unit]}", "", "区直部门"
        elif unit < 100:
            name, short, kind = f"洪山区第{unit:03d}办公室", f"区{unit:03d}办", "区直部门"
        else:
            name, short, kind = f"洪山区第{unit:03d}街道办事处", f"第{unit:03d}街道", "街道"
        count = 4 if unit < PEOPLE - 3 * UNITS else 3
        first = len(rows) + 1
        for seat in range(count):
            person += 1
            rows.append(
                [
                    name if seat == 0 else None,
                    short if seat == 0 else None,
                    kind if seat == 0 else None,
                    None,
                    rng.choice(SURNAMES) + "".join(rng.sample(GIVEN, rng.choice((1, 2)))),
                    f"hs{person:03d}",
                    "填报员",
                    f"139{person:08d}",
                    f"hs{person:03d}@hongshan.gov.cn",
                ]
            )
        merges.append((0, f"A{first}:A{first + count - 1}"))
    return workbook_of(("联络员名单", rows), merges=merges), 13


def test_admin_imports_120_departments_and_400_accounts_and_a_reporter_signs_in(
    new_page, screenshot, admin
):
    data, chosen = office_list()
    page = new_page()
    # Reading, previewing and applying 400 rows on a machine the other tests share.
    page.set_default_timeout(90_000)
    log_in(page, "admin")
    page.click("#manage-menu")  # the administrator's pages are under 管理
    page.click("#main-nav >> text=开通检查")
    page.wait_for_selector("#setup-steps")
    assert page.get_attribute("#step-departments", "data-done") == "no"
    screenshot(page, "account-import-01-setup-empty")

    page.click("#step-departments >> text=导入单位和账号")
    page.set_input_files(
        "#id_file",
        files=[
            {
                "name": "联络员名单.xlsx",
                "mimeType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                "buffer": data,
            }
        ],
    )
    page.click("#read-button")
    page.wait_for_selector("#unit-table")
    assert page.inner_text("#units-new") == "新建120个"
    assert page.inner_text("#accounts-new") == "新建400个"
    assert page.locator("#import-problems").count() == 0
    assert page.locator("#account-table tbody tr").count() == PEOPLE
    screenshot(page, "account-import-02-preview")
    assert not Department.objects.exists()  # nothing before the confirmation

    page.click("#confirm-button")
    page.wait_for_selector("#password-slips")
    slips = page.locator(".password-slip")
    assert slips.count() == PEOPLE
    assert "已导入：新建单位120个、更新单位0个，新建账号400个、更新账号0个。" in page.inner_text(
        "#import-result"
    )
    slip = slips.nth(chosen - 1)
    account = slip.locator(".slip-account").inner_text().strip()
    password = slip.locator(".first-password").inner_text().strip()
    assert account == f"hs{chosen:03d}"
    assert slip.locator(".slip-unit").inner_text().strip() == "洪山区财政局"
    screenshot(page, "account-import-03-slips")

    # Printed: only the slips, two to a row, none cut between pages.
    page.emulate_media(media="print")
    assert not page.is_visible("#main-nav") and not page.is_visible("#slips-note")
    assert page.is_visible("#password-slips")
    page.screenshot(path=str(ARTIFACTS / "account-import-04-slips-printed.png"))
    pdf = page.pdf(path=str(ARTIFACTS / "account-import-slips.pdf"), format="A4")
    assert pdf.startswith(b"%PDF")
    page.emulate_media(media="screen")

    with page.expect_download() as downloaded:
        page.click("#download-passwords")
    book = load_workbook(io.BytesIO(open(downloaded.value.path(), "rb").read()))
    rows = list(book.active.iter_rows(min_row=4, values_only=True))
    assert len(rows) == PEOPLE
    assert rows[chosen - 1][2:4] == (account, password)

    assert Department.objects.count() == UNITS
    assert User.objects.filter(must_change_password=True).count() == PEOPLE

    person = new_page()
    person.goto("/accounts/login/")
    person.fill("#id_username", account)
    person.fill("#id_password", password)
    person.click("form[action='/accounts/login/'] button[type=submit]")
    person.wait_for_selector("#password-change-required")
    assert person.url.endswith("/accounts/password_change/")
    screenshot(person, "account-import-05-must-change")
    person.goto("/dashboard/")
    assert person.url.endswith("/accounts/password_change/")
    person.fill("#id_old_password", password)
    person.fill("#id_new_password1", "Mine#2024x")
    person.fill("#id_new_password2", "Mine#2024x")
    person.click("#password-change-form button[type=submit]")
    person.wait_for_selector("#password-changed")
    person.goto("/")
    person.wait_for_selector("#department-name")
    assert "洪山区财政局" in person.inner_text("#department-name")
    screenshot(person, "account-import-06-own-department")

    page.goto("/setup/")
    assert page.get_attribute("#step-departments", "data-done") == "yes"
    assert page.get_attribute("#step-accounts", "data-done") == "yes"
    screenshot(page, "account-import-07-setup-after")
