"""
The stable codes of a draft's sections and goals: a section numbered as
written takes that number (二是 → 2), a goal its section's code and its
position or item number (2.3.4). Codes are how an import finds the rows a
previous import of the same plan wrote.
"""

from __future__ import annotations

from ...io.draft import GoalDraft, PlanDraft, SectionDraft
from ...io.report import chinese_number


def section_codes(draft: PlanDraft) -> list[tuple[SectionDraft, str, SectionDraft | None]]:
    """
    Each section with its code and parent, in document order. A section
    numbered as written (二是, (三), 一、) takes that number; an unnumbered
    one its position. Unnumbered top-level sections before the first chapter
    (an excerpt that starts mid-chapter) sit under the chapter the draft
    says it opens in (``opening_chapter``), else under chapter 0: a number
    no line of the text gives is not invented.
    """
    result = []
    used: set[str] = set()
    opening = draft.opening_chapter or 0

    def walk(sections, prefix, parent):
        position = 0
        chapter_seen = False
        for section in sections:
            position += 1
            numeral = chinese_number(_numeral_of(section.number))
            segment = str(numeral) if numeral is not None else str(position)
            code = f"{prefix}.{segment}" if prefix else segment
            if not prefix and numeral is None:
                code = f"{0 if chapter_seen else opening}.{position}"
            chapter_seen = chapter_seen or (not prefix and numeral is not None)
            # A theme and a numbered sibling ((一) after an unnumbered theme)
            # can land on one code; the later one is told apart by a letter.
            base, suffix = code, 0
            while code in used:
                suffix += 1
                code = f"{base}{chr(ord('a') + suffix - 1)}"
            used.add(code)
            result.append((section, code, parent))
            walk(section.sections, code, section)

    walk(draft.sections, "", None)
    return result


def _numeral_of(number: str) -> str:
    """The digits of a written number: 二是 → 二, (三) → 三, 第二部分 → 二, 一、 → 一."""
    stripped = number.strip().strip("()、.:")
    for affix in ("第", "部分", "章", "篇", "是"):
        stripped = stripped.replace(affix, "")
    return stripped.strip()


def goal_codes(draft: PlanDraft) -> list[tuple[GoalDraft, str, SectionDraft | None]]:
    """Each goal with its code (section code + position, or its item number) and section."""
    result = []
    codes = {id(s): code for s, code, _ in section_codes(draft)}
    used: set[str] = set()

    def add(goals, prefix, section):
        for position, goal in enumerate(goals, start=1):
            segment = goal.number if goal.number.isdecimal() else str(position)
            code = f"{prefix}.{segment}" if prefix else segment
            while code in used:  # two items numbered alike: keep both
                code += "'"
            used.add(code)
            result.append((goal, code, section))

    add(draft.goals, "0", None)
    for section in draft.walk_sections():
        add(section.goals, codes[id(section)], section)
    return result
