"""
A plan's title and year read from the document, the way real documents open:
a title line, the notice that issues a 分解方案, what a government website or an
attachment prints above the title. The file name is the last resort.
"""

import io

import pytest
from openpyxl import Workbook

from targets.io.preamble import plan_title
from targets.io.report import read_report
from targets.io.workbook import read_workbook

TASK = "\n一、2023年主要任务\n(一)加快产业项目落地。开工亿元以上产业项目10个。(牵头单位:区发改局)\n"


@pytest.mark.parametrize(
    ("opening", "title", "year"),
    [
        ("2023年洪山区政府工作报告", "2023年洪山区政府工作报告", 2023),
        ("  \n\n2023 年洪山区政府工作报告", "2023年洪山区政府工作报告", 2023),
        (
            "2024年洪山区政府工作报告\n——2024年1月9日在武汉市洪山区第十届人民代表大会第四次会议上\n"
            "区长 王某某",
            "2024年洪山区政府工作报告",
            2024,
        ),
        # The title names no year: the planning chapter does.
        (
            "政府工作报告\n——2023年1月5日在区第十届人民代表大会第三次会议上",
            "政府工作报告",
            2023,
        ),
        (
            "关于印发《洪山区2023年政府工作报告重点任务分解方案》的通知",
            "洪山区2023年政府工作报告重点任务分解方案",
            2023,
        ),
        # The book-title marks belong to the name when they do not enclose all of it.
        (
            "关于印发2023年《政府工作报告》重点工作任务分解方案的通知",
            "2023年《政府工作报告》重点工作任务分解方案",
            2023,
        ),
        (
            "洪山区人民政府关于印发2023年区政府工作报告目标任务分解方案的通知\n"
            "各街道办事处,区政府各部门:\n"
            "现将《2023年区政府工作报告目标任务分解方案》印发给你们,请认真贯彻落实。\n"
            "洪山区人民政府\n2023年2月1日\n2023年区政府工作报告目标任务分解方案",
            "2023年区政府工作报告目标任务分解方案",
            2023,
        ),
        # A notice that does not say 关于印发 names what it issues in its text.
        (
            "洪山区人民政府关于做好2023年重点工作落实的通知\n各街道办事处,区政府各部门:\n"
            "现将《2023年区政府工作报告重点任务清单》印发给你们,请认真贯彻落实。",
            "2023年区政府工作报告重点任务清单",
            2023,
        ),
        # What stands above the title: a document number, an attachment label, a website.
        ("洪政发〔2023〕5号\n2023年洪山区政府工作报告", "2023年洪山区政府工作报告", 2023),
        (
            "附件1\n2023年区政府工作报告目标任务分解方案",
            "2023年区政府工作报告目标任务分解方案",
            2023,
        ),
        (
            "索引号: 011043/2023-00012\n发布日期: 2023-02-01\n来源:洪山区人民政府\n"
            "2023年洪山区政府工作报告",
            "2023年洪山区政府工作报告",
            2023,
        ),
        ("2023年洪山区政府工作报告（全文）", "2023年洪山区政府工作报告", 2023),
    ],
)
def test_the_first_meaningful_line_is_the_title(opening, title, year):
    draft = read_report(opening + TASK, source_name="upload.docx")
    assert (draft.title, draft.year) == (title, year)
    # The title line is not read as a task.
    assert [g.text for g in draft.all_goals()] == ["开工亿元以上产业项目10个。"]


def test_the_file_name_is_the_last_resort_for_title_and_year():
    text = "(一)加快产业项目落地。开工亿元以上产业项目10个。(牵头单位:区发改局)\n"
    named = read_report(text, source_name="hongshan-2023-work-report.txt")
    assert (named.title, named.year) == ("hongshan-2023-work-report", 2023)
    pasted = read_report(text)
    assert (pasted.title, pasted.year) == ("", None)


def test_the_year_of_the_text_before_the_year_of_the_file_name():
    text = "政府工作报告\n一、2024年工作安排\n(一)扩大有效投资\n开工项目10个。\n"
    draft = read_report(text, source_name="2023年报告(修改稿).docx")
    assert (draft.title, draft.year) == ("政府工作报告", 2024)


@pytest.mark.parametrize(
    ("line", "title"),
    [
        ("关于印发《2023年分解方案》的通知", "2023年分解方案"),
        ("《2023年洪山区政府工作报告》重点任务分解", "《2023年洪山区政府工作报告》重点任务分解"),
        ("2023年政府工作报告(摘要)", "2023年政府工作报告"),
        ("2023 年 洪山区 政府工作报告", "2023年洪山区政府工作报告"),
    ],
)
def test_plan_title(line, title):
    assert plan_title(line) == title


def test_a_workbook_title_row_that_is_a_notice_gives_the_plan_it_issues():
    book = Workbook()
    sheet = book.active
    sheet.append(["关于印发《2024年区政府工作报告目标任务分解表》的通知"])
    sheet.append(["序号", "工作任务", "牵头单位"])
    sheet.append([1, "新建2个综合公园", "区园林局"])
    buffer = io.BytesIO()
    book.save(buffer)
    draft = read_workbook("附件.xlsx", buffer.getvalue())
    assert (draft.title, draft.year) == ("2024年区政府工作报告目标任务分解表", 2024)
