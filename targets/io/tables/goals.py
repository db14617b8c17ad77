"""
What a table row gives a goal: its text from the task and target cells
(指标要求), the targets found in them, and whether the row is a chapter
heading ("二 | 重点工作任务") rather than a goal.
"""

from __future__ import annotations

import re

from ..indicators import extract_indicators
from .columns import READS_ON
from .layout import TableRow

_CHINESE_ORDINAL = re.compile(r"^\(?[一二三四五六七八九十]{1,3}\)?[、.]?$")
# What such a number starts with ("" is no number: it is not in here).
_ORDINAL_STARTS = frozenset("(一二三四五六七八九十")


# A task this short ("地区生产总值") names what its target counts.
_JOINED_TASK_CHARS = 20


def goal_text(task: str, target: str, label: str = "指标要求") -> str:
    """
    A goal's text from its task cell and its target cell (指标要求).

    A target that reads on from a short task is joined to it, as the report
    says it ("地区生产总值" + "增长6%左右" → "地区生产总值增长6%左右"); any other
    target follows the task in brackets under its column's name
    ("推进重大项目建设(指标要求:新开工项目50个)"), so the goal's text keeps
    everything the row says and every target's phrase is part of it.
    """
    if not target or target in task:
        return task
    if not task:
        return target
    if len(task) <= _JOINED_TASK_CHARS and READS_ON.match(target) and task[-1] not in "。;,:!?)":
        return task + target
    return f"{task}({label}:{target})"


def row_indicators(task: str, target: str, text: str, extract=extract_indicators) -> list:
    """
    The targets of a table row whose goal text is ``text`` (``goal_text`` of
    its task and target cells). A target cell (指标要求) is where a table states
    its targets: when it names any, they are the goal's, and numbers in the
    task only describe it ("推进第二批老旧小区改造" + "完成改造50个"); else the
    task's are. A target joined to its task is read with it, for the name
    ("地区生产总值增长6%左右"). ``extract`` is ``extract_indicators`` or a
    cached version of it.
    """
    if not target or not task or target in task or text == task + target:
        return extract(text)
    return extract(target) or extract(task)


def chapter_heading(row: TableRow) -> str | None:
    """
    The heading line of a row that is a chapter ("二 | 重点工作任务 | | |" →
    "二、重点工作任务"): a Chinese ordinal, a short text without targets, no owners.
    """
    number = row.number.strip()
    if (
        number[:1] not in _ORDINAL_STARTS  # most 序号 are digits: no pattern asked of them
        or not _CHINESE_ORDINAL.match(number)
        or not row.owners.is_empty
        or row.target
        or len(row.text) > 40
        or extract_indicators(row.text)
    ):
        return None
    if not number.endswith(("、", ".", ")")):
        number += "、"
    return number + row.text
