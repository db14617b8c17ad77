"""
Owners and deadlines as published 分解方案 (decomposition plans) write them.

A task in a 分解方案 carries its owners in one of a few shapes: an annotation
at the end of the sentence, "(责任领导:杜新国;牵头单位:区发改局)"; a verb
phrase in brackets, "(区发改局牵头,区财政局配合)"; or a line of its own under
the task, "牵头单位:区发改局  责任单位:各街道". This module finds those, splits
the lists of units and leaders they name, and turns a deadline written in
words ("6月底前", "三季度", "明年7月份") into a date.

Everything here is plain text in, plain values out: no Django, no I/O. Input
is normalised with NFKC first, so full-width punctuation is ASCII by the time
a pattern sees it (、 and 【】 survive NFKC and are handled as they are).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

# -- labels -------------------------------------------------------------------------------

# Each label word maps to the role of what follows it. "resp" (责任单位) is
# decided later: co when a lead is also given, otherwise the first unit leads.
_LABELS: dict[str, str] = {
    # leads
    "牵头责任单位": "lead",
    "责任牵头单位": "lead",
    "牵头单位": "lead",
    "牵头部门": "lead",
    "主责单位": "lead",
    "主责部门": "lead",
    "主办单位": "lead",
    "主办部门": "lead",
    # responsible units: lead or co depending on the rest of the annotation
    "责任主体与协同单位": "resp",
    "责任主体": "resp",
    "责任单位": "resp",
    "责任部门": "resp",
    "承办单位": "resp",
    # co
    "配合单位": "co",
    "配合部门": "co",
    "协办单位": "co",
    "协办部门": "co",
    "参与单位": "co",
    "参与部门": "co",
    "协同单位": "co",
    "协作单位": "co",
    "协助单位": "co",
    # leaders (区领导 and the like are people, not units)
    "区政府分管领导": "leaders",
    "市政府分管领导": "leaders",
    "县政府分管领导": "leaders",
    "分管区领导": "leaders",
    "牵头区领导": "leaders",
    "责任区领导": "leaders",
    "联系区领导": "leaders",
    "分管市领导": "leaders",
    "责任领导": "leaders",
    "牵头领导": "leaders",
    "分管领导": "leaders",
    "联系领导": "leaders",
    "包保领导": "leaders",
    "区领导": "leaders",
    "市领导": "leaders",
    "县领导": "leaders",
    "责任人": "leaders",
    # deadlines
    "完成时限": "deadline",
    "完成时间": "deadline",
    "完成期限": "deadline",
    "办结时限": "deadline",
    "时间节点": "deadline",
    "时间要求": "deadline",
    "时限要求": "deadline",
    "时限": "deadline",
}

# Bare role words that count as labels only when a colon follows ("牵头:区发改局").
_SHORT_LABELS: dict[str, str] = {"牵头": "lead", "配合": "co", "协办": "co", "参与": "co"}

_LABEL_RE = re.compile(
    "(?P<label>"
    + "|".join(sorted(map(re.escape, _LABELS), key=len, reverse=True))
    + r")(?P<sep>\s*:\s*|\s*为|\s+)?"
    + "|(?P<short>"
    + "|".join(map(re.escape, _SHORT_LABELS))
    + r")(?P<short_sep>\s*:\s*)"
)

# What may stand before a label that starts a new field.
_FIELD_BREAK = set(";,;。 \t\n、")

# -- unit names ---------------------------------------------------------------------------

# How the names of government bodies end. A list is only split at 和/及/与
# when both halves end like this, so 区住房保障和房管局 and 区自然资源和规划局
# stay whole (区住房保障 and 区自然资源 are fields of work, not bodies).
_UNIT_ENDINGS = tuple(
    "局 委 办 厅 署 部 处 室 科 所 站 院 会 中心 集团 公司 街道 街 "
    "镇 乡 区 政府 单位 部门 分局 支队 大队 队 银行 学校 医院 专班 "
    "小组 组 馆 社 联 办事处 管委会 指挥部 成员单位 各部门 园区 电视台".split()
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
_MAX_TRAILING_CHARS = 400

# Role words written after a unit inside a list: "区发改局(牵头)", "区财政局配合".
_ROLE_SUFFIX = re.compile(
    r"(?:\((?P<paren>牵头单位|牵头部门|牵头|主责|配合单位|配合|协办|参与)\)"
    # "按职责分工负责", "按照“管行业必须管安全”要求负责": how a unit answers, then 负责.
    r"|(?P<word>牵头负责|牵头|配合|协办|参与|协助|按照?[^,;、]{1,30}?负责"
    r"|分工负责|共同负责|负责))\s*$"
)
_ETC = re.compile(r"等(?:相关|有关|其他)?(?:单位|部门|成员单位)?$")
_EMPTY_VALUES = {"无", "暂无", "/", "-", "—", "——", "待定", "略"}

# -- deadlines ----------------------------------------------------------------------------

# A deadline written as a clause of a role phrase: "2023年6月底前完成", "年内建成".
_DEADLINE_CLAUSE = re.compile(r"(?:于|在)?(.{1,20}?(?:前|底|末|内))(?:完成|建成|办结|落实|到位)?")
_DEADLINE_HINT = re.compile(
    r"\d{4}|[\d一二三四五六七八九十]+月|年底|年末|年内|全年|年中|半年|季度|持续|长期|常态|按时序|前$|底$"
)


@dataclass
class Owners:
    """
    Who answers for a task, as written: lead units (牵头单位), co units
    (配合/责任单位), responsible leaders (责任领导, people's names) and the
    deadline as written ("12月底前").
    """

    lead: list[str] = field(default_factory=list)
    co: list[str] = field(default_factory=list)
    leaders: list[str] = field(default_factory=list)
    deadline: str | None = None
    # True when ``lead`` is only the first name of a 责任单位 list, with no
    # 牵头单位 given: an explicit lead found elsewhere outranks it in merge().
    lead_by_order: bool = field(default=False, compare=False, repr=False)

    @property
    def is_empty(self) -> bool:
        return not (self.lead or self.co or self.leaders or self.deadline)

    def merge(self, other: Owners) -> Owners:
        """
        A new Owners with what this one leaves empty filled from ``other``.

        Lines of a 分解方案 often give the lead on one line and the 责任单位 on
        the next; a 责任单位 list then names co units only, so when this one has
        an explicit lead, ``other``'s order-inferred lead joins the co units.
        """
        lead, co = list(self.lead), list(self.co)
        other_lead, other_co = list(other.lead), list(other.co)
        lead_by_order = self.lead_by_order
        if lead and other.lead_by_order and not self.lead_by_order:
            other_co = other_lead + other_co
            other_lead = []
        elif self.lead_by_order and other_lead and not other.lead_by_order:
            # The explicit lead wins; ours were co units after all.
            co = _unique(lead + co)
            lead, lead_by_order = [], False
        if not lead:
            lead, lead_by_order = other_lead, other.lead_by_order
        if not co:
            co = [name for name in other_co if name not in lead]
        return Owners(
            lead=lead,
            co=co,
            leaders=list(self.leaders or other.leaders),
            deadline=self.deadline or other.deadline,
            lead_by_order=lead_by_order,
        )


# -- splitting lists ----------------------------------------------------------------------


def split_units(text: str) -> list[str]:
    """
    The unit names of a list as written ("区发改局、区统计局", "各街道,各开发区",
    "区教育局(牵头),各街道"), in order, without duplicates.

    Splits on 、 , ; / line breaks and spaces, and on 和/及/与 only when both
    sides look like unit names. Role marks ("(牵头)", "配合") and a closing
    "等" are taken off; ``_units_with_roles`` keeps the marks.
    """
    return [name for name, _ in _units_with_roles(text)]


def _units_with_roles(text: str) -> list[tuple[str, str | None]]:
    """Each unit of a list with the role its own words give it ("lead", "co" or None)."""
    result: list[tuple[str, str | None]] = []
    seen: set[str] = set()
    for piece in _split_top_level(_normalise(text), ";,、/\n\t "):
        alone = _ROLE_SUFFIX.fullmatch(piece)
        if alone and result:
            # "区发改局 (牵头)": the mark was split off by the space before it.
            result[-1] = (result[-1][0], _role_of(alone))
            continue
        for part in _split_conjunctions(piece):
            name, role = _strip_role(part)
            if not name or name in _EMPTY_VALUES or name in seen:
                continue
            seen.add(name)
            result.append((name, role))
    return result


def _role_of(match: re.Match) -> str | None:
    word = match.group("paren") or match.group("word")
    if word.startswith(("牵头", "主责")):
        return "lead"
    if word.startswith(("配合", "协办", "参与", "协助")):
        return "co"
    return None


def _strip_role(part: str) -> tuple[str, str | None]:
    """("区发改局(牵头)") → ("区发改局", "lead"); also drops 由 before and 等 after."""
    name = part.strip(" .。:")
    role = None
    match = _ROLE_SUFFIX.search(name)
    if match and match.start() > 0:
        role = _role_of(match)
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
    for piece in _split_top_level(_normalise(text), ";,、/\n"):
        tokens = piece.split()
        if len(tokens) > 1 and all(len(t) == 1 for t in tokens):
            tokens = ["".join(tokens)]
        for token in tokens:
            token = _ETC.sub("", token.strip(" .。:"))
            if token and token not in _EMPTY_VALUES and token not in names:
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
    return bare.endswith(_UNIT_ENDINGS)


# -- annotations --------------------------------------------------------------------------


def find_inline_owners(text: str) -> tuple[str, Owners]:
    """
    Find and remove the owner annotations written inside or after a task.

    Handles bracketed annotations — "(责任领导:杜新国;牵头单位:区发改局)",
    "[责任单位:老街办、区招商服务中心]", "【牵头单位:…】",
    "(区发改局牵头,区财政局配合)", a trailing "(区发改局、区统计局)" — and
    fields written after the last sentence without brackets
    ("…。牵头单位:区发改局"). Returns the text without them (trimmed, keeping
    a final 。) and the owners; a bracket that is not an annotation, such as
    "(含装配式建筑)", stays in the text.
    """
    text = _normalise(text).strip()
    found = Owners()
    spans: list[tuple[int, int]] = []
    for start, end, inner in _bracket_groups(text):
        owners = _parse_fields(inner)
        if owners is None and not text[end:].strip(" 。;,.") and _is_unit_list(inner):
            owners = _owners_from_list(inner)
        if owners is not None:
            # Even "(配合单位:无)" is an annotation: it leaves the text, adding nothing.
            spans.append((start, end))
            found = _combine(found, owners)
    for start, end in reversed(spans):
        text = text[:start] + " " + text[end:]
    if spans:
        text = _tidy(text)

    cut, trailing = _trailing_fields(text)
    if trailing is not None:
        text = _tidy(text[:cut])
        found = _combine(found, trailing)
    return text, found


def parse_owner_line(line: str) -> Owners | None:
    """
    The owners of a line that holds nothing else: "牵头单位:区发改局",
    "责任领导:杜新国  牵头单位:区发改局  配合单位:区财政局、区税务局",
    "完成时限:12月底前", "(区发改局牵头,各街道配合)". None for any other line,
    including a task sentence that merely names a department.
    """
    text = _normalise(line).strip().strip("—-·•◆▲●■□ ")
    if not text or len(text) > 400:
        return None
    groups = _bracket_groups(text)
    if len(groups) == 1 and groups[0][0] == 0 and not text[groups[0][1] :].strip(" 。;,."):
        text = groups[0][2].strip()
    # An Owners with nothing in it ("配合单位:无") is still an owner line.
    return _parse_fields(text.rstrip("。;,. "))


def _parse_fields(content: str) -> Owners | None:
    """
    Read an annotation's content as owner fields, or None if any of it is
    something else: every character must belong to a label, its value, or a
    role phrase ("区发改局牵头,区财政局配合").
    """
    content = content.strip(" ;,、。.")
    if not content:
        return None
    labels = _field_labels(content)
    head_end = labels[0][0] if labels else len(content)
    head = content[:head_end].strip(" ;,、")

    fields: list[tuple[str, str, bool]] = []
    for index, (_, value_start, role, explicit) in enumerate(labels):
        value_end = labels[index + 1][0] if index + 1 < len(labels) else len(content)
        fields.append((role, content[value_start:value_end], explicit))

    owners = Owners()
    if head:
        phrased = _parse_role_phrases(head)
        if phrased is None:
            return None
        owners = phrased
    if not fields:
        return owners if head else None
    return _assign(fields, owners, strict=True)


def owner_column(header: str) -> str | None:
    """
    The role of a 分解方案 table column from its header: "lead" (牵头单位),
    "resp" (责任单位), "co" (配合单位), "leaders" (责任领导), "deadline"
    (完成时限), or None for any other column. Headers wrapped inside their
    cell (牵头 and 单位 on two lines) or explained in brackets ("牵头单位(部门)") count.
    """
    key = re.sub(r"\s+", "", _normalise(header)).strip(":")
    for candidate in (key, re.sub(r"\([^()]*\)$", "", key)):
        if candidate in _LABELS:
            return _LABELS[candidate]
        if candidate in _SHORT_LABELS:
            return _SHORT_LABELS[candidate]
    return None


def owners_from_columns(cells: dict[str, str]) -> Owners:
    """
    The owners of a table row, from its cells keyed by column header
    ({"牵头单位": "区发改局", "责任单位": "各街道", "完成时限": "12月底前"}).
    Columns that are not owner columns are ignored, and so is a cell whose
    value cannot be a list of names (a task sentence in the wrong column).
    """
    fields = [(role, value or "", True) for h, value in cells.items() if (role := owner_column(h))]
    return _assign(fields, Owners(), strict=False) or Owners()


def _assign(fields: list[tuple[str, str, bool]], base: Owners, *, strict: bool) -> Owners | None:
    """
    Owners from labelled values: (role, value, whether the label was followed
    by a separator). A value that cannot be names makes the whole thing None
    when ``strict``, or is skipped otherwise.
    """
    lead: list[str] = list(base.lead)
    co: list[str] = list(base.co)
    resp: list[tuple[str, str | None]] = []
    leaders: list[str] = []
    deadline = None
    for role, raw, explicit in fields:
        value = _normalise(raw).strip(" ;,、。.\n")
        if not value or value in _EMPTY_VALUES:
            continue
        if role == "deadline":
            if _valid_deadline(value, explicit):
                deadline = deadline or value
            elif strict:
                return None
            continue
        if role == "leaders":
            names = split_leaders(value)
            if _valid_names(names, explicit, person=True):
                leaders.extend(n for n in names if n not in leaders)
            elif strict:
                return None
            continue
        units = _units_with_roles(value)
        if not _valid_names([n for n, _ in units], explicit, person=False):
            if strict:
                return None
            continue
        if role == "lead":
            lead.extend(n for n, _ in units)
        elif role == "co":
            for name, mark in units:
                (lead if mark == "lead" else co).append(name)
        else:
            resp.extend(units)

    lead_by_order = False
    if resp:
        marked = [n for n, mark in resp if mark == "lead"]
        if lead or marked:
            lead.extend(marked)
            co.extend(n for n, mark in resp if mark != "lead")
        else:
            # 责任单位 alone: the first listed leads (the common convention,
            # "列第一位的责任单位为牵头单位").
            lead.append(resp[0][0])
            co.extend(n for n, _ in resp[1:])
            lead_by_order = True
    lead = _unique(lead)
    return Owners(
        lead=lead,
        co=[n for n in _unique(co) if n not in lead],
        leaders=_unique(base.leaders + leaders),
        deadline=base.deadline or deadline,
        lead_by_order=lead_by_order,
    )


def _field_labels(content: str) -> list[tuple[int, int, str, bool]]:
    """
    The labels that start a field: (label start, value start, role, whether a
    separator ":" or "为" follows). A label word inside a value does not count
    unless it stands after a field break or before a colon.
    """
    found = []
    for match in _LABEL_RE.finditer(content):
        start = match.start()
        if match.group("short"):
            role, sep = _SHORT_LABELS[match.group("short")], match.group("short_sep")
        else:
            role, sep = _LABELS[match.group("label")], match.group("sep") or ""
        colon = ":" in sep
        explicit = colon or sep.strip() == "为"
        at_break = start == 0 or content[start - 1] in _FIELD_BREAK
        if colon or (at_break and (sep or start == 0)):
            # Without a separator a label only starts the content ("牵头单位区发改局").
            found.append((start, match.end(), role, explicit))
    return found


def _parse_role_phrases(text: str) -> Owners | None:
    """
    "区发改局牵头,区财政局、区税务局配合", "市政府办公室牵头,市级各有关部门及各县
    市区政府按职责分工负责": units followed by what they do. The role word
    closing a clause applies to every unit in it; a clause without one takes
    the role of the next clause that has one.
    """
    clauses = [c for c in _split_top_level(text, ";,") if c.strip()]
    if not clauses:
        return None
    pending: list[tuple[str, str | None]] = []
    lead: list[str] = []
    co: list[str] = []
    saw_role = False
    deadline = None
    for clause in clauses:
        when = _DEADLINE_CLAUSE.fullmatch(clause.strip())
        if when and deadline is None and _DEADLINE_HINT.search(when[1]):
            deadline = when[1]  # "(区发改局牵头,各街道配合,6月底前完成)"
            continue
        units = _units_with_roles(clause)
        if not units or not all(looks_like_unit(n) for n, _ in units):
            return None
        match = _ROLE_SUFFIX.search(clause.strip())
        if match is None:
            pending.extend(units)
            continue
        saw_role = True
        role = _role_of(match)
        if role is None:
            # "负责", "按职责分工负责": in charge when nobody leads yet, else alongside.
            role = "co" if lead else "lead"
        for name, mark in pending + units:
            # A unit's own mark ("区发改局(牵头)、区财政局配合") outranks the clause's.
            (lead if (mark or role) == "lead" else co).append(name)
        pending = []
    if not saw_role:
        return None
    for name, mark in pending:
        (lead if mark == "lead" or (mark is None and not lead) else co).append(name)
    lead = _unique(lead)
    return Owners(lead=lead, co=[n for n in _unique(co) if n not in lead], deadline=deadline)


def _is_unit_list(text: str) -> bool:
    """A bracket holding nothing but unit names: "(区发改局、区统计局)"."""
    units = split_units(text)
    return bool(units) and all(
        looks_like_unit(n) and (n.startswith(_UNIT_STARTS) or n.endswith(_STRONG_ENDINGS))
        for n in units
    )


def _owners_from_list(text: str) -> Owners:
    """A bare list of units: the first leads, as when it is labelled 责任单位."""
    owners = _parse_fields("责任单位:" + text)
    return owners if owners is not None else Owners()


def _trailing_fields(text: str) -> tuple[int, Owners | None]:
    """Owner fields written after the task without brackets: "…。牵头单位:区发改局"."""
    for start, _, _, _ in _field_labels(text):
        if len(text) - start > _MAX_TRAILING_CHARS:
            continue  # owner fields are short; this also keeps long paragraphs linear
        if start and text[start - 1] not in "。;,; \t":
            continue
        owners = _parse_fields(text[start:])
        if owners is not None:
            return start, owners
    return len(text), None


def _valid_names(names: list[str], explicit: bool, *, person: bool) -> bool:
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


def _valid_deadline(value: str, explicit: bool) -> bool:
    if len(value) > 40 or "。" in value:
        return False
    return explicit or bool(_DEADLINE_HINT.search(value))


def _combine(first: Owners, second: Owners) -> Owners:
    """Two annotations of the same text: their units and leaders together."""
    if first.is_empty:
        return second
    lead = _unique(first.lead + second.lead)
    return Owners(
        lead=lead,
        co=[n for n in _unique(first.co + second.co) if n not in lead],
        leaders=_unique(first.leaders + second.leaders),
        deadline=first.deadline or second.deadline,
        lead_by_order=first.lead_by_order and second.lead_by_order,
    )


# -- helpers ------------------------------------------------------------------------------

_OPENERS = {"(": ")", "[": "]", "【": "】", "〔": "〕", "{": "}"}
_CLOSERS = {v: k for k, v in _OPENERS.items()}


# "【牵头单位】区发改局【责任单位】各街道": a label in brackets instead of before a colon.
_BRACKETED_LABEL = re.compile(
    r"[【\[〔]\s*("
    + "|".join(map(re.escape, sorted(_LABELS, key=len, reverse=True)))
    + r")\s*[】\]〕]"
)


def _normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text or "")
    return _BRACKETED_LABEL.sub(lambda m: m.group(1) + ":", text)


def _bracket_groups(text: str) -> list[tuple[int, int, str]]:
    """
    The outermost bracketed groups: (start, end after the closer, inner text).
    A bracket left open at the end of the text runs to the end, as a careless
    "(牵头单位:区发改局" does.
    """
    groups, stack = [], []
    for index, char in enumerate(text):
        if char in _OPENERS:
            stack.append((char, index))
        elif char in _CLOSERS and stack:
            if stack[-1][0] != _CLOSERS[char]:
                continue  # a stray closer of another kind
            _, start = stack.pop()
            if not stack:
                groups.append((start, index + 1, text[start + 1 : index]))
    if stack:
        start = stack[0][1]
        groups.append((start, len(text), text[start + 1 :]))
    return groups


def _split_top_level(text: str, separators: str) -> list[str]:
    """Split on any of ``separators`` outside brackets ("各街办(新区),区发改局")."""
    parts, current, depth = [], [], 0
    for char in text:
        if char in _OPENERS:
            depth += 1
        elif char in _CLOSERS and depth:
            depth -= 1
        if char in separators and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return [p.strip() for p in parts if p.strip()]


def _tidy(text: str) -> str:
    """Clean up where an annotation was taken out: spaces, doubled or dangling punctuation."""
    text = re.sub(r"[ \t]+([。;,、.])", r"\1", text)
    text = re.sub(r"。\s*[。;,]+", "。", text)
    text = re.sub(r"[ \t]{2,}", " ", text).strip()
    return text.rstrip(" ;,、:").strip()


def _unique(names: list[str]) -> list[str]:
    return list(dict.fromkeys(names))
