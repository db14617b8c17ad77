"""
The streaming Excel writer: typed text stays text, numbers and dates keep
their type, sheets print like office tables, rows stream. Every file is
written in memory and read back with openpyxl.
"""

import datetime
import enum
import io
import os
import tracemalloc
import zipfile
from decimal import Decimal
from zoneinfo import ZoneInfo

import openpyxl
import pytest
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from targets.io.xlsx_layout import wrapped_lines
from targets.io.xlsx_write import (
    FILLS,
    Column,
    Percent,
    StreamingWorkbook,
    Tinted,
    display_width,
    fitted_columns,
    sheet_title,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")
COLUMNS = [Column("编号", 8), Column("内容", 40, wrap=True), Column("数值", 10)]
FIRST_ROW = 4  # title, note, header


HEADING = "2023年洪山区政府工作报告 目标任务落实情况（截至2023年第3季度）"


def write(rows, columns=COLUMNS, **options) -> bytes:
    options.setdefault("heading", HEADING)
    options.setdefault("note", "范围：全部单位")
    buffer = io.BytesIO()
    with StreamingWorkbook(tz=SHANGHAI) as book:
        sheet = book.add_sheet("目标任务", columns, freeze_columns=1, **options)
        for row in rows:
            sheet.append(row)
        book.save(buffer)
    return buffer.getvalue()


def read(data: bytes):
    return openpyxl.load_workbook(io.BytesIO(data))


def only_cell(value):
    """The cell a single value becomes."""
    return read(write([["1", value]])).active.cell(FIRST_ROW, 2)


def sheet_xml(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return "".join(
            archive.read(name).decode()
            for name in archive.namelist()
            if name.startswith("xl/worksheets/")
        )


# --- text that looks like a formula stays text ---------------------------------

RISKY = [
    "=1+1",
    "=cmd|' /C calc'!A0",
    '=HYPERLINK("http://example.com","点击")',
    "+86 027 8888",
    "-部分企业材料不全",
    "@SUM(A1:A3)",
    "\t=1+1",
    "\r=1+1",
    "#N/A",
]


@pytest.mark.parametrize("text", RISKY)
def test_risky_text_is_written_as_quoted_text(text):
    cell = only_cell(text)
    assert cell.value == text
    assert cell.data_type == "s"
    assert cell.quotePrefix  # stays text when someone edits the cell in Excel


def test_no_cell_in_the_file_is_a_formula():
    data = write([[text, text, text] for text in RISKY])
    for row in read(data).active.iter_rows():
        for cell in row:
            assert cell.data_type != "f", cell.coordinate
    assert "<f>" not in sheet_xml(data) and "<f " not in sheet_xml(data)


def test_ordinary_text_is_not_quoted():
    cell = only_cell("已净增高企58家。")
    assert (cell.value, cell.data_type, cell.quotePrefix) == ("已净增高企58家。", "s", False)


def test_text_subclasses_and_other_objects_become_text():
    class Code(str):
        def __str__(self):
            return self  # like Django's SafeString

    class Level(enum.IntEnum):
        HIGH = 3

    class Label:  # like a lazy translation
        def __str__(self):
            return "-第3季度"

    data = write([[Code("=1"), Code("plain"), Level.HIGH], ["x", Label()]])
    sheet = read(data).active
    assert (sheet.cell(FIRST_ROW, 1).value, sheet.cell(FIRST_ROW, 1).data_type) == ("=1", "s")
    assert sheet.cell(FIRST_ROW, 1).quotePrefix
    assert sheet.cell(FIRST_ROW, 2).value == "plain"
    assert (sheet.cell(FIRST_ROW, 3).value, sheet.cell(FIRST_ROW, 3).data_type) == (3, "n")
    label = sheet.cell(FIRST_ROW + 1, 2)
    assert (label.value, label.data_type, label.quotePrefix) == ("-第3季度", "s", True)


def test_control_characters_an_xlsx_cannot_hold_are_dropped():
    cell = only_cell("进展\x01情况\x0b")
    assert cell.value == "进展情况"


@pytest.mark.parametrize(
    "typed", ["进展\uffff情况", "进展\ufffe情况", "进展\ud800情况", "进展\x0c情况\x00"]
)
def test_every_character_xml_cannot_hold_is_dropped(typed):
    """U+FFFE/U+FFFF passed openpyxl's own check and made saving the whole workbook fail."""
    data = write(
        [["1", typed], ["2", Tinted(typed, "warning")], ["3", "=" + typed]],
        heading="标题" + typed,
        note="筛选条件：搜索：" + typed,
    )
    sheet = read(data).active
    assert [sheet.cell(row, 1).value for row in (1, 2)] == [
        "标题进展情况",
        "筛选条件：搜索：进展情况",
    ]
    assert [sheet.cell(FIRST_ROW + i, 2).value for i in range(3)] == [
        "进展情况",
        "进展情况",
        "=进展情况",
    ]
    assert sheet.cell(FIRST_ROW + 2, 2).data_type == "s"


def test_a_sheet_title_xml_cannot_hold_is_cleaned():
    buffer = io.BytesIO()
    with StreamingWorkbook() as book:
        book.add_sheet("区发改局\uffff", [Column("内容\ufffe")]).append(["x"])
        book.save(buffer)
    sheet = read(buffer.getvalue()).active
    assert (sheet.title, sheet["A1"].value) == ("区发改局", "内容")


def test_line_breaks_are_kept():
    assert only_cell("一是……\n二是……").value == "一是……\n二是……"


# --- numbers and dates keep their type --------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [(96, 96), (-5, -5), (1.5, 1.5), (Decimal("96.0000"), 96), (Decimal("-3.5"), -3.5)],
)
def test_numbers_stay_numbers(value, expected):
    cell = only_cell(value)
    assert cell.value == expected
    assert cell.data_type == "n"


def test_percent_is_a_number_shown_as_a_percentage():
    cell = only_cell(Percent(0.45))
    assert (cell.value, cell.data_type, cell.number_format) == (0.45, "n", "0%")


def test_not_a_number_is_written_as_text():
    assert only_cell(float("nan")).value == "nan"
    assert only_cell(Decimal("Infinity")).value == "Infinity"


def test_dates_stay_dates():
    sheet = read(
        write(
            [
                [
                    "1",
                    datetime.date(2023, 12, 31),
                    datetime.datetime(2023, 9, 29, 7, 45, tzinfo=datetime.UTC),
                ]
            ]
        )
    ).active
    day, moment = sheet.cell(FIRST_ROW, 2), sheet.cell(FIRST_ROW, 3)
    assert day.is_date and day.value == datetime.datetime(2023, 12, 31)
    assert day.number_format == "yyyy-mm-dd"
    # Excel has no time zones: an aware time is shown as Shanghai's wall clock.
    assert moment.is_date and moment.value == datetime.datetime(2023, 9, 29, 15, 45)
    assert moment.number_format == "yyyy-mm-dd hh:mm"


def test_empty_values_leave_blank_cells():
    sheet = read(write([["1", None, ""]])).active
    assert [c.value for c in sheet[FIRST_ROW]] == ["1", None, None]


def test_too_many_values_is_an_error():
    with pytest.raises(ValueError, match="4 values for 3 columns"):
        write([["1", "2", "3", "4"]])


def test_a_failed_export_leaves_no_temporary_files():
    with pytest.raises(RuntimeError), StreamingWorkbook() as book:
        sheet = book.add_sheet("x", COLUMNS)
        sheet.append(["1", "正文", 1])
        temporary = sheet.worksheet._writer.out
        raise RuntimeError("the database went away")
    assert not os.path.exists(temporary)


# --- status colours -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("colour", "rgb"),
    [
        ("secondary", "D9D9D9"),
        ("success", "C6EFCE"),
        ("warning", "FFEB9C"),
        ("danger", "FFC7CE"),
        ("primary", "BDD7EE"),
    ],
)
def test_tinted_text_has_its_fill(colour, rgb):
    cell = only_cell(Tinted("存在风险", colour))
    assert (cell.value, cell.data_type) == ("存在风险", "s")
    assert cell.fill.fill_type == "solid"
    assert cell.fill.fgColor.rgb == "00" + rgb == "00" + FILLS[colour]


def test_not_reported_is_outlined_and_grey():
    cell = only_cell(Tinted("未报送", "light"))
    assert cell.value == "未报送"
    assert cell.fill.fill_type is None
    assert cell.border.left.style == "dashed"
    assert cell.font.color.rgb == "00808080"


# --- the sheet prints like an office table ------------------------------------------


def test_sheet_layout_for_printing():
    sheet = read(write([["1", "正文", 3], ["2", "正文", 4]])).active
    assert sheet.title == "目标任务"
    assert sheet["A1"].value == "2023年洪山区政府工作报告 目标任务落实情况（截至2023年第3季度）"
    assert sheet["A1"].font.b and sheet["A1"].font.sz == 16
    assert {str(r) for r in sheet.merged_cells.ranges} == {"A1:C1", "A2:C2"}
    assert sheet["A2"].value == "范围：全部单位"
    assert [c.value for c in sheet[3]] == ["编号", "内容", "数值"]
    assert all(c.font.b for c in sheet[3])
    assert sheet.freeze_panes == "B4"  # header rows and the code column stay put
    assert sheet.print_title_rows == "$3:$3"  # the header repeats on every printed page
    assert sheet.auto_filter.ref == "A3:C5"
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.page_setup.paperSize == 9  # A4
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert (sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight) == (1, 0)
    assert sheet.oddFooter.center.text == "&P / &N"
    # The footer 0.3 in from the edge inside a 0.75 in margin: room for a whole line.
    margins = sheet.page_margins
    assert (margins.top, margins.bottom, margins.header, margins.footer) == (0.75, 0.75, 0.3, 0.3)
    assert [sheet.column_dimensions[c].width for c in "ABC"] == [8, 40, 10]
    assert sheet["B4"].alignment.wrap_text and not sheet["A4"].alignment.wrap_text
    # Names, numbers and codes centred up and down alike.
    assert {sheet[f"{c}4"].alignment.vertical for c in "ABC"} == {"center"}
    assert sheet["A4"].border.left.style == "thin"


def test_rows_as_high_as_their_wrapped_text():
    """
    A one-line row keeps the default height; a text wrapped over lines, or
    with lines of its own, makes its row as high as they are (13.5 pt each).
    """
    long = "截至9月底，区发改局已组织开展督导检查6轮，推动各项措施落地见效。" * 2  # 66 wide
    sheet = read(write([["1", "正文", 3], ["2", long, 4], ["3", "一\n二\n三\n四", 5]])).active
    assert sheet.row_dimensions[4].height is None
    assert sheet.row_dimensions[5].height == 4 * 13.5 + 4  # 132 wide in 39: four lines
    assert sheet.row_dimensions[6].height == 4 * 13.5 + 4


def test_a_header_that_wraps_gets_the_height_it_needs():
    columns = [Column("编号", 8), Column("目标上限（按原文）", 6, wrap=True)]
    sheet = read(write([["1", "2"]], columns=columns)).active
    assert sheet.row_dimensions[3].height == 4 * 13.5 + 4  # 18 wide in 5: four lines


@pytest.mark.parametrize(
    ("text", "width", "lines"),
    [
        ("正文", 40, 1),
        ("正" * 20, 41, 1),
        ("正" * 21, 41, 2),
        ("abc " * 30, 41, 3),
        ("一\n二", 40, 2),
        ("", 40, 1),
    ],
)
def test_wrapped_lines(text, width, lines):
    assert wrapped_lines(text, width) == lines


def test_a_wide_sheet_prints_several_pages_wide_with_its_first_columns_on_each():
    """
    Fitted to one page, 13 wide columns would print in 5-point type: at 70 %
    or more they take two pages across, page after page, the code column on
    each.
    """
    wide = [Column("编号", 8), *(Column(f"栏目{n}", 24, wrap=True) for n in range(12))]
    sheet = read(write([["1", *("正文" for _ in range(12))]], columns=wide)).active
    assert (sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight) == (2, 0)
    assert sheet.page_setup.pageOrder == "overThenDown"
    assert sheet.print_title_cols == "$A:$A"
    # The title is not centred across two pages, nor merged across them (it would be cut
    # in two, or drawn in pieces on each), nor in the column every page repeats (its
    # first words cut off there): it runs over the first page's empty cells after it.
    assert (sheet["A1"].value, sheet["B1"].value) == (None, HEADING)
    assert sheet["B1"].alignment.horizontal == "left"
    assert not sheet.merged_cells.ranges and not sheet["B1"].alignment.wrap_text
    narrow = read(write([["1", "正文", 3]])).active
    assert narrow.print_title_cols is None and narrow["A1"].alignment.horizontal == "center"


def test_sheet_without_title_or_note_has_the_header_first():
    sheet = read(write([["1", "x", 2]], heading="", note="")).active
    assert [c.value for c in sheet[1]] == ["编号", "内容", "数值"]
    assert sheet.freeze_panes == "B2"
    assert sheet.print_title_rows == "$1:$1"
    assert sheet["A2"].value == "1"


def test_header_text_is_never_a_formula():
    sheet = read(write([], columns=[Column("=SUM(A1)"), Column("+1")])).active
    assert [(c.value, c.data_type) for c in sheet[3]] == [("=SUM(A1)", "s"), ("+1", "s")]


def test_sheet_titles_excel_refuses_are_cleaned():
    assert sheet_title("2023/Q3: [区发改局]?") == "2023_Q3_ _区发改局__"
    assert len(sheet_title("长" * 40)) == 31
    assert sheet_title("") == "Sheet"


def test_several_sheets_in_the_order_added():
    book = StreamingWorkbook()
    first = book.add_sheet("汇总", [Column("a")])
    second = book.add_sheet("明细", [Column("b")])
    second.append(["x"])  # sheets may be filled in any order
    first.append(["y"])
    buffer = io.BytesIO()
    book.save(buffer)
    workbook = read(buffer.getvalue())
    assert workbook.sheetnames == ["汇总", "明细"]
    assert workbook["汇总"]["A2"].value == "y"


def test_fitted_columns_count_chinese_characters_double():
    assert display_width("区发改局") == 8
    columns = fitted_columns(
        ["编号", "内容", "时间"],
        [["1", "很长" * 40, datetime.datetime(2023, 1, 1)], ["2", None, None]],
    )
    assert [c.header for c in columns] == ["编号", "内容", "时间"]
    assert columns[0].width == 6 and not columns[0].wrap
    assert columns[1].width == 50 and columns[1].wrap
    assert columns[2].width == 18


# --- rows stream -----------------------------------------------------------------------


def test_write_only_mode_is_used_and_rows_are_not_kept():
    book = StreamingWorkbook()
    sheet = book.add_sheet("x", COLUMNS)
    for n in range(100):
        sheet.append([str(n), "正文", n])
    assert book.workbook.write_only
    assert isinstance(sheet.worksheet, WriteOnlyWorksheet)
    assert sheet.worksheet._cells == {}  # nothing held per cell
    assert sheet.rows_written == 101  # the header and the rows
    book.discard()


def _peak_bytes(rows: int) -> int:
    tracemalloc.start()
    try:
        book = StreamingWorkbook()
        sheet = book.add_sheet("x", COLUMNS, heading="标题")
        for n in range(rows):
            # Every other row wraps over lines: its height is set, then let go once written.
            text = f"目标任务{n}，全年完成。" * (1 + 3 * (n % 2))
            sheet.append([f"1.1.{n}", text, Decimal(n)])
        book.save(io.BytesIO())
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_memory_does_not_grow_with_the_rows():
    # Ten times the rows; the peak stays put except for the finished file in memory.
    small, large = _peak_bytes(2_000), _peak_bytes(20_000)
    assert large < small + 2_000_000
