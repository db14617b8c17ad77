"""
The demo plan: an excerpt of the Hongshan District (Wuhan) 2023 government
work report (政府工作报告), decomposed as a district supervision office would
do it: departments, leaders, the outline, one goal per task sentence with its
owners and deadline, and the report's quantitative targets as indicators.

Plain data, no ORM: ``targets.demo.loader`` writes it to the database. Goal
texts are copied verbatim from ``hongshan-2023-work-report.txt``; the owners,
leaders, short titles and the quarterly storyline are invented for the demo,
and so are all people's names.

Goal codes are ``<chapter>.<theme>.<goal>``: the chapter numeral (二是 → 2),
or 0 for the two themes before the first chapter line (the excerpt starts in
the middle of chapter 一 and we do not invent its number).
"""

from targets.choices import Comparator, DepartmentKind, UpdateStatus

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


def _target(name, phrase, value, unit, comparator=Comparator.EQ):
    return {
        "name": name,
        "phrase": phrase,
        "value": value,
        "unit": unit,
        "comparator": comparator,
    }


# The outline in reading order. A chapter has ``children``; a theme has
# ``goals``. Each goal lists lead and supporting department codes in the order
# a decomposition plan (分解方案) would print them.
SECTIONS = [
    {
        "number": "",
        "title": "加快产业项目落地",
        "leaders": ["周文涛", "林志远"],
        "goals": [
            {
                "code": "0.1.1",
                "title": "招引亿元以上项目和500强总部",
                "text": (
                    "围绕电力生产、新能源汽车、装备制造、高端商贸等产业,加强功能区土地、"
                    "村集体产业用地等资源包装推介,运用社会化、专业机构招商等多元手段,促进中钒储能、"
                    "安徽电气、人民电器等一批亿元以上项目签约,引进500强总部2个。"
                ),
                "lead": ["touzi"],
                "support": ["shangwu", "fagai", "ziranziyuan"],
                "leaders": ["梁启明", "林志远"],
                "deadline": "12月底前",
                "indicators": [_target("引进500强总部", "引进500强总部2个", "2", "个")],
            },
            {
                "code": "0.1.2",
                "title": "策划重点投资项目",
                "text": "策划55个重点投资项目、计划总投资759亿元。",
                "lead": ["fagai"],
                "support": ["touzi", "caizheng"],
                "leaders": ["周文涛"],
                "deadline": "6月底前",
                "indicators": [
                    _target("策划重点投资项目", "策划55个重点投资项目", "55", "个"),
                    _target("计划总投资", "计划总投资759亿元", "759", "亿元"),
                ],
            },
            {
                "code": "0.1.3",
                "title": "落实包保机制推动项目开工",
                "text": (
                    "落实“七个一”包保等工作机制,扩大“承诺可开工”改革覆盖面,"
                    "开工亿元以上产业项目10个、10亿元以上产业项目4个。"
                ),
                "lead": ["fagai"],
                "support": ["touzi", "ziranziyuan", "jianshe"],
                "leaders": ["周文涛"],
                "deadline": "12月底前",
                "indicators": [
                    _target("开工亿元以上产业项目", "开工亿元以上产业项目10个", "10", "个"),
                    _target("10亿元以上产业项目", "10亿元以上产业项目4个", "4", "个"),
                ],
            },
        ],
    },
    {
        "number": "",
        "title": "大力提振市场信心",
        "leaders": ["周文涛", "林志远"],
        "goals": [
            {
                "code": "0.2.1",
                "title": "恢复和扩大消费",
                "text": (
                    "把恢复和扩大消费摆在优先位置,通过建强载体、精准施策、优化服务等多种方式,"
                    "营造良好的消费环境,促进经济循环。"
                ),
                "lead": ["shangwu"],
                "support": ["shichang", "caizheng"],
                "leaders": ["林志远"],
                "deadline": "全年",
                "indicators": [],
            },
            {
                "code": "0.2.2",
                "title": "促进房地产市场平稳健康发展",
                "text": (
                    "引导房地产市场平稳健康发展,用好各类政策工具,"
                    "“一楼一策”做好在建在售项目“保交楼”,着力满足改善性住房需求,释放住房消费潜力。"
                ),
                "lead": ["fangguan"],
                "support": ["ziranziyuan", "jinrong"],
                "leaders": ["宋立军"],
                "deadline": "全年",
                "indicators": [],
            },
            {
                "code": "0.2.3",
                "title": "支持民营经济发展壮大",
                "text": (
                    "支持民营经济和民营企业发展壮大,在市场准入、招标投标、融资信贷等方面优化措施,"
                    "促进公平竞争。"
                ),
                "lead": ["fagai", "shichang"],
                "support": ["jinrong"],
                "leaders": ["周文涛"],
                "deadline": "持续推进",
                "indicators": [],
            },
            {
                "code": "0.2.4",
                "title": "兑现税费政策纾困解难",
                "text": (
                    "加大纾困解难力度,积极兑现税费支持政策,帮助市场主体减负担、稳预期、增动能。"
                ),
                "lead": ["caizheng"],
                "support": ["fagai", "keji"],
                "leaders": ["周文涛"],
                "deadline": "全年",
                "indicators": [],
            },
        ],
    },
    {
        "number": "二是",
        "title": "塑优势、铸高地,释放经济发展活力",
        "intro": (
            "积极服务高水平科技自立自强,围绕国家、省市重大战略和区域高质量发展需求,深层次、"
            "宽领域推动区校企融合创新,着力打通从科技强到产业强、经济强的通道。"
        ),
        "children": [
            {
                "number": "",
                "title": "增强科创平台支撑力",
                "leaders": ["何晓雯"],
                "goals": [
                    {
                        "code": "2.1.1",
                        "title": "建成洪山实验室一期等平台",
                        "text": (
                            "建成湖北洪山实验室一期工程,实现大北农科创园供地,延伸农业领域创新链;"
                            "开工建设精测电子泛半导体研发中心。"
                        ),
                        "lead": ["keji"],
                        "support": ["ziranziyuan", "jianshe"],
                        "leaders": ["梁启明", "何晓雯"],
                        "deadline": "12月底前",
                        "indicators": [],
                    },
                    {
                        "code": "2.1.2",
                        "title": "打造理工智谷创新街区",
                        "text": (
                            "塑造理工智谷创新街区标杆,加快北港工业园升级改造,"
                            "启动长江三峡科创中心a区、雷泰电力、高科智能制造基地等项目,"
                            "完成理工大孵化楼三期主体工程。"
                        ),
                        "lead": ["keji"],
                        "support": ["luonan", "touzi"],
                        "leaders": ["何晓雯"],
                        "deadline": "12月底前",
                        "indicators": [],
                    },
                ],
            },
            {
                "number": "",
                "title": "增强创新生态吸引力",
                "leaders": ["何晓雯"],
                "goals": [
                    {
                        "code": "2.2.1",
                        "title": "梯度培育科技企业",
                        "text": (
                            "促进企业创建技术创新中心、工程研究中心和企校联合创新中心,"
                            "开展核心技术攻关;充分调动高校院所、新型研发机构、双创孵化载体积极性,"
                            "推动企业依托生产线建设中试平台并对外开放;健全科技企业梯度培育路径,"
                            "净增高企96家。"
                        ),
                        "lead": ["keji"],
                        "support": ["caizheng", "shichang"],
                        "leaders": ["何晓雯"],
                        "deadline": "12月底前",
                        "indicators": [_target("净增高企", "净增高企96家", "96", "家")],
                    },
                    {
                        "code": "2.2.2",
                        "title": "评定产业领军和青年人才",
                        "text": (
                            "完善优秀人才配套服务措施,"
                            "评定10名左右产业领军人才和20名左右优秀青年人才。"
                        ),
                        "lead": ["renshe"],
                        "support": ["keji"],
                        "leaders": ["何晓雯"],
                        "deadline": "9月底前",
                        "indicators": [
                            _target(
                                "评定产业领军人才",
                                "评定10名左右产业领军人才",
                                "10",
                                "名",
                                Comparator.APPROX,
                            ),
                            _target(
                                "优秀青年人才",
                                "20名左右优秀青年人才",
                                "20",
                                "名",
                                Comparator.APPROX,
                            ),
                        ],
                    },
                ],
            },
            {
                "number": "",
                "title": "增强创新要素保障力",
                "leaders": ["何晓雯"],
                "goals": [
                    {
                        "code": "2.3.1",
                        "title": "建设科创小微企业园",
                        "text": (
                            "支持市场主体利用工业用地,建设科创小微企业园,发展数字经济、"
                            "研发设计等业态。"
                        ),
                        "lead": ["keji"],
                        "support": ["ziranziyuan", "touzi"],
                        "leaders": ["何晓雯"],
                        "deadline": "12月底前",
                        "indicators": [],
                    },
                    {
                        "code": "2.3.2",
                        "title": "做强产业引导基金",
                        "text": (
                            "做大做强产业引导基金,进一步完善促进创投风投高质量发展的若干措施,"
                            "吸引国内外知名机构落户洪山,打造创投风投产业聚集地。"
                        ),
                        "lead": ["jinrong", "caizheng"],
                        "support": ["touzi"],
                        "leaders": ["何晓雯"],
                        "deadline": "持续推进",
                        "indicators": [],
                    },
                    {
                        "code": "2.3.3",
                        "title": "帮扶后备企业对接资本市场",
                        "text": (
                            "帮扶25家上市后备种子企业对接资本市场,新增上市企业1家、报辅企业2家。"
                        ),
                        "lead": ["jinrong"],
                        "support": ["keji", "shichang"],
                        "leaders": ["何晓雯"],
                        "deadline": "12月底前",
                        "indicators": [
                            _target("帮扶上市后备种子企业", "帮扶25家上市后备种子企业", "25", "家"),
                            _target("新增上市企业", "新增上市企业1家", "1", "家"),
                            _target("报辅企业", "报辅企业2家", "2", "家"),
                        ],
                    },
                    {
                        "code": "2.3.4",
                        "title": "加大金融支持实体经济力度",
                        "text": (
                            "引导金融机构加大对小微企业、科技创新、绿色发展等领域支持力度,"
                            "定期举办银企对接活动,开展“政采贷”、知识产权质押贷专项对接,"
                            "本外币存贷款余额增长14%。"
                        ),
                        "lead": ["jinrong"],
                        "support": ["keji", "shangwu"],
                        "leaders": ["何晓雯"],
                        "deadline": "12月底前",
                        "indicators": [
                            _target("本外币存贷款余额增长", "本外币存贷款余额增长14%", "14", "%"),
                        ],
                    },
                ],
            },
        ],
    },
    {
        "number": "三是",
        "title": "重品质、展形象,提升城区宜居水平",
        "intro": (
            "以满足人民群众对美好生活环境更高期待为目标,大力推进标准化建设、精细化管理、生态化提升,"
            "着力打造具有大学之城特色的生态宜居城区。"
        ),
        "children": [
            {
                "number": "",
                "title": "构建基础设施新格局",
                "leaders": ["宋立军"],
                "goals": [
                    {
                        "code": "3.1.1",
                        "title": "推进片区改造和房屋征收",
                        "text": (
                            "推动街道口、省农科院等片区改造,加快张家湾玻璃厂宿舍片、181厂宿舍片、"
                            "曹家湾片征收和4个生态底线区城中村“微改造”;以中粮科学院宿舍、"
                            "轻工职院片等项目为试点,打造平方公里级更新单元;"
                            "“三旧”改造房屋征收50万平方米以上。"
                        ),
                        "lead": ["zhengshou", "fangguan"],
                        "support": ["zhangjiawan", "luonan", "ziranziyuan"],
                        "leaders": ["宋立军"],
                        "deadline": "12月底前",
                        "indicators": [
                            _target(
                                "生态底线区城中村“微改造”",
                                "4个生态底线区城中村“微改造”",
                                "4",
                                "个",
                            ),
                            _target(
                                "“三旧”改造房屋征收",
                                "“三旧”改造房屋征收50万平方米以上",
                                "50",
                                "万平方米",
                                Comparator.GTE,
                            ),
                        ],
                    },
                    {
                        "code": "3.1.2",
                        "title": "完成市级重点工程征拆",
                        "text": (
                            "完成市级重点工程征拆任务,保障轨道交通12号线、新港线、"
                            "白沙二路等项目用地。"
                        ),
                        "lead": ["zhengshou"],
                        "support": ["jianshe", "hongshanjie"],
                        "leaders": ["宋立军"],
                        "deadline": "12月底前",
                        "indicators": [],
                    },
                    {
                        "code": "3.1.3",
                        "title": "加密路网，开工和建成道路",
                        "text": (
                            "进一步加密路网,开工建设北洋桥西路等15条道路,打通杨园南路延长线,"
                            "建成桂湖东路等17条道路。"
                        ),
                        "lead": ["jianshe"],
                        "support": ["ziranziyuan", "zhengshou"],
                        "leaders": ["宋立军"],
                        "deadline": "12月底前",
                        "indicators": [
                            _target(
                                "开工建设北洋桥西路等道路",
                                "开工建设北洋桥西路等15条道路",
                                "15",
                                "条",
                            ),
                            _target("建成桂湖东路等道路", "建成桂湖东路等17条道路", "17", "条"),
                        ],
                    },
                    {
                        "code": "3.1.4",
                        "title": "新增停车泊位和充电桩",
                        "text": "统筹推进停车设施建设,新增泊位1.1万个、充电桩3200个。",
                        "lead": ["jianshe"],
                        "support": ["chengguan", "gongdian"],
                        "leaders": ["宋立军"],
                        "deadline": "12月底前",
                        "indicators": [
                            _target("新增泊位", "新增泊位1.1万个", "1.1", "万个"),
                            _target("充电桩", "充电桩3200个", "3200", "个"),
                        ],
                    },
                    {
                        "code": "3.1.5",
                        "title": "建设变电站和电力通道",
                        "text": "增强供电保障能力,完成2座新模式变电站土建工程,建成电力通道8公里。",
                        "lead": ["gongdian"],
                        "support": ["jianshe", "ziranziyuan"],
                        "leaders": ["宋立军"],
                        "deadline": "9月底前",
                        "indicators": [
                            _target(
                                "完成新模式变电站土建工程",
                                "完成2座新模式变电站土建工程",
                                "2",
                                "座",
                            ),
                            _target("建成电力通道", "建成电力通道8公里", "8", "公里"),
                        ],
                    },
                ],
            },
            {
                "number": "",
                "title": "深化城区管理精细度",
                "leaders": ["宋立军"],
                "goals": [
                    {
                        "code": "3.2.1",
                        "title": "完善路长制工作架构",
                        "text": (
                            "完善路长制,健全“1 2 n”工作架构,调动力量进社区、进门店、进楼栋,"
                            "实现“一长带多员、一员管一方”。"
                        ),
                        "lead": ["chengguan"],
                        "support": ["hongshanjie", "heping", "zhangjiawan"],
                        "leaders": ["宋立军"],
                        "deadline": "持续推进",
                        "indicators": [],
                    },
                    {
                        "code": "3.2.2",
                        "title": "开展“双百”活动和铁路沿线整治",
                        "text": (
                            "深入开展示范创建和达标整治“双百”活动,及时整改各类环境卫生突出问题;"
                            "加强铁路沿线综合整治,实现“平安铁路、美丽铁路”常态化。"
                        ),
                        "lead": ["chengguan"],
                        "support": ["luonan", "heping"],
                        "leaders": ["宋立军"],
                        "deadline": "全年",
                        "indicators": [],
                    },
                    {
                        "code": "3.2.3",
                        "title": "建设垃圾中转站和转运站",
                        "text": "推动2座垃圾中转站建设,新改扩建一批转运站。",
                        "lead": ["chengguan"],
                        "support": ["ziranziyuan", "jianshe"],
                        "leaders": ["宋立军"],
                        "deadline": "12月底前",
                        "indicators": [
                            _target("推动垃圾中转站建设", "推动2座垃圾中转站建设", "2", "座"),
                        ],
                    },
                    {
                        "code": "3.2.4",
                        "title": "强化城市运服中心智慧应用",
                        "text": (
                            "完善城市运服中心工作机制,强化智慧桥梁、智慧燃气、智慧环卫等技术应用,"
                            "提高环境问题发现处理水平。"
                        ),
                        "lead": ["chengguan"],
                        "support": ["jianshe"],
                        "leaders": ["宋立军"],
                        "deadline": "全年",
                        "indicators": [],
                    },
                ],
            },
            {
                "number": "",
                "title": "塑造湿地花城新形象",
                "leaders": ["宋立军"],
                "goals": [
                    {
                        "code": "3.3.1",
                        "title": "推进流域综合治理",
                        "text": (
                            "强化流域综合治理,完善“四水共治”系统,谋划社区、背街小巷渍水点改造,"
                            "推进南湖流域重点箱涵汇水范围混错接改造项目及巡司河水质恢复工程。"
                        ),
                        "lead": ["shuiwu"],
                        "support": ["jianshe", "chengguan"],
                        "leaders": ["宋立军"],
                        "deadline": "12月底前",
                        "indicators": [],
                    },
                    {
                        "code": "3.3.2",
                        "title": "建设公园和防护绿带",
                        "text": (
                            "落实“林长制”,对照生态园林城市标准,新建2个综合公园、"
                            "2个社区公园和5个口袋公园,续建张家湾人民公园等3个项目;"
                            "建设白沙洲大道西侧、青郑东路东侧防护绿带;"
                            "打造张家湾-白沙片区环形绿道样板;实施“河湖长 检察长”协作机制,"
                            "更大力度深化水环境治理。"
                        ),
                        "lead": ["yuanlin"],
                        "support": ["shuiwu", "zhangjiawan", "ziranziyuan"],
                        "leaders": ["宋立军"],
                        "deadline": "12月底前",
                        "indicators": [
                            _target("新建综合公园", "新建2个综合公园", "2", "个"),
                            _target("社区公园", "2个社区公园", "2", "个"),
                            _target("口袋公园", "5个口袋公园", "5", "个"),
                            _target(
                                "续建张家湾人民公园等项目",
                                "续建张家湾人民公园等3个项目",
                                "3",
                                "个",
                            ),
                        ],
                    },
                    {
                        "code": "3.3.3",
                        "title": "加强湿地管理与修复",
                        "text": (
                            "加强湖泊、天兴洲野生鸟类栖息地等湿地管理与修复,"
                            "完善园林绿化全生命周期智慧管护体系,构建休闲、游憩、"
                            "文化等多功能一体的高品质公共空间。"
                        ),
                        "lead": ["yuanlin"],
                        "support": ["shuiwu"],
                        "leaders": ["宋立军"],
                        "deadline": "持续推进",
                        "indicators": [],
                    },
                ],
            },
        ],
    },
    {
        "number": "四是",
        "title": "强治理、促均衡,共享社会发展成果",
        "intro": (
            "坚持人民至上,把一切为了人民落实到政府工作的各方面、全过程,统筹资源,创造条件,加强保障,"
            "进一步提高公共服务均衡化、优质化水平。"
        ),
        "children": [
            {
                "number": "",
                "title": "办好人民满意的教育",
                "leaders": ["许雅琴"],
                "goals": [
                    {
                        "code": "4.1.1",
                        "title": "深化“区管校聘”改革",
                        "text": (
                            "坚持教育优先发展,建设教育强区,深化“区管校聘”改革,激发教师队伍活力。"
                        ),
                        "lead": ["jiaoyu"],
                        "support": ["renshe"],
                        "leaders": ["许雅琴"],
                        "deadline": "8月底前",
                        "indicators": [],
                    },
                    {
                        "code": "4.1.2",
                        "title": "加快10所学校建设",
                        "text": (
                            "加快长虹高中、洪山四小等10所学校建设;发挥义务教育学区制管理、"
                            "委托管理及新建学校共同体作用,加强校际合作,促进教育公平。"
                        ),
                        "lead": ["jiaoyu"],
                        "support": ["jianshe", "ziranziyuan"],
                        "leaders": ["梁启明", "许雅琴"],
                        "deadline": "12月底前",
                        "indicators": [
                            _target(
                                "加快长虹高中、洪山四小等学校建设",
                                "加快长虹高中、洪山四小等10所学校建设",
                                "10",
                                "所",
                            ),
                        ],
                    },
                    {
                        "code": "4.1.3",
                        "title": "扩大公办学位",
                        "text": (
                            "多渠道扩大公办学位,力争公办园在园幼儿占比提升3.5个百分点;"
                            "巩固“无证园”治理成效,遏制幼儿园“小学化”倾向。"
                        ),
                        "lead": ["jiaoyu"],
                        "support": ["fangguan"],
                        "leaders": ["许雅琴"],
                        "deadline": "12月底前",
                        "indicators": [
                            _target(
                                "公办园在园幼儿占比提升",
                                "公办园在园幼儿占比提升3.5个百分点",
                                "3.5",
                                "个百分点",
                            ),
                        ],
                    },
                    {
                        "code": "4.1.4",
                        "title": "建设新课程新教材示范区",
                        "text": "建设普通高中新课程新教材实施国家级示范区,探索特色办学。",
                        "lead": ["jiaoyu"],
                        "support": [],
                        "leaders": ["许雅琴"],
                        "deadline": "全年",
                        "indicators": [],
                    },
                    {
                        "code": "4.1.5",
                        "title": "构建特殊教育体系",
                        "text": (
                            "注重普特融合,构建以特教学校为核心、以随班就读为主体、"
                            "以送教上门和远程教育为补充的特教体系。"
                        ),
                        "lead": ["jiaoyu"],
                        "support": ["weijian", "minzheng"],
                        "leaders": ["许雅琴"],
                        "deadline": "持续推进",
                        "indicators": [],
                    },
                    {
                        "code": "4.1.6",
                        "title": "深化产教融合",
                        "text": "继续深化产教融合,完善复合型技术技能人才培养模式。",
                        "lead": ["jiaoyu"],
                        "support": ["renshe"],
                        "leaders": ["许雅琴"],
                        "deadline": "持续推进",
                        "indicators": [],
                    },
                ],
            },
            {
                "number": "",
                "title": "建强公共卫生体系",
                "leaders": ["许雅琴"],
                "goals": [
                    {
                        "code": "4.2.1",
                        "title": "推进医院项目和卫生补短板",
                        "text": (
                            "按期完成省人民医院洪山院区、市中心医院杨春湖院区、"
                            "和平街社区卫生服务中心回迁等项目,力争完成公共卫生体系补短板工程。"
                        ),
                        "lead": ["weijian"],
                        "support": ["jianshe", "heping"],
                        "leaders": ["梁启明", "许雅琴"],
                        "deadline": "12月底前",
                        "indicators": [],
                    },
                    {
                        "code": "4.2.2",
                        "title": "构建院前急救体系",
                        "text": "构建院前急救体系,新建2个急救站,推进区级急救中心建设。",
                        "lead": ["weijian"],
                        "support": ["jianshe"],
                        "leaders": ["许雅琴"],
                        "deadline": "12月底前",
                        "indicators": [_target("新建急救站", "新建2个急救站", "2", "个")],
                    },
                    {
                        "code": "4.2.3",
                        "title": "推动医疗服务前移",
                        "text": (
                            "推动建立社区与专门医疗机构的对接机制,完善特殊人群信息登记制度,"
                            "推动医疗服务前移,为独居老人、未成年人、孕产妇、残疾人、"
                            "慢性病患者等提供就医便利。"
                        ),
                        "lead": ["weijian"],
                        "support": ["minzheng", "hongshanjie"],
                        "leaders": ["许雅琴"],
                        "deadline": "全年",
                        "indicators": [],
                    },
                    {
                        "code": "4.2.4",
                        "title": "推进基层医疗卫生综合改革",
                        "text": "实施基层医疗卫生综合改革,抓好“三明医改”工作落实。",
                        "lead": ["weijian"],
                        "support": [],
                        "leaders": ["许雅琴"],
                        "deadline": "持续推进",
                        "indicators": [],
                    },
                    {
                        "code": "4.2.5",
                        "title": "加强健康管理和托育服务",
                        "text": (
                            "加强健康管理,开展“两癌”筛查、婚检孕检等服务,扩大普惠性托育资源供给,"
                            "支持养老机构内设医疗机构。"
                        ),
                        "lead": ["weijian"],
                        "support": ["minzheng"],
                        "leaders": ["许雅琴"],
                        "deadline": "全年",
                        "indicators": [],
                    },
                    {
                        "code": "4.2.6",
                        "title": "落实优化疫情防控措施",
                        "text": (
                            "全面落实中央、省、市关于优化疫情防控工作的政策措施,强化医疗保障、"
                            "药品保供、疫苗接种等措施,全力维护正常经济社会秩序。"
                        ),
                        "lead": ["weijian"],
                        "support": ["shichang"],
                        "leaders": ["许雅琴"],
                        "deadline": "6月底前",
                        "indicators": [],
                    },
                ],
            },
        ],
    },
]

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
