"""
Damaged cells in a filled quarterly workbook: what a probe of the upload
found (a non-numeric ``<v>``, ``t="b"`` or ``t="d"`` with a wrong value, a
shared-string index out of range, malformed XML, a reference like ZZZZ4, a
style index of 9999, ² typed in a number field or in the hidden sheet). Each
gives the upload page a clear refusal or a sensible value in the user's
language, never a 500, and ``import_update_sheet`` one line, never a
traceback; nothing is written either way.
"""

import io
import re
import zipfile
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from targets.choices import Comparator
from targets.models import QuarterlyUpdate
from tests.factories import GoalFactory, IndicatorFactory
from tests.helpers import rezip
from tests.targets.test_update_sheets import (
    REPORT,
    download,
    error_lines,
    fill,
    stored,
    token_of,
    upload,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def goals(goal_a, plan, department_a):
    """A's goals as the round trip's tests have them: rows 4–5 (2.2.3) and 6–7 (2.2.4)."""
    second = GoalFactory(plan=plan, code="2.2.4", title="研发投入", leads=[department_a])
    IndicatorFactory(
        goal=second,
        name="研发投入增长",
        phrase="研发投入增长10%以上",
        comparator=Comparator.GTE,
        target_value=Decimal("10"),
        unit="%",
    )
    return {"a": goal_a, "a2": second}


FILL_SHEET = "xl/worksheets/sheet1.xml"
DAMAGED = "该表格已损坏，无法读取：请在Excel或WPS中打开，重新保存为.xlsx后再上传。"


def _part(data: bytes, name: str) -> bytes:
    return zipfile.ZipFile(io.BytesIO(data)).read(name)


def _cell(xml: bytes, ref: str) -> bytes:
    """The whole ``<c>`` element of cell ``ref`` as openpyxl saved it."""
    match = re.search(rb'<c r="' + ref.encode() + rb'"[^>]*?(?:/>|>.*?</c>)', xml)
    assert match, ref
    return match.group(0)


def _with_cell(ref: str, element: bytes):
    """A change of the filled workbook: cell ``ref`` of the fill sheet replaced by ``element``."""

    def change(data: bytes) -> bytes:
        xml = _part(data, FILL_SHEET)
        return rezip(data, replace={FILL_SHEET: xml.replace(_cell(xml, ref), element, 1)})

    return change


def _sheet_xml(transform):
    def change(data: bytes) -> bytes:
        return rezip(data, replace={FILL_SHEET: transform(_part(data, FILL_SHEET))})

    return change


def _styled_9999(data: bytes) -> bytes:
    xml = _part(data, FILL_SHEET)
    cell = _cell(xml, "D4")
    styled = re.sub(rb' s="\d+"', b"", cell).replace(b'<c r="D4"', b'<c r="D4" s="9999"', 1)
    return rezip(data, replace={FILL_SHEET: xml.replace(cell, styled, 1)})


def _meta_year(value):
    """The hidden marker sheet with ``value`` as the year (row 4 of ``_luoshi``)."""
    return lambda data: fill(data, {"B4": value}, sheet="_luoshi")


# (change of the filled workbook, the refusal the page shows, or None when the
# file is read and the row errors say what is wrong, as listed)
CASES = {
    "non-numeric-v": (_with_cell("D4", b'<c r="D4" t="n"><v>abc</v></c>'), DAMAGED, None),
    "boolean-wrong": (_with_cell("D4", b'<c r="D4" t="b"><v>7x</v></c>'), DAMAGED, None),
    "date-wrong": (
        _with_cell("D4", b'<c r="D4" t="d"><v>notadate</v></c>'),
        None,
        ["填报表 第4行 D列：请输入0到100之间的整数。"],
    ),
    "shared-string-out-of-range": (
        _with_cell("C4", b'<c r="C4" t="s"><v>99999</v></c>'),
        DAMAGED,
        None,
    ),
    "malformed-xml": (_sheet_xml(lambda xml: xml.replace(b"</sheetData>", b"", 1)), DAMAGED, None),
    "reference-zzzz4": (
        _sheet_xml(lambda xml: xml.replace(b'<c r="D4"', b'<c r="ZZZZ4"', 1)),
        None,
        # The percentage moved out of the sheet's columns: the goal lacks one.
        ["填报表 第4行 D列：请输入0到100之间的整数。"],
    ),
    "style-9999": (_styled_9999, None, []),
    "superscript-in-percent": (
        lambda data: fill(data, {"D4": "10²"}),
        None,
        ["填报表 第4行 D列：请输入0到100之间的整数。"],
    ),
    "superscript-in-value": (
        lambda data: fill(data, {"E5": "9⁶"}),
        None,
        ["填报表 第5行 E列：请输入以家为单位的数字，如12或1.5。"],
    ),
    "superscript-in-hidden-year": (
        _meta_year("2023²"),
        "无法确定该表格填报的是哪个季度（隐藏的季度标记缺失或被改动）：请重新下载模板并填写。",
        None,
    ),
    "superscript-in-hidden-plan": (
        lambda data: fill(data, {"B3": "1²"}, sheet="_luoshi"),
        "该表格不是落实系统的填报模板：请从本单位页面下载模板后填写。",
        None,
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_a_damaged_cell_gives_the_upload_page_a_clear_answer(
    client_for, staff_a, goals, department_a, case
):
    change, refusal, errors = CASES[case]
    client = client_for(staff_a)
    data = change(fill(download(client, department_a), REPORT))
    before = stored()
    response = upload(client, data)
    assert response.status_code == 200
    if refusal is not None:
        assert refusal in response.content.decode()
        assert token_of(response) is None
    elif errors:
        assert error_lines(response) == errors
        assert token_of(response) is None
    else:  # read as if nothing were wrong: the preview offers to confirm
        assert error_lines(response) == []
        assert token_of(response) is not None
    assert stored() == before


@pytest.mark.parametrize("case", list(CASES))
def test_a_damaged_cell_gives_the_command_one_line(goals, department_a, staff_a, tmp_path, case):
    change, refusal, errors = CASES[case]
    path = tmp_path / "fgj.xlsx"
    call_command(
        "export_update_sheet",
        *("--year", "2023", "--quarter", "4", "--department", "fgj", "-o", str(path)),
    )
    path.write_bytes(change(fill(path.read_bytes(), REPORT)))
    if refusal is None and not errors:
        call_command("import_update_sheet", str(path), "--dry-run")
        return
    with pytest.raises(CommandError) as caught:
        call_command("import_update_sheet", str(path), "--user", "staff_a")
    if refusal is not None:
        assert refusal in str(caught.value)
    assert not QuarterlyUpdate.objects.exists()
