"""
Every reader of an uploaded file, fuzzed (Hypothesis): real files built here
(a work report as text, the same as a Word document, a decomposition table,
a filled quarterly workbook) are mutated in their bytes, in the XML of their
parts and in their text or cell values, and each reader must give what it
reads (a plan draft, a read workbook with its mistakes listed) or refuse the
file with a ``DocumentError`` — nothing else — within a time budget per file.

A reader is one entry of ``READERS``: a name, the suffix it is uploaded with,
the function that reads it, a real file of its kind built in memory, and the
XML parts worth mutating. Readers of other formats (PDF, .xls, .ods) are
added the same way.

``make test`` runs ``FUZZ_EXAMPLES`` (default 6) cases per reader, the same
ones every run. ``LUOSHI_FUZZ=2000`` runs that many new random cases per
reader, and Hypothesis keeps any failure found in .hypothesis/ to replay it
first next time (README, "Testing").
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import signal
import threading
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import docx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import MergedCell

from targets.io.documents import read_plan
from targets.io.draft import PlanDraft
from targets.io.files import DocumentError
from targets.io.update_sheets import (
    TemplateGoal,
    TemplateIndicator,
    UpdateSheet,
    UpdateTemplate,
    read_updates,
    write_template,
)
from targets.io.xmltext import xml_legal
from tests.pdfs import pdf_of

SEED = Path(__file__).resolve().parents[2] / "targets" / "demo" / "hongshan-2023-work-report.txt"

EXTENDED = int(os.environ.get("LUOSHI_FUZZ", "0") or 0)
FUZZ_EXAMPLES = EXTENDED or int(os.environ.get("FUZZ_EXAMPLES", "6"))
# Per file: the readers take tens of milliseconds on these files; a reader that
# takes this long on one is stalled, which is what the test is for, not a slow machine.
BUDGET_MS = 10_000
# A reader stuck in a loop fails the test here rather than hang the run.
HANG_SECONDS = 60

FUZZ_SETTINGS = settings(
    max_examples=FUZZ_EXAMPLES,
    deadline=BUDGET_MS,
    derandomize=not EXTENDED,  # the same cases in every `make test`; new ones when asked
    database=None if not EXTENDED else settings.default.database,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    print_blob=True,
)


# -- real files of each kind, built in memory ------------------------------------------------------


def report_text() -> str:
    """The Hongshan 2023 report as its department saved it: chapters, themes, owners inline."""
    return SEED.read_text(encoding="utf-8")


def report_docx() -> bytes:
    """
    The report as a Word document: its paragraphs, then a table of tasks with
    owners and merged cells.
    """
    document = docx.Document()
    document.add_heading("2023年洪山区政府工作报告重点任务分解方案", level=1)
    for line in report_text().splitlines()[:12]:
        if line.strip():
            document.add_paragraph(line.strip())
    table = document.add_table(rows=1, cols=4)
    for cell, text in zip(
        table.rows[0].cells, ["序号", "工作任务", "牵头单位", "完成时限"], strict=True
    ):
        cell.text = text
    for n, task in enumerate(["新建2个综合公园", "新增泊位1.1万个", "净增高企96家"], start=1):
        for cell, text in zip(
            table.add_row().cells, [str(n), task, "区发改局、区财政局", "12月底前"], strict=True
        ):
            cell.text = text
    # Merged cells, as the table reader takes them: a row across (gridSpan), owners down (vMerge).
    section = table.add_row().cells
    section[0].merge(section[3]).text = "二、重点工作任务"
    table.cell(1, 2).merge(table.cell(2, 2)).text = "区发改局"
    document.add_paragraph(
        "1.推进重点项目建设。(牵头单位:区发改局;责任领导:王副区长)", style="List Number"
    )
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def ruled_pdf() -> bytes:
    """A 任务分解表 as a PDF with the lines of its grid: the title, then the table."""
    rows = [["序号", "工作任务", "牵头单位", "完成时限"]] + [
        [str(n), task, "区发改局", "12月底前"]
        for n, task in enumerate(["新建2个综合公园", "新增泊位1.1万个", "净增高企96家"], start=1)
    ]
    return pdf_of([("title", "2023年区政府工作报告重点任务分解表"), ("table", rows)], ruled=True)


def decomposition_table(cells: dict[str, object] | None = None) -> bytes:
    """A 任务分解表 as offices publish it: a title, a header, chapter rows merged across."""
    book = Workbook()
    sheet = book.active
    sheet.title = "任务分解表"
    sheet.append(["2023年区政府工作目标任务落实责任分解表"])
    sheet.append(["序号", "工作任务", "牵头单位", "责任单位", "责任领导", "完成时限"])
    tasks = [
        "新建2个综合公园",
        "新增泊位1.1万个",
        "本外币存贷款余额增长8%以上",
        "城镇新增就业1.2万人",
    ]
    for n in range(12):
        if n % 4 == 0:
            sheet.append([f"{'一二三'[n // 4]}、重点工作"])
            sheet.merge_cells(
                start_row=sheet.max_row, start_column=1, end_row=sheet.max_row, end_column=6
            )
        sheet.append(
            [n + 1, tasks[n % 4], "区发改局", "区财政局、区科技局", "王副区长", "12月底前"]
        )
    _set_cells(sheet, cells)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _set_cells(sheet, cells: dict[str, object] | None) -> None:
    """Cells set as a person types them; a cell inside a merged range cannot be."""
    for ref, value in (cells or {}).items():
        if not isinstance(sheet[ref], MergedCell):
            sheet[ref] = value


STATUSES = {"正常推进": "on_track", "已完成": "completed", "滞后": "behind"}


def quarterly_workbook(cells: dict[str, object] | None = None) -> bytes:
    """A department's quarterly workbook, downloaded and filled in as people fill it."""
    indicator = TemplateIndicator(
        id=11, name="净增高企", unit="家", target="96家", value=Decimal(58)
    )
    data = write_template(
        UpdateTemplate(
            plan_id=7,
            plan_title="2023年洪山区政府工作报告",
            year=2023,
            quarter=4,
            period="2023年第4季度",
            department_code="fgj",
            department="区发改局",
            deadline="2023年12月31日",
            statuses=[(v, k) for k, v in STATUSES.items()],
            source="2023年第3季度",
            goals=[
                TemplateGoal(
                    code="2.2.3", title="净增高企", deadline="12月底前", indicators=[indicator]
                ),
                TemplateGoal(code="2.2.4", title="评定产业领军人才", deadline="全年"),
            ],
        )
    )
    book = load_workbook(io.BytesIO(data))
    filled = {"C4": "正常推进", "D4": 80, "E5": 90, "H4": "全年净增高企90家。", "C6": "已完成"}
    _set_cells(book.worksheets[0], {**filled, **(cells or {})})
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# -- the readers ----------------------------------------------------------------------------------


def _read_plan(name: str, data: bytes):
    return read_plan(name, data)


def _read_quarterly(name: str, data: bytes):
    return read_updates(name, data, statuses=STATUSES)


@dataclass(frozen=True)
class Reader:
    """A reader of uploads and what it is fuzzed with."""

    name: str
    suffix: str
    read: Callable[[str, bytes], object]
    reads: type  # what it gives when it reads a file
    seed: Callable[[], bytes]
    parts: tuple[str, ...] = ()  # the XML parts of a package worth mutating
    cells: Callable[[dict], bytes] | None = None  # the file rebuilt with some cells set

    def __repr__(self):
        return f"Reader({self.name!r})"


WORKBOOK_PARTS = (
    "xl/worksheets/sheet1.xml",
    "xl/sharedStrings.xml",
    "xl/styles.xml",
    "xl/workbook.xml",
    "xl/_rels/workbook.xml.rels",
    "[Content_Types].xml",
)
READERS = [
    Reader("plan text", ".txt", _read_plan, PlanDraft, lambda: report_text().encode()),
    Reader(
        "plan text (GB18030)",
        ".txt",
        _read_plan,
        PlanDraft,
        lambda: report_text().encode("gb18030"),
    ),
    Reader(
        "plan Word document",
        ".docx",
        _read_plan,
        PlanDraft,
        report_docx,
        parts=(
            "word/document.xml",
            "word/numbering.xml",
            "word/styles.xml",
            "word/_rels/document.xml.rels",
            "[Content_Types].xml",
        ),
    ),
    Reader(
        "decomposition table",
        ".xlsx",
        _read_plan,
        PlanDraft,
        decomposition_table,
        parts=WORKBOOK_PARTS,
        cells=decomposition_table,
    ),
    Reader(
        "quarterly workbook",
        ".xlsx",
        _read_quarterly,
        UpdateSheet,
        quarterly_workbook,
        parts=(*WORKBOOK_PARTS, "xl/worksheets/sheet3.xml"),  # sheet3: the hidden marker sheet
        cells=quarterly_workbook,
    ),
    # A plan published as a PDF with a text layer (made by reportlab, as offices' tools make
    # them): mutated byte by byte, read in the sandbox like any upload.
    Reader("plan PDF", ".pdf", _read_plan, PlanDraft, lambda: pdf_of(report_text().splitlines())),
    # A decomposition table printed with its grid: pdfplumber's cells, in the sandbox too.
    Reader("decomposition table in a PDF", ".pdf", _read_plan, PlanDraft, lambda: ruled_pdf()),
]

_SEEDS: dict[str, bytes] = {}


def seed_of(reader: Reader) -> bytes:
    if reader.name not in _SEEDS:
        _SEEDS[reader.name] = reader.seed()
    return _SEEDS[reader.name]


# -- mutations ------------------------------------------------------------------------------------

# What real files and probes put where a reader expects something else.
ODD_TEXT = [
    "①",
    "②",
    "⑳",
    "²",
    "³",
    "½",
    "٣",
    "３",
    "ZZZZ4",
    "XFD1048576",
    "9999",
    "-1",
    "0",
    "1e309",
    "NaN",
    "inf",
    "1,234.5",
    "=1+1",
    "@SUM(A1)",
    "\u202e",
    "\u200b",
    "\ufffd",
    "\ufeff",
    "𠀀",
    "牵头单位：",
    "（牵头单位：区发改局）",
    "责任领导：",
    "一、",
    "(一)",
    "第一部分",
    "2023年",
    "增长8%以上",
    "1.1万个",
    "由5%提高到8%",
    "60岁以上",
    "",
    " ",
    "\t",
    "\n",
    "true",
    "#N/A",
]
ODD_ATTRIBUTES = [
    'r="ZZZZ4"',
    'r="A0"',
    'r="A1048577"',
    's="9999"',
    't="b"',
    't="d"',
    't="e"',
    't="s"',
    't="inlineStr"',
    't="n"',
    'ref="A1:XFD1048576"',
    'w:val="9999"',
    'w:ilvl="-1"',
    'numId="0"',
    'spans="1:16384"',
]
ODD_XML = [
    b"<!DOCTYPE x>",
    b"<![CDATA[]]>",
    b"<!-- -->",
    b"&amp;",
    b"&#0;",
    b"&#xFFFF;",
    b"&lol;",
    b"<v>x</v>",
    b"<v>1e999</v>",
    b"<v>-0</v>",
    b"<v>9999999999</v>",
    b'<c r="A1"/>',
    b"<row/>",
    b'<row r="0"/>',
    b"</sheetData>",
    b"<si><t/></si>",
    b"<w:p/>",
    b"<w:tbl/>",
    b"\xef\xbb\xbf",
    b"\x00",
    b"\xff\xfe",
]


@st.composite
def byte_mutations(draw, reader: Reader) -> bytes:
    """A few bytes of the file flipped, inserted, deleted, or the file cut short."""
    return draw(_bytes_changed(seed_of(reader)))


def _bytes_changed(data: bytes):
    return _BytesChanged(data).strategy()


class _BytesChanged:
    """The bytes of one file or part, changed (a class, so Hypothesis does not print them)."""

    def __init__(self, data: bytes):
        self.data = data

    def __repr__(self):
        return f"<{len(self.data)} bytes>"

    def strategy(self):
        return _change_bytes(self)


@st.composite
def _change_bytes(draw, original: _BytesChanged) -> bytes:
    data = bytearray(original.data)
    for _ in range(draw(st.integers(1, 6))):
        if not data:
            break
        at = draw(st.integers(0, len(data) - 1))
        kind = draw(st.sampled_from(["flip", "insert", "delete", "cut", "chunk"]))
        if kind == "flip":
            data[at] ^= 1 << draw(st.integers(0, 7))
        elif kind == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=16))
        elif kind == "delete":
            del data[at : at + draw(st.integers(1, 64))]
        elif kind == "cut":
            del data[at:]
        else:  # a stretch repeated, as a broken copy does
            data[at:at] = data[at : at + draw(st.integers(1, 256))] * draw(st.integers(2, 20))
    return bytes(data)


@st.composite
def xml_mutations(draw, part: _BytesChanged) -> bytes:
    """The XML of a part changed: values, attributes, tags, its encoding."""
    xml = part.data
    kind = draw(
        st.sampled_from(["value", "attribute", "tag", "insert", "encoding", "bytes", "empty"])
    )
    if kind == "value":  # a text or cell value replaced
        spans = [m.span(1) for m in re.finditer(rb">([^<>]{1,200})<", xml)]
        if spans:
            start, end = draw(st.sampled_from(spans))
            new = draw(st.sampled_from(ODD_TEXT) | st.text(max_size=30)).encode("utf-8", "replace")
            new = new.replace(b"<", b"&lt;").replace(b"&", b"&amp;")
            return xml[:start] + new + xml[end:]
    elif kind == "attribute":  # an attribute replaced by one readers choke on
        spans = [m.span() for m in re.finditer(rb'[\w:]+="[^"]*"', xml)]
        if spans:
            start, end = draw(st.sampled_from(spans))
            return xml[:start] + draw(st.sampled_from(ODD_ATTRIBUTES)).encode() + xml[end:]
    elif kind == "tag":  # a start or end tag dropped or duplicated
        spans = [m.span() for m in re.finditer(rb"</?[\w:]+[^>]*>", xml)]
        if spans:
            start, end = draw(st.sampled_from(spans))
            twice = draw(st.booleans())
            return xml[:start] + (xml[start:end] * 2 if twice else b"") + xml[end:]
    elif kind == "insert":
        at = draw(st.integers(0, len(xml)))
        return xml[:at] + draw(st.sampled_from(ODD_XML)) + xml[at:]
    elif kind == "encoding":  # the same XML in another encoding, declared or not
        text = xml.decode("utf-8", "replace")
        encoding = draw(st.sampled_from(["utf-16", "utf-16-le", "utf-32", "gb18030", "latin-1"]))
        if draw(st.booleans()):
            text = re.sub(r'encoding="[^"]*"', f'encoding="{encoding}"', text, count=1)
        return text.encode(encoding, "replace")
    elif kind == "empty":
        return b""
    return draw(_bytes_changed(xml))


@st.composite
def package_mutations(draw, reader: Reader) -> bytes:
    """One or two parts of a zip package with their XML mutated, or a part removed."""
    parts = reader.parts
    archive = zipfile.ZipFile(io.BytesIO(seed_of(reader)))
    members = {info.filename: archive.read(info) for info in archive.infolist()}
    candidates = [p for p in parts if p in members]
    for _ in range(draw(st.integers(1, 2))):
        part = draw(st.sampled_from(candidates))
        if draw(st.integers(0, 9)) == 0:
            del members[part]
            candidates.remove(part)
            if not candidates:
                break
        else:
            members[part] = draw(xml_mutations(_BytesChanged(members[part])))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for name, content in members.items():
            target.writestr(name, content)
    return buffer.getvalue()


def cell_values():
    """Values a person, a formula or another program leaves in a cell."""
    return st.one_of(
        st.sampled_from(ODD_TEXT),
        st.text(max_size=40).map(xml_legal),
        st.integers(-(10**18), 10**18),
        st.floats(allow_nan=True, allow_infinity=True),
        st.decimals(allow_nan=False, allow_infinity=False, places=4),
        st.dates(),
        st.booleans(),
        st.none(),
    )


@st.composite
def cell_mutations(draw, reader: Reader) -> bytes:
    """The file rebuilt with a few cells set to odd values."""
    refs = st.builds(
        lambda column, row: f"{column}{row}",
        st.sampled_from("ABCDEFGHIJ"),
        st.integers(1, 20),
    )
    cells = draw(st.dictionaries(refs, cell_values(), min_size=1, max_size=8))
    return reader.cells(cells)


@st.composite
def text_mutations(draw, reader: Reader) -> bytes:
    """Lines of odd text put into the report."""
    lines = seed_of(reader).decode("utf-8", "replace").split("\n")
    for _ in range(draw(st.integers(1, 5))):
        at = draw(st.integers(0, len(lines)))
        line = draw(st.lists(st.sampled_from(ODD_TEXT) | st.text(max_size=20), max_size=6))
        lines.insert(at, "".join(line))
    return "\n".join(lines).encode("utf-8", "surrogatepass")


def mutated(reader: Reader):
    """Every way ``reader``'s file is mutated."""
    ways = [byte_mutations(reader)]
    if reader.parts:
        ways.append(package_mutations(reader))
    if reader.cells is not None:
        ways.append(cell_mutations(reader))
    if reader.name == "plan text":
        ways.append(text_mutations(reader))
    return st.one_of(*ways)


# -- the property ---------------------------------------------------------------------------------


class _Hung(Exception):
    pass


def _hung(signum, frame):
    raise _Hung(f"a reader ran for more than {HANG_SECONDS} s")


def read_or_refuse(reader: Reader, data: bytes) -> None:
    """Read ``data`` as ``reader`` does: what it reads, or a ``DocumentError``; nothing else."""
    with _hang_guard():
        try:
            result = reader.read(f"上传文件{reader.suffix}", data)
        except DocumentError as error:
            assert str(error).strip(), "a refusal says why"
            return
    assert isinstance(result, reader.reads)


@contextlib.contextmanager
def _hang_guard():
    """An alarm after ``HANG_SECONDS`` (signals reach the main thread only)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGALRM, _hung)
    signal.alarm(HANG_SECONDS)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


@pytest.mark.parametrize("reader", READERS, ids=[r.name for r in READERS])
def test_every_reader_reads_or_refuses_whatever_it_is_given(reader):
    @FUZZ_SETTINGS
    @given(data=mutated(reader))
    def property_holds(data):
        read_or_refuse(reader, data)

    property_holds()


@pytest.mark.parametrize("reader", READERS, ids=[r.name for r in READERS])
def test_each_reader_reads_its_real_file(reader):
    """The files the fuzzing starts from are real: each is read, not refused."""
    result = reader.read(f"上传文件{reader.suffix}", seed_of(reader))
    assert isinstance(result, reader.reads)
    if isinstance(result, PlanDraft):
        assert result.all_goals()
    else:
        assert [g.code for g in result.goals] == ["2.2.3", "2.2.4"] and not result.errors
