"""The quarterly fill-in workbook without the database: what it holds, and reading it back."""

import io
import zipfile
from decimal import Decimal

import pytest
from openpyxl import Workbook, load_workbook

from targets.io.files import DocumentError
from targets.io.update_sheets import (
    FIRST_ROW,
    META_SHEET,
    TemplateGoal,
    TemplateIndicator,
    UpdateSheet,
    UpdateTemplate,
    read_updates,
    write_template,
)
from tests.helpers import rezip
from tests.spreadsheets import encrypted

STATUSES = [
    ("not_started", "未启动"),
    ("on_track", "正常推进"),
    ("at_risk", "存在风险"),
    ("behind", "滞后"),
    ("completed", "已完成"),
]
STATUS_TEXTS = {label: value for value, label in STATUSES} | {v: v for v, _ in STATUSES}


def template(**overrides) -> UpdateTemplate:
    values = {
        "plan_id": 7,
        "plan_title": "2023年洪山区政府工作报告",
        "year": 2023,
        "quarter": 4,
        "period": "2023年第4季度",
        "department_code": "fgj",
        "department": "区发改局",
        "deadline": "2023年12月31日",
        "statuses": STATUSES,
        "source": "2023年第3季度",
        "goals": [
            TemplateGoal(
                code="2.2.3",
                title="净增高企",
                deadline="12月底前",
                status="on_track",
                percent=60,
                progress="已净增高企58家。",
                problems="",
                next_steps="加强企业辅导。",
                indicators=[
                    TemplateIndicator(
                        id=11,
                        name="净增高企",
                        unit="家",
                        target="96家",
                        value=Decimal("58.0000"),
                    ),
                    TemplateIndicator(
                        id=12,
                        name="研发投入增长",
                        unit="%",
                        target="≥ 10%",
                        allows_negative=True,
                        value=Decimal("-1.5"),
                    ),
                ],
            ),
            TemplateGoal(code="2.2.4", title="评定产业领军人才", deadline="全年"),
        ],
    }
    values.update(overrides)
    return UpdateTemplate(**values)


def workbook(data: bytes):
    return load_workbook(io.BytesIO(data))


def save(book) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def read(data: bytes) -> UpdateSheet:
    return read_updates("填报.xlsx", data, statuses=STATUS_TEXTS)


def errors(sheet: UpdateSheet) -> list[tuple]:
    return [(e.sheet, e.row, e.column, e.message) for e in sheet.errors]


@pytest.fixture
def filled():
    """The template opened for filling in, as a person would in Excel."""
    return workbook(write_template(template()))


# -- the template ----------------------------------------------------------------------------


def test_template_rows_goal_then_its_indicators_with_units_beside_values():
    sheet = workbook(write_template(template())).worksheets[0]
    rows = [list(r) for r in sheet.iter_rows(min_row=FIRST_ROW, max_col=11, values_only=True)]
    goal = ["2.2.3", "净增高企", "正常推进", 60, None, None, "12月底前"]
    indicator = ["2.2.3", "Indicator: 研发投入增长", None, None, -1.5, "%", "≥ 10%"]
    assert rows == [
        [*goal, "已净增高企58家。", None, "加强企业辅导。", None],
        ["2.2.3", "Indicator: 净增高企", None, None, 58, "家", "96家", None, None, None, 11],
        [*indicator, None, None, None, 12],
        ["2.2.4", "评定产业领军人才", None, None, None, None, "全年", None, None, None, None],
    ]


def test_template_headers_and_title():
    sheet = workbook(write_template(template())).worksheets[0]
    assert (
        sheet["A1"].value == "2023年洪山区政府工作报告 · 2023年第4季度 progress report · 区发改局"
    )
    assert "2023年12月31日" in sheet["A2"].value
    headers = [c.value for c in sheet[FIRST_ROW - 1]]
    assert headers[:7] == [
        "Goal code",
        "Goal / indicator",
        "Status",
        "Percent complete (%)",
        "Actual value (cumulative)",
        "Unit",
        "Target / deadline",
    ]


def test_template_headers_in_the_readers_language():
    chinese = {"Goal code": "任务编号", "Status": "状态"}
    data = write_template(template(), translate=lambda s: chinese.get(s, s))
    sheet = workbook(data).worksheets[0]
    assert [sheet["A3"].value, sheet["C3"].value] == ["任务编号", "状态"]


def test_template_sheet_protection_on_fill_cells_unlocked_keys_locked():
    sheet = workbook(write_template(template())).worksheets[0]
    assert sheet.protection.sheet is True
    # The goal row: status, percent and the narrative are typed in.
    assert [sheet[f"{c}4"].protection.locked for c in "CDHIJ"] == [False] * 5
    # Its keys, and the value cell that only indicator rows have, are locked.
    assert [sheet[f"{c}4"].protection.locked for c in "ABEFGK"] == [True] * 6
    # An indicator row: only the value.
    assert sheet["E5"].protection.locked is False
    assert [sheet[f"{c}5"].protection.locked for c in "ABCDFGHIJK"] == [True] * 10
    # Grey for what is not typed in, no fill for what is.
    assert sheet["A4"].fill.fgColor.rgb.endswith("D9D9D9")
    assert sheet["C4"].fill.fill_type is None


def test_template_status_drop_down_lists_the_labels():
    sheet = workbook(write_template(template())).worksheets[0]
    lists = [v for v in sheet.data_validations.dataValidation if v.type == "list"]
    assert len(lists) == 1
    assert lists[0].formula1 == '"未启动,正常推进,存在风险,滞后,已完成"'
    assert str(lists[0].sqref) == "C4 C7"
    assert lists[0].showErrorMessage


def test_template_percent_and_non_negative_value_validation():
    sheet = workbook(write_template(template())).worksheets[0]
    by_type = {v.type: v for v in sheet.data_validations.dataValidation}
    assert (by_type["whole"].formula1, by_type["whole"].formula2) == ("0", "100")
    # Counts cannot be negative; the rate (研发投入增长, %) is not constrained.
    assert str(by_type["decimal"].sqref) == "E5"


def test_template_hidden_identifiers():
    book = workbook(write_template(template()))
    sheet = book.worksheets[0]
    assert sheet.column_dimensions["K"].hidden
    meta = book[META_SHEET]
    assert meta.sheet_state == "veryHidden"
    assert dict(meta.iter_rows(max_row=10, max_col=2, values_only=True)) == {
        "format": "luoshi-quarterly-update",
        "version": 2,
        "plan": 7,
        "year": 2023,
        "quarter": 4,
        "department": "fgj",
        "sheet": "Update sheet",
        "first_row": FIRST_ROW,
        "workbook": None,  # the service names each download
        "generated": None,
    }


def test_template_instructions_sheet():
    book = workbook(write_template(template()))
    assert book.sheetnames == ["Update sheet", "Fill-in instructions", META_SHEET]
    lines = [r[1] for r in book["Fill-in instructions"].iter_rows(min_row=3, values_only=True)]
    text = "\n".join(lines)
    assert "区发改局" in text and "2023年第4季度" in text
    assert "2023年12月31日" in text  # the deadline
    assert "Do not change the grey columns" in text
    assert "未启动、正常推进、存在风险、滞后、已完成" in text
    assert "A completed goal is 100%" in text  # %% became %
    assert "(2023年第3季度)" in text  # where the filled-in values come from
    assert book["Fill-in instructions"].protection.sheet


def test_template_prints_on_a4_with_page_numbers():
    """
    The fill sheet landscape, one page wide at a readable size; the
    instructions on one portrait page, the text column wrapping within it;
    both A4 with 第 N 页，共 M 页 in a footer the margins leave room for.
    """
    book = workbook(write_template(template()))
    fill, instructions = book["Update sheet"], book["Fill-in instructions"]
    for sheet in (fill, instructions):
        assert sheet.page_setup.paperSize == 9
        assert sheet.oddFooter.center.text == "Page &P of &N"
        margins = sheet.page_margins
        assert (margins.bottom, margins.footer) == (0.75, 0.3)
        assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert fill.page_setup.orientation == "landscape"
    assert (fill.page_setup.fitToWidth, fill.page_setup.fitToHeight) == (1, 0)
    assert sum(fill.column_dimensions[c].width for c in "ABCDEFGHIJ") == 156
    assert fill.print_title_rows == "$3:$3"
    assert instructions.page_setup.orientation == "portrait"
    assert (instructions.page_setup.fitToWidth, instructions.page_setup.fitToHeight) == (1, 1)
    assert instructions.print_area == "'Fill-in instructions'!$A$1:$B$12"
    assert instructions.column_dimensions["B"].width == 86


def test_template_rows_as_high_as_their_text():
    """A goal row keeps room to type (60 pt), and grows with a longer report."""
    long = "\n".join(["截至12月底，已完成全年目标任务。"] * 6)  # six lines of 33 in 36
    goals = [
        TemplateGoal(code="1.1.1", title="短", progress="一句话。"),
        TemplateGoal(code="1.1.2", title="长", progress=long),
    ]
    sheet = workbook(write_template(template(goals=goals)))["Update sheet"]
    assert sheet.row_dimensions[4].height == 60
    assert sheet.row_dimensions[5].height == 6 * 13.5 + 4
    instructions = workbook(write_template(template()))["Fill-in instructions"]
    heights = [instructions.row_dimensions[row].height for row in range(3, 13)]
    assert all(height >= 2 * 13.5 + 4 for height in heights)


def test_template_text_that_looks_like_a_formula_stays_text():
    goal = TemplateGoal(code="1.1.1", title="x", status="on_track", percent=1, progress="=1+1")
    sheet = workbook(write_template(template(goals=[goal]))).worksheets[0]
    assert sheet["H4"].data_type == "s"
    assert sheet["H4"].value == "=1+1"


# -- reading it back -------------------------------------------------------------------------


def test_read_untouched_template_gives_the_filled_in_values():
    sheet = read(write_template(template()))
    assert (sheet.plan_id, sheet.year, sheet.quarter, sheet.department) == (7, 2023, 4, "fgj")
    assert sheet.sheet == "Update sheet"
    assert sheet.errors == []
    first, second = sheet.goals
    assert (first.code, first.row, first.status, first.percent) == ("2.2.3", 4, "on_track", "60")
    assert first.progress == "已净增高企58家。"
    assert [(i.row, i.indicator_id, i.value) for i in first.indicators] == [
        (5, 11, "58"),
        (6, 12, "-1.5"),
    ]
    assert not first.blank
    assert (second.code, second.row, second.blank) == ("2.2.4", 7, True)


def test_read_filled_values(filled):
    sheet = filled.worksheets[0]
    sheet["C4"] = "已完成"
    sheet["D4"] = 100
    sheet["E5"] = 96
    sheet["E6"] = "１,２34.5"  # full-width digits and a thousands separator, typed as text
    sheet["H4"] = "全年净增高企96家。\r\n超额完成。"
    result = read(save(filled)).goals[0]
    assert (result.status, result.percent) == ("completed", "100")
    assert [i.value for i in result.indicators] == ["96", "1234.5"]
    assert result.progress == "全年净增高企96家。\n超额完成。"


@pytest.mark.parametrize(
    ("typed", "number_format", "expected"),
    [(60, "0", "60"), (0.6, "0%", "60"), ("60%", "@", "60"), (60.5, "0.0", "60.5")],
)
def test_read_percent_as_typed(filled, typed, number_format, expected):
    filled.worksheets[0]["D4"] = typed
    filled.worksheets[0]["D4"].number_format = number_format
    assert read(save(filled)).goals[0].percent == expected


def test_read_float_value_as_excel_shows_it(filled):
    filled.worksheets[0]["E5"] = 0.1 + 0.2
    assert read(save(filled)).goals[0].indicators[0].value == "0.3"


def test_read_status_not_in_the_list_is_located(filled):
    sheet = filled.worksheets[0]
    sheet["C4"] = "进行中"
    result = read(save(filled))
    assert errors(result) == [
        ("Update sheet", 4, "C", "The status “进行中” is not in the drop-down list.")
    ]
    assert result.goals[0].status == ""
    assert result.goals[0].status_text == "进行中"


def test_read_status_in_english_or_as_value(filled):
    statuses = STATUS_TEXTS | {"On track": "on_track"}
    filled.worksheets[0]["C4"] = "on track"
    sheet = read_updates("x.xlsx", save(filled), statuses=statuses)
    assert sheet.goals[0].status == "on_track"


def test_read_blank_rows_are_not_reported_not_errors(filled):
    sheet = filled.worksheets[0]
    for column in "CDHIJ":
        sheet[f"{column}4"] = None
    sheet["E5"] = sheet["E6"] = None
    result = read(save(filled))
    assert result.errors == []
    assert [g.blank for g in result.goals] == [True, True]


def test_read_all_structural_mistakes_at_once(filled):
    sheet = filled.worksheets[0]
    sheet["K5"] = "abc"  # the hidden indicator number
    sheet["A7"] = None  # a goal row without its code
    sheet["C7"] = "正常推进"
    sheet["A9"] = "2.2.3"  # the same goal again
    sheet["C9"] = "滞后"
    sheet["A10"] = "2.2.3"  # its indicator rows are not mistakes of their own
    sheet["K10"] = 11
    sheet["A11"] = "5.5.5"  # a goal row the database will judge
    sheet["A12"] = "9.9.9"  # an indicator row whose goal row is not there
    sheet["K12"] = 99
    result = read(save(filled))
    assert [(e.row, e.column) for e in result.errors] == [
        (5, "B"),
        (7, "A"),
        (9, "A"),
        (12, "A"),
    ]
    assert result.errors[2].message == "Goal 2.2.3 appears twice (rows 4 and 9)."
    assert [g.code for g in result.goals] == ["2.2.3", "5.5.5"]


def test_read_round_trips_through_a_dict(filled):
    filled.worksheets[0]["C4"] = "进行中"
    sheet = read(save(filled))
    assert UpdateSheet.from_dict(sheet.to_dict()) == sheet


# -- files that are refused --------------------------------------------------------------------


def code(name: str, data: bytes) -> str:
    with pytest.raises(DocumentError) as caught:
        read_updates(name, data, statuses=STATUS_TEXTS)
    return caught.value.code


def test_refused_not_a_workbook():
    assert code("填报.xlsx", "这不是表格".encode()) == "not_xlsx"
    # An OLE file is an old .xls (here a damaged one) or an encrypted workbook.
    assert code("填报.xlsx", b"\xd0\xcf\x11\xe0" + b"\0" * 100) == "damaged"


def test_refused_a_workbook_protected_by_a_password(filled):
    assert code("填报.xlsx", encrypted(save(filled))) == "encrypted"
    docx = io.BytesIO()
    with zipfile.ZipFile(docx, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    assert code("填报.xlsx", docx.getvalue()) == "not_xlsx"


def test_refused_by_suffix_size_and_emptiness():
    data = write_template(template())
    assert code("填报.xls", data) == "unsupported"
    assert code("填报.csv", data) == "unsupported"
    assert code("填报.xlsm", data) == "macro"
    assert code("填报.xlsx", b"") == "empty"
    with pytest.raises(DocumentError) as caught:
        read_updates("填报.xlsx", data, statuses=STATUS_TEXTS, max_bytes=100)
    assert caught.value.code == "too_large"


def test_refused_macros():
    data = write_template(template())
    assert code("x.xlsx", rezip(data, add={"xl/vbaProject.bin": b"\0" * 10})) == "macro"
    macro_type = rezip(
        data,
        replace={
            "[Content_Types].xml": lambda xml: xml.replace(
                b"spreadsheetml.sheet.main+xml", b"ms-excel.sheet.macroEnabled.main+xml"
            )
        },
    )
    assert code("x.xlsx", macro_type) == "macro"


def test_refused_entities():
    entity = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]>'
    data = rezip(
        write_template(template()),
        replace={"xl/worksheets/sheet1.xml": lambda xml: entity + xml},
    )
    assert code("x.xlsx", data) == "unsafe"


def test_refused_zip_bomb():
    data = rezip(write_template(template()), add={"xl/media/bomb.bin": b"\0" * (60 * 1024**2)})
    assert code("x.xlsx", data) == "inflated"


def test_refused_workbook_that_is_not_our_template():
    book = Workbook()
    book.active["A1"] = "任务编号"
    assert code("x.xlsx", save(book)) == "not_template"


@pytest.mark.parametrize("quarter", [None, 5, "四"])
def test_refused_missing_or_wrong_quarter_marker(filled, quarter):
    filled[META_SHEET]["B5"] = quarter
    assert code("x.xlsx", save(filled)) == "quarter_marker"


def test_refused_too_many_rows(filled, monkeypatch):
    import targets.io.update_sheets.reader as update_sheets

    monkeypatch.setattr(update_sheets, "MAX_ROWS", 10)
    filled.worksheets[0]["B20"] = "x"
    assert code("x.xlsx", save(filled)) == "too_many_rows"


def test_refused_too_much_text(filled, monkeypatch):
    import targets.io.update_sheets.reader as update_sheets

    monkeypatch.setattr(update_sheets, "MAX_TEXT", 20)
    filled.worksheets[0]["H4"] = "很长的进展情况" * 3
    assert code("x.xlsx", save(filled)) == "too_much_text"
