"""
What an upload does with each goal (a new report, a changed one, unchanged,
not reported, in conflict with a newer change, left as changed in Luoshi
since the download) and every mistake, in the user's language and located
by sheet, row and column; the fingerprint a confirmation must match.
"""

from __future__ import annotations

import datetime
import hashlib
import json
from collections import Counter
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ...io.update_sheets import CellError
from ...models import Department, Goal, Plan, QuarterlyUpdate
from ...periods import Quarter
from ..updates import UpdateData

# What an upload does with each goal.
CREATED = "created"
UPDATED = "updated"
UNCHANGED = "unchanged"
NOT_REPORTED = "not_reported"  # its rows were left empty
CARRIED_OVER = "carried_over"  # left exactly as the last quarter's report
# The report was changed in Luoshi after the workbook was downloaded, and the row
# was edited in the workbook too: the report is kept unless the uploader picks the row.
CONFLICT = "conflict"
# The report was changed in Luoshi after the workbook was downloaded, and the row is
# as downloaded: the newer report is left as it is.
KEPT = "kept"

ACTIONS = {
    CREATED: gettext_lazy("New report"),
    UPDATED: gettext_lazy("Changed"),
    UNCHANGED: gettext_lazy("Unchanged"),
    NOT_REPORTED: gettext_lazy("Left empty: not reported"),
    CARRIED_OVER: gettext_lazy("Same as last quarter: not reported"),
    CONFLICT: gettext_lazy("Conflicts with a newer change"),
    KEPT: gettext_lazy("Changed in Luoshi since the download: kept"),
}


@dataclass
class RowError:
    """A mistake in the upload, in the user's language, where it is (if anywhere)."""

    message: str
    sheet: str = ""
    row: int | None = None
    column: str | None = None

    @property
    def where(self) -> str:
        if self.row is None:
            return ""
        params = {"sheet": self.sheet, "row": self.row, "column": self.column}
        if self.column:
            return _("%(sheet)s row %(row)s column %(column)s") % params
        return _("%(sheet)s row %(row)s") % params

    def __str__(self) -> str:
        where = self.where
        if not where:
            return self.message
        return _("%(where)s: %(message)s") % {"where": where, "message": self.message}

    @classmethod
    def from_cell(cls, error: CellError) -> RowError:
        template = _(error.template)
        message = template % error.params if error.params else template
        return cls(message=message, sheet=error.sheet, row=error.row, column=error.column)


@dataclass
class FieldChange:
    """One value a goal's report changes, as shown: ``old`` → ``new``."""

    key: str
    label: str
    old: str
    new: str


@dataclass
class NewerChange:
    """Who last changed a report in Luoshi, when, and how (on the web, or which upload)."""

    who: str
    when: datetime.datetime
    how: str = ""


@dataclass
class GoalChange:
    """
    What an upload does with one goal, and the report it writes (if it writes
    one). ``report`` is the goal's report for the quarter as stored, ``digest``
    the row's values as filled and ``report_digest`` the report's
    (``row_digest``). A conflict's ``changes`` go
    from the report in Luoshi (``old``) to the workbook's values (``new``);
    it writes only when the uploader picks the workbook's values
    (``take_file``). ``newer``: the change in Luoshi a conflict or a kept
    report is about.
    """

    goal: Goal
    row: int | None
    action: str
    changes: list[FieldChange] = field(default_factory=list)
    data: UpdateData | None = None
    report: QuarterlyUpdate | None = None
    digest: str = ""
    report_digest: str = ""  # the report's values as a row would show them
    newer: NewerChange | None = None
    take_file: bool = False

    @property
    def writes(self) -> bool:
        return self.action in (CREATED, UPDATED) or (self.action == CONFLICT and self.take_file)

    @property
    def action_label(self) -> str:
        return str(ACTIONS[self.action])


@dataclass
class UpdateSheetResult:
    """An upload checked (and, once applied, written): per goal, and every mistake."""

    sheet: str = ""
    plan: Plan | None = None
    period: Quarter | None = None
    department: Department | None = None
    goals: list[GoalChange] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    applied: bool = False
    stale: bool = False  # what would change is no longer what the preview showed
    # What the workbook says of its making, for the conflicts: when (None: unknown), and
    # whether it records what each row was based on (workbooks made before do not).
    generated: datetime.datetime | None = None
    based: bool = True

    def error(self, message: str, row: int | None = None, column: str | None = None) -> None:
        self.errors.append(
            RowError(message=message, sheet=self.sheet if row else "", row=row, column=column)
        )

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def changed(self) -> bool:
        return any(change.writes for change in self.goals)

    @property
    def conflicts(self) -> list[GoalChange]:
        return [change for change in self.goals if change.action == CONFLICT]

    @property
    def confirmable(self) -> bool:
        """Something to confirm: a report to write, or a conflict to settle."""
        return self.changed or bool(self.conflicts)

    @property
    def note(self) -> str:
        """How rows of a workbook made before Luoshi recorded their bases were compared."""
        if self.based:
            return ""
        if self.generated is None:
            return _(
                "This workbook was downloaded before Luoshi recorded what each of its rows was "
                "based on, and it does not say when it was made: every row that differs from "
                "a report already in Luoshi is treated as a conflict, whether or not you "
                "edited it."
            )
        return _(
            "This workbook was downloaded before Luoshi recorded what each of its rows was "
            "based on: every row that differs from a report changed in Luoshi after the "
            "workbook was made (%(made)s) is treated as a conflict, whether or not you "
            "edited it."
        ) % {"made": local_time(self.generated)}

    @property
    def counts(self) -> Counter:
        return Counter(change.action for change in self.goals)

    def summary(self) -> str:
        counts = self.counts
        summary = _(
            "%(created)s new, %(updated)s changed, %(unchanged)s unchanged, "
            "%(skipped)s not reported"
        ) % {
            "created": counts[CREATED],
            "updated": counts[UPDATED],
            "unchanged": counts[UNCHANGED],
            "skipped": counts[NOT_REPORTED] + counts[CARRIED_OVER],
        }
        if not (counts[CONFLICT] or counts[KEPT]):
            return summary
        taken = sum(change.take_file for change in self.conflicts)
        return _(
            "%(summary)s; changed in Luoshi since the download: %(conflicts)s in conflict "
            "(%(taken)s take the workbook's values, %(kept)s keep Luoshi's), "
            "%(left)s left as they are"
        ) % {
            "summary": summary,
            "conflicts": counts[CONFLICT],
            "taken": taken,
            "kept": counts[CONFLICT] - taken,
            "left": counts[KEPT],
        }

    @property
    def fingerprint(self) -> str:
        """What applying would change; a confirmation must match the preview's."""
        shape = [
            [c.goal.pk, c.action, [[f.key, f.old, f.new] for f in c.changes]] for c in self.goals
        ]
        encoded = json.dumps([str(self.period), shape], ensure_ascii=False)
        return hashlib.sha256(encoded.encode()).hexdigest()

    def sort_errors(self) -> None:
        self.errors.sort(key=lambda e: (e.row is not None, e.row or 0, e.column or ""))


def local_time(moment: datetime.datetime) -> str:
    """A moment as the preview and the history say it: 2023-12-01 10:05, in Luoshi's zone."""
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")
