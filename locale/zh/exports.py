"""Chinese for the Excel exports: the plan workbook, table downloads and the buttons that start them."""

ZH = {
    # the plan workbook
    "%(plan)s: progress on goals (as of %(period)s)": "%(plan)s 目标任务落实情况（截至%(period)s）",
    "all departments": "全部单位",
    "goals %(department)s leads or supports": "%(department)s牵头或配合的目标任务",
    "%(what)s · Scope: %(scope)s · Exported %(when)s": "%(what)s · 范围：%(scope)s · 导出时间：%(when)s",
    "Expected to report": "应报送",
    "Reporting rate": "报送率",
    "Page &P of &N": "第 &P 页，共 &N 页",
    "By department": "按单位汇总",
    "Goals supported": "配合任务",
    "Figures by department for %(period)s": "%(period)s各单位落实情况汇总",
    "By section": "按章节汇总",
    "Number of goals": "任务数",
    "Figures by section for %(period)s": "%(period)s各章节落实情况汇总",
    "Key task": "重点任务",
    "Category": "类别",
    "Indicators and targets": "指标及目标",
    "Actual values": "指标实际值",
    "Submitted at": "填报时间",
    "Submitted by": "填报人",
    "Goals, with their state for %(period)s": "目标任务及%(period)s落实情况",
    "Every quarter's update up to %(period)s": "截至%(period)s各季度进展",
    "Target value": "目标值",
    "Baseline": "基数",
    "Actual %(period)s": "%(period)s实际值",
    "Targets and the actual values reported each quarter": "量化指标及各季度实际值",
    "Total": "合计",
    "(no section)": "（未分章节）",
    # table downloads
    "Filters: %(filters)s": "筛选条件：%(filters)s",
    "No filters": "未筛选",
    "%(what)s · Exported %(when)s": "%(what)s · 导出时间：%(when)s",
    "%(plan)s: departments, %(period)s": "%(plan)s 各单位落实情况（%(period)s）",
    "%(department)s: goals, %(period)s": "%(department)s 目标任务落实情况（%(period)s）",
    "Goals reported": "已报送数",
    "Goals expected to report": "应报送数",
    # buttons
    "Export plan": "导出Excel",
    "Every goal with its owners, targets and quarterly progress, as an Excel workbook": (
        "将全部目标任务及其责任单位、指标和各季度进展导出为Excel工作簿"
    ),
    "Download table": "下载表格",
}
