"""
The assessment's results as a Word document (考核结果通报), in the quarterly
bulletin's 公文 layout: the bulletin's writer (``targets.io.bulletin``) lays
out the page, its styles, page numbers, masthead and sign-off, and this module
puts its own title, issue number and text in between. Whatever the bulletin's
layout becomes, the two documents stay alike; only public names of the
bulletin are used.

As for the bulletin, the document's words are Chinese literals, not gettext
messages: a 公文 is Chinese whoever exports it. This module knows nothing of
Django: ``AssessmentNotice`` holds plain values the caller has worked out.
"""

from __future__ import annotations

import copy
import datetime
import io
from dataclasses import dataclass, field
from decimal import Decimal
from typing import IO

import docx
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.text.paragraph import Paragraph

from .bulletin import Bulletin, Count, Figures, chinese_number, write_bulletin
from .bulletin.document import BODY_FONT, HEADING_FONT, INDENT, SUBHEADING_FONT

SALUTATION = "各有关单位："
TABLE_SIZE = Pt(12)  # 小四: seven columns fit the page at this size
TABLE_COLUMNS = (
    ("名次", 14),
    ("单位", 44),
    ("目标任务得分", 22),
    ("扣分", 18),
    ("加分", 18),
    ("加减分", 18),
    ("总分", 22),
)
OBJECTION_STATES = {"open": "待答复", "upheld": "已采纳", "rejected": "未采纳"}

_ILLEGAL = dict.fromkeys([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0xFFFE, 0xFFFF])


@dataclass(frozen=True)
class NoticeRow:
    """A department in the ranking: what its total is made of."""

    rank: int
    name: str
    goals: Decimal
    deductions: Decimal
    bonuses: Decimal
    adjustments: Decimal
    total: Decimal


@dataclass(frozen=True)
class NoticeScheme:
    """The scheme's numbers as the text states them (shares in percent, deductions positive)."""

    version: int
    goal_points: Decimal
    completed_percent: Decimal
    partial_percent: Decimal
    partial_rule: str  # "progress" or "indicators"
    not_completed_percent: Decimal
    support_percent: Decimal
    missing_report: Decimal
    late_report: Decimal
    returned_update: Decimal
    yellow_quarter: Decimal
    red_quarter: Decimal
    exceed_bonus: Decimal
    bonus_cap: Decimal | None
    weighted: bool = False  # some chapters or goals weigh more or less than one


@dataclass(frozen=True)
class NoticeAdjustment:
    name: str
    points: Decimal
    reason: str


@dataclass(frozen=True)
class NoticeObjection:
    name: str
    reason: str
    state: str  # "open", "upheld" or "rejected"
    answer: str = ""


@dataclass(frozen=True)
class AssessmentNotice:
    """Everything the 通报 says. ``published`` False: the draft, marked 征求意见稿."""

    office: str
    plan_title: str
    year: int
    through_quarter: int | None  # the last quarter whose reports were assessed
    issued_on: datetime.date
    scheme: NoticeScheme
    rows: list[NoticeRow]
    adjustments: list[NoticeAdjustment] = field(default_factory=list)
    objections: list[NoticeObjection] = field(default_factory=list)
    published: bool = True


def notice_title_lines(notice: AssessmentNotice) -> list[str]:
    """The title in lines broken where the sense breaks (关于2023年度政府工作报告 / 目标任务…)."""
    lines = [f"关于{notice.year}年度政府工作报告", "目标任务考核结果的通报"]
    if not notice.published:
        lines.append("（征求意见稿）")
    return lines


def notice_number(year: int) -> str:
    """考核通报〔2023〕1号: one a year."""
    return f"考核通报〔{year}〕1号"


def notice_filename(notice: AssessmentNotice) -> str:
    return "".join(notice_title_lines(notice)) + ".docx"


def points_text(value) -> str:
    """Points as a 公文 writes them: 10, 9.5, -1.2 (no trailing zeros)."""
    number = Decimal(value).quantize(Decimal("0.01"))
    text = format(number.normalize(), "f")
    return "0" if text in ("-0", "0") else text


def write_assessment_notice(notice: AssessmentNotice, target: str | IO[bytes]) -> None:
    """Write ``notice`` as a .docx to ``target`` (a path or a binary file)."""
    document = _letterhead(notice)
    body = document.element.body
    sign_off = _detach_sign_off(document, notice.office)
    _text(document, notice)
    if document.paragraphs:
        document.paragraphs[-1].paragraph_format.keep_with_next = True
    sections = body[-1]  # w:sectPr stays last
    for element in sign_off:
        sections.addprevious(element)
    properties = document.core_properties
    properties.title = "".join(notice_title_lines(notice))
    properties.subject = notice_number(notice.year)
    document.save(target)


# The bulletin's page, masthead and sign-off around our own text


def _letterhead(notice: AssessmentNotice):
    """
    A bulletin of nothing, by the office, on the notice's day, with its title
    and number made the notice's and its text taken out: the 公文 page.
    """
    empty = Count(0, 0)
    bulletin = Bulletin(
        office=notice.office,
        plan_title=notice.plan_title,
        year=notice.year,
        quarter=4,
        issued_on=notice.issued_on,
        due_date=notice.issued_on,
        figures=Figures(
            total=0,
            completed=empty,
            on_track=empty,
            at_risk=empty,
            behind=empty,
            not_started=empty,
            unassessed=empty,
            pending=0,
            missing=0,
            reported=0,
            expected=0,
            submission_rate=None,
            on_time=0,
            on_time_rate=None,
        ),
        departments=[],
        red_goals=[],
        late_departments=[],
    )
    buffer = io.BytesIO()
    write_bulletin(bulletin, buffer)
    buffer.seek(0)
    document = docx.Document(buffer)
    paragraphs = document.paragraphs
    salutation = next(i for i, p in enumerate(paragraphs) if p.text == SALUTATION)
    office = next(i for i, p in enumerate(paragraphs) if p.text == notice.office)
    # Between the office's name and the salutation: the issue number, then the title.
    number, *titles = [p for p in paragraphs[office + 1 : salutation] if p.text]
    _retext(number, [notice_number(notice.year)])
    _retext(titles[0], notice_title_lines(notice))
    for extra in titles[1:]:
        extra._p.getparent().remove(extra._p)
    return document


def _retext(paragraph: Paragraph, lines: list[str]) -> None:
    """The paragraph's text replaced by ``lines``, one under the other, in its first run's look."""
    first, *others = paragraph.runs
    for run in others:
        run._r.getparent().remove(run._r)
    first.text = lines[0]
    last = first
    for line in lines[1:]:
        last.add_break()
        last = paragraph.add_run(line)
        if first._r.rPr is not None:
            last._r.insert(0, copy.deepcopy(first._r.rPr))


def _detach_sign_off(document, office_name: str) -> list:
    """
    Take out everything after the salutation: the bulletin's text (removed)
    and its sign-off, from the blank lines before the office's name to the
    end (returned, to go back after our text).
    """
    body = document.element.body
    children = list(body)[:-1]  # not the w:sectPr
    texts = [
        Paragraph(child, document).text if child.tag == qn("w:p") else None for child in children
    ]
    salutation = texts.index(SALUTATION)
    office = max(i for i, text in enumerate(texts) if text == office_name)
    start = office
    while start - 1 > salutation and texts[start - 1] == "":
        start -= 1
    for child in children[salutation + 1 :]:
        body.remove(child)
    return children[start:]


# Our text


def _text(document, notice: AssessmentNotice) -> None:
    through = (
        f"截至{notice.year}年第{chinese_number(notice.through_quarter)}季度"
        if notice.through_quarter
        else f"{notice.year}年度"
    )
    _paragraph(
        document,
        f"根据{notice.year}年度政府工作报告目标任务考核计分办法（第{notice.scheme.version}版），"
        f"{notice.office}依据各单位报送并经审核的季度进展情况（{through}），对各单位牵头和配合落实"
        f"《{notice.plan_title}》确定目标任务的情况进行了考核。现将考核结果通报如下：",
    )
    _heading(document, 1, "考核结果")
    _paragraph(document, "各单位考核得分及名次如下表：").paragraph_format.keep_with_next = True
    _table(document, notice.rows)
    _heading(document, 2, "计分办法")
    for number, (heading, text) in enumerate(
        scheme_sentences(notice.scheme, notice.office), start=1
    ):
        _subheading(document, number, heading, text)
    _heading(document, 3, "加减分情况")
    _adjustments(document, notice.adjustments)
    _heading(document, 4, "申诉处理情况")
    _objections(document, notice.objections)
    _heading(document, 5, "有关要求")
    _paragraph(
        document,
        "各单位要对照考核结果，认真分析目标任务落实中存在的问题，举一反三、限期整改；"
        "对考核结果有异议的，可在收到本通报后向"
        f"{notice.office}提出申诉。",
    )


def scheme_sentences(scheme: NoticeScheme, office: str) -> list[tuple[str, str]]:
    """The scheme in words, one （一） paragraph per part."""
    partial = (
        "按已完成指标占全部指标的比例计分"
        if scheme.partial_rule == "indicators"
        else "按完成进度计分"
    )
    goal = (
        f"各单位牵头的每项目标任务计{points_text(scheme.goal_points)}分"
        + ("（部分章节和任务按权重计分）" if scheme.weighted else "")
        + f"。已完成的计{points_text(scheme.completed_percent)}%；部分完成的{partial}，"
        f"最高计{points_text(scheme.partial_percent)}%；未启动或进展未经审核的计"
        f"{points_text(scheme.not_completed_percent)}%。配合单位按牵头单位所得分的"
        f"{points_text(scheme.support_percent)}%计分。"
    )
    deductions = (
        f"每项任务每季度未报送扣{points_text(scheme.missing_report)}分，"
        f"逾期报送扣{points_text(scheme.late_report)}分，"
        f"进展被退回每次扣{points_text(scheme.returned_update)}分；"
        f"季度进度存在风险扣{points_text(scheme.yellow_quarter)}分，"
        f"进度滞后扣{points_text(scheme.red_quarter)}分。"
    )
    bonus = f"指标超额完成的，每项加{points_text(scheme.exceed_bonus)}分" + (
        f"，每个单位最多加{points_text(scheme.bonus_cap)}分。"
        if scheme.bonus_cap is not None
        else "。"
    )
    return [
        ("目标任务得分。", goal),
        ("扣分。", deductions),
        ("加分。", bonus + f"{office}根据实际情况对个别单位加减分，并说明理由。"),
    ]


def _adjustments(document, adjustments: list[NoticeAdjustment]) -> None:
    if not adjustments:
        _paragraph(document, "本次考核没有加减分。")
        return
    for number, item in enumerate(adjustments, start=1):
        verb = "加" if item.points > 0 else "减"
        _subheading(
            document,
            number,
            f"{item.name}{verb}{points_text(abs(item.points))}分。",
            f"理由：{item.reason}",
        )


def _objections(document, objections: list[NoticeObjection]) -> None:
    if not objections:
        _paragraph(document, "考核结果反馈后，各单位未提出申诉。")
        return
    answered = [o for o in objections if o.state != "open"]
    upheld = sum(1 for o in answered if o.state == "upheld")
    _paragraph(
        document,
        f"共收到申诉{len(objections)}件，已答复{len(answered)}件，"
        f"其中采纳{upheld}件、未采纳{len(answered) - upheld}件。具体如下：",
    )
    for number, item in enumerate(objections, start=1):
        _subheading(document, number, f"{item.name}（{OBJECTION_STATES[item.state]}）。", "")
        _paragraph(document, f"申诉理由：{item.reason}")
        if item.answer:
            _paragraph(document, f"答复意见：{item.answer}")


def _clean(text: str) -> str:
    return text.translate(_ILLEGAL)


def _run(paragraph, text: str, font: str | None = None, size=None, *, bold: bool = False):
    """A run in the body's font unless ``font`` names another, set for Chinese text too."""
    run = paragraph.add_run(_clean(text))
    if font is not None:
        run.font.name = font
        run._r.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), font)
    if size is not None:
        run.font.size = size
    run.font.bold = bold or None
    return run


def _paragraph(document, text: str = "", *, indent: bool = True):
    """A body paragraph: the bulletin's Normal style (仿宋 三号), first line indented."""
    paragraph = document.add_paragraph()
    if indent:
        paragraph.paragraph_format.first_line_indent = INDENT
    if text:
        _run(paragraph, text)
    return paragraph


def _heading(document, number: int, text: str) -> None:
    paragraph = _paragraph(document)
    paragraph.paragraph_format.keep_with_next = True
    _run(paragraph, f"{chinese_number(number)}、{text}", HEADING_FONT)


def _subheading(document, number: int, text: str, rest: str) -> None:
    paragraph = _paragraph(document)
    _run(paragraph, f"（{chinese_number(number)}）{text}", SUBHEADING_FONT)
    if rest:
        _run(paragraph, rest, BODY_FONT)


def _table(document, rows: list[NoticeRow]) -> None:
    table = document.add_table(rows=1, cols=len(TABLE_COLUMNS))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    header = table.rows[0]
    header._tr.get_or_add_trPr().append(_on(OxmlElement("w:tblHeader")))
    for cell, (text, _width) in zip(header.cells, TABLE_COLUMNS, strict=True):
        _cell(cell, text, bold=True)
    for row in rows:
        values = [
            str(row.rank),
            row.name,
            points_text(row.goals),
            points_text(row.deductions),
            points_text(row.bonuses),
            points_text(row.adjustments),
            points_text(row.total),
        ]
        cells = table.add_row().cells
        for index, (cell, text) in enumerate(zip(cells, values, strict=True)):
            _cell(cell, text, align=WD_ALIGN_PARAGRAPH.LEFT if index == 1 else None)
    for column, (_text, width) in zip(table.columns, TABLE_COLUMNS, strict=True):
        column.width = Mm(width)
        for cell in column.cells:
            cell.width = Mm(width)


def _on(element):
    element.set(qn("w:val"), "true")
    return element


def _cell(cell, text: str, *, bold: bool = False, align=None) -> None:
    paragraph = cell.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER if align is None else align
    paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    paragraph.paragraph_format.first_line_indent = Pt(0)
    _run(paragraph, text, size=TABLE_SIZE, bold=bold)
