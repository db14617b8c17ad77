"""
Every format offices circulate goes through the same preview and the same
import: a decomposition table as .xlsx, .xls or .ods, and a 分解方案 as
.docx, .pdf or .txt, uploaded on the plan import page or given to
``manage.py import_plan``. The same plan in each format gives the same
draft, so the same goals, owners and targets are written.
"""

import io
import json

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from targets.models import Goal, Indicator, Plan, PlanImport
from tests.pdfs import pdf_of, scanned_pdf
from tests.spreadsheets import ods_of, xls_of
from tests.targets.test_import_plan_xlsx import MERGES, ROWS, workbook

pytestmark = pytest.mark.django_db

NEW = reverse("targets:plan_import_new")
SHEET = ("任务分解表", ROWS, MERGES)
TABLES = {
    "2023年分解表.xlsx": workbook,
    "2023年分解表.xls": lambda: xls_of(SHEET),
    "2023年分解表.ods": lambda: ods_of(SHEET),
}

TITLE = "红山区2023年政府工作报告目标任务分解方案"
PARAGRAPHS = [
    "一、主要经济指标",
    "1.地区生产总值增长6.5%左右，规模以上工业增加值增长8%，固定资产投资增长10%以上。"
    "（牵头单位：区发改局；责任单位：区统计局、各街道）",
    "2.城镇新增就业1.1万人以上，城镇调查失业率控制在5.5%以内。（牵头单位：区人社局）",
    "二、重点工作任务",
    "3.新建社区食堂10个，改造老旧小区20个，惠及居民3000户。（牵头单位：区民政局）",
]


def _docx() -> bytes:
    document = docx.Document()
    for text in [TITLE, *PARAGRAPHS]:
        document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _pdf() -> bytes:
    blocks = [("title", TITLE)] + [
        ("heading", text) if text.endswith("指标") or text.endswith("任务") else text
        for text in PARAGRAPHS
    ]
    return pdf_of(blocks)  # one page: a running header is one only if it comes back


DOCUMENTS = {
    "分解方案.txt": lambda: ("\n".join([TITLE, *PARAGRAPHS]) + "\n").encode(),
    "分解方案.docx": _docx,
    "分解方案.pdf": _pdf,
}
FILES = {**TABLES, **DOCUMENTS}


def _drafts(client, files) -> dict[str, dict]:
    """Each file uploaded on the import page: the draft its preview shows."""
    drafts = {}
    for name, make in files.items():
        response = client.post(NEW, {"file": SimpleUploadedFile(name, make())})
        assert response.status_code == 302, name
        plan_import = PlanImport.objects.get(source_name=name)
        assert client.get(plan_import.get_absolute_url()).status_code == 200
        draft = dict(plan_import.draft)
        draft.pop("source_text", None)
        drafts[name] = draft
    return drafts


def test_a_table_uploaded_as_xlsx_xls_or_ods_opens_the_same_preview(client_for, admin):
    drafts = _drafts(client_for(admin), TABLES)
    first = drafts.pop("2023年分解表.xlsx")
    assert drafts == {name: first for name in drafts}
    assert not Plan.objects.exists()


def test_a_plan_uploaded_as_txt_docx_or_pdf_opens_the_same_preview(client_for, admin):
    drafts = _drafts(client_for(admin), DOCUMENTS)
    first = drafts.pop("分解方案.txt")
    assert drafts == {name: first for name in drafts}
    assert len([g for s in first["sections"] for g in s["goals"]]) == 3


def test_the_upload_page_offers_every_format(client_for, admin):
    html = client_for(admin).get(NEW).content.decode()
    assert 'accept=".txt,.md,.docx,.pdf,.xlsx,.xls,.ods,' in html
    assert "或 .xlsx、.xls、.ods 格式的任务分解表" in html


def test_a_scanned_pdf_is_refused_on_the_page_saying_why(client_for, admin):
    response = client_for(admin).post(
        NEW, {"file": SimpleUploadedFile("扫描件.pdf", scanned_pdf())}
    )
    assert response.status_code == 200
    assert "该 PDF 没有文字层，只有页面的图片（扫描件），落实系统无法读取。" in (
        response.content.decode()
    )
    assert not PlanImport.objects.exists()


def _imported(plan) -> list[tuple]:
    return sorted(
        (
            goal.code,
            goal.text,
            tuple((a.department.name, a.role) for a in goal.assignments.order_by("pk")),
            tuple((i.name, i.target_value, i.unit) for i in goal.indicators.order_by("pk")),
        )
        for goal in Goal.objects.filter(plan=plan)
    )


@pytest.mark.parametrize("name", list(FILES))
def test_import_plan_reads_every_format_and_applies_it(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(FILES[name]())
    out = io.StringIO()
    call_command("import_plan", str(path), "--dry-run", "--format", "json", stdout=out)
    assert json.loads(out.getvalue())["year"] == 2023
    assert not Plan.objects.exists()
    call_command("import_plan", str(path), stdout=io.StringIO(), stderr=io.StringIO())
    assert Goal.objects.count() == (5 if name in TABLES else 3)
    assert Indicator.objects.exists()


def test_the_same_table_imports_the_same_goals_from_each_format(tmp_path):
    imported = {}
    for year, (name, make) in enumerate(TABLES.items(), start=2023):
        path = tmp_path / name
        path.write_bytes(make())
        call_command(
            "import_plan",
            str(path),
            "--year",
            str(year),
            stdout=io.StringIO(),
            stderr=io.StringIO(),
        )
        imported[name] = _imported(Plan.objects.get(year=year))
    first = imported.pop("2023年分解表.xlsx")
    assert imported == {name: first for name in imported}


def test_import_plan_refuses_a_scan_in_one_line(tmp_path):
    path = tmp_path / "扫描件.pdf"
    path.write_bytes(scanned_pdf())
    with pytest.raises(CommandError) as caught:
        call_command("import_plan", str(path))
    assert str(caught.value).startswith("扫描件.pdf: This PDF has no text in it")
    assert not Plan.objects.exists()
