"""
A goal's title, as lists show it: the theme a task opens with, else the
first target's phrase, else the first clause of its sentence.
"""

from __future__ import annotations

import re

from ..draft import GoalDraft
from ..paragraphs import is_theme_line
from ..text import split_sentences

_CLAUSE_END = re.compile(r"[,;:。]")


def goal_title(goal: GoalDraft) -> str:
    """A task that opens with a theme ("加快产业项目落地。…") is titled by it."""
    sentences = split_sentences(goal.text)
    if len(sentences) > 1 and is_theme_line(sentences[0]):
        return sentences[0].rstrip("。")
    return short_title(goal)


def short_title(goal: GoalDraft, limit: int = 24) -> str:
    """
    A short title for lists: the first target's phrase when there is one
    (it says what is promised), else the sentence's first clause.
    """
    if goal.indicators:
        title = goal.indicators[0].phrase
    else:
        title = _CLAUSE_END.split(goal.text, maxsplit=1)[0]
    title = title.strip("“”\"' ")
    return title if len(title) <= limit else title[: limit - 1] + "…"
