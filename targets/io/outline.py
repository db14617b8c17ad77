"""
Settling a draft once every line is read, and the checks that end reading.

A heading with owners but nothing under it is a task written as a heading;
lead-ins ("重点抓好以下工作:") and the sentences above a chapter's sub-sections
are that chapter's introduction; goals that name no unit take the owners
written under their headings (leaders stay with the sections that name
them). Then the draft is checked: no tasks at all, goals without a lead
department, tasks written twice.
"""

from __future__ import annotations

from collections.abc import Callable

from .draft import GoalDraft, PlanDraft, SectionDraft, gettext_noop
from .numbering import number_value
from .owners import Owners


def settle(
    draft: PlanDraft,
    *,
    defaults: dict[int, Owners],
    firm: set[int],
    lead_ins: set[int],
    heading_task: Callable[[SectionDraft, Owners], GoalDraft | None],
) -> None:
    """
    ``defaults`` are the owners written under each section (by ``id``),
    ``firm`` the goals that are tasks wherever they stand, ``lead_ins`` the
    goals that are only lead-ins; ``heading_task`` makes the goal of a
    heading that turns out to be a task.
    """
    _empty_sections(draft, draft.sections, None, defaults, firm, lead_ins, heading_task)
    for section in draft.walk_sections():
        _fold_leading_themes(section, firm)
    _introductions(draft, firm, lead_ins)
    inherit_owners(draft.sections, Owners(), defaults)


def _empty_sections(draft, sections, parent, defaults, firm, lead_ins, heading_task) -> None:
    """A heading with owners and nothing under it ("(三)居民收入增长与经济增长同步")."""
    for section in list(sections):
        _empty_sections(draft, section.sections, section, defaults, firm, lead_ins, heading_task)
        if section.sections or any(id(g) not in lead_ins for g in section.goals):
            continue
        owners = defaults.get(id(section), Owners())
        if owners.is_empty and not section.leaders:
            continue
        goal = heading_task(section, owners)
        if goal is None:
            continue
        value = number_value(section.number) if section.number else None
        goal.number = "" if value is None else str(value)
        sections.remove(section)
        goals = parent.goals if parent is not None else draft.goals
        goals.append(goal)
        goals.sort(key=lambda g: g.line or 0)
        firm.add(id(goal))


def _fold_leading_themes(section: SectionDraft, firm: set[int]) -> None:
    """
    A theme line above a chapter's first numbered sub-section ("坚持稳中求进。
    做好今年工作…" before "(一)…") opens the chapter, not a part of it: its
    sentences join the chapter's introduction and its tasks the chapter. (As
    a section it would also take the code of the chapter's (一).)
    """
    numbered = [child for child in section.sections if child.number]
    if not numbered:
        return
    first = section.sections.index(numbered[0])
    leading = [c for c in section.sections[:first] if not c.number and not c.sections]
    for theme in leading:
        section.intro += theme.title + "。" + theme.intro
        for goal in theme.goals:
            if _is_firm(goal, firm):
                section.goals.append(goal)
            else:
                section.intro += goal.text
    section.sections = [c for c in section.sections if not any(c is t for t in leading)]


def _introductions(draft: PlanDraft, firm: set[int], lead_ins: set[int]) -> None:
    for section in draft.walk_sections():
        kept = []
        for goal in section.goals:
            if id(goal) in lead_ins or (section.sections and not _is_firm(goal, firm)):
                section.intro += goal.text
            else:
                kept.append(goal)
        section.goals = kept
    draft.goals = [g for g in draft.goals if id(g) not in lead_ins]


def _is_firm(goal: GoalDraft, firm: set[int]) -> bool:
    return bool(
        id(goal) in firm
        or goal.indicators
        or goal.number
        or goal.lead_departments
        or goal.co_departments
        or goal.leaders
    )


def inherit_owners(
    sections: list[SectionDraft], inherited: Owners, defaults: dict[int, Owners]
) -> None:
    """
    Goals that name no unit take the units written under their section's
    heading (``defaults``, by the section's ``id``), or under the nearest
    heading above that names any; a goal without a deadline takes the
    nearest one written likewise.
    """
    for section in sections:
        own = defaults.get(id(section), Owners())
        units = own if (own.lead or own.co) else inherited
        scope = Owners(lead=units.lead, co=units.co, deadline=own.deadline or inherited.deadline)
        for goal in section.goals:
            # A goal naming any unit of its own keeps its own.
            if not goal.lead_departments and not goal.co_departments:
                goal.lead_departments = list(scope.lead)
                goal.co_departments = list(scope.co)
            goal.deadline = goal.deadline or scope.deadline
        inherit_owners(section.sections, scope, defaults)


def check(draft: PlanDraft, *, saw_owners: bool) -> None:
    """Warn of a draft without tasks, of goals without a lead department, of repeated tasks."""
    goals = draft.all_goals()
    if not goals:
        draft.warn(None, gettext_noop("No tasks were found in the text."))
    elif saw_owners:
        for goal in goals:
            if not goal.lead_departments:
                draft.warn(
                    goal.line, gettext_noop("No lead department for “%(goal)s”."), goal=goal.title
                )
    else:
        draft.warn(
            None,
            gettext_noop(
                "The document names no owners; assign lead departments in the preview "
                "before confirming."
            ),
        )
    seen: dict[str, int | None] = {}
    for goal in goals:
        if goal.text in seen:
            draft.warn(
                goal.line,
                gettext_noop("This task repeats the one on line %(line)s."),
                line=seen[goal.text],
            )
        else:
            seen[goal.text] = goal.line
