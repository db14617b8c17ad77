"""
Headings that name the leader of the tasks below them: "一、王丹县长牵头重点工作",
"三、徐某常务副区长牵头重点工作", "二、张某区政府党组成员负责工作". The names
are the section's leaders; every goal below answers to them unless it names
its own.
"""

from __future__ import annotations

import re

from .lexicon import GROUP_ROLES, HEADING_LEADER_OBJECTS, HEADING_LEADER_VERBS, TITLES


def _alternation(words) -> str:
    return "|".join(sorted(map(re.escape, words), key=len, reverse=True))


_NAME = r"[\u4e00-\u9fff·]{2,3}?"
_HEADING_LEADERS = re.compile(
    rf"^(?P<names>{_NAME}(?:、{_NAME})*)"
    rf"(?:(?:[省市区县旗]政府)?(?:{_alternation(GROUP_ROLES)})|{_alternation(TITLES)})"
    rf"(?:同志)?(?:{_alternation(HEADING_LEADER_VERBS)})的?(?:{_alternation(HEADING_LEADER_OBJECTS)})$"
)


def heading_leaders(title: str) -> list[str]:
    """The leaders a heading names for the tasks below it, or [] for any other heading."""
    match = _HEADING_LEADERS.match(title.strip())
    return match["names"].split("、") if match else []
