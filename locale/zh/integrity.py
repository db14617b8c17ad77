"""Chinese for keeping data: versions and stale forms in the admin, import races, archive and purge."""

ZH = {
    # the admin's stale forms
    "%(who)s changed this %(model)s at %(when)s, after you opened this page. Nothing was saved. "
    "Reload the page to see the current values, then make your changes again.": (
        "%(who)s 于 %(when)s 修改了此%(model)s，晚于您打开本页的时间。未保存任何内容。"
        "请刷新页面查看当前内容，再重新修改。"
    ),
    "Someone changed this %(model)s after you opened this page. Nothing was saved. "
    "Reload the page to see the current values, then make your changes again.": (
        "您打开本页后，此%(model)s已被他人修改。未保存任何内容。请刷新页面查看当前内容，再重新修改。"
    ),
    "%(what)s: %(old)s → %(new)s": "%(what)s：%(old)s → %(new)s",
    # imports at the same time
    "Another import of %(year)s “%(title)s” was applied at the same time: nothing was written. "
    "Check the plan, then import again if something is missing.": (
        "同一时间已有另一次导入应用了%(year)s年“%(title)s”：本次未写入任何内容。"
        "请先核对该方案，如有缺漏再重新导入。"
    ),
    "This import was already applied on %(date)s.": "此次导入已于%(date)s应用。",
    "%(source)s was applied to this plan on %(date)s, after this draft was read: nothing was "
    "written. Import the document again to see what it would change now.": (
        "本草稿读取后，%(source)s已于%(date)s应用到该方案：本次未写入任何内容。"
        "请重新导入该文件，查看现在应用将改变哪些内容。"
    ),
    "Everything in this workbook is already saved: nothing to do.": (
        "该表格中的内容均已保存，无需再次导入。"
    ),
    # archive and purge
    "Only administrators archive, restore or purge plans and goals.": (
        "只有管理员可以归档、恢复或清除方案和目标任务。"
    ),
    "Give the reason for purging the plan.": "请填写清除该方案的原因。",
    "Only an archived plan can be purged: archive %(plan)s first.": (
        "只能清除已归档的方案：请先归档%(plan)s。"
    ),
    "Only archived plans can be purged: %(plans)s is not archived.": (
        "只能清除已归档的方案：%(plans)s尚未归档。"
    ),
    "%(plan)s was purged; the purge is recorded.": "%(plan)s已清除，清除操作已记录。",
    "Purge plans for good": "永久清除方案",
    "Purge for good": "永久清除",
    "These plans, with their goals, updates, comments, evidence files and history, will be "
    "removed for good. A purge record is kept.": (
        "以下方案及其目标任务、季度进展、评论、佐证材料和修改记录将被永久删除，"
        "但会保留一条清除记录。"
    ),
    "Archive the selected plans": "归档所选方案",
    "Restore the selected archived plans": "恢复所选已归档方案",
    "Purge the selected archived plans for good": "永久清除所选已归档方案",
    "Archive the selected goals": "归档所选目标任务",
    "Restore the selected archived goals": "恢复所选已归档目标任务",
    "Archived.": "已归档。",
    "Restored from the archive.": "已从归档中恢复。",
    "%(count)d %(name)s changed.": "已修改%(count)d条%(name)s。",
    "%(kind)s: %(count)s": "%(kind)s：%(count)s",
    "evidence files": "佐证材料",
    "review events": "审核记录",
    "goal leaders": "任务责任领导",
    "section leaders": "章节责任领导",
    "history of actual values": "实际值修改记录",
    "history of updates": "季度进展修改记录",
    "history of indicators": "指标修改记录",
    "history of goal owners": "责任单位修改记录",
    "history of goals": "目标任务修改记录",
    "history of the plan": "方案修改记录",
    # the purge record
    "purge record": "清除记录",
    "purge records": "清除记录",
    "purged by": "清除人",
    "purged by (name)": "清除人（名称）",
    "purged at": "清除时间",
    "plan year": "方案年度",
    "plan title": "方案标题",
    "plan id": "方案编号",
    "rows removed": "删除行数",
    "reason": "原因",
    "Reason": "原因",
    "Home": "首页",
}
