"""
What the preview of a plan import shows: the draft as rows (sections at
their depth, goals with their code, owners, warnings and problems), the
owners table's rows, the counts, and what confirming did — all in one set of
words (目标任务39项、量化指标28个、章节10个), so the preview and the result
say the same thing the same way. A fixed number of queries (the department
directory and the leaders), whatever the number of goals.

The preview shows ``PREVIEW_PAGE_GOALS`` tasks a page (``preview_page``): the
counts, the warnings and the tasks without a lead are the whole draft's, the
rows shown one page's, with the sections they are in. A table of twenty
thousand rows made a page of a hundred megabytes.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePath

from django.core.paginator import Paginator
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from ..choices import ImportState
from ..io import checks
from ..io.documents import WORKBOOK_SUFFIXES
from ..io.draft import PlanDraft
from ..io.editing import goal_key, owners_key
from ..io.text import split_sentences
from ..models import Leader, PlanImport
from ..services.plan_imports import goal_codes
from .departments import DepartmentDirectory


def _noun(kind: str, count: int) -> str:
    """``count`` rows of a kind, as the preview counts them."""
    words = {
        "goal": lambda: ngettext("%(count)s task", "%(count)s tasks", count),
        "indicator": lambda: ngettext("%(count)s target", "%(count)s targets", count),
        "section": lambda: ngettext("%(count)s section", "%(count)s sections", count),
        "department": lambda: ngettext("%(count)s department", "%(count)s departments", count),
        "leader": lambda: ngettext("%(count)s leader", "%(count)s leaders", count),
        "owner": lambda: ngettext(
            "%(count)s owner assignment", "%(count)s owner assignments", count
        ),
    }
    return words[kind]() % {"count": count}


def counted(counts: dict, kinds: tuple[str, ...]) -> str:
    """ "目标任务39项、量化指标28个": the kinds with a count, in the order given."""
    separator = pgettext("between items of a list", ", ")
    return separator.join(_noun(kind, counts[kind]) for kind in kinds if counts.get(kind))


CONTENT = ("goal", "indicator", "section")
NEW = ("department", "leader")


def result_words(result: dict | None) -> str:
    """
    What confirming did, in the preview's words: "新建目标任务39项、量化指标28个、
    章节10个；新增单位3个、责任领导2名". Rows of the plan itself and the owners
    of new tasks are not counted apart: the tasks say it.
    """
    if not result:
        return ""
    created, updated = result.get("created", {}), result.get("updated", {})
    archived, unchanged = result.get("archived", {}), result.get("unchanged", {})
    parts = []
    for template, counts, kinds in (
        (_("created %(items)s"), created, CONTENT),
        (_("added %(items)s"), created, NEW),
        (_("updated %(items)s"), updated, (*CONTENT, "owner")),
        (_("archived %(items)s no longer in the document"), archived, ("goal",)),
    ):
        items = counted(counts, kinds)
        if items:
            parts.append(template % {"items": items})
    if not parts:
        return _("nothing changed: the plan already says what the document says")
    if unchanged.get("goal"):
        parts.append(_("%(items)s unchanged") % {"items": counted(unchanged, ("goal",))})
    return pgettext("between parts of a sentence", "; ").join(parts)


def _warnings_shown(draft: PlanDraft, pending: bool) -> dict[str, list]:
    """The draft's warnings by where they point, those the preview shows."""
    warnings: dict[str, list] = {}
    for warning in draft.warnings:
        # Goals without a lead are counted where they are confirmed; the rest of
        # what is still to do before confirming is moot once the import is applied.
        if warning.template in (checks.NO_OWNERS, checks.SOME_WITHOUT_LEAD):
            continue
        if pending or warning.template not in checks.DERIVED:
            warnings.setdefault(warning.where, []).append(warning)
    return warnings


def plan_import_preview(
    plan_import: PlanImport, *, entries: dict | None = None, page: object = 1
) -> dict:
    """
    The preview's context, showing page ``page`` of the tasks (a number, or
    what a query string gave: anything else is the nearest page). ``entries``
    are owners typed in the table and not saved (a refused form): ``{goal
    position: (lead names, supporting names)}``, shown instead of the draft's.
    """
    draft = PlanDraft.from_dict(plan_import.draft)
    checks.recheck(draft, source_name=plan_import.source_name)
    pending = plan_import.state == ImportState.PENDING
    directory = DepartmentDirectory()
    workbook = from_workbook(plan_import)
    rows = _rows(draft, directory, entries or {}, from_workbook=workbook)
    goals = draft.all_goals()
    warnings = _warnings_shown(draft, pending)
    for row in rows:
        if row["kind"] == "goal":
            row["warnings"] = _warnings_at(warnings, row["goal"].line)
    shown, pages = preview_page(rows, page)
    unknown = directory.unknown(
        name for row in rows if row["kind"] == "goal" for name in (*row["lead"], *row["co"])
    )
    counts = {
        "goal": len(goals),
        "indicator": sum(len(g.indicators) for g in goals),
        "section": sum(1 for _section in draft.walk_sections()),
        "department": len(unknown),
        "leader": _new_leaders(draft),
    }
    return {
        "plan_import": plan_import,
        "draft": draft,
        "rows": shown,
        "pages": pages,
        "other_warnings": [w for ws in warnings.values() for w in ws],
        "unknown_departments": unknown,
        "counts": counts,
        "content_words": counted(counts, CONTENT),
        "new_words": counted(counts, NEW),
        "without_lead": sum(1 for row in rows if row["kind"] == "goal" and not row["lead"]),
        "has_key": any("key" in g.flags for g in goals),
        "has_category": any(g.category for g in goals),
        "has_origin": any(g.origin for g in goals),
        "pending": pending,
        "from_workbook": workbook,
        # By position in the draft, the page's only: the owners table sends this page's rows.
        "goal_keys": ",".join(
            row["key"] if pages.first <= row["index"] + 1 <= pages.last else ""
            for row in rows
            if row["kind"] == "goal"
        ),
        "directory": directory.picker(),
        "result_words": result_words(plan_import.result),
        "confirmed_without_lead": (plan_import.result or {}).get("without_lead", []),
    }


PREVIEW_PAGE_GOALS = 100


@dataclass(frozen=True)
class PreviewPage:
    """Which tasks a page of the preview shows: ``first``–``last`` of ``total``, 1-based."""

    number: int
    count: int
    first: int
    last: int
    total: int
    links: tuple  # page numbers, None where some are left out

    @property
    def previous(self) -> int | None:
        return self.number - 1 if self.number > 1 else None

    @property
    def next(self) -> int | None:
        return self.number + 1 if self.number < self.count else None


def preview_page(rows: list[dict], number: object) -> tuple[list[dict], PreviewPage]:
    """
    The rows of page ``number``: its tasks, the sections between them, and the
    sections it continues (the chapter a page starts in the middle of, marked
    ``continued``) so every task is shown under its headings. Sections after
    the last task are on the last page.
    """
    goals = [position for position, row in enumerate(rows) if row["kind"] == "goal"]
    paginator = Paginator(goals, PREVIEW_PAGE_GOALS, allow_empty_first_page=True)
    page = paginator.get_page(number)
    links = tuple(
        n if isinstance(n, int) else None
        for n in paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)
    )
    info = PreviewPage(
        page.number,
        paginator.num_pages,
        page.start_index(),
        page.end_index(),
        len(goals),
        links,
    )
    if not goals:
        return rows, info
    begin = 0 if page.number == 1 else goals[page.start_index() - 2] + 1
    end = len(rows) if not page.has_next() else goals[page.end_index() - 1] + 1
    shown = rows[begin:end]
    sections = {row["number"]: row for row in rows if row["kind"] == "section"}
    on_page = {row["number"] for row in shown if row["kind"] == "section"}
    continued = [
        {**sections[number], "continued": True}
        for number in shown[0]["ancestors"]
        if number not in on_page
    ]
    return continued + shown, info


def preview_url(plan_import: PlanImport, *, goal: int | None = None, tab: str = "") -> str:
    """
    The preview at the page and anchor of goal ``goal`` (its position in the
    draft), or at the first page of ``tab``: where an edit sends the user back.
    """
    url = plan_import.get_absolute_url()
    if goal is not None:
        return f"{url}?page={goal // PREVIEW_PAGE_GOALS + 1}#goal-{goal}"
    return f"{url}?tab={tab}#{tab}" if tab else url


def from_workbook(plan_import: PlanImport) -> bool:
    """Whether the import was read from a workbook: its line numbers are rows of a sheet."""
    return PurePath(plan_import.source_name).suffix.lower() in WORKBOOK_SUFFIXES


def _new_leaders(draft: PlanDraft) -> int:
    """How many leaders the draft names that confirming would add (one query)."""
    names = {n for g in draft.all_goals() for n in g.leaders}
    names |= {n for s in draft.walk_sections() for n in s.leaders}
    if not names:
        return 0
    return len(
        names - set(Leader.objects.filter(name__in=names).order_by().values_list("name", flat=True))
    )


def _line_title(from_workbook: bool):
    """What the L12 badge means, in words: the line of the document, or the row of a sheet."""
    if from_workbook:
        return lambda line: _("Row %(line)s of its sheet") % {"line": line} if line else ""
    return lambda line: _("Line %(line)s of the document") % {"line": line} if line else ""


def _rows(
    draft: PlanDraft, directory: DepartmentDirectory, entries: dict, *, from_workbook: bool
) -> list[dict]:
    """
    Sections at their depth and goals under them, in document order. Each
    section has its position among all sections (``number``) and each goal
    the sections it is in (``within``), so the owners table can set a lead
    for a whole chapter.
    """
    line_title = _line_title(from_workbook)
    goal_row = _GoalRows(draft, directory, entries, line_title)
    numbers = {id(s): n for n, s in enumerate(draft.walk_sections())}
    rows: list[dict] = []

    def section_rows(sections, depth, within):
        for section in sections:
            number = numbers[id(section)]
            rows.append(
                {
                    "kind": "section",
                    "section": section,
                    "depth": depth,
                    "number": number,
                    "ancestors": within,
                    "line_title": line_title(section.line),
                }
            )
            rows.extend(
                goal_row(g, section.goals, depth + 1, [*within, number]) for g in section.goals
            )
            section_rows(section.sections, depth + 1, [*within, number])

    rows.extend(goal_row(g, draft.goals, 0, []) for g in draft.goals)
    section_rows(draft.sections, 0, [])
    return rows


class _GoalRows:
    """
    A goal's row: the owners shown (typed or the draft's), the names not in
    the directory and the problems worked out from the draft. Its strings are
    made here rather than in the template: a plan may have thousands of tasks,
    and each lookup or translation a row costs in the template adds up.
    """

    def __init__(self, draft, directory, entries, line_title):
        self.directory, self.entries, self.line_title = directory, entries, line_title
        self.codes = {id(goal): code for goal, code, _section in goal_codes(draft)}
        self.goals = draft.all_goals()
        self.index = {id(goal): i for i, goal in enumerate(self.goals)}
        self.repeats = checks.repeated(self.goals)

    def __call__(self, goal, siblings, depth, within) -> dict:
        i = self.index[id(goal)]
        lead, co = self.entries.get(i, (goal.lead_departments, goal.co_departments))
        repeats = self.repeats.get(i)
        return {
            "kind": "goal",
            "goal": goal,
            "depth": depth,
            "code": self.codes[id(goal)],
            "index": i,
            "i": str(i),
            "key": f"{goal_key(goal)}:{owners_key(lead, co)}",
            "short": Truncator(goal.title or goal.text).chars(40),
            "line_title": self.line_title(goal.line),
            "lead": lead,
            "co": co,
            "lead_text": "、".join(lead),
            "co_text": "、".join(co),
            "initial_lead": "、".join(goal.lead_departments),
            "initial_co": "、".join(goal.co_departments),
            "typed": (lead, co) != (goal.lead_departments, goal.co_departments),
            "unknown": self.directory.unknown([*lead, *co]),
            "repeats": self.codes[id(self.goals[repeats])] if repeats is not None else "",
            "within": " ".join(map(str, within)),
            "ancestors": within,
            "group": within[-1] if within else "",
            "sentences": len(split_sentences(goal.text)),
            "last_in_section": goal is siblings[-1],
        }


def _warnings_at(warnings: dict[str, list], line: int | None) -> list:
    """Take the warnings about a goal's line ("line 12") or table row ("…, row 12")."""
    if line is None:
        return []
    found = warnings.pop(f"line {line}", [])
    for where in [w for w in warnings if w.endswith(f", row {line}")]:
        found.extend(warnings.pop(where))
    return found
