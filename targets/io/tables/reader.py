"""
``TableReader``: the rows of a table as the report reader meets them, each
becoming a heading, a section, a goal with its owners, or more owners for
the goal above.
"""

from __future__ import annotations

import re

from ..draft import gettext_noop
from ..numbering import number_value
from ..text import Line
from .columns import OWNER_ROLES
from .goals import chapter_heading, goal_text, row_indicators
from .layout import TableLayout, TableRow


class TableReader:
    """
    Rows of a table for a ``report.ReportReader``: the header row sets the
    columns, a row merged across the table is read as a line of prose, a
    chapter row ("二 | 重点工作任务") opens a heading, a change of category
    opens a section, and every other row is one goal with its owners.
    """

    def __init__(self, reader):
        self.reader = reader
        self.layout: TableLayout | None = None
        self.category: str | None = None
        self.category_section = None

    def row(self, cells: list[str], line: Line) -> None:
        reader = self.reader
        layout = TableLayout.from_header(cells)
        if layout is not None:
            self.layout = layout
            reader.saw_owners = reader.saw_owners or bool(OWNER_ROLES.intersection(layout.roles))
            return
        filled = [cell for cell in cells if cell]
        if not filled:
            return
        if len(set(filled)) == 1:
            # A row merged across the table (or its text repeated in every cell):
            # a heading, an owner line or a paragraph.
            reader.prose(Line(line.number, filled[0]))
            reader.flush()
            return
        if reader.review_rank is not None:
            return
        if self.layout is None:
            self.layout = TableLayout.guess(cells)
            reader.saw_owners = reader.saw_owners or bool(
                OWNER_ROLES.intersection(self.layout.roles)
            )
            reader.draft.warn(
                line.number,
                gettext_noop(
                    "This table has no header row naming its columns; check the owners read "
                    "from it."
                ),
            )
        elif len(cells) != len(self.layout.roles):
            reader.draft.warn(
                line.number,
                gettext_noop(
                    "This row has %(cells)s cells where the header has %(columns)s; "
                    "check its owners."
                ),
                cells=len(cells),
                columns=len(self.layout.roles),
            )
        self._goal(self.layout.read(cells), line)

    def _goal(self, row: TableRow, line: Line) -> None:
        reader = self.reader
        number = row.number.strip()
        text = goal_text(row.text, row.target, self.layout.target_label)
        if not text:
            if reader.last_goal is not None and not row.owners.is_empty:
                reader.add_owners(reader.last_goal, row.owners)
            return
        heading = chapter_heading(row)
        if heading is not None:
            # "二 | 重点工作任务 | | |": a chapter row.
            reader.prose(Line(line.number, heading))
            reader.flush()
            return
        if row.category and (
            row.category != self.category or reader.theme is not self.category_section
        ):
            self.category_section = reader.open_theme(row.category, line)
            self.category = row.category
        value = number_value(number) if number else None
        digits = "" if value is None else str(value)
        last = reader.last_goal
        if (
            last is not None
            and (not number or digits == last.number)
            and re.sub(r"\s+", "", text).lstrip("★☆*") == last.text
        ):
            # The task cell merged down over several rows: more owners for the same task.
            reader.set_owners(last, reader.owners_of(last).union(row.owners))
            return
        goal = reader.make_goal(text, line, digits)
        if goal is not None:
            if row.target:
                found = row_indicators(row.text, row.target, text)
                if all(indicator.phrase in goal.text for indicator in found):
                    goal.indicators = found
            goal.category = row.kind
            reader.set_owners(goal, row.owners.merge(reader.owners_of(goal)))
            reader.add_goal(goal, firm=True)
