"""
Reading uploaded documents: text in the encodings government files really
use, Word documents with headings, lists and tables, and the hostile or broken
files an upload form must refuse. Every file is built in memory here.
"""

import io
import random
import zipfile

import docx
import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from targets.io.files import DocumentError, read_document
from tests.helpers import rezip, zip_of

TEXT = "一、扩大有效投资\n1.地区生产总值增长8%以上。(牵头单位:区发改局)\n"


def _docx_bytes(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _simple_docx() -> bytes:
    document = docx.Document()
    document.add_paragraph("加快产业项目落地。")
    return _docx_bytes(document)


def _code(name: str, data: bytes, **kwargs) -> str:
    with pytest.raises(DocumentError) as caught:
        read_document(name, data, **kwargs)
    assert str(caught.value)  # always a human sentence
    return caught.value.code


# -- text -------------------------------------------------------------------------------


def test_read_text_utf8():
    assert read_document("报告.txt", TEXT.encode("utf-8")) == TEXT


def test_read_text_utf8_with_bom():
    assert read_document("报告.txt", b"\xef\xbb\xbf" + TEXT.encode("utf-8")) == TEXT


def test_read_text_gb18030():
    assert read_document("报告.txt", TEXT.encode("gb18030")) == TEXT


def test_read_text_gbk_as_windows_notepad_saved_it():
    assert read_document("报告.txt", TEXT.encode("gbk")) == TEXT


def test_read_text_utf16_with_bom():
    assert read_document("报告.txt", TEXT.encode("utf-16")) == TEXT


def test_read_text_crlf_and_cr_become_newlines():
    data = "第一行\r\n第二行\r第三行\n".encode()
    assert read_document("a.txt", data) == "第一行\n第二行\n第三行\n"


@pytest.mark.parametrize("name", ["plan.md", "plan.text", "PLAN.TXT", "C:\\Users\\王\\报告.Txt"])
def test_read_text_suffixes_and_paths(name):
    assert read_document(name, TEXT.encode()) == TEXT


def test_read_text_empty_is_refused():
    assert _code("a.txt", b"") == "empty"


def test_read_text_only_whitespace_is_empty():
    assert _code("a.txt", b" \r\n\t\n") == "empty"


def test_read_text_png_named_txt_is_binary():
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10" + bytes(range(256))
    assert _code("报告.txt", png) == "binary"


def test_read_text_random_bytes_are_binary():
    data = random.Random(7).randbytes(4096)
    assert _code("报告.txt", data) == "binary"


def test_read_text_control_characters_without_nul_are_binary():
    data = bytes([0x01, 0x02, 0x03, 0x41]) * 100
    assert _code("a.txt", data) == "binary"


def test_read_text_undecodable_is_an_encoding_error():
    # No control bytes, but neither UTF-8 nor GB18030.
    assert _code("a.txt", "项目".encode() + b"\x80\xff\x80 abc") == "encoding"


def test_read_text_larger_than_limit_is_refused_before_decoding():
    # Binary content, but the size is what is reported: nothing was decoded.
    assert _code("a.txt", b"\x00" * 2048, max_bytes=1024) == "too_large"


def test_read_text_limit_is_in_the_message():
    with pytest.raises(DocumentError) as caught:
        read_document("a.txt", b"x" * (10 * 1024 * 1024 + 1))
    assert caught.value.code == "too_large"
    assert caught.value.params == {"limit": "10 MB"}
    assert str(caught.value) == "The file is larger than the 10 MB limit."


@pytest.mark.parametrize("name", ["报告.rtf", "报告", "报告.xlsx", "docx"])
def test_read_unsupported_suffix(name):
    assert _code(name, b"{\\rtf1") == "unsupported"


def test_read_unsupported_message_names_the_suffix():
    with pytest.raises(DocumentError) as caught:
        read_document("报告.RTF", b"{\\rtf1")
    message = "Unsupported file type %(suffix)s: use .txt, .docx, .pdf, .xlsx, .xls or .ods."
    assert str(caught.value) == message % {"suffix": ".rtf"}
    assert caught.value.message == message


@pytest.mark.parametrize("name", ["报告.doc", "报告.docm", "报告.wps"])
def test_read_old_word_and_macro_suffixes_ask_for_docx(name):
    with pytest.raises(DocumentError) as caught:
        read_document(name, b"\xd0\xcf\x11\xe0" + b"\x00" * 100)
    assert caught.value.code == "unsupported"
    assert "save the document as .docx" in str(caught.value)


# -- docx -------------------------------------------------------------------------------


def test_read_docx_headings_paragraphs_and_table_in_body_order():
    document = docx.Document()
    document.add_heading("2023年区《政府工作报告》确定的主要目标任务责任分解方案", 0)
    document.add_heading("一、扩大有效投资", 1)
    document.add_paragraph("加快产业项目落地。")
    table = document.add_table(rows=3, cols=4)
    rows = [
        ("序号", "工作任务", "牵头单位", "责任单位"),
        ("1", "净增高企96家。", "区科技局", "各街道、各开发区"),
        ("2", "新增上市企业1家。", "区金融局", ""),
    ]
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            table.cell(r, c).text = value
    document.add_heading("二、提升城区品质", 1)
    document.add_paragraph("完成老旧小区改造。\n牵头单位:区住房保障和房管局")

    assert read_document("分解方案.docx", _docx_bytes(document)) == (
        "2023年区《政府工作报告》确定的主要目标任务责任分解方案\n"
        "一、扩大有效投资\n"
        "加快产业项目落地。\n"
        "序号 | 工作任务 | 牵头单位 | 责任单位\n"
        "1 | 净增高企96家。 | 区科技局 | 各街道、各开发区\n"
        "2 | 新增上市企业1家。 | 区金融局 | \n"
        "二、提升城区品质\n"
        "完成老旧小区改造。\n"
        "牵头单位:区住房保障和房管局\n"
    )


def test_read_docx_merged_cells():
    document = docx.Document()
    table = document.add_table(rows=3, cols=3)
    table.cell(0, 0).merge(table.cell(0, 2)).text = "一、扩大有效投资"
    table.cell(1, 0).text = "1"
    table.cell(1, 1).text = "净增高企96家"
    table.cell(2, 0).text = "2"
    table.cell(2, 1).text = "新增上市企业1家"
    # 责任领导 written once for two tasks, as 分解方案 tables do.
    table.cell(1, 2).merge(table.cell(2, 2)).text = "杜新国"
    assert read_document("a.docx", _docx_bytes(document)) == (
        "一、扩大有效投资\n1 | 净增高企96家 | 杜新国\n2 | 新增上市企业1家 | 杜新国\n"
    )


def test_read_docx_cell_with_several_paragraphs_stays_one_row():
    document = docx.Document()
    cell = document.add_table(rows=1, cols=2).cell(0, 1)
    cell.text = "牵头单位:区发改局"
    cell.add_paragraph("责任单位:各街道")
    document.tables[0].cell(0, 0).text = "推进项目 | 建设"
    assert read_document("a.docx", _docx_bytes(document)) == (
        "推进项目 / 建设 | 牵头单位:区发改局 责任单位:各街道\n"
    )


def test_read_docx_list_style_numbers_are_kept():
    document = docx.Document()
    document.add_paragraph("地区生产总值增长8%以上。", style="List Number")
    document.add_paragraph("固定资产投资增长16%以上。", style="List Number")
    assert read_document("a.docx", _docx_bytes(document)) == (
        "1.地区生产总值增长8%以上。\n2.固定资产投资增长16%以上。\n"
    )


def _add_chinese_list(document) -> None:
    """A two-level automatic list: 一、 then (一), as 分解方案 number chapters."""
    numbering = document.part.numbering_part.element
    abstract = parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="90">'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>'
        '<w:lvlText w:val="%1、"/></w:lvl>'
        '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>'
        '<w:lvlText w:val="(%2)"/></w:lvl>'
        "</w:abstractNum>"
    )
    num = parse_xml(f'<w:num {nsdecls("w")} w:numId="90"><w:abstractNumId w:val="90"/></w:num>')
    first_num = numbering.find(num.tag)
    if first_num is not None:
        first_num.addprevious(abstract)
    else:
        numbering.append(abstract)
    numbering.append(num)


def _numbered(document, text: str, level: int) -> None:
    paragraph = document.add_paragraph(text)
    paragraph._p.get_or_add_pPr().append(
        parse_xml(
            f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="90"/></w:numPr>'
        )
    )


def test_read_docx_automatic_chinese_numbering():
    document = docx.Document()
    _add_chinese_list(document)
    _numbered(document, "坚定不移做强增长引擎", 0)
    _numbered(document, "加强基础设施建设", 1)
    _numbered(document, "扩大有效投资", 1)
    _numbered(document, "持续优化营商环境", 0)
    _numbered(document, "深化放管服改革", 1)
    for n in range(3, 12):
        _numbered(document, f"第{n}章", 0)
    lines = read_document("a.docx", _docx_bytes(document)).splitlines()
    assert lines[:5] == [
        "一、坚定不移做强增长引擎",
        "(一)加强基础设施建设",
        "(二)扩大有效投资",
        "二、持续优化营商环境",
        "(一)深化放管服改革",
    ]
    assert lines[-2:] == ["十、第10章", "十一、第11章"]


def test_read_docx_tracked_insertion_and_hyperlink_text_is_read_deletion_is_not():
    document = docx.Document()
    paragraph = document.add_paragraph("完成")
    paragraph._p.append(
        parse_xml(
            f'<w:ins {nsdecls("w")} w:id="1" w:author="a"><w:r><w:t>老旧小区</w:t></w:r></w:ins>'
        )
    )
    paragraph._p.append(
        parse_xml(
            f'<w:del {nsdecls("w")} w:id="2" w:author="a">'
            "<w:r><w:delText>旧的文字</w:delText></w:r></w:del>"
        )
    )
    paragraph._p.append(
        parse_xml(f"<w:hyperlink {nsdecls('w')}><w:r><w:t>改造</w:t></w:r></w:hyperlink>")
    )
    assert read_document("a.docx", _docx_bytes(document)) == "完成老旧小区改造\n"


def test_read_docx_without_text_is_empty():
    assert _code("a.docx", _docx_bytes(docx.Document())) == "empty"


def test_read_docx_zip_of_something_else():
    data = zip_of({"readme.txt": "这不是Word文档", "data/table.csv": "a,b\n1,2\n"})
    assert _code("分解方案.docx", data) == "not_docx"


def test_read_docx_xlsx_renamed_docx():
    data = zip_of(
        {
            "[Content_Types].xml": '<?xml version="1.0"?><Types/>',
            "xl/workbook.xml": "<workbook/>",
        }
    )
    assert _code("分解方案.docx", data) == "not_docx"


def test_read_docx_truncated():
    data = _simple_docx()
    assert _code("a.docx", data[: len(data) // 2]) == "not_docx"


def test_read_docx_plain_text_named_docx():
    assert _code("a.docx", TEXT.encode()) == "not_docx"


def test_read_docx_old_doc_renamed_docx():
    with pytest.raises(DocumentError) as caught:
        read_document("a.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512)
    assert caught.value.code == "not_docx"
    assert ".doc" in str(caught.value)


def test_read_docx_broken_xml():
    data = rezip(_simple_docx(), replace={"word/document.xml": b"<w:document><w:body>"})
    assert _code("a.docx", data) == "not_docx"


def test_read_docx_main_part_missing():
    data = rezip(_simple_docx(), drop={"word/document.xml"})
    assert _code("a.docx", data) == "not_docx"


def test_read_docx_with_vba_project_is_refused():
    data = rezip(_simple_docx(), add={"word/vbaProject.bin": b"\xd0\xcf\x11\xe0macro"})
    assert _code("a.docx", data) == "macro"


def test_read_docx_with_macro_enabled_content_type_is_refused():
    source = zipfile.ZipFile(io.BytesIO(_simple_docx()))
    types = source.read("[Content_Types].xml").replace(
        b"wordprocessingml.document.main+xml", b"ms-word.document.macroEnabled.main+xml"
    )
    data = rezip(_simple_docx(), replace={"[Content_Types].xml": types})
    assert _code("a.docx", data) == "macro"


def _with_entities(document_xml: bytes) -> bytes:
    return rezip(_simple_docx(), replace={"word/document.xml": document_xml})


def test_read_docx_entity_expansion_is_refused():
    laughs = (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        b'<!DOCTYPE w:document [<!ENTITY lol "lol">'
        b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
        b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
        b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        b"<w:body><w:p><w:r><w:t>&lol3;</w:t></w:r></w:p></w:body></w:document>"
    )
    assert _code("a.docx", _with_entities(laughs)) == "unsafe"


def test_read_docx_external_entity_is_refused():
    xxe = (
        b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        b"<w:body><w:p><w:r><w:t>&x;</w:t></w:r></w:p></w:body></w:document>"
    )
    assert _code("a.docx", _with_entities(xxe)) == "unsafe"


def test_read_docx_entity_declaration_in_utf16_is_refused():
    xml = (
        '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE d [<!ENTITY x "x">]>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        "<w:body><w:p><w:r><w:t>&x;</w:t></w:r></w:p></w:body></w:document>"
    )
    assert _code("a.docx", _with_entities(xml.encode("utf-16"))) == "unsafe"


def test_read_docx_entity_in_relationships_part_is_refused():
    source = zipfile.ZipFile(io.BytesIO(_simple_docx()))
    rels = source.read("_rels/.rels").replace(b"?>", b"?><!DOCTYPE r>", 1)
    data = rezip(_simple_docx(), replace={"_rels/.rels": rels})
    assert _code("a.docx", data) == "unsafe"


def test_read_docx_svg_picture_with_doctype_is_not_refused():
    # Pictures are never parsed as XML; Inkscape's SVGs carry a DOCTYPE.
    svg = b'<?xml version="1.0"?><!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "x.dtd"><svg/>'
    data = rezip(_simple_docx(), add={"word/media/image1.svg": svg})
    assert read_document("a.docx", data) == "加快产业项目落地。\n"


def test_read_docx_zip_bomb_member_is_refused():
    # 60 MB of zeros deflates to about 60 KB: a huge declared size, small on disk.
    data = rezip(_simple_docx(), add={"word/media/image1.png": bytes(60 * 1024 * 1024)})
    assert len(data) < 200 * 1024
    assert _code("a.docx", data) == "inflated"


def test_read_docx_compression_ratio_past_bound_is_refused():
    data = rezip(_simple_docx(), add={"word/media/image1.png": bytes(5 * 1024 * 1024)})
    assert _code("a.docx", data) == "inflated"


def test_read_docx_too_many_members_is_refused():
    members = {f"word/media/p{n}.png": b"x" for n in range(2001)}
    data = rezip(_simple_docx(), add=members, compression=zipfile.ZIP_STORED)
    assert _code("a.docx", data) == "inflated"


def test_read_docx_larger_than_limit_is_refused_before_unzipping():
    assert _code("a.docx", _simple_docx(), max_bytes=1024) == "too_large"


def test_read_docx_corrupted_bytes_raise_only_document_error():
    data = _simple_docx()
    rng = random.Random(3)
    for _ in range(200):
        damaged = bytearray(data)
        for _ in range(8):
            damaged[rng.randrange(len(damaged))] = rng.randrange(256)
        try:
            result = read_document("a.docx", bytes(damaged))
        except DocumentError:
            continue
        assert isinstance(result, str)


def test_read_unsupported_type_is_reported_before_size():
    assert _code("报告.rtf", b"{\\rtf1" + b"x" * 4096, max_bytes=1024) == "unsupported"


def test_read_docx_automatic_row_numbers_in_a_table():
    # The 序号 column of a 分解方案 table is often an automatic list with no text.
    document = docx.Document()
    table = document.add_table(rows=2, cols=2)
    for row, task in zip(table.rows, ("净增高企96家", "新增上市企业1家"), strict=True):
        row.cells[0].paragraphs[0].style = "List Number"
        row.cells[1].text = task
    assert read_document("a.docx", _docx_bytes(document)) == (
        "1. | 净增高企96家\n2. | 新增上市企业1家\n"
    )
