"""
The demo plan: an excerpt of the Hongshan District (Wuhan) 2023 government
work report (政府工作报告), decomposed as a district supervision office would
do it: departments, leaders, the outline, one goal per task sentence with its
owners and deadline, and the report's quantitative targets as indicators.

Plain data, no ORM. The outline, the goal texts and their targets are not
here: ``targets.demo.loader`` reads them from ``hongshan-2023-work-report.txt``
with the report reader, so the demo and the reader cannot drift apart. What
is here is what a supervision office adds to the report: owners, leaders,
short titles, deadlines, and the quarterly storyline; all of it, and every
person's name, is invented for the demo.

Goal codes are ``<chapter>.<theme>.<goal>``: the chapter numeral (二是 → 2),
or 0 for the two themes before the first chapter line (the excerpt starts in
the middle of chapter 一 and we do not invent its number).
"""

from targets.choices import DepartmentKind, UpdateStatus

PLAN = {"year": 2023, "title": "2023年洪山区政府工作报告（节选）"}

SOURCE_FILE = "hongshan-2023-work-report.txt"

# ``code`` is also the username of the department's demo account, whose
# holder is ``staff_name`` (fictional).
DEPARTMENTS = [
    {
        "code": "fagai",
        "name": "武汉市洪山区发展和改革局",
        "short_name": "区发改局",
        "kind": DepartmentKind.BUREAU,
        "staff_name": "王磊",
    },
    {
        "code": "keji",
        "name": "武汉市洪山区科学技术和经济信息化局",
        "short_name": "区科技和经信局",
        "kind": DepartmentKind.BUREAU,
        "staff_name": "李娜",
    },
    {
        "code": "touzi",
        "name": "武汉市洪山区投资促进局",
        "short_name": "区投资促进局",
        "kind": DepartmentKind.BUREAU,
        "staff_name": "刘洋",
    },
    {
        "code": "shangwu",
        "name": "武汉市洪山区商务局",
        "short_name": "区商务局",
        "kind": DepartmentKind.BUREAU,
        "staff_name": "陈静",
    },
    {
        "code": "caizheng",
        "name": "武汉市洪山区财政局",
        "short_name": "区财政局",
        "kind": DepartmentKind.BUREAU,
        "staff_name": "杨帆",
    },
    {
        "code": "jinrong",
        "name": "武汉市洪山区地方金融工作局",
        "short_name": "区金融工作局",
        "kind": DepartmentKind.BUREAU,
        "staff_name": "赵敏",
    },
    {
        "code": "renshe",
        "name": "武汉市洪山区人力资源和社会保障局",
        "short_name": "区人社局",
        "kind": DepartmentKind.BUREAU,
        "staff_name": "黄涛",
    },
    {
        "code": "shichang",
        "name": "武汉市洪山区市场监督管理局",
        "short_name": "区市场监管局",
        "kind": DepartmentKind.BUREAU,
        "staff_name": "周婷",
    },
    {
        "code": "fangguan",
        "name": "武汉市洪山区住房保障和房屋管理局",
        "short_name": "区住房保障和房管局",
        "kind": DepartmentKind.BUREAU,
        "staff_name": "吴昊",
    },
    {
        "code": "zhengshou",
        "name": "武汉市洪山区房屋征收管理办公室",
        "short_name": "区征收办",
        "kind": DepartmentKind.BUREAU,
        "staff_name": "徐丽",
    },
    {
        "code": "jianshe",
        "name": "武汉市洪山区建设局",
        "short_name": "区建设局",
        "kind": DepartmentKind.BUREAU,
        "staff_name": "孙鹏",
    },
    {
        "code": "chengguan",
        "name": "武汉市洪山区城市管理执法局",
        "short_name": "区城管执法局",
        "kind": DepartmentKind.BUREAU,
        "staff_name": "胡悦",
    },
    {
        "code": "yuanlin",
        "name": "武汉市洪山区园林和林业局",
        "short_name": "区园林局",
        "kind": DepartmentKind.BUREAU,
        "staff_name": "朱琳",
    },
    {
        "code": "shuiwu",
        "name": "武汉市洪山区水务和湖泊局",
        "short_name": "区水务和湖泊局",
        "kind": DepartmentKind.BUREAU,
        "staff_name": "高翔",
    },
    {
        "code": "jiaoyu",
        "name": "武汉市洪山区教育局",
        "short_name": "区教育局",
        "kind": DepartmentKind.BUREAU,
        "staff_name": "林芳",
    },
    {
        "code": "weijian",
        "name": "武汉市洪山区卫生健康局",
        "short_name": "区卫健局",
        "kind": DepartmentKind.BUREAU,
        "staff_name": "郭倩",
    },
    {
        "code": "minzheng",
        "name": "武汉市洪山区民政局",
        "short_name": "区民政局",
        "kind": DepartmentKind.BUREAU,
        "staff_name": "马超",
    },
    {
        # A municipal bureau's branch: it works with the district but is not a 区直部门.
        "code": "ziranziyuan",
        "name": "武汉市自然资源和规划局洪山分局",
        "short_name": "区自然资源和规划分局",
        "kind": DepartmentKind.OTHER,
        "staff_name": "罗斌",
    },
    {
        "code": "zhangjiawan",
        "name": "武汉市洪山区张家湾街道办事处",
        "short_name": "张家湾街道",
        "kind": DepartmentKind.STREET,
        "staff_name": "梁爽",
    },
    {
        "code": "heping",
        "name": "武汉市洪山区和平街道办事处",
        "short_name": "和平街道",
        "kind": DepartmentKind.STREET,
        "staff_name": "宋佳",
    },
    {
        "code": "hongshanjie",
        "name": "武汉市洪山区洪山街道办事处",
        "short_name": "洪山街道",
        "kind": DepartmentKind.STREET,
        "staff_name": "谢鑫",
    },
    {
        "code": "luonan",
        "name": "武汉市洪山区珞南街道办事处",
        "short_name": "珞南街道",
        "kind": DepartmentKind.STREET,
        "staff_name": "何峰",
    },
    {
        "code": "gongdian",
        "name": "国网湖北省电力有限公司武汉市洪山区供电公司",
        "short_name": "国网洪山供电公司",
        "kind": DepartmentKind.COMPANY,
        "staff_name": "韩冰",
    },
]

# Fictional district leaders. The 区长 gets the ``leader`` demo account.
LEADERS = [
    {"name": "梁启明", "position": "区长"},
    {"name": "周文涛", "position": "常务副区长"},
    {"name": "何晓雯", "position": "副区长"},
    {"name": "宋立军", "position": "副区长"},
    {"name": "许雅琴", "position": "副区长"},
    {"name": "林志远", "position": "副区长"},
]

# The people behind the accounts that belong to no department.
SUPERVISOR_NAME = "郑晓燕"  # 区政府督查室
ADMIN_NAME = "系统管理员"


# What the reader cannot know from the report and a supervision office adds:
# the leaders of each section, by its code in the outline (see
# targets.imports.section_codes) ...
SECTION_LEADERS = {
    "0.1": ["周文涛", "林志远"],
    "0.2": ["周文涛", "林志远"],
    "2.1": ["何晓雯"],
    "2.2": ["何晓雯"],
    "2.3": ["何晓雯"],
    "3.1": ["宋立军"],
    "3.2": ["宋立军"],
    "3.3": ["宋立军"],
    "4.1": ["许雅琴"],
    "4.2": ["许雅琴"],
}

# ... and for each goal, by its code (``<chapter>.<theme>.<goal>``, the
# chapter numeral or 0 before the first chapter line): a short title, the lead
# and supporting department codes in the order a 分解方案 would print them,
# the responsible leaders and the deadline as written. The goal texts and
# their targets come from the report itself, through the reader.
GOALS = {
    "0.1.1": {
        "title": "招引亿元以上项目和500强总部",
        "lead": ["touzi"],
        "support": ["shangwu", "fagai", "ziranziyuan"],
        "leaders": ["梁启明", "林志远"],
        "deadline": "12月底前",
    },
    "0.1.2": {
        "title": "策划重点投资项目",
        "lead": ["fagai"],
        "support": ["touzi", "caizheng"],
        "leaders": ["周文涛"],
        "deadline": "6月底前",
    },
    "0.1.3": {
        "title": "落实包保机制推动项目开工",
        "lead": ["fagai"],
        "support": ["touzi", "ziranziyuan", "jianshe"],
        "leaders": ["周文涛"],
        "deadline": "12月底前",
    },
    "0.2.1": {
        "title": "恢复和扩大消费",
        "lead": ["shangwu"],
        "support": ["shichang", "caizheng"],
        "leaders": ["林志远"],
        "deadline": "全年",
    },
    "0.2.2": {
        "title": "促进房地产市场平稳健康发展",
        "lead": ["fangguan"],
        "support": ["ziranziyuan", "jinrong"],
        "leaders": ["宋立军"],
        "deadline": "全年",
    },
    "0.2.3": {
        "title": "支持民营经济发展壮大",
        "lead": ["fagai", "shichang"],
        "support": ["jinrong"],
        "leaders": ["周文涛"],
        "deadline": "持续推进",
    },
    "0.2.4": {
        "title": "兑现税费政策纾困解难",
        "lead": ["caizheng"],
        "support": ["fagai", "keji"],
        "leaders": ["周文涛"],
        "deadline": "全年",
    },
    "2.1.1": {
        "title": "建成洪山实验室一期等平台",
        "lead": ["keji"],
        "support": ["ziranziyuan", "jianshe"],
        "leaders": ["梁启明", "何晓雯"],
        "deadline": "12月底前",
    },
    "2.1.2": {
        "title": "打造理工智谷创新街区",
        "lead": ["keji"],
        "support": ["luonan", "touzi"],
        "leaders": ["何晓雯"],
        "deadline": "12月底前",
    },
    "2.2.1": {
        "title": "梯度培育科技企业",
        "lead": ["keji"],
        "support": ["caizheng", "shichang"],
        "leaders": ["何晓雯"],
        "deadline": "12月底前",
    },
    "2.2.2": {
        "title": "评定产业领军和青年人才",
        "lead": ["renshe"],
        "support": ["keji"],
        "leaders": ["何晓雯"],
        "deadline": "9月底前",
    },
    "2.3.1": {
        "title": "建设科创小微企业园",
        "lead": ["keji"],
        "support": ["ziranziyuan", "touzi"],
        "leaders": ["何晓雯"],
        "deadline": "12月底前",
    },
    "2.3.2": {
        "title": "做强产业引导基金",
        "lead": ["jinrong", "caizheng"],
        "support": ["touzi"],
        "leaders": ["何晓雯"],
        "deadline": "持续推进",
    },
    "2.3.3": {
        "title": "帮扶后备企业对接资本市场",
        "lead": ["jinrong"],
        "support": ["keji", "shichang"],
        "leaders": ["何晓雯"],
        "deadline": "12月底前",
    },
    "2.3.4": {
        "title": "加大金融支持实体经济力度",
        "lead": ["jinrong"],
        "support": ["keji", "shangwu"],
        "leaders": ["何晓雯"],
        "deadline": "12月底前",
    },
    "3.1.1": {
        "title": "推进片区改造和房屋征收",
        "lead": ["zhengshou", "fangguan"],
        "support": ["zhangjiawan", "luonan", "ziranziyuan"],
        "leaders": ["宋立军"],
        "deadline": "12月底前",
    },
    "3.1.2": {
        "title": "完成市级重点工程征拆",
        "lead": ["zhengshou"],
        "support": ["jianshe", "hongshanjie"],
        "leaders": ["宋立军"],
        "deadline": "12月底前",
    },
    "3.1.3": {
        "title": "加密路网，开工和建成道路",
        "lead": ["jianshe"],
        "support": ["ziranziyuan", "zhengshou"],
        "leaders": ["宋立军"],
        "deadline": "12月底前",
    },
    "3.1.4": {
        "title": "新增停车泊位和充电桩",
        "lead": ["jianshe"],
        "support": ["chengguan", "gongdian"],
        "leaders": ["宋立军"],
        "deadline": "12月底前",
    },
    "3.1.5": {
        "title": "建设变电站和电力通道",
        "lead": ["gongdian"],
        "support": ["jianshe", "ziranziyuan"],
        "leaders": ["宋立军"],
        "deadline": "9月底前",
    },
    "3.2.1": {
        "title": "完善路长制工作架构",
        "lead": ["chengguan"],
        "support": ["hongshanjie", "heping", "zhangjiawan"],
        "leaders": ["宋立军"],
        "deadline": "持续推进",
    },
    "3.2.2": {
        "title": "开展“双百”活动和铁路沿线整治",
        "lead": ["chengguan"],
        "support": ["luonan", "heping"],
        "leaders": ["宋立军"],
        "deadline": "全年",
    },
    "3.2.3": {
        "title": "建设垃圾中转站和转运站",
        "lead": ["chengguan"],
        "support": ["ziranziyuan", "jianshe"],
        "leaders": ["宋立军"],
        "deadline": "12月底前",
    },
    "3.2.4": {
        "title": "强化城市运服中心智慧应用",
        "lead": ["chengguan"],
        "support": ["jianshe"],
        "leaders": ["宋立军"],
        "deadline": "全年",
    },
    "3.3.1": {
        "title": "推进流域综合治理",
        "lead": ["shuiwu"],
        "support": ["jianshe", "chengguan"],
        "leaders": ["宋立军"],
        "deadline": "12月底前",
    },
    "3.3.2": {
        "title": "建设公园和防护绿带",
        "lead": ["yuanlin"],
        "support": ["shuiwu", "zhangjiawan", "ziranziyuan"],
        "leaders": ["宋立军"],
        "deadline": "12月底前",
    },
    "3.3.3": {
        "title": "加强湿地管理与修复",
        "lead": ["yuanlin"],
        "support": ["shuiwu"],
        "leaders": ["宋立军"],
        "deadline": "持续推进",
    },
    "4.1.1": {
        "title": "深化“区管校聘”改革",
        "lead": ["jiaoyu"],
        "support": ["renshe"],
        "leaders": ["许雅琴"],
        "deadline": "8月底前",
    },
    "4.1.2": {
        "title": "加快10所学校建设",
        "lead": ["jiaoyu"],
        "support": ["jianshe", "ziranziyuan"],
        "leaders": ["梁启明", "许雅琴"],
        "deadline": "12月底前",
    },
    "4.1.3": {
        "title": "扩大公办学位",
        "lead": ["jiaoyu"],
        "support": ["fangguan"],
        "leaders": ["许雅琴"],
        "deadline": "12月底前",
    },
    "4.1.4": {
        "title": "建设新课程新教材示范区",
        "lead": ["jiaoyu"],
        "support": [],
        "leaders": ["许雅琴"],
        "deadline": "全年",
    },
    "4.1.5": {
        "title": "构建特殊教育体系",
        "lead": ["jiaoyu"],
        "support": ["weijian", "minzheng"],
        "leaders": ["许雅琴"],
        "deadline": "持续推进",
    },
    "4.1.6": {
        "title": "深化产教融合",
        "lead": ["jiaoyu"],
        "support": ["renshe"],
        "leaders": ["许雅琴"],
        "deadline": "持续推进",
    },
    "4.2.1": {
        "title": "推进医院项目和卫生补短板",
        "lead": ["weijian"],
        "support": ["jianshe", "heping"],
        "leaders": ["梁启明", "许雅琴"],
        "deadline": "12月底前",
    },
    "4.2.2": {
        "title": "构建院前急救体系",
        "lead": ["weijian"],
        "support": ["jianshe"],
        "leaders": ["许雅琴"],
        "deadline": "12月底前",
    },
    "4.2.3": {
        "title": "推动医疗服务前移",
        "lead": ["weijian"],
        "support": ["minzheng", "hongshanjie"],
        "leaders": ["许雅琴"],
        "deadline": "全年",
    },
    "4.2.4": {
        "title": "推进基层医疗卫生综合改革",
        "lead": ["weijian"],
        "support": [],
        "leaders": ["许雅琴"],
        "deadline": "持续推进",
    },
    "4.2.5": {
        "title": "加强健康管理和托育服务",
        "lead": ["weijian"],
        "support": ["minzheng"],
        "leaders": ["许雅琴"],
        "deadline": "全年",
    },
    "4.2.6": {
        "title": "落实优化疫情防控措施",
        "lead": ["weijian"],
        "support": ["shichang"],
        "leaders": ["许雅琴"],
        "deadline": "6月底前",
    },
}

# How a goal's quarterly reports unfold: for Q1, Q2 and Q3 the reported
# status and the range its percent complete is drawn from, or None when the
# department has not reported (the dashboard's 未报送). Ranges rise from one
# quarter to the next so percent complete never goes down.
_ON, _RISK, _BEHIND = UpdateStatus.ON_TRACK, UpdateStatus.AT_RISK, UpdateStatus.BEHIND
_DONE, _NOT_STARTED = UpdateStatus.COMPLETED, UpdateStatus.NOT_STARTED
TRAJECTORIES = {
    "steady": ((_ON, 18, 30), (_ON, 42, 58), (_ON, 65, 80)),
    "done_by_q2": ((_ON, 45, 60), (_DONE, 100, 100), (_DONE, 100, 100)),
    "done_by_q3": ((_ON, 30, 40), (_ON, 60, 75), (_DONE, 100, 100)),
    "late_start": ((_NOT_STARTED, 0, 0), (_ON, 25, 35), (_ON, 55, 65)),
    "slipping": ((_ON, 15, 22), (_RISK, 30, 38), (_BEHIND, 40, 48)),
    "stalled": ((_RISK, 10, 15), (_RISK, 28, 35), (_RISK, 45, 52)),
    "recovering": ((_RISK, 8, 14), (_RISK, 30, 38), (_ON, 62, 70)),
    "lagging": ((_ON, 20, 26), (_ON, 42, 50), (_RISK, 55, 60)),
    "unreported_q3": ((_ON, 18, 30), (_ON, 42, 58), None),
}

# The part each goal plays in the demo; every goal not listed is "steady".
STORYLINE = {
    "0.1.1": "slipping",
    "0.1.2": "done_by_q2",
    "0.2.3": "unreported_q3",
    "2.2.2": "done_by_q3",
    "2.3.1": "late_start",
    "2.3.3": "stalled",
    "3.1.1": "slipping",
    "3.1.3": "recovering",
    "3.1.5": "done_by_q3",
    "3.2.2": "unreported_q3",
    "3.2.3": "late_start",
    "3.3.1": "recovering",
    "4.1.1": "done_by_q3",
    "4.1.2": "lagging",
    "4.2.1": "lagging",
    "4.2.3": "unreported_q3",
    "4.2.6": "done_by_q2",
}

# What the lead department writes under 存在问题 while a goal is not started,
# at risk or behind.
PROBLEMS = {
    "0.1.1": "500强企业总部落户决策周期长，在谈项目尚未签约；功能区可供产业用地偏少。",
    "2.3.1": "园区选址和工业用地供应方案仍在论证，项目尚未进入实施阶段。",
    "2.3.3": "受资本市场审核节奏放缓影响，后备企业申报进度偏慢；部分种子企业规范化程度不高。",
    "3.1.1": "部分被征收户诉求较高，签约进度慢于预期；安置房源供应偏紧。",
    "3.1.3": "部分道路涉及征收拆迁和管线迁改，开工条件尚未完全具备。",
    "3.2.3": "垃圾中转站选址需征求周边居民意见，前期手续尚未办结。",
    "3.3.1": "汛期施工窗口受限，箱涵混错接改造进度滞后；部分点位管网权属不清。",
    "4.1.2": "部分学校项目用地手续办理周期长，建设进度慢于计划。",
    "4.2.1": "回迁项目装修和设备采购进度偏慢，需多方协调推进。",
}

# Expected progress (序时进度) the lead department set where the time elapsed
# does not fit the work: quarter → (percent, milestone). Quarters not listed
# follow the time elapsed.
MILESTONES = {
    "2.3.1": {  # the park cannot start before its site is settled
        1: (0, "完成园区选址论证"),
        2: (30, "完成用地报批和方案设计"),
        3: (60, "主体工程开工建设"),
    },
    "3.2.3": {  # building starts once the site consultation is over
        1: (0, "完成选址和周边居民意见征求"),
        2: (30, "办结前期手续"),
        3: (60, "主体结构施工"),
    },
    "4.1.2": {  # schools are built in the dry season and opened for the autumn term
        1: (20, "完成年度建设计划和招标"),
        2: (45, "主体结构封顶"),
        3: (70, "5所学校秋季开学投用"),
    },
}

# The supervision office's review of the demo's reports. Q1, Q2 and most of
# Q3 are approved; these Q3 reports still wait for review, and one was
# returned with what to correct.
WAITING_Q3 = ("2.1.1", "3.3.2", "4.2.2")
RETURNED_Q3 = {
    "3.1.1": (
        "征收签约户数与区住房保障和房屋管理局台账不一致，请核实后重新报送，并补充安置房源筹集情况。"
    ),
}

# Why a department reports a status other than the one its figures suggest.
OVERRIDE_REASONS = {
    UpdateStatus.ON_TRACK: "主要工作量集中在四季度，已完成招标和前期准备，全年目标可以完成。",
    UpdateStatus.AT_RISK: "虽然完成比例尚可，但关键节点存在不确定因素，如实报告风险。",
    UpdateStatus.BEHIND: "关键子项停滞，仅靠现有进度难以按期完成，需区领导协调。",
    UpdateStatus.NOT_STARTED: "前期手续尚未办结，项目未实质性启动。",
    UpdateStatus.COMPLETED: "年度目标任务已全部完成。",
}
