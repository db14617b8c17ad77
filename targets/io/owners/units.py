"""
Lists of units and of leaders split into names ("区发改局、区统计局",
"区教育局(牵头),各街道", "杜新国、王俊"), with the role marks written after a
unit, and whether a phrase (or a bracket of them) reads as the name of a
government body rather than as part of a task sentence.
"""

from __future__ import annotations

import re

from .brackets import split_top_level
from .labels import normalise_owner_text
from .lexicon import CHARGE_WORDS, CO_WORDS, LEAD_WORDS, TITLE_PREFIXES, TITLES

# -- unit names ---------------------------------------------------------------------------

# How the names of government bodies end. A list is only split at 和/及/与
# when both halves end like this, so 区住房保障和房管局 and 区自然资源和规划局
# stay whole (区住房保障 and 区自然资源 are fields of work, not bodies).
_UNIT_ENDINGS = tuple(
    "局 委 办 厅 署 部 处 室 科 所 站 院 会 中心 集团 公司 街道 街 "
    "镇 乡 区 政府 单位 部门 分局 支队 大队 队 银行 学校 医院 专班 "
    "小组 组 馆 社 联 办事处 管委会 指挥部 成员单位 各部门 园区 电视台 支行 分行".split()
)
# A bracket of bare names ("(区发改局、区统计局)") needs names that cannot be anything
# else; generic places ("全区", "社区") never are.
_STRONG_ENDINGS = tuple(
    "局 委 办 街道 办事处 管委会 开发区 高新区 集团 公司 指挥部 专班 中心 政府".split()
)
_PLACES = frozenset(
    "全区 全市 全省 全县 城区 市区 辖区 本区 本市 我区 我市 社区 "
    "园区 景区 小区 片区 街区 山区 校区 中心城区 老城区".split()
)
# Where a body's name usually starts: its level of government, or "each".
_UNIT_STARTS = ("区", "市", "县", "省", "各", "镇", "乡", "街道", "全区", "全市", "相关", "有关")
# "Each of a kind of body or place": 各地, 各县(市、区), 各乡镇, 各有关部门 (not 各项, 各类).
_EACH_BODY = re.compile(r"^各(?:地|省|市|县|区|旗|镇|乡|街|级|有关|相关|部|单位|园区|开发区|成员)")
# Words of a task, never of a body's name: they keep a sentence from passing as a unit.
_TASK_WORDS = tuple(
    "推进 加快 加强 开展 推动 落实 实现 完成 做好 确保 提升 建成 "
    "打造 力争 实施 支持 引导 鼓励 的 。 ! ? % “ 《".split()
)
# How a parenthetical remark starts: "(含各街道)", "(其中东湖高新区3个)".
_NOT_UNIT_STARTS = ("含", "不含", "包括", "包含", "其中", "除", "如", "即", "以下", "下称", "简称")
# Verbs that never stand in a unit's name even when a label vouches for it: a value
# that has one ran on into the task ("牵头单位:区发改局,加快推进…").
_TASK_VERBS = ("推进", "加快", "加强", "开展", "推动", "确保", "实现", "力争", "做好")
_MAX_UNIT_CHARS = 40

# Role words written after a unit inside a list: "区发改局(牵头)", "区财政局配合".
_ROLE_WORDS = sorted((*LEAD_WORDS, *CO_WORDS), key=len, reverse=True)
ROLE_SUFFIX = re.compile(
    rf"(?:\((?P<paren>{'|'.join(_ROLE_WORDS)})\)"
    # "按职责分工负责", "按照“管行业必须管安全”要求负责": how a unit answers, then 负责.
    rf"|(?P<word>{'|'.join(_ROLE_WORDS)}|按照?[^,;、]{{1,30}}?负责|{'|'.join(CHARGE_WORDS)}))\s*$"
)
_ETC = re.compile(r"等(?:相关|有关|其他)?(?:单位|部门|成员单位)?$")
# What a field holds when it names nobody ("配合单位:无").
EMPTY_VALUES = {"无", "暂无", "/", "-", "—", "——", "待定", "略"}


# -- splitting lists ----------------------------------------------------------------------


def split_units(text: str) -> list[str]:
    """
    The unit names of a list as written ("区发改局、区统计局", "各街道,各开发区",
    "区教育局(牵头),各街道"), in order, without duplicates.

    Splits on 、 , ; / line breaks and spaces, and on 和/及/与 only when both
    sides look like unit names. Role marks ("(牵头)", "配合") and a closing
    "等" are taken off; ``units_with_roles`` keeps the marks.
    """
    return [name for name, _ in units_with_roles(text)]


def units_with_roles(text: str) -> list[tuple[str, str | None]]:
    """Each unit of a list with the role its own words give it ("lead", "co" or None)."""
    result: list[tuple[str, str | None]] = []
    seen: set[str] = set()
    for piece in split_top_level(normalise_owner_text(text), ";,、/\n\t "):
        alone = ROLE_SUFFIX.fullmatch(piece)
        if alone and result:
            # "区发改局 (牵头)": the mark was split off by the space before it.
            result[-1] = (result[-1][0], role_of(alone))
            continue
        parts = [_strip_role(part) for part in _split_conjunctions(piece)]
        if len(parts) > 1 and parts[-1][1] and "分别" in piece:
            # "经济投资局和航空口岸局分别牵头": each of them leads.
            parts = [(name, parts[-1][1]) for name, _ in parts]
        for name, role in parts:
            if not name or name in EMPTY_VALUES or name in seen:
                continue
            seen.add(name)
            result.append((name, role))
    return result


def role_of(match: re.Match) -> str | None:
    """The role a ``ROLE_SUFFIX`` match gives: "lead", "co", or None for a bare 负责."""
    word = match.group("paren") or match.group("word")
    if word in LEAD_WORDS:
        return "lead"
    if word in CO_WORDS:
        return "co"
    return None


def is_title(name: str) -> bool:
    """An official's title standing for no one in particular: 分管副省长, 协管副秘书长."""
    bare = name.strip()
    for prefix in TITLE_PREFIXES:
        bare = bare.removeprefix(prefix)
    return bare in TITLES


def _strip_role(part: str) -> tuple[str, str | None]:
    """("区发改局(牵头)") → ("区发改局", "lead"); also drops 由 before and 等 after."""
    name = part.strip(" .。:")
    role = None
    match = ROLE_SUFFIX.search(name)
    if match and match.start() > 0:
        role = role_of(match)
        name = name[: match.start()].strip()
    name = re.sub(r"^(?:具体)?由", "", name)
    name = _ETC.sub("", name).strip(" .。:")
    return name, role


def _split_conjunctions(piece: str) -> list[str]:
    """Split "区发改局和区财政局" but not "区住房保障和房管局"."""
    parts = [p for p in re.split(r"以及|和|及|与", piece) if p]
    if len(parts) > 1 and all(looks_like_unit(_strip_role(p)[0]) for p in parts):
        return parts
    return [piece]


def split_leaders(text: str) -> list[str]:
    """
    Leaders' names as written ("杜新国、王俊"), in order, without duplicates.

    A name padded for alignment ("王  俊", two characters spread over the
    width of three) is joined back into one.
    """
    names: list[str] = []
    for piece in split_top_level(normalise_owner_text(text), ";,、/\n"):
        tokens = piece.split()
        if len(tokens) > 1 and all(len(t) == 1 for t in tokens):
            tokens = ["".join(tokens)]
        for token in tokens:
            token = _ETC.sub("", token.strip(" .。:"))
            if token and token not in EMPTY_VALUES and token not in names:
                names.append(token)
    return names


def looks_like_unit(name: str) -> bool:
    """
    Whether a phrase reads as the name of a government body ("区发改局",
    "各街道", "东湖高新区"), not as part of a task sentence. Used where no
    label vouches for it: bare lists and "X牵头" phrases.
    """
    name = name.strip()
    bare = re.sub(r"\([^()]*\)$", "", name)  # "各街办(新区)"
    if not 2 <= len(bare) <= _MAX_UNIT_CHARS or any(w in bare for w in _TASK_WORDS):
        return False
    if bare.startswith(_NOT_UNIT_STARTS):
        return False
    if re.search(r"\d", bare) or bare in _PLACES:
        return False
    return bare.endswith(_UNIT_ENDINGS) or bool(_EACH_BODY.match(bare) and len(bare) <= 12)


def valid_names(names: list[str], explicit: bool, *, person: bool) -> bool:
    """Values of a field: short names; without a colon they must also look the part."""
    if not names:
        return False
    for name in names:
        if len(name) > _MAX_UNIT_CHARS or re.search(r"[。!?]", name):
            return False
        if explicit:
            if any(verb in name for verb in _TASK_VERBS):
                return False
            continue
        if person:
            if not re.fullmatch(r"[\u4e00-\u9fff·]{2,4}", name):
                return False
        elif not looks_like_unit(name):
            return False
    return True


def is_unit_list(text: str) -> bool:
    """
    Whether a bracket holds nothing but unit names ("(区发改局、区统计局)"), each
    one that cannot be anything else: it starts with a level of government
    (区, 市, 各…) or ends as only a body's name does (局, 委, 街道…).
    """
    units = split_units(text)
    return bool(units) and all(
        looks_like_unit(n) and (n.startswith(_UNIT_STARTS) or n.endswith(_STRONG_ENDINGS))
        for n in units
    )
