"""
What Luoshi hands out, on paper: the demo's 2023 Q3 bulletin (督查通报), the
plan workbook, the department ranking and the goal list as tables, and a
department's fill-in workbook for Q4.

The bulletin's figures are the dashboard's, checked on the demo. Where
LibreOffice is installed (CI installs it: .ci/run), every document is
converted to PDF once for the module and read back with poppler: no cell's
text is cut, the bulletin's body is set in a serif face and its headings in
another, the pages are A4 and as many as the layout intends, the type
readable. The pages are kept as PNGs in test-artifacts/documents/.
"""

import io
import re
from pathlib import Path

import docx
import openpyxl
import pytest
from django.contrib.auth import get_user_model
from django.db import transaction
from django.test import Client, override_settings
from django.urls import reverse

from accounts.choices import Role
from targets.demo import hongshan_2023
from targets.demo.loader import demo_load
from targets.exports.plan import plan_workbook
from targets.io.bulletin import write_bulletin
from targets.models import Department, Goal, Plan
from targets.periods import Quarter
from targets.selectors.bulletin import bulletin_data
from targets.services.update_sheets import update_sheet_build
from tests.bulletins import agrees_with_the_dashboard, cells
from tests.documents import MISSING, POPPLER, SOFFICE, convert, keep_pages

pytestmark = pytest.mark.django_db

Q3 = Quarter(2023, 3)
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "documents"
OFFICE = {
    "BULLETIN_OFFICE": "洪山区人民政府督查室",
    "BULLETIN_ISSUE_NUMBER": "洪督通〔{year}〕{quarter}号",
    "BULLETIN_COPY_TO": "区委办公室，区人大常委会办公室，区政协办公室，区纪委监委",
    "BULLETIN_PRINTED_BY": "洪山区人民政府办公室",
}
A4 = (595.3, 841.9)  # points
needs_office_suite = pytest.mark.skipif(not (SOFFICE and POPPLER), reason=MISSING)


def reader():
    """The command line's reader: an administrator, who sees every goal."""
    return get_user_model()(username="manage.py", role=Role.ADMIN)


@pytest.fixture(scope="module")
def written(django_db_setup, django_db_blocker, tmp_path_factory):
    """
    The demo loaded once for the module (rolled back at its end) and every
    document written from it to a folder: {name: path}.
    """
    folder = tmp_path_factory.mktemp("documents")
    with django_db_blocker.unblock(), transaction.atomic():
        demo_load(password="demo-pass-2023")
        plan = Plan.objects.get(**hongshan_2023.PLAN)
        paths = {}
        with override_settings(**OFFICE):
            paths["bulletin"] = folder / "bulletin.docx"
            write_bulletin(bulletin_data(plan, Q3, user=reader()), paths["bulletin"])
        paths["plan"] = folder / "plan.xlsx"
        plan_workbook(plan, Q3, user=reader(), target=paths["plan"])
        client = Client()
        client.force_login(get_user_model().objects.get(username="supervisor"))
        query = {"year": 2023, "quarter": 3, "_export": "xlsx"}
        for name, url in (("ranking", "targets:dashboard"), ("goals", "targets:goal_list")):
            response = client.get(reverse(url), query)
            paths[name] = folder / f"{name}.xlsx"
            paths[name].write_bytes(b"".join(response.streaming_content))
        # The assessment's 通报 is laid out by the bulletin's writer: it prints alike.
        with override_settings(**OFFICE):
            response = client.get(reverse("targets:assessment_notice"), {"year": 2023})
        paths["assessment"] = folder / "assessment.docx"
        paths["assessment"].write_bytes(b"".join(response.streaming_content))
        education = Department.objects.get(code="jiaoyu")  # the most goals: six
        paths["template"] = folder / "template.xlsx"
        paths["template"].write_bytes(
            update_sheet_build(education, Quarter(2023, 4), goals=Goal.objects.all())
        )
        yield paths
        transaction.set_rollback(True)


@pytest.fixture(scope="module")
def printed(written, tmp_path_factory):
    """Every document converted to PDF in one LibreOffice run, and its pages kept as PNGs."""
    if not (SOFFICE and POPPLER):
        pytest.skip(MISSING)
    folder = tmp_path_factory.mktemp("pdf")
    result = convert(list(written.values()), folder, tmp_path_factory.mktemp("profile"))
    for name, document in result.items():
        assert keep_pages(document, ARTIFACTS, name)
    return result


# --- the figures ------------------------------------------------------------------------------


def test_demo_bulletin_agrees_with_the_dashboard(written, db):
    """
    2023 Q3 of the demo: 39 goals, three of them led jointly; the text, the
    合计 row and the dashboard count each goal once, the rows each lead's.
    """
    plan = Plan.objects.get(**hongshan_2023.PLAN)
    doc = docx.Document(written["bulletin"])
    agrees_with_the_dashboard(doc, plan, reader(), Q3)
    table = cells(doc.tables[0])
    assert table[-1][:3] == ["合计", "39", "35/39"]
    assert sum(int(row[1]) for row in table[1:-1]) == 42  # 39 goals, 3 led by two
    notes = [p.text for p in doc.paragraphs if p.text.startswith("注：")]
    assert notes == [
        "注：3项目标任务由两个及以上单位共同牵头，分别计入各牵头单位，“合计”行每项只计一次。"
    ]
    # The goals it names are coded as the demo's outline: none under a chapter 0.
    assert not [p.text for p in doc.paragraphs if re.search(r"\b0\.\d+\.\d+", p.text)]


def test_demo_bulletin_is_dated_the_day_its_period_closed(written):
    doc = docx.Document(written["bulletin"])
    lines = [p.text for p in doc.paragraphs if p.text]
    assert lines[1] == "洪督通〔2023〕3号"
    # The sign-off, then the 版记: whom it is copied to, who printed it and when.
    assert lines[-4:] == [
        "洪山区人民政府督查室",
        "2023年10月2日",
        "抄送：区委办公室，区人大常委会办公室，区政协办公室，区纪委监委。",
        "洪山区人民政府办公室\t2023年10月2日印发",
    ]


# --- on paper ---------------------------------------------------------------------------------


@needs_office_suite
def test_bulletin_on_paper(printed, written):
    """
    A4 pages, each with its number on the outer edge; the title on two lines
    in the title face; the body in a serif face, the 一、 headings and the
    （一） headings each in another; no word of the table split; the sign-off
    and the 版记 on the last page, the 版记 at its foot.
    """
    bulletin = printed["bulletin"]
    assert all(size == pytest.approx(A4, abs=1) for size in bulletin.page_sizes)
    assert bulletin.overlaps() == []
    for page in range(1, bulletin.pages + 1):
        number = [f for f in bulletin.on_page(page) if f.bare == f"—{page}—"]
        assert len(number) == 1, page
        outer = number[0].left > A4[0] / 2 if page % 2 else number[0].left < A4[0] / 2
        assert outer, page
        # No page holds a page number alone, or a heading alone at its foot.
        assert len(bulletin.on_page(page)) > 1

    first = bulletin.on_page(1)
    title = [f.bare for f in first if f.size > 20]  # 二号 (22 pt); the office is 一号
    assert title == [
        "洪山区人民政府督查室",
        "关于2023年第三季度政府工作报告",
        "目标任务落实情况的通报",
    ]

    def face(starts: str) -> str:
        return next(f.family for f in bulletin.fragments if f.bare.startswith(starts))

    body = face("截至2023年第三季度")
    assert "Serif" in body
    assert face("一、总体情况") != body and "Serif" not in face("一、总体情况")
    # 楷体, or what stands in for it: here, without a 楷 face, the sans one, as 黑体's.
    assert face("（一）压实工作责任") != body
    assert face("各单位牵头目标任务落实情况如下表") == body

    # Every department's name whole on one line of its cell.
    doc = docx.Document(written["bulletin"])
    names = [row[0] for row in cells(doc.tables[0])[1:]]
    fragments = {f.bare for f in bulletin.fragments}
    assert [name for name in names if name not in fragments] == []
    assert "区住房保障和房管局" in names
    for word in ("已完成", "待审核", "未报送", "正常", "推进"):
        assert word in " ".join(f.text for f in bulletin.fragments)

    last = bulletin.on_page(bulletin.pages)
    assert "抄送：区委办公室" in bulletin.page_text(bulletin.pages)
    printer = [f for f in last if f.bare == "洪山区人民政府办公室"]
    day = [f for f in last if f.bare == "2023年10月2日印发"]
    assert len(printer) == len(day) == 1
    # At the foot of the page's text (its bottom margin is 35 mm), on the line of the date.
    assert printer[0].top > A4[1] - 35 / 25.4 * 72 - 40
    assert abs(printer[0].top - day[0].top) < 2 and printer[0].left < day[0].left
    assert any(f.bare == "洪山区人民政府督查室" for f in last)  # the sign-off


@needs_office_suite
def test_assessment_notice_on_paper_as_the_bulletin(printed):
    """The 考核结果通报: the bulletin's faces, page numbers and 版记 at the foot."""
    notice, bulletin = printed["assessment"], printed["bulletin"]
    assert notice.overlaps() == []
    body = next(f.family for f in bulletin.fragments if f.bare.startswith("截至2023年第三季度"))
    assert next(f.family for f in notice.fragments if f.bare.startswith("根据2023年度")) == body
    for page in range(1, notice.pages + 1):
        (number,) = [f for f in notice.on_page(page) if f.bare == f"—{page}—"]
        assert (number.left > A4[0] / 2) == bool(page % 2)
    # Its 版记 names the office that issues it (it sets no printing office of its own).
    last = notice.on_page(notice.pages)
    printer = [f for f in last if f.bare == "洪山区人民政府督查室"][-1]
    assert printer.top > A4[1] - 35 / 25.4 * 72 - 40
    assert "印发" in "".join(f.bare for f in last if abs(f.top - printer.top) < 2)


@needs_office_suite
@pytest.mark.parametrize("name", ["plan", "ranking", "goals", "template"])
def test_workbook_on_paper(printed, written, name):
    """
    Every cell's text is on the pages, none of it over another's (a row too
    low for its lines, or a text running into the next cell, is cut there);
    A4 pages; type no smaller than 7 points; each page's 第 N 页，共 M 页 whole
    in its footer.
    """
    document = printed[name]
    text = document.text()
    book = openpyxl.load_workbook(written[name])
    missing = []
    for sheet in book.worksheets:
        if sheet.sheet_state != "visible":
            continue
        hidden = {letter for letter, d in sheet.column_dimensions.items() if d.hidden}
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.column_letter not in hidden:
                    if re.sub(r"\s+", "", cell.value) not in text:
                        missing.append(f"{sheet.title}!{cell.coordinate} {cell.value[:30]}")
    assert missing == []
    assert document.overlaps() == []
    assert all(sorted(size) == pytest.approx(A4, abs=1) for size in document.page_sizes)
    assert min(f.size for f in document.fragments) >= 7
    for page in range(1, document.pages + 1):
        assert f"第{page}页，共{document.pages}页" in document.page_text(page), page


@needs_office_suite
def test_plan_goals_sheet_prints_pages_across_each_with_the_code(printed, written):
    """
    The goals sheet's 19 columns: as many pages across as its layout asks
    (``fitToWidth``, so as to print at 70 % or more), each band's pages one
    after another, the code column on each; not one page in 4-point type.
    """
    plan = printed["plan"]
    across = openpyxl.load_workbook(written["plan"])["目标任务"].page_setup.fitToWidth
    assert across > 1
    bands = plan.pages_with("任务原文")  # the band's first page: its left columns
    assert bands
    for first in bands:
        band = list(range(first, first + across))
        assert set(band) <= set(plan.pages_with("编号"))
        assert any(page in plan.pages_with("进展情况") for page in band[1:])
        assert not any(page in bands for page in band[1:])


@needs_office_suite
def test_template_prints_its_fill_sheet_on_one_page_across_and_its_instructions_on_one(printed):
    template = printed["template"]
    assert template.pages == 2
    # Its first column's heading and its last's on the one page, the instructions after it.
    assert "任务编号" in template.page_text(1) and "下步计划" in template.page_text(1)
    assert template.pages_with("本表供") == [2]
    numbers = {f.bare for f in template.on_page(2)}
    assert {str(n) for n in range(1, 11)} <= numbers


def test_bulletin_document_reads_back(written):
    """The file is a Word document python-docx reads: Word and WPS will too."""
    doc = docx.Document(io.BytesIO(written["bulletin"].read_bytes()))
    assert doc.tables
