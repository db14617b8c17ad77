"""
Excel exports: the plan workbook (web and ``manage.py export_plan``) and the
tables of the dashboard and department pages, read back with openpyxl.
"""

import datetime
import io
from decimal import Decimal
from urllib.parse import unquote

import openpyxl
import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from targets.choices import Comparator, UpdateStatus
from targets.models import Department, Goal
from targets.periods import Quarter
from targets.selectors.dashboard import dashboard
from tests.factories import (
    DepartmentFactory,
    GoalFactory,
    IndicatorActualFactory,
    IndicatorFactory,
    LeaderFactory,
    QuarterlyUpdateFactory,
    SectionFactory,
)

pytestmark = pytest.mark.django_db

EXPORT_URL = reverse("targets:plan_export")
DASHBOARD_URL = reverse("targets:dashboard")
Q3 = {"year": 2023, "quarter": 3}
HEADING = "2023年洪山区政府工作报告 目标任务落实情况（截至2023年第三季度）"
FIRST_ROW = 4  # title, note, header
SHEETS = ["按单位汇总", "按章节汇总", "目标任务", "季度进展", "指标"]


def banner(sheet, row: int) -> str:
    """The title (row 1) or the note (row 2): in A, or after the columns every page repeats."""
    return next(cell.value for cell in sheet[row] if cell.value)


def at(*args) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(*args))


def workbook(response):
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert response["Content-Disposition"].startswith("attachment")
    return openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))


def rows(sheet, first=FIRST_ROW) -> list[list]:
    return [list(row) for row in sheet.iter_rows(min_row=first, values_only=True)]


def header(sheet, row=FIRST_ROW - 1) -> list:
    return [cell.value for cell in sheet[row]]


def all_text(book) -> str:
    return "\n".join(str(cell.value) for sheet in book for row in sheet.iter_rows() for cell in row)


@pytest.fixture
def small_plan(plan, department_a, department_b):
    """
    Three live goals and an archived one. As of 2023 Q3: 净增高企 (A leads, B
    supports) is at risk; 帮扶种子企业 (A) has not reported; 评定产业领军人才 (B)
    was completed in Q2.
    """
    chapter = SectionFactory(plan=plan, number="二是", title="塑优势、铸高地", order=1)
    theme = SectionFactory(plan=plan, parent=chapter, title="增强创新生态吸引力", order=2)
    other = SectionFactory(plan=plan, number="三是", title="重品质、展形象", order=3)
    firms = GoalFactory(
        plan=plan,
        section=theme,
        code="2.2.1",
        order=1,
        title="净增高企",
        text="净增高企96家，研发投入增长10%以上。",
        leads=[department_a],
        supports=[department_b],
        key=True,
        category="A类",
    )
    firms.leaders.add(LeaderFactory(name="林志远", position="副区长"))
    count = IndicatorFactory(goal=firms, order=1)
    research = IndicatorFactory(
        goal=firms,
        order=2,
        name="研发投入增长",
        phrase="研发投入增长10%以上",
        comparator=Comparator.GTE,
        target_value=Decimal("10"),
        unit="%",
    )
    q1 = QuarterlyUpdateFactory(
        goal=firms,
        quarter=1,
        percent_complete=25,
        progress='=HYPERLINK("http://example.com","已净增高企20家")',
        submitted_at=at(2023, 3, 25, 16, 0),
    )
    IndicatorActualFactory(update=q1, indicator=count, value=Decimal("20"))
    q3 = QuarterlyUpdateFactory(
        goal=firms,
        quarter=3,
        status=UpdateStatus.AT_RISK,
        percent_complete=45,
        progress="已净增高企58家。",
        problems="-部分企业申报材料不全",
        next_steps="加强企业辅导。",
        submitted_at=at(2023, 9, 28, 10, 30),
    )
    IndicatorActualFactory(update=q3, indicator=count, value=Decimal("58"))
    IndicatorActualFactory(update=q3, indicator=research, value=Decimal("3.5"))
    GoalFactory(
        plan=plan,
        section=theme,
        code="2.2.2",
        order=2,
        title="帮扶种子企业",
        text="帮扶种子企业30家。",
        leads=[department_a],
    )
    talents = GoalFactory(
        plan=plan,
        section=other,
        code="3.1.1",
        order=3,
        title="评定产业领军人才",
        text="评定产业领军人才50名。",
        leads=[department_b],
        deadline=datetime.date(2023, 6, 30),
        deadline_text="",
    )
    QuarterlyUpdateFactory(
        goal=talents,
        quarter=2,
        status=UpdateStatus.COMPLETED,
        percent_complete=100,
        progress="已评定52名。",
        submitted_at=at(2023, 6, 20, 9, 0),
    )
    GoalFactory(
        plan=plan,
        section=theme,
        code="2.2.9",
        order=9,
        title="已撤销任务",
        text="已撤销的任务原文。",
        leads=[department_a],
        archived=True,
    )
    return plan


# --- the plan workbook on the web ---------------------------------------------------------


def test_plan_export_anonymous_redirects_to_login(client, small_plan):
    response = client.get(EXPORT_URL, Q3)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_plan_export_file_name_and_sheets(client_for, leader, small_plan):
    response = client_for(leader).get(EXPORT_URL, Q3)
    book = workbook(response)
    assert unquote(response["Content-Disposition"]).endswith(
        "2023年洪山区政府工作报告_目标任务落实情况（截至2023年第三季度）.xlsx"
    )
    assert book.sheetnames == SHEETS
    for sheet in book:
        assert banner(sheet, 1) == HEADING
        assert banner(sheet, 2).split(" · 导出时间：")[0].endswith("范围：全部单位")
        assert sheet.freeze_panes == "B4"
        assert sheet.print_title_rows == "$3:$3"
        assert sheet.page_setup.orientation == "landscape"


def test_plan_export_goals_sheet(client_for, leader, small_plan):
    sheet = workbook(client_for(leader).get(EXPORT_URL, Q3))["目标任务"]
    assert header(sheet) == [
        "编号",
        "章节",
        "任务原文",
        "简称",
        "重点任务",
        "类别",
        "牵头单位",
        "配合单位",
        "责任领导",
        "完成时限",
        "指标及目标",
        "状态",
        "本季度报送",
        "完成进度",
        "指标实际值",
        "进展情况",
        "存在问题",
        "下步计划",
        "填报时间",
    ]
    theme = "二是塑优势、铸高地 / 增强创新生态吸引力"
    assert rows(sheet) == [
        [
            "2.2.1",
            theme,
            "净增高企96家，研发投入增长10%以上。",
            "净增高企",
            "★",
            "A类",
            "区发改局",
            "区科技局",
            "林志远（副区长）",
            "12月底前",
            "净增高企 96家\n研发投入增长 ≥ 10%",
            "存在风险",
            "已报送",
            0.45,
            "净增高企 58家\n研发投入增长 3.5%",
            "已净增高企58家。",
            "-部分企业申报材料不全",
            "加强企业辅导。",
            datetime.datetime(2023, 9, 28, 10, 30),
        ],
        [
            "2.2.2",
            theme,
            "帮扶种子企业30家。",
            "帮扶种子企业",
            *[None, None, "区发改局", None, None, "12月底前", None],
            "未评估",  # no approved report yet
            "未报送",
            0,
            *[None] * 5,
        ],
        [
            "3.1.1",
            "三是重品质、展形象",
            "评定产业领军人才50名。",
            "评定产业领军人才",
            *[None, None, "区科技局", None, None, datetime.datetime(2023, 6, 30), None],
            "已完成·第2季度",  # in Q2; it need not report again
            "无需报送",
            1,
            *[None] * 5,
        ],
    ]
    state = sheet["L4"]
    assert state.fill.fgColor.rgb == "00FFEB9C"  # yellow: at risk
    assert sheet["L5"].border.left.style == "dashed"  # not yet assessed: outlined
    assert sheet["L6"].fill.fgColor.rgb == "00BDD7EE"  # blue: completed
    assert sheet["N4"].number_format == "0%"
    assert sheet.auto_filter.ref == "A3:S6"


def test_plan_export_every_quarter(client_for, leader, small_plan):
    sheet = workbook(client_for(leader).get(EXPORT_URL, Q3))["季度进展"]
    assert header(sheet) == [
        "编号",
        "简称",
        "牵头单位",
        "季度",
        "状态",
        "报送情况",
        "完成进度",
        "指标实际值",
        "进展情况",
        "存在问题",
        "下步计划",
        "填报人",
        "填报时间",
    ]
    firms = ["2.2.1", "净增高企", "区发改局"]
    seeds = ["2.2.2", "帮扶种子企业", "区发改局"]
    talents = ["3.1.1", "评定产业领军人才", "区科技局"]
    nothing = [None] * 6
    assert rows(sheet) == [
        [
            *firms,
            "2023年第一季度",
            "正常推进",
            "已报送",
            0.25,
            "净增高企 20家",
            '=HYPERLINK("http://example.com","已净增高企20家")',
            None,
            None,
            None,
            datetime.datetime(2023, 3, 25, 16, 0),
        ],
        # Q1's state and share stay until a newer report is approved.
        [*firms, "2023年第二季度", "正常推进·第1季度", "未报送", 0.25, *nothing],
        [
            *firms,
            "2023年第三季度",
            "存在风险",
            "已报送",
            0.45,
            "净增高企 58家\n研发投入增长 3.5%",
            "已净增高企58家。",
            "-部分企业申报材料不全",
            "加强企业辅导。",
            None,
            datetime.datetime(2023, 9, 28, 10, 30),
        ],
        [*seeds, "2023年第一季度", "未评估", "未报送", 0, *nothing],
        [*seeds, "2023年第二季度", "未评估", "未报送", 0, *nothing],
        [*seeds, "2023年第三季度", "未评估", "未报送", 0, *nothing],
        [*talents, "2023年第一季度", "未评估", "未报送", 0, *nothing],
        [
            *talents,
            "2023年第二季度",
            "已完成",
            "已报送",
            1,
            None,
            "已评定52名。",
            None,
            None,
            None,
            datetime.datetime(2023, 6, 20, 9, 0),
        ],
        [*talents, "2023年第三季度", "已完成·第2季度", "无需报送", 1, *nothing],
    ]


def test_plan_export_indicators_with_targets_and_actuals(client_for, leader, small_plan):
    sheet = workbook(client_for(leader).get(EXPORT_URL, Q3))["指标"]
    assert header(sheet) == [
        "编号",
        "简称",
        "牵头单位",
        "配合单位",
        "指标",
        "原文表述",
        "目标",
        "比较方式",
        "目标值",
        "目标上限",
        "单位",
        "基数",
        "2023年第一季度实际值",
        "2023年第二季度实际值",
        "2023年第三季度实际值",
    ]
    owners = ["2.2.1", "净增高企", "区发改局", "区科技局"]
    assert rows(sheet) == [
        [*owners, "净增高企", "净增高企96家", "96家", "等于", 96, None, "家", None, 20, None, 58],
        [
            *owners,
            "研发投入增长",
            "研发投入增长10%以上",
            "≥ 10%",
            "不少于",
            10,
            None,
            "%",
            None,
            None,
            None,
            3.5,
        ],
    ]
    assert sheet["I4"].data_type == "n" and sheet["O5"].data_type == "n"


TALLY_HEADER = ["已报送", "应报送", "报送率", "待审核", "未报送", "平均进度"]
TALLY_HEADER += ["已完成", "正常推进", "存在风险", "滞后", "未启动", "未评估"]


def test_plan_export_summary_by_department(client_for, leader, small_plan):
    sheet = workbook(client_for(leader).get(EXPORT_URL, Q3))["按单位汇总"]
    assert header(sheet) == ["单位", "牵头任务", "配合任务", *TALLY_HEADER]
    # lead, support | reported, expected, rate, pending, missing, average | completed …
    # not yet assessed
    assert rows(sheet) == [
        ["区发改局", 2, 0, 1, 2, 0.5, 0, 1, 0.22, 0, 0, 1, 0, 0, 1],
        ["区科技局", 1, 1, 0, 0, None, 0, 0, 1, 1, 0, 0, 0, 0, 0],
        ["合计", 3, 1, 1, 2, 0.5, 0, 1, 0.48, 1, 0, 1, 0, 0, 1],
    ]


def test_plan_export_summary_matches_the_dashboard(client_for, leader, small_plan):
    sheet = workbook(client_for(leader).get(EXPORT_URL, Q3))["按单位汇总"]
    data = dashboard(
        small_plan,
        Quarter(2023, 3),
        goals=Goal.objects.visible_to(leader),
        departments=Department.objects.visible_to(leader).filter(active=True),
    )
    shown = [
        (d["name"], d["lead"], d["support"], d["reported"], d["tally"].expected, d["missing"])
        for d in data.departments
    ]
    assert [(r[0], r[1], r[2], r[3], r[4], r[7]) for r in rows(sheet)[:-1]] == shown


def test_plan_export_summary_by_section(client_for, leader, small_plan):
    sheet = workbook(client_for(leader).get(EXPORT_URL, Q3))["按章节汇总"]
    assert header(sheet) == ["章节", "任务数", *TALLY_HEADER]
    assert rows(sheet) == [
        ["二是塑优势、铸高地", 2, 1, 2, 0.5, 0, 1, 0.22, 0, 0, 1, 0, 0, 1],
        ["\u3000增强创新生态吸引力", 2, 1, 2, 0.5, 0, 1, 0.22, 0, 0, 1, 0, 0, 1],
        ["三是重品质、展形象", 1, 0, 0, None, 0, 0, 1, 1, 0, 0, 0, 0, 0],
        ["合计", 3, 1, 2, 0.5, 0, 1, 0.48, 1, 0, 1, 0, 0, 1],
    ]


def test_plan_export_typed_text_is_never_a_formula(client_for, leader, small_plan):
    book = workbook(client_for(leader).get(EXPORT_URL, Q3))
    cell = book["季度进展"]["I4"]
    assert cell.value == '=HYPERLINK("http://example.com","已净增高企20家")'
    assert (cell.data_type, cell.quotePrefix) == ("s", True)
    assert (book["目标任务"]["Q4"].data_type, book["目标任务"]["Q4"].quotePrefix) == ("s", True)
    for sheet in book:
        for row in sheet.iter_rows():
            assert all(c.data_type != "f" for c in row), sheet.title


def test_plan_export_leaves_out_characters_a_workbook_cannot_hold(client_for, leader, small_plan):
    """A U+FFFF in one narrative made every export of the plan answer 500."""
    Goal.objects.filter(code="2.2.2").update(title="帮扶\uffff种子企业")
    small_plan.goals.get(code="2.2.1").updates.filter(quarter=3).update(
        progress="已净增\ufffe高企58家。\uffff", problems="资金\x0b拨付"
    )
    book = workbook(client_for(leader).get(EXPORT_URL, Q3))
    text = all_text(book)
    assert "帮扶种子企业" in text
    assert "已净增高企58家。" in text
    assert "资金拨付" in text
    assert not any(c in text for c in "\ufffe\uffff\x0b")


def test_goal_list_export_of_a_search_for_a_character_a_workbook_cannot_hold(
    client_for, leader, small_plan
):
    """``/goals/?q=%EF%BF%BF&_export=xlsx`` answered 500: the search is written in the note."""
    response = client_for(leader).get(
        reverse("targets:goal_list"), {"q": "\uffff", "_export": "xlsx"}
    )
    sheet = workbook(response).active
    assert sheet["A2"].value.startswith("筛选条件：搜索： · 导出时间：")


def test_plan_export_staff_get_their_departments_goals_only(client_for, staff_b, small_plan):
    book = workbook(client_for(staff_b).get(EXPORT_URL, Q3))
    # B supports 净增高企 and leads 评定产业领军人才; 帮扶种子企业 is A's alone.
    assert [r[0] for r in rows(book["目标任务"])] == ["2.2.1", "3.1.1"]
    text = all_text(book)
    assert "帮扶种子企业" not in text
    assert "区科技局牵头或配合的目标任务" in banner(book["目标任务"], 2)
    assert rows(book["按单位汇总"]) == [
        ["区科技局", 1, 1, 0, 0, None, 0, 0, 1, 1, 0, 0, 0, 0, 0],
        ["合计", 1, 1, 0, 0, None, 0, 0, 1, 1, 0, 0, 0, 0, 0],
    ]


def test_plan_export_leaves_archived_goals_out(client_for, admin, small_plan):
    book = workbook(client_for(admin).get(EXPORT_URL, Q3))
    assert [r[0] for r in rows(book["目标任务"])] == ["2.2.1", "2.2.2", "3.1.1"]
    assert "已撤销" not in all_text(book)


def test_plan_export_without_quarter_uses_the_dashboards(client_for, leader, small_plan):
    book = workbook(client_for(leader).get(EXPORT_URL, {"year": 2023}))
    assert banner(book["目标任务"], 1).endswith("（截至2023年第四季度）")  # today is 2023 Q4
    assert book["指标"]["P3"].value == "2023年第四季度实际值"


@pytest.mark.parametrize(
    "query",
    [{"year": 1999}, {"year": "x"}, {"year": 2023, "quarter": 5}, {"year": 2023, "quarter": "x"}],
)
def test_plan_export_bad_period_is_404(client_for, leader, small_plan, query):
    assert client_for(leader).get(EXPORT_URL, query).status_code == 404


@pytest.mark.parametrize("goal_count", [1, 20])
def test_plan_export_query_count_does_not_grow(
    client_for, leader, plan, django_assert_num_queries, goal_count
):
    theme = SectionFactory(plan=plan, title="主题")
    for _ in range(goal_count):
        goal = GoalFactory(
            plan=plan, section=theme, leads=[DepartmentFactory()], supports=[DepartmentFactory()]
        )
        IndicatorActualFactory(
            update=QuarterlyUpdateFactory(goal=goal, quarter=3),
            indicator=IndicatorFactory(goal=goal),
        )
    client = client_for(leader)
    # The last is the download's entry in the audit log.
    with django_assert_num_queries(11):
        book = workbook(client.get(EXPORT_URL, Q3))
    assert len(rows(book["目标任务"])) == goal_count


# --- manage.py export_plan -------------------------------------------------------------------


def run(*args) -> str:
    out = io.StringIO()
    call_command("export_plan", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_command_writes_the_workbook(tmp_path, small_plan):
    target = tmp_path / "plan.xlsx"
    out = run("--year", "2023", "--quarter", "3", "-o", str(target))
    assert out == f"{target}: 2023年洪山区政府工作报告, 2023年第3季度, 3 goals\n"
    book = openpyxl.load_workbook(target)
    assert book.sheetnames == SHEETS
    assert banner(book["目标任务"], 1) == HEADING
    assert [r[0] for r in rows(book["目标任务"])] == ["2.2.1", "2.2.2", "3.1.1"]
    assert [p.name for p in tmp_path.iterdir()] == ["plan.xlsx"]  # no partial file left


def test_command_as_a_user_exports_what_they_see(tmp_path, staff_b, small_plan):
    target = tmp_path / "b.xlsx"
    run("--year", "2023", "--quarter", "3", "--user", "staff_b", "-o", str(target))
    assert [r[0] for r in rows(openpyxl.load_workbook(target)["目标任务"])] == ["2.2.1", "3.1.1"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--year", "1999"], "该年度没有工作方案。"),
        (["--year", "20x3"], "年度必须是数字。"),
        (["--year", "2023", "--quarter", "5"], "季度只能是1、2、3或4。"),
        (["--year", "2023", "--user", "nobody"], "No such user: nobody"),
    ],
)
def test_command_bad_input_is_one_line_and_writes_nothing(tmp_path, small_plan, args, message):
    with pytest.raises(CommandError) as error:
        run(*args, "-o", str(tmp_path / "plan.xlsx"))
    assert str(error.value) == message
    assert list(tmp_path.iterdir()) == []


def test_command_missing_directory(tmp_path, small_plan):
    with pytest.raises(CommandError, match="No such directory"):
        run("--year", "2023", "-o", str(tmp_path / "nowhere" / "plan.xlsx"))


# --- tables as shown --------------------------------------------------------------------------


def test_dashboard_table_export_has_the_filtered_rows(client_for, leader, small_plan):
    response = client_for(leader).get(DASHBOARD_URL, {**Q3, "q": "科技", "_export": "xlsx"})
    book = workbook(response)
    sheet = book.active
    assert sheet.title == "各单位情况"
    assert banner(sheet, 1) == "2023年洪山区政府工作报告 各单位落实情况（2023年第三季度）"
    assert banner(sheet, 2).startswith("筛选条件：搜索：科技 · 导出时间：")
    assert header(sheet) == [
        "单位",
        "牵头",
        "配合",
        "已报送数",
        "应报送数",
        "已报送",
        "按时报送任务数",
        "按时报送",
        "完成率",
        "平均进度",
        "已完成",
        "正常推进",
        "存在风险",
        "滞后",
        "未启动",
        "未评估",
        "待审核",
        "未报送",
    ]
    # B's one lead goal was completed in an earlier quarter: nothing to report, 100% done.
    assert rows(sheet) == [["区科技局", 1, 1, 0, 0, None, 0, None, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0]]


def test_dashboard_table_export_keeps_the_sort(client_for, leader, small_plan):
    query = {**Q3, "sort": "-missing", "_export": "xlsx"}
    sheet = workbook(client_for(leader).get(DASHBOARD_URL, query)).active
    assert banner(sheet, 2).startswith("未筛选 · 导出时间：")
    # A's Q3 update came in after the due date (25 September): reported, not on time.
    assert rows(sheet) == [
        ["区发改局", 2, 0, 1, 2, 0.5, 0, 0, 0, 0.22, 0, 0, 1, 0, 0, 1, 0, 1],
        ["区科技局", 1, 1, 0, 0, None, 0, None, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0],
    ]
    assert sheet["F4"].number_format == "0%"
    assert sheet["H4"].number_format == "0%"


def department_url(department):
    return reverse("targets:department_detail", args=[department.pk])


def test_department_table_export_has_the_filtered_rows(
    client_for, staff_a, department_a, small_plan
):
    query = {**Q3, "report": "missing", "_export": "xlsx"}
    sheet = workbook(client_for(staff_a).get(department_url(department_a), query)).active
    assert sheet.title == "区发改局"
    assert banner(sheet, 1) == "洪山区发展和改革局 目标任务落实情况（2023年第三季度）"
    assert banner(sheet, 2).startswith("筛选条件：本季度报送：未报送 · ")
    assert header(sheet) == [
        "编号",
        "目标任务",
        "章节",
        "职责",
        "牵头单位",
        "状态",
        "完成进度",
        "本季度进展",
    ]  # the report button is not exported
    assert rows(sheet) == [
        ["2.2.2", "帮扶种子企业", "增强创新生态吸引力", "牵头", "区发改局", "未评估", 0, "未报送"]
    ]


def test_department_table_export_has_every_page(client_for, supervisor, department_b, small_plan):
    query = {**Q3, "per_page": 1, "page": 2, "sort": "-percent", "_export": "xlsx"}
    sheet = workbook(client_for(supervisor).get(department_url(department_b), query)).active
    assert rows(sheet) == [
        [
            "3.1.1",
            "评定产业领军人才",
            "三是重品质、展形象",
            "牵头",
            "区科技局",
            "已完成·第2季度",
            1,
            "此前已完成",
        ],
        [
            "2.2.1",
            "净增高企",
            "增强创新生态吸引力",
            "配合",
            "区发改局",
            "存在风险",
            0.45,
            "—",
        ],
    ]
    assert sheet["F5"].fill.fgColor.rgb == "00FFEB9C"


def test_department_table_export_reported_time(client_for, staff_a, department_a, small_plan):
    query = {**Q3, "state": "at_risk", "_export": "xlsx"}
    sheet = workbook(client_for(staff_a).get(department_url(department_a), query)).active
    assert rows(sheet)[0][-1] == datetime.datetime(2023, 9, 28, 10, 30)


def test_department_table_export_other_department_is_404(
    client_for, staff_b, department_a, small_plan
):
    query = {**Q3, "_export": "xlsx"}
    assert client_for(staff_b).get(department_url(department_a), query).status_code == 404


def test_pages_link_to_their_exports(client_for, staff_a, department_a, small_plan):
    client = client_for(staff_a)
    html = client.get(DASHBOARD_URL, {**Q3, "q": "发改"}).content.decode()
    assert f'href="{EXPORT_URL}?year=2023&amp;quarter=3"' in html
    assert 'href="?year=2023&amp;quarter=3&amp;q=%E5%8F%91%E6%94%B9&amp;_export=xlsx"' in html
    html = client.get(department_url(department_a), {**Q3, "report": "missing"}).content.decode()
    assert 'href="?year=2023&amp;quarter=3&amp;report=missing&amp;_export=xlsx"' in html


@pytest.mark.parametrize("goal_count", [1, 20])
def test_department_table_export_query_count_does_not_grow(
    client_for, staff_a, plan, department_a, department_b, django_assert_num_queries, goal_count
):
    theme = SectionFactory(plan=plan, title="主题")
    for _ in range(goal_count):
        goal = GoalFactory(plan=plan, section=theme, leads=[department_a], supports=[department_b])
        QuarterlyUpdateFactory(goal=goal, quarter=3)
    client = client_for(staff_a)
    # The year picker and the plan are one query of the followed plans; the period's
    # due date and state one (the table's report buttons follow it); the download's entry in
    # the audit log one. No tally: the file has none; no query of the goals the staff
    # may report on (told from the rows' roles, and the file has no buttons).
    with django_assert_num_queries(9):
        sheet = workbook(client.get(department_url(department_a), {**Q3, "_export": "xlsx"}))
    assert len(rows(sheet.active)) == goal_count


def test_department_table_export_refused_filter_is_named(
    client_for, staff_a, department_a, small_plan
):
    query = {**Q3, "state": "purple", "_export": "xlsx"}
    sheet = workbook(client_for(staff_a).get(department_url(department_a), query)).active
    assert banner(sheet, 2).startswith("筛选条件：状态：purple · ")
    assert rows(sheet) == []
