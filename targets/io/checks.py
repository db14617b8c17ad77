"""
The warnings that describe a draft as it stands, not the document as it was
read: no title, no year, no tasks, goals without a lead department, a task
written twice. A reader adds them once; after a person corrects the draft
(``recheck``) they are worked out again from the draft, so a warning about a
lead department that has since been set does not stay on the page.

Warnings about the reading itself (a footer left out, a hidden sheet, a row
that was neither heading nor task) are facts about the source and stay.
"""

from __future__ import annotations

from .draft import GoalDraft, PlanDraft, gettext_noop
from .preamble import title_from_name

NO_TITLE = gettext_noop("The document has no title line; give the plan a title before applying.")
TITLE_FROM_NAME = gettext_noop(
    "The document has no title line, so the title was taken from the file name; "
    "check it before applying."
)
NO_YEAR = gettext_noop("The year of the plan could not be found; set it before applying.")
NO_OWNERS = gettext_noop(
    "The document names no owners; assign lead departments in the preview before confirming."
)
SOME_WITHOUT_LEAD = gettext_noop(
    "Tasks without a lead department: %(count)s; assign them before confirming."
)
NO_LEAD = gettext_noop("No lead department for “%(goal)s”.")
NO_TASKS = (
    gettext_noop("No tasks were found in the text."),
    gettext_noop("No tasks were found in the workbook."),
)
REPEATS = (
    gettext_noop("This task repeats the one on line %(line)s."),
    gettext_noop("This task repeats the one in sheet %(sheet)s, row %(row)s."),
)

# Every warning ``recheck`` works out again. The ones about what is still to be
# done before confirming are moot once an import is applied.
DERIVED = frozenset(
    {NO_TITLE, TITLE_FROM_NAME, NO_YEAR, NO_OWNERS, SOME_WITHOUT_LEAD, NO_LEAD, *NO_TASKS, *REPEATS}
)


def _warn_title_and_year(draft: PlanDraft, source_name: str = "") -> None:
    """Say so when the draft has no title, one taken from the file name, or no year."""
    if not draft.title:
        draft.warn(None, NO_TITLE)
    elif source_name and draft.title == title_from_name(source_name):
        draft.warn(None, TITLE_FROM_NAME)
    if draft.year is None:
        draft.warn(None, NO_YEAR)


def without_lead(draft: PlanDraft) -> list[int]:
    """The positions (in ``all_goals`` order) of the goals that name no lead department."""
    return [i for i, goal in enumerate(draft.all_goals()) if not goal.lead_departments]


def repeated(goals: list[GoalDraft]) -> dict[int, int]:
    """Each goal whose text an earlier goal has already, by position: ``{later: first}``."""
    first: dict[str, int] = {}
    found = {}
    for position, goal in enumerate(goals):
        earlier = first.setdefault(goal.text, position)
        if earlier != position:
            found[position] = earlier
    return found


def recheck(draft: PlanDraft, *, source_name: str = "") -> None:
    """
    Replace the warnings about the draft's own state by what holds now. Goals
    without a lead and repeated tasks are not kept as warnings of a line:
    the preview works them out for each goal (``without_lead``, ``repeated``)
    and the draft carries one warning that counts them.
    """
    draft.warnings = [w for w in draft.warnings if w.template not in DERIVED]
    _warn_title_and_year(draft, source_name)
    goals = draft.all_goals()
    if not goals:
        draft.warn(None, NO_TASKS[0])
        return
    missing = len(without_lead(draft))
    if missing == len(goals):
        draft.warn(None, NO_OWNERS)
    elif missing:
        draft.warn(None, SOME_WITHOUT_LEAD, count=missing)
