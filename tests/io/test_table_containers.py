"""
One table reader for every container (issue 19): each decomposition table
below is built as an .xlsx (openpyxl), converted by LibreOffice to .ods and
.xls, built as a Word table (python-docx, with real gridSpan and vMerge
merges and the title rows as paragraphs above) and converted by LibreOffice
from that .docx to a PDF; every file is read by ``read_plan`` and the drafts
must be the same: sections, goals, owners, leaders, deadlines, targets,
categories, title and year.

Five layouts are real tables, their header and rows copied from the
documents of tests/io/documents/ (abridged: a few rows, and the quzhou
table without its three investment columns):

- jiaxing-pinghu-2024-fenjie: three columns, header words spaced out;
- quzhou-jiangshan-2023-minsheng: header words wrapped in their cells, a
  project name over two lines, columns read for nothing (年限, 资金来源);
- nantong-chongchuan-2023-minsheng: 分管领导, 牵头单位 and 责任主体与协同单位,
  progress columns and empty 说明 cells;
- qianjiang-2025-zhaoshang: the field of work, the target and the number
  merged down over the measures under them, units in brackets;
- hangzhou-linan-2022-minsheng (of the held-out set: only its table's cells
  are used here; bench/reader_heldout.py scores the text reader on its text,
  which this module does not read): measures over several paragraphs in a
  cell, long lists of supporting units.

Four more are the seed's and the issue's cases: the seed's real table
(section rows merged across, an item merged over two rows, the header again
after a page break, notes under the table), a header over two rows, merged
owner and category cells whose continuation cells are empty, and a table
long enough to run over two pages (the PDF's pages join again).

Conversions run once per format for the whole module (LibreOffice starts
three times), in a module-scoped directory.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
from dataclasses import dataclass, field
from datetime import datetime

import docx
import pytest
from docx.oxml import OxmlElement
from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.cell import range_boundaries

from targets.io.documents import read_plan
from targets.io.files import read_document_blocks
from tests.io.test_workbook import REAL_ROWS

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
pytestmark = pytest.mark.skipif(
    not SOFFICE,
    reason="LibreOffice (soffice) converts the tables to .ods, .xls and PDF "
    "(apt-get install libreoffice-writer libreoffice-calc; .ci/run does)",
)


@dataclass
class Layout:
    """A table as an office sends it: title paragraphs, the table (row 1 its header), notes."""

    title: list[str]
    rows: list[list]
    merges: list[str] = field(default_factory=list)  # Excel ranges, row 1 the table's first
    notes: list[str] = field(default_factory=list)
    goals: int = 0  # how many goals it reads as (each container must read them all)
    repeat_header: bool = False  # Word repeats the header row on every page


# Tasks 8 to 23 (rows 9 to 24) share a category and a lead merged down over them, across
# the first page's end in the PDF, where the part on the next page is drawn empty.
LONG_TASKS = [
    [
        n,
        "重点民生" if n == 8 else None if 8 < n <= 23 else "民生实事",
        f"新建社区嵌入式服务设施{n}处,完善一刻钟便民生活圈",
        "区民政局" if n == 8 else None if 8 < n <= 23 else "区商务局",
        "各街道",
        "全年",
    ]
    for n in range(5, 31)
]

LAYOUTS = {
    "pinghu": Layout(
        ["附件1", "2024年政府工作报告重点工作责任分解"],
        [
            ["序号", "主  要  工  作  任  务", "责 任 单 位"],
            [1, "生产总值增长6%左右。", "发改局"],
            [2, "一般公共预算收入增长6%。", "财政局"],
            [3, "固定资产投资增长6%以上。", "发改局"],
            [4, "规上工业增加值增长7%。", "经信局"],
            [5, "服务业增加值增长5.5%。", "发改局(服务业发展局)"],
            [6, "社会消费品零售总额增长6%。", "商务局"],
        ],
        goals=6,
    ),
    "quzhou": Layout(
        ["附件", "2023年市政府民生实事项目实施计划表"],
        [
            [
                "序号",
                "项目名称",
                "项目建设规模及内容",
                "建设起\n止年限",
                "资金\n来源",
                "责任\n单位",
            ],
            [
                1,
                "城市用气\n提升工程",
                "对听涛山庄、雅林西苑、雅林东苑、西城华庭等28个小区进行“液改气”改造,"
                "安装燃气安全装置13000套,对30个小区燃气调压设施进行安全提升,"
                "让更多市民用上清洁、安全、实惠的天然气。",
                "2023.01-2023.12",
                "国企投资",
                "城投集团",
            ],
            [
                2,
                "山塘水库综合整治工程",
                "完成峡口镇大坑等6座小型水库加固改造及石门镇江郎山村后垄等10座山塘综合整治工程,"
                "消除安全隐患,提升蓄水灌溉能力。",
                "2023.01-2023.12",
                "政府投资",
                "水利局",
            ],
        ],
        goals=2,
    ),
    "nantong": Layout(
        ["2023年区政府重点民生实事项目推进情况(1-11月)"],
        [
            [
                "序号",
                "主要任务",
                "全年目标任务",
                "分管\n领导",
                "牵头\n单位",
                "责任主体与协同单位",
                "1-11月推进情况",
                "是否达序",
                "说明",
            ],
            [
                24,
                "优化提升50条背街后巷交通组织。",
                None,
                "徐国江",
                "城管局",
                "市政局、相关街道",
                "已进场施工,完成60%。",
                "是",
                None,
            ],
            [
                25,
                "新增四分类“三定一督”达标小区210个。",
                None,
                "徐国江",
                "城管局",
                "市政局、环卫处、崇川经济开发区、各街道",
                "在46个小区,建成38个厢房,70个分类亭。",
                "否",
                "前期配合区相关部门对该项目招标质疑、投诉处置,项目于9月28才签订合同,"
                "滞后了2个月,后期将加快推进。",
            ],
            [
                26,
                "新建建筑垃圾中转站8个、建筑垃圾分类池20个。",
                None,
                "徐国江",
                "城管局",
                "崇川经济开发区、相关街道",
                "已建成建筑垃圾中转站7个、分类池17个。",
                "是",
                None,
            ],
        ],
        goals=3,
    ),
    "qianjiang": Layout(
        ["创新务实推进新发展阶段招商引资工作任务清单"],
        [
            ["工作重点", "市目标任务", "序号", "市工作举措", "工作时限"],
            [
                "产业生态招商",
                "传统产业延链升级,各产业链2025年招引亿元以上项目1个以上",
                1,
                "石油化工。聚焦“减油增化”延链方向,重点招引高端聚烯烃、特种橡胶、"
                "功能性助剂等精细化工项目。(潜江高新区)",
                None,
            ],
            [
                None,
                None,
                None,
                "盐化工。依托地下盐卤资源优势,重点招引盐碱综合利用、氯碱深加工、"
                "钠电池正极材料等项目。(市自然资源和城乡建设局)",
                None,
            ],
        ],
        ["A2:A3", "B2:B3", "C2:C3"],
    ),
    "linan": Layout(
        ["2022年区政府民生实事项目责任分解"],
        [
            ["序号", "实事项目", "工作举措及实施计划", "责任单位", "配合单位"],
            [
                1,
                "新建成公办中小学、幼儿园7所,新增中小学、幼儿园公办学位6800个。",
                "1.4月底前职教中心、学府路幼儿园主体完工,开始装修工程施工;"
                "天目山镇中心幼儿园完成基础工程。\n"
                "2.8月底前职教中心、学府路幼儿园竣工交付。\n"
                "3.11月底前天目山镇中心幼儿园竣工交付。",
                "教育局",
                "发改局、住建局、财政局、规划和自然资源分局、国兴集团、新锦集团、科投集团",
            ],
            [
                2,
                "新建成婴幼儿照护服务成长驿站7家,新增婴幼儿照护服务托位500个,"
                "开展胃肠癌联合筛查1万例以上。",
                "1.婴幼儿照护服务成长驿站:3月底前新建成2家;9月底前完成7家建设任务。\n"
                "2.胃肠癌联合筛查:5月底前启动胃肠癌联合筛查;11月底前完成筛查工作。",
                "卫生健康局",
                "财政局、教育局、规划和自然资源分局、医疗保障分局、民政局、妇联",
            ],
        ],
        goals=2,
    ),
    # The seed's real table (tests/io/test_workbook.py), its title and notes as paragraphs.
    "seed": Layout(
        [row[0] for row in REAL_ROWS[:3]],
        REAL_ROWS[3:-2],
        ["A2:H2", "A6:H6"] + [f"{c}7:{c}8" for c in "ABDEFGH"],
        [row[0] for row in REAL_ROWS[-2:]],
        goals=7,
    ),
    "two_line_header": Layout(
        ["2023年区政府工作报告重点任务分解表"],
        [
            ["序号", "工作任务", "责任单位", None, "完成时限"],
            [None, None, "牵头单位", "配合单位", None],
            [1, "新建5G基站300个", "区经信局", "区通信发展办", "12月底前"],
            [2, "改造老旧小区20个", "区住建局", "各街道\n区财政局", "全年"],
        ],
        ["A1:A2", "B1:B2", "C1:D1", "E1:E2"],
        goals=2,
    ),
    "merged_owners": Layout(
        ["附件2", "2023年区政府重点工作任务分解表"],
        [
            ["序号", "类别", "重点任务", "牵头单位", "责任单位", "完成时限"],
            ["一、扩大有效投资"],
            [1, "项目建设", "新开工亿元以上项目50个", "区发改局", "各街道", "12月底前"],
            [2, None, "竣工亿元以上项目30个", None, "区住建局", None],
            ["二、保障改善民生"],
            [3, "民生实事", "新建社区食堂10个", "区民政局", "各街道", "6月底前"],
            [4, None, "改造老旧小区20个", "区住建局", None, "全年"],
        ],
        ["A2:F2", "B3:B4", "D3:D4", "F3:F4", "A5:F5", "B6:B7", "E6:E7"],
        goals=4,
    ),
    "long": Layout(
        ["2023年区政府民生实事项目分解表"],
        [
            ["序号", "类别", "工作任务", "牵头单位", "责任单位", "完成时限"],
            [1, "民生实事", "新建社区食堂10个", "区民政局", "各街道", "6月底前"],
            [2, None, "改造老旧小区20个", "区住建局", "各街道", "全年"],
            [3, None, "新增公办学位3000个", "区教育局", "区发改局", "9月底前"],
            [4, None, "新建口袋公园12个", "区园林局", "各街道", "全年"],
            *LONG_TASKS,
        ],
        ["B2:B5", "B9:B24", "D9:D24"],
        goals=30,
        repeat_header=True,
    ),
}
REAL = ("pinghu", "quzhou", "nantong", "qianjiang", "linan")
# The layouts a paste cannot give as the workbook does, and why: the paste says nothing of
# merged ranges, and the table reader fills an empty cell from the row above only in a row
# without a number of its own (a row under a task), as in a workbook whose cells are not merged.
PASTE_LOSES = {
    "qianjiang": "the field of work and the target are merged down over the second measure, "
    "which has no number: pasted, its row has them empty, and an empty target or task cell "
    "under a task is not the one above (only numbers, owners, deadlines and categories are)",
    "merged_owners": "the lead and the deadline are merged down over a task with a number of "
    "its own: pasted, that task's cells are empty, and an empty lead under a numbered task is "
    "no lead (its first supporting unit then leads, as in a workbook)",
    "long": "the lead is merged down over tasks 8 to 23, each with its own number: pasted, "
    "their lead cells are empty, so their supporting unit leads",
}
# What LibreOffice's "Text CSV" filter is told: a tab between cells, " around a cell that
# needs it, UTF-8 (76): the clipboard's text of a copied range.
PASTE_FILTER = "txt:Text - txt - csv (StarCalc):9,34,76"


# -- building the files ------------------------------------------------------------------------


def _ranges(layout: Layout, offset: int = 0) -> list[tuple[int, int, int, int]]:
    """(first row, first column, last row, last column) of each merge, rows moved down."""
    found = []
    for text in layout.merges:
        first_col, first_row, last_col, last_row = range_boundaries(text)
        found.append((first_row + offset, first_col, last_row + offset, last_col))
    return found


def _excel(merge: tuple[int, int, int, int]) -> str:
    first_row, first_col, last_row, last_col = merge
    return f"{get_column_letter(first_col)}{first_row}:{get_column_letter(last_col)}{last_row}"


def _width(layout: Layout) -> int:
    return max(len(row) for row in layout.rows)


def xlsx_of(layout: Layout) -> bytes:
    """The table as a sheet: the title rows merged across it above, the notes under it."""
    book = Workbook()
    sheet = book.active
    sheet.title = "任务分解表"
    width = _width(layout)
    for text in layout.title:
        sheet.append([text])
    for row in layout.rows:
        sheet.append(row)
    for text in layout.notes:
        sheet.append([text])
    lines = [n for n, _ in enumerate(layout.title, start=1)]
    lines += [len(layout.title) + len(layout.rows) + n for n in range(1, len(layout.notes) + 1)]
    for line in lines:
        sheet.merge_cells(start_row=line, start_column=1, end_row=line, end_column=width)
    for first_row, first_col, last_row, last_col in _ranges(layout, len(layout.title)):
        sheet.merge_cells(
            start_row=first_row, start_column=first_col, end_row=last_row, end_column=last_col
        )
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _word_text(value) -> str:
    """A cell's value as typed into Word: a date as people write it."""
    if isinstance(value, datetime):
        return f"{value.year}年{value.month}月{value.day}日"
    return "" if value is None else str(value)


def _fill(cell, value) -> None:
    """A cell's text, each line of it a paragraph (Enter in a Word cell)."""
    lines = _word_text(value).split("\n")
    cell.text = lines[0]
    for line in lines[1:]:
        cell.add_paragraph(line)


def _table(container, layout: Layout):
    """The layout's table in ``container`` (the document, or a cell), merged as Word merges."""
    width = _width(layout)
    table = container.add_table(rows=len(layout.rows), cols=width)
    table.style = "Table Grid"
    covered = set()
    for first_row, first_col, last_row, last_col in _ranges(layout):
        table.cell(first_row - 1, first_col - 1).merge(table.cell(last_row - 1, last_col - 1))
        covered |= {
            (r, c)
            for r in range(first_row, last_row + 1)
            for c in range(first_col, last_col + 1)
            if (r, c) != (first_row, first_col)
        }
    for r, row in enumerate(layout.rows, start=1):
        for c in range(1, width + 1):
            if (r, c) not in covered:
                _fill(table.cell(r - 1, c - 1), row[c - 1] if c <= len(row) else None)
    if layout.repeat_header:
        properties = table.rows[0]._tr.get_or_add_trPr()
        properties.append(OxmlElement("w:tblHeader"))
    return table


def docx_of(layout: Layout, *, nested: bool = False, split_at: int | None = None) -> bytes:
    """
    The table in a Word document, the title rows as paragraphs above it and
    the notes below. ``nested``: inside the one cell of a table laying out
    the page. ``split_at``: as two Word tables, the second repeating the header.
    """
    document = docx.Document()
    container = document
    if nested:
        frame = document.add_table(rows=1, cols=1)
        container = frame.cell(0, 0)
    for text in layout.title:
        container.add_paragraph(text)
    if split_at is None:
        _table(container, layout)
    else:
        header, body = layout.rows[:1], layout.rows[1:]
        last = split_at + 1  # the first table's last row
        ranges = _ranges(layout)
        first = Layout([], header + body[:split_at], [_excel(m) for m in ranges if m[2] <= last])
        second = Layout(
            [],
            header + body[split_at:],
            [_excel((a - split_at, b, c - split_at, d)) for a, b, c, d in ranges if a > last],
        )
        _table(container, first)
        container.add_paragraph("")
        _table(container, second)
    for text in layout.notes:
        container.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# A website's box of metadata over the notice (jiaxing-haiyan-2022-fenjie): a table, but
# no decomposition table.
METADATA = [
    ["索引号:", "113304240025561412/2022-69894", "成文日期:", "2022-04-18"],
    ["文件编号:", "盐政办发〔2022〕16号", "组配分类:", "政府工作报告"],
]


def mixed_docx() -> bytes:
    """
    A 分解方案 that states some goals in prose and others in a table: the
    metadata box, the title, a chapter of prose goals, the table (pinghu's,
    with its title above), and one more chapter of prose.
    """
    document = docx.Document()
    box = document.add_table(rows=2, cols=4)
    box.style = "Table Grid"
    for row, cells in zip(box.rows, METADATA, strict=True):
        for cell, text in zip(row.cells, cells, strict=True):
            cell.text = text
    document.add_paragraph("2024年区政府工作报告重点任务分解方案")
    document.add_paragraph("一、扩大有效投资")
    document.add_paragraph("1.新开工亿元以上项目50个。(牵头单位:区发改局;配合单位:区财政局)")
    for text in LAYOUTS["pinghu"].title:
        document.add_paragraph(text)
    _table(document, LAYOUTS["pinghu"])
    document.add_paragraph("三、保障改善民生")
    document.add_paragraph("2.新建社区食堂10个。(牵头单位:区民政局)")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _converting(sources: list, to: str, out, profile) -> subprocess.Popen:
    """Every source converted in one LibreOffice run, with a profile of its own."""
    return subprocess.Popen(
        [
            SOFFICE,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            to,
            "--outdir",
            str(out),
            *map(str, sources),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "HOME": str(profile)},
    )


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    """
    Every layout in every container: {name: {suffix: bytes}}. The four
    LibreOffice runs (to .ods, to .xls, to PDF, to pasted text) go side by side.
    """
    root = tmp_path_factory.mktemp("containers")
    made: dict[str, dict[str, bytes]] = {}
    for name, layout in LAYOUTS.items():
        made[name] = {"xlsx": xlsx_of(layout), "docx": docx_of(layout)}
        (root / f"{name}.xlsx").write_bytes(made[name]["xlsx"])
        (root / f"{name}.docx").write_bytes(made[name]["docx"])
    made["mixed"] = {"docx": mixed_docx()}
    (root / "mixed.docx").write_bytes(made["mixed"]["docx"])
    runs = []
    for suffix, to, sources in (
        ("ods", "ods", "*.xlsx"),
        ("xls", "xls:MS Excel 97", "*.xlsx"),
        ("pdf", "pdf", "*.docx"),
        ("txt", PASTE_FILTER, "*.xlsx"),
    ):
        (root / suffix).mkdir()
        runs.append(
            _converting(sorted(root.glob(sources)), to, root / suffix, root / f"profile-{suffix}")
        )
    for run in runs:
        assert run.wait(timeout=180) == 0
    for name in LAYOUTS:
        for suffix in ("ods", "xls", "pdf", "txt"):
            made[name][suffix] = (root / suffix / f"{name}.{suffix}").read_bytes()
    made["mixed"]["pdf"] = (root / "pdf" / "mixed.pdf").read_bytes()
    return made


# -- the drafts --------------------------------------------------------------------------------


def essence(draft) -> dict:
    """What a person checks in the preview: the draft without where each thing was read."""

    def clean(data):
        if isinstance(data, dict):
            return {k: clean(v) for k, v in data.items() if k not in ("line", "origin")}
        if isinstance(data, list):
            return [clean(v) for v in data]
        return data

    data = draft.to_dict()
    return {
        "title": data["title"],
        "year": data["year"],
        "goals": clean(data["goals"]),
        "sections": clean(data["sections"]),
        "warnings": sorted(w["template"] for w in data["warnings"]),
    }


@pytest.fixture(scope="module")
def drafts(files):
    return {
        name: {suffix: read_plan(f"{name}.{suffix}", data) for suffix, data in made.items()}
        for name, made in files.items()
    }


@pytest.mark.parametrize("name", list(LAYOUTS))
@pytest.mark.parametrize("suffix", ["ods", "xls", "docx", "pdf"])
def test_a_table_reads_the_same_from_every_container(drafts, name, suffix):
    expected = essence(drafts[name]["xlsx"])
    assert essence(drafts[name][suffix]) == expected
    assert len(drafts[name][suffix].all_goals()) == LAYOUTS[name].goals or not LAYOUTS[name].goals


@pytest.mark.parametrize(
    "name",
    [
        pytest.param(name, marks=pytest.mark.xfail(strict=True, reason=PASTE_LOSES[name]))
        if name in PASTE_LOSES
        else name
        for name in LAYOUTS
    ],
)
def test_a_table_pasted_as_text_reads_the_same(drafts, name):
    expected = essence(drafts[name]["xlsx"])
    assert essence(drafts[name]["txt"]) == expected
    assert len(drafts[name]["txt"].all_goals()) == LAYOUTS[name].goals or not LAYOUTS[name].goals


@pytest.mark.parametrize("name", list(PASTE_LOSES))
def test_a_paste_reads_as_its_workbook_without_merged_ranges(files, drafts, name):
    # What a paste loses is the merges, nothing else: it reads as the same cells in a
    # workbook whose ranges are not merged, the empty cells read by the same rule.
    layout = LAYOUTS[name]
    unmerged = Layout(layout.title, layout.rows, [], layout.notes, layout.goals)
    expected = read_plan(f"{name}.xlsx", xlsx_of(unmerged))
    assert essence(drafts[name]["txt"]) == essence(expected)
    assert len(drafts[name]["txt"].all_goals()) == len(drafts[name]["xlsx"].all_goals())


def test_the_layouts_read_as_their_documents_mean(drafts):
    # The workbook's reading, which every container matches: the goals and owners a
    # person reads in each table (five of them real).
    assert len(REAL) == 5 and len(LAYOUTS) >= 8
    goals = {name: drafts[name]["xlsx"].all_goals() for name in LAYOUTS}
    assert [(g.text, g.lead_departments) for g in goals["pinghu"][:2]] == [
        ("生产总值增长6%左右。", ["发改局"]),
        ("一般公共预算收入增长6%。", ["财政局"]),
    ]
    assert goals["pinghu"][4].lead_departments == ["发改局(服务业发展局)"]
    assert [g.lead_departments for g in goals["quzhou"]] == [["城投集团"], ["水利局"]]
    assert goals["quzhou"][0].text.startswith("城市用气提升工程")
    nantong = goals["nantong"][1]
    assert (nantong.lead_departments, nantong.co_departments, nantong.leaders) == (
        ["城管局"],
        ["市政局", "环卫处", "崇川经济开发区", "各街道"],
        ["徐国江"],
    )
    assert not any("推进" in g.text or "滞后" in g.text for g in goals["nantong"])
    assert [g.lead_departments for g in goals["qianjiang"]] == [
        ["潜江高新区"],
        ["市自然资源和城乡建设局"],
    ]
    assert goals["linan"][0].co_departments[-1] == "科投集团"
    two_lines = goals["two_line_header"][1]
    assert (two_lines.lead_departments, two_lines.co_departments, two_lines.deadline) == (
        ["区住建局"],
        ["各街道", "区财政局"],
        "全年",
    )
    merged = goals["merged_owners"]
    # Empty continuation cells of a merged range are the range's value.
    assert [(g.lead_departments, g.deadline) for g in merged] == [
        (["区发改局"], "12月底前"),
        (["区发改局"], "12月底前"),
        (["区民政局"], "6月底前"),
        (["区住建局"], "全年"),
    ]
    assert [s.title for s in drafts["merged_owners"]["xlsx"].sections] == [
        "扩大有效投资",
        "保障改善民生",
    ]


def test_where_each_goal_was_read_is_said_in_the_containers_terms(drafts):
    origins = {
        suffix: drafts["pinghu"][suffix].all_goals()[0].origin for suffix in ("xlsx", "docx")
    }
    assert origins == {"xlsx": "sheet 1 (任务分解表), row 4", "docx": "table 1, row 2"}
    assert drafts["pinghu"]["pdf"].all_goals()[0].origin == "page 1, table 1, row 2"
    # Pasted: the line of the text (附件1, the title, the header, then the first task).
    assert [g.origin for g in drafts["pinghu"]["txt"].all_goals()][:2] == ["line 4", "line 5"]
    # A header whose cells hold line breaks ("建设起\n止年限", quoted) takes four lines.
    assert drafts["quzhou"]["txt"].all_goals()[0].origin == "line 7"
    long_pdf = drafts["long"]["pdf"].all_goals()
    assert long_pdf[0].origin.startswith("page 1, table 1, ")
    assert long_pdf[-1].origin.startswith("page ") and "page 1," not in long_pdf[-1].origin
    assert {g.origin.split(", ")[1] for g in long_pdf} == {"table 1"}  # one table over pages


def test_a_table_over_pages_is_one_table_in_the_pdf(files, drafts):
    blocks = read_document_blocks("long.pdf", files["long"]["pdf"])
    grids = [block for block in blocks if not isinstance(block, str)]
    # A table on each page, the header repeated at the top of each, rows broken over a
    # page's end: one table of 30 goals, as in the workbook.
    assert len(grids) > 1
    assert all(grid.rows[0] == grids[0].rows[0] for grid in grids)
    assert [g.text for g in drafts["long"]["pdf"].all_goals()] == [
        g.text for g in drafts["long"]["xlsx"].all_goals()
    ]
    # The lead merged down over the page's end leads the tasks of the next page too.
    merged = [g for g in drafts["long"]["pdf"].all_goals() if g.lead_departments == ["区民政局"]]
    assert len(merged) == 17  # task 1, and tasks 8 to 23
    assert {g.origin.split(",")[0] for g in merged} >= {"page 1", "page 2"}


def test_a_table_nested_in_a_layout_table_reads_as_itself(drafts):
    nested = read_plan("pinghu.docx", docx_of(LAYOUTS["pinghu"], nested=True))
    assert essence(nested) == essence(drafts["pinghu"]["xlsx"])


def test_a_table_split_into_two_word_tables_with_its_header_again_is_one(drafts):
    split = read_plan("merged_owners.docx", docx_of(LAYOUTS["merged_owners"], split_at=3))
    assert essence(split) == essence(drafts["merged_owners"]["xlsx"])
    assert len({g.origin.split(",")[0] for g in split.all_goals()}) == 1  # all in table 1


@pytest.mark.parametrize("suffix", ["docx", "pdf"])
def test_a_document_mixing_prose_goals_and_a_table_gives_both_in_order(drafts, suffix):
    draft = drafts["mixed"][suffix]
    table = [(g.text, g.lead_departments) for g in drafts["pinghu"]["xlsx"].all_goals()]
    assert [(g.text, g.lead_departments) for g in draft.all_goals()] == [
        ("新开工亿元以上项目50个。", ["区发改局"]),
        *table,
        ("新建社区食堂10个。", ["区民政局"]),
    ]
    assert [s.title for s in draft.sections] == [
        "扩大有效投资",
        "2024年政府工作报告重点工作责任分解",
        "保障改善民生",
    ]
    assert (draft.title, draft.year) == ("2024年区政府工作报告重点任务分解方案", 2024)
    # The box of metadata is no decomposition table: its text is read as before, no goal.
    assert "索引号" in draft.source_text
    assert [g.origin for g in draft.all_goals()][:2] == [
        "",
        "table 1, row 2" if suffix == "docx" else "page 1, table 1, row 2",
    ]


def test_a_table_the_workbook_reader_refuses_is_read_as_text(monkeypatch):
    # Should the workbook reader find no header where the gathering saw one, the document
    # is read as before its tables were grids, not refused.
    import targets.io.workbook as workbook
    from targets.io.files import DocumentError, read_document
    from targets.io.report import read_report

    def refuse(*args, **kwargs):
        raise DocumentError("no_table", "No table.")

    data = docx_of(LAYOUTS["pinghu"])
    monkeypatch.setattr(workbook, "read_grids", refuse)
    draft = read_plan("pinghu.docx", data)
    assert essence(draft) == essence(read_report(read_document("pinghu.docx", data)))
    assert len(draft.all_goals()) == 6


def test_a_word_document_with_only_an_empty_table_is_refused_as_empty():
    from targets.io.files import DocumentError

    document = docx.Document()
    document.add_table(rows=2, cols=3)
    buffer = io.BytesIO()
    document.save(buffer)
    with pytest.raises(DocumentError) as caught:
        read_plan("分解方案.docx", buffer.getvalue())
    assert caught.value.code == "empty"
