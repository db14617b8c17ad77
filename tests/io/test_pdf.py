"""
PDFs with a text layer, as most 分解方案 are published, made here with a
real typesetter (``tests.pdfs``): read in reading order, one paragraph a
line, the running header, footer and page numbers left out; the plan they
give is the one their text gives. A scan, a PDF behind a password and a
damaged one are refused in a sentence.
"""

import io
import random

import pytest
from pdfminer.high_level import extract_pages
from reportlab.lib.pagesizes import A4
from reportlab.lib.pdfencrypt import StandardEncryption
from reportlab.pdfgen.canvas import Canvas

from targets.io.documents import read_plan
from targets.io.files import DocumentError, read_document
from tests.pdfs import FONT, pdf_of, scanned_pdf

TITLE = "红山区2023年政府工作报告目标任务分解方案"
NOTICE = (
    "为全面完成区十八届人大三次会议确定的目标任务，现将《政府工作报告》确定的目标任务分解如下。"
)
PARAGRAPHS = [
    ("heading", "一、主要经济指标"),
    "1.地区生产总值增长6.5%左右，规模以上工业增加值增长8%，固定资产投资增长10%以上，"
    "社会消费品零售总额增长7%。（牵头单位：区发改局；责任单位：区统计局、各街道）",
    "2.城镇新增就业1.1万人以上，城镇调查失业率控制在5.5%以内。（牵头单位：区人社局）",
    ("heading", "二、重点工作任务"),
] + [
    f"{n}.新建{n}个社区公园和{n + 2}个口袋公园，改造老旧小区{n * 3}个，惠及居民{n * 100}户，"
    f"推进第{n}批重点项目前期工作，确保年内开工建设。（牵头单位：区园林局；责任单位：区住建局）"
    for n in range(3, 31)
]
HEADER = "红山区人民政府办公室文件"


def _text(block) -> str:
    return block if isinstance(block, str) else block[1]


def _document() -> bytes:
    return pdf_of([("title", TITLE), NOTICE, *PARAGRAPHS], header=HEADER)


def test_a_pdf_reads_as_its_paragraphs_without_header_footer_and_page_numbers():
    data = _document()
    assert len(list(extract_pages(io.BytesIO(data)))) >= 3  # paragraphs run over pages
    expected = [TITLE, NOTICE, *(_text(block) for block in PARAGRAPHS)]
    assert read_document("分解方案.pdf", data) == "\n".join(expected) + "\n"


def test_a_plan_reads_the_same_from_its_pdf_as_from_its_text():
    text = "\n".join([TITLE, *(_text(block) for block in PARAGRAPHS)]) + "\n"
    from_pdf = read_plan("分解方案.pdf", pdf_of([("title", TITLE), *PARAGRAPHS], header=HEADER))
    from_text = read_plan("分解方案.txt", text.encode())
    assert from_pdf.to_dict() == from_text.to_dict()
    assert len(from_pdf.all_goals()) == 30
    assert from_pdf.all_goals()[0].lead_departments == ["区发改局"]


def test_a_table_in_a_pdf_keeps_its_rows_one_line_each():
    rows = [
        ["序号", "工作任务", "牵头单位", "完成时限"],
        ["1", "净增高企96家", "区科技局", "12月底前"],
        ["2", "新增上市企业1家", "区金融局", "全年"],
    ]
    data = pdf_of([("title", TITLE), ("table", rows)])
    assert read_document("a.pdf", data) == (
        f"{TITLE}\n序号 | 工作任务 | 牵头单位 | 完成时限\n"
        "1 | 净增高企96家 | 区科技局 | 12月底前\n2 | 新增上市企业1家 | 区金融局 | 全年\n"
    )


def test_page_numbers_written_as_offices_write_them_are_left_out():
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4)
    for page, footer in enumerate(["第 1 页 共 3 页", "— 2 —", "3"], start=1):
        canvas.setFont(FONT, 14)
        canvas.drawString(80, 700, f"第{page}页的正文。")
        canvas.setFont(FONT, 10)
        canvas.drawCentredString(A4[0] / 2, 30, footer)
        canvas.showPage()
    canvas.save()
    assert (
        read_document("a.pdf", buffer.getvalue()) == "第1页的正文。\n第2页的正文。\n第3页的正文。\n"
    )


def test_a_scanned_pdf_is_refused_saying_it_has_no_text():
    with pytest.raises(DocumentError) as caught:
        read_document("扫描件.pdf", scanned_pdf())
    assert caught.value.code == "scanned"
    assert "no text in it" in str(caught.value)


def test_a_pdf_behind_a_password_is_refused():
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, encrypt=StandardEncryption("open-sesame", canPrint=0))
    canvas.setFont(FONT, 14)
    canvas.drawString(80, 700, "净增高企96家。")
    canvas.save()
    with pytest.raises(DocumentError) as caught:
        read_document("a.pdf", buffer.getvalue())
    assert caught.value.code == "encrypted"


@pytest.mark.parametrize(
    "data", [b"not a pdf at all", b"%PDF-1.7\n%broken", b"%PDF-1.4\n" + bytes(2000)]
)
def test_what_is_no_pdf_is_refused(data):
    with pytest.raises(DocumentError) as caught:
        read_document("a.pdf", data)
    assert caught.value.code in ("not_pdf", "scanned")
    assert str(caught.value)


def test_damaged_pdf_bytes_raise_only_document_error():
    data = pdf_of([("title", TITLE), NOTICE, *PARAGRAPHS[:4]])
    rng = random.Random(11)
    for _ in range(25):
        damaged = bytearray(data)
        for _ in range(8):
            damaged[rng.randrange(len(damaged))] = rng.randrange(256)
        try:
            result = read_document("a.pdf", bytes(damaged))
        except DocumentError:
            continue
        assert isinstance(result, str)
