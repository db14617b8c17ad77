"""
``ParagraphReader``: the paragraphs of prose as the report reader meets them.
A lead-in ("重点抓好以下工作:") makes the lines after it tasks; the main
targets of a full report and 一是…二是… give one goal each; a theme line
opens a section of its own; a sentence that lists tasks after a colon gives
one goal each; otherwise one goal per sentence, or per paragraph when an
owner annotation closes it. How the text divides is ``paragraphs``' work;
where each part goes is the reader's.
"""

from __future__ import annotations

import re

from ..indicators import extract_indicators
from ..numbering import match_item
from ..paragraphs import (
    MAIN_TARGETS,
    colon_list,
    enumerated,
    is_annotated,
    is_theme_line,
    target_clauses,
    task_chunks,
)
from ..text import Line, ends_sentence, split_sentences


class ParagraphReader:
    """Paragraphs of prose for a ``reader.ReportReader``, each becoming lead-ins, themes, goals."""

    def __init__(self, reader):
        self.reader = reader

    def read(
        self, text: str, line: Line, *, in_heading: bool = False, single: bool = False
    ) -> None:
        """
        A paragraph (or a heading's body, ``in_heading``); ``single`` when owner
        lines closed it, so that it is one task however many sentences it has.
        """
        reader = self.reader
        text = text.strip()
        if not text:
            return
        if text.endswith(":") and not extract_indicators(text):
            # "重点抓好以下工作:", "各街道办事处,区政府各部门:": a lead-in, not a task.
            reader.lead_in(text, line)
            reader.listing = True
            return
        if not single:
            marker = MAIN_TARGETS.search(text)
            if marker and (marker.group().endswith((":", "—")) or _targets_follow(text, marker)):
                self._main_targets(text, marker, line)
                return
            listed = enumerated(text)
            if listed:
                self._enumerated(*listed, line, in_heading=in_heading)
                return

        sentences = split_sentences(text)
        chunks = task_chunks(sentences)
        if single or (len(sentences) > 1 and len(chunks) == 1 and is_annotated(chunks[0])):
            reader.task(text, line)  # a task closed by its owners, however many sentences
            return
        if not in_heading and is_theme_line(sentences[0]):
            if len(sentences) > 1:
                reader.open_theme(sentences[0], line)
                chunks = task_chunks(sentences[1:])
            elif not ends_sentence(text) and not reader.listing:
                reader.open_theme(sentences[0], line)  # a theme on a line of its own, without 。
                return
        for chunk in chunks:
            listed = colon_list(chunk)
            if listed:
                # "办好十件民生实事:改造老旧小区50个;新增停车泊位1万个;…": one goal each.
                reader.lead_in(listed[0], line)
                for part in listed[1]:
                    numbered = match_item(part)  # "…:1.改造老旧小区50个;2.…"
                    if numbered is not None and numbered.style != "bullet":
                        reader.task(numbered.rest, line, numbered.digits)
                    else:
                        reader.task(part, line)
            else:
                reader.task(chunk, line, firm=reader.listing)
        if text.endswith("。"):
            reader.listing = False

    def _main_targets(self, text: str, marker: re.Match, line: Line) -> None:
        """
        The main targets ("主要预期目标是:地区生产总值增长6%左右,…。"), one goal
        each. Sentences between the marker and the targets ("2023年是…开局之年。")
        introduce them; an annotation closing the last target, when no other
        names owners, is the owners of them all.
        """
        reader = self.reader
        start = max(text.rfind(stop, 0, marker.start()) for stop in "。!?") + 1
        if start:
            self.read(text[:start], line)
        begin = marker.end()
        end = self._sentence_end(text, begin)
        while end < len(text) and not extract_indicators(text[begin:end]):
            begin, end = end, self._sentence_end(text, end)  # an introduction, not the targets
        reader.lead_in(text[start:begin], line)
        clauses = target_clauses(text[begin:end])
        reader.listing = not clauses  # the targets follow on lines of their own
        goals = [reader.task(clause, line, judged=True) for clause in clauses]
        owners = [reader.owners_of(goal) for goal in goals if goal is not None]
        if len(owners) > 1 and not owners[-1].is_empty and all(o.is_empty for o in owners[:-1]):
            for goal in goals[:-1]:
                if goal is not None:
                    reader.add_owners(goal, owners[-1])  # "…下降2.5%(…省发展改革委牵头)"
        if text[end:].strip():
            self.read(text[end:], line)

    @staticmethod
    def _sentence_end(text: str, begin: int) -> int:
        """Where the sentence from ``begin`` ends (after its 。), or the end of the text."""
        end = text.find("。", begin)
        return len(text) if end < 0 else end + 1

    def _enumerated(self, lead: str, items, line: Line, *, in_heading: bool) -> None:
        """一是…二是…: the text before is a theme or an introduction, each item a goal."""
        reader = self.reader
        if lead:
            if not in_heading and is_theme_line(lead):
                reader.open_theme(lead, line)
            else:
                self.read(lead, line, in_heading=in_heading)
        for number, segment in items:
            reader.task(segment, line, number)


def _targets_follow(text: str, marker: re.Match) -> bool:
    """Whether the sentence after "主要目标是" (no colon) names targets."""
    end = text.find("。", marker.end())
    return bool(extract_indicators(text[marker.end() : end if end >= 0 else len(text)]))
