"""
The quarterly supervision bulletin (督查通报): the Word document (web and
``manage.py export_bulletin``), read back with python-docx.
"""

import datetime
import io
from urllib.parse import quote

import docx
import pytest
from django.contrib.messages import get_messages
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor

from targets.choices import ReportState, ReviewState, UpdateStatus
from targets.io.bulletin import chinese_date, chinese_number
from targets.io.bulletin.table import text_width
from targets.models import Goal, ReportingPeriod
from targets.periods import Quarter
from targets.selectors.bulletin import BulletinError, bulletin_data
from targets.selectors.states import Tally
from targets.services.periods import period_close, period_for
from tests.bulletins import (
    agrees_with_the_dashboard,
    cells,
    document,
    downloaded,
    east_asian_font,
    following,
    paragraph,
    texts,
)
from tests.factories import DepartmentFactory, GoalFactory, PlanFactory, QuarterlyUpdateFactory

pytestmark = pytest.mark.django_db

URL = reverse("targets:bulletin_export")
Q3 = Quarter(2023, 3)
ISSUED = datetime.date(2023, 10, 8)
TITLE = "关于2023年第三季度政府工作报告目标任务落实情况的通报"
# As printed: broken where its sense breaks, not where the page width would.
TITLE_LINES = "关于2023年第三季度政府工作报告\n目标任务落实情况的通报"
FILENAME = f"{TITLE}.docx"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
FIGURES = (
    "截至2023年第三季度，《2023年洪山区政府工作报告》共确定目标任务8项。"
    # 12.5 % four times: two of them are 13 %, so that the shares add up to 100 %.
    "其中，已完成2项，占25%；正常推进2项，占25%；存在风险1项，占13%；进度滞后1项，占13%；"
    "未启动1项，占12%；尚未评估1项，占12%。"
    "本季度应报送进展的目标任务7项，已报送6项（其中待审核1项），未报送1项，报送率86%；"
    "其中按时报送5项，按时报送率71%。"
)
# Two-word headings on two lines, one word to a line.
HEADER = ["单位", "牵头\n任务", "已报送/\n应报送", "已完成", "正常\n推进", "存在\n风险"]
HEADER += ["进度\n滞后", "未启动", "未评估", "待审核", "未报送"]
TABLE = [
    HEADER,
    # 1.1.4 stays on track from Q2 until a newer report is approved, and has not reported.
    ["区发改局", "4", "3/4", "1", "2", "0", "1", "0", "0", "0", "1"],
    ["区科技局", "4", "3/3", "1", "0", "1", "0", "1", "1", "1", "0"],
    # Every goal once: the figures of the text.
    ["合计", "8", "6/7", "2", "2", "1", "1", "1", "1", "1", "1"],
]
# The period is open: the bulletin is dated its due date unless a date is given.
DUE = "2023年9月25日"


def at(*args) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(*args))


def report(goal, quarter=3, **fields):
    """An approved update of ``quarter``, sent on the 20th of its last month."""
    fields.setdefault("submitted_at", at(2023, 3 * quarter, 20, 9, 0))
    fields.setdefault("review_state", ReviewState.APPROVED)
    return QuarterlyUpdateFactory(goal=goal, quarter=quarter, **fields)


@pytest.fixture
def small_plan(plan, department_a, department_b):
    """
    Eight live goals, one in each state as of 2023 Q3 (and two completed):
    A leads 1.1.1 completed, 1.1.2 on track (sent late on the due day, still
    on time), 1.1.3 behind with two lines of problems, 1.1.4 on track in Q2
    and not reported since (a draft was never sent); B leads 1.2.1 at risk
    (sent three days late), 1.2.2 not started, 1.2.3 completed in Q2, 1.2.4
    waiting for review, never assessed before. C
    only supports, so it has no row. An archived goal and another year's
    plan are left out. Reports were due on 25 September.
    """
    department_c = DepartmentFactory(name="洪山区财政局", short_name="区财政局", code="czj")
    g = {}
    for code, title, lead in [
        ("1.1.1", "净增高企", department_a),
        ("1.1.2", "建设孵化器", department_a),
        ("1.1.3", "帮扶种子企业", department_a),
        ("1.1.4", "培育领军人才", department_a),
        ("1.2.1", "建设创新街区", department_b),
        ("1.2.2", "引进研发机构", department_b),
        ("1.2.3", "评定科技型企业", department_b),
        ("1.2.4", "建设科创走廊", department_b),
    ]:
        g[code] = GoalFactory(plan=plan, code=code, title=title, leads=[lead])
    g["1.1.1"].assignments.create(department=department_b, role="support", order=10)
    g["1.2.1"].assignments.create(department=department_c, role="support", order=10)

    report(g["1.1.1"], status=UpdateStatus.COMPLETED, percent_complete=100)
    report(
        g["1.1.2"],
        status=UpdateStatus.ON_TRACK,
        percent_complete=75,
        submitted_at=at(2023, 9, 25, 23, 30),
    )
    report(
        g["1.1.3"],
        status=UpdateStatus.BEHIND,
        percent_complete=20,
        problems="部分企业申报材料不全\n\n资金拨付滞后",
    )
    report(g["1.1.4"], quarter=2, status=UpdateStatus.ON_TRACK, percent_complete=50)
    report(g["1.1.4"], review_state=ReviewState.DRAFT, submitted_at=None)
    report(
        g["1.2.1"],
        status=UpdateStatus.AT_RISK,
        percent_complete=50,
        problems="征迁进度慢",
        submitted_at=at(2023, 9, 28, 10, 30),
    )
    report(g["1.2.2"], status=UpdateStatus.NOT_STARTED, percent_complete=0)
    report(g["1.2.3"], quarter=2, status=UpdateStatus.COMPLETED, percent_complete=100)
    report(g["1.2.4"], review_state=ReviewState.SUBMITTED, percent_complete=70)

    archived = GoalFactory(plan=plan, code="9.9.9", archived=True, leads=[department_a])
    report(archived, status=UpdateStatus.BEHIND, problems="已撤销的任务")
    other_year = PlanFactory(year=2022, title="2022年洪山区政府工作报告")
    report(GoalFactory(plan=other_year, code="1.1.1", leads=[department_b]), quarter=3)
    return plan


@pytest.fixture
def bulletin(small_plan, supervisor):
    return bulletin_data(small_plan, Q3, user=supervisor, issued_on=ISSUED)


# --- the document -------------------------------------------------------------------------------


def sign_off(doc) -> list[str]:
    """The office and the date under the text, before the 版记."""
    lines = texts(doc)
    index = next(i for i, text in enumerate(lines) if text.startswith("（三）按时报送"))
    return [text for text in lines[index + 1 :] if text][:2]


def imprint(doc) -> list[str]:
    """The 版记: the framed paragraphs at the foot of the last page."""
    return [
        p.text
        for p in doc.paragraphs
        if p._p.pPr is not None and p._p.pPr.find(qn("w:framePr")) is not None
    ]


def test_bulletin_masthead_title_and_addressees(bulletin):
    doc = document(bulletin)
    assert texts(doc)[:4] == ["区政府督查室", "督查通报〔2023〕第3期", TITLE_LINES, "各有关单位："]
    office = doc.paragraphs[0].runs[0]
    assert office.font.color.rgb == RGBColor(0xFF, 0, 0)
    assert east_asian_font(office) == "方正小标宋简体"
    # The red rule under the issue number.
    border = doc.paragraphs[1]._p.pPr.find(qn("w:pBdr")).find(qn("w:bottom"))
    assert border.get(qn("w:color")) == "FF0000"
    # In the title face, which is heavy enough: bold would thicken it further.
    for title in doc.paragraphs[2].runs:
        assert (title.font.size, title.font.bold, east_asian_font(title)) == (
            Pt(22),
            False,
            "方正小标宋简体",
        )
    assert doc.core_properties.title == TITLE


def test_bulletin_office_from_settings(small_plan, supervisor, settings):
    settings.BULLETIN_OFFICE = "洪山区人民政府督查室"
    doc = document(bulletin_data(small_plan, Q3, user=supervisor, issued_on=ISSUED))
    assert texts(doc)[0] == "洪山区人民政府督查室"
    assert sign_off(doc) == ["洪山区人民政府督查室", "2023年10月8日"]
    assert imprint(doc) == ["洪山区人民政府督查室\t2023年10月8日印发"]


def test_bulletin_issue_number_and_imprint_from_settings(small_plan, supervisor, settings):
    settings.BULLETIN_OFFICE = "洪山区人民政府督查室"
    settings.BULLETIN_ISSUE_NUMBER = "洪督通〔{year}〕{quarter}号（第{quarter_cn}季度）"
    settings.BULLETIN_COPY_TO = "区委办公室，区人大常委会办公室，区政协办公室"
    settings.BULLETIN_PRINTED_BY = "洪山区人民政府办公室"
    doc = document(bulletin_data(small_plan, Q3, user=supervisor, issued_on=ISSUED))
    assert texts(doc)[1] == "洪督通〔2023〕3号（第三季度）"
    assert doc.core_properties.subject == "洪督通〔2023〕3号（第三季度）"
    assert imprint(doc) == [
        "抄送：区委办公室，区人大常委会办公室，区政协办公室。",
        "洪山区人民政府办公室\t2023年10月8日印发",
    ]
    # At the foot of the page's text, in one frame between the same thick rules.
    for p in doc.paragraphs:
        frame = p._p.pPr.find(qn("w:framePr")) if p._p.pPr is not None else None
        if frame is not None:
            assert (frame.get(qn("w:yAlign")), frame.get(qn("w:vAnchor"))) == ("bottom", "margin")
            rules = p._p.pPr.find(qn("w:pBdr"))
            assert [(r.tag.split("}")[1], r.get(qn("w:sz"))) for r in rules] == [
                ("top", "8"),
                ("bottom", "8"),
            ]


def test_bulletin_figures_paragraph(bulletin):
    doc = document(bulletin)
    assert following(doc, "一、总体情况", 1) == [FIGURES]


def test_bulletin_department_table(bulletin):
    doc = document(bulletin)
    assert len(doc.tables) == 1
    table = doc.tables[0]
    assert cells(table) == TABLE
    assert all(run.font.bold for cell in table.rows[0].cells for run in cell.paragraphs[0].runs)
    assert not any(run.font.bold for cell in table.rows[1].cells for run in cell.paragraphs[0].runs)
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    assert table.style.name == "Table Grid"
    # The 合计 row in bold; no note, since no goal is led jointly.
    assert all(run.font.bold for cell in table.rows[-1].cells for run in cell.paragraphs[0].runs)
    assert following(doc, "各单位牵头目标任务落实情况如下表：", 1) == ["三、进度滞后的目标任务"]


def test_bulletin_table_columns_hold_their_longest_word(bulletin):
    """Each column is at least as wide as its longest word in the table's size: none splits."""
    doc = document(bulletin)
    table = doc.tables[0]
    widths = [cell.width.pt for cell in table.rows[0].cells]
    size = table.rows[1].cells[0].paragraphs[0].runs[0].font.size.pt
    assert size == 10.5
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            for line in cell.text.split("\n"):
                assert text_width(line, size) + 2 * 2.8 <= width, line
    assert sum(widths) == pytest.approx(156 / 25.4 * 72, abs=1)


def test_bulletin_table_leaves_out_states_nobody_is_in(plan, department_a, supervisor):
    """未启动 and 未评估 go, as in the text; the other columns stay, zeros and all."""
    goal = GoalFactory(plan=plan, code="1.1.1", leads=[department_a])
    report(goal, status=UpdateStatus.ON_TRACK, percent_complete=80)
    doc = document(bulletin_data(plan, Q3, user=supervisor, issued_on=ISSUED))
    assert cells(doc.tables[0]) == [
        [*HEADER[:7], "待审核", "未报送"],
        ["区发改局", "1", "1/1", "0", "1", "0", "0", "0", "0"],
        ["合计", "1", "1/1", "0", "1", "0", "0", "0", "0"],
    ]


def test_bulletin_joint_leads_counted_for_each_lead_and_once_in_the_total(
    small_plan, supervisor, department_b
):
    """
    A goal two departments lead is in both their rows, as on the dashboard's
    ranking, and once in the 合计 row and the text, as in the dashboard's
    figures; the note under the table says so, and the rows then add up to
    the total plus the goal's second lead.
    """
    joint = Goal.objects.get(plan=small_plan, code="1.1.3")  # behind, reported
    joint.assignments.create(department=department_b, role="lead", order=5)
    data = bulletin_data(small_plan, Q3, user=supervisor, issued_on=ISSUED)
    doc = document(data)
    table = cells(doc.tables[0])
    assert table[1:] == [
        ["区发改局", "4", "3/4", "1", "2", "0", "1", "0", "0", "0", "1"],
        ["区科技局", "5", "4/4", "1", "0", "1", "1", "1", "1", "1", "0"],
        ["合计", "8", "6/7", "2", "2", "1", "1", "1", "1", "1", "1"],
    ]
    assert following(doc, "各单位牵头目标任务落实情况如下表：", 1) == [
        "注：1项目标任务由两个及以上单位共同牵头，分别计入各牵头单位，“合计”行每项只计一次。"
    ]
    assert following(doc, "一、总体情况", 1) == [FIGURES]
    rows, total = table[1:-1], table[-1]
    for column in (1, *range(3, 11)):
        assert sum(int(row[column]) for row in rows) == int(total[column]) + (
            1 if column in (1, 6) else 0  # the joint goal: led twice, behind
        )
    agrees_with_the_dashboard(doc, small_plan, supervisor, Q3)


def test_bulletin_goal_without_a_lead_is_in_the_total_only(small_plan, supervisor):
    orphan = GoalFactory(plan=small_plan, code="1.3.1", leads=[])
    report(orphan, status=UpdateStatus.ON_TRACK, percent_complete=30)
    doc = document(bulletin_data(small_plan, Q3, user=supervisor, issued_on=ISSUED))
    assert cells(doc.tables[0])[-1] == ["合计", "9", "7/8", "2", "3", "1", "1", "1", "1", "1", "1"]
    assert following(doc, "各单位牵头目标任务落实情况如下表：", 1) == [
        "注：1项目标任务尚未明确牵头单位，只计入“合计”行。"
    ]


def test_bulletin_red_goals_with_their_problems(bulletin):
    doc = document(bulletin)
    assert following(doc, "三、进度滞后的目标任务", 5) == [
        "本季度进度滞后的目标任务共1项，具体如下：",
        "（一）1.1.3 帮扶种子企业",
        "牵头单位：区发改局；完成进度：20%。",
        "存在问题：部分企业申报材料不全",
        "资金拨付滞后",
    ]
    assert east_asian_font(paragraph(doc, "（一）1.1.3").runs[0]) == "楷体_GB2312"


def test_bulletin_late_and_missing_departments(bulletin):
    doc = document(bulletin)
    assert following(doc, "四、未按时报送的单位", 4) == [
        "本季度进展情况报送截止日期为2023年9月25日。以下2个单位存在未报送或逾期报送的情况：",
        "区发改局：未报送1项（1.1.4）。",
        "区科技局：逾期报送1项（1.2.1）。",
        "五、下步工作要求",
    ]


def test_bulletin_due_date_moved_by_the_supervision_office(small_plan, supervisor):
    ReportingPeriod.objects.create(
        plan=small_plan, year=2023, quarter=3, due_date=datetime.date(2023, 9, 30)
    )
    doc = document(bulletin_data(small_plan, Q3, user=supervisor, issued_on=ISSUED))
    assert following(doc, "四、未按时报送的单位", 2) == [
        "本季度进展情况报送截止日期为2023年9月30日。以下1个单位存在未报送或逾期报送的情况：",
        "区发改局：未报送1项（1.1.4）。",
    ]


def test_bulletin_nothing_behind_and_everyone_on_time(plan, department_a, supervisor):
    goal = GoalFactory(plan=plan, code="1.1.1", leads=[department_a])
    report(goal, status=UpdateStatus.ON_TRACK, percent_complete=80)
    doc = document(bulletin_data(plan, Q3, user=supervisor, issued_on=ISSUED))
    assert following(doc, "三、进度滞后的目标任务", 1) == ["本季度没有进度滞后的目标任务。"]
    assert following(doc, "四、未按时报送的单位", 1) == [
        "本季度各单位均在2023年9月25日前报送了进展情况。"
    ]
    # Not started and not yet assessed are left out when no goal is in them, and so are
    # waiting for review and not reported; the other states say 0.
    assert paragraph(doc, "截至").text == (
        "截至2023年第三季度，《2023年洪山区政府工作报告》共确定目标任务1项。"
        "其中，已完成0项，占0%；正常推进1项，占100%；存在风险0项，占0%；进度滞后0项，占0%。"
        "本季度应报送进展的目标任务1项，已报送1项，报送率100%；其中按时报送1项，按时报送率100%。"
    )


def test_bulletin_announcing_lines_stay_with_what_they_announce(bulletin):
    """Headings and the lines ending in ： never stand alone at the foot of a page."""
    doc = document(bulletin)
    for starts in ("一、", "二、", "三、", "四、", "五、", "各单位牵头目标任务落实情况如下表："):
        assert paragraph(doc, starts).paragraph_format.keep_with_next, starts
    assert paragraph(doc, "本季度进度滞后的目标任务共").paragraph_format.keep_with_next
    assert paragraph(doc, "（一）1.1.3").paragraph_format.keep_with_next
    assert paragraph(doc, "本季度进展情况报送截止日期").paragraph_format.keep_with_next


def test_bulletin_headings_and_closing(bulletin):
    doc = document(bulletin)
    headings = [t for t in texts(doc) if t[:2] in ("一、", "二、", "三、", "四、", "五、")]
    assert headings == [
        "一、总体情况",
        "二、各单位落实情况",
        "三、进度滞后的目标任务",
        "四、未按时报送的单位",
        "五、下步工作要求",
    ]
    assert east_asian_font(paragraph(doc, "一、总体情况").runs[0]) == "黑体"
    requirement = paragraph(doc, "（一）压实工作责任。")
    assert [east_asian_font(run) for run in requirement.runs] == ["楷体_GB2312", "仿宋_GB2312"]
    assert sign_off(doc) == ["区政府督查室", "2023年10月8日"]
    # Two characters in from the right; the date's first character two to the right of
    # the office's (6 characters, the date 6½: 2023, 10 and 8 are half width).
    office, date = [p for p in doc.paragraphs if p.text in sign_off(doc)][-2:]
    assert date.paragraph_format.right_indent == Pt(32)
    assert office.paragraph_format.right_indent == Pt(16 * (2 + 6.5 + 2 - 6))


def test_bulletin_page_setup_and_page_numbers(bulletin):
    doc = document(bulletin)
    section = doc.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    margins = [section.top_margin, section.bottom_margin, section.left_margin, section.right_margin]
    assert [m.mm for m in margins] == pytest.approx([37, 35, 28, 26], abs=0.05)
    # On the outer edge, one character in: odd pages on the right, even ones on the left.
    assert doc.settings.odd_and_even_pages_header_footer
    odd, even = section.footer.paragraphs[0], section.even_page_footer.paragraphs[0]
    for footer, align in ((odd, WD_ALIGN_PARAGRAPH.RIGHT), (even, WD_ALIGN_PARAGRAPH.LEFT)):
        assert footer.text == "— 1 —"
        assert "PAGE" in footer._p.xml
        assert footer.alignment == align
    assert (odd.paragraph_format.right_indent, even.paragraph_format.left_indent) == (
        Pt(14),
        Pt(14),
    )


def test_bulletin_body_runs_are_fangsong_16pt_on_28pt_lines(bulletin):
    doc = document(bulletin)
    body = [paragraph(doc, "截至"), paragraph(doc, "为推动"), paragraph(doc, "区发改局：")]
    for p in body:
        for run in p.runs:
            assert (run.font.name, east_asian_font(run), run.font.size) == (
                "仿宋_GB2312",
                "仿宋_GB2312",
                Pt(16),
            )
    normal = doc.styles["Normal"]
    assert normal.element.rPr.rFonts.get(qn("w:eastAsia")) == "仿宋_GB2312"
    assert normal.paragraph_format.line_spacing == Pt(28)
    assert paragraph(doc, "截至").paragraph_format.first_line_indent == Pt(32)


def test_bulletin_text_that_xml_cannot_hold_is_dropped(small_plan, supervisor):
    """Word's line break (\\x0b, pasted with the text) starts a line; other controls are dropped."""
    goal = Goal.objects.get(code="1.1.3", plan=small_plan)
    goal.updates.filter(quarter=3).update(problems="资金\x0b拨付\x1f滞后\x07")
    doc = document(bulletin_data(small_plan, Q3, user=supervisor, issued_on=ISSUED))
    assert following(doc, "牵头单位：区发改局", 2) == ["存在问题：资金", "拨付滞后"]


# --- the figures are the dashboard's ------------------------------------------------------------


def test_bulletin_figures_match_the_dashboard(bulletin, supervisor, small_plan):
    agrees_with_the_dashboard(document(bulletin), small_plan, supervisor, Q3)


def test_tally_shares_add_up_to_100():
    """7 goals 3, 2, 2: rounded one by one 43 + 29 + 29 = 101; largest remainders give 100."""
    tally = Tally()
    for state in ["completed"] * 3 + ["on_track"] * 2 + ["at_risk"] * 2:
        tally.count(state, 50, ReportState.REPORTED)
    assert tally.shares() == {"completed": 43, "on_track": 29, "at_risk": 28}
    assert [segment["share"] for segment in tally.segments()] == [43, 29, 28, 0, 0, 0]
    assert Tally().shares() == {}


def test_bulletin_query_count_does_not_grow_with_the_plan(small_plan, supervisor, department_b):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            bulletin_data(small_plan, Q3, user=supervisor, issued_on=ISSUED)
        return len(captured)

    few = queries()
    for n in range(20):
        goal = GoalFactory(plan=small_plan, code=f"5.{n}", leads=[department_b])
        if n % 2:
            report(goal, status=UpdateStatus.BEHIND, problems=f"问题{n}")
    assert queries() == few


def test_bulletin_plan_without_goals_is_an_error(plan, supervisor):
    with pytest.raises(BulletinError, match="2023年洪山区政府工作报告"):
        bulletin_data(plan, Q3, user=supervisor)


def test_chinese_numbers_and_dates():
    assert [chinese_number(n) for n in (1, 4, 10, 12, 20, 35)] == [
        "一",
        "四",
        "十",
        "十二",
        "二十",
        "三十五",
    ]
    assert chinese_date(datetime.date(2023, 12, 28)) == "2023年12月28日"


# --- the download ----------------------------------------------------------------------------


def test_bulletin_export_anonymous_redirects_to_login(client, small_plan):
    response = client.get(URL, {"year": 2023, "quarter": 3})
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_bulletin_export_staff_is_403(client_for, staff_a, small_plan):
    response = client_for(staff_a).get(URL, {"year": 2023, "quarter": 3})
    assert response.status_code == 403


def test_bulletin_export_supervisor_downloads_the_document(client_for, supervisor, small_plan):
    response = client_for(supervisor).get(URL, {"year": 2023, "quarter": 3})
    assert response["Content-Type"] == DOCX
    assert response["Content-Disposition"] == f"attachment; filename*=utf-8''{quote(FILENAME)}"
    doc = downloaded(response)
    assert texts(doc)[:3] == ["区政府督查室", "督查通报〔2023〕第3期", TITLE_LINES]
    assert following(doc, "一、总体情况", 1) == [FIGURES]
    assert cells(doc.tables[0]) == TABLE
    # Not the day it was downloaded: the due date of the open period.
    assert sign_off(doc) == ["区政府督查室", DUE]


@pytest.mark.parametrize("who", ["leader", "admin"])
def test_bulletin_export_leaders_and_admins_download_it(client_for, request, who, small_plan):
    response = client_for(request.getfixturevalue(who)).get(URL, {"year": 2023, "quarter": 3})
    assert cells(downloaded(response).tables[0]) == TABLE


@pytest.mark.parametrize("query", [{"year": 1999}, {"year": "20x3"}, {"year": 2023, "quarter": 5}])
def test_bulletin_export_bad_period_is_404(client_for, supervisor, small_plan, query):
    assert client_for(supervisor).get(URL, query).status_code == 404


def test_bulletin_export_plan_without_goals_goes_back_to_the_dashboard(
    client_for, supervisor, plan
):
    response = client_for(supervisor).get(URL, {"year": 2023, "quarter": 3})
    assert response.status_code == 302
    assert response.url == reverse("targets:dashboard") + "?year=2023&quarter=3"
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "2023年洪山区政府工作报告还没有目标任务，无法生成督查通报。"
    ]


# --- manage.py export_bulletin ---------------------------------------------------------------


def run(*args) -> str:
    out = io.StringIO()
    call_command("export_bulletin", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_command_writes_the_bulletin(tmp_path, small_plan):
    target = tmp_path / "通报.docx"
    out = run("--year", "2023", "--quarter", "3", "-o", str(target))
    assert out == (
        f"{target}: 2023年洪山区政府工作报告, 2023年第3季度, "
        "8 goals, 1 behind, 2 departments late\n"
    )
    doc = docx.Document(target)
    assert texts(doc)[:3] == ["区政府督查室", "督查通报〔2023〕第3期", TITLE_LINES]
    assert following(doc, "一、总体情况", 1) == [FIGURES]
    assert cells(doc.tables[0]) == TABLE
    assert sign_off(doc) == ["区政府督查室", DUE]
    assert [p.name for p in tmp_path.iterdir()] == ["通报.docx"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--year", "1999"], "该年度没有工作方案。"),
        (["--year", "20x3"], "年度必须是数字。"),
        (["--year", "2023", "--quarter", "5"], "季度只能是1、2、3或4。"),
        (["--year", "2023", "--quarter", "x"], "季度只能是1、2、3或4。"),
    ],
)
def test_command_bad_input_is_one_line_and_writes_nothing(tmp_path, small_plan, args, message):
    with pytest.raises(CommandError) as error:
        run(*args, "-o", str(tmp_path / "bulletin.docx"))
    assert str(error.value) == message
    assert list(tmp_path.iterdir()) == []


def test_command_plan_without_goals_is_one_line_and_writes_nothing(tmp_path, plan):
    with pytest.raises(CommandError) as error:
        run("--year", "2023", "--quarter", "3", "-o", str(tmp_path / "bulletin.docx"))
    assert str(error.value) == "2023年洪山区政府工作报告还没有目标任务，无法生成督查通报。"
    assert list(tmp_path.iterdir()) == []


def test_command_missing_directory(tmp_path, small_plan):
    with pytest.raises(CommandError, match="No such directory"):
        run("--year", "2023", "-o", str(tmp_path / "nowhere" / "bulletin.docx"))


# --- its date ------------------------------------------------------------------------------------


def test_bulletin_is_dated_the_day_its_period_closed(small_plan, supervisor):
    """Not the day someone exports it: the close of the period, else its due date."""
    period = period_for(small_plan, 3)
    period_close(period, user=supervisor)
    ReportingPeriod.objects.filter(pk=period.pk).update(
        closed_at=timezone.make_aware(datetime.datetime(2023, 10, 2, 23, 30))
    )
    doc = document(bulletin_data(small_plan, Q3, user=supervisor))
    assert sign_off(doc) == ["区政府督查室", "2023年10月2日"]
    assert imprint(doc) == ["区政府督查室\t2023年10月2日印发"]


def test_bulletin_export_with_a_date(client_for, supervisor, small_plan):
    client = client_for(supervisor)
    response = client.get(URL, {"year": 2023, "quarter": 3, "date": "2023-10-08"})
    assert sign_off(downloaded(response)) == ["区政府督查室", "2023年10月8日"]
    assert client.get(URL, {"year": 2023, "quarter": 3, "date": "10/8"}).status_code == 404


def test_command_with_a_date(tmp_path, small_plan):
    target = tmp_path / "通报.docx"
    run("--year", "2023", "--quarter", "3", "--date", "2023-10-08", "-o", str(target))
    assert sign_off(docx.Document(target)) == ["区政府督查室", "2023年10月8日"]
    with pytest.raises(CommandError, match="Not a date"):
        run("--year", "2023", "--date", "2023-13-01", "-o", str(tmp_path / "x.docx"))
    assert [p.name for p in tmp_path.iterdir()] == ["通报.docx"]
