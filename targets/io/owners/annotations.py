"""
Owner annotations in a task's text and owner lines of their own: bracketed
fields ("(责任领导:杜新国;牵头单位:区发改局)"), role phrases
("(区发改局牵头,区财政局配合)"), a trailing bracket of unit names, fields after
the last sentence ("…。牵头单位:区发改局"), and a table row's owner cells read
as labelled fields. A deadline may be written as a clause of a role phrase
("6月底前完成").
"""

from __future__ import annotations

import re

from .brackets import bracket_groups, split_top_level
from .labels import field_labels, normalise_owner_text, owner_column
from .record import Owners, unique_names
from .units import (
    EMPTY_VALUES,
    ROLE_SUFFIX,
    is_title,
    is_unit_list,
    looks_like_unit,
    role_of,
    split_leaders,
    units_with_roles,
    valid_names,
)

_MAX_TRAILING_CHARS = 400

# -- deadlines ----------------------------------------------------------------------------

# A deadline written as a clause of a role phrase: "2023年6月底前完成", "年内建成".
_DEADLINE_CLAUSE = re.compile(r"(?:于|在)?(.{1,20}?(?:前|底|末|内))(?:完成|建成|办结|落实|到位)?")
_DEADLINE_HINT = re.compile(
    r"\d{4}|[\d一二三四五六七八九十]+月|年底|年末|年内|全年|年中|半年|季度|持续|长期|常态|按时序|前$|底$"
)


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
    text = normalise_owner_text(text).strip()
    found = Owners()
    spans: list[tuple[int, int]] = []
    for start, end, inner in bracket_groups(text):
        owners = _parse_fields(inner)
        if owners is None and not text[end:].strip(" 。;,.") and is_unit_list(inner):
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


# "以上任务牵头单位:区发改局", "(以上3项由区发改局牵头,各街道配合)", "上述工作均由…负责":
# owners written once after the tasks they are for.
_CLOSING = re.compile(
    r"^(?:以上|上述)(?:\d{1,2}|[一二三四五六七八九十]{1,3})?(?:项|条|个)?"
    r"(?:任务|工作|事项|指标|目标|内容)?的?均?(?:由)?"
)


def parse_closing_line(line: str) -> Owners | None:
    """
    The owners of a line that closes several tasks ("以上任务牵头单位:区发改局",
    "(以上3项由区发改局牵头,各街道配合)"), or None for any other line.
    """
    if "以上" not in line and "上述" not in line:
        return None
    text = normalise_owner_text(line).strip().strip("—-·•◆▲●■□ ")
    groups = bracket_groups(text)
    if len(groups) == 1 and groups[0][0] == 0 and not text[groups[0][1] :].strip(" 。;,."):
        text = groups[0][2].strip()
    match = _CLOSING.match(text)
    if not match or not text[match.end() :].strip():
        return None
    return parse_owner_line(text[match.end() :])


def parse_owner_line(line: str) -> Owners | None:
    """
    The owners of a line that holds nothing else: "牵头单位:区发改局",
    "责任领导:杜新国  牵头单位:区发改局  配合单位:区财政局、区税务局",
    "完成时限:12月底前", "(区发改局牵头,各街道配合)". None for any other line,
    including a task sentence that merely names a department.
    """
    text = normalise_owner_text(line).strip().strip("—-·•◆▲●■□ ")
    if not text or len(text) > 400:
        return None
    groups = bracket_groups(text)
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
    labels = field_labels(content)
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
        value = normalise_owner_text(raw).strip(" ;,、。.\n")
        if not value or value in EMPTY_VALUES:
            continue
        if role == "deadline":
            if _valid_deadline(value, explicit):
                deadline = deadline or value
            elif strict:
                return None
            continue
        if role == "roles":
            # "部门分工:省发展改革委牵头,各地、各部门配合": who leads and who supports, in words.
            phrased = _parse_role_phrases(value)
            if phrased is None:
                if strict:
                    return None
                continue
            lead.extend(phrased.lead)
            co.extend(phrased.co)
            deadline = deadline or phrased.deadline
            continue
        if role == "leaders":
            names = split_leaders(value)
            if valid_names(names, explicit, person=True):
                leaders.extend(n for n in names if n not in leaders)
            elif strict:
                return None
            continue
        units = units_with_roles(value)
        if not valid_names([n for n, _ in units], explicit, person=False):
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
    lead_by_order = _place_responsible(resp, lead, co)
    lead = unique_names(lead)
    return Owners(
        lead=lead,
        co=[n for n in unique_names(co) if n not in lead],
        leaders=unique_names(base.leaders + leaders),
        deadline=base.deadline or deadline,
        lead_by_order=lead_by_order,
    )


def _place_responsible(resp: list[tuple[str, str | None]], lead: list[str], co: list[str]) -> bool:
    """
    Add the units of a 责任单位 field to ``lead`` and ``co``: with a lead given
    (or marked in the list) they are co units; alone, the first listed leads.
    Whether the lead is only that first name.
    """
    if not resp:
        return False
    marked = [n for n, mark in resp if mark == "lead"]
    if lead or marked:
        lead.extend(marked)
        co.extend(n for n, mark in resp if mark != "lead")
        return False
    # 责任单位 alone: the first listed leads (the common convention,
    # "列第一位的责任单位为牵头单位").
    lead.append(resp[0][0])
    co.extend(n for n, _ in resp[1:])
    return True


def _parse_role_phrases(text: str) -> Owners | None:
    """
    "区发改局牵头,区财政局、区税务局配合", "市政府办公室牵头,市级各有关部门及各县
    市区政府按职责分工负责": units followed by what they do. The role word
    closing a clause applies to every unit in it; a clause without one takes
    the role of the next clause that has one.
    """
    clauses = [c for c in split_top_level(text, ";,") if c.strip()]
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
        units = units_with_roles(clause)
        if units and all(is_title(n) for n, _ in units) and ROLE_SUFFIX.search(clause.strip()):
            continue  # "分管副省长、协管副秘书长负责": officials by title, no one in particular
        if not units or not all(looks_like_unit(n) for n, _ in units):
            return None
        match = ROLE_SUFFIX.search(clause.strip())
        if match is None:
            pending.extend(units)
            continue
        saw_role = True
        role = role_of(match)
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
    lead = unique_names(lead)
    return Owners(lead=lead, co=[n for n in unique_names(co) if n not in lead], deadline=deadline)


def _combine(first: Owners, second: Owners) -> Owners:
    """Two annotations of the same text: their units and leaders together."""
    if first.is_empty:
        return second
    lead = unique_names(first.lead + second.lead)
    return Owners(
        lead=lead,
        co=[n for n in unique_names(first.co + second.co) if n not in lead],
        leaders=unique_names(first.leaders + second.leaders),
        deadline=first.deadline or second.deadline,
        lead_by_order=first.lead_by_order and second.lead_by_order,
    )


def _owners_from_list(text: str) -> Owners:
    """A bare list of units: the first leads, as when it is labelled 责任单位."""
    owners = _parse_fields("责任单位:" + text)
    return owners if owners is not None else Owners()


def _trailing_fields(text: str) -> tuple[int, Owners | None]:
    """Owner fields written after the task without brackets: "…。牵头单位:区发改局"."""
    for start, _, _, _ in field_labels(text):
        if len(text) - start > _MAX_TRAILING_CHARS:
            continue  # owner fields are short; this also keeps long paragraphs linear
        if start and text[start - 1] not in "。;,; \t":
            continue
        owners = _parse_fields(text[start:])
        if owners is not None:
            return start, owners
    return len(text), None


def _valid_deadline(value: str, explicit: bool) -> bool:
    if len(value) > 40 or "。" in value:
        return False
    return explicit or bool(_DEADLINE_HINT.search(value))


def _tidy(text: str) -> str:
    """Clean up where an annotation was taken out: spaces, doubled or dangling punctuation."""
    text = re.sub(r"[ \t]+([。;,、.])", r"\1", text)
    text = re.sub(r"。\s*[。;,]+", "。", text)
    text = re.sub(r"[ \t]{2,}", " ", text).strip()
    return text.rstrip(" ;,、:").strip()
