"""
The columns of a 分解方案 table: a line split into cells (" | ", tabs,
Markdown), the role of a column from its header's words (序号, 工作任务,
指标要求, 牵头单位 …), and what a cell's text looks like (unit names, a
leader's name, a deadline) when there is no header to say.
"""

from __future__ import annotations

import functools
import re

from ..owners import looks_like_unit, owner_column

# Column roles besides the owner roles of owners.owner_column.
_NUMBER_HEADERS = ("序号", "编号", "序", "排序", "No", "No.")
_CATEGORY_HEADERS = (
    "类别",
    "类型",
    "分类",
    "领域",
    "板块",
    "方面",
    "专项",
    "工作类别",
    "任务类别",
    "重点领域",
    "工作领域",
)
# The goal type (目标类型: A类/B类, 约束性/预期性, 民生实事): the goal's category, not a section.
_TYPE_HEADERS = (
    "目标类型",
    "目标类别",
    "目标性质",
    "任务类型",
    "任务性质",
    "指标类型",
    "指标属性",
    "指标性质",
    "考核类型",
    "考核类别",
)
# A column with the task's target in it (指标要求), beside the task.
_TARGET_HEADERS = (
    "指标要求",
    "目标要求",
    "年度目标",
    "目标值",
    "指标值",
    "目标指标",
    "具体指标",
    "量化指标",
    "考核指标",
    "年度指标",
    "预期目标",
    "预期指标",
)
# Words of a column that holds the task (the first such column) or adds to it.
_TEXT_WORDS = (
    "任务",
    "事项",
    "实事",
    "内容",
    "措施",
    "工作",
    "指标",
    "项目",
    "举措",
    "目标",
    "要求",
)
# Owner-ish headers that owners.owner_column does not know, by the word in them.
_OWNER_WORDS = (
    ("牵头", "lead"),
    ("主责", "lead"),
    ("配合", "co"),
    ("协办", "co"),
    ("协助", "co"),
    ("责任单位", "resp"),
    ("责任部门", "resp"),
    ("承办", "resp"),
    ("领导", "leaders"),
    ("责任人", "leaders"),
    ("时限", "deadline"),
    ("时间", "deadline"),
    ("期限", "deadline"),
)
# The label owners_from_columns reads each role from.
ROLE_LABELS = {
    "lead": "牵头单位",
    "resp": "责任单位",
    "co": "配合单位",
    "leaders": "责任领导",
    "deadline": "完成时限",
}
OWNER_ROLES = frozenset(ROLE_LABELS)

# A target cell that reads on from its task cell: "地区生产总值" + "增长6%左右".
READS_ON = re.compile(
    r"^(?:[\d.%≥≤><]|增长|达到|达|提高|提升|下降|降低|控制在|不低于|不少于|不超过|超过|突破|保持|稳定在)"
)
_SEPARATOR_ROW = re.compile(r"^[\s|:\-—]+$")
# How a deadline cell reads: "12月底前", "2023年6月", "年内", "三季度", "长期坚持".
_DEADLINE = re.compile(
    r"\d{4}年|[\d一二三四五六七八九十]+月|年底|年末|年内|全年|年中|上半年|下半年|季度|持续|长期|常态"
    r"|^\d{4}\.\d{1,2}(?:-\d{4}\.\d{1,2})?$"  # 2023.01-2023.12
)


def split_cells(text: str) -> list[str] | None:
    """The cells of a table row, or None for a line that is not one."""
    if _SEPARATOR_ROW.match(text) and "-" in text:
        return []  # the |---|---| line under a Markdown header
    if "\t" in text.strip():
        cells = text.split("\t")
    elif text.startswith("|"):
        cells = re.split(r"\s*\|\s*", text.strip())
        cells = cells[1:-1] if text.strip().endswith("|") else cells[1:]
    elif " | " in text:
        cells = re.split(r"\s*\|\s*", text)
    else:
        return None
    return [cell.strip() for cell in cells]


@functools.lru_cache(maxsize=4096)
def column_role(header: str) -> str | None:
    """
    What a column holds, from its header: an owner role (see ``OWNER_ROLES``),
    "number", "category" (a field of work that groups rows), "type" (目标类型),
    "target" (指标要求) or "text"; None for a column this module does not know.
    Spaces and line breaks inside the header do not count ("目  标  任  务").
    """
    key = re.sub(r"\s+", "", header)
    if not key:
        return None
    role = owner_column(key)
    if role is not None:
        return role
    if key in _NUMBER_HEADERS:
        return "number"
    if key in _CATEGORY_HEADERS:
        return "category"
    if key in _TYPE_HEADERS:
        return "type"
    if key in _TARGET_HEADERS or re.sub(r"\([^()]*\)$", "", key) in _TARGET_HEADERS:
        return "target"
    for word, owner_role in _OWNER_WORDS:
        if word in key:
            return owner_role
    if any(word in key for word in _TEXT_WORDS):
        return "text"
    return None


def every(values: list[str], test) -> bool:
    """Whether there are ``values`` and each passes ``test`` (a cell split into names)."""
    return bool(values) and all(test(value) for value in values)


def looks_like_name(name: str) -> bool:
    """Whether a cell's word reads as a leader's name (two to four characters, not a unit)."""
    return bool(re.fullmatch(r"[\u4e00-\u9fff·]{2,4}", name)) and not looks_like_unit(name)


def looks_like_deadline(cell: str) -> bool:
    """Whether a short cell reads as a deadline ("12月底前", "三季度", "长期坚持")."""
    return len(cell) <= 20 and bool(_DEADLINE.search(cell)) and not re.search(r"[。%]", cell)
