"""
The word tables the extractor matches against: units of amounts, measure
words of counts and durations (each with the look-ahead that keeps out words
merely starting with it), multipliers, comparator words before and after a
number, and the characters and words that end or continue a phrase.
"""

from __future__ import annotations

from .measure_words import compound_units, counted

# Units of amounts: money, lengths, areas, weights, energy, rates. After a
# comparator such as 以上 these usually qualify a noun ("亿元以上项目").
AMOUNT_UNITS = {
    "个百分点": "",
    "百分点": "",
    "%": "",
    "‰": "",
    "倍": "(?!数)",
    "元": "(?!素|旦|宵|器|件|老|首)",
    "美元": "",
    "港元": "",
    "平方公里": "",
    "平方千米": "",
    "平方米": "",
    "立方米": "",
    "公里": "",
    "千米": "",
    "延米": "",
    "米": "(?!粮)",
    "公顷": "",
    "亩": "",
    "吨标准煤": "",
    "吨标煤": "",
    "吨": "",
    "千克": "",
    "斤": "",
    "公斤": "",
    "千瓦时": "",
    "千瓦": "",
    "兆瓦": "",
    "标准箱": "",
    "标箱": "",
    "微克/立方米": "",
    "分贝": "",
    # Latin units as NFKC leaves them (㎡ → m2, ㎞ → km).
    "m2": "",
    "m3": "",
    "km": "(?![A-Za-z])",
    "kWh": "",
    "kW": "(?![A-Za-z])",
    "MW": "(?![A-Za-z])",
}

# Measure words (量词) of counted things: a dictionary's, less those that do not
# count after a number, each with the look-ahead that keeps out words merely
# starting with it (3个月 is a period, 部门 is not 部), and the compound units
# made from them (人次, 车次, 课时); see ``measure_words``.
COUNT_UNITS = {**counted(), **compound_units()}

# Durations are targets only when capped or compared ("压缩至3个工作日",
# "缩短至2小时以内"), not when they describe a service (24小时服务).
DURATION_UNITS = {
    "个工作日": "",
    "工作日": "",
    "天": "(?!然|气|地|津|下)",
    "小时": "",
    "分钟": "",
}

ALL_UNITS = {**AMOUNT_UNITS, **COUNT_UNITS, **DURATION_UNITS}

MULTIPLIERS = ("万亿", "千万", "百万", "十万", "亿", "万", "千", "百")

# Comparator words before the number. The look-behinds keep 节约, 附近 and 赶超
# from reading as 约, 近 and 超.
PREFIX_COMPARATORS = {
    "不少于": "gte",
    "不低于": "gte",
    "至少": "gte",
    "超过": "gte",
    "突破": "gte",
    "多于": "gte",
    "大于": "gte",
    "高于": "gte",
    "逾": "gte",
    "超": "gte",
    "不超过": "lte",
    "不高于": "lte",
    "不多于": "lte",
    "低于": "lte",
    "少于": "lte",
    "小于": "lte",
    "控制在": "lte",
    "大约": "approx",
    "接近": "approx",
    "将近": "approx",
    "约": "approx",
    "近": "approx",
    # Tables write the comparator as a symbol: ≥95%, ≤4.5%, ≈10名.
    "≥": "gte",
    ">=": "gte",
    ">": "gte",
    "≤": "lte",
    "<=": "lte",
    "<": "lte",
    "≈": "approx",
    "~": "approx",
}
PREFIX_GUARDS = {"约": "(?<![节制签预合公缔大])", "近": "(?<![附最靠将接亲])", "超": "(?<![赶])"}

SUFFIX_COMPARATORS = {
    "及以上": "gte",
    "以上": "gte",
    "及以下": "lte",
    "以下": "lte",
    "以内": "lte",
    "之内": "lte",
    "左右": "approx",
    "上下": "approx",
}
# 上下 is also 上下游 (up- and downstream), 上下班 ...
SUFFIX_LOOKAHEADS = {"上下": "(?!游|级|班|水|楼|车|行)"}
# Suffixes that cap or floor a quantity: such a quantity followed by a noun
# describes that noun ("10亿元以上产业项目") rather than counting it.
LIMIT_SUFFIXES = {"及以上", "以上", "及以下", "以下", "以内", "之内"}

# Characters that end a clause fragment; a phrase never crosses them.
SEPARATORS = frozenset(",;。:、!?()[]【】{}\n\r\t，；：！？（）")

# Words that may follow a target without being the counted noun.
CONTINUATIONS = (
    "的目标",
    "的水平",
    "的增长",
    "并",
    "且",
    "和",
    "及",
    "与",
    "同时",
    "确保",
    "力争",
    "争取",
    "其中",
    "分别",
    "水平",
    "目标",
    "规模",
    "大关",
    "增长",
)
