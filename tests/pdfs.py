"""
PDFs made in the tests with a real typesetter (reportlab's platypus), as an
office's PDF of its 分解方案 is: paragraphs wrapped to the page with the
first line indented two characters, headings, a table, a running header on
every page and the page number in the footer; and a scan, whose pages are
pictures with no text layer.

No Django at import time: the io tests use these.
"""

import io

from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table

# A font every PDF reader knows without embedding (Adobe's Song for simplified Chinese).
FONT = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(FONT))

BODY = ParagraphStyle(
    "body", fontName=FONT, fontSize=14, leading=24, firstLineIndent=28, wordWrap="CJK"
)
TITLE = ParagraphStyle(
    "title", parent=BODY, fontSize=20, leading=32, firstLineIndent=0, alignment=TA_CENTER
)
HEADING = ParagraphStyle("heading", parent=BODY, firstLineIndent=28)
CELL = ParagraphStyle(
    "cell", parent=BODY, fontSize=11, leading=16, firstLineIndent=0, alignment=TA_LEFT
)


def pdf_of(blocks, *, header: str = "", page_numbers: bool = True, ruled: bool = False) -> bytes:
    """
    A PDF of ``blocks``: a string is a paragraph, ``("title", text)`` the
    centred title, ``("heading", text)`` a heading line, ``("table", rows)``
    a table (``ruled``: with the lines of its grid drawn, as offices print
    them); ``header`` on top of every page, "- n -" under it.
    """
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer, pagesize=A4, leftMargin=28 * mm, rightMargin=26 * mm, topMargin=37 * mm
    )
    flowables = []
    for block in blocks:
        if isinstance(block, str):
            flowables.append(Paragraph(block, BODY))
        elif block[0] == "title":
            flowables += [Paragraph(block[1], TITLE), Spacer(1, 12)]
        elif block[0] == "heading":
            flowables.append(Paragraph(block[1], HEADING))
        else:
            cells = [[Paragraph(str(cell), CELL) for cell in row] for row in block[1]]
            table = Table(cells, colWidths=[15 * mm, 80 * mm, 30 * mm, 30 * mm])
            if ruled:
                from reportlab.lib.colors import black
                from reportlab.platypus import TableStyle

                table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, black)]))
            flowables.append(table)

    def furniture(canvas, doc):
        canvas.saveState()
        canvas.setFont(FONT, 10)
        width, height = A4
        if header:
            canvas.drawCentredString(width / 2, height - 20 * mm, header)
        if page_numbers:
            canvas.drawCentredString(width / 2, 15 * mm, f"- {doc.page} -")
        canvas.restoreState()

    document.build(flowables, onFirstPage=furniture, onLaterPages=furniture)
    return buffer.getvalue()


def scanned_pdf(pages: int = 2) -> bytes:
    """A scan: each page one picture of text, and no text layer."""
    from PIL import Image, ImageDraw
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen.canvas import Canvas

    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4)
    for _ in range(pages):
        picture = Image.new("L", (595, 842), 255)
        draw = ImageDraw.Draw(picture)
        for y in range(120, 760, 30):  # lines of "writing"
            draw.rectangle((80, y, 515, y + 12), fill=40)
        canvas.drawImage(ImageReader(picture), 0, 0, *A4)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()
