"""
The quarterly round trip in Excel: download a department's template, fill it
in with openpyxl as a person would in Excel, upload, preview, confirm.
"""

import html
import io
import re
from decimal import Decimal

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from targets.choices import Comparator, ReviewState, UpdateStatus
from targets.models import IndicatorActual, QuarterlyUpdate
from targets.periods import Quarter
from targets.services.periods import period_close, period_for
from targets.services.review import quarterly_update_approve
from targets.services.update_sheets import update_sheet_apply, update_sheet_check, update_sheet_read
from targets.services.updates import UpdateData, closed_message, quarterly_update_submit
from tests.factories import (
    GoalFactory,
    IndicatorActualFactory,
    IndicatorFactory,
    QuarterlyUpdateFactory,
)
from tests.helpers import rezip, shared_strings
from tests.html import counts, text

pytestmark = pytest.mark.django_db

UPLOAD = reverse("targets:update_sheet_upload")
DASHBOARD = reverse("targets:dashboard")


def template_url(department, **query):
    url = reverse("targets:update_sheet_download", args=[department.pk])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


@pytest.fixture
def goals(goal_a, plan, department_a, department_b):
    """
    A's goals: 2.2.3 (净增高企, 96 家) and 2.2.4 with a rate that may fall;
    B's goal 3.1.1. In A's template: rows 4–5 and 6–7.
    """
    second = GoalFactory(plan=plan, code="2.2.4", title="研发投入", leads=[department_a])
    IndicatorFactory(
        goal=second,
        name="研发投入增长",
        phrase="研发投入增长10%以上",
        comparator=Comparator.GTE,
        target_value=Decimal("10"),
        unit="%",
    )
    other = GoalFactory(plan=plan, code="3.1.1", title="新增上市企业", leads=[department_b])
    IndicatorFactory(goal=other, name="新增上市企业", target_value=Decimal("2"), unit="家")
    return {"a": goal_a, "a2": second, "b": other}


def download(client, department, **query) -> bytes:
    response = client.get(template_url(department, **query))
    assert response.status_code == 200, response
    return b"".join(response.streaming_content)


def fill(data: bytes, cells: dict, *, sheet=0) -> bytes:
    book = load_workbook(io.BytesIO(data))
    worksheet = book.worksheets[sheet] if isinstance(sheet, int) else book[sheet]
    for ref, value in cells.items():
        worksheet[ref] = value
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


REPORT = {  # 2.2.3 completed with its 96 家; 2.2.4 on track
    "C4": "已完成",
    "D4": 100,
    "E5": 96,
    "H4": "全年净增高企96家，完成目标。",
    "C6": "正常推进",
    "D6": 80,
    "E7": -1.5,
    "H6": "研发投入同比略降，四季度加大投入。",
}


def upload(client, data: bytes, name="进展.xlsx"):
    return client.post(UPLOAD, {"file": SimpleUploadedFile(name, data)})


def token_of(response) -> str | None:
    match = re.search(r'name="token" value="([^"]+)"', response.content.decode())
    return match.group(1) if match else None


def confirm(client, response):
    return client.post(UPLOAD, {"token": token_of(response)})


def error_lines(response) -> list[str]:
    html = response.content.decode()
    if 'id="upload-errors"' not in html:
        return []
    block = html.split('id="upload-errors"', 1)[1].split("</div>\n", 2)[1]
    return re.findall(r"<li>(.*?)</li>", block)


def preview(response) -> list[tuple[str, str]]:
    """(goal code, result) of each preview row."""
    html = response.content.decode()
    table = html.split('id="preview-table"', 1)[1].split("</table>", 1)[0]
    rows = re.findall(r"<tr data-action[^>]*>(.*?)</tr>", table, re.S)
    result = []
    for row in rows:
        cells = [text(c) for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
        result.append((cells[0], cells[2]))
    return result


def stored() -> tuple[int, int, int, int]:
    """Rows and history rows of updates and actual values: an upload refused changes none."""
    return (
        QuarterlyUpdate.objects.count(),
        IndicatorActual.objects.count(),
        QuarterlyUpdate.history.count(),
        IndicatorActual.history.count(),
    )


# -- the template download -------------------------------------------------------------------


def test_template_anonymous_redirects_to_login(client, department_a):
    response = client.get(template_url(department_a))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_template_other_department_is_404(client_for, staff_b, goals, department_a):
    assert client_for(staff_b).get(template_url(department_a)).status_code == 404


def test_template_leader_is_refused(client_for, leader, goals, department_a):
    assert client_for(leader).get(template_url(department_a)).status_code == 403


@pytest.mark.parametrize("who", ["staff_a", "supervisor", "admin"])
def test_template_download(client_for, goals, department_a, who, request):
    client = client_for(request.getfixturevalue(who))
    response = client.get(template_url(department_a, year=2023, quarter=4))
    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert "attachment" in response["Content-Disposition"]
    assert (
        "%E8%BF%9B%E5%B1%95%E5%A1%AB%E6%8A%A5%E8%A1%A8.xlsx" in (response["Content-Disposition"])
    )  # 区发改局2023年第4季度进展填报表.xlsx, URL-encoded
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert book.sheetnames == ["填报表", "填报说明", "_luoshi"]
    sheet = book["填报表"]
    assert sheet["A1"].value == "2023年洪山区政府工作报告 · 2023年第四季度进展填报表 · 区发改局"
    rows = [r[:7] for r in sheet.iter_rows(min_row=3, max_row=8, values_only=True)]
    headers = ("任务编号", "目标任务 / 指标", "状态", "完成进度（%）", "累计完成值", "单位")
    assert rows == [
        (*headers, "目标值 / 完成时限"),
        ("2.2.3", "净增高企", None, None, None, None, "12月底前"),
        ("2.2.3", "　指标：净增高企", None, None, None, "家", "96家"),
        ("2.2.4", "研发投入", None, None, None, None, "12月底前"),
        ("2.2.4", "　指标：研发投入增长", None, None, None, "%", "≥ 10%"),
        (None,) * 7,  # B's goal is not in A's template
    ]
    lists = [v for v in sheet.data_validations.dataValidation if v.type == "list"]
    assert lists[0].formula1 == '"未启动,正常推进,存在风险,滞后,已完成"'
    instructions = "\n".join(
        str(r[1]) for r in book["填报说明"].iter_rows(min_row=3, values_only=True)
    )
    # The period's due date, as the pages, the lateness count and the reminders say it.
    assert "请于2023年12月25日前在落实系统中上传填好的表格" in instructions
    assert "请勿修改灰色列" in instructions


def test_template_prefilled_from_last_quarter(client_for, staff_a, goals, department_a):
    update = QuarterlyUpdateFactory(
        goal=goals["a"],
        quarter=3,
        status=UpdateStatus.AT_RISK,
        percent_complete=45,
        progress="截至9月底净增58家。",
        next_steps="加强辅导。",
    )
    IndicatorActualFactory(update=update, indicator=goals["a"].indicators.get(), value=58)
    data = download(client_for(staff_a), department_a, year=2023, quarter=4)
    sheet = load_workbook(io.BytesIO(data))["填报表"]
    assert [sheet[c].value for c in ("C4", "D4", "E5", "H4", "I4", "J4")] == [
        "存在风险",
        45,
        58,
        "截至9月底净增58家。",
        None,
        "加强辅导。",
    ]


def test_template_leaves_out_characters_a_workbook_cannot_hold(
    client_for, staff_a, goals, department_a
):
    """A U+FFFF in last quarter's narrative, or in a name, made the template download 500."""
    QuarterlyUpdateFactory(
        goal=goals["a"], quarter=3, progress="截至9月底\uffff净增58家。", problems="=1\ufffe+1"
    )
    goals["a"].plan.__class__.objects.update(title="2023年洪山区\uffff政府工作报告")
    department_a.short_name = "区发改局\ufffe"
    department_a.save()
    data = download(client_for(staff_a), department_a, year=2023, quarter=4)
    sheet = load_workbook(io.BytesIO(data))["填报表"]
    assert sheet["A1"].value == "2023年洪山区政府工作报告 · 2023年第四季度进展填报表 · 区发改局"
    assert [sheet[c].value for c in ("H4", "I4")] == ["截至9月底净增58家。", "=1+1"]
    assert sheet["I4"].data_type == "s"


def test_upload_whose_shared_strings_would_tie_up_the_server_is_refused_at_once(
    client_for, staff_a, goals, department_a
):
    """
    The probe's workbook (1.1 MB, 99 MB of shared strings, 7.4 million of them) held a
    worker for a minute: one past the cap of 500,000 strings is refused before openpyxl
    reads any. The real size is measured by bench/upload_bombs.py.
    """
    client = client_for(staff_a)
    data = download(client, department_a, year=2023, quarter=4)
    strings = "xl/sharedStrings.xml"
    data = rezip(data, drop={strings}, add={strings: shared_strings(500_001)})
    before = stored()
    response = upload(client, data)
    assert response.status_code == 200
    assert (
        "该 .xlsx 文件包含超过 500,000 条不同的文字，远多于任务分解表或季度填报表，未予读取。"
        in (text(response.content.decode()))
    )
    assert stored() == before


def test_template_for_a_quarter_not_yet_open_redirects_with_message(
    client_for, staff_a, goals, department_a, monkeypatch
):
    import targets.selectors.plans

    monkeypatch.setattr(targets.selectors.plans, "current_quarter", lambda: Quarter(2023, 2))
    response = client_for(staff_a).get(template_url(department_a, year=2023, quarter=4))
    assert response.status_code == 302
    follow = client_for(staff_a).get(response.url)
    assert "不能填报2023年第4季度的进展" in follow.content.decode()


def test_department_page_links(client_for, staff_a, supervisor, leader, goals, department_a):
    url = reverse("targets:department_detail", args=[department_a.pk])
    html = client_for(staff_a).get(url, {"year": 2023, "quarter": 3}).content.decode()
    assert f'href="{template_url(department_a)}?year=2023&amp;quarter=3"' in html
    assert "下载2023年第3季度填报模板" in html
    assert f'id="upload-link" href="{UPLOAD}"' in html
    html = client_for(supervisor).get(url).content.decode()
    assert 'id="template-button"' in html
    assert 'id="upload-link"' not in html
    html = client_for(leader).get(url).content.decode()
    assert 'id="template-button"' not in html


# -- the round trip ----------------------------------------------------------------------------


def test_round_trip_shows_on_goal_page_and_dashboard(
    client_for, staff_a, leader, supervisor, goals, department_a
):
    client = client_for(staff_a)
    filled = fill(download(client, department_a), REPORT)

    response = upload(client, filled)
    assert response.status_code == 200
    assert error_lines(response) == []
    assert preview(response) == [("2.2.3", "新增填报"), ("2.2.4", "新增填报")]
    assert "新增2项，更新0项，无变化0项，未填报0项" in response.content.decode()
    assert not QuarterlyUpdate.objects.exists()  # nothing is saved before the confirmation

    response = confirm(client, response)
    assert response.status_code == 302
    assert response.url == (
        reverse("targets:department_detail", args=[department_a.pk]) + "?year=2023&quarter=4"
    )
    page = client.get(response.url).content.decode()
    assert "已导入“进展.xlsx”（2023年第4季度）：新增2项，更新0项，无变化0项，未填报0项。" in page

    update = QuarterlyUpdate.objects.get(goal=goals["a"], year=2023, quarter=4)
    assert (update.status, update.percent_complete, update.submitted_by) == (
        UpdateStatus.COMPLETED,
        100,
        staff_a,
    )
    assert update.progress == "全年净增高企96家，完成目标。"
    rate = QuarterlyUpdate.objects.get(goal=goals["a2"]).actuals.get()
    assert rate.value == Decimal("-1.5")  # a rate may fall below zero

    goal_page = client.get(goals["a"].get_absolute_url()).content.decode()
    indicators = goal_page.split('id="indicator-table"', 1)[1].split("</table>", 1)[0]
    assert "96家" in indicators
    timeline = goal_page.split('id="q-2023-4"', 1)[1].split("</article>", 1)[0]
    assert "已完成" in timeline and "100%" in timeline

    # Imported updates wait for the supervision office like typed ones: the
    # leaders' figures show them as pending until they are approved.
    dashboard = client_for(leader).get(DASHBOARD, {"year": 2023, "quarter": 4})
    figures = counts(dashboard)
    assert (figures["total"], figures["pending"], figures["completed"], figures["missing"]) == (
        "3",
        "2",
        "0",
        "1",  # B's goal
    )
    for pending in QuarterlyUpdate.objects.filter(year=2023, quarter=4):
        quarterly_update_approve(pending, user=supervisor)
    dashboard = client_for(leader).get(DASHBOARD, {"year": 2023, "quarter": 4})
    figures = counts(dashboard)
    assert (figures["total"], figures["completed"], figures["on_track"], figures["missing"]) == (
        "3",
        "1",
        "1",
        "1",
    )


def test_reimport_of_the_same_file_changes_nothing(client_for, staff_a, goals, department_a):
    client = client_for(staff_a)
    filled = fill(download(client, department_a), REPORT)
    confirm(client, upload(client, filled))
    update = QuarterlyUpdate.objects.get(goal=goals["a"])
    before = stored()
    stamps = (update.updated_at, update.submitted_at)

    response = upload(client, filled)
    assert preview(response) == [("2.2.3", "无变化"), ("2.2.4", "无变化")]
    assert token_of(response) is None
    assert 'id="upload-nothing"' in response.content.decode()
    result = update_sheet_apply(
        update_sheet_read("进展.xlsx", filled), user=staff_a, source_name="进展.xlsx"
    )
    assert result.applied and not result.changed
    assert stored() == before
    update.refresh_from_db()
    assert (update.updated_at, update.submitted_at) == stamps

    # The template downloaded now starts from this quarter's report, and uploads as unchanged.
    again = download(client, department_a)
    assert preview(upload(client, again)) == [("2.2.3", "无变化"), ("2.2.4", "无变化")]


def test_corrected_file_changes_only_what_differs(client_for, staff_a, goals, department_a):
    client = client_for(staff_a)
    filled = fill(download(client, department_a), REPORT)
    confirm(client, upload(client, filled))
    untouched = QuarterlyUpdate.objects.get(goal=goals["a2"])
    before = untouched.history.count()
    stamp = untouched.updated_at

    response = upload(client, fill(filled, {"E5": 97}))
    assert preview(response) == [("2.2.3", "更新"), ("2.2.4", "无变化")]
    assert "净增高企：</span> 96家 → <strong>97家</strong>" in response.content.decode()
    confirm(client, response)
    assert IndicatorActual.objects.get(indicator__goal=goals["a"]).value == 97
    assert untouched.history.count() == before
    untouched.refresh_from_db()
    assert untouched.updated_at == stamp


def test_history_records_who_uploaded_which_file(client_for, staff_a, goals, department_a):
    client = client_for(staff_a)
    confirm(client, upload(client, fill(download(client, department_a), REPORT), "四季度.xlsx"))
    update = QuarterlyUpdate.objects.get(goal=goals["a"])
    record = update.history.latest()
    assert (record.history_user, record.history_change_reason) == (staff_a, "upload: 四季度.xlsx")
    actual = update.actuals.get().history.latest()
    assert (actual.history_user, actual.history_change_reason) == (staff_a, "upload: 四季度.xlsx")


def test_empty_goal_rows_are_not_reported(client_for, staff_a, goals, department_a):
    client = client_for(staff_a)
    only_first = {k: v for k, v in REPORT.items() if k[1] in "45"}
    response = upload(client, fill(download(client, department_a), only_first))
    assert error_lines(response) == []
    assert preview(response) == [("2.2.3", "新增填报"), ("2.2.4", "未填写，视为未填报")]
    confirm(client, response)
    assert list(QuarterlyUpdate.objects.values_list("goal__code", flat=True)) == ["2.2.3"]


def test_rows_left_as_last_quarter_are_not_reported(client_for, staff_a, goals, department_a):
    update = QuarterlyUpdateFactory(goal=goals["a"], quarter=3, progress="三季度进展。")
    IndicatorActualFactory(update=update, indicator=goals["a"].indicators.get(), value=58)
    client = client_for(staff_a)
    response = upload(client, download(client, department_a, year=2023, quarter=4))
    assert preview(response) == [
        ("2.2.3", "与上季度相同，视为未填报"),
        ("2.2.4", "未填写，视为未填报"),
    ]
    assert token_of(response) is None
    assert not QuarterlyUpdate.objects.filter(quarter=4).exists()


# -- mistakes ----------------------------------------------------------------------------------


def other_goals_indicator(goals):
    return goals["b"].indicators.get().pk


BAD_ROWS = [
    ({"C4": "进行中"}, "填报表 第4行 C列：状态“进行中”不在下拉列表中。"),
    ({"C4": None}, "填报表 第4行 C列：请从下拉列表中选择状态。"),
    ({"D4": 150, "C4": "正常推进"}, "填报表 第4行 D列：请输入0到100之间的整数。"),
    ({"D4": "一半", "C4": "正常推进"}, "填报表 第4行 D列：请输入0到100之间的整数。"),
    ({"D4": 90}, "填报表 第4行 D列：已完成的目标任务完成进度应为100%。"),
    ({"C4": "未启动", "D4": 10}, "填报表 第4行 D列：未启动的目标任务完成进度应为0%。"),
    ({"H4": None}, "填报表 第4行 H列：请填写本季度的进展情况。"),
    ({"E5": "很多"}, "填报表 第5行 E列：请输入以家为单位的数字，如12或1.5。"),
    ({"E5": -3}, "填报表 第5行 E列：实际值不能为负数。"),
    ({"E5": 1.23456}, "填报表 第5行 E列：最多保留4位小数。"),
    (
        {"A4": "9.9.9", "A5": "9.9.9"},
        "填报表 第4行 A列：任务编号“9.9.9”不是本单位的任务。",
    ),
    # Another department's goal reads as an unknown one: its existence does not leak.
    ({"A4": "3.1.1", "A5": "3.1.1"}, "填报表 第4行 A列：任务编号“3.1.1”不是本单位的任务。"),
    ({"K5": other_goals_indicator}, "填报表 第5行 B列：该指标不属于任务2.2.3：请勿修改灰色列。"),
    ({"K5": "x"}, "填报表 第5行 B列：本行隐藏的指标编号被改动：请重新下载模板。"),
    ({"A6": "2.2.3"}, "填报表 第6行 A列：任务2.2.3重复出现（第4行和第6行）。"),
]


@pytest.mark.parametrize(("cells", "message"), BAD_ROWS)
def test_bad_row_is_located_and_nothing_is_written(
    client_for, staff_a, goals, department_a, cells, message
):
    client = client_for(staff_a)
    cells = {k: (v(goals) if callable(v) else v) for k, v in cells.items()}
    data = fill(fill(download(client, department_a), REPORT), cells)
    before = stored()
    response = upload(client, data)
    assert error_lines(response) == [message]
    assert token_of(response) is None
    assert stored() == before


def test_all_mistakes_are_shown_at_once(client_for, staff_a, goals, department_a):
    update = QuarterlyUpdateFactory(goal=goals["a"], quarter=4, progress="已报。")
    IndicatorActualFactory(update=update, indicator=goals["a"].indicators.get(), value=50)
    client = client_for(staff_a)
    data = fill(
        fill(download(client, department_a), REPORT),
        {"C4": "进行中", "E5": "很多", "D6": 120, "H6": None},
    )
    before = stored()
    response = upload(client, data)
    assert "表格中有4处错误，未保存任何内容。请改正后重新上传。" in response.content.decode()
    assert error_lines(response) == [
        "填报表 第4行 C列：状态“进行中”不在下拉列表中。",
        "填报表 第5行 E列：请输入以家为单位的数字，如12或1.5。",
        "填报表 第6行 D列：请输入0到100之间的整数。",
        "填报表 第6行 H列：请填写本季度的进展情况。",
    ]
    assert stored() == before
    # Nothing is kept for a confirmation either: applying the same file directly is refused.
    sheet = update_sheet_read("进展.xlsx", data)
    assert not update_sheet_apply(sheet, user=staff_a, source_name="进展.xlsx").applied
    assert stored() == before


@pytest.mark.parametrize(
    ("name", "change", "message"),
    [
        (
            "进展.xlsx",
            lambda data: b"not a workbook",
            "该文件不是有效的Excel表格（.xlsx）：请上传从落实系统下载并保存为.xlsx格式的表格。",
        ),
        ("进展.xls", lambda data: data, "不支持.xls类型的文件：请上传从落实系统下载的.xlsx表格。"),
        ("进展.xlsm", lambda data: data, "不接受含宏的表格：请上传从落实系统下载的.xlsx表格。"),
        (
            "进展.xlsx",
            lambda data: fill(data, {"B5": None}, sheet="_luoshi"),
            "无法确定该表格填报的是哪个季度（隐藏的季度标记缺失或被改动）：请重新下载模板并填写。",
        ),
        (
            "进展.xlsx",
            lambda data: fill(data, {"B4": 2024}, sheet="_luoshi"),
            "不能填报2024年第4季度的进展：只能填报本方案年度起至当前季度的进展。",
        ),
    ],
)
def test_bad_file_gives_one_clear_message(
    client_for, staff_a, goals, department_a, name, change, message
):
    client = client_for(staff_a)
    data = change(fill(download(client, department_a), REPORT))
    response = upload(client, data, name)
    html = response.content.decode()
    assert message in html
    assert token_of(response) is None
    assert not QuarterlyUpdate.objects.exists()


def test_future_quarter_is_refused(client_for, staff_a, goals, department_a, monkeypatch):
    client = client_for(staff_a)
    data = fill(download(client, department_a, year=2023, quarter=4), REPORT)
    import targets.selectors.plans

    monkeypatch.setattr(targets.selectors.plans, "current_quarter", lambda: Quarter(2023, 3))
    response = upload(client, data)
    assert error_lines(response) == [
        "不能填报2023年第4季度的进展：只能填报本方案年度起至当前季度的进展。"
    ]
    assert not QuarterlyUpdate.objects.exists()


def test_file_too_large_is_refused(client_for, staff_a, monkeypatch):
    import targets.forms.update_sheets

    monkeypatch.setattr(targets.forms.update_sheets, "MAX_BYTES", 10)
    response = upload(client_for(staff_a), b"x" * 11)
    assert "文件超过10 MB的上限。" in response.content.decode()


# -- access ------------------------------------------------------------------------------------


def test_upload_anonymous_redirects_to_login(client):
    response = client.get(UPLOAD)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("who", ["supervisor", "leader", "admin"])
def test_upload_is_for_department_staff(client_for, who, request):
    response = client_for(request.getfixturevalue(who)).get(UPLOAD)
    assert response.status_code == 403
    assert "只有单位填报员可以上传季度进展。" in response.content.decode()


def test_upload_page(client_for, staff_a, department_a):
    html = client_for(staff_a).get(UPLOAD).content.decode()
    assert "上传季度进展" in html
    assert f'id="template-link" href="{template_url(department_a)}"' in html


def test_other_departments_file_gives_row_errors_nothing_written(
    client_for, staff_a, staff_b, goals, department_a
):
    data = fill(download(client_for(staff_a), department_a), REPORT)
    response = upload(client_for(staff_b), data)
    assert error_lines(response) == [
        "填报表 第4行 A列：任务编号“2.2.3”不是本单位的任务。",
        "填报表 第6行 A列：任务编号“2.2.4”不是本单位的任务。",
    ]
    assert not QuarterlyUpdate.objects.exists()


def test_supporting_department_cannot_report(client_for, staff_b, plan, department_a, department_b):
    goal = GoalFactory(plan=plan, code="1.1.1", leads=[department_a], supports=[department_b])
    sheet = fill(download(client_for(staff_b), department_b), {})
    # B's template does not list a goal B only supports; a row for it is refused.
    assert update_sheet_check(update_sheet_read("x.xlsx", sheet), user=staff_b).goals == []
    data = fill(sheet, {"A4": goal.code, "B4": goal.title, "C4": "正常推进", "D4": 5, "H4": "x"})
    response = upload(client_for(staff_b), data)
    assert error_lines(response) == ["填报表 第4行 A列：任务1.1.1不是本单位牵头的任务，不能填报。"]


# -- confirming ----------------------------------------------------------------------------------


def test_confirm_with_an_unknown_token_is_refused(client_for, staff_a, goals):
    client = client_for(staff_a)
    response = client.post(UPLOAD, {"token": "forged"})
    assert response.status_code == 302
    assert "该预览已失效：请重新上传表格。" in client.get(response.url).content.decode()
    assert not QuarterlyUpdate.objects.exists()


def test_confirm_of_a_stale_preview_shows_the_new_one(
    client_for, staff_a, staff_a2, goals, department_a
):
    client = client_for(staff_a)
    response = upload(client, fill(download(client, department_a), REPORT))
    # A colleague reports 2.2.3 in the web form meanwhile.
    quarterly_update_submit(
        goals["a"],
        Quarter(2023, 4),
        UpdateData(status=UpdateStatus.BEHIND, percent_complete=30, progress="滞后。"),
        user=staff_a2,
    )
    response = confirm(client, response)
    assert response.status_code == 200
    assert "预览生成后填报内容已有变化：请核对新的预览。" in response.content.decode()
    # The colleague's report is newer than the workbook: a conflict, kept unless picked.
    assert preview(response) == [("2.2.3", "与更新的修改冲突"), ("2.2.4", "新增填报")]
    assert QuarterlyUpdate.objects.get(goal=goals["a"]).status == UpdateStatus.BEHIND
    assert confirm(client, response).status_code == 302
    assert QuarterlyUpdate.objects.get(goal=goals["a"]).status == UpdateStatus.BEHIND
    assert QuarterlyUpdate.objects.get(goal=goals["a2"]).progress == REPORT["H6"]


def test_confirm_works_once(client_for, staff_a, goals, department_a):
    client = client_for(staff_a)
    response = upload(client, fill(download(client, department_a), REPORT))
    assert confirm(client, response).status_code == 302
    before = stored()
    again = confirm(client, response)
    assert again.status_code == 302
    assert "该预览已失效" in client.get(again.url).content.decode()
    assert stored() == before


# -- the commands ------------------------------------------------------------------------------


def test_export_command_writes_the_department_template(goals, department_a, tmp_path):
    path = tmp_path / "fgj.xlsx"
    call_command(
        "export_update_sheet",
        "--year",
        "2023",
        "--quarter",
        "4",
        "--department",
        "fgj",
        "-o",
        str(path),
    )
    sheet = load_workbook(path)["填报表"]
    assert [sheet["A4"].value, sheet["A6"].value, sheet["A8"].value] == ["2.2.3", "2.2.4", None]


def test_export_command_without_department_writes_one_per_department(goals, tmp_path):
    call_command(
        "export_update_sheet",
        "--year",
        "2023",
        "--quarter",
        "4",
        "-o",
        str(tmp_path / "q4.xlsx"),
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["q4-fgj.xlsx", "q4-kjj.xlsx"]
    assert load_workbook(tmp_path / "q4-kjj.xlsx")["填报表"]["A4"].value == "3.1.1"


def test_export_command_refuses_a_year_without_plan(goals, tmp_path):
    with pytest.raises(CommandError, match="2030年没有执行中的工作方案"):
        call_command(
            "export_update_sheet",
            "--year",
            "2030",
            "--quarter",
            "1",
            "--department",
            "fgj",
            "-o",
            str(tmp_path / "x.xlsx"),
        )


@pytest.fixture
def filled_file(goals, department_a, tmp_path):
    path = tmp_path / "fgj.xlsx"
    call_command(
        "export_update_sheet",
        "--year",
        "2023",
        "--quarter",
        "4",
        "--department",
        "fgj",
        "-o",
        str(path),
    )
    path.write_bytes(fill(path.read_bytes(), REPORT))
    return path


def test_import_command_dry_run_writes_nothing(filled_file, capsys):
    before = stored()
    call_command("import_update_sheet", str(filled_file), "--dry-run")
    out = capsys.readouterr().out
    assert "2.2.3 新增填报" in out
    assert "dry run: nothing was written" in out
    assert stored() == before


def test_import_command_needs_a_user_to_write(filled_file):
    with pytest.raises(CommandError, match="--user"):
        call_command("import_update_sheet", str(filled_file))
    assert not QuarterlyUpdate.objects.exists()


def test_import_command_refuses_accounts_that_do_not_report(filled_file, admin):
    with pytest.raises(CommandError, match="not department staff"):
        call_command("import_update_sheet", str(filled_file), "--user", "admin")


def test_import_command_applies_as_the_user(filled_file, staff_a, capsys):
    call_command("import_update_sheet", str(filled_file), "--user", "staff_a")
    assert "新增2项" in capsys.readouterr().out
    update = QuarterlyUpdate.objects.get(goal__code="2.2.3")
    assert update.submitted_by == staff_a
    assert update.history.latest().history_change_reason == "upload: fgj.xlsx"
    before = stored()
    call_command("import_update_sheet", str(filled_file), "--user", "staff_a")
    assert stored() == before


def test_import_command_lists_every_mistake(filled_file, staff_a, capsys):
    filled_file.write_bytes(fill(filled_file.read_bytes(), {"C4": "进行中", "E5": -3}))
    with pytest.raises(CommandError, match="2 mistakes: nothing was imported"):
        call_command("import_update_sheet", str(filled_file), "--user", "staff_a")
    assert capsys.readouterr().err.splitlines() == [
        "填报表 第4行 C列：状态“进行中”不在下拉列表中。",
        "填报表 第5行 E列：实际值不能为负数。",
    ]
    assert not QuarterlyUpdate.objects.exists()


def test_import_command_other_departments_user(filled_file, staff_b):
    with pytest.raises(CommandError):
        call_command("import_update_sheet", str(filled_file), "--user", "staff_b")
    assert not QuarterlyUpdate.objects.exists()


# -- queries do not grow with the goals -----------------------------------------------------------


def _many_goals(plan, department, count):
    for number in range(count):
        goal = GoalFactory(plan=plan, code=f"9.{number}", leads=[department])
        IndicatorFactory(goal=goal)
        update = QuarterlyUpdateFactory(goal=goal, quarter=3)
        IndicatorActualFactory(update=update, indicator=goal.indicators.get(), value=number)


@pytest.mark.parametrize("goal_count", [1, 20])
def test_template_query_count_does_not_grow(
    client_for, staff_a, plan, department_a, django_assert_num_queries, goal_count
):
    _many_goals(plan, department_a, goal_count)
    client = client_for(staff_a)
    # The year picker and the plan are one query of the followed plans; the due date one;
    # the download's entry in the audit log one.
    with django_assert_num_queries(10):
        data = download(client, department_a, year=2023, quarter=4)
    assert load_workbook(io.BytesIO(data))["填报表"].max_row == 3 + 2 * goal_count


@pytest.mark.parametrize("goal_count", [1, 20])
def test_check_query_count_does_not_grow(
    client_for, staff_a, plan, department_a, django_assert_num_queries, goal_count
):
    _many_goals(plan, department_a, goal_count)
    data = download(client_for(staff_a), department_a, year=2023, quarter=4)
    cells = {}
    for number in range(goal_count):
        cells[f"H{4 + 2 * number}"] = f"第{number}项四季度进展。"
    sheet = update_sheet_read("x.xlsx", fill(data, cells))
    # Tables are read a fixed number of times (the reporting period too, whether it has
    # closed); the update form checks the percentage itself, not through the model's
    # CheckConstraint in the database (once a row, before issue 17).
    with django_assert_num_queries(8):
        result = update_sheet_check(sheet, user=staff_a)
    assert result.counts["created"] == goal_count


@pytest.fixture
def in_english(client_for, staff_a):
    client = client_for(staff_a)
    client.post(reverse("set_language"), {"language": "en", "next": UPLOAD})
    yield client
    translation.activate(settings.LANGUAGE_CODE)  # the middleware left English on this thread


def test_round_trip_in_english(in_english, goals, department_a):
    client = in_english
    data = download(client, department_a)
    book = load_workbook(io.BytesIO(data))
    assert book.sheetnames[:2] == ["Update sheet", "Fill-in instructions"]
    response = upload(client, fill(data, {**REPORT, "C4": "Completed", "C6": "On track"}))
    assert preview(response) == [("2.2.3", "New report"), ("2.2.4", "New report")]
    response = upload(client, fill(data, {**REPORT, "C4": "Done"}))
    assert error_lines(response) == [
        "Update sheet row 4 column C: The status “Done” is not in the drop-down list."
    ]


def test_import_command_dry_run_names_unknown_goal_codes(filled_file, capsys):
    filled_file.write_bytes(fill(filled_file.read_bytes(), {"A4": "9.9.9", "A5": "9.9.9"}))
    with pytest.raises(CommandError):
        call_command("import_update_sheet", str(filled_file), "--dry-run")
    assert capsys.readouterr().err.splitlines() == [
        "填报表 第4行 A列：任务编号“9.9.9”不在2023年洪山区政府工作报告中。"
    ]


def test_failure_while_applying_rolls_back_every_goal(
    client_for, staff_a, goals, department_a, monkeypatch
):
    """The first goal is written, the second fails: the first is undone with it."""
    import targets.services.update_sheets.apply as apply_module

    client = client_for(staff_a)
    sheet = update_sheet_read("进展.xlsx", fill(download(client, department_a), REPORT))
    real = apply_module.quarterly_update_submit
    calls = []

    def second_fails(goal, *args, **kwargs):
        calls.append(goal.code)
        if len(calls) == 2:
            from django.core.exceptions import ValidationError

            raise ValidationError("这一行写入时出错。")
        return real(goal, *args, **kwargs)

    monkeypatch.setattr(apply_module, "quarterly_update_submit", second_fails)
    before = stored()
    result = update_sheet_apply(sheet, user=staff_a, source_name="进展.xlsx")
    assert calls == ["2.2.3", "2.2.4"]
    assert not result.applied
    assert [str(e) for e in result.errors] == ["这一行写入时出错。"]
    assert stored() == before


def test_template_states_the_periods_due_date_when_the_office_moved_it(
    client_for, staff_a, supervisor, plan, goal_a
):
    import datetime

    from targets.services.periods import period_for, period_set_due_date

    period_set_due_date(period_for(plan, 4), datetime.date(2023, 12, 20), user=supervisor)
    book = load_workbook(
        io.BytesIO(download(client_for(staff_a), goal_a.departments.get(), year=2023, quarter=4))
    )
    instructions = "\n".join(
        str(r[1]) for r in book["填报说明"].iter_rows(min_row=3, values_only=True)
    )
    assert "请于2023年12月20日前在落实系统中上传填好的表格" in instructions


# -- a closed quarter ---------------------------------------------------------------------------


@pytest.fixture
def closed_q4(plan, supervisor):
    """The office closed 2023 Q4 after the workbook was downloaded."""

    def close():
        period = period_for(plan, 4)
        period_close(period, user=supervisor)
        period.refresh_from_db()
        return closed_message(period)

    return close


def test_closed_quarter_is_refused_at_preview_as_at_confirm(
    client_for, staff_a, goals, department_a, closed_q4
):
    """
    The preview says what the confirmation would: not "新增2项" first and the
    refusal only when the user confirms. Nothing can be confirmed or written.
    """
    client = client_for(staff_a)
    data = fill(download(client, department_a), REPORT)
    message = closed_q4()
    before = stored()
    response = upload(client, data)
    assert [html.unescape(line) for line in error_lines(response)] == [message]
    assert token_of(response) is None
    assert stored() == before
    # The same words as the confirmation's, which checks again.
    sheet = update_sheet_read("进展.xlsx", data)
    applied = update_sheet_apply(sheet, user=staff_a, source_name="进展.xlsx")
    assert [str(error) for error in applied.errors] == [message]
    assert stored() == before


def test_closed_quarter_is_refused_by_the_dry_run(filled_file, closed_q4, capsys):
    message = closed_q4()
    with pytest.raises(CommandError, match="1 mistake"):
        call_command("import_update_sheet", str(filled_file), "--dry-run")
    assert capsys.readouterr().err.splitlines() == [message]


def test_closed_quarter_still_takes_an_update_the_office_returned(
    client_for, staff_a, supervisor, goals, department_a, closed_q4
):
    """A return asks for an answer: its update may be sent again after the close."""
    QuarterlyUpdateFactory(
        goal=goals["a"], quarter=4, review_state=ReviewState.RETURNED, percent_complete=50
    )
    client = client_for(staff_a)
    data = fill(download(client, department_a), {k: v for k, v in REPORT.items() if k[1] in "45"})
    closed_q4()
    response = upload(client, data)
    assert error_lines(response) == []
    assert preview(response)[0] == ("2.2.3", "更新")
    assert token_of(response) is not None
