"""
What an upload does with each goal (a new report, a changed one, unchanged,
not reported) and every mistake, in the user's language and located by
sheet, row and column; the fingerprint a confirmation must match.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ...io.update_sheets import CellError
from ...models import Department, Goal, Plan
from ...periods import Quarter
from ..updates import UpdateData

# What an upload does with each goal.
CREATED = "created"
UPDATED = "updated"
UNCHANGED = "unchanged"
NOT_REPORTED = "not_reported"  # its rows were left empty
CARRIED_OVER = "carried_over"  # left exactly as the last quarter's report

ACTIONS = {
    CREATED: gettext_lazy("New report"),
    UPDATED: gettext_lazy("Changed"),
    UNCHANGED: gettext_lazy("Unchanged"),
    NOT_REPORTED: gettext_lazy("Left empty: not reported"),
    CARRIED_OVER: gettext_lazy("Same as last quarter: not reported"),
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
class GoalChange:
    """What an upload does with one goal, and the report it writes (if it writes one)."""

    goal: Goal
    row: int | None
    action: str
    changes: list[FieldChange] = field(default_factory=list)
    data: UpdateData | None = None

    @property
    def writes(self) -> bool:
        return self.action in (CREATED, UPDATED)

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
    def counts(self) -> Counter:
        return Counter(change.action for change in self.goals)

    def summary(self) -> str:
        counts = self.counts
        return _(
            "%(created)s new, %(updated)s changed, %(unchanged)s unchanged, "
            "%(skipped)s not reported"
        ) % {
            "created": counts[CREATED],
            "updated": counts[UPDATED],
            "unchanged": counts[UNCHANGED],
            "skipped": counts[NOT_REPORTED] + counts[CARRIED_OVER],
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
