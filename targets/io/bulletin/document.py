"""
The bulletin laid out as an official document (公文) after GB/T 9704: A4
portrait with its margins, the issuing office in red over a red rule, the
issue number, a 小标宋 title broken where its sense breaks, 仿宋 三号 body
text on a 28 pt line, 黑体 and 楷体 for the 一、 and （一） headings (each
with its fallbacks, ``fonts``), "— 1 —" page numbers on the outer edge, the
sign-off, and the 版记 (抄送, 印发) at the foot of the last page.
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
    TOTAL_ROW,
    Bulletin,
    bulletin_title,
    chinese_date,
    chinese_number,
    count_columns,
    department_cells,
    figures_text,
    issue_number,
    late_text,
    quarter_name,
    table_header,
    table_note,
    table_rows,
    title_lines,
)
from .fonts import BODY, HEADING, PAGE_NUMBER, SUBHEADING, TITLE, declare_fonts
from .imprint import write_imprint
from .ooxml import AFTER_BORDER, keep_row_whole
from .table import CELL_MARGIN, TableLayout, table_layout, text_width

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

# Fonts as Chinese offices name them; ``fonts`` says what stands in for each.
TITLE_FONT = TITLE.official
BODY_FONT = BODY.official
HEADING_FONT = HEADING.official  # 一、
SUBHEADING_FONT = SUBHEADING.official  # （一）
PAGE_NUMBER_FONT = PAGE_NUMBER.official

OFFICE_SIZE = Pt(26)  # 发文机关标志: 一号
TITLE_SIZE = Pt(22)  # 二号
BODY_SIZE = Pt(16)  # 三号
PAGE_NUMBER_SIZE = Pt(14)  # 四号
LINE = Pt(28)  # 22 lines to a page
INDENT = Pt(32)  # two characters of 三号
RED = RGBColor(0xFF, 0x00, 0x00)

# A4, and the margins of GB/T 9704 (版心 156 mm × 225 mm).
PAGE_WIDTH, PAGE_HEIGHT = Mm(210), Mm(297)
TOP, BOTTOM, LEFT, RIGHT = Mm(37), Mm(35), Mm(28), Mm(26)
FOOTER_DISTANCE = Mm(25)
TEXT_WIDTH = Mm(156)  # 版心


def write_bulletin(bulletin: Bulletin, target: str | IO[bytes]) -> None:
    """Write ``bulletin`` as a .docx to ``target`` (a path or a binary file)."""
    document = docx.Document()
    _set_up(document, bulletin)
    _masthead(document, bulletin)
    _body(document, bulletin)
    _closing(document, bulletin)
    write_imprint(document, bulletin, _run)
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
    # 公文 keep a paragraph's last line off the next page's top, and its first off a foot.
    paragraph.widow_control = True
    declare_fonts(document)

    # Page numbers on the outer edge: odd pages on the right, even pages on the left.
    document.settings.odd_and_even_pages_header_footer = True
    _page_number(section.footer.paragraphs[0], WD_ALIGN_PARAGRAPH.RIGHT)
    _page_number(section.even_page_footer.paragraphs[0], WD_ALIGN_PARAGRAPH.LEFT)

    properties = document.core_properties
    properties.title = bulletin_title(bulletin.year, bulletin.quarter)
    properties.author = _clean(bulletin.office)
    properties.subject = _clean(_number(bulletin))
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


def _page_number(paragraph, align) -> None:
    """
    — 1 —, one character in from the outer edge (GB/T 9704: 单页码居右空一字,
    双页码居左空一字): a PAGE field between two dashes, showing 1 until updated.
    """
    paragraph.alignment = align
    if align == WD_ALIGN_PARAGRAPH.RIGHT:
        paragraph.paragraph_format.right_indent = PAGE_NUMBER_SIZE
    else:
        paragraph.paragraph_format.left_indent = PAGE_NUMBER_SIZE
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
    paragraph._p.get_or_add_pPr().insert_element_before(borders, *AFTER_BORDER)


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
    _run(number, _number(bulletin))
    _red_rule(number)

    # In the title face, not bold (小标宋 is heavy enough), one line per phrase.
    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.line_spacing = Pt(36)
    title.paragraph_format.space_after = Pt(28)
    title.paragraph_format.keep_with_next = True
    _lines(title, title_lines(bulletin.year, bulletin.quarter), TITLE_FONT, TITLE_SIZE)

    _paragraph(document, "各有关单位：", indent=False)


def _number(bulletin: Bulletin) -> str:
    """The issue number (文号) as the office writes it, else the default one."""
    return bulletin.number or issue_number(bulletin.year, bulletin.quarter)


def _heading(document, number: int, text: str) -> None:
    """一、 in 黑体, kept on the page of what it heads."""
    paragraph = _paragraph(document)
    paragraph.paragraph_format.keep_with_next = True
    _run(paragraph, f"{chinese_number(number)}、{text}", HEADING_FONT)


def _subheading(
    document, number: int, text: str, rest: str = "", *, keep_with_next: bool = False
) -> None:
    """（一）in 楷体, and the text that follows it on the same line in 仿宋."""
    paragraph = _paragraph(document)
    paragraph.paragraph_format.keep_with_next = keep_with_next
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
    # A line that announces the table never stands alone at the foot of a page.
    _paragraph(
        document, "各单位牵头目标任务落实情况如下表："
    ).paragraph_format.keep_with_next = True
    _department_table(document, bulletin)
    note = table_note(bulletin)
    if note:
        _paragraph(document, note)
    _heading(document, 3, "进度滞后的目标任务")
    _red_goals(document, bulletin)
    _heading(document, 4, "未按时报送的单位")
    _late_departments(document, bulletin)
    _heading(document, 5, "下步工作要求")
    for number, (heading, text) in enumerate(CLOSING_REQUIREMENTS, start=1):
        _subheading(document, number, heading, text.format(office=bulletin.office))


def _department_table(document, bulletin: Bulletin) -> None:
    """The goals each department leads, by state, then the 合计 row; no word split."""
    columns = count_columns(bulletin)
    rows = table_rows(bulletin)
    cells = [department_cells(row, columns) for row in rows]
    layout = table_layout(table_header(bulletin), cells, TEXT_WIDTH.pt)
    table = document.add_table(rows=1, cols=len(layout.widths))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _cell_margins(table)
    header = table.rows[0]
    _repeat_as_header(header)
    for cell, lines in zip(header.cells, layout.header, strict=True):
        _cell(cell, lines, layout, bold=True)
    for row, texts in zip(rows, cells, strict=True):
        total = row.name == TOTAL_ROW and row is rows[-1]
        new = table.add_row()
        keep_row_whole(new)
        for index, (cell, text) in enumerate(zip(new.cells, texts, strict=True)):
            align = WD_ALIGN_PARAGRAPH.LEFT if index == 0 and not total else None
            _cell(cell, (text,), layout, bold=total, align=align)
    # Word reads the cells' widths, other programs the grid's: set both.
    for column, width in zip(table.columns, layout.widths, strict=True):
        column.width = Pt(width)
        for cell in column.cells:
            cell.width = Pt(width)


def _cell_margins(table) -> None:
    """Narrow left and right cell margins (``table.CELL_MARGIN``), as the widths assume."""
    margins = OxmlElement("w:tblCellMar")
    for side in ("w:left", "w:right"):
        margin = OxmlElement(side)
        margin.set(qn("w:w"), str(round(CELL_MARGIN * 20)))  # twentieths of a point
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    # In the schema's order: before the table's look and description, or Word refuses it.
    table._tbl.tblPr.insert_element_before(
        margins, "w:tblLook", "w:tblCaption", "w:tblDescription", "w:tblPrChange"
    )


def _repeat_as_header(row) -> None:
    """The header row repeats on every page the table runs over."""
    properties = row._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    properties.append(repeat)


def _cell(cell, lines, layout: TableLayout, *, bold: bool = False, align=None) -> None:
    """A cell's text in the table's size, its ``lines`` (a heading's words) one to a line."""
    paragraph = cell.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER if align is None else align
    paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    paragraph.paragraph_format.first_line_indent = Pt(0)
    paragraph.paragraph_format.widow_control = False
    _lines(paragraph, lines, BODY_FONT, Pt(layout.size), bold=bold)


def _lines(paragraph, lines, font, size, **style) -> None:
    """``lines`` in one paragraph, a line break between: a title's phrases, a heading's words."""
    previous = None
    for line in lines:
        if previous is not None:
            previous.add_break()
        previous = _run(paragraph, line, font, size, **style)


def _red_goals(document, bulletin: Bulletin) -> None:
    goals = bulletin.red_goals
    if not goals:
        _paragraph(document, "本季度没有进度滞后的目标任务。")
        return
    lead_in = _paragraph(document, f"本季度进度滞后的目标任务共{len(goals)}项，具体如下：")
    lead_in.paragraph_format.keep_with_next = True
    for number, goal in enumerate(goals, start=1):
        _subheading(document, number, f"{goal.code} {goal.title}", keep_with_next=True)
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
    ).paragraph_format.keep_with_next = True
    for department in bulletin.late_departments:
        _paragraph(document, late_text(department))


def _closing(document, bulletin: Bulletin) -> None:
    """
    A blank line, then the office two characters in from the right and the
    date under it, its first character two to the right of the office's
    (GB/T 9704, a document without a seal); the office moves left when the
    date is the longer. Kept on one page with the last line of the text,
    since a sign-off never stands on a page of its own.
    """
    office, date = bulletin.office, chinese_date(bulletin.issued_on)
    em = BODY_SIZE.pt
    office_width, date_width = text_width(office, em), text_width(date, em)
    date_indent = max(2 * em, office_width - date_width)
    office_indent = date_indent + date_width + 2 * em - office_width
    document.paragraphs[-1].paragraph_format.keep_with_next = True
    _paragraph(document, indent=False).paragraph_format.keep_with_next = True
    for text, indent in ((office, office_indent), (date, date_indent)):
        paragraph = _paragraph(document, text, indent=False, align=WD_ALIGN_PARAGRAPH.RIGHT)
        paragraph.paragraph_format.right_indent = Pt(indent)
        paragraph.paragraph_format.keep_with_next = True
