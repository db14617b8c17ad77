"""
The demo plan: an excerpt of the Hongshan District (Wuhan) 2023 government
work report (政府工作报告), decomposed as a district supervision office would
do it: departments, leaders, the outline, one goal per task sentence with its
owners and deadline, and the report's quantitative targets as indicators.

Plain data, no ORM, in three modules: here the plan and the district's
people (departments, leaders, the office's accounts); ``decomposition`` the
owners, leaders, short titles and deadlines the office adds to each goal;
``storyline`` the quarters' reports. The outline, the goal texts and their
targets are not here: ``targets.demo.loader`` reads them from
``hongshan-2023-work-report.txt`` with the report reader, so the demo and the
reader cannot drift apart. Every person's name is invented for the demo.

Goal codes are ``<chapter>.<theme>.<goal>``: the chapter numeral (二是 → 2),
and 1 for the two themes before the first chapter line: the excerpt starts
in the middle of chapter 一, whose line it leaves out, so the demo says so
(``OPENING_CHAPTER``) rather than the reader guessing it, or the bulletin and
the pages showing codes such as 0.1.1.
"""

from targets.choices import DepartmentKind

PLAN = {"year": 2023, "title": "2023年洪山区政府工作报告（节选）"}

SOURCE_FILE = "hongshan-2023-work-report.txt"
# The chapter the excerpt opens in: its first two themes are 一是's, before 二是.
OPENING_CHAPTER = 1

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
