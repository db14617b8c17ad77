"""
A reorganisation as an administrator describes it (``Proposal``), and what its
preview holds: the units before and after, the goals' owner rows and what
becomes of each, the accounts and the names that move (``Preview``).
"""

from __future__ import annotations

import datetime
import hashlib
import json
from dataclasses import dataclass, field

from ...choices import OwnerRole
from ...models import Department, DepartmentAlias, GoalDepartment, Reorganisation

LIST_SEPARATOR = "、"
SUMMARY_LENGTH = Reorganisation._meta.get_field("summary").max_length


@dataclass(frozen=True)
class NewUnit:
    """A department a reorganisation creates: its names, and its code if one was given."""

    name: str
    short_name: str = ""
    code: str = ""

    @property
    def label(self) -> str:
        return self.short_name or self.name


@dataclass
class Proposal:
    """
    A reorganisation as an administrator describes it, before it is applied.
    A rename: ``department``, ``name`` and ``short_name``. A merge: the
    ``sources`` (two or more) and what they become, ``into`` (one of them or a
    ``NewUnit``). A split: ``department`` and its ``parts`` (departments, the
    department itself among them if it stays, or new units), with the part
    each of its goals and accounts goes to (``goal_parts``, ``account_parts``:
    pk → index into ``parts``; the first part unless said).
    """

    kind: str
    effective_on: datetime.date
    reason: str
    department: Department | None = None
    name: str = ""
    short_name: str = ""
    sources: list[Department] = field(default_factory=list)
    into: Department | NewUnit | None = None
    parts: list[Department | NewUnit] = field(default_factory=list)
    goal_parts: dict[int, int] = field(default_factory=dict)
    account_parts: dict[int, int] = field(default_factory=dict)


def unit_key(unit: Department | NewUnit) -> str:
    """How the preview names a unit in its plans: ``d<pk>`` for a department, ``new:<name>``."""
    return f"new:{unit.name}" if isinstance(unit, NewUnit) else f"d{unit.pk}"


def unit_label(unit: Department | NewUnit) -> str:
    return unit.label if isinstance(unit, NewUnit) else str(unit)


@dataclass
class UnitChange:
    """A department as it stands before and after: names and whether it stands."""

    key: str
    department: Department | None  # None: a unit the reorganisation creates
    new: NewUnit | None
    name_before: str
    short_name_before: str
    active_before: bool
    name_after: str
    short_name_after: str
    active_after: bool

    @property
    def created(self) -> bool:
        return self.department is None

    @property
    def label_before(self) -> str:
        return self.short_name_before or self.name_before

    @property
    def label_after(self) -> str:
        return self.short_name_after or self.name_after


@dataclass(frozen=True)
class Owner:
    """A goal's owner in a preview: which unit, under what name, its role and place."""

    key: str
    label: str
    role: str
    order: int

    @property
    def role_label(self) -> str:
        return OwnerRole(self.role).label


@dataclass
class OwnerRow:
    """What becomes of one present owner row of a goal: moved, its role changed, or deleted."""

    link: GoalDepartment
    key: str
    role: str
    delete: bool = False

    @property
    def changed(self) -> bool:
        return (
            self.delete or self.key != f"d{self.link.department_id}" or self.role != self.link.role
        )


@dataclass
class GoalChange:
    """A goal whose owners the reorganisation changes (or, in a split, could change)."""

    goal: object
    before: list[Owner]
    rows: list[OwnerRow]
    labels: dict[str, str]
    part: int | None = None  # a split: the index of the part it goes to

    @property
    def after(self) -> list[Owner]:
        kept = sorted(
            (r for r in self.rows if not r.delete), key=lambda r: (r.link.order, r.link.pk)
        )
        return [Owner(r.key, self.labels[r.key], r.role, r.link.order) for r in kept]

    @property
    def changed(self) -> bool:
        return any(row.changed for row in self.rows)


@dataclass
class AccountMove:
    """An account whose department changes (or, in a split, could change)."""

    user: object
    key: str
    label: str
    part: int | None = None

    @property
    def changed(self) -> bool:
        return self.key != f"d{self.user.department_id}"


@dataclass(frozen=True)
class AliasChange:
    """A name documents use that will mean ``key``'s unit: a new alias, or one moved to it."""

    alias: str
    key: str
    label: str
    existing: DepartmentAlias | None = None


@dataclass
class Preview:
    """Everything a proposal would change, and the problems that keep it from being applied."""

    proposal: Proposal
    summary: str
    units: list[UnitChange] = field(default_factory=list)
    goals: list[GoalChange] = field(default_factory=list)
    accounts: list[AccountMove] = field(default_factory=list)
    aliases: list[AliasChange] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def changed_goals(self) -> list[GoalChange]:
        return [change for change in self.goals if change.changed]

    @property
    def moved_accounts(self) -> list[AccountMove]:
        return [move for move in self.accounts if move.changed]

    @property
    def digest(self) -> str:
        """Names what this preview would write: applying it is refused if that has changed."""
        proposal = self.proposal
        shape = {
            "kind": proposal.kind,
            "effective_on": proposal.effective_on.isoformat(),
            "reason": proposal.reason.strip(),
            "units": [
                [
                    *(u.key, u.name_before, u.short_name_before, u.active_before),
                    *(u.name_after, u.short_name_after, u.active_after, u.new and u.new.code),
                ]
                for u in self.units
            ],
            "goals": [
                [
                    c.goal.pk,
                    [
                        [r.link.pk, r.link.department_id, r.link.role, r.key, r.role, r.delete]
                        for r in c.rows
                    ],
                ]
                for c in self.changed_goals
            ],
            "accounts": [[m.user.pk, m.user.department_id, m.key] for m in self.moved_accounts],
            "aliases": [[a.alias, a.key, a.existing and a.existing.pk] for a in self.aliases],
        }
        text = json.dumps(shape, ensure_ascii=False, sort_keys=True, default=str)
        return hashlib.sha256(text.encode()).hexdigest()[:32]
