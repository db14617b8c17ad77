"""
Fill the Chinese catalogue from the table below, then compile it.

Run after ``make messages`` has added new msgids: ``python locale/translate_zh.py``.
A msgid missing from the table is reported and left empty, and the test
suite fails until it is translated (tests/test_translations.py).
Needs polib (``pip install polib``); the app itself does not.
"""

import sys
from pathlib import Path

import polib

PO = Path(__file__).parent / "zh_Hans" / "LC_MESSAGES" / "django.po"

ZH = {
    # accounts
    "Luoshi role": "落实角色",
    "Personal info": "个人信息",
    "Permissions": "权限",
    "Important dates": "重要日期",
    "Accounts": "账户",
    "Department staff": "填报员",
    "Supervisor": "督查室",
    "Leader": "领导",
    "Administrator": "管理员",
    "department": "单位",
    "role": "角色",
    "user": "用户",
    "users": "用户",
    "Department staff must belong to a department.": "填报员必须属于一个单位。",
    # admin
    "goals": "目标任务",
    "lead departments": "牵头单位",
    "Targets": "目标任务",
    # choices
    "Bureau": "区直部门",
    "Street office": "街道",
    "Company": "区属企业",
    "Other": "其他",
    "Draft": "草稿",
    "Active": "执行中",
    "Archived": "已归档",
    "Lead": "牵头",
    "Supporting": "配合",
    "equal to": "等于",
    "at least": "不少于",
    "at most": "不超过",
    "about": "左右",
    "between": "区间",
    "Not started": "未启动",
    "On track": "正常推进",
    "At risk": "存在风险",
    "Behind": "滞后",
    "Completed": "已完成",
    "Not reported": "未报送",
    # filters and forms
    "Search": "搜索",
    "Kind": "类型",
    "All kinds": "全部类型",
    "State": "状态",
    "All states": "全部状态",
    "Role": "职责",
    "Lead and supporting": "牵头和配合",
    "Section": "章节",
    "All sections": "全部章节",
    "Q%(quarter)s": "第%(quarter)s季度",
    "The quarter must be 1, 2, 3 or 4.": "季度只能是1、2、3或4。",
    "Year": "年度",
    "Quarter": "季度",
    "There is no plan for that year.": "该年度没有工作方案。",
    "The year must be a number.": "年度必须是数字。",
    "Percent complete (%)": "完成进度（%）",
    "What was done this quarter, with figures (进展情况).": "本季度做了什么，尽量写明数字（进展情况）。",
    "Difficulties and what is needed from others (存在问题).": "遇到的困难和需要协调的事项（存在问题）。",
    "What will be done next quarter (下步计划).": "下季度的工作安排（下步计划）。",
    "Enter a whole number from 0 to 100.": "请输入0到100之间的整数。",
    "Describe the progress made this quarter.": "请填写本季度的进展情况。",
    "Choose one of the listed statuses.": "请选择列出的状态之一。",
    "Target: %(target)s. Cumulative since the start of the year.": "目标：%(target)s。填写年初以来的累计数。",
    "Enter a number in %(unit)s, e.g. 12 or 1.5.": "请输入以%(unit)s为单位的数字，如12或1.5。",
    "the indicator's unit": "指标单位",
    "The actual value cannot be negative.": "实际值不能为负数。",
    "This number is too large.": "数字太大。",
    "Use at most 4 decimal places.": "最多保留4位小数。",
    "A completed goal is 100% complete.": "已完成的目标任务完成进度应为100%。",
    "A goal that has not started is 0% complete.": "未启动的目标任务完成进度应为0%。",
    # models
    "name": "名称",
    "short name": "简称",
    "The name used in tables, e.g. 区发改局.": "表格中使用的名称，如区发改局。",
    "code": "编码",
    "A stable ASCII identifier, used in files and account names.": "固定的英文编码，用于文件和账号名。",
    "kind": "类型",
    "active": "启用",
    "order": "排序",
    "departments": "单位",
    "position": "职务",
    "E.g. 副区长.": "如副区长。",
    "user account": "用户账号",
    "leader": "领导",
    "leaders": "领导",
    "year": "年度",
    "title": "标题",
    "source text": "原文",
    "state": "状态",
    "created at": "创建时间",
    "updated at": "更新时间",
    "plan": "工作方案",
    "plans": "工作方案",
    "A plan with this year and title already exists.": "已有相同年度和标题的工作方案。",
    "Another plan is already active for this year.": "该年度已有另一个执行中的工作方案。",
    "parent section": "上级章节",
    "number": "序号",
    "As written, e.g. 二是, 一、 or （一）.": "按原文填写，如二是、一、或（一）。",
    "introduction": "导语",
    "Text under the heading that is not a task.": "标题下不属于具体任务的文字。",
    "section": "章节",
    "sections": "章节",
    "Stable within the plan, e.g. 3.1.2.": "在方案内固定不变，如3.1.2。",
    "short title": "简称",
    "task text": "任务原文",
    "The task as written in the report.": "报告中的任务原文。",
    "responsible leaders": "责任领导",
    "deadline": "完成时限",
    "deadline as written": "完成时限（原文）",
    "E.g. 12月底前, 全年, 持续推进.": "如12月底前、全年、持续推进。",
    "archived": "已归档",
    "goal": "目标任务",
    "This code is already used in the plan.": "该编码在方案中已被使用。",
    "goal owner": "责任单位",
    "goal owners": "责任单位",
    "This department is already an owner of the goal.": "该单位已是这项目标任务的责任单位。",
    "phrase as written": "原文表述",
    "E.g. 净增高企96家.": "如净增高企96家。",
    "comparator": "比较方式",
    "target": "目标值",
    "upper target": "目标上限",
    "Only for a range.": "仅用于区间目标。",
    "unit": "单位",
    "baseline": "基数",
    "indicator": "指标",
    "indicators": "指标",
    "A range needs an upper target above the target; other comparators take none.": (
        "区间目标需要大于目标值的上限；其他比较方式不设上限。"
    ),
    "quarter": "季度",
    "status": "状态",
    "percent complete": "完成进度",
    "progress": "进展情况",
    "problems": "存在问题",
    "next steps": "下步计划",
    "submitted by": "填报人",
    "submitted at": "填报时间",
    "quarterly update": "季度进展",
    "quarterly updates": "季度进展",
    "This goal already has an update for that quarter.": "该目标任务本季度已有进展。",
    "Percent complete cannot exceed 100.": "完成进度不能超过100。",
    "actual value": "实际值",
    "actual values": "实际值",
    # periods and services
    "%(year)s Q%(quarter)s": "%(year)s年第%(quarter)s季度",
    "Only staff of the lead department can report on this goal.": (
        "只有牵头单位的填报员可以填报本目标任务的进展。"
    ),
    "Progress for %(period)s cannot be reported on this plan.": (
        "不能填报%(period)s的进展：只能填报本方案年度起至当前季度的进展。"
    ),
    "An actual value was given for an indicator of another goal.": "填报了不属于本目标任务的指标。",
    "Unknown status.": "未知的状态。",
    # tables
    "Department": "单位",
    "Leads": "牵头",
    "Supports": "配合",
    "Reported": "已报送",
    "Average progress": "平均进度",
    "No department owns a goal of this plan.": "本方案还没有分配给任何单位的目标任务。",
    "No.": "编号",
    "Goal": "目标任务",
    "Lead departments": "牵头单位",
    "Progress": "进展情况",
    "Completion": "完成进度",
    "This quarter's update": "本季度进展",
    "No goals match.": "没有符合条件的目标任务。",
    "Done earlier": "此前已完成",
    "Edit update": "修改进展",
    "Report": "填报",
    # views
    "Your update for %(period)s was saved.": "%(period)s进展已保存。",
    "Progress can only be reported for a quarter of the plan up to the current one.": (
        "只能填报本方案中截至当前季度的进展。"
    ),
    # templates
    "Not allowed": "无权操作",
    "The form has expired": "表单已过期",
    "Nothing was saved. The page was open too long or you signed in again elsewhere. Go back, reload the page and submit again.": (
        "内容尚未保存。页面打开时间过长，或您已在别处重新登录。请返回并刷新页面后重新提交。"
    ),
    "You cannot do this": "您不能进行此操作",
    "Your role does not allow this action.": "您的角色没有此项权限。",
    "Back to my page": "返回我的首页",
    "Not found": "未找到",
    "Page not found": "页面不存在",
    "This page does not exist, or it belongs to another department.": "页面不存在，或属于其他单位。",
    "Luoshi": "落实",
    "Menu": "菜单",
    "Dashboard": "领导驾驶舱",
    "My department": "本单位",
    "Administration": "系统管理",
    "Sign out": "退出",
    "Close": "关闭",
    "Sign in": "登录",
    "Government work report goals, followed quarter by quarter": "政府工作报告目标任务 · 按季跟踪落实",
    "Username": "用户名",
    "Password": "密码",
    "Print": "打印",
    "No plan has been published yet. An administrator imports the year's work report and activates it.": (
        "还没有发布的工作方案。请管理员导入本年度政府工作报告并发布。"
    ),
    "Goals by state": "目标任务状态分布",
    "Goals": "目标任务",
    "Reported this quarter": "本季度报送",
    "Completion by section": "各章节完成情况",
    "%(done)s of %(counter)s goal done": "完成 %(done)s/%(counter)s 项",
    "avg.": "平均",
    "This plan has no sections.": "本方案没有章节。",
    "Departments": "各单位情况",
    "Search departments": "搜索单位",
    "Filter": "筛选",
    "No plan has been published yet.": "还没有发布的工作方案。",
    "Goals led": "牵头任务",
    "%(counter)s goal led by your department has no update for %(period)s yet.": (
        "%(counter)s项本单位牵头的目标任务尚未填报%(period)s进展。"
    ),
    "Report %(period)s": "填报%(period)s进展",
    "Task as written": "任务原文",
    "Indicators": "指标",
    "Indicator": "指标",
    "Target": "目标",
    "Latest actual": "最新实际值",
    "As of": "截至",
    "This goal is a milestone without numeric indicators.": "本任务为节点性任务，没有量化指标。",
    "Owners": "责任分工",
    "Supporting departments": "配合单位",
    "Responsible leaders": "责任领导",
    "Deadline": "完成时限",
    "Quarterly updates": "季度进展",
    "Problems": "存在问题",
    "Next steps": "下步计划",
    "No update has been reported yet.": "尚未填报进展。",
    "Quarterly update": "季度进展",
    "Progress for %(period)s": "%(period)s进展",
    "Last saved %(when)s by %(who)s": "%(who)s 于 %(when)s 保存",
    "Please correct the fields marked below. Nothing was saved.": "请更正下面标出的内容，尚未保存。",
    "Actual values (cumulative)": "指标实际值（累计）",
    "Submit update": "提交进展",
    "Cancel": "取消",
}


def main() -> int:
    po = polib.pofile(str(PO))
    po.metadata.update(
        {
            "Project-Id-Version": "Luoshi",
            "Language": "zh_Hans",
            "Plural-Forms": "nplurals=1; plural=0;",
            "Content-Type": "text/plain; charset=UTF-8",
        }
    )
    missing = []
    for entry in po:
        text = ZH.get(entry.msgid)
        if text is None:
            missing.append(entry.msgid)
            continue
        if entry.msgid_plural:
            entry.msgstr_plural = {0: text}
        else:
            entry.msgstr = text
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
    po.save()
    po.save_as_mofile(str(PO.with_suffix(".mo")))
    for msgid in missing:
        print(f"untranslated: {msgid!r}", file=sys.stderr)
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
