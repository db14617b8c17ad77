"""
The work-report reader: text (from a .txt, a pasted page or a Word document)
becomes a ``PlanDraft``.

It understands what real reports and published 分解方案 do:

- chapters and sub-sections numbered 第一部分 / 一、 / (一) / 一是, nested in
  the order the document first uses them;
- theme lines that open a paragraph ("加快产业项目落地。围绕…") and become a
  section of their own;
- numbered items (1. / 1、 / (1)), each one goal; otherwise one goal per
  sentence, or per run of sentences closed by an owner annotation;
- owners written inline or on lines of their own, deadlines as written;
- text that starts in the middle of a chapter, web page footers, stray page
  numbers, lines wrapped by a PDF export, and the review of last year's work,
  which has many numbers but no targets.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .draft import GoalDraft, PlanDraft, SectionDraft, gettext_noop
from .indicators import extract_indicators
from .owners import Owners, find_inline_owners, parse_owner_line
from .text import (
    Line,
    collapse_spaces,
    ends_sentence,
    footer_start,
    is_page_number,
    source_lines,
    split_sentences,
)

CN_DIGITS = "〇零一二两三四五六七八九十百"
_CN = f"[{CN_DIGITS}]+"

# Heading styles, from the way each is written. Their nesting is not fixed:
# a district report may use 一是 for chapters, a city report for sub-points.
HEADING_STYLES = (
    ("part", re.compile(rf"^第({_CN})(?:部分|章|篇)\s*[、.:]?\s*")),
    ("dun", re.compile(rf"^({_CN})\s*[、.]\s*")),
    ("paren", re.compile(rf"^\(({_CN})\)\s*")),
    ("shi", re.compile(rf"^({_CN})是\s*")),
)
ITEM = re.compile(r"^(\d{1,3})\s*[.、]\s*(?!\d)|^\((\d{1,3})\)\s*|^([①-⑳])\s*")

# Chapters that look back at last year: their numbers are results, not targets.
REVIEW_WORDS = ("回顾", "过去一年", "过去五年", "过去的一年", "工作总结", "主要成效", "取得的成绩")

# Opening and closing formulas of a report delivered to the people's congress.
PREAMBLE = re.compile(
    r"^(各位代表|现在,?我代表|请予审议|请各位政协委员|——\s*\d{4}年|-+\s*\d{4}年|区长|市长|县长)"
)

# A theme line is a short slogan ending in 。 that opens a paragraph.
THEME_MAX_CHARS = 20

TITLE_WORDS = ("报告", "方案", "要点", "计划", "清单", "分解", "任务")
YEAR = re.compile(r"(20\d\d)\s*年")


def chinese_number(text: str) -> int | None:
    """一 → 1, 十二 → 12, 二十三 → 23; None for anything else."""
    values = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5}
    values.update({"六": 6, "七": 7, "八": 8, "九": 9})
    if not text:
        return None
    if text.isdigit():
        return int(text)
    total, current = 0, 0
    for char in text:
        if char in values:
            current = values[char]
        elif char == "十":
            total += (current or 1) * 10
            current = 0
        elif char == "百":
            total += (current or 1) * 100
            current = 0
        else:
            return None
    return total + current


@dataclass
class _Open:
    """A section being filled, with the heading style that opened it."""

    section: SectionDraft
    style: str


class ReportReader:
    """One pass over the cleaned lines, keeping a stack of open sections."""

    def __init__(self, draft: PlanDraft):
        self.draft = draft
        self.stack: list[_Open] = []
        self.theme: _Open | None = None  # the theme-line section currently open
        self.last_goal: GoalDraft | None = None
        self.skipping_review: str | None = None  # style of the review heading being skipped
        self.saw_owners = False
        # Owners written under a heading, for its goals that name none themselves.
        self.defaults: dict[int, Owners] = {}
        # Each goal's owners as read so far: lines under a task add up
        # ("牵头单位:…" then "责任单位:…") rather than each replacing the last.
        self.goal_owners: dict[int, Owners] = {}

    # -- where things go ------------------------------------------------------------

    def _container(self) -> SectionDraft | None:
        if self.theme is not None:
            return self.theme.section
        return self.stack[-1].section if self.stack else None

    def _add_goal(self, goal: GoalDraft) -> None:
        container = self._container()
        (container.goals if container else self.draft.goals).append(goal)
        self.last_goal = goal

    def _add_section(self, section: SectionDraft, style: str) -> _Open:
        parent = self.stack[-1].section if self.stack else None
        (parent.sections if parent else self.draft.sections).append(section)
        opened = _Open(section, style)
        self.stack.append(opened)
        return opened

    # -- line kinds ---------------------------------------------------------------------

    def heading(self, line: Line) -> bool:
        for style, pattern in HEADING_STYLES:
            match = pattern.match(line.text)
            if not match:
                continue
            rest = line.text[match.end() :]
            if not rest or rest[0] in ",,。":
                return False  # "一、" alone or "一是," inside a sentence list
            title = _split_title(rest)[0]
            if extract_indicators(find_inline_owners(title)[0]) or len(title) > 60:
                # "一是…引进项目50个。": an enumerated task, not a heading.
                return False
            self._open_heading(style, line.text[: match.end()].strip(), rest, line)
            return True
        return False

    def _open_heading(self, style: str, number: str, rest: str, line: Line) -> None:
        # Close everything at or below this style's level; a style not seen yet nests deeper.
        styles = [o.style for o in self.stack]
        if style in styles:
            del self.stack[styles.index(style) :]
        self.theme = None
        self.last_goal = None

        title, body = _split_title(rest)
        title, owners = find_inline_owners(title)
        if not owners.is_empty:
            self.saw_owners = True
        title = collapse_spaces(title).rstrip("。:;,")
        if any(word in title for word in REVIEW_WORDS):
            self.skipping_review = style
            self.draft.warn(
                line.number,
                gettext_noop(
                    "Chapter “%(chapter)s” reviews past work; its numbers were not read as targets."
                ),
                chapter=number + title,
            )
            return
        if self.skipping_review is not None:
            levels = [s for s, _ in HEADING_STYLES]
            if levels.index(style) > levels.index(self.skipping_review):
                return  # a sub-heading of the review
            self.skipping_review = None

        section = SectionDraft(title=title, number=number, leaders=owners.leaders, line=line.number)
        self._add_section(section, style)
        self.defaults[id(section)] = Owners(
            lead=owners.lead, co=owners.co, deadline=owners.deadline
        )
        if body:
            self._paragraph(body, line, intro_of=section)

    def owner_line(self, line: Line) -> bool:
        owners = parse_owner_line(line.text)
        if owners is None:
            return False
        self.saw_owners = True
        if self.skipping_review:
            return True
        if self.last_goal is not None:
            goal = self.last_goal
            combined = self.goal_owners.get(id(goal), Owners()).merge(owners)
            self.goal_owners[id(goal)] = combined
            _apply_owners(goal, combined, overwrite=True)
        elif self.theme is not None or self.stack:
            section = (self.theme or self.stack[-1]).section
            self.defaults[id(section)] = self.defaults.get(id(section), Owners()).merge(owners)
            section.leaders = section.leaders or owners.leaders
        else:
            self.draft.warn(
                line.number, gettext_noop("Owner line before any task; it was left out.")
            )
        return True

    def item(self, line: Line) -> bool:
        match = ITEM.match(line.text)
        if not match:
            return False
        if self.skipping_review:
            return True
        number = next(g for g in match.groups() if g)
        text = line.text[match.end() :]
        goal = self._goal(text, line, number=number)
        if goal is not None:
            self._add_goal(goal)
        return True

    def paragraph(self, line: Line) -> None:
        if self.skipping_review:
            return
        self._paragraph(line.text, line)

    # -- paragraphs -----------------------------------------------------------------

    def _paragraph(self, text: str, line: Line, intro_of: SectionDraft | None = None) -> None:
        sentences = split_sentences(text)
        if not sentences:
            return
        if intro_of is None and _is_theme_line(sentences[0]) and len(sentences) > 1:
            self._open_theme(sentences[0], line)
            sentences = sentences[1:]
        elif intro_of is None and _is_theme_line(sentences[0]) and not ends_sentence(text):
            # A theme written on a line of its own, without 。
            self._open_theme(sentences[0], line)
            return

        for chunk in _chunks(sentences):
            goal = self._goal(chunk, line)
            if goal is None:
                continue
            if intro_of is not None and not goal.indicators and not _has_owners(goal):
                intro_of.intro = (intro_of.intro + goal.text).strip()
                continue
            self._add_goal(goal)

    def _open_theme(self, sentence: str, line: Line) -> None:
        title, owners = find_inline_owners(sentence)
        section = SectionDraft(
            title=collapse_spaces(title).rstrip("。:"), leaders=owners.leaders, line=line.number
        )
        parent = self.stack[-1].section if self.stack else None
        (parent.sections if parent else self.draft.sections).append(section)
        self.theme = _Open(section, "theme")
        self.defaults[id(section)] = Owners(lead=owners.lead, co=owners.co)
        self.last_goal = None

    def _goal(self, text: str, line: Line, number: str = "") -> GoalDraft | None:
        text, owners = find_inline_owners(text)
        text = collapse_spaces(text)
        if not text or not re.search(r"[\u4e00-\u9fffA-Za-z]", text):
            if not owners.is_empty and self.last_goal is not None:
                # An annotation that followed its sentence: it belongs to that goal.
                self.saw_owners = True
                goal = self.last_goal
                combined = self.goal_owners.get(id(goal), Owners()).merge(owners)
                self.goal_owners[id(goal)] = combined
                _apply_owners(goal, combined, overwrite=True)
            return None
        if not owners.is_empty:
            self.saw_owners = True
        goal = GoalDraft(
            text=text,
            number=number,
            indicators=extract_indicators(text),
            line=line.number,
        )
        if text.startswith(("★", "☆", "*")) or "★" in text[:3]:
            goal.flags.append("key")
            goal.text = text.lstrip("★☆* ")
        _apply_owners(goal, owners, overwrite=True)
        self.goal_owners[id(goal)] = owners
        goal.title = short_title(goal)
        return goal

    # -- the end ------------------------------------------------------------------------

    def finish(self) -> None:
        """Turn the intro of sections without tasks into tasks; inherit section owners."""
        for section in self.draft.walk_sections():
            if not section.goals and not section.sections and section.intro:
                for sentence in split_sentences(section.intro):
                    section.goals.append(
                        GoalDraft(
                            text=sentence,
                            indicators=extract_indicators(sentence),
                            line=section.line,
                        )
                    )
                    section.goals[-1].title = short_title(section.goals[-1])
                section.intro = ""

        def inherit(sections, inherited: Owners):
            for section in sections:
                own = self.defaults.get(id(section), Owners()).merge(inherited)
                for goal in section.goals:
                    _apply_owners(goal, own, overwrite=False)
                inherit(section.sections, own)

        inherit(self.draft.sections, Owners())


def _split_title(rest: str) -> tuple[str, str]:
    """A heading's title runs to its first 。 (or the whole line); the rest is body text."""
    sentences = split_sentences(rest)
    if not sentences:
        return rest, ""
    title = sentences[0]
    body = rest[len(title) :].strip() if rest.startswith(title) else "".join(sentences[1:])
    return title, body


def _is_theme_line(sentence: str) -> bool:
    bare = sentence.rstrip("。")
    return (
        len(bare) <= THEME_MAX_CHARS
        and not re.search(r"\d", bare)
        and not re.search(r"[,;、:]", bare)
        and not parse_owner_line(bare)
    )


def _chunks(sentences: list[str]) -> list[str]:
    """
    One goal per sentence, except that sentences followed by an owner
    annotation of their own belong together: published 分解方案 close each
    task, however many sentences it has, with "(牵头单位:…)".
    """
    annotated = [not find_inline_owners(s)[1].is_empty for s in sentences]
    if not any(annotated):
        return sentences
    chunks, current = [], []
    for sentence, has_owners in zip(sentences, annotated, strict=True):
        current.append(sentence)
        if has_owners:
            chunks.append("".join(current))
            current = []
    chunks.extend(current)  # sentences after the last annotation stand alone
    return chunks


def _has_owners(goal: GoalDraft) -> bool:
    return bool(goal.lead_departments or goal.co_departments or goal.leaders)


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


def short_title(goal: GoalDraft, limit: int = 24) -> str:
    """
    A short title for lists: the first target's phrase when there is one
    (it says what is promised), else the sentence's first clause.
    """
    if goal.indicators:
        title = goal.indicators[0].phrase
    else:
        title = re.split(r"[,;:。]", goal.text, maxsplit=1)[0]
    title = title.strip("“”\"' ")
    return title if len(title) <= limit else title[: limit - 1] + "…"


def read_report(
    text: str, *, year: int | None = None, title: str = "", source_name: str = ""
) -> PlanDraft:
    """
    Read a work report or 分解方案 given as text into a plan draft. ``year``
    and ``title`` override what the document says; warnings carry the source
    line they are about.
    """
    draft = PlanDraft(source_text=text)
    lines = source_lines(text)

    cut = footer_start(lines)
    if cut is not None:
        draft.warn(
            lines[cut].number,
            gettext_noop(
                "The text from line %(line)s on looks like a web page footer and was left out."
            ),
            line=lines[cut].number,
        )
        lines = lines[:cut]
    lines = [line for line in lines if not is_page_number(line.text)]

    lines, found_title = _take_title(lines)
    draft.title = title or found_title or _title_from_name(source_name)
    draft.year = year or _find_year(draft.title, lines, source_name)
    if draft.year is None:
        draft.warn(
            None, gettext_noop("The year of the plan could not be found; set it before applying.")
        )

    reader = ReportReader(draft)
    for line in _join_wrapped(lines):
        if PREAMBLE.match(line.text):
            continue
        if reader.heading(line) or reader.owner_line(line) or reader.item(line):
            continue
        reader.paragraph(line)
    reader.finish()

    goals = draft.all_goals()
    if not goals:
        draft.warn(None, gettext_noop("No tasks were found in the text."))
    elif reader.saw_owners:
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
    _warn_duplicates(draft, goals)
    return draft


def _take_title(lines: list[Line]) -> tuple[list[Line], str]:
    """A first line that names the document (…政府工作报告, …分解方案) is its title."""
    if lines:
        first = collapse_spaces(lines[0].text)
        if (
            len(first) <= 60
            and "。" not in first
            and any(w in first for w in TITLE_WORDS)
            and not any(p.match(first) for _, p in HEADING_STYLES)
        ):
            return lines[1:], first
    return lines, ""


def _title_from_name(source_name: str) -> str:
    name = re.sub(r"\.[A-Za-z0-9]{1,5}$", "", source_name.rsplit("/", 1)[-1]).strip()
    return name


def _find_year(title: str, lines: list[Line], source_name: str) -> int | None:
    for text in (title, *(line.text for line in lines[:5]), source_name):
        match = YEAR.search(text or "") or re.search(r"(?<!\d)(20\d\d)(?!\d)", text or "")
        if match:
            return int(match.group(1))
    return None


def _join_wrapped(lines: list[Line]) -> list[Line]:
    """
    Rejoin lines that a PDF export or a narrow text file wrapped: a long line
    without closing punctuation continues on the next one unless that one
    starts a heading, an item or an owner line.
    """
    joined: list[Line] = []
    for line in lines:
        if joined:
            previous = joined[-1]
            starts_new = (
                any(p.match(line.text) for _, p in HEADING_STYLES)
                or ITEM.match(line.text)
                or parse_owner_line(line.text) is not None
            )
            if (
                not starts_new
                and not ends_sentence(previous.text)
                and len(previous.text) >= 25
                and parse_owner_line(previous.text) is None
            ):
                joined[-1] = Line(previous.number, previous.text + line.text)
                continue
        joined.append(Line(line.number, line.text))
    return joined


def _warn_duplicates(draft: PlanDraft, goals: list[GoalDraft]) -> None:
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
