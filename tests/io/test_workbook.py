"""
``targets.io.workbook.read_workbook``: decomposition tables (任务分解表) as
offices save them in Excel, every one built in memory with openpyxl here:
title and note rows, spaced and wrapped header words and their many names,
merged cells, sub-rows, section rows, several sheets; then the files an
upload must refuse before openpyxl parses them.

Each test asserts the draft exactly: sections, goal texts, owners,
deadlines, flags, categories, targets and warnings.
"""

import gc
import io
import random
import re
import zipfile
from datetime import datetime
from decimal import Decimal
from pathlib import Path

import docx
import pytest
from openpyxl import Workbook

import targets.io.files.spreadsheets as spreadsheets
import targets.io.tables.layout as table_logic
import targets.io.workbook.reader as workbook_reader
from targets.io.documents import read_plan
from targets.io.files import DocumentError, read_document
from targets.io.indicators import extract_indicators
from targets.io.report import read_report
from targets.io.text import normalise
from targets.io.workbook import read_workbook
from tests.helpers import rezip
from tests.spreadsheets import encrypted, ods_of, xls_of

HEADER = [
    "序号",
    "目  标  任  务",
    "指标要求",
    "目标类型",
    "牵 头 部 门",
    "责任单位",
    "分管\n领导",
    "完成时限",
]


def workbook(*sheets, hidden=()) -> bytes:
    """An .xlsx of (title, rows, merged ranges) sheets, saved as Excel users save them."""
    book = Workbook()
    book.remove(book.active)
    for title, rows, merges in sheets:
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
        for cells in merges:
            sheet.merge_cells(cells)
        if title in hidden:
            sheet.sheet_state = "hidden"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def read(rows, merges=(), *, name="2023年分解表.xlsx", sheet="任务分解表", **kwargs):
    return read_workbook(name, workbook((sheet, rows, merges)), **kwargs)


def D(value) -> Decimal:
    return Decimal(str(value))


def outline(sections) -> list:
    """The section tree as (number, title, leaders, children)."""
    return [(s.number, s.title, s.leaders, outline(s.sections)) for s in sections]


def goals(container) -> list[tuple[str, str]]:
    return [(g.number, g.text) for g in container.goals]


def owners(goal) -> tuple:
    return (goal.lead_departments, goal.co_departments, goal.leaders, goal.deadline)


def targets(goal) -> list[tuple]:
    return [(i.name, i.phrase, i.value, i.unit, i.comparator) for i in goal.indicators]


def warnings(draft) -> list[tuple]:
    return [(w.where, w.template, w.params) for w in draft.warnings]


def goal(number, text, title, lead, co, leaders, deadline, indicators, *, flags=(), category=""):
    """A goal of a draft as ``to_dict`` gives it, for exact comparison."""
    return {
        "number": number,
        "text": text,
        "title": title,
        "lead_departments": lead,
        "co_departments": co,
        "leaders": leaders,
        "deadline": deadline,
        "indicators": [
            {
                "name": name,
                "phrase": phrase,
                "value": value,
                "value_max": None,
                "unit": unit,
                "comparator": comparator,
            }
            for name, phrase, value, unit, comparator in indicators
        ],
        "flags": list(flags),
        "category": category,
    }


def without_lines(data):
    """
    A draft's dict without the line of each goal and section, nor a goal's
    origin (they are checked apart).
    """
    if isinstance(data, dict):
        return {k: without_lines(v) for k, v in data.items() if k not in ("line", "origin")}
    if isinstance(data, list):
        return [without_lines(v) for v in data]
    return data


# -- a real table ----------------------------------------------------------------------------

# A 任务分解表 as a district government sends it: the attachment label and the title over
# the table, a note, the header with its words spaced and wrapped to fit the cells, section
# rows merged across the table with their leaders, an item merged over two rows that differ
# in their target, an item grouping two tasks, the header again after a page break, a blank
# row, a footnote and the name of whoever filled it in.
REAL_ROWS = [
    ["附件1"],
    ["2023年区政府工作目标任务落实责任分解表"],
    ["(注:A类指责任目标,B类指工作目标;带★的为区政府重点督办事项)"],
    HEADER,
    ["一、主要经济社会发展指标(牵头领导:成坤、柯相国、王俊)"],
    [1, "地区生产总值", "增长6.5%左右", "A类", "区发改局", "区统计局、各街道", "成坤", "12月底前"],
    [2, "★规上工业增加值", "增长8%", "A类", "区经信局", None, "柯相国", "12月底前"],
    [],
    ["二、重点工作任务(牵头领导:王俊)"],
    [
        3,
        "推进重大项目建设",
        "新开工亿元以上项目50个",
        "B类",
        "区发改局",
        "各街道\n区住建局",
        "王俊",
        "12月底前",
    ],
    [None, None, "竣工项目30个"],
    [4, "办好民生实事"],
    [None, "新建社区食堂10个", None, None, "区民政局", None, None, "6月底前"],
    [None, "改造老旧小区20个", None, None, "区住建局", "各街道", None, datetime(2023, 12, 31)],
    HEADER,
    [
        5,
        "推进数字政府建设,提升“一网通办”水平",
        None,
        "B类",
        None,
        "区大数据局,区政务服务中心",
        "王俊",
        "全年",
    ],
    ["注:完成时限均指2023年。"],
    ["填报人:张三"],
]
REAL_MERGES = ["A2:H2", "A3:H3", "A5:H5", "A9:H9"] + [f"{c}10:{c}11" for c in "ABDEFGH"]


def test_a_real_table_reads_exactly():
    draft = read(REAL_ROWS, REAL_MERGES)
    assert (draft.title, draft.year) == ("2023年区政府工作目标任务落实责任分解表", 2023)
    assert outline(draft.sections) == [
        ("一、", "主要经济社会发展指标", ["成坤", "柯相国", "王俊"], []),
        ("二、", "重点工作任务", ["王俊"], [("4.", "办好民生实事", [], [])]),
    ]
    indicators, tasks = draft.sections
    assert [without_lines(g.to_dict()) | {"line": None} for g in indicators.goals] == [
        goal(
            "1",
            "地区生产总值增长6.5%左右",
            "地区生产总值增长6.5%左右",
            ["区发改局"],
            ["区统计局", "各街道"],
            ["成坤"],
            "12月底前",
            [("地区生产总值增长", "地区生产总值增长6.5%左右", 6.5, "%", "approx")],
            category="A类",
        )
        | {"line": None},
        goal(
            "2",
            "规上工业增加值增长8%",
            "规上工业增加值增长8%",
            ["区经信局"],
            [],
            ["柯相国"],
            "12月底前",
            [("规上工业增加值增长", "规上工业增加值增长8%", 8, "%", "eq")],
            flags=["key"],
            category="A类",
        )
        | {"line": None},
    ]
    project = (["区发改局"], ["各街道", "区住建局"], ["王俊"], "12月底前")
    assert without_lines([g.to_dict() for g in tasks.goals]) == [
        goal(
            "3",
            "推进重大项目建设(指标要求:新开工亿元以上项目50个)",
            "新开工亿元以上项目50个",
            *project,
            [("新开工亿元以上项目", "新开工亿元以上项目50个", 50, "个", "eq")],
            category="B类",
        ),
        # The row under item 3: the task, owners and type merged over it, a target of its own.
        goal(
            "3",
            "推进重大项目建设(指标要求:竣工项目30个)",
            "竣工项目30个",
            *project,
            [("竣工项目", "竣工项目30个", 30, "个", "eq")],
            category="B类",
        ),
        # No 牵头单位: the first 责任单位 leads.
        goal(
            "5",
            "推进数字政府建设,提升“一网通办”水平",
            "推进数字政府建设",
            ["区大数据局"],
            ["区政务服务中心"],
            ["王俊"],
            "全年",
            [],
            category="B类",
        ),
    ]
    # Item 4 names no owner and no target: a group of the tasks under it.
    assert without_lines([g.to_dict() for g in tasks.sections[0].goals]) == [
        goal(
            "",
            "新建社区食堂10个",
            "新建社区食堂10个",
            ["区民政局"],
            [],
            [],
            "6月底前",
            [("新建社区食堂", "新建社区食堂10个", 10, "个", "eq")],
        ),
        goal(
            "",
            "改造老旧小区20个",
            "改造老旧小区20个",
            ["区住建局"],
            ["各街道"],
            [],
            "2023年12月31日",
            [("改造老旧小区", "改造老旧小区20个", 20, "个", "eq")],
        ),
    ]
    assert [s.line for s in draft.walk_sections()] == [5, 9, 12]
    assert [g.line for g in draft.all_goals()] == [6, 7, 10, 11, 16, 13, 14]
    # The preview says where each came from.
    assert [g.origin for g in draft.all_goals()] == [
        f"sheet 1 (任务分解表), row {row}" for row in (6, 7, 10, 11, 16, 13, 14)
    ]
    assert draft.goals == []
    assert draft.warnings == []


def test_a_real_table_keeps_its_rows_as_source_text():
    text = read(REAL_ROWS, REAL_MERGES).source_text
    assert text.startswith("[任务分解表]\n附件1\n2023年区政府工作目标任务落实责任分解表\n")
    assert "4\t办好民生实事\n" in text
    assert text.endswith("填报人:张三\n")


def shared_strings(data: bytes) -> bytes:
    """
    The workbook as Excel and WPS save it, its texts in a shared string table
    (openpyxl writes them inline in each cell).
    """
    source = zipfile.ZipFile(io.BytesIO(data))
    strings: list[str] = []

    def shared(match: re.Match) -> bytes:
        text = match.group(2).decode()
        if text not in strings:
            strings.append(text)
        return b'<c r="%s" t="s"><v>%d</v></c>' % (match.group(1), strings.index(text))

    inline = re.compile(
        rb'<c r="([A-Z]+\d+)"[^>]*t="inlineStr"[^>]*><is><t[^>]*>(.*?)</t></is></c>', re.S
    )
    replace = {}
    for name in source.namelist():
        if name.startswith("xl/worksheets/sheet"):
            replace[name] = inline.sub(shared, source.read(name))
    items = "".join(f'<si><t xml:space="preserve">{text}</t></si>' for text in strings)
    replace["xl/sharedStrings.xml"] = (
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        f'count="{len(strings)}" uniqueCount="{len(strings)}">{items}</sst>'
    ).encode()
    replace["[Content_Types].xml"] = source.read("[Content_Types].xml").replace(
        b"</Types>",
        b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
        b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
    )
    table = replace.pop("xl/sharedStrings.xml")
    return rezip(data, replace=replace, add={"xl/sharedStrings.xml": table})


def test_a_table_saved_with_shared_strings_as_excel_does_reads_the_same():
    data = workbook(("任务分解表", REAL_ROWS, REAL_MERGES))
    excel = shared_strings(data)
    assert b't="inlineStr"' not in _member(excel, "xl/worksheets/sheet1.xml")
    from_excel = read_workbook("分解表.xlsx", excel)
    assert from_excel.to_dict() == read_workbook("分解表.xlsx", data).to_dict()
    assert len(from_excel.all_goals()) == 7


def test_the_same_table_reads_the_same_from_word_and_from_excel():
    # One table logic (targets.io.tables) for both: the rows of the report reader's Word
    # table give the same draft when they come in a workbook, merged rows merged.
    rows = [
        ["序号", "工作任务", "牵头单位", "责任单位", "责任领导", "完成时限"],
        ["一、主要经济指标(牵头领导:成坤)"],
        ["1", "地区生产总值增长6%左右", "区发改局", "区统计局、各街道", "杜新国", "12月底前"],
        ["2", "城镇调查失业率控制在5.5%以内", "区人社局", "", "王俊", "全年"],
        ["二", "重点工作任务", "", "", "", ""],
        ["(一)增强科技创新能力(牵头领导:柯相国)"],
        ["3", "净增高企96家", "区科技局", "区财政局", "杜新国", "12月底前"],
        ["4", "新增上市企业1家、报辅企业2家", "", "区金融局、区财政局", "杜新国", "12月底前"],
    ]
    title = "2023年区政府工作报告目标任务分解方案"
    document = docx.Document()
    document.add_paragraph(title)
    table = document.add_table(rows=0, cols=6)
    for cells in rows:
        row = table.add_row()
        if len(cells) == 1:
            row.cells[0].merge(row.cells[5]).text = cells[0]
        else:
            for cell, value in zip(row.cells, cells, strict=True):
                cell.text = value
    buffer = io.BytesIO()
    document.save(buffer)
    from_word = read_report(read_document("分解方案.docx", buffer.getvalue()))
    merges = [f"A{n}:F{n}" for n, cells in enumerate(rows, start=2) if len(cells) == 1]
    from_excel = read([[title], *rows], merges)
    assert without_lines(from_excel.to_dict()) == without_lines(from_word.to_dict())
    assert outline(from_excel.sections) == [
        ("一、", "主要经济指标", ["成坤"], []),
        ("二、", "重点工作任务", [], [("(一)", "增强科技创新能力", ["柯相国"], [])]),
    ]


# -- old Excel and OpenDocument ---------------------------------------------------------------

# What offices save besides .xlsx: the same real table (merged section rows, an item
# merged over two rows, a date cell, a hidden sheet) as WPS or Excel 2003 saves it
# (.xls) and as LibreOffice saves it (.ods).
OTHER_FORMATS = {"xls": ("分解表.xls", xls_of), "ods": ("分解表.ods", ods_of)}


@pytest.mark.parametrize("kind", list(OTHER_FORMATS))
def test_the_same_table_reads_the_same_from_xls_and_ods_as_from_xlsx(kind):
    name, make = OTHER_FORMATS[kind]
    sheets = (("任务分解表", REAL_ROWS, REAL_MERGES), ("说明", [["请各单位按季度报送。"]], []))
    from_xlsx = read_workbook("分解表.xlsx", workbook(*sheets, hidden=("说明",)))
    other = read_workbook(name, make(*sheets, hidden=("说明",)))
    assert other.to_dict() == from_xlsx.to_dict()
    assert len(other.all_goals()) == 7
    assert warnings(other)[0] == (
        "sheet 2 (说明)",
        "Sheet %(sheet)s (%(name)s) is hidden; it was not read.",
        {"sheet": 2, "name": "说明"},
    )


def test_a_file_is_read_as_what_it_is_whatever_its_name():
    rows = [["序号", "工作任务", "牵头单位"], [1, "新建2个综合公园", "区园林局"]]
    for data in (xls_of(("表", rows, [])), ods_of(("表", rows, []))):
        assert goals(read_workbook("2023年分解表.xlsx", data)) == [("1", "新建2个综合公园")]
    assert goals(read_workbook("2023年分解表.xls", workbook(("表", rows, [])))) == [
        ("1", "新建2个综合公园")
    ]


def test_a_sheet_sprawling_far_past_its_table_is_refused_and_the_server_lives():
    # Two cells, A1 and XFD1048576: read as one block of rows × columns, half a terabyte.
    # The reading process ends, not this one, and the person is told what to do.
    book = Workbook()
    book.active.append(["序号", "工作任务", "牵头单位"])
    book.active["XFD1048576"] = "x"
    buffer = io.BytesIO()
    book.save(buffer)
    with pytest.raises(DocumentError) as caught:
        read_workbook("a.xlsx", buffer.getvalue())
    assert caught.value.code == "too_costly"
    assert "Delete the rows and columns outside the table" in str(caught.value)
    assert goals(read_workbook("a.xlsx", _table())) == [("1", "新建2个综合公园")]


def test_a_stray_cell_far_right_of_the_table_is_left_out():
    rows = [["序号", "工作任务", "牵头单位"], [1, "新建2个综合公园", "区园林局"]]
    book = Workbook()
    for row in rows:
        book.active.append(row)
    book.active["XFD2"] = "备注"
    buffer = io.BytesIO()
    book.save(buffer)
    assert goals(read_workbook("a.xlsx", buffer.getvalue())) == [("1", "新建2个综合公园")]


# -- the header --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "word",
    [
        "工作任务",
        "目标任务",
        "重点工作",
        "民生实事",
        "主要内容",
        "任务名称",
        "项目名称",
        "目 标 任 务",
    ],
)
def test_names_of_the_task_column(word):
    draft = read([["序号", word, "牵头单位"], [1, "新建社区食堂10个", "区民政局"]])
    assert goals(draft) == [("1", "新建社区食堂10个")]
    assert owners(draft.goals[0]) == (["区民政局"], [], [], None)


@pytest.mark.parametrize(
    ("lead", "co", "expected"),
    [
        ("牵头单位", "配合单位", (["区发改局"], ["区财政局", "各街道"])),
        ("牵头部门", "配合部门", (["区发改局"], ["区财政局", "各街道"])),
        ("牵 头 部 门", "责任单位", (["区发改局"], ["区财政局", "各街道"])),
        ("牵头单位", "责任主体与协同单位", (["区发改局"], ["区财政局", "各街道"])),
    ],
)
def test_names_of_the_unit_columns(lead, co, expected):
    draft = read(
        [["序号", "工作任务", lead, co], [1, "新建2个综合公园", "区发改局", "区财政局、各街道"]]
    )
    assert (draft.goals[0].lead_departments, draft.goals[0].co_departments) == expected


@pytest.mark.parametrize(
    "word", ["责任领导", "区领导", "分管领导", "区政府分管领导", "责任人", "分管\n领导", "责 任 人"]
)
def test_names_of_the_leaders_column(word):
    draft = read(
        [["序号", "工作任务", "牵头单位", word], [1, "新建2个综合公园", "区园林局", "王  俊、成坤"]]
    )
    assert draft.goals[0].leaders == ["王俊", "成坤"]


@pytest.mark.parametrize("word", ["完成时限", "时间节点", "完成\n时限"])
def test_names_of_the_deadline_column(word):
    draft = read(
        [["序号", "工作任务", "牵头单位", word], [1, "新建2个综合公园", "区园林局", "6月底前"]]
    )
    assert draft.goals[0].deadline == "6月底前"


def test_a_column_it_does_not_know_is_a_warning_not_fatal():
    draft = read(
        [
            ["2023年重点工作任务清单"],
            ["序号", "工作任务", "牵头单位", "备注", "考核\n分值"],
            [1, "新建2个综合公园", "区园林局", "新增", 5],
            ["序号", "工作任务", "牵头单位", "备注", "考核分值"],
            [2, "新增停车泊位1000个", "区城建局", "", 3],
        ]
    )
    assert goals(draft) == [("1", "新建2个综合公园"), ("2", "新增停车泊位1000个")]
    # Once per column, at the header that names it; not again at the repeated header.
    assert warnings(draft) == [
        (
            "sheet 1 (任务分解表), row 2",
            "Column “%(column)s” is not one Luoshi reads; it was left out.",
            {"column": "备注"},
        ),
        (
            "sheet 1 (任务分解表), row 2",
            "Column “%(column)s” is not one Luoshi reads; it was left out.",
            {"column": "考核分值"},
        ),
    ]


def test_a_header_over_two_rows_merged_or_not():
    top = ["序号", "工作任务", "责任单位", None, "完成时限"]
    bottom = [None, None, "牵头单位", "配合单位", None]
    data = [1, "新建2个综合公园", "区园林局", "各街道", "年内"]
    merged = read([top, bottom, data], ["A1:A2", "B1:B2", "C1:D1", "E1:E2"])
    unmerged = read([top, bottom, data])
    for draft in (merged, unmerged):
        assert goals(draft) == [("1", "新建2个综合公园")]
        assert owners(draft.goals[0]) == (["区园林局"], ["各街道"], [], "年内")
        assert draft.warnings == []


def test_rows_above_the_header_are_title_attachment_and_notes():
    draft = read(
        [
            ["附件2"],
            ["2024年民生实事项目责任分解表"],
            ["单位:万元"],
            ["(注:带★的为省市考核指标)"],
            ["序号", "项目名称", "牵头单位"],
            [1, "新建社区食堂10个", "区民政局"],
        ]
    )
    assert (draft.title, draft.year) == ("2024年民生实事项目责任分解表", 2024)
    assert goals(draft) == [("1", "新建社区食堂10个")]


def test_title_and_year_given_win_and_the_file_name_is_the_last_resort():
    rows = [["序号", "工作任务", "牵头单位"], [1, "新建2个综合公园", "区园林局"]]
    given = read(rows, title="洪山区2023年任务", year=2023)
    assert (given.title, given.year, given.warnings) == ("洪山区2023年任务", 2023, [])
    named = read(rows, name="2025年分解表.xlsx")
    assert (named.title, named.year) == ("2025年分解表", 2025)
    unknown = read(rows, name="分解表.xlsx")
    assert (unknown.title, unknown.year) == ("分解表", None)
    assert warnings(unknown) == [
        ("", "The year of the plan could not be found; set it before applying.", {})
    ]


# -- merged cells and the rows under an item ------------------------------------------------


def test_a_merged_owner_cell_is_the_owner_of_every_row_it_covers():
    draft = read(
        [
            ["序号", "工作任务", "牵头单位", "责任单位"],
            [1, "新建2个综合公园", "区园林局", "各街道"],
            [2, "新建绿道20公里", None, "区城建局"],
            [3, "新增停车泊位1000个", "区城建局", "各街道"],
        ],
        ["C2:C3", "D3:D4"],
    )
    assert [owners(g) for g in draft.goals] == [
        (["区园林局"], ["各街道"], [], None),
        (["区园林局"], ["区城建局"], [], None),
        # The merged 责任单位 is this row's lead too: a unit is not its own co.
        (["区城建局"], [], [], None),
    ]


def test_a_task_merged_down_over_rows_with_more_owners_is_one_goal():
    draft = read(
        [
            ["序号", "工作任务", "牵头单位", "配合单位"],
            [1, "推进老旧小区改造50个", "区住房保障和房管局", "区城建局"],
            [None, None, "各街道", "区财政局"],
        ],
        ["A2:A3", "B2:B3"],
    )
    assert goals(draft) == [("1", "推进老旧小区改造50个")]
    assert owners(draft.goals[0]) == (
        ["区住房保障和房管局", "各街道"],
        ["区城建局", "区财政局"],
        [],
        None,
    )
    assert not [w for w in draft.warnings if "repeats" in w.template]


def test_rows_without_a_number_are_goals_of_their_own_under_the_item():
    # Not merged: the empty 序号 and owner cells mean "same as above" all the same.
    draft = read(
        [
            ["序号", "工作任务", "指标要求", "牵头单位", "责任单位", "责任领导", "完成时限"],
            [1, "推进重大项目建设", "新开工项目50个", "区发改局", "各街道", "王俊", "12月底前"],
            [None, None, "竣工项目30个"],
            [None, "开展项目建设“百日攻坚”行动", None, "区住建局"],
            [2, "新建2个综合公园", None, "区园林局"],
        ]
    )
    assert goals(draft) == [
        ("1", "推进重大项目建设(指标要求:新开工项目50个)"),
        ("1", "推进重大项目建设(指标要求:竣工项目30个)"),
        ("1", "开展项目建设“百日攻坚”行动"),
        ("2", "新建2个综合公园"),
    ]
    assert [owners(g) for g in draft.goals] == [
        (["区发改局"], ["各街道"], ["王俊"], "12月底前"),
        (["区发改局"], ["各街道"], ["王俊"], "12月底前"),
        # It names its own lead; what it leaves empty is the item's.
        (["区住建局"], ["各街道"], ["王俊"], "12月底前"),
        (["区园林局"], [], [], None),
    ]
    assert [targets(g) for g in draft.goals][:2] == [
        [("新开工项目", "新开工项目50个", D(50), "个", "eq")],
        [("竣工项目", "竣工项目30个", D(30), "个", "eq")],
    ]


def test_an_item_whose_number_is_merged_over_its_tasks():
    draft = read(
        [
            ["序号", "工作任务", "牵头单位"],
            [7, "新建社区食堂10个", "区民政局"],
            [None, "新建养老服务中心2个", "区民政局"],
            [8, "新建2个综合公园", "区园林局"],
        ],
        ["A2:A3"],
    )
    assert goals(draft) == [
        ("7", "新建社区食堂10个"),
        ("7", "新建养老服务中心2个"),
        ("8", "新建2个综合公园"),
    ]


def test_numbers_like_3_1_are_tasks_of_item_3():
    draft = read(
        [
            ["序号", "工作任务", "牵头单位"],
            [3, "办好十件民生实事"],
            ["3.1", "新建社区食堂10个", "区民政局"],
            ["3.2", "改造老旧小区20个", "区住建局"],
            [4, "新建2个综合公园", "区园林局"],
            ["4.1", "新建口袋公园10个", "区园林局"],
        ]
    )
    assert outline(draft.sections) == [("3.", "办好十件民生实事", [], [])]
    assert goals(draft.sections[0]) == [("", "新建社区食堂10个"), ("", "改造老旧小区20个")]
    assert goals(draft) == [("4", "新建2个综合公园"), ("4", "新建口袋公园10个")]


def test_rows_of_a_table_without_numbers_are_each_a_goal():
    draft = read(
        [
            ["工作任务", "牵头单位", "责任单位"],
            ["新建2个综合公园", "区园林局", "各街道"],
            ["新增停车泊位1000个", "区城建局", None],
        ]
    )
    assert goals(draft) == [("", "新建2个综合公园"), ("", "新增停车泊位1000个")]
    assert [owners(g) for g in draft.goals] == [
        (["区园林局"], ["各街道"], [], None),
        (["区城建局"], [], [], None),
    ]


# -- sections -----------------------------------------------------------------------------


def test_section_rows_merged_or_written_in_the_first_column():
    draft = read(
        [
            ["序号", "工作任务", "牵头单位", "责任领导"],
            ["一、经济发展(牵头领导:成坤、柯相国)"],
            ["(一)扩大有效投资(牵头单位:区发改局)"],
            [1, "开工亿元以上项目50个", None, "成坤"],
            [2, "引进500强企业3家", "区招商局", "成坤"],
            ["(二)", "提升城市品质", None, None],
            [3, "新建2个综合公园", "区园林局", "柯相国"],
            ["二", "民生保障", None, None],
            ["约束性指标"],
            [4, "城镇调查失业率控制在5.5%以内", "区人社局", "王俊"],
        ],
        ["A2:D2", "A9:D9"],
    )
    assert outline(draft.sections) == [
        (
            "一、",
            "经济发展",
            ["成坤", "柯相国"],
            [("(一)", "扩大有效投资", [], []), ("(二)", "提升城市品质", [], [])],
        ),
        ("二、", "民生保障", [], [("", "约束性指标", [], [])]),
    ]
    economy, people = draft.sections
    investment, city = economy.sections
    assert goals(investment) == [("1", "开工亿元以上项目50个"), ("2", "引进500强企业3家")]
    # The unit named on the section row is the default of its goals that name none.
    assert [owners(g) for g in investment.goals] == [
        (["区发改局"], [], ["成坤"], None),
        (["区招商局"], [], ["成坤"], None),
    ]
    assert goals(city) == [("3", "新建2个综合公园")]
    assert goals(people.sections[0]) == [("4", "城镇调查失业率控制在5.5%以内")]
    assert draft.warnings == []


def test_a_spanning_row_that_is_no_heading_is_left_out_with_a_warning():
    long_note = (
        "以上任务由区政府督查室会同区直各部门按季度跟踪督办,各责任单位于每季度末报送进展情况。"
    )
    draft = read(
        [["序号", "工作任务", "牵头单位"], [1, "新建2个综合公园", "区园林局"], [long_note]],
        ["A3:C3"],
    )
    assert goals(draft) == [("1", "新建2个综合公园")]
    assert warnings(draft) == [
        (
            "sheet 1 (任务分解表), row 3",
            "This row spans the table but is neither a heading nor a task; it was left out.",
            {},
        )
    ]


def test_a_field_column_groups_rows_and_a_type_column_is_the_category():
    draft = read(
        [
            ["序号", "领域", "目标类型", "工作任务", "牵头单位"],
            [1, "扩大有效投资", "约束性", "开工亿元以上产业项目10个", "区发改局"],
            [2, "扩大有效投资", "预期性", "引进500强总部2个", "区招商服务中心"],
            [3, "提升城市品质", "预期性", "新建2个综合公园", "区园林局"],
        ]
    )
    assert outline(draft.sections) == [("", "扩大有效投资", [], []), ("", "提升城市品质", [], [])]
    assert [(g.number, g.category) for g in draft.all_goals()] == [
        ("1", "约束性"),
        ("2", "预期性"),
        ("3", "预期性"),
    ]


def test_a_category_column_holding_goal_types_is_the_category_not_a_section():
    draft = read(
        [
            ["序号", "类别", "工作任务", "牵头单位"],
            [1, "A类", "地区生产总值增长6%", "区发改局"],
            [2, "B类", "新建2个综合公园", "区园林局"],
        ]
    )
    assert draft.sections == []
    assert [(g.number, g.category) for g in draft.goals] == [("1", "A类"), ("2", "B类")]


# -- cells ------------------------------------------------------------------------------


def test_cells_with_several_departments():
    draft = read(
        [
            ["序号", "工作任务", "牵头单位", "责任单位"],
            [
                1,
                "新建2个综合公园",
                "区园林局\n区城建局",
                "区财政局、区自然资源和规划局，各街道\n区城管执法局",
            ],
            [2, "新增停车泊位1000个", "区城建局", "区公安分局 各街道"],
        ]
    )
    assert [owners(g)[:2] for g in draft.goals] == [
        (["区园林局", "区城建局"], ["区财政局", "区自然资源和规划局", "各街道", "区城管执法局"]),
        (["区城建局"], ["区公安分局", "各街道"]),
    ]


def test_without_a_lead_column_the_first_listed_unit_leads():
    draft = read(
        [
            ["序号", "重点工作", "责任单位", "完成时限"],
            [1, "新建学校3所", "区教育局、区住建局、各街道", "8月底前"],
            [2, "新增学位2000个", "区教育局", "9月底前"],
        ]
    )
    assert [owners(g) for g in draft.goals] == [
        (["区教育局"], ["区住建局", "各街道"], [], "8月底前"),
        (["区教育局"], [], [], "9月底前"),
    ]


def test_a_star_marks_a_key_goal_wherever_it_is_written():
    draft = read(
        [
            ["序号", "工作任务", "牵头单位"],
            [1, "★新建2个综合公园", "区园林局"],
            [2, "新增停车泊位1000个★", "区城建局"],
            ["★3", "新建绿道20公里", "区城建局"],
            [4, "改造老旧小区50个", "区住建局"],
        ]
    )
    assert [(g.number, g.text, g.flags) for g in draft.goals] == [
        ("1", "新建2个综合公园", ["key"]),
        ("2", "新增停车泊位1000个", ["key"]),
        ("3", "新建绿道20公里", ["key"]),
        ("4", "改造老旧小区50个", []),
    ]


def test_numbers_and_dates_as_excel_stores_them():
    draft = read(
        [
            ["序号", "工作任务", "牵头单位", "完成时限"],
            [1.0, "新建2个综合公园", "区园林局", datetime(2023, 6, 30)],
            ["2", "新建绿道20公里", "区城建局", "2023年9月"],
        ]
    )
    assert [(g.number, g.deadline) for g in draft.goals] == [
        ("1", "2023年6月30日"),
        ("2", "2023年9月"),
    ]


# -- targets -----------------------------------------------------------------------------


def test_a_target_column_is_part_of_the_goal_and_its_targets_are_the_goals():
    draft = read(
        [
            ["序号", "工作任务", "指标要求", "牵头单位"],
            # A short name and a target that reads on from it: one phrase.
            [1, "城镇调查失业率", "控制在5.5%以内", "区人社局"],
            # Any other target follows in brackets under the column's name.
            [2, "推进重大项目建设", "新开工项目50个", "区发改局"],
            # The target cell names the targets; numbers in the task describe it.
            [3, "实施城市更新项目10个", "完成投资30亿元", "区住建局"],
            # A target cell without a number leaves the task's.
            [4, "新建充电桩3200个", "按期建成投运", "区发改局"],
            # A target the task already states is not read twice.
            [5, "地区生产总值增长6%", "增长6%", "区发改局"],
        ]
    )
    assert [(g.text, targets(g)) for g in draft.goals] == [
        (
            "城镇调查失业率控制在5.5%以内",
            [("城镇调查失业率", "城镇调查失业率控制在5.5%以内", D(5.5), "%", "lte")],
        ),
        (
            "推进重大项目建设(指标要求:新开工项目50个)",
            [("新开工项目", "新开工项目50个", D(50), "个", "eq")],
        ),
        (
            "实施城市更新项目10个(指标要求:完成投资30亿元)",
            [("完成投资", "完成投资30亿元", D(30), "亿元", "eq")],
        ),
        (
            "新建充电桩3200个(指标要求:按期建成投运)",
            [("新建充电桩", "新建充电桩3200个", D(3200), "个", "eq")],
        ),
        ("地区生产总值增长6%", [("地区生产总值增长", "地区生产总值增长6%", D(6), "%", "eq")]),
    ]
    assert all(i.phrase in g.text for g in draft.goals for i in g.indicators)


def test_the_target_keeps_the_name_of_its_column():
    draft = read(
        [
            ["序号", "工作任务", "年度目标", "牵头单位"],
            [1, "推进数字政府建设", "“一网通办”事项达到95%", "区政务服务中心"],
        ]
    )
    assert draft.goals[0].text == "推进数字政府建设(年度目标:“一网通办”事项达到95%)"
    assert [(i.value, i.unit) for i in draft.goals[0].indicators] == [(D(95), "%")]


# -- sheets ------------------------------------------------------------------------------


def test_sheets_without_a_table_and_hidden_sheets_are_named_in_warnings():
    data = workbook(
        ("说明", [["填表说明"], ["请各单位于每季度末报送进展。"]], []),
        ("任务分解表", [["序号", "工作任务", "牵头单位"], [1, "新建2个综合公园", "区园林局"]], []),
        ("数据", [["序号", "工作任务", "牵头单位"], [9, "旧数据", "区园林局"]], []),
        ("Sheet1", [], []),
        hidden={"数据"},
    )
    draft = read_workbook("2023年分解表.xlsx", data)
    assert goals(draft) == [("1", "新建2个综合公园")]
    assert draft.sections == []
    no_table = (
        "Sheet %(sheet)s (%(name)s) has no table with a header row naming its columns "
        "(序号, 工作任务, 牵头单位…); it was not read."
    )
    assert warnings(draft) == [
        ("sheet 1 (说明)", no_table, {"sheet": 1, "name": "说明"}),
        (
            "sheet 3 (数据)",
            "Sheet %(sheet)s (%(name)s) is hidden; it was not read.",
            {"sheet": 3, "name": "数据"},
        ),
        ("sheet 4 (Sheet1)", no_table, {"sheet": 4, "name": "Sheet1"}),
    ]
    assert [w.message for w in draft.warnings][1] == "Sheet 3 (数据) is hidden; it was not read."


def test_several_sheets_with_tables_are_a_section_each():
    data = workbook(
        (
            "经济指标",
            [
                ["2023年目标任务分解表"],
                ["序号", "工作任务", "牵头单位"],
                [1, "地区生产总值增长6%", "区发改局"],
            ],
            [],
        ),
        (
            "Sheet2",
            [
                ["民生实事项目表"],
                ["序号", "项目名称", "牵头单位"],
                [1, "新建社区食堂10个", "区民政局"],
            ],
            [],
        ),
    )
    draft = read_workbook("分解表.xlsx", data)
    assert (draft.title, draft.year) == ("2023年目标任务分解表", 2023)
    # A tab named by default takes the title written on it.
    assert outline(draft.sections) == [("", "经济指标", [], []), ("", "民生实事项目表", [], [])]
    assert [goals(s) for s in draft.sections] == [
        [("1", "地区生产总值增长6%")],
        [("1", "新建社区食堂10个")],
    ]
    assert [g.line for g in draft.all_goals()] == [3, 3]


# -- warnings ----------------------------------------------------------------------------


def test_warnings_say_the_sheet_and_row():
    draft = read(
        [
            ["2023年任务分解表"],
            ["序号", "工作任务", "牵头单位", "责任领导"],
            [1, "新建2个综合公园", "区园林局", "王俊"],
            [2, "新增停车泊位1000个", None, "王俊"],
            [3, "新建2个综合公园", "区园林局", "王俊"],
        ]
    )
    assert warnings(draft) == [
        (
            "sheet 1 (任务分解表), row 4",
            "No lead department for “%(goal)s”.",
            {"goal": "新增停车泊位1000个"},
        ),
        (
            "sheet 1 (任务分解表), row 5",
            "This task repeats the one in sheet %(sheet)s, row %(row)s.",
            {"sheet": 1, "row": 3},
        ),
    ]


def test_a_table_naming_no_unit_gets_one_warning_not_one_a_row():
    draft = read(
        [
            ["序号", "工作任务", "责任领导"],
            [1, "新建2个综合公园", "王俊"],
            [2, "新建绿道20公里", "王俊"],
        ],
        name="2023.xlsx",
    )
    assert [w.template for w in draft.warnings] == [
        "The document names no owners; assign lead departments in the preview before confirming."
    ]


def test_a_header_without_rows_gives_no_goals_and_a_warning():
    draft = read([["序号", "工作任务", "牵头单位"]], name="2023.xlsx")
    assert draft.all_goals() == []
    assert [w.template for w in draft.warnings] == ["No tasks were found in the workbook."]


# -- speed -------------------------------------------------------------------------------


def test_owner_cells_are_parsed_once_per_distinct_text(monkeypatch):
    calls = []
    parse = table_logic.owners_from_columns

    def counted(cells):
        calls.append(cells)
        return parse(cells)

    monkeypatch.setattr(table_logic, "owners_from_columns", counted)
    units = ["区发改局", "区财政局", "区住建局、各街道"]
    rows = [["序号", "工作任务", "牵头单位", "责任单位"]]
    rows += [[n, f"新建第{n}批口袋公园", units[n % 3], "各街道"] for n in range(1, 301)]
    draft = read(rows)
    assert len(draft.goals) == 300
    assert len(calls) == 3


def test_the_targets_are_the_extractors_though_it_is_not_asked_twice_or_in_vain():
    # Every line of the seed report, as a cell: the reader's cached and filtered call
    # gives what the report's extractor gives, the second time too.
    seed = (
        Path(__file__).resolve().parents[2] / "targets" / "demo" / "hongshan-2023-work-report.txt"
    )
    text = normalise(seed.read_text(encoding="utf-8"))
    lines = [part for line in text.splitlines() for part in re.split(r"(?<=[。;,])", line)]
    reader = workbook_reader._WorkbookReader("a.xlsx")
    for line in lines + lines:
        assert reader._indicators(line) == extract_indicators(line)
    assert sum(1 for line in lines if extract_indicators(line)) > 20


def test_a_repeated_task_keeps_the_baseline_of_its_targets():
    # The second row's targets are copies of the first's (found once per distinct text).
    rows = [["序号", "工作任务", "牵头单位"]]
    rows += [[1, "城镇化率由68%提高到70%", "区发改局"], [2, "城镇化率由68%提高到70%", "区统计局"]]
    draft = read(rows)
    found = [[(i.value, i.unit, i.baseline) for i in g.indicators] for g in draft.goals]
    assert found == [[(D(70), "%", D(68))]] * 2


def test_the_collector_is_left_as_it_was_and_the_draft_aged_without_a_traversal():
    rows = [["序号", "工作任务", "牵头单位"], [1, "新建2个综合公园", "区园林局"]]
    assert gc.get_freeze_count() == 0
    draft = read(rows)
    assert gc.isenabled() and gc.get_freeze_count() == 0
    # Moved into the oldest generation as a whole, not traversed by a collection at once.
    oldest = {id(thing) for thing in gc.get_objects(generation=2)}
    assert id(draft.goals[0]) in oldest and id(draft.goals[0].indicators[0]) in oldest
    # A process that froze objects of its own keeps them frozen.
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        read(rows)
        assert gc.isenabled() and gc.get_freeze_count() == frozen
    finally:
        gc.unfreeze()


# -- files it refuses ----------------------------------------------------------------------


def _table() -> bytes:
    return workbook(
        ("任务分解表", [["序号", "工作任务", "牵头单位"], [1, "新建2个综合公园", "区园林局"]], [])
    )


def _member(data: bytes, name: str) -> bytes:
    return zipfile.ZipFile(io.BytesIO(data)).read(name)


def _with_sheet(transform) -> bytes:
    data = _table()
    sheet = "xl/worksheets/sheet1.xml"
    return rezip(data, replace={sheet: transform(_member(data, sheet))})


def _macro_content_type() -> bytes:
    data = _table()
    types = _member(data, "[Content_Types].xml").replace(
        b"spreadsheetml.sheet.main+xml", b"ms-excel.sheet.macroEnabled.main+xml"
    )
    return rezip(data, replace={"[Content_Types].xml": types})


def _docx() -> bytes:
    buffer = io.BytesIO()
    docx.Document().save(buffer)
    return buffer.getvalue()


def _entity_sheet(xml: bytes) -> bytes:
    # A billion laughs in the sheet: the DOCTYPE declares entities the cell then uses.
    return xml.replace(
        b"<worksheet",
        b'<!DOCTYPE worksheet [<!ENTITY a "EXPANDED"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        b"<worksheet",
        1,
    ).replace(_as_saved("新建2个综合公园"), b"&b;")


def _as_saved(text: str) -> bytes:
    """A cell's text as openpyxl writes it in the sheet's XML: characters past ASCII as &#n;."""
    return "".join(c if ord(c) < 128 else f"&#{ord(c)};" for c in text).encode()


def _encrypted(data: bytes) -> bytes:
    return encrypted(data)


def _no_table() -> bytes:
    return workbook(("说明", [["请各单位于每季度末报送进展。"], ["联系人:张三"]], []))


UTF16_ENTITY = '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE d [<!ENTITY x "x">]><d>&x;</d>'
BAD_FILES = {
    "empty-file": ("a.xlsx", lambda: b"", "empty"),
    "xlsm-name": ("分解表.xlsm", _table, "macro"),
    "vba-project": (
        "a.xlsx",
        lambda: rezip(_table(), add={"xl/vbaProject.bin": b"\xd0\xcf"}),
        "macro",
    ),
    "macro-content-type": ("a.xlsx", _macro_content_type, "macro"),
    "damaged-xls": (
        "分解表.xls",
        lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512),
        "damaged",
    ),
    "damaged-et": (
        "分解表.et",
        lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512),
        "damaged",
    ),
    "encrypted-xlsx": ("a.xlsx", lambda: _encrypted(_table()), "encrypted"),
    "encrypted-named-xls": ("a.xls", lambda: _encrypted(_table()), "encrypted"),
    "html-as-xls": (
        "导出.xls",
        lambda: "<html><table><tr><td>序号</td></tr></table>".encode(),
        "not_xls",
    ),
    "text-as-xlsx": ("a.xlsx", lambda: "序号,工作任务\n1,新建公园\n".encode(), "not_xlsx"),
    "truncated": ("a.xlsx", lambda: _table()[: len(_table()) // 2], "not_xlsx"),
    "zip-of-something-else": (
        "a.xlsx",
        lambda: rezip(_table(), drop={"[Content_Types].xml"}),
        "not_xlsx",
    ),
    "docx-renamed": ("a.xlsx", _docx, "not_xlsx"),
    "broken-sheet-xml": ("a.xlsx", lambda: _with_sheet(lambda x: x[: len(x) // 2]), "damaged"),
    "non-numeric-value": (
        "a.xlsx",
        lambda: _with_sheet(
            lambda x: x.replace(b'<c r="A2" t="n"><v>1</v>', b'<c r="A2" t="n"><v>x</v>')
        ),
        "damaged",
    ),
    "zip-bomb-member": (
        "a.xlsx",
        lambda: rezip(_table(), add={"xl/media/image1.png": bytes(101 * 1024 * 1024)}),
        "inflated",
    ),
    "compression-ratio": (
        "a.xlsx",
        lambda: rezip(_table(), add={"xl/media/image1.png": bytes(5 * 1024 * 1024)}),
        "inflated",
    ),
    "too-many-parts": (
        "a.xlsx",
        lambda: rezip(_table(), add={f"xl/media/p{n}.png": b"x" for n in range(2001)}),
        "inflated",
    ),
    "entities-in-sheet": ("a.xlsx", lambda: _with_sheet(_entity_sheet), "unsafe"),
    "doctype-in-rels": (
        "a.xlsx",
        lambda: rezip(
            _table(),
            replace={
                "_rels/.rels": _member(_table(), "_rels/.rels").replace(
                    b"<Relationships", b"<!DOCTYPE r><Relationships", 1
                )
            },
        ),
        "unsafe",
    ),
    "entity-in-utf16-part": (
        "a.xlsx",
        lambda: rezip(
            _table(),
            add={"xl/custom.xml": UTF16_ENTITY.encode("utf-16")},
        ),
        "unsafe",
    ),
    "no-table": ("a.xlsx", _no_table, "no_table"),
    "no-cells": ("a.xlsx", lambda: workbook(("Sheet1", [], [])), "empty"),
}
# Refused by what is read as calamine parses: the rest is refused before it parses anything.
PARSED = {
    "broken-sheet-xml",
    "non-numeric-value",
    "no-table",
    "no-cells",
    "damaged-xls",
    "damaged-et",
}


@pytest.mark.parametrize("case", list(BAD_FILES))
def test_bad_files_are_refused_with_one_error(case, monkeypatch):
    name, make, code = BAD_FILES[case]
    data = make()
    parsed = []
    run = spreadsheets.run_limited
    monkeypatch.setattr(spreadsheets, "run_limited", lambda f: parsed.append(1) or run(f))
    with pytest.raises(DocumentError) as caught:
        read_workbook(name, data)
    assert (caught.value.code, bool(parsed)) == (code, case in PARSED)
    assert str(caught.value)  # one sentence a person can read


# Damaged cells as a probe of the uploads wrote them: each is refused as damage or read as a
# value the reader judges like anything typed, the same way the quarterly workbook's are.
DAMAGED_CELLS = {
    "non-numeric-value": (b'<c r="A2" t="n"><v>1</v>', b'<c r="A2" t="n"><v>abc</v>', None),
    "boolean-wrong": (b'<c r="A2" t="n"><v>1</v>', b'<c r="A2" t="b"><v>7x</v>', None),
    "date-wrong": (b'<c r="A2" t="n"><v>1</v>', b'<c r="A2" t="d"><v>notadate</v>', "notadate"),
    "shared-string-out-of-range": (
        b'<c r="A2" t="n"><v>1</v>',
        b'<c r="A2" t="s"><v>999</v>',
        None,
    ),
    "reference-zzzz2": (b'<c r="A2" t="n"><v>1</v>', b'<c r="ZZZZ2" t="n"><v>1</v>', ""),
    "style-9999": (b'<c r="A2" t="n"><v>1</v>', b'<c r="A2" s="9999" t="n"><v>1</v>', "1"),
    "superscript-number": (b'<c r="A2" t="n"><v>1</v>', b'<c r="A2" t="n"><v>1\xc2\xb2</v>', None),
}


@pytest.mark.parametrize("case", list(DAMAGED_CELLS))
def test_a_damaged_cell_is_refused_as_damage_or_read_as_a_value(case):
    old, new, number = DAMAGED_CELLS[case]
    data = _with_sheet(lambda xml: xml.replace(old, new, 1))
    if number is None:
        with pytest.raises(DocumentError) as caught:
            read_workbook("2023.xlsx", data)
        assert caught.value.code == "damaged"
    else:
        draft = read_workbook("2023.xlsx", data)
        assert [(g.number, g.text, g.lead_departments) for g in draft.goals] == [
            (number if number.isdigit() else "", "新建2个综合公园", ["区园林局"])
        ]


def test_damaged_bytes_raise_only_document_error():
    data = workbook(("任务分解表", REAL_ROWS, REAL_MERGES))
    rng = random.Random(7)
    for _ in range(200):
        damaged = bytearray(data)
        for _ in range(8):
            damaged[rng.randrange(len(damaged))] = rng.randrange(256)
        try:
            draft = read_workbook("a.xlsx", bytes(damaged))
        except DocumentError:
            continue
        assert draft.to_dict()


def test_a_file_over_the_size_limit_is_refused_before_anything_else():
    with pytest.raises(DocumentError) as caught:
        read_workbook("a.xlsx", b"\xd0\xcf\x11\xe0" + bytes(2048), max_bytes=1024)
    assert caught.value.code == "too_large"
    assert str(caught.value) == "The file is larger than the 1 KB limit."


def test_read_plan_sends_workbooks_here():
    assert goals(read_plan("分解表.xlsx", _table(), year=2023)) == [("1", "新建2个综合公园")]
    rows = [["序号", "工作任务", "牵头单位"], [1, "新建2个综合公园", "区园林局"]]
    assert goals(read_plan("分解表.XLS", xls_of(("任务分解表", rows, [])), year=2023)) == [
        ("1", "新建2个综合公园")
    ]
    assert goals(read_plan("分解表.ods", ods_of(("任务分解表", rows, [])), year=2023)) == [
        ("1", "新建2个综合公园")
    ]


def _many_rows(count: int) -> bytes:
    rows = [["序号", "工作任务", "牵头单位"]] + [[n, f"任务{n}", "区园林局"] for n in range(count)]
    return workbook(("任务分解表", rows, []))


def test_more_rows_than_the_cap_are_refused_before_a_row_is_read(monkeypatch):
    monkeypatch.setattr(workbook_reader, "MAX_ROWS", 100)
    read_rows = []
    monkeypatch.setattr(
        workbook_reader._WorkbookReader, "_sheet", lambda *args: read_rows.append(args)
    )
    with pytest.raises(DocumentError) as caught:
        read_workbook("a.xlsx", _many_rows(150))
    assert caught.value.code == "too_many_rows"
    assert read_rows == []  # refused before a row was read
    assert str(caught.value).startswith("The workbook has more than 100 rows")


def test_the_rows_counted_are_those_of_every_visible_sheet(monkeypatch):
    monkeypatch.setattr(workbook_reader, "MAX_ROWS", 100)
    rows = [["序号", "工作任务", "牵头单位"]] + [[n, f"任务{n}", "区园林局"] for n in range(60)]
    with pytest.raises(DocumentError) as caught:
        read_workbook("a.xlsx", workbook(("一", rows, []), ("二", rows, [])))
    assert caught.value.code == "too_many_rows"
    # A hidden sheet is not read, so its rows do not count.
    draft = read_workbook("2023.xlsx", workbook(("一", rows, []), ("二", rows, []), hidden=("二",)))
    assert len(draft.goals) == 60


def test_a_dimension_that_says_less_than_the_sheet_holds_does_not_hide_rows():
    data = _many_rows(5)
    sheet = _member(data, "xl/worksheets/sheet1.xml")
    data = rezip(
        data,
        replace={
            "xl/worksheets/sheet1.xml": re.sub(
                rb'<dimension ref="[^"]+"/>', b'<dimension ref="A1"/>', sheet
            )
        },
    )
    assert len(read_workbook("2023.xlsx", data).goals) == 5


# -- XML entities: refused before parsing, and never expanded by calamine either -------------


def test_a_workbook_with_entities_is_refused_before_it_is_parsed(monkeypatch):
    data = _with_sheet(_entity_sheet)
    parsed = []
    monkeypatch.setattr(spreadsheets, "run_limited", lambda f: parsed.append(f))
    with pytest.raises(DocumentError) as caught:
        read_workbook("a.xlsx", data)
    assert caught.value.code == "unsafe"
    assert "DOCTYPE or ENTITY" in str(caught.value)
    assert parsed == []


def test_an_entity_past_the_check_is_never_expanded(monkeypatch):
    # Defence in depth: were the check before parsing to miss it, calamine does not expand
    # the entity (it knows none but XML's own), so the sheet is refused as damaged.
    monkeypatch.setattr(spreadsheets, "check_workbook", lambda *args, **kwargs: None)
    with pytest.raises(DocumentError) as caught:
        read_workbook("a.xlsx", _with_sheet(_entity_sheet))
    assert caught.value.code == "damaged"
