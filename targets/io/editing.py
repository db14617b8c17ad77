"""
Corrections a person makes to a plan draft in the preview: replace a goal,
split one into its sentences, merge one with the next, drop one. Goals are
addressed by their position in document order (``PlanDraft.all_goals``);
every function works on the draft in place and raises ``DraftError`` for a
position that does not exist.
"""

from __future__ import annotations

import hashlib

from .draft import DraftError, GoalDraft, PlanDraft
from .indicators import extract_indicators
from .text import split_sentences


def _locate(draft: PlanDraft, index: int) -> tuple[list[GoalDraft], int]:
    """The list holding the goal at ``index`` and its position in that list."""
    if index < 0:
        raise DraftError("no such goal")
    remaining = index
    for goals in [draft.goals, *(s.goals for s in draft.walk_sections())]:
        if remaining < len(goals):
            return goals, remaining
        remaining -= len(goals)
    raise DraftError("no such goal")


def goal_at(draft: PlanDraft, index: int) -> GoalDraft:
    goals, position = _locate(draft, index)
    return goals[position]


def replace_goal(draft: PlanDraft, index: int, goal: GoalDraft) -> None:
    goals, position = _locate(draft, index)
    goals[position] = goal


def delete_goal(draft: PlanDraft, index: int) -> GoalDraft:
    goals, position = _locate(draft, index)
    return goals.pop(position)


def split_goal(draft: PlanDraft, index: int) -> int:
    """
    Split a goal into one goal per sentence, each with the targets found in
    it and the original owners and deadline. Returns how many goals it became.
    """
    from .report import short_title

    goals, position = _locate(draft, index)
    goal = goals[position]
    sentences = split_sentences(goal.text)
    if len(sentences) < 2:
        raise DraftError("the goal has only one sentence")
    parts = []
    for sentence in sentences:
        part = GoalDraft(
            text=sentence,
            lead_departments=list(goal.lead_departments),
            co_departments=list(goal.co_departments),
            leaders=list(goal.leaders),
            deadline=goal.deadline,
            indicators=extract_indicators(sentence),
            flags=list(goal.flags),
            line=goal.line,
            origin=goal.origin,
        )
        part.title = short_title(part)
        parts.append(part)
    goals[position : position + 1] = parts
    return len(parts)


def merge_with_next(draft: PlanDraft, index: int) -> None:
    """Merge a goal with the next one of the same section: texts, targets and owners joined."""
    goals, position = _locate(draft, index)
    if position + 1 >= len(goals):
        raise DraftError("the goal is the last of its section")
    first, second = goals[position], goals.pop(position + 1)
    first.text = first.text + second.text
    first.indicators = first.indicators + second.indicators
    for attr in ("lead_departments", "co_departments", "leaders", "flags"):
        merged = list(dict.fromkeys([*getattr(first, attr), *getattr(second, attr)]))
        setattr(first, attr, merged)
    first.co_departments = [n for n in first.co_departments if n not in first.lead_departments]
    first.deadline = first.deadline or second.deadline


def goal_key(goal: GoalDraft) -> str:
    """A goal's fingerprint: tells a form's row for it from a row for a goal since changed."""
    return hashlib.sha1(goal.text.encode()).hexdigest()[:10]


def owners_key(lead: list[str], co: list[str]) -> str:
    """The fingerprint of a goal's owners as a form showed them."""
    return hashlib.sha1("|".join(["、".join(lead), "、".join(co)]).encode()).hexdigest()[:10]
