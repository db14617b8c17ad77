"""
Numeric targets (指标) in one goal's text: "新增泊位1.1万个、充电桩3200个" → 1.1 万个 and 3200 个.

``extract_indicators`` reads one sentence or short numbered item of a work
report (政府工作报告) or decomposition plan (分解方案) and returns an
``IndicatorDraft`` for every quantity that is a target, in order of
appearance. It favours precision over recall: a number only counts when a
known unit follows it, so names (12号线, 107国道, S356, 5G, 500强), dates
(2023年, 7月份, 1-10月) and slogans in quotes (“十四五”, “七个一”) fall away.

The text is read in three passes over a masked copy (quoted slogans, book
titles and URLs blanked out, offsets kept):

1. every number + unit, with its comparator words (不低于, 以上, 左右, 6%-7%);
2. the clause fragments between , ; 。 : 、 (and 和/及/与/并 where they join
   two quantities), which bound each phrase;
3. within a fragment, quantities that describe a noun instead of counting it
   ("10亿元以上产业项目4个": only 4 个) and starting points of a change
   ("由68%提高到70%": only 70%) are dropped, and the rest become drafts
   whose phrase runs from the fragment's start to the unit, or on to the
   counted noun when the number comes first ("新建2个综合公园").

Pure Python on purpose (no Django): the report reader and the Word and Excel
readers all call it, and it is tested on plain strings.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from targets.io.draft import IndicatorDraft

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

# Measure words (量词) of counted things. The look-aheads keep out words that
# merely start with the same character: 3个月 is a period, 部门 is not 部.
COUNT_UNITS = {
    "个点": "(?!位|状|赞)",
    "个": "(?!月|季度|小时|年度|工作日)",
    "家次": "",
    "家": "(?!庭|乡|属|长|电|具|居|湾|族)",
    "名": "(?!单|称|义|列|录|牌|片|次)",
    "条": "(?!例|件|款|码|形)",
    "座": "(?!谈)",
    "所": "(?!得|有|在|属|以|谓)",
    "户次": "",
    "户": "(?!籍|口|外|型|均)",
    "人次": "",
    "人": "(?!口|民|大|工|员|才|群|文|防|社|身|均)",
    "套": "(?!餐)",
    "间": "(?!隔|距|接|歇)",
    "张": "(?!家|江|湾)",
    "辆": "",
    "台次": "",
    "台": "(?!风|阶|账|湾|州|商|上|下)",
    "项": "(?!目)",
    "场次": "",
    "场": "(?!所|景|地|馆|域|站)",
    "次": "(?!级|要|生|日|年|序|数|贷)",
    "批次": "",
    "批": "(?!准|复|评|发)",
    "处": "(?!理|置|长|室|级|罚)",
    "栋": "",
    "幢": "",
    "根": "(?!据|本|治|源)",
    "盏": "",
    "块": "",
    "片": "",
    "件": "",
    "宗": "(?!旨|教)",
    "支": "(?!持|付|出|撑|柱|行)",
    "位": "(?!于|置|数|列)",
    "只": "(?!有|是|要|能)",
    "株": "",
    "棵": "",
    "篇": "",
    "部": "(?!门|委|署|分|位|长|队|件)",
    # 期 is mostly a phase of a project (2期工程); see _is_training_run.
    "期": "",
    "轮": "",
    "份": "(?!额)",
    "门": "(?!诊|户|槛|类|口|店)",
    "册": "",
    "艘": "",
    "头": "(?!部|号|条|版|等)",
    "羽": "(?!毛|绒)",
    "车次": "",
    "架次": "",
    "架": "(?!构|空)",
}

# Durations are targets only when capped or compared ("压缩至3个工作日",
# "缩短至2小时以内"), not when they describe a service (24小时服务).
DURATION_UNITS = {
    "个工作日": "",
    "工作日": "",
    "天": "(?!然|气|地|津|下)",
    "小时": "",
    "分钟": "",
}
# Verbs that bring a duration down to a cap: 压缩至3个工作日(内), 控制在30天内.
_CAPPING_VERBS_RE = re.compile(r"(?:压缩|缩短|压减|减少|降低|控制)(?:至|到|在)\s*$")

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


def _alternatives(words: dict[str, str], guards: dict[str, str] | None = None) -> str:
    """A regex alternation of ``words`` (longest first), each with its look-around."""
    guards = guards or {}
    ordered = sorted(words, key=len, reverse=True)
    return "|".join(guards.get(w, "") + re.escape(w) + words.get(w, "") for w in ordered)


_NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_MULTIPLIER = "|".join(MULTIPLIERS)
# A rate written with a slash belongs to the unit: 10万吨/日, 5.4亿元/平方公里.
# 余/多 between multiplier and unit (1万余家) reads as "more than". A unit
# followed by 级 is a class, not an amount: 10万吨级码头.
_PER = r"(?:/(?:日|天|年|月|小时|人|户|亩|吨|平方米|平方公里))?"
_UNIT = rf"(?:(?:{_MULTIPLIER})(?:余|多)?)?(?:{_alternatives(ALL_UNITS)}){_PER}(?!级)"
# An alternative measure word in brackets is read with the unit: 5000套(间), 100台(套).
_ALTERNATIVE_UNIT = rf"(?:\((?:{_alternatives(COUNT_UNITS)})\))?"
_SUFFIX = _alternatives({w: SUFFIX_LOOKAHEADS.get(w, "") for w in SUFFIX_COMPARATORS})
_PREFIX = _alternatives(dict.fromkeys(PREFIX_COMPARATORS, ""), PREFIX_GUARDS)

# A number that is not part of a name or code: nothing glued to its left that
# makes it an ordinal (第), a code (S356, PM2.5, 5G is caught by the unit), a
# path or a formula (1+N, 7×24).
_NUMBER_START = r"(?<![0-9A-Za-z.%/_#+×*\-–—‐~第])"

QUANTITY_RE = re.compile(
    rf"""
    (?:(?P<pre>{_PREFIX})\s*)?
    {_NUMBER_START}(?P<num>{_NUMBER})
    (?:\s*(?P<unit1>{_UNIT}|{_MULTIPLIER})?\s*(?:[-–—‐~〜]{{1,2}}|至|到)\s*(?P<num2>{_NUMBER}))?
    \s*(?P<more>余|多(?!于))?
    \s*(?P<unit>{_UNIT}){_ALTERNATIVE_UNIT}
    (?:\s*(?P<suf>{_SUFFIX}))?
    """,
    re.VERBOSE,
)

# Chinese numerals only in the unambiguous count form right after a building
# verb ("新建两个急救站"). 一 only after the plainest verbs ("新建一所学校"):
# after 建设/打造/实施 "一个" is rhetoric ("建设一个现代化城区"), and 一批 is never a count.
_CHINESE_DIGITS = {
    "一": 1, "两": 2, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
}  # fmt: skip
_COUNT_VERBS = "|".join(
    "新建 新增 建成 建设 改扩建 新改扩建 续建 完成 开工 引进 培育 创建 举办"
    " 改造 组建 设立 新设 新开".split()
)
_PLAIN_COUNT_VERBS = "新建|新增|改扩建|新改扩建|续建|新设"
CHINESE_QUANTITY_RE = re.compile(
    rf"""
    (?:(?:{_PLAIN_COUNT_VERBS})(?=一)|(?:{_COUNT_VERBS})(?=[两二三四五六七八九十]))
    (?P<num>[一两二三四五六七八九十]{{1,3}})
    (?P<unit>{_alternatives({k: COUNT_UNITS[k] for k in "个家所座条项名处支场栋幢台辆套间张"})})
    (?:\s*(?P<suf>{_SUFFIX}))?
    """,
    re.VERBOSE,
)

# Spans whose numbers are never targets: slogans and names in quotes, titles of
# documents (《2023年工作要点》), document numbers (〔2023〕5号) and URLs.
_MASKED_SPANS = re.compile(
    r"“[^“”]{0,30}”|\"[^\"]{0,30}\"|「[^「」]{0,30}」|『[^『』]{0,30}』|‘[^‘’]{0,30}’"
    r"|《[^《》]{0,60}》|〔[^〔〕]{0,10}〕"
    r"|(?:https?://|www\.)[!-~]+|(?:/[A-Za-z0-9_.\-]+)+"
)
_MASK = "□"

# Words that make the amount after them a property of a project or a place
# ("总投资22亿元智能家电项目", "占地1000亩的片区") when a noun follows it.
_DESCRIBING_WORDS_RE = re.compile(
    r"(?:总投资|投资总额|占地面积|占地|建筑面积|总面积|年产值|年营收|年销售收入|年产|总规模|时速)\s*$"
)
_LINKING_VERBS_RE = re.compile(
    "支持|用于|建设|建成|实施|扶持|带动|帮助|帮扶|惠及|完成|新增|引进|培育|打造|改造|发放"
    "|吸引|覆盖|服务|解决|开展|举办|投入|安排|达到|实现|提供|撬动|新建|形成"
)
# "由2022年的68%提高到70%", "从800家增加到1000家": the first number is where it starts.
_BASELINE_BEFORE_RE = re.compile(r"(?:由|从)[^,;。:、]{0,12}$")
_BASELINE_AFTER_RE = re.compile(r"\s*[\u4e00-\u9fff]{0,3}(?:到|至)")
_CONJUNCTION_RE = re.compile(r"(?<![参给涉普惠合兼温总])(?:以及|并且|同时|和|及|与|并)")
# An item number at the start of a goal ("1." "(2)" "三、") is not part of its phrase.
_ITEM_NUMBER_RE = re.compile(
    r"\s*(?:\d{1,2}(?:\.(?!\d)|[、)])|\(\d{1,2}\)|[一二三四五六七八九十]{1,3}[、.])?\s*"
)
# A short aside in brackets inside a name ("执业(助理)医师数") does not end a fragment.
_ASIDE_RE = re.compile(r"(?<=[^\s,;。:、!?()])\([^()\d,;。:、!?]{1,8}\)")
# Dates and periods at the start of a name: "1-6月新增就业", "在12月底前完成".
_LEADING_DATE_RE = re.compile(
    r"^(?:在|于)?(?:\d{4}年)?(?:\d{1,2}(?:-\d{1,2})?月(?:份)?)?(?:底|中旬|上旬|下旬|末)?(?:前|以前)?"
)
_LEADING_WORDS_RE = re.compile(
    r"^(?:力争|确保|争取|努力|全力|力求|全年|今年|年内|预计|计划|其中|并且|并|同时|以及|和|及|与)+"
)
_TRAILING_WORDS_RE = re.compile(
    r"(?:控制在|稳定在|保持在|维持在|达到|达|为|在|至|到|是|的|各|分别)+$"
)


@dataclass
class _Quantity:
    """A number with its unit and comparator words, as found in the masked text."""

    start: int  # where the comparator words, or else the number, begin
    end: int  # after the unit and any suffix (以上, 左右)
    value: Decimal
    value_max: Decimal | None
    unit: str
    comparator: str
    prefix_comparator: str | None
    suffix: str

    @property
    def base_unit(self) -> str:
        """The unit without its multiplier or rate: 万个 → 个, 亿元 → 元, 万吨/日 → 吨."""
        for multiplier in ("", *MULTIPLIERS):
            if not self.unit.startswith(multiplier):
                continue
            rest = self.unit[len(multiplier) :]
            for candidate in (rest, rest.rpartition("/")[0]):
                if candidate in ALL_UNITS:
                    return candidate
        return self.unit


def extract_indicators(text: str) -> list[IndicatorDraft]:
    """
    Every quantitative target in one goal's text, in order of appearance.

    ``phrase`` is always a substring of ``text`` as given, even when ``text``
    is not NFKC-normalised; ``name`` is what is counted ("新增泊位"), never
    empty. Returns [] when nothing numeric is a target.
    """
    if not text:
        return []
    normal, origin = _normalise(text)
    masked = _mask(normal)
    quantities = _find_quantities(masked)
    drafts: list[IndicatorDraft] = []
    # A bare number after a named one shares its name: "分别增长6%和7%", "增长3%、6.4%".
    last_name = ""
    for start, end in _fragments(masked, quantities):
        inside = [q for q in quantities if start <= q.start and q.end <= end]
        for sub_start, sub_end in _split_at_conjunctions(masked, start, end, inside):
            found = [q for q in inside if sub_start <= q.start and q.end <= sub_end]
            cursor = _ITEM_NUMBER_RE.match(masked, sub_start, sub_end).end()
            cursor = min([cursor, *(q.start for q in found)])
            for index, quantity in enumerate(found):
                later = found[index + 1 :]
                if _is_qualifier(masked, quantity, later, sub_end) or _is_baseline(
                    masked, quantity, later, sub_start
                ):
                    continue
                phrase_end = _phrase_end(masked, quantity, later, sub_end)
                name = _name(normal[cursor : quantity.start], normal[quantity.end : phrase_end])
                name = name or last_name or normal[cursor:phrase_end].strip()
                last_name = name
                drafts.append(
                    IndicatorDraft(
                        name=name,
                        phrase=text[origin[cursor] : origin[phrase_end - 1] + 1],
                        value=quantity.value,
                        unit=quantity.unit,
                        comparator=quantity.comparator,
                        value_max=quantity.value_max,
                    )
                )
                cursor = _skip_spaces(masked, phrase_end, sub_end)
    return drafts


def _normalise(text: str) -> tuple[str, list[int]]:
    """
    NFKC, one character at a time, with the index in ``text`` of every
    character of the result, so a phrase found in the normal form can be cut
    from the text as given (full-width digits become one digit each, but
    ㎡ becomes two characters).
    """
    pieces: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        folded = unicodedata.normalize("NFKC", char)
        pieces.append(folded)
        origin.extend([index] * len(folded))
    return "".join(pieces), origin


def _mask(text: str) -> str:
    """Blank out the inside of quotes, titles and URLs, keeping every offset."""

    def blank(match: re.Match) -> str:
        inner = match.group()
        if inner[0] in '“"「『‘《〔' and len(inner) >= 2:
            return inner[0] + _MASK * (len(inner) - 2) + inner[-1]
        return _MASK * len(inner)

    return _MASKED_SPANS.sub(blank, text)


def _find_quantities(masked: str) -> list[_Quantity]:
    """Every number + unit that can be a target, Arabic and Chinese numerals, in order."""
    found = [q for m in QUANTITY_RE.finditer(masked) if (q := _arabic_quantity(masked, m))]
    found += [q for m in CHINESE_QUANTITY_RE.finditer(masked) if (q := _chinese_quantity(m))]
    return sorted(found, key=lambda q: q.start)


def _arabic_quantity(masked: str, match: re.Match) -> _Quantity | None:
    """Read one ``QUANTITY_RE`` match; None for ranges that are not and idle durations."""
    try:
        value = Decimal(match["num"].replace(",", ""))
        value_max = Decimal(match["num2"].replace(",", "")) if match["num2"] else None
    except InvalidOperation:
        return None
    if value_max is not None and value_max <= value:
        return None
    prefix = match["pre"]
    suffix = match["suf"] or ""
    prefix_comparator = PREFIX_COMPARATORS.get(prefix) if prefix else None
    if value_max is not None:
        comparator = "range"
    elif suffix:
        comparator = SUFFIX_COMPARATORS[suffix]
    elif match["more"]:
        comparator = "gte"  # 100余家, 100多家
    else:
        comparator = prefix_comparator or "eq"
    unit = re.sub(r"\s+", "", match["unit"])
    more = re.fullmatch(rf"({_MULTIPLIER})[余多](.+)", unit)
    if more:  # 1万余家: 1 万家, at least
        unit = more[1] + more[2]
        comparator = "gte" if comparator == "eq" else comparator
    end = match.end()
    if unit in DURATION_UNITS and not suffix and masked.startswith("内", end):
        # 30个工作日内: a cap when brought down to it, a service time otherwise.
        if not (prefix_comparator or _CAPPING_VERBS_RE.search(masked, 0, match.start())):
            return None
        end, suffix, comparator = end + 1, "内", "lte"
    quantity = _Quantity(
        start=match.start(),
        end=end,
        value=value,
        value_max=value_max,
        unit=unit,
        comparator=comparator,
        prefix_comparator=prefix_comparator,
        suffix=suffix,
    )
    if quantity.base_unit in DURATION_UNITS and not _is_duration_target(masked, quantity):
        return None
    if quantity.base_unit == "期" and not _is_training_run(masked, quantity):
        return None
    return quantity


def _is_duration_target(masked: str, quantity: _Quantity) -> bool:
    """A duration is a target when compared or brought to a value: 压缩至3个工作日, 2小时以内."""
    if quantity.comparator != "eq":
        return True
    before = masked[max(0, quantity.start - 2) : quantity.start].rstrip()
    return before.endswith(("至", "到", "达", "为", "在"))


def _is_training_run(masked: str, quantity: _Quantity) -> bool:
    """期 counts runs of training ("举办3期培训班", "培训200期"), not phases (2期工程)."""
    before = masked[max(0, quantity.start - 8) : quantity.start]
    after = masked[quantity.end : quantity.end + 8]
    before = re.split(r"[,;。:、!?]", before)[-1]
    after = re.split(r"[,;。:、!?]", after)[0]
    return bool(re.search("培训|研修|训练|讲座|论坛|班|沙龙", before + after))


def _chinese_quantity(match: re.Match) -> _Quantity | None:
    """Read one ``CHINESE_QUANTITY_RE`` match ("新建两个急救站" → 2 个)."""
    value = _chinese_number(match["num"])
    if value is None:
        return None
    suffix = match["suf"] or ""
    return _Quantity(
        start=match.start("num"),
        end=match.end(),
        value=Decimal(value),
        value_max=None,
        unit=match["unit"],
        comparator=SUFFIX_COMPARATORS.get(suffix, "eq"),
        prefix_comparator=None,
        suffix=suffix,
    )


def _chinese_number(numeral: str) -> int | None:
    """两 → 2, 十二 → 12, 三十 → 30; None for anything that is not a number below 100."""
    if "十" not in numeral:
        return _CHINESE_DIGITS.get(numeral)
    tens, _, ones = numeral.partition("十")
    if "十" in ones or len(tens) > 1 or len(ones) > 1 or tens == "两":
        return None
    tens_value = _CHINESE_DIGITS.get(tens, 1 if not tens else None)
    ones_value = _CHINESE_DIGITS.get(ones, 0 if not ones else None)
    if tens_value is None or ones_value is None or ones == "两":
        return None
    return tens_value * 10 + ones_value


def _fragments(masked: str, quantities: list[_Quantity]) -> list[tuple[int, int]]:
    """
    Spans between separators, not counting the comma of a thousands number
    (1,200个) or the brackets of a short aside ("执业(助理)医师数").
    """
    inside = set()
    for quantity in quantities:
        inside.update(range(quantity.start, quantity.end))
    for aside in _ASIDE_RE.finditer(masked):
        inside.update(range(aside.start(), aside.end()))
    spans, start = [], 0
    for index, char in enumerate(masked):
        if char in SEPARATORS and index not in inside:
            spans.append((start, index))
            start = index + 1
    spans.append((start, len(masked)))
    return [(s, e) for s, e in spans if e > s]


def _split_at_conjunctions(
    masked: str, start: int, end: int, quantities: list[_Quantity]
) -> list[tuple[int, int]]:
    """
    Split a fragment at 和/及/与/并 where they join two quantities
    ("评定10名左右产业领军人才和20名左右优秀青年人才") or introduce one
    ("…征收和4个生态底线区城中村“微改造”"), but not inside a name
    ("就业和社会保障支出增长5%").
    """
    conjunctions = [
        m
        for m in _CONJUNCTION_RE.finditer(masked, start, end)
        if not any(q.start <= m.start() < q.end for q in quantities)
    ]
    pieces, piece_start = [], start
    for index, conjunction in enumerate(conjunctions):
        after_end = conjunctions[index + 1].start() if index + 1 < len(conjunctions) else end
        before = any(piece_start <= q.start and q.end <= conjunction.start() for q in quantities)
        after = any(conjunction.end() <= q.start and q.end <= after_end for q in quantities)
        next_start = _skip_spaces(masked, conjunction.end(), end)
        leads = any(q.start == next_start for q in quantities)
        if (before and after) or leads:
            pieces.append((piece_start, conjunction.start()))
            piece_start = conjunction.end()
    pieces.append((piece_start, end))
    return pieces


def _describes_noun(masked: str, quantity: _Quantity, end: int) -> bool:
    """Whether words other than a continuation (并, 水平, 的目标) follow the quantity."""
    rest = masked[quantity.end : end].lstrip()
    return bool(rest) and not rest.startswith(CONTINUATIONS)


def _is_qualifier(masked: str, quantity: _Quantity, later: list[_Quantity], end: int) -> bool:
    """
    Whether the quantity describes the noun after it instead of counting it:
    "10亿元以上产业项目4个", "总投资50亿元的项目", "引进10亿元以上项目",
    "占地1000亩的片区", "推进总投资22亿元智能家电项目". A capped count before
    its noun ("新建20个以上社区食堂") is still a target unless another
    quantity follows ("100人以上企业5家").
    """
    if not _describes_noun(masked, quantity, end):
        return False
    limited = quantity.suffix in LIMIT_SUFFIXES or quantity.prefix_comparator in ("gte", "lte")
    if limited and (quantity.base_unit not in COUNT_UNITS or later):
        return True
    if _DESCRIBING_WORDS_RE.search(masked, 0, quantity.start):
        return True
    if later and quantity.base_unit not in COUNT_UNITS and later[0].base_unit in COUNT_UNITS:
        # "10亿元楼宇8栋": an amount, a short noun, then the count of that noun;
        # but "安排1000万元资金支持30家企业" has a verb between and counts both.
        gap = masked[quantity.end : later[0].start]
        if len(gap) <= 8 and not _LINKING_VERBS_RE.search(gap):
            return True
    return masked[quantity.end : end].lstrip().startswith("的")


def _is_baseline(masked: str, quantity: _Quantity, later: list[_Quantity], start: int) -> bool:
    """The starting point of a change, not its target: the 68% of "由68%提高到70%"."""
    return bool(
        later
        and _BASELINE_BEFORE_RE.search(masked, start, quantity.start)
        and _BASELINE_AFTER_RE.match(masked, quantity.end, later[0].start)
    )


def _phrase_end(masked: str, quantity: _Quantity, later: list[_Quantity], end: int) -> int:
    """
    The end of the phrase: the unit, or the counted noun when the number
    comes first ("新建2个综合公园"), stopping before the next quantity's words.
    """
    if not _describes_noun(masked, quantity, end):
        return quantity.end
    stop = later[0].start if later else end
    while stop > quantity.end and masked[stop - 1].isspace():
        stop -= 1
    return stop


def _name(before: str, after: str) -> str:
    """What is counted: the words around the quantity, less modal and linking words."""
    before = re.sub(r"\s+", "", before)
    after = re.sub(r"\s+", "", after)
    before = _LEADING_WORDS_RE.sub("", _LEADING_DATE_RE.sub("", before))
    before = _TRAILING_WORDS_RE.sub("", before)
    after = after.removeprefix("的")
    return before + after


def _skip_spaces(text: str, index: int, end: int) -> int:
    """The first index at or after ``index`` that is not whitespace (or ``end``)."""
    while index < end and text[index].isspace():
        index += 1
    return index
