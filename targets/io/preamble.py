"""
What surrounds the tasks of a work report or 分解方案: its title and year, the
notice that issues a 分解方案 (关于印发…的通知, with its salutation, its
numbered requirements, its signature and date), the opening and closing words
of a report delivered to the people's congress, and the metadata a government
website prints above a document. None of it is a task.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from .draft import PlanDraft, gettext_noop
from .furniture import is_furniture
from .notices import skip_notice
from .numbering import match_heading, match_item
from .owners import parse_owner_line
from .tables import unflatten
from .text import (
    Line,
    collapse_spaces,
    footer_start,
    glossary_start,
    has_cells,
    is_page_number,
    join_wrapped,
    source_lines,
)

# Words that make a short first line the document's title.
TITLE_WORDS = ("报告", "方案", "要点", "计划", "清单", "分解", "任务", "通知", "台账")
# How a title that runs over two or three lines ends.
_TITLE_END = re.compile(r"(?:报告|方案|通知|要点|计划|清单|分解表|任务表|责任表|台账)$")
# The plan's own title, after the notice that issues it.
_NOTICE_TITLE = re.compile(r"关于印发(.+?)的通知$")
# "现将《2023年区政府工作报告目标任务分解方案》印发给你们": the notice names what it issues.
_NOTICE_NAMES = re.compile(r"将(《[^《》]{4,80}》)(?:印发|下达|予以印发)")
# How many lines of furniture (附件1, a document number, a website's metadata) may stand
# above a title: more than that and the text is not a document that starts with one.
_MAX_ABOVE_TITLE = 12

# Chapters that look back at last year: their numbers are results, not targets.
REVIEW_WORDS = ("回顾", "过去一年", "过去五年", "过去的一年", "工作总结", "主要成效", "取得的成绩")
# Chapters that plan: one of them ends a review even when it ranks below it.
PLAN_WORDS = (
    "工作安排",
    "主要任务",
    "重点任务",
    "工作任务",
    "目标任务",
    "总体要求",
    "主要目标",
    "预期目标",
    "工作重点",
    "重点工作",
)
YEAR = re.compile(r"(20\d\d)\s*年")
# "2023年工作安排", "2023年重点工作任务": the year a report plans for.
_PLAN_YEAR = re.compile(
    r"(20\d\d)年(?:全[区市县]|全年)?(?:的)?(?:工作安排|主要任务|重点工作|工作任务|目标任务|重点任务"
    r"|主要预期目标|经济社会发展的?主要)"
)
_REVIEW_YEAR = re.compile(r"(20\d\d)年(?:工作)?回顾")


def reviews_past(title: str, year: int | None) -> bool:
    """Whether a chapter title looks back ("2022年工作回顾"): its numbers are results."""
    if any(word in title for word in REVIEW_WORDS):
        return True
    found = re.search(r"(20\d\d)年", title)
    return bool(
        found
        and year
        and int(found.group(1)) < year
        and not any(word in title for word in ("安排", "任务", "目标", "计划", "打算", "思路"))
    )


def plans_ahead(title: str, year: int | None) -> bool:
    """Whether a chapter title plans the year ("2023年工作安排"): it ends a review."""
    found = re.search(r"(20\d\d)年", title)
    current = not found or not year or int(found.group(1)) >= year
    return current and any(word in title for word in PLAN_WORDS)


def take_title(lines: list[Line]) -> tuple[list[Line], str]:
    """
    A first line that names the document (…政府工作报告, …分解方案) is its
    title; so are two or three short lines that together end like a title
    ("区人民政府办公室关于印发" / "2026年区《政府工作报告》目标任务" / "责任分解方案的通知").
    The title of a notice is the title of what it issues. What a document
    or a web page prints above its title (附件1, 洪政发〔2023〕5号, 索引号…, a
    date) is passed over: the first meaningful line is the title.
    """
    start = 0
    while start < min(len(lines), _MAX_ABOVE_TITLE) and is_furniture(lines[start].text.strip()):
        start += 1
    rest, title = _title_at_top(lines[start:])
    if not title:
        return lines, ""
    return rest, title


def _title_at_top(lines: list[Line]) -> tuple[list[Line], str]:
    if not lines:
        return lines, ""
    parts = ["" if has_cells(line.text) else collapse_spaces(line.text) for line in lines[:3]]
    if not all(_title_like(p) for p in parts[:1]):
        return lines, ""
    taken, title = 1, parts[0]
    if not _TITLE_END.search(title) and len(title) <= 30:
        for count in (2, 3):
            joined = "".join(parts[:count])
            if len(parts) >= count and all(_title_like(p) and len(p) <= 30 for p in parts[:count]):
                if _TITLE_END.search(joined):
                    taken, title = count, joined
                    break
    if taken == 1 and not any(word in title for word in TITLE_WORDS):
        return lines, ""
    return lines[taken:], plan_title(title)


# What a web page adds to a title: "(全文)", "(摘要)", "(图文)".
_TITLE_NOTE = re.compile(r"\s*[(\[【](?:全文|摘要|图文|图解|附全文|文字实录|解读)[)\]】]$")


def plan_title(text: str) -> str:
    """
    The plan's name in a title line: a notice (关于印发《…》的通知) issues the
    document it names, and a web page's "(全文)" is not part of any name.
    Book-title marks stay where the name itself uses them
    ("2023年《政府工作报告》重点任务分解方案").
    """
    title = _TITLE_NOTE.sub("", collapse_spaces(text).strip())
    notice = _NOTICE_TITLE.search(title)
    if notice:
        title = notice.group(1).strip()
    if title.startswith("《") and title.endswith("》") and title.count("《") == 1:
        title = title[1:-1]
    return title


def _title_like(text: str) -> bool:
    return (
        0 < len(text) <= 60
        and not re.search(r"[。;:,!?]", text)
        and not match_heading(text)
        and not match_item(text)
        and not is_furniture(text)
    )


def title_from_name(source_name: str) -> str:
    return re.sub(r"\.[A-Za-z0-9]{1,5}$", "", source_name.replace("\\", "/").rsplit("/", 1)[-1])


def find_year(title: str, lines: list[Line], source_name: str) -> int | None:
    """
    The year the plan is for: from the title, the planning chapter
    ("2023年工作安排"), the year after the one reviewed ("2022年工作回顾"),
    the file name, or else the first year in the opening lines.
    """
    body = [line.text for line in lines[:400]]
    for found in (
        _year_in(title),
        next((int(m.group(1)) for m in map(_PLAN_YEAR.search, body) if m), None),
        next(
            (
                int(m.group(1)) + 1
                for text, m in zip(body, map(_REVIEW_YEAR.search, body), strict=True)
                if m and len(text) <= 30
            ),
            None,
        ),
        _year_in(title_from_name(source_name)),
    ):
        if found is not None:
            return found
    for text in body[:5]:
        match = YEAR.search(text)
        if match:
            return int(match.group(1))
    return None


def _year_in(text: str) -> int | None:
    match = YEAR.search(text or "") or re.search(r"(?<!\d)(20\d\d)(?!\d)", text or "")
    return int(match.group(1)) if match else None


def _issued_by_notice(lines: list[Line]) -> str:
    """The document a notice issues, named in its text: 现将《…分解方案》印发给你们."""
    for line in lines:
        match = _NOTICE_NAMES.search(collapse_spaces(line.text))
        if match:
            return plan_title(match.group(1))
    return ""


def prepare_lines(
    text: str,
    draft: PlanDraft,
    *,
    title: str,
    year: int | None,
    source_name: str,
    starts_block: Callable[[str], bool],
) -> list[Line]:
    """
    The lines of ``text`` that may hold tasks, and the draft's title and year.

    The web page footer and the glossary are cut off (with a warning each),
    a table given one cell a line is rebuilt, page numbers go, a notice that
    issues the plan is skipped, the title is taken off the top (and out of
    the page headers that repeat it), and lines a PDF export wrapped are
    joined again. ``title`` and ``year`` override what
    the text says.
    """
    lines = source_lines(text)
    for find, template in (
        (
            footer_start,
            gettext_noop(
                "The text from line %(line)s on looks like a web page footer and was left out."
            ),
        ),
        (glossary_start, gettext_noop("The glossary from line %(line)s on was left out.")),
    ):
        cut = find(lines)
        if cut is not None:
            draft.warn(lines[cut].number, template, line=lines[cut].number)
            lines = lines[:cut]
    lines = [line for line in unflatten(lines) if not is_page_number(line.text)]

    opening = lines[:_MAX_ABOVE_TITLE]
    lines, found_title = take_title(lines)
    restarted = skip_notice(lines, found_title)
    if restarted is not lines:
        lines, again = take_title(restarted)
        found_title = again or found_title
    if found_title:
        # A PDF repeats the title at the top of every page.
        lines = [line for line in lines if collapse_spaces(line.text) != found_title]
    if found_title.endswith("通知"):
        found_title = _issued_by_notice(opening) or found_title
    draft.title = title or found_title or title_from_name(source_name)
    draft.year = year or find_year(draft.title, lines, source_name)
    if draft.year is None:
        draft.warn(
            None, gettext_noop("The year of the plan could not be found; set it before applying.")
        )
    return join_wrapped(
        lines,
        starts_block=starts_block,
        is_owner_line=lambda line: parse_owner_line(line) is not None,
    )
