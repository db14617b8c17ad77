"""
Reading a list of departments and accounts (targets/io/account_imports): the
template and the layouts offices keep (a title above, a header over two rows,
a unit merged down over its people, headings, notes, synonyms), and every
kind of mistake, located by sheet, row and column.
"""

import io

import pytest
from openpyxl import load_workbook

from targets.io.account_imports import (
    TEMPLATE_COLUMNS,
    AccountSheet,
    read_accounts,
    write_first_passwords,
    write_template,
)
from targets.io.files import DocumentError
from tests.helpers import workbook_of as workbook

ROLES = {"填报员": "staff", "督查室": "supervisor", "领导": "leader", "管理员": "admin"}
KINDS = {"区直部门": "bureau", "街道": "street", "区属企业": "company", "其他": "other"}
HEADER = [header for _role, header in TEMPLATE_COLUMNS]


def read(data: bytes, name="名单.xlsx") -> AccountSheet:
    return read_accounts(name, data, roles=ROLES, kinds=KINDS, default_role="staff")


def errors(sheet: AccountSheet) -> list[tuple]:
    return [(e.sheet, e.row, e.column, e.template % e.params) for e in sheet.errors]


# -- the template ------------------------------------------------------------------------


def test_template_rows_become_units_and_people():
    data = workbook(
        (
            "名单",
            [
                ["单位和账号名单"],
                HEADER,
                [
                    "洪山区发展和改革局",
                    "区发改局、发改局",
                    "区直部门",
                    "",
                    "张三",
                    "zhangsan",
                    "填报员",
                    "138 0013 8000",
                    "zhangsan@hs.gov.cn",
                ],
                ["区发改局", "", "", "", "李四", "lisi", "", "", ""],
                ["洪山区科学技术局", "区科技局", "区直部门", "区发改局", "", "", "", "", ""],
                ["", "", "", "", "王五", "wangwu", "领导", "", ""],
            ],
        )
    )
    sheet = read(data)
    assert errors(sheet) == []
    assert [(u.name, u.aliases, u.kind, u.parent) for u in sheet.units] == [
        ("洪山区发展和改革局", ["区发改局", "发改局"], "bureau", ""),
        ("洪山区科学技术局", ["区科技局"], "bureau", "洪山区发展和改革局"),
    ]
    people = [(p.username, p.name, p.role, p.unit, p.phone, p.email, p.at) for p in sheet.people]
    assert people == [
        (
            "zhangsan",
            "张三",
            "staff",
            "洪山区发展和改革局",
            "138 0013 8000",
            "zhangsan@hs.gov.cn",
            (0, 3),
        ),
        # The short name on another row is the same unit; an empty role is left to the caller.
        ("lisi", "李四", "", "洪山区发展和改革局", "", "", (0, 4)),
        ("wangwu", "王五", "leader", "", "", "", (0, 6)),
    ]
    assert sheet.tables[0].letters == {
        role: letter for (role, _header), letter in zip(TEMPLATE_COLUMNS, "ABCDEFGHI", strict=True)
    }


def test_the_template_written_is_read_back_empty_with_its_columns():
    data = write_template(
        sheet="单位和账号",
        heading="单位和账号名单",
        note="每人一行。",
        help_sheet="填写说明",
        help_headers=("列", "填写内容"),
        help_rows=[("账号", "登录用的名称。")],
    )
    book = load_workbook(io.BytesIO(data))
    assert [c.value for c in book["单位和账号"][3]] == HEADER
    assert book["填写说明"]["B2"].value == "登录用的名称。"
    sheet = read(data, "template.xlsx")
    assert (sheet.units, sheet.people, sheet.errors) == ([], [], [])


def test_a_mobile_number_stands_for_an_empty_account():
    data = workbook(("S", [HEADER, ["区发改局", "", "", "", "张三", "", "", "13800138000", ""]]))
    [person] = read(data).people
    assert (person.username, person.username_from_phone) == ("13800138000", True)


def test_the_result_survives_json():
    data = workbook(
        ("S", [HEADER, ["区发改局", "发改局", "区直部门", "", "张三", "zs", "", "", ""]])
    )
    sheet = read(data)
    again = AccountSheet.from_dict(sheet.to_dict())
    assert again.to_dict() == sheet.to_dict()
    assert again.units[0].at == {"unit": (0, 2), "alias": (0, 2), "kind": (0, 2)}


# -- the layouts offices keep --------------------------------------------------------------


def test_a_contact_list_with_a_two_row_header_and_merged_units():
    rows = [
        ["2024年各单位联络员名单"],
        ["序号", "单位", "联络员", None, None],
        [None, None, "姓名", "手机号码", "电子邮箱"],
        [1, "区发改局", "张三", 13800138000, "zs@hs.gov.cn"],
        [None, None, "李四", 13900139000, ""],
        [2, "区科技局", "王五", 13700137000, ""],
        ["注：账号为手机号码。"],
        ["填报人：赵六"],
    ]
    merges = [(0, "A2:A3"), (0, "B2:B3"), (0, "C2:E2"), (0, "A4:A5"), (0, "B4:B5")]
    sheet = read(workbook(("联络员", rows), merges=merges))
    assert errors(sheet) == []
    assert sheet.warnings == []
    assert [(p.name, p.username, p.unit, p.email) for p in sheet.people] == [
        ("张三", "13800138000", "区发改局", "zs@hs.gov.cn"),
        ("李四", "13900139000", "区发改局", ""),
        ("王五", "13700137000", "区科技局", ""),
    ]
    assert sheet.tables[-1].letters == {"unit": "B", "name": "C", "phone": "D", "email": "E"}


def test_headings_give_the_kind_of_the_units_under_them():
    rows = [
        ["单位名称", "姓名", "账号"],
        ["一、区直部门"],
        ["区发改局", "张三", "zs"],
        ["二、街道"],
        ["洪山街道", "李四", "ls"],
    ]
    sheet = read(workbook(("S", rows), merges=[(0, "A2:C2"), (0, "A4:C4")]))
    assert [(u.name, u.kind) for u in sheet.units] == [
        ("区发改局", "bureau"),
        ("洪山街道", "street"),
    ]


def test_without_a_unit_column_a_heading_is_the_unit_of_the_people_under_it():
    rows = [["姓名", "账号", "手机"], ["区发改局"], ["张三", "zs", ""], ["李四", "ls", ""]]
    sheet = read(workbook(("S", rows), merges=[(0, "A2:C2")]))
    assert [(p.username, p.unit) for p in sheet.people] == [("zs", "区发改局"), ("ls", "区发改局")]


def test_an_empty_unit_cell_under_a_reporter_is_the_unit_above_but_not_for_a_leader():
    rows = [
        HEADER,
        ["区发改局", "", "", "", "张三", "zs", "", "", ""],
        ["", "", "", "", "李四", "ls", "填报员", "", ""],
        ["", "", "", "", "王五", "ww", "领导", "", ""],
    ]
    people = read(workbook(("S", rows))).people
    assert [(p.username, p.unit) for p in people] == [
        ("zs", "区发改局"),
        ("ls", "区发改局"),
        ("ww", ""),
    ]


def test_synonyms_spaces_and_notes_in_headers_are_the_same_columns():
    rows = [["*部门名称", "简 称", "姓  名", "登录名(必填)", "角色", "联系电话", "E-mail"]]
    rows.append(["洪山区发展和改革局", "区发改局", "张 三", "zs", "督查室", "027-87654321", ""])
    sheet = read(workbook(("S", rows)))
    [person] = sheet.people
    assert (person.name, person.username, person.role, person.phone) == (
        "张三",
        "zs",
        "supervisor",
        "027-87654321",
    )
    assert sheet.units[0].aliases == ["区发改局"]


def test_units_on_one_sheet_and_people_on_another():
    units = [["单位名称", "简称", "单位类型"], ["洪山区发展和改革局", "区发改局", "区直部门"]]
    people = [["姓名", "账号", "所在单位"], ["张三", "zs", "区发改局"]]
    sheet = read(workbook(("单位", units), ("人员", people)))
    assert errors(sheet) == []
    assert [(u.name, u.kind) for u in sheet.units] == [("洪山区发展和改革局", "bureau")]
    assert sheet.people[0].unit == "洪山区发展和改革局"
    assert [t.sheet for t in sheet.tables] == ["单位", "人员"]


def test_hidden_sheets_sheets_without_a_header_and_unknown_columns_are_named():
    data = workbook(
        ("名单", [[*HEADER[:2], "考核分值", "姓名", "账号"], ["区发改局", "", "5", "张三", "zs"]]),
        ("说明", [["请按模板填写。"]]),
        ("旧表", [HEADER]),
        hidden=("旧表",),
    )
    sheet = read(data)
    notes = [(w.sheet, w.row, w.template % w.params) for w in sheet.warnings]
    assert notes == [
        ("名单", 1, "Column “考核分值” is not one Luoshi reads; it was left out."),
        (
            "说明",
            None,
            "Sheet 说明 has no header row naming its columns (单位名称, 姓名, 账号…); it was "
            "not read.",
        ),
        ("旧表", None, "Sheet 旧表 is hidden; it was not read."),
    ]


# -- every kind of bad row -----------------------------------------------------------------


def test_every_kind_of_bad_row_is_named_by_sheet_row_and_column():
    rows = [
        HEADER,
        ["区发改局", "发改局", "区直部门", "", "张三", "zs", "", "", ""],
        ["", "", "", "", "李四", "", "", "027-1234", ""],  # no account, no mobile
        ["区科技局", "", "", "", "王五", "ZS", "", "", ""],  # the same account again
        ["区财政局", "", "乡镇", "", "赵六", "zl", "外星人", "", ""],  # unknown type and role
        ["发改局", "", "街道", "", "", "", "", "", ""],  # another type for 区发改局
        ["区发改局", "", "", "区科技局", "", "", "", "", ""],
        ["区发改局", "", "", "区财政局", "", "", "", "", ""],  # another parent
        ["区审计局", "审计局", "", "", "", "", "", "", ""],
        ["区统计局", "审计局", "", "", "", "", "", "", ""],  # 审计局 is 区审计局's already
        ["区统计局", "", "", "区统计局", "", "", "", "", ""],  # its own parent
        ["", "统计局", "", "", "", "", "", "", ""],  # no unit name
    ]
    found = errors(read(workbook(("名单", rows))))
    assert found == [
        (
            "名单",
            3,
            "F",
            "No account name (账号): fill it in, or give a mobile phone number to use as the "
            "account name.",
        ),
        ("名单", 4, "F", "The account “ZS” is already on sheet 名单, row 2."),
        ("名单", 5, "G", "“外星人” is not a role: write one of 填报员、督查室、领导、管理员."),
        ("名单", 5, "C", "“乡镇” is not a unit type: write one of 区直部门、街道、区属企业、其他."),
        ("名单", 8, "D", "This row gives 区发改局 another parent unit than row 7."),
        ("名单", 12, "A", "This row gives no unit name (单位名称) and no person."),
        # Seen once every row is read: 发改局 is 区发改局, 审计局 is 区审计局's.
        ("名单", 6, "C", "This row gives 区发改局 another unit type than row 2."),
        ("名单", 10, "B", "“审计局” is already a name of 区审计局 (row 9)."),
        ("名单", 11, "D", "区统计局 cannot be its own parent unit."),
    ]


@pytest.mark.parametrize(
    ("name", "data", "code"),
    [
        ("名单.csv", b"a,b", "unsupported"),
        ("名单.xlsx", b"", "empty"),
        ("名单.xlsx", b"not a zip at all", "not_xlsx"),
        ("名单.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "damaged"),
        ("名单.xlsx", workbook(("S", [])), "empty"),
        ("名单.xlsx", workbook(("S", [["一份通知"], ["请各单位报送联络员。"]])), "no_table"),
    ],
)
def test_a_file_that_is_no_list_is_refused_in_one_sentence(name, data, code):
    with pytest.raises(DocumentError) as raised:
        read(data, name)
    assert raised.value.code == code


def test_rows_past_the_limit_are_refused(monkeypatch):
    from targets.io.account_imports import sheets

    monkeypatch.setattr(sheets, "MAX_ROWS", 3)
    rows = [HEADER] + [["区发改局", "", "", "", f"人{i}", f"u{i}", "", "", ""] for i in range(5)]
    with pytest.raises(DocumentError) as raised:
        read(workbook(("S", rows)))
    assert raised.value.code == "too_many_rows"


# -- first passwords ------------------------------------------------------------------------


def test_first_passwords_stay_text_whatever_they_start_with():
    data = write_first_passwords(
        [("区发改局", "张三", "zs", "=Ab3#xyz", "https://luoshi.example/")],
        sheet="首次登录密码",
        heading="首次登录密码",
        note="首次登录后须修改。",
        headers=("单位", "姓名", "账号", "首次登录密码", "登录地址"),
    )
    sheet = load_workbook(io.BytesIO(data))["首次登录密码"]
    assert [c.value for c in sheet[4]] == [
        "区发改局",
        "张三",
        "zs",
        "=Ab3#xyz",
        "https://luoshi.example/",
    ]
    assert sheet["D4"].data_type == "s"
