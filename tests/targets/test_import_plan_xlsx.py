"""
A decomposition table (任务分解表) as an .xlsx, imported the two ways a plan
is: ``manage.py import_plan FILE.xlsx`` and the upload form with its preview.
A workbook that cannot be read stops with one line (or one message in
Chinese) and leaves the database as it was.
"""

import io
import json
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import Workbook

from targets.models import Department, Goal, Indicator, Plan, PlanImport
from tests.helpers import rezip
from tests.spreadsheets import encrypted

pytestmark = pytest.mark.django_db

NEW = reverse("targets:plan_import_new")

ROWS = [
    ["附件1"],
    ["2023年区政府工作目标任务落实责任分解表"],
    [
        "序号",
        "目标任务",
        "指标要求",
        "目标类型",
        "牵头单位",
        "责任单位",
        "区领导",
        "完成时限",
        "备注",
    ],
    ["一、主要经济社会发展指标(牵头领导:成坤、柯相国)"],
    [1, "地区生产总值", "增长6.5%左右", "A类", "区发改局", "区统计局、各街道", "成坤", "12月底前"],
    [2, "★规上工业增加值", "增长8%", "A类", "区经信局", None, "柯相国", "12月底前"],
    ["二、重点工作任务(牵头领导:王俊)"],
    [
        3,
        "推进重大项目建设",
        "新开工亿元以上项目50个",
        "B类",
        "区发改局",
        "各街道",
        "王俊",
        "12月底前",
    ],
    [None, None, "竣工项目30个"],
    [4, "新建社区食堂10个", None, "B类", "区民政局", None, "王俊", "6月底前"],
]
MERGES = ["A2:I2", "A4:I4", "A7:I7"] + [f"{c}8:{c}9" for c in "ABDEFGH"]


def workbook(rows=ROWS, merges=MERGES) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "任务分解表"
    for row in rows:
        sheet.append(row)
    for cells in merges:
        sheet.merge_cells(cells)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def with_entity() -> bytes:
    data = workbook()
    sheet = zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml")
    sheet = sheet.replace(b"<worksheet", b'<!DOCTYPE w [<!ENTITY e "EXPANDED">]><worksheet', 1)
    return rezip(data, replace={"xl/worksheets/sheet1.xml": sheet})


def run(*args) -> str:
    out = io.StringIO()
    call_command("import_plan", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def counts() -> tuple[int, int, int]:
    return (Plan.objects.count(), Goal.objects.count(), Department.objects.count())


@pytest.fixture
def table(tmp_path):
    path = tmp_path / "2023年任务分解表.xlsx"
    path.write_bytes(workbook())
    return path


# -- the command ---------------------------------------------------------------------------


def test_dry_run_json_prints_the_draft_and_writes_nothing(table):
    draft = json.loads(run(str(table), "--dry-run", "--format", "json"))
    assert counts() == (0, 0, 0)
    assert (draft["title"], draft["year"]) == ("2023年区政府工作目标任务落实责任分解表", 2023)
    assert [(s["number"], s["title"], s["leaders"]) for s in draft["sections"]] == [
        ("一、", "主要经济社会发展指标", ["成坤", "柯相国"]),
        ("二、", "重点工作任务", ["王俊"]),
    ]
    goals = [g for s in draft["sections"] for g in s["goals"]]
    assert [
        (g["number"], g["text"], g["lead_departments"], g["co_departments"], g["flags"])
        for g in goals
    ] == [
        ("1", "地区生产总值增长6.5%左右", ["区发改局"], ["区统计局", "各街道"], []),
        ("2", "规上工业增加值增长8%", ["区经信局"], [], ["key"]),
        ("3", "推进重大项目建设(指标要求:新开工亿元以上项目50个)", ["区发改局"], ["各街道"], []),
        ("3", "推进重大项目建设(指标要求:竣工项目30个)", ["区发改局"], ["各街道"], []),
        ("4", "新建社区食堂10个", ["区民政局"], [], []),
    ]
    assert [(g["leaders"], g["deadline"], g["category"], g["line"]) for g in goals] == [
        (["成坤"], "12月底前", "A类", 5),
        (["柯相国"], "12月底前", "A类", 6),
        (["王俊"], "12月底前", "B类", 8),
        (["王俊"], "12月底前", "B类", 9),
        (["王俊"], "6月底前", "B类", 10),
    ]
    assert [[(i["value"], i["unit"], i["comparator"]) for i in g["indicators"]] for g in goals] == [
        [(6.5, "%", "approx")],
        [(8, "%", "eq")],
        [(50, "个", "eq")],
        [(30, "个", "eq")],
        [(10, "个", "eq")],
    ]
    assert draft["warnings"] == [
        {
            "where": "sheet 1 (任务分解表), row 3",
            "message": "Column “备注” is not one Luoshi reads; it was left out.",
            "template": "Column “%(column)s” is not one Luoshi reads; it was left out.",
            "params": {"column": "备注"},
        }
    ]


def test_dry_run_text_is_an_outline(table):
    out = run(str(table), "--dry-run")
    assert out.splitlines()[0] == "2023年区政府工作目标任务落实责任分解表 · 2023"
    assert "§ 一、主要经济社会发展指标  (leaders: 成坤、柯相国)" in out
    assert "  2.3' 推进重大项目建设(指标要求:竣工项目30个)" in out
    assert "warning: sheet 1 (任务分解表), row 3: Column “备注” is not one Luoshi reads" in out
    assert counts() == (0, 0, 0)


def test_import_applies_then_a_second_import_changes_nothing(table):
    first = run(str(table))
    assert (
        "created: 1 plans, 2 sections, 5 goals, 9 owners, 5 indicators, 3 leaders, "
        "5 departments; updated: nothing" in first
    )
    plan = Plan.objects.get()
    assert (plan.year, plan.title) == (2023, "2023年区政府工作目标任务落实责任分解表")
    assert list(plan.goals.order_by("order").values_list("code", "key", "category")) == [
        ("1.1", False, "A类"),
        ("1.2", True, "A类"),
        ("2.3", False, "B类"),
        ("2.3'", False, "B类"),
        ("2.4", False, "B类"),
    ]
    assert "竣工项目30个" in plan.source_text
    second = run(str(table))
    assert "created: nothing; updated: nothing" in second
    assert counts() == (1, 5, 5) and Indicator.objects.count() == 5


BAD = {
    "macro-enabled.xlsm": (workbook, "macros"),
    "old.xls": (lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(1024), "damaged"),
    "wps.et": (lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(1024), "damaged"),
    "web-page.xls": (lambda: b"<html><table><tr><td>1</td></tr></table>", "a web page"),
    "locked.xlsx": (lambda: encrypted(workbook()), "protected by a password"),
    "not-a-zip.xlsx": (lambda: "序号,工作任务\n".encode(), "not an Excel workbook"),
    "truncated.xlsx": (lambda: workbook()[:2000], "not an Excel workbook"),
    "entities.xlsx": (with_entity, "DOCTYPE or ENTITY"),
    "bomb.xlsx": (
        lambda: rezip(workbook(), add={"xl/media/image1.png": bytes(5 * 1024 * 1024)}),
        "unpacks to more than 100 times its packed size",
    ),
    "vba.xlsx": (lambda: rezip(workbook(), add={"xl/vbaProject.bin": b"\xd0\xcf"}), "macros"),
    "no-table.xlsx": (lambda: workbook([["请各单位认真落实。"]], []), "No sheet of this workbook"),
    "empty.xlsx": (lambda: b"", "empty"),
}


@pytest.mark.parametrize("name", list(BAD))
def test_bad_workbook_stops_with_one_line_and_writes_nothing(tmp_path, goal_a, name):
    make, words = BAD[name]
    path = tmp_path / name
    path.write_bytes(make())
    before = counts()
    with pytest.raises(CommandError) as error:
        run(str(path))
    text = str(error.value)
    assert text.startswith(name + ": ")
    assert words in text
    assert "\n" not in text
    assert counts() == before


# -- the upload form -------------------------------------------------------------------------


def test_upload_of_a_table_opens_its_preview(client_for, admin):
    client = client_for(admin)
    response = client.post(NEW, {"file": SimpleUploadedFile("2023年分解表.xlsx", workbook())})
    assert response.status_code == 302
    plan_import = PlanImport.objects.get()
    assert response.url == plan_import.get_absolute_url()
    assert plan_import.source_name == "2023年分解表.xlsx"
    assert not Plan.objects.exists()
    html = client.get(plan_import.get_absolute_url()).content.decode()
    assert "目标任务5项、量化指标5个" in html
    assert '<mark class="target" title="竣工项目: 30个">竣工项目30个</mark>' in html
    assert "无法识别“备注”列，已略去。" in html


@pytest.mark.parametrize(
    ("name", "make", "message"),
    [
        ("分解表.xlsm", workbook, "不接受带宏的文件，请另存为普通的 .docx 或 .xlsx 文件。"),
        (
            "分解表.xls",
            lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(1024),
            "该工作簿已损坏，无法读取。",
        ),
        ("分解表.xlsx", lambda: encrypted(workbook()), "该文件设有密码保护。"),
        ("分解表.xlsx", lambda: workbook()[:2000], "该 .xlsx 文件已损坏，或不是 Excel 工作簿。"),
        ("分解表.xlsx", with_entity, "该文档包含不允许的内容"),
        (
            "分解表.xlsx",
            lambda: workbook([["请各单位认真落实。"]], []),
            "该工作簿中没有带表头（序号、工作任务、牵头单位等）的表格。",
        ),
    ],
    ids=["macro", "damaged-xls", "encrypted", "truncated", "entities", "no-table"],
)
def test_upload_of_a_bad_workbook_shows_why_in_chinese_and_writes_nothing(
    client_for, admin, name, make, message
):
    response = client_for(admin).post(NEW, {"file": SimpleUploadedFile(name, make())})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert (PlanImport.objects.count(), Plan.objects.count()) == (0, 0)
