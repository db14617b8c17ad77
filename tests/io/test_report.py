"""
Tests for ``targets.io.report.read_report``: the hand-annotated Hongshan 2023
excerpt, then small documents written in the manner of real work reports
(政府工作报告) and published decomposition plans (分解方案) of Wuhan and Hubei
districts: their headings, items, owner annotations and lines, tables as Word
and web pages give them, and the furniture around them (preambles, review
chapters, notices, page numbers, PDF line wraps, glossaries, site footers).

Each test asserts the exact outline, goal texts, owners and targets, so a
reader that gets any of them wrong fails.
"""

import io
import json
from decimal import Decimal
from pathlib import Path

import docx
import pytest

from targets.io.files import read_document
from targets.io.report import read_report

ROOT = Path(__file__).resolve().parents[2]
SEED_TEXT = ROOT / "targets" / "demo" / "hongshan-2023-work-report.txt"
SEED_EXPECTED = ROOT / "tests" / "data" / "hongshan-2023-expected.json"
FOOTER_WORDS = ("本文", "网站地图", "验证码", "留言", "凯发", "转载", "baogao")


def D(value) -> Decimal:
    return Decimal(str(value))


def outline(sections) -> list:
    """The section tree as (number, title, children)."""
    return [(s.number, s.title, outline(s.sections)) for s in sections]


def goals(container) -> list[tuple[str, str]]:
    """(number, text) of each goal of a section or of the draft's loose goals."""
    return [(g.number, g.text) for g in container.goals]


def owners(goal) -> tuple:
    return (goal.lead_departments, goal.co_departments, goal.leaders, goal.deadline)


def targets(goal) -> list[tuple]:
    return [(i.value, i.unit, i.comparator) for i in goal.indicators]


def find(draft, title):
    """The section with this title, anywhere in the tree."""
    matches = [s for s in draft.walk_sections() if s.title == title]
    assert len(matches) == 1, (title, [s.title for s in draft.walk_sections()])
    return matches[0]


def templates(draft) -> list[str]:
    return [w.template for w in draft.warnings]


# -- the seed -------------------------------------------------------------------------


def test_seed_report_targets_sections_year_and_footer():
    text = SEED_TEXT.read_text(encoding="utf-8")
    expected = json.loads(SEED_EXPECTED.read_text(encoding="utf-8"))
    draft = read_report(text, source_name="hongshan-2023-work-report.txt")

    assert draft.year == 2023
    # Two themes before the first chapter (the excerpt starts mid-chapter), then
    # three 一是-style chapters holding the other eight themes.
    found = []
    for top in draft.sections:
        if top.sections:
            assert not top.goals
            found += [(top.number + top.title, theme) for theme in top.sections]
        else:
            found.append((None, top))
    assert [(chapter, theme.title) for chapter, theme in found] == [
        (t["chapter"], t["theme"]) for t in expected["themes"]
    ]
    for (_, theme), annotated in zip(found, expected["themes"], strict=True):
        assert not theme.sections and theme.number == ""
        assert [t for g in theme.goals for t in targets(g)] == [
            (D(t["value"]), t["unit"], t["comparator"]) for t in annotated["targets"]
        ], theme.title
        phrases = [i.phrase for g in theme.goals for i in g.indicators]
        for target, phrase in zip(annotated["targets"], phrases, strict=True):
            # The phrase is the annotated one, or a clause around its number.
            number = str(target["value"])
            assert number in phrase and (phrase in target["phrase"] or target["phrase"] in phrase)

    all_goals = draft.all_goals()
    assert sum(len(g.indicators) for g in all_goals) == expected["target_count"] == 28
    assert len(all_goals) == 39
    assert not draft.goals  # nothing outside a theme
    indicator_phrases = [i.phrase for g in all_goals for i in g.indicators]
    for not_target in expected["not_targets"]:
        for phrase in indicator_phrases:
            assert phrase != not_target and phrase not in not_target, (not_target, phrase)

    for goal in all_goals:
        assert not any(word in goal.text for word in FOOTER_WORDS), goal.text
    footer_line = next(
        number
        for number, line in enumerate(text.splitlines(), start=1)
        if line.startswith("本文仅代表作者观点")
    )
    footer = [w for w in draft.warnings if "footer" in w.template]
    assert [(w.where, w.params) for w in footer] == [(f"line {footer_line}", {"line": footer_line})]


# -- 分解方案: items, owner lines, annotations, leaders ---------------------------------

FENJIE = """2023年区政府工作报告目标任务分解方案

一、主要预期目标(牵头领导:成坤)
1.地区生产总值增长6%左右。
牵头单位:区发改局
责任单位:区统计局、各街道
2.固定资产投资增长10%。
牵头单位:区发改局
责任单位:区住房保障和房管局、区自然资源和规划局
3、城镇调查失业率控制在5.5%以内。(责任领导:王俊;牵头单位:区人社局)
二、重点工作任务
(一)扩大有效投资(牵头领导:成坤、柯相国、王俊)
4.加快产业项目落地。围绕电力生产、新能源汽车、装备制造等产业,加强资源包装推介,\
引进500强总部2个。开工亿元以上产业项目10个。(责任领导:杜新国;牵头单位:区发改局;\
责任单位:区招商服务中心、各街道)
5.推动2座垃圾中转站建设,新改扩建一批转运站。
责任领导:柯相国
牵头单位:区城管执法局
(二)增强科技创新能力
牵头单位:区科技局
责任单位:各街道
6.净增高企96家。
7.评定10名左右产业领军人才和20名左右优秀青年人才。
牵头单位:区人才办
"""


def test_fenjie_outline_items_and_section_leaders():
    draft = read_report(FENJIE)
    assert (draft.title, draft.year) == ("2023年区政府工作报告目标任务分解方案", 2023)
    assert outline(draft.sections) == [
        ("一、", "主要预期目标", []),
        ("二、", "重点工作任务", [("(一)", "扩大有效投资", []), ("(二)", "增强科技创新能力", [])]),
    ]
    first, second = draft.sections
    invest, innovation = second.sections
    assert (first.leaders, invest.leaders, innovation.leaders) == (
        ["成坤"],
        ["成坤", "柯相国", "王俊"],
        [],
    )
    assert goals(first) == [
        ("1", "地区生产总值增长6%左右。"),
        ("2", "固定资产投资增长10%。"),
        ("3", "城镇调查失业率控制在5.5%以内。"),
    ]
    assert goals(second) == []
    assert goals(invest) == [
        (
            "4",
            "加快产业项目落地。围绕电力生产、新能源汽车、装备制造等产业,加强资源包装推介,"
            "引进500强总部2个。开工亿元以上产业项目10个。",
        ),
        ("5", "推动2座垃圾中转站建设,新改扩建一批转运站。"),
    ]
    assert goals(innovation) == [
        ("6", "净增高企96家。"),
        ("7", "评定10名左右产业领军人才和20名左右优秀青年人才。"),
    ]
    assert draft.warnings == []


def test_fenjie_owner_lines_combine_and_headings_lend_their_owners():
    draft = read_report(FENJIE)
    g = draft.all_goals()
    # "牵头单位:…" then "责任单位:…": the lead from the first, every unit of the second as co.
    assert owners(g[0]) == (["区发改局"], ["区统计局", "各街道"], [], None)
    assert owners(g[1]) == (["区发改局"], ["区住房保障和房管局", "区自然资源和规划局"], [], None)
    assert owners(g[2]) == (["区人社局"], [], ["王俊"], None)
    # One annotation closing a three-sentence task: one goal, titled by its opening theme.
    assert owners(g[3]) == (["区发改局"], ["区招商服务中心", "各街道"], ["杜新国"], None)
    assert g[3].title == "加快产业项目落地"
    assert owners(g[4]) == (["区城管执法局"], [], ["柯相国"], None)
    # Owners under a heading go to its goals that name none; a goal naming its own keeps them.
    assert owners(g[5]) == (["区科技局"], ["各街道"], [], None)
    assert owners(g[6]) == (["区人才办"], [], [], None)


def test_fenjie_targets():
    draft = read_report(FENJIE)
    assert [targets(g) for g in draft.all_goals()] == [
        [(D(6), "%", "approx")],
        [(D(10), "%", "eq")],
        [(D("5.5"), "%", "lte")],
        [(D(2), "个", "eq"), (D(10), "个", "eq")],
        [(D(2), "座", "eq")],
        [(D(96), "家", "eq")],
        [(D(10), "名", "approx"), (D(20), "名", "approx")],
    ]


NESTED_ITEMS = """(三)推动消费提质扩容(牵头领导:柯相国)
1.培育消费新场景
(1)新建2个特色商业街区。(牵头单位:区商务局)
(2)举办促消费活动50场次以上。(牵头单位:区商务局;责任单位:各街道)
2.优化消费环境
牵头单位:区市场监管局
①新增泊位1.1万个、充电桩3200个。(牵头单位:区城建局)
②开展放心消费创建活动。
3.社会消费品零售总额增长8%。(牵头单位:区商务局)
"""


def test_items_with_sub_items_become_sections():
    draft = read_report(NESTED_ITEMS, year=2023)
    assert outline(draft.sections) == [
        ("(三)", "推动消费提质扩容", [("1.", "培育消费新场景", []), ("2.", "优化消费环境", [])])
    ]
    (consumption,) = draft.sections
    scenes, environment = consumption.sections
    assert consumption.leaders == ["柯相国"]
    assert goals(consumption) == [("3", "社会消费品零售总额增长8%。")]
    assert goals(scenes) == [("1", "新建2个特色商业街区。"), ("2", "举办促消费活动50场次以上。")]
    assert goals(environment) == [
        ("1", "新增泊位1.1万个、充电桩3200个。"),
        ("2", "开展放心消费创建活动。"),
    ]
    assert [owners(g)[:2] for g in scenes.goals + environment.goals + consumption.goals] == [
        (["区商务局"], []),
        (["区商务局"], ["各街道"]),
        (["区城建局"], []),
        (["区市场监管局"], []),
        (["区商务局"], []),
    ]
    assert [targets(g) for g in scenes.goals + environment.goals + consumption.goals] == [
        [(D(2), "个", "eq")],
        [(D(50), "场次", "gte")],
        [(D("1.1"), "万个", "eq"), (D(3200), "个", "eq")],
        [],
        [(D(8), "%", "eq")],
    ]


@pytest.mark.parametrize(
    ("text", "numbers"),
    [
        ("1.净增高企96家。\n2.新增上市企业1家。\n", ["1", "2"]),
        ("1、净增高企96家。\n2、新增上市企业1家。\n", ["1", "2"]),
        ("(1)净增高企96家。\n(2)新增上市企业1家。\n", ["1", "2"]),
        ("①净增高企96家。\n②新增上市企业1家。\n", ["1", "2"]),
        ("1. 净增高企96家。\n2. 新增上市企业1家。\n", ["1", "2"]),
    ],
)
def test_numbered_items_each_one_goal(text, numbers):
    draft = read_report("(二)增强创新生态吸引力\n" + text, year=2023)
    (section,) = draft.sections
    assert goals(section) == [
        (numbers[0], "净增高企96家。"),
        (numbers[1], "新增上市企业1家。"),
    ]
    assert [targets(g) for g in section.goals] == [[(D(96), "家", "eq")], [(D(1), "家", "eq")]]


def test_paragraph_closed_by_owner_lines_is_one_task():
    text = (
        "(一)扩大有效投资\n"
        "加快产业项目落地。围绕电力生产、新能源汽车等产业,加强资源包装推介。"
        "开工亿元以上产业项目10个。\n"
        "牵头单位:区发改局\n"
        "责任单位:区招商服务中心\n"
        "大力提振市场信心。积极兑现税费支持政策。\n"
    )
    draft = read_report(text, year=2023)
    (section,) = draft.sections
    assert outline(draft.sections) == [("(一)", "扩大有效投资", [("", "大力提振市场信心", [])])]
    assert goals(section) == [
        (
            "",
            "加快产业项目落地。围绕电力生产、新能源汽车等产业,加强资源包装推介。"
            "开工亿元以上产业项目10个。",
        )
    ]
    assert owners(section.goals[0]) == (["区发改局"], ["区招商服务中心"], [], None)
    assert section.goals[0].title == "加快产业项目落地"
    assert goals(section.sections[0]) == [("", "积极兑现税费支持政策。")]


def test_caidian_style_notice_then_plan_with_numbered_targets():
    text = """区人民政府办公室关于印发2023年区《政府工作报告》确定的主要目标任务责任分解方案的通知
各街道办事处、乡人民政府,区人民政府各部门、各直属机构:
《2023年区〈政府工作报告〉确定的主要目标任务责任分解方案》已报经区人民政府同意,\
现印发给你们,并就有关事项通知如下:
一、各责任单位要高度重视,切实加强领导,对照2023年区《政府工作报告》确定的目标任务,\
制订工作方案,并于2023年1月15日前将工作方案报区人民政府办公室。
二、从2023年第一季度开始,各责任单位要在每季度最后一个月的30日前将本季度工作目标\
任务进展情况报区人民政府办公室。
蔡甸区人民政府办公室
2023年1月3日
(此件公开发布)
2023年区《政府工作报告》确定的主要目标任务责任分解方案
一、2023年全区经济社会发展的主要预期目标
(一)地区生产总值增长7%以上
责任单位:区发展和改革局
(二)规上工业增加值增长12%以上
责任单位:区科技和经信局
(三)居民收入增长与经济增长同步
责任单位:区人力资源和社会保障局、区统计局
二、2023年重点工作任务
(一)坚持项目为王,扩大有效投资
1.全年开工亿元以上项目100个,完成固定资产投资增长10%。
牵头单位:区发展和改革局
责任单位:各街道办事处
"""
    draft = read_report(text)
    assert draft.title == "2023年区《政府工作报告》确定的主要目标任务责任分解方案"
    assert draft.year == 2023
    assert outline(draft.sections) == [
        ("一、", "2023年全区经济社会发展的主要预期目标", []),
        ("二、", "2023年重点工作任务", [("(一)", "坚持项目为王,扩大有效投资", [])]),
    ]
    expected_targets, tasks = draft.sections
    assert goals(expected_targets) == [
        ("1", "地区生产总值增长7%以上"),
        ("2", "规上工业增加值增长12%以上"),
        ("3", "居民收入增长与经济增长同步"),
    ]
    assert [owners(g)[:2] for g in expected_targets.goals] == [
        (["区发展和改革局"], []),
        (["区科技和经信局"], []),
        (["区人力资源和社会保障局"], ["区统计局"]),
    ]
    assert [targets(g) for g in expected_targets.goals] == [
        [(D(7), "%", "gte")],
        [(D(12), "%", "gte")],
        [],
    ]
    (invest,) = tasks.sections
    assert goals(invest) == [("1", "全年开工亿元以上项目100个,完成固定资产投资增长10%。")]
    assert owners(invest.goals[0])[:2] == (["区发展和改革局"], ["各街道办事处"])
    assert len(draft.all_goals()) == 4


# -- chapters and sub-sections ------------------------------------------------------------


def test_part_chapter_and_subsection_nesting():
    text = """第一部分 扩大有效需求
一、加快项目建设
(一)产业项目
新开工亿元以上产业项目30个。
(二)基础设施
建成道路17条。
二、促进消费
举办促消费活动20场。
第二部分 建设宜居城区
一、提升城市品质
新建口袋公园5个。
"""
    draft = read_report(text, year=2023)
    assert outline(draft.sections) == [
        (
            "第一部分",
            "扩大有效需求",
            [
                ("一、", "加快项目建设", [("(一)", "产业项目", []), ("(二)", "基础设施", [])]),
                ("二、", "促进消费", []),
            ],
        ),
        ("第二部分", "建设宜居城区", [("一、", "提升城市品质", [])]),
    ]
    assert [(s.title, [g.text for g in s.goals]) for s in draft.walk_sections() if s.goals] == [
        ("产业项目", ["新开工亿元以上产业项目30个。"]),
        ("基础设施", ["建成道路17条。"]),
        ("促进消费", ["举办促消费活动20场。"]),
        ("提升城市品质", ["新建口袋公园5个。"]),
    ]


def test_text_starting_mid_chapter_keeps_the_usual_ranks():
    text = """5.完成2座新模式变电站土建工程,建成电力通道8公里。(牵头单位:区发改局)
6.新增泊位1.1万个。(牵头单位:区城建局)
(三)提升城区品质
7.新建2个综合公园、2个社区公园和5个口袋公园。(牵头单位:区园林局)
三、保障和改善民生
(一)办好人民满意的教育
8.加快长虹高中、洪山四小等10所学校建设。(牵头单位:区教育局)
"""
    draft = read_report(text, year=2023)
    assert goals(draft) == [
        ("5", "完成2座新模式变电站土建工程,建成电力通道8公里。"),
        ("6", "新增泊位1.1万个。"),
    ]
    # 三、 ranks above (三) even though the text used (三) first.
    assert outline(draft.sections) == [
        ("(三)", "提升城区品质", []),
        ("三、", "保障和改善民生", [("(一)", "办好人民满意的教育", [])]),
    ]
    assert goals(draft.sections[0]) == [("7", "新建2个综合公园、2个社区公园和5个口袋公园。")]
    assert goals(draft.sections[1].sections[0]) == [("8", "加快长虹高中、洪山四小等10所学校建设。")]
    assert [owners(g)[0] for g in draft.all_goals()] == [
        ["区发改局"],
        ["区城建局"],
        ["区园林局"],
        ["区教育局"],
    ]
    assert [len(g.indicators) for g in draft.all_goals()] == [2, 1, 3, 1]


def test_theme_lines_on_their_own_line_without_full_stop():
    text = """(一)扩大有效投资
加快产业项目落地
开工亿元以上产业项目10个、10亿元以上产业项目4个。
推动中钒储能、安徽电气等一批亿元以上项目签约。
大力提振市场信心
积极兑现税费支持政策,帮助市场主体减负担、稳预期、增动能。
"""
    draft = read_report(text, year=2023)
    assert outline(draft.sections) == [
        (
            "(一)",
            "扩大有效投资",
            [("", "加快产业项目落地", []), ("", "大力提振市场信心", [])],
        )
    ]
    projects, confidence = draft.sections[0].sections
    assert goals(projects) == [
        ("", "开工亿元以上产业项目10个、10亿元以上产业项目4个。"),
        ("", "推动中钒储能、安徽电气等一批亿元以上项目签约。"),
    ]
    assert goals(confidence) == [("", "积极兑现税费支持政策,帮助市场主体减负担、稳预期、增动能。")]
    assert targets(projects.goals[0]) == [(D(10), "个", "eq"), (D(4), "个", "eq")]


def test_enumerated_yishi_paragraphs_inside_a_subsection_are_tasks():
    text = """二、重点工作任务
(一)扩大有效投资
一是加快招商引资,全年引进亿元以上项目50个。二是推进项目建设,开工重点项目30个,完成投资200亿元。
(二)优化营商环境
一是深化“放管服”改革。推进“一网通办”,政务服务事项网上可办率达到100%。二是强化要素保障。
"""
    draft = read_report(text, year=2023)
    assert outline(draft.sections) == [
        ("二、", "重点工作任务", [("(一)", "扩大有效投资", []), ("(二)", "优化营商环境", [])])
    ]
    invest, business = draft.sections[0].sections
    assert goals(invest) == [
        ("1", "加快招商引资,全年引进亿元以上项目50个。"),
        ("2", "推进项目建设,开工重点项目30个,完成投资200亿元。"),
    ]
    assert goals(business) == [
        ("1", "深化“放管服”改革。推进“一网通办”,政务服务事项网上可办率达到100%。"),
        ("2", "强化要素保障。"),
    ]
    assert [targets(g) for g in invest.goals + business.goals] == [
        [(D(50), "个", "eq")],
        [(D(30), "个", "eq"), (D(200), "亿元", "eq")],
        [(D(100), "%", "eq")],
        [],
    ]


# -- a whole report ---------------------------------------------------------------------

FULL_REPORT = """武汉市洪山区2024年政府工作报告
——2024年1月9日在洪山区第十届人民代表大会第四次会议上
洪山区人民政府代区长 王某某
各位代表:
现在,我代表区人民政府,向大会报告工作,请予审议,并请区政协委员和其他列席人员提出意见。
一、2023年工作回顾
过去一年,面对复杂严峻的外部环境,我们坚持稳中求进工作总基调,全区经济持续回升向好。\
预计地区生产总值增长6.5%,规模以上工业增加值增长8.2%,固定资产投资增长12%,社会消费品零售总额增长9.1%。
(一)产业项目加快落地。全年引进500强企业项目8个,开工亿元以上产业项目32个,净增高新技术企业156家。
(二)城区品质持续提升。建成道路23条,新增停车泊位1.2万个,新建口袋公园12个。
同时,我们也清醒地看到,经济恢复的基础尚不牢固,民生领域还有不少短板。我们将直面问题,切实加以解决。
二、2024年工作安排
2024年是实施“十四五”规划的关键之年。做好今年政府工作,要坚持以习近平新时代中国特色社会主义思想为指导,\
全面贯彻落实党的二十大精神。
今年全区经济社会发展的主要预期目标是:地区生产总值增长6%左右,规模以上工业增加值增长7%,\
固定资产投资增长10%,社会消费品零售总额增长8%,一般公共预算收入增长5%,\
城镇常住居民人均可支配收入增长与经济增长基本同步,城镇调查失业率控制在5.5%以内。
重点抓好以下五个方面工作:
(一)坚持项目为王,扩大有效投资。
加快产业项目落地。开工亿元以上产业项目10个,引进500强总部2个。推动中钒储能等项目签约。
提升招商质效。策划55个重点投资项目,计划总投资759亿元。
(二)坚持民生为本,增进人民福祉。
办好人民满意的教育。加快10所学校建设,新增公办学位5000个。
三、全面加强政府自身建设
坚持依法行政。自觉接受区人大及其常委会的法律监督和工作监督,认真办理人大代表建议和政协委员提案。
各位代表!新时代新征程催人奋进,让我们团结一心、拼搏实干,为加快建设现代化新洪山而努力奋斗!
名词解释:
1.“七个一”:指项目包保的七项工作机制。
2.“双百”活动:指示范创建和达标整治100个点位。
"""


def test_full_report_outline_skips_preamble_review_and_glossary():
    draft = read_report(FULL_REPORT)
    assert (draft.title, draft.year) == ("武汉市洪山区2024年政府工作报告", 2024)
    assert outline(draft.sections) == [
        (
            "二、",
            "2024年工作安排",
            [
                (
                    "(一)",
                    "坚持项目为王,扩大有效投资",
                    [("", "加快产业项目落地", []), ("", "提升招商质效", [])],
                ),
                ("(二)", "坚持民生为本,增进人民福祉", [("", "办好人民满意的教育", [])]),
            ],
        ),
        ("三、", "全面加强政府自身建设", [("", "坚持依法行政", [])]),
    ]
    plan, government = draft.sections
    # The opening of the chapter is its introduction, not a task.
    assert plan.intro.startswith("2024年是实施“十四五”规划的关键之年。")
    assert "重点抓好以下五个方面工作" in plan.intro
    (invest, livelihood) = plan.sections
    assert [goals(theme) for theme in invest.sections + livelihood.sections] == [
        [
            ("", "开工亿元以上产业项目10个,引进500强总部2个。"),
            ("", "推动中钒储能等项目签约。"),
        ],
        [("", "策划55个重点投资项目,计划总投资759亿元。")],
        [("", "加快10所学校建设,新增公办学位5000个。")],
    ]
    assert goals(government.sections[0]) == [
        ("", "自觉接受区人大及其常委会的法律监督和工作监督,认真办理人大代表建议和政协委员提案。")
    ]
    texts = [g.text for g in draft.all_goals()]
    for word in ("各位代表", "我代表", "过去一年", "6.5%", "156家", "清醒地看到", "七个一", "奋斗"):
        assert not any(word in t for t in texts), word
    assert len(texts) == 12
    where = {w.template: w.where for w in draft.warnings}
    assert (
        where["Chapter “%(chapter)s” reviews past work; its numbers were not read as targets."]
        == "line 6"
    )
    assert where["The glossary from line %(line)s on was left out."] == "line 23"


def test_full_report_main_targets_paragraph_becomes_goals():
    draft = read_report(FULL_REPORT)
    plan = draft.sections[0]
    assert goals(plan) == [
        ("", "地区生产总值增长6%左右"),
        ("", "规模以上工业增加值增长7%"),
        ("", "固定资产投资增长10%"),
        ("", "社会消费品零售总额增长8%"),
        ("", "一般公共预算收入增长5%"),
        ("", "城镇常住居民人均可支配收入增长与经济增长基本同步"),
        ("", "城镇调查失业率控制在5.5%以内"),
    ]
    assert [targets(g) for g in plan.goals] == [
        [(D(6), "%", "approx")],
        [(D(7), "%", "eq")],
        [(D(10), "%", "eq")],
        [(D(8), "%", "eq")],
        [(D(5), "%", "eq")],
        [],
        [(D("5.5"), "%", "lte")],
    ]
    assert sum(len(g.indicators) for g in draft.all_goals()) == 12
    # No owners anywhere: one warning says so instead of one per goal.
    no_owners = "The document names no owners; assign lead departments in the preview " + (
        "before confirming."
    )
    assert templates(draft).count(no_owners) == 1


def test_main_targets_listed_one_per_line():
    text = """二、2023年工作安排
今年经济社会发展的主要预期目标是:
地区生产总值增长6%左右
居民收入增长与经济增长基本同步
城镇调查失业率控制在5.5%以内
(一)扩大有效投资
开工亿元以上产业项目10个。
"""
    draft = read_report(text, year=2023)
    assert outline(draft.sections) == [("二、", "2023年工作安排", [("(一)", "扩大有效投资", [])])]
    assert goals(draft.sections[0]) == [
        ("", "地区生产总值增长6%左右"),
        ("", "居民收入增长与经济增长基本同步"),
        ("", "城镇调查失业率控制在5.5%以内"),
    ]
    assert goals(draft.sections[0].sections[0]) == [("", "开工亿元以上产业项目10个。")]


def test_unnumbered_review_and_plan_chapters():
    text = """2022年工作回顾
过去一年,全区地区生产总值增长5.5%,新增市场主体1.2万户。
(一)项目建设成果丰硕。开工亿元以上项目45个。
2023年工作安排
(一)扩大有效投资
开工亿元以上产业项目50个。
"""
    draft = read_report(text)
    assert draft.year == 2023
    assert outline(draft.sections) == [("", "2023年工作安排", [("(一)", "扩大有效投资", [])])]
    assert [g.text for g in draft.all_goals()] == ["开工亿元以上产业项目50个。"]


# -- messy text ---------------------------------------------------------------------------


def test_pdf_wrapped_lines_page_numbers_and_spaces_inside_words():
    text = """(二)增强创新动能
增强创新生态吸引力。促进企业创建技术创新中心、工程研究中心和企校联合创
新中心,开展核心技术攻关;充分调动高校院所、新型研发机构、双创孵化载体
积极性,推动企业依托生产线建设中试平台并对外开放;健全科技企业梯度培育路
- 3 -
径,净增高 企 96 家。完善优秀人才配套服务措施,评定10名左右产业领军人才和
第3页 共12页
20名左右优秀青年人才。
增强创新要素保障力。帮扶25家上市后备种子企业对接资本市场,新增上市企业1家、
12
报辅企业2家。
"""
    draft = read_report(text, year=2023)
    assert outline(draft.sections) == [
        (
            "(二)",
            "增强创新动能",
            [("", "增强创新生态吸引力", []), ("", "增强创新要素保障力", [])],
        )
    ]
    ecology, factors = draft.sections[0].sections
    assert goals(ecology) == [
        (
            "",
            "促进企业创建技术创新中心、工程研究中心和企校联合创新中心,开展核心技术攻关;"
            "充分调动高校院所、新型研发机构、双创孵化载体积极性,推动企业依托生产线建设"
            "中试平台并对外开放;健全科技企业梯度培育路径,净增高企96家。",
        ),
        ("", "完善优秀人才配套服务措施,评定10名左右产业领军人才和20名左右优秀青年人才。"),
    ]
    assert goals(factors) == [
        ("", "帮扶25家上市后备种子企业对接资本市场,新增上市企业1家、报辅企业2家。")
    ]
    assert [targets(g) for g in draft.all_goals()] == [
        [(D(96), "家", "eq")],
        [(D(10), "名", "approx"), (D(20), "名", "approx")],
        [(D(25), "家", "eq"), (D(1), "家", "eq"), (D(2), "家", "eq")],
    ]
    assert ecology.goals[0].line == 2  # where the paragraph starts


def test_long_heading_without_full_stop_is_not_joined_to_the_next_paragraph():
    text = """(一)坚持创新驱动发展,加快建设具有全国影响力的科技创新中心
增强创新生态吸引力。健全科技企业梯度培育路径,净增高企96家。
"""
    draft = read_report(text, year=2023)
    assert outline(draft.sections) == [
        (
            "(一)",
            "坚持创新驱动发展,加快建设具有全国影响力的科技创新中心",
            [("", "增强创新生态吸引力", [])],
        )
    ]


def test_full_width_digits_and_punctuation():
    text = (
        "（一）扩大有效投资（牵头领导：成坤）\n"
        "１．开工亿元以上产业项目１０个。（牵头单位：区发改局；责任单位：各街道）\n"
        "２、新增泊位１．１万个、充电桩３２００个。\n"
        "牵头单位：区城建局\n"
    )
    draft = read_report(text, year=2023)
    assert outline(draft.sections) == [("(一)", "扩大有效投资", [])]
    (section,) = draft.sections
    assert section.leaders == ["成坤"]
    assert goals(section) == [
        ("1", "开工亿元以上产业项目10个。"),
        ("2", "新增泊位1.1万个、充电桩3200个。"),
    ]
    assert [owners(g)[:2] for g in section.goals] == [
        (["区发改局"], ["各街道"]),
        (["区城建局"], []),
    ]
    assert [targets(g) for g in section.goals] == [
        [(D(10), "个", "eq")],
        [(D("1.1"), "万个", "eq"), (D(3200), "个", "eq")],
    ]


# -- title, year, emptiness, duplicates ------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kwargs", "title", "year"),
    [
        (
            "武汉市洪山区2024年政府工作报告\n(一)扩大有效投资\n开工项目10个。\n",
            {},
            "武汉市洪山区2024年政府工作报告",
            2024,
        ),
        (
            "2023年区政府工作报告目标任务分解方案\n1.净增高企96家。\n",
            {},
            "2023年区政府工作报告目标任务分解方案",
            2023,
        ),
        (
            "区人民政府办公室关于印发\n2026年区《政府工作报告》目标任务\n责任分解方案的通知\n"
            "各街道办事处:\n现印发给你们,请认真贯彻执行。\n"
            "2026年区《政府工作报告》目标任务责任分解方案\n1.净增高企96家。\n",
            {},
            "2026年区《政府工作报告》目标任务责任分解方案",
            2026,
        ),
        (
            "2023年区政府工作报告目标任务分解方案\n1.净增高企96家。\n",
            {"year": 2030, "title": "区重点任务"},
            "区重点任务",
            2030,
        ),
        (
            "1.净增高企96家。\n",
            {"source_name": "洪山区2025年分解方案.docx"},
            "洪山区2025年分解方案",
            2025,
        ),
        (
            "政府工作报告\n——2024年1月9日在区第十届人民代表大会第四次会议上\n1.净增高企96家。\n",
            {},
            "政府工作报告",
            2024,
        ),
    ],
)
def test_title_and_year(text, kwargs, title, year):
    draft = read_report(text, **kwargs)
    assert (draft.title, draft.year) == (title, year)
    assert [g.text for g in draft.all_goals()] == [
        "开工项目10个。" if "开工" in text else "净增高企96家。"
    ]


def test_no_year_is_a_warning():
    draft = read_report("1.净增高企96家。\n")
    assert draft.year is None
    assert "The year of the plan could not be found; set it before applying." in templates(draft)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   \n\n",
        "各位代表:\n现在,我代表区人民政府,向大会报告工作,请予审议。\n",
        "一、2022年工作回顾\n过去一年,全区地区生产总值增长5.5%。\n",
    ],
)
def test_no_tasks_is_a_warning_and_no_goals(text):
    draft = read_report(text, year=2023)
    assert draft.all_goals() == []
    assert draft.sections == []
    assert "No tasks were found in the text." in templates(draft)


def test_duplicate_tasks_are_warned():
    text = "(一)扩大有效投资\n1.开工亿元以上产业项目10个。\n2.开工亿元以上产业项目10个。\n"
    draft = read_report(text, year=2023)
    assert len(draft.all_goals()) == 2
    duplicates = [w for w in draft.warnings if "repeats" in w.template]
    assert [(w.where, w.params) for w in duplicates] == [("line 3", {"line": 2})]


# -- 分解方案 tables ----------------------------------------------------------------------

# A 分解方案 in a Word table. A row merged across the table has one cell.
TABLE_ROWS = [
    ["序号", "工作任务", "牵头单位", "责任单位", "责任领导", "完成时限"],
    ["一、主要经济指标(牵头领导:成坤)"],
    ["1", "地区生产总值增长6%左右", "区发改局", "区统计局、各街道", "杜新国", "12月底前"],
    ["2", "城镇调查失业率控制在5.5%以内", "区人社局", "", "王俊", "全年"],
    ["二", "重点工作任务", "", "", "", ""],
    ["(一)增强科技创新能力(牵头领导:柯相国)"],
    ["3", "净增高企96家", "区科技局", "区财政局", "杜新国", "12月底前"],
    # The header again, as Word repeats it at the top of the next page.
    ["序号", "工作任务", "牵头单位", "责任单位", "责任领导", "完成时限"],
    [
        "4",
        "建成湖北洪山实验室一期工程。推动大北农科创园供地。",
        "区科技局",
        "区自然资源和规划局、关山街道",
        "柯相国",
        "6月底前",
    ],
    ["5", "新增上市企业1家、报辅企业2家", "", "区金融局、区财政局", "杜新国", "12月底前"],
]
TABLE_TITLE = "2023年区政府工作报告目标任务分解方案"
# As targets.io.files.read_document gives a Word table: one row a line, cells joined by " | ".
WORD_TABLE = "\n".join([TABLE_TITLE, *(" | ".join(cells) for cells in TABLE_ROWS)]) + "\n"


def check_word_table(draft):
    assert (draft.title, draft.year) == ("2023年区政府工作报告目标任务分解方案", 2023)
    assert outline(draft.sections) == [
        ("一、", "主要经济指标", []),
        ("二、", "重点工作任务", [("(一)", "增强科技创新能力", [])]),
    ]
    indicators, tasks = draft.sections
    innovation = tasks.sections[0]
    assert (indicators.leaders, innovation.leaders) == (["成坤"], ["柯相国"])
    assert goals(indicators) == [
        ("1", "地区生产总值增长6%左右"),
        ("2", "城镇调查失业率控制在5.5%以内"),
    ]
    assert goals(tasks) == []
    assert goals(innovation) == [
        ("3", "净增高企96家"),
        ("4", "建成湖北洪山实验室一期工程。推动大北农科创园供地。"),
        ("5", "新增上市企业1家、报辅企业2家"),
    ]
    assert [owners(g) for g in draft.all_goals()] == [
        (["区发改局"], ["区统计局", "各街道"], ["杜新国"], "12月底前"),
        (["区人社局"], [], ["王俊"], "全年"),
        (["区科技局"], ["区财政局"], ["杜新国"], "12月底前"),
        (["区科技局"], ["区自然资源和规划局", "关山街道"], ["柯相国"], "6月底前"),
        # 责任单位 alone: the first listed leads.
        (["区金融局"], ["区财政局"], ["杜新国"], "12月底前"),
    ]
    assert [targets(g) for g in draft.all_goals()] == [
        [(D(6), "%", "approx")],
        [(D("5.5"), "%", "lte")],
        [(D(96), "家", "eq")],
        [],
        [(D(1), "家", "eq"), (D(2), "家", "eq")],
    ]


def test_word_table_rows_as_text():
    draft = read_report(WORD_TABLE)
    check_word_table(draft)
    assert draft.warnings == []


def test_word_table_from_a_docx_file():
    document = docx.Document()
    document.add_paragraph(TABLE_TITLE)
    table = document.add_table(rows=0, cols=6)
    for cells in TABLE_ROWS:
        row = table.add_row()
        if len(cells) == 1:
            merged = row.cells[0].merge(row.cells[5])
            merged.text = cells[0]
        else:
            for cell, value in zip(row.cells, cells, strict=True):
                cell.text = value
    buffer = io.BytesIO()
    document.save(buffer)
    draft = read_report(read_document("分解方案.docx", buffer.getvalue()))
    check_word_table(draft)


@pytest.mark.parametrize("separator", ["tab", "markdown"])
def test_pasted_tables_with_a_category_column(separator):
    rows = [
        ["序号", "类别", "目标任务", "责任单位", "完成时限"],
        ["1", "扩大有效投资", "开工亿元以上产业项目10个", "区发改局(牵头)、各街道", "12月底前"],
        ["2", "扩大有效投资", "引进500强总部2个", "区招商服务中心", "12月底前"],
        ["3", "提升城市品质", "新建2个综合公园", "区园林局", "年内"],
    ]
    if separator == "tab":
        text = "\n".join("\t".join(row) for row in rows)
    else:
        lines = ["| " + " | ".join(row) + " |" for row in rows]
        text = "\n".join([lines[0], "|---|---|---|---|---|", *lines[1:]])
    draft = read_report(text, year=2023)
    assert outline(draft.sections) == [("", "扩大有效投资", []), ("", "提升城市品质", [])]
    invest, city = draft.sections
    assert goals(invest) == [("1", "开工亿元以上产业项目10个"), ("2", "引进500强总部2个")]
    assert goals(city) == [("3", "新建2个综合公园")]
    assert [owners(g) for g in draft.all_goals()] == [
        (["区发改局"], ["各街道"], [], "12月底前"),
        (["区招商服务中心"], [], [], "12月底前"),
        (["区园林局"], [], [], "年内"),
    ]
    assert [targets(g) for g in draft.all_goals()] == [
        [(D(10), "个", "eq")],
        [(D(2), "个", "eq")],
        [(D(2), "个", "eq")],
    ]


def test_word_table_with_a_two_row_header_and_a_task_merged_down():
    text = (
        "序号 | 工作任务 | 责任单位 | 完成时限\n"
        "序号 | 工作任务 | 牵头单位 | 配合单位 | 完成时限\n"
        "1 | 新建2个综合公园 | 区园林局 | 各街道 | 年内\n"
        "2 | 推进老旧小区改造50个 | 区住房保障和房管局 | 区城建局 | 12月底前\n"
        "2 | 推进老旧小区改造50个 | 各街道 |  | 12月底前\n"
    )
    draft = read_report(text, year=2023)
    assert goals(draft) == [("1", "新建2个综合公园"), ("2", "推进老旧小区改造50个")]
    assert [owners(g) for g in draft.goals] == [
        (["区园林局"], ["各街道"], [], "年内"),
        (["区住房保障和房管局", "各街道"], ["区城建局"], [], "12月底前"),
    ]
    assert not [w for w in draft.warnings if "repeats" in w.template]


def test_table_without_a_header_row_is_read_with_a_warning():
    text = (
        "1 | 新建2个综合公园 | 区园林局 | 王俊 | 12月底前\n"
        "2 | 新增泊位1.1万个 | 区城建局 | 柯相国 | 年内\n"
    )
    draft = read_report(text, year=2023)
    assert goals(draft) == [("1", "新建2个综合公园"), ("2", "新增泊位1.1万个")]
    assert [owners(g) for g in draft.goals] == [
        (["区园林局"], [], ["王俊"], "12月底前"),
        (["区城建局"], [], ["柯相国"], "年内"),
    ]
    assert templates(draft) == [
        "This table has no header row naming its columns; check the owners read from it."
    ]


# A table copied from a web page as some sites and readers give it: one cell a line, empty
# cells leaving no line, after the notice that issues it.
WEB_TABLE = """郧阳区人民政府关于分解落实2023年区政府工作目标任务的通知
索引号
011437144/2023-06550
发文字号
郧政发〔2023〕5号
各乡镇人民政府,区政府各部门:
经研究决定,现将2023年区政府工作目标任务分解下达给你们,请认真组织落实。
附件:2023年区政府工作目标任务落实责任分解表
2023年1月30日
附件
2023年区政府工作目标任务落实责任分解表
序号
目  标  任  务
牵头单位
责任单位
责任人
一、主要经济社会发展指标、发改、财政等工作目标(牵头领导:成坤、柯相国、王俊)
1
★地区生产总值增长15%。
区发改局
区统计局、各乡镇
成坤
2
规模以上工业增加值增长18%。
区经信局
成坤
二、农业农村工作目标(牵头领导:王俊)
3
新建高标准农田2万亩,
完成高标准农田改造提升1万亩。
区农业农村局
各乡镇
王俊
"""


def test_web_table_one_cell_a_line_after_its_notice():
    draft = read_report(WEB_TABLE)
    assert (draft.title, draft.year) == ("2023年区政府工作目标任务落实责任分解表", 2023)
    assert outline(draft.sections) == [
        ("一、", "主要经济社会发展指标、发改、财政等工作目标", []),
        ("二、", "农业农村工作目标", []),
    ]
    economy, farming = draft.sections
    assert (economy.leaders, farming.leaders) == (["成坤", "柯相国", "王俊"], ["王俊"])
    assert goals(economy) == [("1", "地区生产总值增长15%。"), ("2", "规模以上工业增加值增长18%。")]
    assert economy.goals[0].flags == ["key"]
    assert goals(farming) == [("3", "新建高标准农田2万亩,完成高标准农田改造提升1万亩。")]
    assert [owners(g) for g in draft.all_goals()] == [
        (["区发改局"], ["区统计局", "各乡镇"], ["成坤"], None),
        (["区经信局"], [], ["成坤"], None),
        (["区农业农村局"], ["各乡镇"], ["王俊"], None),
    ]
    assert [targets(g) for g in draft.all_goals()] == [
        [(D(15), "%", "eq")],
        [(D(18), "%", "eq")],
        [(D(2), "万亩", "eq"), (D(1), "万亩", "eq")],
    ]
    assert draft.warnings == []


# As a district's 分解方案 is published on a web page (the 咸安 pattern): themes on lines of
# their own between numbered tasks, each task closed by its annotation, a site footer after.
WEB_FENJIE = """2023年区《政府工作报告》确定的重点工作任务责任分解方案

  一、2023年全区经济社会发展主要预期目标

  1.地区生产总值增长8%以上。(责任领导:杜新国;牵头单位:区发改局)

  6.一般公共预算收入增长12%以上。(责任领导:杜新国;牵头单位:区财政局、区税务局)

  7.城乡居民收入增长与经济增长基本同步。(责任领导:杜新国、丁玲;牵头单位:区发改局、区农业农村局)

  二、2023年七个方面主要工作安排

  (一)坚定不移做强增长引擎

  加强基础设施建设

  12.启动南外环高速公路、全域公交项目建设,确保107国道咸安绕城段公路建成通车。\
(责任领导:洪声耀;牵头单位:区交通运输局;责任单位:区发改局、区自然资源和规划局,相关乡镇办)

  13.加快推进淦河二期系统治理。(责任领导:丁玲;牵头单位:区水利和湖泊局)

  扩大有效投资

  14.全年实施亿元以上项目200个,完成投资300亿元。(责任领导:杜新国;牵头单位:区发改局)

本文仅代表作者观点,不代表本站立场。
本文地址:/t/huazhong/7692.html
"""


def test_web_fenjie_with_theme_lines_between_annotated_items():
    draft = read_report(WEB_FENJIE)
    assert (draft.title, draft.year) == (
        "2023年区《政府工作报告》确定的重点工作任务责任分解方案",
        2023,
    )
    assert outline(draft.sections) == [
        ("一、", "2023年全区经济社会发展主要预期目标", []),
        (
            "二、",
            "2023年七个方面主要工作安排",
            [
                (
                    "(一)",
                    "坚定不移做强增长引擎",
                    [("", "加强基础设施建设", []), ("", "扩大有效投资", [])],
                )
            ],
        ),
    ]
    assert [(g.number, owners(g)) for g in draft.all_goals()] == [
        ("1", (["区发改局"], [], ["杜新国"], None)),
        ("6", (["区财政局", "区税务局"], [], ["杜新国"], None)),
        ("7", (["区发改局", "区农业农村局"], [], ["杜新国", "丁玲"], None)),
        (
            "12",
            (
                ["区交通运输局"],
                ["区发改局", "区自然资源和规划局", "相关乡镇办"],
                ["洪声耀"],
                None,
            ),
        ),
        ("13", (["区水利和湖泊局"], [], ["丁玲"], None)),
        ("14", (["区发改局"], [], ["杜新国"], None)),
    ]
    assert draft.all_goals()[3].text == (
        "启动南外环高速公路、全域公交项目建设,确保107国道咸安绕城段公路建成通车。"
    )
    assert [len(g.indicators) for g in draft.all_goals()] == [1, 1, 0, 0, 0, 2]
    assert [w.where for w in draft.warnings] == ["line 25"]  # the footer, nothing else


def test_report_with_yishi_chapters_after_a_review_that_uses_them_too():
    text = """一、2022年工作回顾
一是经济运行稳中有进。新开工亿元以上项目45个,新增市场主体2.1万户。
二是城市功能持续完善。建成道路20条。
二、2023年工作安排
2023年是全面贯彻落实党的二十大精神的开局之年。
一是稳增长、扩投资,夯实经济发展基础。坚持项目为王。
加快产业项目落地。开工亿元以上产业项目10个。
二是惠民生、补短板,增进人民福祉。坚持以人民为中心。
持续办好民生实事。今年将集中力量办好十件民生实事:改造老旧小区50个;新增停车泊位1万个;新建社区食堂20个。
"""
    draft = read_report(text)
    assert draft.year == 2023
    assert outline(draft.sections) == [
        (
            "二、",
            "2023年工作安排",
            [
                ("一是", "稳增长、扩投资,夯实经济发展基础", [("", "加快产业项目落地", [])]),
                ("二是", "惠民生、补短板,增进人民福祉", [("", "持续办好民生实事", [])]),
            ],
        )
    ]
    plan = draft.sections[0]
    assert plan.intro == "2023年是全面贯彻落实党的二十大精神的开局之年。"
    assert [s.intro for s in plan.sections] == ["坚持项目为王。", "坚持以人民为中心。"]
    projects, livelihood = (s.sections[0] for s in plan.sections)
    assert goals(projects) == [("", "开工亿元以上产业项目10个。")]
    # A list after a colon: one goal a task, the words before it the theme's introduction.
    assert goals(livelihood) == [
        ("", "改造老旧小区50个"),
        ("", "新增停车泊位1万个"),
        ("", "新建社区食堂20个"),
    ]
    assert livelihood.intro == "今年将集中力量办好十件民生实事:"


def test_bullet_items_are_goals():
    text = (
        "二、2023年工作安排\n今年主要预期目标:\n●地区生产总值增长5%以上\n●外贸外资促稳提质\n"
        "(一)扩大有效投资\n——加快产业项目落地,引进500强总部2个。\n——推动消费升级。\n"
        "——牵头单位:区发改局\n"
    )
    draft = read_report(text)
    assert outline(draft.sections) == [("二、", "2023年工作安排", [("(一)", "扩大有效投资", [])])]
    chapter = draft.sections[0]
    assert goals(chapter) == [("", "地区生产总值增长5%以上"), ("", "外贸外资促稳提质")]
    assert chapter.intro == "今年主要预期目标:"
    assert goals(chapter.sections[0]) == [
        ("", "加快产业项目落地,引进500强总部2个。"),
        ("", "推动消费升级。"),
    ]
    assert [owners(g)[0] for g in chapter.sections[0].goals] == [[], ["区发改局"]]


def test_pdf_page_width_wraps_a_heading_too():
    # Lines wrapped at 28 characters, paragraphs indented by two, as a 公文 PDF prints them.
    text = """  (一)坚持项目为王,全力以赴扩大有效投资,增强经济发
展后劲,推动经济运行整体好转。
  加快产业项目落地。围绕电力生产、新能源汽车、装备制造
、高端商贸等产业,加强功能区土地、村集体产业用地等资源包
装推介,引进500强总部2个。开工亿元以上产业项目10个
、10亿元以上产业项目4个。
  (二)坚持创新驱动发展,加快建设具有全国影响力的科技
创新中心
  增强创新生态吸引力。健全科技企业梯度培育路径,净增高
企96家。
"""
    draft = read_report(text, year=2023)
    assert outline(draft.sections) == [
        (
            "(一)",
            "坚持项目为王,全力以赴扩大有效投资,增强经济发展后劲,推动经济运行整体好转",
            [("", "加快产业项目落地", [])],
        ),
        (
            "(二)",
            "坚持创新驱动发展,加快建设具有全国影响力的科技创新中心",
            [("", "增强创新生态吸引力", [])],
        ),
    ]
    assert [g.text for g in draft.all_goals()] == [
        "围绕电力生产、新能源汽车、装备制造、高端商贸等产业,加强功能区土地、"
        "村集体产业用地等资源包装推介,引进500强总部2个。",
        "开工亿元以上产业项目10个、10亿元以上产业项目4个。",
        "健全科技企业梯度培育路径,净增高企96家。",
    ]


def test_item_title_followed_by_its_description_is_one_task():
    text = """(一)扩大有效投资
1.加快产业项目落地。
围绕电力生产等产业,引进500强总部2个。
开工亿元以上产业项目10个。
牵头单位:区发改局
2.大力提振市场信心
积极兑现税费支持政策。(牵头单位:区商务局)
3.新增泊位1.1万个。
牵头单位:区城建局
"""
    draft = read_report(text, year=2023)
    (section,) = draft.sections
    assert goals(section) == [
        ("1", "加快产业项目落地。围绕电力生产等产业,引进500强总部2个。开工亿元以上产业项目10个。"),
        ("2", "大力提振市场信心。积极兑现税费支持政策。"),
        ("3", "新增泊位1.1万个。"),
    ]
    assert [g.title for g in section.goals] == [
        "加快产业项目落地",
        "大力提振市场信心",
        "新增泊位1.1万个",
    ]
    assert [owners(g)[0] for g in section.goals] == [["区发改局"], ["区商务局"], ["区城建局"]]
    assert [len(g.indicators) for g in section.goals] == [2, 0, 1]


def test_table_row_quirks_repeated_merged_text_and_labelled_owner_cell():
    text = (
        "序号 | 工作任务 | 责任单位及分工 | 完成时限\n"
        "一、主要经济指标 | 一、主要经济指标 | 一、主要经济指标 | 一、主要经济指标\n"
        "1 | 地区生产总值增长6%左右 | 牵头单位:区发改局;配合单位:区统计局、各街道 | 12月底前\n"
    )
    draft = read_report(text, year=2023)
    assert outline(draft.sections) == [("一、", "主要经济指标", [])]
    assert goals(draft.sections[0]) == [("1", "地区生产总值增长6%左右")]
    assert owners(draft.sections[0].goals[0]) == (
        ["区发改局"],
        ["区统计局", "各街道"],
        [],
        "12月底前",
    )


def test_theme_above_a_chapters_first_subsection_opens_the_chapter():
    text = """洪山区2023年政府工作报告
二、2023年工作安排
坚持稳中求进。做好今年政府工作,要坚持稳字当头。全年完成投资500亿元。
洪山区2023年政府工作报告
(一)扩大有效投资
开工项目10个。
"""
    draft = read_report(text)
    assert outline(draft.sections) == [("二、", "2023年工作安排", [("(一)", "扩大有效投资", [])])]
    chapter = draft.sections[0]
    assert chapter.intro == "坚持稳中求进。做好今年政府工作,要坚持稳字当头。"
    assert goals(chapter) == [("", "全年完成投资500亿元。")]
    # The title repeated as a page header is not a task.
    assert [g.text for g in draft.all_goals()] == ["全年完成投资500亿元。", "开工项目10个。"]


def test_a_bullet_under_an_item_answers_to_its_owners():
    # shanghai-baoshan-2008-fenjie: a ▲ target under the item that names the owners.
    text = """一、促进经济又好又快发展。
1、加强经济运行分析,确保完成主要指标。(牵头单位:发改委、统计局)
▲增加值可比增长14%左右
2、推进重大项目建设。(牵头单位:建交委)
"""
    draft = read_report(text, year=2008)
    assert [(g.text, g.lead_departments) for g in draft.all_goals()] == [
        ("加强经济运行分析,确保完成主要指标。", ["发改委", "统计局"]),
        ("增加值可比增长14%左右", ["发改委", "统计局"]),
        ("推进重大项目建设。", ["建交委"]),
    ]


def test_a_heading_that_a_mayor_takes_charge_of():
    # huzhou-2024-fenjie: "一、洪湖鹏市长主抓重点工作".
    text = """一、王某某市长主抓重点工作
1.一般公共预算收入增长6%。
责任单位:市财政局
"""
    (section,) = read_report(text, year=2024).sections
    assert (section.title, section.leaders) == ("王某某市长主抓重点工作", ["王某某"])
