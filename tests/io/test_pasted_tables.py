"""
A decomposition table pasted into the import form's text box (issue 19's
fourth container): what Excel, WPS or Word put on the clipboard, tab-separated
rows with quoted multi-line cells, read by the table reader as the workbook
of the same cells is; the text around it read as text; a tab-separated text
without a header the table reader knows read as before.
"""

from __future__ import annotations

import io

from openpyxl import Workbook

from targets.io.documents import read_pasted, read_plan
from targets.io.report import read_report
from targets.io.tables.pasted import split_pasted
from tests.io.test_table_containers import essence

# As Excel copies it: rows end with CRLF, a line break inside a cell is LF and the cell is
# quoted, a quote inside a quoted cell doubled, an empty cell nothing between two tabs.
EXCEL_CLIPBOARD = (
    '序号\t工作任务\t"牵头\n单位"\t责任单位\t完成时限\r\n'
    '1\t"新建社区食堂10个,\n打造""一刻钟""便民生活圈"\t区民政局\t"各街道\n区财政局"\t6月底前\r\n'
    "2\t改造老旧小区20个\t区住建局\t\t全年\r\n"
    "\t\t\t区财政局\t\r\n"
)
CELLS = [
    ["序号", "工作任务", "牵头\n单位", "责任单位", "完成时限"],
    [1, '新建社区食堂10个,\n打造"一刻钟"便民生活圈', "区民政局", "各街道\n区财政局", "6月底前"],
    [2, "改造老旧小区20个", "区住建局", None, "全年"],
    [None, None, None, "区财政局", None],
]


def _workbook(rows: list[list]) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_a_paste_with_quoted_multi_line_cells_reads_as_its_workbook():
    pasted = read_pasted(EXCEL_CLIPBOARD)
    assert [
        (g.text, g.lead_departments, g.co_departments, g.deadline) for g in pasted.all_goals()
    ] == [
        (
            '新建社区食堂10个,打造"一刻钟"便民生活圈',
            ["区民政局"],
            ["各街道", "区财政局"],
            "6月底前",
        ),
        # The row without a number under task 2 adds an owner to it, as in a sheet.
        ("改造老旧小区20个", ["区住建局"], ["区财政局"], "全年"),
    ]
    # Each goal says the line of the text its row starts on: the header runs over lines
    # 1 and 2, the first task over lines 3 to 5.
    assert [g.origin for g in pasted.all_goals()] == ["line 3", "line 6"]
    workbook = read_plan("pasted.xlsx", _workbook(CELLS))
    assert essence(pasted) == {**essence(workbook), "title": ""}  # no file name to title it


def test_a_quote_mark_inside_a_cell_or_never_closed_is_text():
    # Only a cell opening with a quote is quoted; a quote opened and never closed as a cell
    # closes is the quote mark typed.
    blocks = split_pasted(
        '序号\t工作任务\t牵头单位\n1\t建成"智慧社区"5个\t区民政局\n2\t"新建\t区住建局\n'
    )
    (grid,) = blocks
    assert grid.rows[1:] == [["1", '建成"智慧社区"5个', "区民政局"], ["2", '"新建', "区住建局"]]
    assert grid.pages == [1, 2, 3]


PROSE_AND_TABLE = (
    "2024年区政府工作报告重点任务分解方案\n"
    "一、扩大有效投资\n"
    "1.新开工亿元以上项目50个。(牵头单位:区发改局;配合单位:区财政局)\n"
    "2024年重点工作责任分解表\t\t\n"
    "序号\t主要工作任务\t责任单位\n"
    "1\t生产总值增长6%左右。\t发改局\n"
    "2\t一般公共预算收入增长6%。\t财政局\n"
    "三、保障改善民生\n"
    "2.新建社区食堂10个。(牵头单位:区民政局)\n"
)


def test_a_paste_mixing_prose_and_a_table_gives_both_in_order():
    draft = read_pasted(PROSE_AND_TABLE)
    assert [(g.text, g.lead_departments, g.origin) for g in draft.all_goals()] == [
        ("新开工亿元以上项目50个。", ["区发改局"], ""),
        ("生产总值增长6%左右。", ["发改局"], "line 6"),
        ("一般公共预算收入增长6%。", ["财政局"], "line 7"),
        ("新建社区食堂10个。", ["区民政局"], ""),
    ]
    # The prose goals keep the lines of the text they were pasted at.
    assert (draft.all_goals()[0].line, draft.all_goals()[-1].line) == (3, 9)
    # The line copied with the table (its title, then empty cells) titles its section.
    assert [s.title for s in draft.sections] == [
        "扩大有效投资",
        "2024年重点工作责任分解表",
        "保障改善民生",
    ]
    assert (draft.title, draft.year) == ("2024年区政府工作报告重点任务分解方案", 2024)
    # A .txt upload of the same text reads the same.
    uploaded = read_plan("分解方案.txt", PROSE_AND_TABLE.encode())
    assert essence(uploaded) == essence(draft)


NO_HEADER = (
    "2023年工作安排\n"
    "名称\t内容\t备注\n"
    "1\t新建社区食堂10个。(牵头单位:区民政局)\t无\n"
    "\t改造老旧小区20个。(牵头单位:区住建局)\n"
)


def test_a_paste_whose_header_is_not_recognised_stays_text():
    assert split_pasted(NO_HEADER) == NO_HEADER.splitlines()
    draft = read_pasted(NO_HEADER)
    assert essence(draft) == essence(read_report(NO_HEADER))
    assert draft.to_dict() == read_report(NO_HEADER).to_dict()
    assert not any(g.origin for g in draft.all_goals())
