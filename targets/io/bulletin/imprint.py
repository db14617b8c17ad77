"""
The 版记 of the bulletin (GB/T 9704): who else receives it (抄送), who
printed it and when (印发), between rules at the foot of the last page.
"""

from __future__ import annotations

from docx.enum.text import WD_LINE_SPACING, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Emu, Mm, Pt

from .content import Bulletin, chinese_date
from .fonts import BODY
from .ooxml import AFTER_BORDER, AFTER_FRAME

IMPRINT_SIZE = Pt(14)  # 四号
TEXT_WIDTH = Mm(156)  # 版心
# The first and the last rule 0.35 mm thick, in eighths of a point.
THICK_RULE = "8"


def write_imprint(document, bulletin: Bulletin, run) -> None:
    """
    The 版记 at the foot of the last page: 抄送 (when the office names whom),
    then the printing office on the left and the day it printed on the
    right, one character in from either side of the text (四号 仿宋), between
    a thick rule above and below. Its paragraphs sit in a frame at the
    bottom of the text of the page their anchor (the sign-off before them)
    is on, whatever the length of the text above.

    GB/T 9704 draws a thin rule between 抄送 and 印发 too; LibreOffice makes
    no frame of paragraphs whose borders differ (and none of a ``w:between``
    border), so the rules are the frame's, the same on every paragraph.
    ``run(paragraph, text, font, size)`` writes a run as the document does.
    """
    em = IMPRINT_SIZE
    lines = []
    if bulletin.copy_to:
        copy = document.add_paragraph()
        # A name that wraps lines up after the colon (回行时与冒号后的首字对齐).
        copy.paragraph_format.left_indent = em * 4
        copy.paragraph_format.first_line_indent = -em * 3
        copy.paragraph_format.right_indent = em
        run(copy, f"抄送：{bulletin.copy_to.rstrip('。')}。", BODY.official, em)
        lines.append(copy)
    printed = document.add_paragraph()
    printed.paragraph_format.left_indent = em
    printed.paragraph_format.first_line_indent = Pt(0)
    printed.paragraph_format.tab_stops.add_tab_stop(Emu(TEXT_WIDTH - em), WD_TAB_ALIGNMENT.RIGHT)
    printer = bulletin.printed_by or bulletin.office
    run(printed, f"{printer}\t{chinese_date(bulletin.issued_on)}印发", BODY.official, em)
    lines.append(printed)
    for paragraph in lines:
        paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
        paragraph.paragraph_format.space_before = paragraph.paragraph_format.space_after = Pt(3)
        _frame(paragraph)
        _rules(paragraph)
    # A frame hangs on the paragraph after it (LibreOffice drops a frame that ends the
    # document): an empty one, a point high, kept on the sign-off's page.
    for paragraph in document.paragraphs[-len(lines) - 1 :]:
        paragraph.paragraph_format.keep_with_next = True
    anchor = document.add_paragraph().paragraph_format
    anchor.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    anchor.line_spacing = Pt(1)


def _frame(paragraph) -> None:
    """The paragraph in the frame at the bottom of the page's text, as wide as the text."""
    frame = OxmlElement("w:framePr")
    for name, value in (
        ("w:w", str(round(TEXT_WIDTH.pt * 20))),
        ("w:wrap", "notBeside"),
        ("w:vAnchor", "margin"),
        ("w:hAnchor", "margin"),
        ("w:xAlign", "center"),
        ("w:yAlign", "bottom"),
    ):
        frame.set(qn(name), value)
    paragraph._p.get_or_add_pPr().insert_element_before(frame, *AFTER_FRAME)


def _rules(paragraph) -> None:
    """Thick rules above and below: paragraphs bordered alike share them, as one box."""
    borders = OxmlElement("w:pBdr")
    for side in ("w:top", "w:bottom"):
        border = OxmlElement(side)
        for name, value in (("w:val", "single"), ("w:sz", THICK_RULE), ("w:space", "1")):
            border.set(qn(name), value)
        border.set(qn("w:color"), "000000")
        borders.append(border)
    paragraph._p.get_or_add_pPr().insert_element_before(borders, *AFTER_BORDER)
