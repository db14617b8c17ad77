"""
The bulletin laid out as an official document (公文) after GB/T 9704: A4
portrait with its margins, the issuing office in red over a red rule, the
issue number, a 小标宋 title, 仿宋 三号 body text on a 28 pt line, 黑体 and 楷体
for the 一、 and （一） headings, and "— 1 —" page numbers.
"""

from __future__ import annotations

import datetime
from typing import IO

import docx
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from ..xmltext import xml_legal
from .content import (
    CLOSING_REQUIREMENTS,
    LIST_SEPARATOR,
    Bulletin,
    DepartmentRow,
    bulletin_title,
    chinese_date,
    chinese_number,
    department_cells,
    figures_text,
    issue_number,
    late_text,
    quarter_name,
)

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

# Fonts as Chinese offices name them; Word substitutes the nearest it has.
TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEADING_FONT = "黑体"  # 一、
SUBHEADING_FONT = "楷体_GB2312"  # （一）
PAGE_NUMBER_FONT = "宋体"

OFFICE_SIZE = Pt(26)  # 发文机关标志: 一号
TITLE_SIZE = Pt(22)  # 二号
BODY_SIZE = Pt(16)  # 三号
TABLE_SIZE = Pt(10.5)  # 五号: ten columns across a portrait page
PAGE_NUMBER_SIZE = Pt(14)  # 四号
LINE = Pt(28)  # 22 lines to a page
INDENT = Pt(32)  # two characters of 三号
RED = RGBColor(0xFF, 0x00, 0x00)

# A4, and the margins of GB/T 9704 (版心 156 mm × 225 mm).
PAGE_WIDTH, PAGE_HEIGHT = Mm(210), Mm(297)
TOP, BOTTOM, LEFT, RIGHT = Mm(37), Mm(35), Mm(28), Mm(26)
FOOTER_DISTANCE = Mm(25)

# The department table: the heading of each column and its width (156 mm in all).
TABLE_COLUMNS = (
    ("单位", 33),
    ("牵头任务", 11),
    ("已报送/应报送", 16),
    ("已完成", 12),
    ("正常推进", 12),
    ("存在风险", 12),
    ("进度滞后", 12),
    ("未启动", 12),
    ("未评估", 12),
    ("待审核", 12),
    ("未报送", 12),
)


# What may follow w:pBdr in a w:pPr: Word refuses a file whose properties are out of order.
_AFTER_BORDER = (
    *("w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct"),
    *("w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd"),
    *("w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents"),
    *("w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment", "w:textboxTightWrap"),
    *("w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange"),
)


def write_bulletin(bulletin: Bulletin, target: str | IO[bytes]) -> None:
    """Write ``bulletin`` as a .docx to ``target`` (a path or a binary file)."""
    document = docx.Document()
    _set_up(document, bulletin)
    _masthead(document, bulletin)
    _body(document, bulletin)
    _closing(document, bulletin)
    document.save(target)


# Page, styles and furniture


def _set_up(document, bulletin: Bulletin) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    section.top_margin, section.bottom_margin = TOP, BOTTOM
    section.left_margin, section.right_margin = LEFT, RIGHT
    section.footer_distance = FOOTER_DISTANCE

    normal = document.styles["Normal"]
    _font(normal.font, normal.element.get_or_add_rPr(), BODY_FONT, BODY_SIZE)
    _chinese(normal.element.get_or_add_rPr())
    paragraph = normal.paragraph_format
    paragraph.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    paragraph.line_spacing = LINE
    paragraph.space_before = paragraph.space_after = Pt(0)

    _page_number(section.footer.paragraphs[0])

    properties = document.core_properties
    properties.title = bulletin_title(bulletin.year, bulletin.quarter)
    properties.author = _clean(bulletin.office)
    properties.subject = issue_number(bulletin.year, bulletin.quarter)
    properties.comments = ""
    # The blank template's own dates (2013) would otherwise show in Word's file properties.
    properties.created = properties.modified = datetime.datetime.now(datetime.UTC)


def _font(font, rpr, name: str, size, *, bold: bool = False, color=None) -> None:
    """
    ``name`` for Latin and East Asian text alike: python-docx's ``font.name``
    sets only the Latin slots, and Word would show Chinese in its default font.
    """
    font.name = name
    font.size = size
    font.bold = bold
    if color is not None:
        font.color.rgb = color
    rpr.get_or_add_rFonts().set(qn("w:eastAsia"), name)


def _chinese(rpr) -> None:
    """Mark East Asian text as Chinese (PRC), so Word proofs and breaks lines as Chinese."""
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:eastAsia"), "zh-CN")


def _run(paragraph, text: str, font: str = BODY_FONT, size=BODY_SIZE, **style):
    run = paragraph.add_run(_clean(text))
    _font(run.font, run._r.get_or_add_rPr(), font, size, **style)
    return run


def _clean(text: str) -> str:
    """What XML 1.0 cannot hold (pasted from other programs) left out: lxml refuses it outright."""
    return xml_legal(text)


def _paragraph(document, text: str = "", *, indent: bool = True, align=None):
    """A body paragraph: 仿宋 三号, its first line indented two characters."""
    paragraph = document.add_paragraph()
    if indent:
        paragraph.paragraph_format.first_line_indent = INDENT
    if align is not None:
        paragraph.alignment = align
    if text:
        _run(paragraph, text)
    return paragraph


def _page_number(paragraph) -> None:
    """— 1 —, centred: a PAGE field between two dashes, showing 1 until Word updates it."""
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(paragraph, "— ", PAGE_NUMBER_FONT, PAGE_NUMBER_SIZE)
    _field_char(_run(paragraph, "", PAGE_NUMBER_FONT, PAGE_NUMBER_SIZE), "begin")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = " PAGE "
    _run(paragraph, "", PAGE_NUMBER_FONT, PAGE_NUMBER_SIZE)._r.append(instr)
    _field_char(_run(paragraph, "", PAGE_NUMBER_FONT, PAGE_NUMBER_SIZE), "separate")
    _run(paragraph, "1", PAGE_NUMBER_FONT, PAGE_NUMBER_SIZE)
    _field_char(_run(paragraph, "", PAGE_NUMBER_FONT, PAGE_NUMBER_SIZE), "end")
    _run(paragraph, " —", PAGE_NUMBER_FONT, PAGE_NUMBER_SIZE)


def _field_char(run, kind: str) -> None:
    char = OxmlElement("w:fldChar")
    char.set(qn("w:fldCharType"), kind)
    run._r.append(char)


def _red_rule(paragraph) -> None:
    """The red line under the masthead (版头中的分隔线), as the paragraph's bottom border."""
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for name, value in (
        ("w:val", "single"),
        ("w:sz", "12"),
        ("w:space", "6"),
        ("w:color", "FF0000"),
    ):
        bottom.set(qn(name), value)
    borders.append(bottom)
    paragraph._p.get_or_add_pPr().insert_element_before(borders, *_AFTER_BORDER)


# The parts of the document


def _masthead(document, bulletin: Bulletin) -> None:
    office = document.add_paragraph()
    office.alignment = WD_ALIGN_PARAGRAPH.CENTER
    office.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    office.paragraph_format.space_before = Pt(12)
    office.paragraph_format.space_after = Pt(24)
    _run(office, bulletin.office, TITLE_FONT, OFFICE_SIZE, color=RED)

    number = _paragraph(document, indent=False, align=WD_ALIGN_PARAGRAPH.CENTER)
    number.paragraph_format.space_after = Pt(24)
    _run(number, issue_number(bulletin.year, bulletin.quarter))
    _red_rule(number)

    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.line_spacing = Pt(36)
    title.paragraph_format.space_after = Pt(28)
    _run(title, bulletin_title(bulletin.year, bulletin.quarter), TITLE_FONT, TITLE_SIZE, bold=True)

    _paragraph(document, "各有关单位：", indent=False)


def _heading(document, number: int, text: str) -> None:
    paragraph = _paragraph(document)
    _run(paragraph, f"{chinese_number(number)}、{text}", HEADING_FONT)


def _subheading(document, number: int, text: str, rest: str = "") -> None:
    """（一）in 楷体, and the text that follows it on the same line in 仿宋."""
    paragraph = _paragraph(document)
    _run(paragraph, f"（{chinese_number(number)}）{text}", SUBHEADING_FONT)
    if rest:
        _run(paragraph, rest)


def _body(document, bulletin: Bulletin) -> None:
    _paragraph(
        document,
        f"为推动《{bulletin.plan_title}》确定的各项目标任务落地见效，"
        f"{bulletin.office}对{quarter_name(bulletin)}各单位报送的进展情况进行了汇总分析。"
        "现将有关情况通报如下：",
    )
    _heading(document, 1, "总体情况")
    _paragraph(document, figures_text(bulletin))
    _heading(document, 2, "各单位落实情况")
    _paragraph(document, "各单位牵头目标任务落实情况如下表：")
    _department_table(document, bulletin.departments)
    _heading(document, 3, "进度滞后的目标任务")
    _red_goals(document, bulletin)
    _heading(document, 4, "未按时报送的单位")
    _late_departments(document, bulletin)
    _heading(document, 5, "下步工作要求")
    for number, (heading, text) in enumerate(CLOSING_REQUIREMENTS, start=1):
        _subheading(document, number, heading, text.format(office=bulletin.office))


def _department_table(document, rows: list[DepartmentRow]) -> None:
    table = document.add_table(rows=1, cols=len(TABLE_COLUMNS))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    header = table.rows[0]
    _repeat_as_header(header)
    for cell, (text, _width) in zip(header.cells, TABLE_COLUMNS, strict=True):
        _cell(cell, text, bold=True)
    for row in rows:
        cells = table.add_row().cells
        for index, (cell, text) in enumerate(zip(cells, department_cells(row), strict=True)):
            _cell(cell, text, align=WD_ALIGN_PARAGRAPH.LEFT if index == 0 else None)
    # Word reads the cells' widths, other programs the grid's: set both.
    for column, (_text, width) in zip(table.columns, TABLE_COLUMNS, strict=True):
        column.width = Mm(width)
        for cell in column.cells:
            cell.width = Mm(width)


def _repeat_as_header(row) -> None:
    """The header row repeats on every page the table runs over."""
    properties = row._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    properties.append(repeat)


def _cell(cell, text: str, *, bold: bool = False, align=None) -> None:
    paragraph = cell.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER if align is None else align
    paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    paragraph.paragraph_format.first_line_indent = Pt(0)
    _run(paragraph, text, BODY_FONT, TABLE_SIZE, bold=bold)


def _red_goals(document, bulletin: Bulletin) -> None:
    goals = bulletin.red_goals
    if not goals:
        _paragraph(document, "本季度没有进度滞后的目标任务。")
        return
    _paragraph(document, f"本季度进度滞后的目标任务共{len(goals)}项，具体如下：")
    for number, goal in enumerate(goals, start=1):
        _subheading(document, number, f"{goal.code} {goal.title}")
        _paragraph(
            document,
            f"牵头单位：{LIST_SEPARATOR.join(goal.departments) or '未明确'}；"
            f"完成进度：{goal.percent}%。",
        )
        lines = [line.strip() for line in goal.problems.splitlines() if line.strip()]
        if not lines:
            lines = ["牵头单位未填写。"]
        _paragraph(document, f"存在问题：{lines[0]}")
        for line in lines[1:]:
            _paragraph(document, line)


def _late_departments(document, bulletin: Bulletin) -> None:
    due = chinese_date(bulletin.due_date)
    if not bulletin.late_departments:
        _paragraph(document, f"本季度各单位均在{due}前报送了进展情况。")
        return
    _paragraph(
        document,
        f"本季度进展情况报送截止日期为{due}。以下{len(bulletin.late_departments)}个单位"
        "存在未报送或逾期报送的情况：",
    )
    for department in bulletin.late_departments:
        _paragraph(document, late_text(department))


def _closing(document, bulletin: Bulletin) -> None:
    """
    Two blank lines, then the office and the date, right-aligned four
    characters from the edge; kept on one page with the last line of the
    text, since a sign-off never stands on a page of its own.
    """
    document.paragraphs[-1].paragraph_format.keep_with_next = True
    for _blank in range(2):
        _paragraph(document, indent=False).paragraph_format.keep_with_next = True
    for text in (bulletin.office, chinese_date(bulletin.issued_on)):
        paragraph = _paragraph(document, text, indent=False, align=WD_ALIGN_PARAGRAPH.RIGHT)
        paragraph.paragraph_format.right_indent = INDENT * 2
        paragraph.paragraph_format.keep_with_next = True
