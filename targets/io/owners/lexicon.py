"""
The owner lexicon: every way the collected documents name who answers for a
task — the lead unit (牵头单位), the supporting units (配合单位), the leader
(责任领导) — and its deadline, with the documents each was seen in.

The documents are the excerpts under tests/io/documents/ (issue 14: 分解方案,
责任分工, 民生实事 lists and the notices that issue them, from sixteen
provinces, every level from 省 to 镇, 2008-2025); ``seen_in`` names them
without their ``.txt``. Labels with no document were in the Wuhan-area
分解方案 the reader was first built on and are kept. tests/io/test_lexicon.py
checks that every document named holds its label.

Roles: "lead" (牵头), "co" (配合), "resp" (责任单位: the first listed leads
unless a lead is named, as 列第一位的责任单位为牵头单位 says), "leaders"
(people), "deadline", and "roles" (a field whose value says in words who
leads and who supports: 部门分工:省发展改革委牵头,各地、各部门配合).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Label:
    """A label word, the role of what follows it, and the documents it was seen in."""

    word: str
    role: str
    seen_in: tuple[str, ...] = ()


LABELS: tuple[Label, ...] = (
    # -- lead units
    Label("牵头单位", "lead", ("xianning-xianan-2023-fenjie", "beijing-shijingshan-2019-jiedao")),
    Label("牵头责任单位", "lead", ("yinchuan-xingqing-2018-notice",)),
    Label("牵头部门", "lead", ("gansu-2022-notice",)),
    Label("主要责任单位", "lead", ("yueyang-huarong-2021-notice",)),
    Label("责任牵头单位", "lead"),
    Label("主责单位", "lead"),
    Label("主责部门", "lead"),
    Label("主办单位", "lead"),
    Label("主办部门", "lead"),
    # -- units that lead or support as the rest of the record says
    Label("责任单位", "resp", ("huangshi-xialu-2023-fenjie", "jiaxing-pinghu-2024-fenjie")),
    Label("责任部门", "resp", ("xianning-jiayu-2024-notice",)),
    Label("责任科室", "resp", ("wuhan-jianghan-2022-notice",)),
    Label("责任主体与协同单位", "resp", ("nantong-chongchuan-2023-minsheng",)),
    Label("责任主体", "resp", ("xuancheng-jingxian-2023-notice",)),
    Label("承办单位", "resp"),
    # -- supporting units
    Label("配合单位", "co", ("erlianhaote-2024-jiedu",)),
    Label("协办单位", "co", ("beijing-shijingshan-2019-jiedao",)),
    Label("参与单位", "co", ("heze-2023-fengong",)),
    Label("协同单位", "co", ("nantong-chongchuan-2023-minsheng",)),
    Label("其他责任单位", "co", ("yueyang-huarong-2021-notice",)),
    Label("配合部门", "co"),
    Label("协办部门", "co"),
    Label("参与部门", "co"),
    Label("协作单位", "co"),
    Label("协助单位", "co"),
    Label("协同配合单位", "co"),
    Label("协同责任单位", "co"),
    # -- leaders (people; 区领导 and the like are people, not units)
    Label(
        "责任领导", "leaders", ("xianning-xianan-2023-fenjie", "lishui-songyang-anmin-2024-shishi")
    ),
    Label(
        "分管领导", "leaders", ("nantong-chongchuan-2023-minsheng", "xianning-jiayu-2024-notice")
    ),
    Label("牵头领导", "leaders", ("xuancheng-jingxian-2023-notice",)),
    Label("分线领导", "leaders", ("yueyang-huarong-2021-notice",)),
    Label("县政府分管领导", "leaders", ("yueyang-huarong-2021-notice",)),
    Label("联系领导", "leaders"),
    Label("包保领导", "leaders"),
    Label("责任人", "leaders", ("panjin-dawa-2021-notice", "wuhan-jianghan-2022-notice")),
    # -- deadlines
    Label("完成时限", "deadline", ("erlianhaote-2024-jiedu", "gansu-2022-notice")),
    Label("时间节点", "deadline", ("henan-2023-zerendanwei",)),
    Label("时限要求", "deadline", ("quzhou-jiangshan-2023-minsheng", "panjin-dawa-2021-notice")),
    Label("时限", "deadline", ("qianjiang-2025-zhaoshang",)),
    Label("建设起止年限", "deadline", ("quzhou-jiangshan-2023-minsheng",)),
    Label("完成时间", "deadline"),
    Label("完成期限", "deadline"),
    Label("办结时限", "deadline"),
    Label("时间要求", "deadline"),
    # -- who leads and who supports, said in words
    Label("责任分工", "roles", ("erlianhaote-2024-jiedu", "qianjiang-2017-fenjie")),
    Label("任务分工", "roles", ("panjin-dawa-2021-notice", "erlianhaote-2024-jiedu")),
    Label("部门分工", "roles", ("hunan-2019-fengong",)),
)

# The leaders' labels as each level of government writes them: 分管领导 becomes
# 分管县领导 (牵头县领导 in xuancheng-jingxian-2023-notice), 县政府分管领导, 分管县政府领导.
LEADER_ROOTS = ("分管", "牵头", "责任", "联系", "包保")
LEVELS = ("省", "市", "区", "县", "镇", "乡", "旗")
# And the leaders' labels of one level only: 区领导, 市领导.
LEVEL_LEADERS = tuple(level + "领导" for level in LEVELS)

# Bare role words that are labels only before a colon ("牵头:区发改局").
SHORT_LABELS = {"牵头": "lead", "配合": "co", "协办": "co", "参与": "co"}

# Words of a table column's header that give its role when the header is not a label
# itself (牵头 / 单位 wrapped in the cell, "牵头单位(部门)", "分管 领导").
COLUMN_WORDS = (
    ("牵头", "lead"),
    ("主责", "lead"),
    ("配合", "co"),
    ("协办", "co"),
    ("协助", "co"),
    ("责任单位", "resp"),
    ("责任部门", "resp"),
    ("责任科室", "resp"),
    ("责任主体", "resp"),
    ("承办", "resp"),
    ("领导", "leaders"),
    ("责任人", "leaders"),
    ("时限", "deadline"),
    ("时间", "deadline"),
    ("期限", "deadline"),
    ("年限", "deadline"),
)

# Role words written after units: "区发改局牵头,区财政局配合" (guangdong: 省发展改革委牵头,
# 各地、各部门配合; henan-2023-zerendanwei: …等相关部门按职责分工负责).
# 分别牵头: each of the units before it leads (ningbo-haishu-2023-fenjie: 经济投资局和
# 航空口岸局分别牵头).
LEAD_WORDS = ("牵头单位", "牵头部门", "牵头负责", "分别牵头", "牵头", "主责")
CO_WORDS = ("配合单位", "配合", "协办", "参与", "协助", "协同")
# 负责 alone: in charge when nobody leads yet, else alongside (yueyang-huarong-2021-notice:
# 牵头负责; henan-2023-zerendanwei: 按职责分工负责).
CHARGE_WORDS = ("分工负责", "共同负责", "负责")

# Notes inside a list of units that say the first one leads, and are not units:
# "(首位单位为牵头单位,下同)" (jiaxing-haiyan-2022-fenjie), "列第一位的责任单位为牵头单位
# 或汇总单位" (hangzhou-2020-notice).
FIRST_LISTED_NOTE = (
    r"(?:列第一位|排第一位|排在第一位|第一位|首位)[^()]{0,20}?(?:牵头|汇总)[^()]{0,20}"
)

# Headings that name the leader of the tasks below them: "一、王丹县长牵头重点工作"
# (jiaxing-haiyan-2022-fenjie), "县政府分线领导对领办的政府重点工作任务" (the verb, in
# yueyang-huarong-2021-notice), "一、洪某某市长主抓重点工作" (huzhou-2024-fenjie).
HEADING_LEADER_VERBS = ("牵头", "领办", "负责", "分管", "主抓")  # 主抓: huzhou-2024-fenjie
HEADING_LEADER_OBJECTS = ("重点工作", "重点任务", "工作任务", "工作", "任务", "事项")

# Official titles, so that a leader named by title alone (分管副省长, hunan-2019-fengong)
# is read as no one in particular, and a name before a title (王丹县长) as that person.
TITLES = tuple(
    prefix + title
    for title in (
        "省长", "市长", "区长", "县长", "旗长", "镇长", "乡长", "秘书长", "主任", "书记",
        "州长", "盟长",
    )
    for prefix in ("常务副", "副", "")
)  # fmt: skip
TITLE_PREFIXES = ("分管", "协管", "联系", "主管")


def labels_by_role() -> dict[str, str]:
    """Every label word with the role it gives, the level forms of leaders' labels included."""
    words = {label.word: label.role for label in LABELS}
    for root in LEADER_ROOTS:
        for level in LEVELS:
            for word in (root + level + "领导", level + "政府" + root + "领导"):
                words.setdefault(word, "leaders")
            words.setdefault(root + level + "政府领导", "leaders")
    for word in LEVEL_LEADERS:
        words.setdefault(word, "leaders")
    return words


# Roles in a government's leading group that stand where a title does ("张某区政府党组成员").
GROUP_ROLES = ("党组成员", "党组副书记")
