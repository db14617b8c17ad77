"""
The work-report reader: text (from a .txt, a pasted page or a Word document)
becomes a ``PlanDraft``.

It understands what real reports and published 分解方案 do:

- chapters and sub-sections numbered 第一部分 / 一、 / (一) / 一是, nested by
  the ranks official documents give them (``numbering``), and unnumbered
  chapter lines ("2023年工作安排");
- theme lines that open a paragraph ("加快产业项目落地。围绕…") or stand on a
  line of their own, and become a section of their own;
- numbered items (1. / 1、 / (1) / ① / ●), each one goal, or a group of goals
  when deeper items follow; 一是…二是… enumerations, one goal each; the main
  targets of a full report ("主要预期目标是:…,…。"); otherwise one goal per
  sentence, or per paragraph when an owner annotation or owner lines close it
  (``paragraphs``);
- owners written inline, on lines of their own or in table columns
  (``tables``), and owners under a heading for the goals that name none;
- the furniture around the tasks (``preamble``, ``text``): titles, notices,
  preambles, the review of last year's work (many numbers, no targets),
  glossaries, web page footers, page numbers and PDF line wraps.

The modules of this package:

- ``reader``: ``ReportReader``, one pass over the lines: the open sections,
  headings, items, owner lines and table rows;
- ``prose``: ``ParagraphReader``, what a paragraph becomes: lead-ins, the
  main targets, 一是…二是…, themes, lists after a colon, tasks;
- ``titles``: a goal's title.
"""

from __future__ import annotations

from ..draft import PlanDraft
from ..numbering import CHAPTER_LINE, chinese_number, match_heading, match_item
from ..outline import check
from ..owners import parse_owner_line
from ..preamble import is_furniture, prepare_lines
from .reader import ReportReader
from .titles import short_title

__all__ = ["chinese_number", "read_report", "short_title"]


def read_report(
    text: str, *, year: int | None = None, title: str = "", source_name: str = ""
) -> PlanDraft:
    """
    Read a work report or 分解方案 given as text into a plan draft. ``year``
    and ``title`` override what the document says; warnings carry the source
    line they are about.
    """
    draft = PlanDraft(source_text=text)
    lines = prepare_lines(
        text, draft, title=title, year=year, source_name=source_name, starts_block=_starts_block
    )
    reader = ReportReader(draft)
    reader.read(lines)
    check(draft, saw_owners=reader.saw_owners)
    return draft


def _starts_block(text: str) -> bool:
    """Whether a line starts something of its own, so the line above does not run on into it."""
    numbered = match_heading(text) or match_item(text)
    return bool(
        (numbered is not None and numbered.rest.strip())
        or CHAPTER_LINE.match(text)
        or is_furniture(text)
        or parse_owner_line(text) is not None
    )
