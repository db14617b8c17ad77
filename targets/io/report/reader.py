"""
``ReportReader``: one pass over a report's cleaned lines, keeping a stack of
the sections open: headings and chapter lines open sections at their rank,
numbered items become goals (or groups of them), owner lines give owners to
the goal or the section above, table rows go to a ``tables.TableReader`` and
paragraphs to a ``prose.ParagraphReader``; at the end the outline is settled.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..draft import GoalDraft, PlanDraft, SectionDraft, gettext_noop
from ..indicators import extract_indicators
from ..limits import MAX_GOALS, too_many_goals
from ..notices import counts_tasks, is_commentary, reports_progress
from ..numbering import CHAPTER_LINE, RANKS, Numbered, match_heading, match_item
from ..outline import settle
from ..owners import (
    Owners,
    find_inline_owners,
    heading_leaders,
    parse_closing_line,
    parse_owner_line,
    unique_names,
)
from ..paragraphs import ENUMERATOR, is_theme_line, split_title
from ..preamble import is_furniture, plans_ahead, reviews_past
from ..tables import TableReader, split_cells
from ..text import Line, collapse_spaces, ends_sentence
from .prose import ParagraphReader
from .titles import goal_title

# An item that names a group of deeper items ("1.培育消费新场景" above "(1)…").
GROUP_MAX_CHARS = 30
# Sections whose sentences guide the work rather than assign it: their text without
# targets or owners is the section's introduction ("(一)总体要求:以…为指导").
GUIDANCE_TITLES = frozenset(
    "总体要求 指导思想 基本原则 工作原则 工作要求 保障措施 组织保障 组织领导 起草背景 主要内容"
    "".split()
)
_ITEM_STYLES = {"dot", "paren-digit", "half-paren", "circled", "bullet"}


@dataclass
class _Open:
    """A section being filled, with the style and rank of the heading that opened it."""

    section: SectionDraft
    style: str
    rank: float


class ReportReader:
    """One pass over the cleaned lines, keeping a stack of open sections."""

    def __init__(self, draft: PlanDraft):
        self.draft = draft
        self.stack: list[_Open] = []
        self.theme: SectionDraft | None = None  # the theme (or table category) open
        self.last_goal: GoalDraft | None = None
        self.review_rank: float | None = None  # rank of the review chapter being skipped
        self.shi_rank: float | None = None
        self.shi_tasks: set[int] = set()  # sections whose 一是…二是… are tasks (by id)
        self.saw_owners = False
        # Owners written under a heading, for its goals that name none themselves.
        self.defaults: dict[int, Owners] = {}
        # Each goal's owners as read so far: lines under a task add up
        # ("牵头单位:…" then "责任单位:…") rather than each replacing the last.
        self.goal_owners: dict[int, Owners] = {}
        # Goals that are tasks wherever they stand (items, table rows, targets, lists);
        # other sentences directly under a chapter with sub-sections are its introduction.
        self.firm: set[int] = set()
        # Lead-ins ("重点抓好以下工作:"), kept as goals until finish() moves them to the intro.
        self.lead_ins: set[int] = set()
        self.pending: Line | None = None  # a paragraph that owner lines may yet close
        self.listing = False  # after a lead-in, each line is one task
        self.titled_item: GoalDraft | None = None  # "1.加快产业项目落地。", its text may follow
        self.item_goal: GoalDraft | None = None  # the numbered item that bullets below belong to
        self.tables = TableReader(self)
        self.paragraphs = ParagraphReader(self)
        self.lines: list[Line] = []
        self.index = 0
        self.added = 0  # goals made so far, against ``limits.MAX_GOALS``

    def read(self, lines: list[Line]) -> None:
        self.lines = lines
        for index, line in enumerate(lines):
            self.index = index
            if is_furniture(line.text):
                self.flush()
                continue
            cells = split_cells(line.text)
            if cells is not None:
                self.flush()
                self.tables.row(cells, line)
            else:
                self.prose(line)
        self.flush()
        self.finish()

    def prose(self, line: Line) -> None:
        """A line that is not a table row: an owner line, a heading, an item or a paragraph."""
        titled, self.titled_item = self.titled_item, None
        closing = parse_closing_line(line.text)
        if closing is not None:
            self.flush()
            self.closing_line(closing)
            return
        owners = parse_owner_line(line.text)
        numbered = match_heading(line.text) or match_item(line.text) if owners is None else None
        if numbered is not None and ":" in numbered.rest[:12]:
            owners = parse_owner_line(numbered.rest)  # "(一)责任领导:范某": numbered, still owners
        if owners is not None:
            if self.pending is not None:
                # Owner lines close the paragraph above them: it is one task.
                pending, self.pending = self.pending, None
                self.paragraphs.read(pending.text, pending, single=True)
            self.owner_line(owners, line)
            return
        self.flush()
        if self.heading(line) or self.item(line) or self.review_rank is not None:
            return
        if titled is not None and titled is self.last_goal:
            # "1.加快产业项目落地。" then the paragraphs that say how: one task.
            extra, owners = find_inline_owners(line.text)
            stop = "" if ends_sentence(titled.text) else "。"
            titled.text = collapse_spaces(titled.text + stop + extra)
            titled.indicators = extract_indicators(titled.text)
            titled.title = goal_title(titled)
            if not owners.is_empty:
                self.saw_owners = True
                self.add_owners(titled, owners)
            self.titled_item = titled
            return
        self.pending = line

    def flush(self) -> None:
        if self.pending is not None:
            pending, self.pending = self.pending, None
            self.paragraphs.read(pending.text, pending)

    # -- where things go ------------------------------------------------------------

    def container(self) -> SectionDraft | None:
        if self.theme is not None:
            return self.theme
        return self.stack[-1].section if self.stack else None

    def add_goal(self, goal: GoalDraft, *, firm: bool = False) -> None:
        self.added += 1
        if self.added > MAX_GOALS:
            raise too_many_goals()  # at once: the rest would take half a minute to read
        container = self.container()
        (container.goals if container else self.draft.goals).append(goal)
        self.last_goal = goal
        if firm:
            self.firm.add(id(goal))

    def task(
        self, text: str, line: Line, number: str = "", *, firm: bool = True, judged: bool = False
    ) -> GoalDraft | None:
        """
        A goal from a task's text, placed; None when the text is no goal.
        ``judged``: the caller knows it is a goal (a clause of the main targets).
        """
        goal = self.make_goal(text, line, number)
        if goal is None:
            return None
        if not judged and self._is_commentary(goal):
            self.lead_in(goal.text, line)  # kept in the section's introduction
            return None
        self.add_goal(goal, firm=firm)
        return goal

    def _is_commentary(self, goal: GoalDraft) -> bool:
        """
        A sentence that is not a goal (see ``notices.is_commentary``), or a
        sentence of guidance under 总体要求; one with owners of its own is a goal.
        """
        if goal.lead_departments or goal.co_departments or goal.leaders:
            return False
        if counts_tasks(goal.text) or reports_progress(goal.text):
            return True  # "分解为7大方面、80项", "完成情况:…": their numbers are not targets
        if goal.indicators:
            return False
        container = self.container()
        guidance = container is not None and container.title in GUIDANCE_TITLES
        return guidance or is_commentary(goal.text)

    def lead_in(self, text: str, line: Line) -> None:
        """A lead-in ("重点抓好以下工作:"): a goal until ``finish`` moves it to the introduction."""
        container = self.container()
        goal = GoalDraft(text=collapse_spaces(text), line=line.number)
        (container.goals if container else self.draft.goals).append(goal)
        self.lead_ins.add(id(goal))

    def _rank(self, style: str) -> float:
        if style != "shi":
            return RANKS[style]
        if self.shi_rank is None:
            # 一是 ranks where a document first uses it: as chapters, or below them
            # (below the review chapter counts: it is closed, not gone).
            above = self.stack[-1].rank if self.stack else self.review_rank
            self.shi_rank = above + 0.5 if above is not None else RANKS["dun"]
        return self.shi_rank

    def _close(self, rank: float) -> None:
        """Close the open sections at or below ``rank``, and any theme."""
        while self.stack and self.stack[-1].rank >= rank:
            self.stack.pop()
        self.theme = None
        self.last_goal = None
        self.listing = False
        self.item_goal = None

    def open_theme(self, sentence: str, line: Line) -> SectionDraft:
        """A section of its own for a theme line (or a table's category), below the open heading."""
        title, owners = find_inline_owners(sentence)
        section = SectionDraft(
            title=collapse_spaces(title).rstrip("。:"), leaders=owners.leaders, line=line.number
        )
        parent = self.stack[-1].section if self.stack else None
        (parent.sections if parent else self.draft.sections).append(section)
        self.theme = section
        self.defaults[id(section)] = Owners(lead=owners.lead, co=owners.co)
        self.last_goal = None
        return section

    # -- headings -------------------------------------------------------------------

    def heading(self, line: Line) -> bool:
        numbered = match_heading(line.text)
        if numbered is None:
            if CHAPTER_LINE.match(collapse_spaces(line.text)):
                self._open_heading("chapter", "", line.text, line)
                return True
            return False
        rest = numbered.rest
        if not rest or rest[0] in ",,。;":
            return False  # "一、" alone or "一是," inside a sentence list
        if numbered.style == "shi" and (
            any(o.style == "paren" for o in self.stack)
            or ENUMERATOR.search(rest)
            or id(self.container()) in self.shi_tasks
        ):
            # 一是 under (一), 一是…二是… on one line, or after an 一是 that was a task:
            # enumerated tasks, not headings.
            return False
        title = collapse_spaces(find_inline_owners(split_title(rest)[0])[0])
        if extract_indicators(title) or len(title) > 60:
            # "(一)地区生产总值增长7%以上", "一是…引进项目50个。": a task, not a heading.
            if self.review_rank is not None:
                return True
            if numbered.style == "shi":
                self.shi_tasks.add(id(self.container()))
                return False
            self._numbered_task(numbered, line)
            return True
        self._open_heading(numbered.style, numbered.number, rest, line)
        return True

    def _open_heading(self, style: str, number: str, rest: str, line: Line) -> None:
        rank = self._rank(style)
        title, body = (rest, "") if style == "chapter" else split_title(rest)
        title, owners = find_inline_owners(title)
        title = collapse_spaces(title).rstrip("。:;,")
        if self.review_rank is not None:
            if rank <= self.review_rank or (
                rank <= RANKS["dun"] and plans_ahead(title, self.draft.year)
            ):
                self.review_rank = None
            else:
                return  # a sub-heading of the review
        if reviews_past(title, self.draft.year):
            self._close(rank)
            self.review_rank = rank
            self.draft.warn(
                line.number,
                gettext_noop(
                    "Chapter “%(chapter)s” reviews past work; its numbers were not read as targets."
                ),
                chapter=number + title,
            )
            return
        leaders = owners.leaders or heading_leaders(title)  # "一、王某县长牵头重点工作"
        self.saw_owners = self.saw_owners or not owners.is_empty or bool(leaders)
        self._close(rank)
        section = SectionDraft(title=title, number=number, leaders=leaders, line=line.number)
        parent = self.stack[-1].section if self.stack else None
        (parent.sections if parent else self.draft.sections).append(section)
        self.stack.append(_Open(section, style, rank))
        self.defaults[id(section)] = Owners(
            lead=owners.lead, co=owners.co, deadline=owners.deadline
        )
        if body:
            self.paragraphs.read(body, line, in_heading=True)

    def _numbered_task(self, numbered: Numbered, line: Line) -> None:
        """A heading-numbered line that is a task: a goal at that heading's level."""
        rank = self._rank(numbered.style)
        while self.stack and self.stack[-1].rank >= rank:
            self.stack.pop()
        self.theme = None
        self.task(numbered.rest, line, numbered.digits)

    # -- items and owner lines ------------------------------------------------------

    def item(self, line: Line) -> bool:
        numbered = match_item(line.text)
        if numbered is None:
            return False
        if self.review_rank is not None:
            return True
        rank = RANKS[numbered.style]
        closed = False
        while self.stack and self.stack[-1].style in _ITEM_STYLES and self.stack[-1].rank >= rank:
            self.stack.pop()
            closed = True
        if closed:
            self.theme = None
        if self._opens_group(numbered):
            self._open_heading(numbered.style, numbered.number, numbered.rest, line)
            return True
        goal = self.task(numbered.rest, line, numbered.digits)
        if numbered.style != "bullet":
            self.item_goal = goal
        elif goal is not None and self.item_goal is not None and self.owners_of(goal).is_empty:
            # "1、加强经济运行分析…(牵头单位:发改委)" then "▲增加值可比增长14%左右": the
            # bullet under an item is one of its targets and answers to its owners.
            self.add_owners(goal, self.owners_of(self.item_goal))
        if is_theme_line(collapse_spaces(numbered.rest)):
            self.titled_item = self.last_goal  # its description may follow
        return True

    def _opens_group(self, numbered: Numbered) -> bool:
        """An item with a short title and deeper items under it names a group of them."""
        title, owners = find_inline_owners(numbered.rest)
        title = collapse_spaces(title).rstrip("。")
        if (
            not title
            or len(title) > GROUP_MAX_CHARS
            or re.search(r"[\d,;。:]", title)
            or owners.lead
            or owners.co
        ):
            return False
        for line in self.lines[self.index + 1 :]:
            if parse_owner_line(line.text) is not None or is_furniture(line.text):
                continue
            following = match_item(line.text)
            return following is not None and RANKS[following.style] > RANKS[numbered.style]
        return False

    def owner_line(self, owners: Owners, line: Line) -> None:
        self.saw_owners = True
        if self.review_rank is not None:
            return
        if self.last_goal is not None:
            self.add_owners(self.last_goal, owners)
            return
        section = self.container()
        if section is None:
            self.draft.warn(
                line.number, gettext_noop("Owner line before any task; it was left out.")
            )
            return
        self.defaults[id(section)] = self.defaults.get(id(section), Owners()).merge(owners)
        section.leaders = unique_names(section.leaders + owners.leaders)

    def closing_line(self, owners: Owners) -> None:
        """
        "以上任务牵头单位:区发改局" after several tasks: the owners of each task
        above it in its section that names none, back to the last that does.
        """
        self.saw_owners = True
        container = self.container()
        goals = container.goals if container is not None else self.draft.goals
        for goal in reversed(goals):
            if not self.owners_of(goal).is_empty or id(goal) in self.lead_ins:
                break
            self.add_owners(goal, owners)

    def owners_of(self, goal: GoalDraft) -> Owners:
        return self.goal_owners.get(id(goal), Owners())

    def set_owners(self, goal: GoalDraft, owners: Owners) -> None:
        self.goal_owners[id(goal)] = owners
        _apply_owners(goal, owners, overwrite=True)

    def add_owners(self, goal: GoalDraft, owners: Owners) -> None:
        """More owners for a goal: what it names already stays, gaps are filled."""
        self.set_owners(goal, self.owners_of(goal).merge(owners))

    def make_goal(self, text: str, line: Line, number: str = "") -> GoalDraft | None:
        """A goal from a task's text, with its inline owners, targets and title; not yet placed."""
        text, owners = find_inline_owners(text)
        text = collapse_spaces(text)
        if not text or not re.search(r"[\u4e00-\u9fffA-Za-z]", text):
            if not owners.is_empty and self.last_goal is not None:
                # An annotation that followed its sentence: it belongs to that goal.
                self.saw_owners = True
                self.add_owners(self.last_goal, owners)
            return None
        self.saw_owners = self.saw_owners or not owners.is_empty
        key = text.startswith(("★", "☆", "*")) or "★" in text[:3]
        if key:
            text = text.lstrip("★☆* ")
        goal = GoalDraft(text=text, number=number, indicators=extract_indicators(text))
        goal.line = line.number
        if key:
            goal.flags.append("key")
        self.set_owners(goal, owners)
        goal.title = goal_title(goal)
        return goal

    # -- the end --------------------------------------------------------------------

    def finish(self) -> None:
        settle(
            self.draft,
            defaults=self.defaults,
            firm=self.firm,
            lead_ins=self.lead_ins,
            heading_task=self._heading_task,
        )

    def _heading_task(self, section: SectionDraft, owners: Owners) -> GoalDraft | None:
        goal = self.make_goal(section.title, Line(section.line or 0, section.title))
        if goal is not None:
            goal.leaders = list(section.leaders)
            _apply_owners(goal, owners, overwrite=True)
        return goal


def _apply_owners(goal: GoalDraft, owners: Owners, *, overwrite: bool) -> None:
    for attr, value in (
        ("lead_departments", owners.lead),
        ("co_departments", owners.co),
        ("leaders", owners.leaders),
    ):
        if value and (overwrite or not getattr(goal, attr)):
            setattr(goal, attr, list(value))
    if owners.deadline and (overwrite or not goal.deadline):
        goal.deadline = owners.deadline
