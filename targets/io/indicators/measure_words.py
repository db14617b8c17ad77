"""
Measure words (量词) from a general dictionary, not from the documents the
reader was first built on, and the compound units made from them.

``DICTIONARY`` is every classifier of CC-CEDICT (the release of 2020-12-21,
CC BY-SA 4.0): each headword of one or two characters whose definition says
"classifier for …", and each classifier a ``CL:`` note names. ``EXCLUDED``
are those that, after a number in a government document, do not count what
is promised — ages (60岁以上), dates (7月), terms and meeting numbers (届),
ranks, money in small change, drinks and blows — or that end common words
(和, 行, 面, 道…); each is listed with the reason. What is left is
``COUNTED``, and each of these gets a look-ahead (``GUARDS``) that keeps out
the words merely starting with it (部门 is not 部, 种植 is not 种).

Compound units (``compound_units``) are built, not listed: a measure word
followed by 次 counts visits or runs (人次, 车次, 艘次), 标准 before a unit
makes a standard unit (标准亩, 标准箱), and hours of work or teaching are
课时, 学时, 工时, 工日 and 人日.
"""

from __future__ import annotations

# CC-CEDICT's classifiers, as extracted (see the docstring); kept verbatim so that
# what was left out is visible in EXCLUDED.
DICTIONARY = frozenset(
    "丘 丝 个 串 亩 付 令 件 任 份 伙 位 具 册 出 刀 列 则 刻 剑 副 包 匹 卷 "
    "双 发 口 句 只 台 叶 名 听 味 和 响 回 团 圈 场 块 埲 堂 堆 堵 墩 声 壶 "
    "处 头 套 孔 季 宗 家 宿 对 封 尊 尾 局 层 居 届 岁 峰 巡 帖 帧 席 幅 幕 "
    "幢 床 度 座 张 户 房 所 扇 手 扎 打 批 把 折 抹 担 挂 挺 排 掬 撮 支 方 "
    "曲 月 服 期 本 朵 杆 束 条 杯 枚 枝 枪 架 柄 标 栋 株 根 桄 桌 档 桩 桶 "
    "棒 棵 椽 榀 樘 次 款 段 毛 汪 沓 泓 泡 注 滩 滴 火 炷 点 爿 片 环 班 瓣 "
    "瓶 画 番 盆 盏 盒 盘 眼 码 碗 票 种 窝 笔 管 篇 簇 粒 纸 线 组 绞 绺 缕 "
    "缸 罐 群 股 胎 脚 艘 节 蓬 蔸 行 袋 袭 褔 记 贴 起 趟 路 身 转 轮 轴 辆 "
    "辈 进 通 造 遍 道 遭 部 锭 门 间 阕 队 阵 集 面 页 顶 项 顿 领 颗 餐 首 "
    "骑 人次 口子 嘟噜 坨儿 档子 梭子 轮次 门子".split()
)

# Why each is not read as a unit after a number.
EXCLUDED = {
    "岁": "an age (60岁以上, 13-14岁), never a target",
    "月": "a date or a month (7月, 1-6月)",
    "季": "a season or a quarter (一年两季)",
    "届": "a term or a meeting's number (十四届)",
    "任": "a term of office",
    "代": "a generation",
    "局": "a game; ends 分局",
    "级": "a rank or class (10万吨级)",
    "点": "an hour of the clock; 个点 is a unit of its own",
    "度": "a degree (温度, 年度)",
    "线": "a line's name (8号线)",
    "路": "a bus route's name (8路)",
    "行": "a row; starts 行动, 行政",
    "标": "a bid section's name (3标)",
    "档": "a grade",
    "层": "a building's storeys describe it (地上5层) rather than count a target",
    "房": "rooms of a flat (3房)",
    "居": "rooms of a flat (3居室)",
    "号": "a number in a name (12号线)",
    "和": "a conjunction",
    "面": "starts 面积, 面向",
    "道": "starts 道路",
    "通": "starts 通过, 通道",
    "发": "starts 发展, 发放",
    "回": "starts 回收, 回迁",
    "身": "starts 身份",
    "手": "starts 手续",
    "打": "a dozen; starts 打造",
    "把": "starts 把握",
    "折": "a discount (8折)",
    "毛": "small change",
    "码": "a yard or a size",
    "票": "starts 票据",
    "番": "翻一番 doubles, it does not count",
    "双": "starts 双向, 双百",
    "出": "starts 出台, 出口",
    "叶": "a leaf",
    "句": "a sentence",
    "听": "a can",
    "声": "a sound",
    "味": "a taste",
    "响": "a sound",
    "圈": "starts 圈层",
    "堵": "a wall; starts 堵点",
    "峰": "a peak",
    "股": "a share or a stream",
    "群": "starts 群众",
    "领": "starts 领域, 领导",
    "顶": "starts 顶层",
    "页": "a page",
    "餐": "a meal (送餐服务)",
    "顿": "a meal",
    "服": "a dose; starts 服务",
    "进": "starts 进一步",
    "转": "starts 转型",
    "造": "starts 造林",
    "遍": "a time over",
    "遭": "a time over",
    "巡": "a round of drinks",
    "骑": "a rider",
    "脚": "a kick",
    "胎": "a birth; starts 胎儿",
    "辈": "a generation",
    "记": "a blow; starts 记录",
    "贴": "a plaster; starts 贴息",
    "注": "starts 注册",
    "火": "starts 火灾",
    "刀": "a ream",
    "令": "a ream",
    "剑": "a sword",
    "枪": "a gun",
    "伙": "a gang",
    "宿": "a night",
    "曲": "a tune",
    "画": "a painting's stroke",
    "抹": "a smear",
    "挂": "a string of",
    "挺": "a machine gun",
    "掬": "a double handful",
    "撮": "a pinch",
    "担": "a load on a pole; starts 担保",
    "扎": "a bundle",
    "丘": "a field plot",
    "丝": "a trace",
    "串": "a string",
    "付": "a set; starts 付费",
    "则": "a piece of news",
    "刻": "a quarter of an hour",
    "卷": "a roll; starts 卷烟",
    "孔": "a bridge span's opening",
    "封": "a letter; starts 封闭",
    "尊": "a statue",
    "帖": "a dose",
    "帧": "a frame",
    "席": "a seat; starts 席位",
    "幕": "an act",
    "扇": "a door leaf",
    "排": "a row; starts 排查, 排放",
    "朵": "a flower",
    "杆": "a pole",
    "杯": "a cup",
    "枝": "a branch",
    "柄": "a handle",
    "桄": "a hank",
    "桌": "a table",
    "桶": "a barrel",
    "棒": "a stick",
    "椽": "a rafter",
    "榀": "a roof truss",
    "樘": "a door frame",
    "汪": "a pool",
    "沓": "a pile",
    "泓": "a stretch of water",
    "泡": "a bubble",
    "滩": "a pool",
    "滴": "a drop",
    "炷": "a stick of incense",
    "爿": "a shop",
    "瓣": "a segment",
    "盆": "a basin",
    "盘": "a plate; starts 盘活",
    "碗": "a bowl",
    "窝": "a litter",
    "管": "a tube; starts 管理",
    "簇": "a cluster",
    "粒": "a grain",
    "纸": "a sheet",
    "绞": "a skein",
    "绺": "a lock of hair",
    "缕": "a wisp",
    "缸": "a vat",
    "罐": "a jar",
    "蓬": "a clump",
    "蔸": "a root",
    "袭": "a suit",
    "褔": "a garment",
    "轴": "a scroll",
    "锭": "an ingot",
    "阕": "a stanza",
    "阵": "a gust",
    "埲": "a wall (dialect)",
    "堆": "a heap",
    "墩": "a clump",
    "口子": "a spouse (dialect)",
    "嘟噜": "a bunch",
    "坨儿": "a lump",
    "档子": "a matter",
    "梭子": "a clip of bullets",
    "门子": "a matter",
}

# Look-aheads for the measure words counted: the words that merely start with one.
GUARDS = {
    "个点": "(?!位|状|赞)",
    "个": "(?!月|季度|小时|年度|工作日)",
    "家": "(?!庭|乡|属|长|电|具|居|湾|族)",
    "名": "(?!单|称|义|列|录|牌|片|次)",
    "条": "(?!例|件|款|码|形)",
    "座": "(?!谈)",
    "所": "(?!得|有|在|属|以|谓)",
    "户": "(?!籍|口|外|型|均)",
    "人": "(?!口|民|大|工|员|才|群|文|防|社|身|均)",
    "套": "(?!餐)",
    "间": "(?!隔|距|接|歇)",
    "张": "(?!家|江|湾)",
    "台": "(?!风|阶|账|湾|州|商|上|下)",
    "项": "(?!目)",
    "场": "(?!所|景|地|馆|域|站)",
    "次": "(?!级|要|生|日|年|序|数|贷|(?:常务|全体|主任)?会议|全会)",
    "批": "(?!准|复|评|发)",
    "处": "(?!理|置|长|室|级|罚)",
    "根": "(?!据|本|治|源)",
    "宗": "(?!旨|教)",
    "支": "(?!持|付|出|撑|柱|行)",
    "位": "(?!于|置|数|列)",
    "只": "(?!有|是|要|能)",
    "部": "(?!门|委|署|分|位|长|队|件)",
    "份": "(?!额)",
    "门": "(?!诊|户|槛|类|口|店)",
    "头": "(?!部|号|条|版|等)",
    "羽": "(?!毛|绒)",
    "架": "(?!构|空)",
    "口": "(?!之|径|岸|罩|号|腔|味|碑|头|袋|粮|服)",
    "列": "(?!入|出|为|车|表|举|支|队)",
    "方": "(?!面|案|式|法|向|位|便|针|能|可|米|舱|言|正|圆)",
    "包": "(?!括|含|装|容|保|联|干|户|扶)",
    "团": "(?!队|体|结|购|委|长|员|建)",
    "对": "(?!于|接|外|象|比|标|照|口|待|策|话|应|称|手|岸|口)",
    "尾": "(?!款|号|声|矿|水|气|部)",
    "床": "(?!位|铺|头|上|单|品|垫|边)",
    "本": "(?!地|市|区|县|级|科|年|届|土|部|体|质|次|领|着|色|底|站|单|报|文|外|职)",
    "段": "(?!落|时|位)",
    "班": "(?!子|级|车|组|长|主|次|线|列|底|会|额)",
    "眼": "(?!睛|光|前|下|镜|界|中|里|神|看)",
    "种": "(?!植|类|子|养|苗|业|群|质|源|田|粮|猪|禽|牛|羊|鸡|鸭|鱼|草|树)",
    "节": "(?!能|约|点|目|日|假|水|电|省|庆|制|奏|课|俭|余|气|令|拍)",
    "组": "(?!织|建|团|成|合|长|件|别|图|委|员|网|群|装)",
    "队": "(?!伍|员|长|列|部)",
    "集": "(?!团|中|体|聚|镇|市|成|约|资|装|散|群)",
    "首": "(?!先|次|批|位|届|府|都|创|发|个|要|站|席|长|付|选|台|期|单|轮|季|家)",
    "款": "(?!项|式|额)",
    "笔": "(?!记|者|试)",
    "起": "(?!步|点|来|草|诉|飞|降|始|止|到|航|源|码)",
    "幅": "(?!度|员)",
    "具": "(?!体|有|备)",
    "副": "(?!食|主|县|区|市|作|业|高|长|省|书|镇)",
    "袋": "(?!鼠)",
    "瓶": "(?!颈)",
    "盒": "(?!饭)",
    "片": "(?!区|面)",
    "块": "(?!钱)",
    "件": "(?!事)",
    "环": "(?!境|节|保|线|卫|评)",
    "趟": "",
    "辆": "",
    "栋": "",
    "幢": "",
    "盏": "",
    "株": "",
    "棵": "",
    "篇": "",
    "册": "",
    "艘": "",
    "颗": "",
    "枚": "",
    "匹": "",
    "轮": "",
    "期": "",
    "桩": "(?!基)",
    "堂": "(?!课)",
    "壶": "",
    "亩": "",
    "人次": "",
    "轮次": "",
}

# Hours of work or teaching: compounds of a measure word with 时 or 日.
_WORK_UNITS = ("课时", "学时", "工时", "工日", "人日")
# Measure words that, followed by 次, count visits or runs.
_TIMES_OF = "人 户 家 车 架 艘 台 场 批 件 项 班 趟 所 名 位 床".split()


# Measure words the dictionary's list misses, with where each was met: 例 counts cases
# (开展胃肠癌联合筛查1万例以上, hangzhou-linan-2022-minsheng; a 量词 in 现代汉语词典).
SUPPLEMENT = {"例": "(?!如|外|行|会|子|证|题)"}


def counted() -> dict[str, str]:
    """The measure words read as units of counted things, each with its look-ahead."""
    words = {w: GUARDS.get(w, "") for w in sorted(DICTIONARY - set(EXCLUDED))}
    words.update(SUPPLEMENT)
    # Measure words the dictionary lists under another headword, and 个点 / 羽.
    for word in ("人", "羽", "个点"):
        words.setdefault(word, GUARDS.get(word, ""))
    words.pop("亩", None)  # an area: an amount unit, not a count
    return words


def compound_units() -> dict[str, str]:
    """Compound units built from measure words: 人次, 车次, 标准亩, 课时…"""
    units = {word + "次": "" for word in _TIMES_OF}
    units.update(dict.fromkeys(_WORK_UNITS, ""))
    return units


# 标准 before an amount unit makes a standard unit (标准亩, 标准箱, 标准间).
STANDARD_PREFIX = "标准"
