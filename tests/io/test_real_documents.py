"""
The report reader on real documents: excerpts of 分解方案, 责任分工, 民生实事
lists and the notices that issue them, from the provinces, levels and years
of tests/io/documents/ (sources.json says where each comes from; none is the
seed). Each rule of issue 14 has its cases here, table-driven: owners as
these documents write them and stated once for many goals, text that is not
a goal, baselines and pairs, units. The held-out documents
(tests/io/documents/heldout/) are not used here: bench/reader_heldout.py
scores the reader on them.
"""

from decimal import Decimal
from pathlib import Path

import pytest

from targets.io.report import read_report

DOCUMENTS = Path(__file__).parent / "documents"


def read(name: str):
    return read_report((DOCUMENTS / f"{name}.txt").read_text("utf-8"), source_name=f"{name}.txt")


def goal_with(draft, key: str):
    """The one goal whose text holds ``key``, with the leaders it answers to."""
    found = []

    def walk(sections, inherited):
        for section in sections:
            leaders = section.leaders or inherited
            found.extend((g, g.leaders or leaders) for g in section.goals if key in g.text)
            walk(section.sections, leaders)

    found.extend((g, g.leaders) for g in draft.goals if key in g.text)
    walk(draft.sections, [])
    assert len(found) == 1, (key, [g.text[:30] for g in draft.all_goals()])
    return found[0]


def D(value) -> Decimal:
    return Decimal(str(value))


# -- the notice around a plan ---------------------------------------------------------------

# Excerpts that hold only the notice issuing a plan (the plan itself is cut off): its
# salutation, the sentence that issues it, its requirements to units, anniversaries,
# signature, date, attachments and contacts. None of it is a goal.
NOTICES = [
    "bozhou-qiaocheng-2020-notice",  # 安徽, 区
    "gansu-2022-notice",  # 甘肃, 省
    "hangzhou-2020-notice",  # 浙江, 市
    "heze-2023-fengong",  # 山东, 市
    "hulunbuir-ewenke-2022-notice",  # 内蒙古, 旗: contact line, 此通知
    "panjin-dawa-2021-notice",  # 辽宁, 区
    "wuhan-jianghan-2022-notice",  # 湖北, 区
    "xianning-jiayu-2024-notice",  # 湖北, 县: 中华人民共和国成立75周年
    "xianning-tongshan-2022-notice",  # 湖北, 县
    "xuancheng-jingxian-2023-notice",  # 安徽, 县: 6个方面243项
    "yinchuan-xingqing-2018-notice",  # 宁夏, 区: a list of three attachments
    "yueyang-huarong-2021-notice",  # 湖南, 县
    "chongqing-mudong-2024-report",  # 重庆, 镇: a report's notice, opening and review
    "erlianhaote-2024-jiedu",  # 内蒙古, 县级市: a 政策解读 counting the plan's tasks
]


@pytest.mark.parametrize("name", NOTICES)
def test_a_notice_alone_gives_no_goal(name):
    draft = read(name)
    assert draft.all_goals() == []
    assert "No tasks were found in the text." in [w.template for w in draft.warnings]


# (document, words that are in no goal: the notice, the page, the plan's own remarks)
NOT_GOALS = [
    ("jiaxing-haiyan-2022-fenjie", "印发给你们"),  # the notice before the plan, on one line
    ("jiaxing-haiyan-2022-fenjie", "开局之年"),  # what the year is
    ("jiaxing-haiyan-2022-fenjie", "此件公开发布"),
    ("jiaxing-haiyan-2022-fenjie", "索引号"),  # a website's metadata as a table
    ("henan-2023-zerendanwei", "各责任单位要尽快制定"),  # a requirement addressed to units
    ("henan-2023-zerendanwei", "省政府办公厅要对"),
    ("huangshi-xialu-2023-fenjie", "开局之年"),
    ("huangshi-xialu-2023-fenjie", "分解如下"),  # the sentence that announces the tasks
    ("huangshi-xialu-2023-fenjie", "各街办"),  # the salutation
    ("beijing-shijingshan-2019-jiedao", "认真贯彻执行"),  # the tail of a notice
    ("beijing-shijingshan-2019-jiedao", "制定如下任务分解方案"),
    ("hunan-2019-fengong", "以习近平新时代中国特色社会主义思想为指导"),  # 总体要求
    ("hunan-2019-fengong", "省直和中央在湘有关单位"),
    ("chongqing-wanzhou-2021-minsheng", "重点民生实事11件"),  # the count of the items
    ("chongqing-wanzhou-2021-minsheng", "本帖最后由"),  # a forum's header
    ("lishui-songyang-anmin-2024-shishi", "请予以审议"),  # a report to the congress
    ("lishui-songyang-anmin-2024-shishi", "票决确定了"),  # the meeting that chose the items
    ("lishui-songyang-anmin-2024-shishi", "完成情况"),  # progress, not a goal
    ("nantong-chongchuan-2023-minsheng", "已进场施工"),  # a progress column of the table
    ("quzhou-jiangshan-2023-minsheng", "现予公布"),
    ("quzhou-jiangshan-2023-minsheng", "国企投资"),  # a funding column of the table
    ("qianjiang-2025-zhaoshang", "各管理区"),  # a salutation without its colon
    ("qianjiang-2025-zhaoshang", "现印发给你们"),
    ("jiaxing-pinghu-2024-fenjie", "附件"),
]


@pytest.mark.parametrize(("name", "words"), NOT_GOALS)
def test_text_that_is_not_a_goal(name, words):
    draft = read(name)
    assert draft.all_goals()
    assert not [g.text for g in draft.all_goals() if words in g.text]


def test_a_page_run_into_one_line_is_read_as_its_paragraphs():
    draft = read("henan-2023-zerendanwei")
    (chapter,) = draft.sections
    assert chapter.number + chapter.title == "一、加快提振市场信心"
    assert [(g.number, g.text[:8]) for g in chapter.sections[0].goals] == [
        ("1", "把恢复和扩大消费"),
        ("2", "落实好提振市场信"),
        ("3", "激活房地产市场,"),
        ("4", "加大保障性租赁住"),
    ]
    draft = read("jiaxing-haiyan-2022-fenjie")
    assert draft.title == "政府工作报告2022年重点工作责任分解"
    assert len(draft.all_goals()) == 3


# -- owners as real documents write them ---------------------------------------------------

# (document, words of the goal, lead units, supporting units, leaders)
OWNERS = [
    # a heading names the leader of the tasks below it; "(首位单位为牵头单位,下同)" is a note
    (
        "jiaxing-haiyan-2022-fenjie",
        "全县生产总值增长7.5%左右",
        ["县发改局"],
        ["县财政局", "县税务局", "县农业农村局"],
        ["王丹"],
    ),
    ("jiaxing-haiyan-2022-fenjie", "坚持县政府常务会议集体学法", ["县司法局"], [], ["曹惠明"]),
    # units then 按职责分工负责: all answer; 牵头 marks the lead
    (
        "henan-2023-zerendanwei",
        "落实好提振市场信心90条措施",
        ["省发展改革委"],
        ["省商务厅", "财政厅", "文化和旅游厅", "工业和信息化厅", "住房城乡建设厅"],
        [],
    ),
    (
        "henan-2023-zerendanwei",
        "激活房地产市场",
        ["省住房城乡建设厅", "地方金融监管局", "人行郑州中心支行", "河南银保监局"],
        [],
        [],
    ),
    # one annotation closing the main targets is theirs; 分管副省长 is a title, not a person
    ("hunan-2019-fengong", "经济增长7.5%—8%", ["省发展改革委"], ["省工业和信息化厅"], []),
    (
        "hunan-2019-fengong",
        "居民收入增长与经济增长同步",
        ["省发展改革委"],
        ["省工业和信息化厅"],
        [],
    ),
    # a table one cell a line, cells closed by |: 分管 领导, 牵头 单位, 责任主体与协同单位
    (
        "nantong-chongchuan-2023-minsheng",
        "优化提升50条背街后巷交通组织",
        ["城管局"],
        ["市政局", "相关街道"],
        ["徐国江"],
    ),
    (
        "nantong-chongchuan-2023-minsheng",
        "新增四分类",
        ["城管局"],
        ["市政局", "环卫处", "崇川经济开发区", "各街道"],
        ["徐国江"],
    ),
    # a table whose headers wrap (责任 / 单位, 资金 / 来源) and whose names run over two lines
    ("quzhou-jiangshan-2023-minsheng", "城市用气提升工程", ["城投集团"], [], []),
    ("quzhou-jiangshan-2023-minsheng", "山塘水库综合整治工程", ["水利局"], [], []),
    # a PDF's lines: 协办单位 wrapped onto the next line
    (
        "beijing-shijingshan-2019-jiedao",
        "完善街道党工委",
        ["区委组织部"],
        ["区委编办", "区民政局(区委社会工委)", "园区党工委", "各街道党工委"],
        [],
    ),
    ("jiaxing-pinghu-2024-fenjie", "服务业增加值增长5.5%", ["发改局(服务业发展局)"], [], []),
    # "(一)责任领导:范伟建": a numbered owner line, for the project above it
    ("lishui-songyang-anmin-2024-shishi", "完成12个单村供水站改造提升", [], [], ["范伟建"]),
    ("lishui-songyang-anmin-2024-shishi", "对相关点位新建堰坝", [], [], ["邱土基"]),
    # a bare bracket of units after the task
    ("qianjiang-2025-zhaoshang", "盐化工", ["市自然资源和城乡建设局"], [], []),
    (
        "huangshi-xialu-2023-fenjie",
        "秉承“深耕一域",
        ["老街办"],
        ["区招商服务中心", "长乐投资有限公司"],
        [],
    ),
    # 责任领导, 牵头单位 and 责任单位 in one bracket
    (
        "xianning-xianan-2023-fenjie",
        "启动南外环高速公路",
        ["区交通运输局"],
        ["区发改局", "区自然资源和规划局", "区林业局", "区经发集团", "相关乡镇办"],
        ["洪声耀"],
    ),
    (
        "xianning-xianan-2023-fenjie",
        "城乡居民收入增长",
        ["区发改局", "区农业农村局"],
        [],
        ["杜新国", "丁玲"],
    ),
]


@pytest.mark.parametrize(
    ("name", "key", "lead", "co", "leaders"), OWNERS, ids=[f"{c[0]}-{c[1]}" for c in OWNERS]
)
def test_owners_as_real_documents_write_them(name, key, lead, co, leaders):
    goal, answers_to = goal_with(read(name), key)
    assert (goal.lead_departments, goal.co_departments, answers_to) == (lead, co, leaders)


def test_a_heading_names_the_leader_of_the_goals_below_it():
    draft = read("jiaxing-haiyan-2022-fenjie")
    assert [(s.number + s.title, s.leaders) for s in draft.sections] == [
        ("一、王丹县长牵头重点工作", ["王丹"]),
        ("二、曹惠明常务副县长牵头重点工作", ["曹惠明"]),
    ]
    # Its goals name no leader of their own: they answer to the heading's.
    assert [g.leaders for g in draft.all_goals()] == [[], [], []]


# -- targets: baselines, pairs, units ------------------------------------------------------

# (document, words of the goal, [(value, unit, comparator, baseline)])
TARGETS = [
    # 分别从每月631元、286元提高到653元、300元: two targets, each from its own baseline
    (
        "guangdong-2022-minsheng",
        "城乡低保对象",
        [
            (653, "元", "eq", 631),
            (300, "元", "eq", 286),
            (1.6, "倍", "eq", None),
            (1949, "元", "eq", 1883),
            (1313, "元", "eq", 1227),
            (188, "元", "eq", 181),
            (252, "元", "eq", 243),
        ],
    ),
    ("guangdong-2022-minsheng", "增加公办学位约50万个", [(50, "万个", "approx", None)]),
    (
        "chongqing-wanzhou-2021-minsheng",
        "发展普惠性学前教育",
        [
            (5, "所", "eq", None),
            (3, "所", "eq", None),
            (1380, "个", "eq", None),
            (90, "%", "gte", None),
            (85, "%", "gte", None),
            (50, "%", "gte", None),
        ],
    ),
    (
        "chongqing-wanzhou-2021-minsheng",
        "推进城市公厕",
        [(5, "座", "eq", None), (5, "座", "eq", None), (15, "所", "eq", None)],
    ),
    (
        "quzhou-jiangshan-2023-minsheng",
        "城市用气提升工程",
        [(28, "个", "eq", None), (13000, "套", "eq", None), (30, "个", "eq", None)],
    ),
    ("quzhou-jiangshan-2023-minsheng", "山塘水库", [(6, "座", "eq", None), (10, "座", "eq", None)]),
    # the progress columns (完成30%, 完成60%) are not read
    ("nantong-chongchuan-2023-minsheng", "优化提升50条", [(50, "条", "eq", None)]),
    ("henan-2023-zerendanwei", "90条措施", [(90, "条", "eq", None)]),
    # the main targets after two sentences about the year
    ("huangshi-xialu-2023-fenjie", "全年地区生产总值增长5%左右", [(5, "%", "approx", None)]),
    ("huangshi-xialu-2023-fenjie", "城镇登记失业率控制在4%以内", [(4, "%", "lte", None)]),
    (
        "lishui-songyang-anmin-2024-shishi",
        "完成12个单村供水站",
        [(12, "个", "eq", None), (470, "万元", "approx", None)],
    ),
    ("xianning-xianan-2023-fenjie", "粮食产量稳定在23万吨", [(23, "万吨", "eq", None)]),
]


@pytest.mark.parametrize(
    ("name", "key", "expected"), TARGETS, ids=[f"{c[0]}-{c[1]}" for c in TARGETS]
)
def test_targets_of_real_documents(name, key, expected):
    goal, _ = goal_with(read(name), key)
    assert [(i.value, i.unit, i.comparator, i.baseline) for i in goal.indicators] == [
        (D(v), unit, comparator, None if b is None else D(b)) for v, unit, comparator, b in expected
    ]


def test_a_range_of_the_main_targets_keeps_its_upper_value():
    goal, _ = goal_with(read("hunan-2019-fengong"), "经济增长7.5%—8%")
    ((target),) = goal.indicators
    assert (target.value, target.value_max, target.comparator) == (D("7.5"), D(8), "range")


def test_the_seed_is_not_among_the_documents():
    # claims/ holds pairs of consecutive reports for the claims check (Hongshan's 2024
    # report among them, the seed's next year): not documents the reader was built from.
    names = {
        path.name
        for path in DOCUMENTS.rglob("*.txt")
        if "claims" not in path.relative_to(DOCUMENTS).parts
    }
    assert not [name for name in names if "hongshan" in name]
    seed = Path(__file__).resolve().parents[2] / "targets/demo/hongshan-2023-work-report.txt"
    opening = seed.read_text("utf-8")[:200]
    assert not [p for p in DOCUMENTS.rglob("*.txt") if opening[:60] in p.read_text("utf-8")]
