"""
/assessment/: the ranking, a department's breakdown, the scheme, publishing
and withdrawing, adjustments and objections through the pages, and the Excel
and Word downloads. The district is ``assessment_data.build_district``: A
(区发改局) 9.60, C (区财政局) 3.00, B (区科技局) 0.50.
"""

import io
import re

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from targets.io.assessment import write_assessment_notice
from targets.io.bulletin import write_bulletin
from targets.models import (
    AssessmentAdjustment,
    AssessmentEvent,
    AssessmentObjection,
    AssessmentScheme,
)
from targets.periods import Quarter
from targets.selectors.assessment import assessment_of
from targets.selectors.bulletin import bulletin_data
from targets.services.assessment import assessment_publish
from tests.factories import PDF_BYTES, DepartmentFactory, GoalFactory
from tests.html import element, element_text, messages_of, table_rows, text

from . import assessment_data

pytestmark = pytest.mark.django_db

RANKING = reverse("targets:assessment_ranking")
SCHEME = reverse("targets:assessment_scheme")
PUBLISH = reverse("targets:assessment_publish")
WITHDRAW = reverse("targets:assessment_withdraw")
ADJUST = reverse("targets:assessment_adjustment_create")
OBJECT = reverse("targets:assessment_objection_create")


def signed_in(user) -> Client:
    """A client of its own (``client_for`` shares one, switching users)."""
    client = Client()
    client.force_login(user)
    return client


def breakdown_url(department):
    return reverse("targets:assessment_department", args=[department.pk]) + "?year=2023"


@pytest.fixture
def department_c(db):
    return assessment_data.department_c()


@pytest.fixture
def district(plan, department_a, department_b, department_c, supervisor):
    return assessment_data.build_district(
        plan, department_a, department_b, department_c, supervisor
    )


def test_the_office_sees_the_ranking_with_every_column(client_for, supervisor, district):
    response = client_for(supervisor).get(RANKING)
    assert response.status_code == 200
    assert table_rows(response, "assessment-table") == [
        ["1", "区发改局", "10.00", "-0.90", "0.50", "0", "9.60", ""],
        ["2", "区财政局", "3.00", "0", "0", "0", "3.00", ""],
        ["3", "区科技局", "3.50", "-3.00", "0", "0", "0.50", ""],
    ]
    html = response.content.decode()
    assert "初步结果" in element_text(html, "assessment-state")
    assert (
        element_text(html, "assessment-scope")
        == "考核季度：第1季度、第2季度、第3季度、第4季度。 默认计分办法。"
    )
    assert element(html, "publish-button") is not None


def test_the_ranking_runs_as_many_queries_for_three_departments_as_for_twenty(
    client_for, supervisor, district, plan, django_assert_max_num_queries
):
    client = client_for(supervisor)
    client.get(RANKING)  # the session and the user, read once
    with django_assert_max_num_queries(30) as few:
        client.get(RANKING)
    for _ in range(17):
        department = DepartmentFactory()
        GoalFactory(plan=plan, leads=[department])
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(RANKING)
    assert len(table_rows(response, "assessment-table")) == 20


def test_staff_see_their_own_breakdown_before_publication(client_for, staff_a, district):
    client = client_for(staff_a)
    response = client.get(RANKING)
    assert response.status_code == 302
    assert response.url == breakdown_url(staff_a.department)
    page = client.get(response.url)
    html = page.content.decode()
    assert element_text(html, "score-total") == "9.60"
    assert element_text(html, "score-rank") == "1 / 3"
    assert [text(row) for row in re.findall(r"<tr data-kind[^>]*>(.*?)</tr>", html, re.S)] == [
        "牵头任务 10分 × 100%：已完成 10.00",
        "逾期报送 第2季度：逾期报送 -0.50",
        "季度存在风险 第2季度：存在风险 -0.20",
        "进展被退回 第3季度：被督查室退回1次 -0.20",
        "超额完成 净增高企：100家，超过目标96家 0.50",
    ]
    assert element(html, "objection-form") is not None
    assert element(html, "adjustment-form") is None


def test_staff_do_not_see_another_departments_breakdown(
    client_for, staff_b, department_a, district
):
    assert client_for(staff_b).get(breakdown_url(department_a)).status_code == 404


def test_after_publication_staff_see_the_ranking_and_open_only_their_own_row(
    client_for, staff_b, supervisor, district, department_b
):
    assessment_publish(district["first"].plan, user=supervisor, version=0)
    response = client_for(staff_b).get(RANKING)
    assert response.status_code == 200
    html = response.content.decode()
    links = re.findall(r'href="/assessment/departments/(\d+)/', element(html, "assessment-table"))
    assert links == [str(department_b.pk)]
    assert element(html, "publish-button") is None
    assert element(html, "export-xlsx") is None


def test_only_the_office_publishes_through_the_page(
    client_for, supervisor, leader, staff_a, district
):
    for user in (leader, staff_a):
        assert client_for(user).post(PUBLISH, {"year": 2023, "version": 0}).status_code == 403
    assert AssessmentEvent.objects.count() == 0
    response = client_for(supervisor).post(PUBLISH, {"year": 2023, "version": 0})
    assert messages_of(response) == ["考核结果已发布。"]
    page = client_for(supervisor).get(RANKING)
    assert "以下为发布时的考核结果" in element_text(page.content.decode(), "assessment-state")
    # The page showed version 0: publishing again from it is refused, and says why.
    response = client_for(supervisor).post(PUBLISH, {"year": 2023, "version": 0}, follow=True)
    assert messages_of(response) == ["考核结果已由他人发布；本页显示的是发布前的初步结果。"]
    assert AssessmentEvent.objects.count() == 1


def test_withdrawing_asks_why_and_says_so(client_for, supervisor, district):
    plan = district["first"].plan
    assessment_publish(plan, user=supervisor, version=0)
    version = assessment_of(plan).version
    client = client_for(supervisor)
    response = client.post(WITHDRAW, {"year": 2023, "version": version, "reason": ""})
    assert response.status_code == 200
    assert "请说明理由。" in element_text(response.content.decode(), "withdraw-form")
    assert assessment_of(plan).is_published
    response = client.post(WITHDRAW, {"year": 2023, "version": version, "reason": "计分有误。"})
    assert messages_of(response) == ["已撤回发布，考核结果恢复为初步结果。"]
    assert not assessment_of(plan).is_published
    assert AssessmentEvent.objects.latest("pk").comment == "计分有误。"


def test_an_objection_filed_and_answered_through_the_pages(
    staff_b, supervisor, department_b, district
):
    assessment_publish(district["first"].plan, user=supervisor, version=0)
    staff = signed_in(staff_b)
    response = staff.post(OBJECT, {"year": 2023, "reason": "第二季度已报送纸质材料。"})
    assert response.url == breakdown_url(department_b)
    assert messages_of(response) == ["申诉已提交督查室。"]
    objection = AssessmentObjection.objects.get()
    html = staff.get(breakdown_url(department_b)).content.decode()
    assert element(html, "objection-form") is None  # one open at a time
    assert "等待督查室答复" in element_text(html, f"objection-{objection.pk}")

    office = signed_in(supervisor)
    answer = reverse("targets:assessment_objection_answer", args=[objection.pk])
    response = office.post(answer, {"answer": "经核实，维持。"}, follow=True)  # no decision
    assert messages_of(response) == ["请选择是否采纳该申诉。"]
    response = office.post(answer, {"upheld": "0", "answer": "经核实，维持。"})
    assert messages_of(response) == ["申诉已答复。"]
    html = staff.get(breakdown_url(department_b)).content.decode()
    box = element_text(html, f"objection-{objection.pk}")
    assert "未采纳" in box and "经核实，维持。" in box
    assert element(html, "objection-form") is not None


def test_an_adjustment_with_evidence_through_the_page(
    client_for, supervisor, staff_b, department_b, district, settings, tmp_path
):
    settings.MEDIA_ROOT = str(tmp_path)
    response = client_for(supervisor).post(
        ADJUST,
        {
            "year": 2023,
            "department": department_b.pk,
            "points": "1.5",
            "reason": "获评全省先进单位。",
            "evidence": SimpleUploadedFile("省厅通报.pdf", PDF_BYTES, "application/pdf"),
        },
    )
    assert messages_of(response) == ["加减分已记录。"]
    adjustment = AssessmentAdjustment.objects.get()
    assert (adjustment.points, adjustment.evidence_name) == (1.5, "省厅通报.pdf")
    html = client_for(staff_b).get(breakdown_url(department_b)).content.decode()
    assert element_text(html, "score-total") == "2.00"
    evidence = reverse("targets:assessment_evidence", args=[adjustment.pk])
    assert evidence in element(html, f"adjustment-{adjustment.pk}")
    download = client_for(staff_b).get(evidence)
    assert b"".join(download.streaming_content) == PDF_BYTES


@pytest.mark.parametrize(
    ("points", "evidence", "message"),
    [
        ("abc", None, "输入一个数字。"),
        ("0", None, "加减0分不起作用，请填写非零分值。"),
        ("150", None, "确保该值小于或等于100。"),
        (
            "1",
            ("病毒.exe", b"MZ"),
            "“病毒.exe”：不能上传.exe类型的文件，请上传PDF、Word、Excel、PowerPoint、JPEG或PNG文件。",
        ),
    ],
)
def test_a_bad_adjustment_says_why_and_writes_nothing(
    client_for, supervisor, department_b, district, points, evidence, message, settings, tmp_path
):
    settings.MEDIA_ROOT = str(tmp_path)
    data = {"year": 2023, "department": department_b.pk, "points": points, "reason": "理由"}
    if evidence:
        data["evidence"] = SimpleUploadedFile(evidence[0], evidence[1])
    response = client_for(supervisor).post(ADJUST, data)
    assert response.url == breakdown_url(department_b)
    assert messages_of(response) == [message]
    assert AssessmentAdjustment.objects.count() == 0
    assert list(tmp_path.rglob("*.*")) == []


def test_the_scheme_page_saves_a_version_and_refuses_bad_weights(client_for, supervisor, district):
    client = client_for(supervisor)
    page = client.get(SCHEME)
    assert page.status_code == 200
    form = {
        **{
            name: str(value)
            for name, value in AssessmentScheme().values().items()
            if value is not None
        },
        "year": 2023,
        "based_on": 0,
        "goal_weights": "1.1.1 2\n9.9.9 1",
        "note": "1.1.1加倍",
    }
    response = client.post(SCHEME, form)
    assert response.status_code == 200
    assert "第2行：请填写任务编号和权重，如“2.1.1 1.5”。" in text(response.content.decode())
    assert AssessmentScheme.objects.count() == 0
    response = client.post(SCHEME, {**form, "goal_weights": "1.1.1 2"})
    assert messages_of(response) == ["计分办法第1版已保存。"]
    rows = table_rows(client.get(RANKING), "assessment-table")
    assert rows[0][:2] + rows[0][6:7] == ["1", "区发改局", "19.60"]


def test_the_score_table_holds_numbers_and_every_line(client_for, leader, district):
    response = client_for(leader).get(reverse("targets:assessment_export"))
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    ranking, lines = book.worksheets
    values = [[cell.value for cell in row] for row in ranking.iter_rows(min_row=4)]
    assert values[0] == [1, "区发改局", 10, -0.9, 0.5, 0, 9.6]
    assert [row[1] for row in values] == ["区发改局", "区财政局", "区科技局"]
    details = [[cell.value for cell in row] for row in lines.iter_rows(min_row=4)]
    assert ["区科技局", "1.1.2", None, "未报送", "第2季度：未报送", -1] in [
        [row[0], row[1], None, row[3], row[4], row[5]] for row in details
    ]
    assert sum(row[5] for row in details if row[0] == "区科技局") == pytest.approx(0.5)
    assert not any(
        isinstance(cell.value, str) and cell.value.startswith("=")
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for cell in row
    )


def test_the_notice_is_laid_out_as_the_bulletin(client_for, supervisor, district, plan):
    response = client_for(supervisor).get(reverse("targets:assessment_notice"))
    assert response.status_code == 200
    notice = docx.Document(io.BytesIO(b"".join(response.streaming_content)))
    texts = [p.text for p in notice.paragraphs]
    assert texts[:4] == [
        "区政府督查室",
        "考核通报〔2023〕1号",
        "关于2023年度政府工作报告\n目标任务考核结果的通报\n（征求意见稿）",
        "各有关单位：",
    ]
    # The sign-off, then the bulletin's 版记: who printed it, on the day it is dated.
    assert texts[-4:-2] == ["区政府督查室", texts[-3]] and texts[-3].startswith("20")
    assert texts[-2:] == [f"区政府督查室\t{texts[-3]}印发", ""]
    [table] = notice.tables
    assert [c.text for c in table.rows[1].cells] == [
        "1",
        "区发改局",
        "10",
        "-0.9",
        "0.5",
        "0",
        "9.6",
    ]

    buffer = io.BytesIO()
    write_bulletin(bulletin_data(plan, Quarter(2023, 4), user=supervisor), buffer)
    bulletin = docx.Document(buffer)
    ours, theirs = notice.sections[0], bulletin.sections[0]
    for name in ("page_width", "page_height", "top_margin", "bottom_margin", "left_margin"):
        assert getattr(ours, name) == getattr(theirs, name), name
    assert ours.footer._element.xml == theirs.footer._element.xml  # page numbers
    assert notice.styles["Normal"].element.xml == bulletin.styles["Normal"].element.xml
    masthead = notice.paragraphs[0].runs[0]
    assert (masthead.font.color.rgb, masthead.font.name) == (
        bulletin.paragraphs[0].runs[0].font.color.rgb,
        bulletin.paragraphs[0].runs[0].font.name,
    )


def test_staff_do_not_download_the_results(client_for, staff_a, district):
    for name in ("targets:assessment_export", "targets:assessment_notice"):
        assert client_for(staff_a).get(reverse(name)).status_code == 403


def test_the_notice_writer_keeps_an_adjustment_and_an_objection(tmp_path):
    """The 通报's own parts, written from plain values (no database)."""
    import datetime
    from decimal import Decimal

    from targets.io.assessment import (
        AssessmentNotice,
        NoticeAdjustment,
        NoticeObjection,
        NoticeRow,
        NoticeScheme,
    )

    scheme = NoticeScheme(
        1,
        *[Decimal(n) for n in "10 100 100".split()],
        "indicators",
        *[Decimal(n) for n in "0 30 1 0.5 0.2 0.2 0.5 0.5".split()],
        None,
    )
    notice = AssessmentNotice(
        office="洪山区人民政府督查室",
        plan_title="2023年洪山区政府工作报告",
        year=2023,
        through_quarter=4,
        issued_on=datetime.date(2024, 1, 10),
        scheme=scheme,
        rows=[
            NoticeRow(1, "区发改局", Decimal(10), Decimal("-1"), 0, Decimal("-0.5"), Decimal("8.5"))
        ],
        adjustments=[NoticeAdjustment("区发改局", Decimal("-0.5"), "材料不实。")],
        objections=[NoticeObjection("区发改局", "已按时报送。", "upheld", "经核实，予以更正。")],
    )
    path = tmp_path / "通报.docx"
    write_assessment_notice(notice, path)
    texts = [p.text for p in docx.Document(path).paragraphs]
    assert "（一）区发改局减0.5分。理由：材料不实。" in texts
    assert "共收到申诉1件，已答复1件，其中采纳1件、未采纳0件。具体如下：" in texts
    assert any("按已完成指标占全部指标的比例计分" in t and "最多加" not in t for t in texts)
    assert texts[-4:-2] == ["洪山区人民政府督查室", "2024年1月10日"]
