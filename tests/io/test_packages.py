"""
The package checks every reader of an Office file goes through before it
parses anything (``targets.io.files.packages``, ``xmlparts``): XML parts
parsed with entities and network off, their encoding, and the caps on rows,
shared strings and tags counted as the parts are unpacked.
"""

import dataclasses
import io
import random
import socket
import zipfile

import docx
import pytest
from openpyxl import Workbook

import targets.io.files.spreadsheets as spreadsheets
from targets.io.files import (
    WORD_PACKAGE,
    WORKBOOK_PACKAGE,
    DocumentError,
    check_package,
    check_workbook,
    read_document,
)
from targets.io.files.packages import WORD_TAGS, WORKBOOK_ROWS, WORKBOOK_STRINGS
from targets.io.files.xmlparts import Count, PartCounter
from targets.io.workbook import read_workbook
from tests.helpers import rezip, shared_strings

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def _workbook() -> bytes:
    book = Workbook()
    book.active.append(["序号", "工作任务", "牵头单位"])
    book.active.append([1, "新建2个综合公园", "区园林局"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _docx() -> bytes:
    document = docx.Document()
    document.add_paragraph("加快产业项目落地。")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _refusal(function, *args) -> DocumentError:
    with pytest.raises(DocumentError) as caught:
        function(*args)
    return caught.value


# -- the caps, at their real size ------------------------------------------------------------


def test_shared_strings_past_the_cap_are_refused_before_the_cells_are_parsed(monkeypatch):
    """The probe's bomb, smaller: 7.4 million strings held a worker for a minute."""
    data = rezip(_workbook(), add={"xl/sharedStrings.xml": shared_strings(500_001)})
    assert len(data) < 200 * 1024  # a small upload
    parsed = []
    monkeypatch.setattr(spreadsheets, "run_limited", lambda *a, **k: parsed.append(a))
    error = _refusal(read_workbook, "分解表.xlsx", data)
    assert (error.code, str(error)) == (
        "inflated",
        "This .xlsx file holds more than 500,000 different texts, far more than a plan's "
        "table or a quarterly workbook: it was not read.",
    )
    assert parsed == []


def test_shared_strings_up_to_the_cap_are_accepted():
    rules = dataclasses.replace(
        WORKBOOK_PACKAGE, counts=(dataclasses.replace(WORKBOOK_STRINGS, limit=1000),)
    )
    check_package(rezip(_workbook(), add={"xl/sharedStrings.xml": shared_strings(1000)}), rules)
    error = _refusal(
        check_package, rezip(_workbook(), add={"xl/sharedStrings.xml": shared_strings(1001)}), rules
    )
    assert error.code == "inflated"


def test_rows_past_the_cap_are_refused_in_any_part_hidden_or_not():
    rows = b"".join(b'<row r="%d"/>' % n for n in range(1, 100_002))
    sheet = f'<worksheet xmlns="{MAIN}"><sheetData>'.encode() + rows + b"</sheetData></worksheet>"
    # Not the sheet the workbook names: whatever a reader might open is counted.
    data = rezip(_workbook(), add={"xl/worksheets/other.xml": sheet})
    error = _refusal(check_workbook, "a.xlsx", data)
    assert "more than 100,000 rows" in str(error)


def test_a_word_document_with_more_tags_than_the_cap_is_refused():
    # python-docx's blank document holds about 24,000 tags (styles, theme, settings).
    rules = dataclasses.replace(
        WORD_PACKAGE, counts=(dataclasses.replace(WORD_TAGS, limit=30_000),)
    )
    document = docx.Document()
    for n in range(2000):
        document.add_paragraph(f"第{n}项")
    buffer = io.BytesIO()
    document.save(buffer)
    error = _refusal(check_package, buffer.getvalue(), rules)
    assert "more than 30,000 XML tags" in str(error)
    check_package(_docx(), rules)


@pytest.mark.parametrize(
    "rows",
    [
        b'<x:row r="1"/><x:row r="2"/><x:row r="3"/>',  # prefixed
        b'<row\nr="1"/><row\tr="2"/><row/>',  # other white space after the name
    ],
    ids=["prefixed", "white-space"],
)
def test_rows_are_counted_however_the_tag_is_written(rows):
    rules = dataclasses.replace(
        WORKBOOK_PACKAGE, counts=(dataclasses.replace(WORKBOOK_ROWS, limit=2),)
    )
    sheet = f'<x:worksheet xmlns:x="{MAIN}" xmlns="{MAIN}">'.encode() + rows + b"</x:worksheet>"
    data = rezip(_workbook(), replace={"xl/worksheets/sheet1.xml": sheet})
    assert _refusal(check_package, data, rules).code == "inflated"


def test_strings_are_counted_in_a_utf16_part_too():
    rules = dataclasses.replace(
        WORKBOOK_PACKAGE, counts=(dataclasses.replace(WORKBOOK_STRINGS, limit=100),)
    )
    part = (
        shared_strings(101)
        .decode()
        .replace('encoding="UTF-8"', 'encoding="UTF-16"')
        .encode("utf-16")
    )
    data = rezip(_workbook(), add={"xl/sharedStrings.xml": part})
    assert _refusal(check_package, data, rules).code == "inflated"


class _Pieces:
    """A part that unpacks in the pieces given, whatever size is asked for."""

    def __init__(self, *pieces: bytes):
        self.pieces = list(pieces)

    def read(self, _size):
        return self.pieces.pop(0) if self.pieces else b""


@pytest.mark.parametrize(
    ("pieces", "rows"),
    [
        ((b"<d><ro", b"w/><r", b"ow/><row/></d>"), 3),  # a tag across two pieces
        ((b"<d><row/><", b"row/></d>"), 2),
        ((b"<d>", b"<row/>", b"<row/>", b"</d>"), 2),
    ],
)
def test_a_tag_split_between_two_pieces_is_counted_once(pieces, rows):
    counts = (Count(("<row", ":row"), 10, "%(limit)s"), Count(("<",), 100, "%(limit)s"))
    counter = PartCounter(counts, refuse=lambda count: AssertionError(count))
    counter.read_part(_Pieces(*pieces), damaged=AssertionError, declarations=AssertionError)
    assert counter.totals[0] == rows


# -- XML declarations, found by parsing, in any encoding ------------------------------------------


def _document_xml(data: bytes) -> str:
    return zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()


LAUGHS = '<!DOCTYPE w:document [<!ENTITY a "lol"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'


def _with_doctype(encoding: str, declared: str) -> bytes:
    xml = _document_xml(_docx())
    end = xml.index("?>") + 2
    xml = xml[:end].replace('encoding="UTF-8"', f'encoding="{declared}"') + LAUGHS + xml[end:]
    xml = xml.replace("加快产业项目落地。", "&b;")
    return rezip(_docx(), replace={"word/document.xml": xml.encode(encoding)})


def test_a_utf32_part_declaring_entities_is_refused_and_never_parsed(monkeypatch):
    """The byte search for "<!DOCTYPE" missed UTF-32: python-docx then read the part."""
    import docx as python_docx

    data = _with_doctype("utf-32", "UTF-32")
    opened = []
    monkeypatch.setattr(python_docx, "Document", lambda *a: opened.append(a))
    error = _refusal(read_document, "分解方案.docx", data)
    assert error.code == "not_docx"
    assert opened == []


@pytest.mark.parametrize(
    ("encoding", "declared"),
    [("utf-8", "UTF-8"), ("utf-16", "UTF-16"), ("utf-16-le", "UTF-16"), ("utf-16-be", "UTF-16")],
)
def test_entities_are_refused_in_every_encoding_office_may_write(encoding, declared):
    error = _refusal(read_document, "a.docx", _with_doctype(encoding, declared))
    assert error.code == "unsafe"
    assert "DOCTYPE or ENTITY" in str(error)


def test_a_utf16_document_without_declarations_is_read():
    xml = _document_xml(_docx()).replace('encoding="UTF-8"', 'encoding="UTF-16"')
    data = rezip(_docx(), replace={"word/document.xml": xml.encode("utf-16")})
    assert read_document("a.docx", data) == "加快产业项目落地。\n"


def test_an_external_dtd_is_refused_without_going_to_the_network(monkeypatch):
    def no_network(*args):
        raise AssertionError("the check opened a connection")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    xml = _document_xml(_docx())
    end = xml.index("?>") + 2
    xml = xml[:end] + '<!DOCTYPE w:document SYSTEM "http://example.com/x.dtd">' + xml[end:]
    data = rezip(_docx(), replace={"word/document.xml": xml.encode()})
    assert _refusal(read_document, "a.docx", data).code == "unsafe"


@pytest.mark.parametrize(
    "part",
    [b"\x00\x01\x02 not xml", b"<?xml version='1.0' encoding='GBK'?><d/>", "<d/>".encode("utf-7")],
    ids=["binary", "gbk", "utf-7"],
)
def test_a_part_that_is_not_xml_in_utf8_or_utf16_is_damaged(part):
    data = rezip(_docx(), add={"word/custom.xml": part})
    assert _refusal(read_document, "a.docx", data).code == "not_docx"


def test_an_empty_part_is_left_to_its_reader():
    data = rezip(_docx(), add={"customXml/item9.xml": b""})
    assert read_document("a.docx", data) == "加快产业项目落地。\n"


def test_content_types_too_large_for_any_package_are_damaged():
    types = zipfile.ZipFile(io.BytesIO(_docx())).read("[Content_Types].xml")
    noise = random.Random(1).randbytes(600 * 1024).hex().encode()  # packs 2:1, not 1000:1
    padded = types.replace(b"</Types>", b"<!--" + noise + b"--></Types>")
    data = rezip(_docx(), replace={"[Content_Types].xml": padded})
    assert _refusal(read_document, "a.docx", data).code == "not_docx"


def test_python_docx_never_expands_an_entity_that_got_past_the_check(monkeypatch):
    """Defence in depth: python-docx's parser resolves no entity either."""
    import targets.io.files.docx as word

    monkeypatch.setattr(word, "check_package", lambda *args: None)
    xml = _document_xml(_docx())
    end = xml.index("?>") + 2
    xml = xml[:end] + '<!DOCTYPE w:document [<!ENTITY x "EXPANDED">]>' + xml[end:]
    data = rezip(_docx(), replace={"word/document.xml": xml.replace("落地。", "落地&x;").encode()})
    assert "EXPANDED" not in read_document("a.docx", data)
