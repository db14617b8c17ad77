"""
What an account import would do, row by row: each unit of the list and each
person's account, created, updated (which fields, old → new) or the same,
and the whole, with the counts and the fingerprint a confirmation must match.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy

from accounts.choices import Role

from ...choices import DepartmentKind
from ...io.account_imports import AccountSheet, PersonEntry, UnitEntry
from ...models import Department

CREATE, UPDATE, SAME = "create", "update", "same"

# A person whose role cell is empty reports for their unit.
DEFAULT_ROLE = Role.STAFF
ROLE_LABELS = dict(Role.choices)


def role_label(role: str) -> str:
    """A role's name in the reader's language ("" for no role)."""
    return str(ROLE_LABELS.get(role, ""))


@dataclass
class FieldChange:
    """One value an import changes: ``field`` (a model field's name), old → new, as shown."""

    field: str
    old: str
    new: str

    @property
    def label(self) -> str:
        """The field's name in the reader's language."""
        model = Department if self.field in ("kind", "short_name", "parent") else get_user_model()
        if self.field == "last_name":
            return str(_NAME)
        return str(model._meta.get_field(self.field).verbose_name)


_NAME = gettext_lazy("name")


@dataclass
class UnitChange:
    """What the import does with one unit of the list."""

    entry: UnitEntry
    department: Department | None  # the unit in Luoshi, None when it is new
    action: str = SAME
    kind: str = ""
    short_name: str = ""
    parent: UnitChange | Department | None = None
    aliases: list[str] = field(default_factory=list)  # names to add
    changes: list[FieldChange] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.department.name if self.department else self.entry.name

    @property
    def kind_label(self) -> str:
        kind = self.kind or (self.department.kind if self.department else "")
        return str(DepartmentKind(kind).label) if kind in DepartmentKind.values else ""


@dataclass
class AccountChange:
    """What the import does with one person's account."""

    entry: PersonEntry
    user: object | None  # the account in Luoshi, None when it is new
    action: str = SAME
    role: str = ""
    unit: UnitChange | Department | None = None
    changes: list[FieldChange] = field(default_factory=list)

    @property
    def unit_name(self) -> str:
        return self.unit.name if self.unit is not None else ""

    @property
    def name(self) -> str:
        """The person's name: as the list gives it, else as the account has it."""
        if self.entry.name or self.user is None:
            return self.entry.name
        return self.user.get_full_name()

    @property
    def role_label(self) -> str:
        return role_label(self.role)


@dataclass
class AccountImportChanges:
    """Everything the import would do, and every mistake that stops it."""

    units: list[UnitChange] = field(default_factory=list)
    accounts: list[AccountChange] = field(default_factory=list)
    sheet: AccountSheet = field(default_factory=AccountSheet)

    @property
    def errors(self):
        return self.sheet.errors

    @property
    def warnings(self):
        return self.sheet.warnings

    def count(self, kind: str, action: str) -> int:
        rows = self.units if kind == "units" else self.accounts
        return sum(1 for row in rows if row.action == action)

    @property
    def counts(self) -> dict[str, int]:
        """``units_create``, ``accounts_same`` …: how many rows of each kind do what."""
        return {
            f"{kind}_{action}": self.count(kind, action)
            for kind in ("units", "accounts")
            for action in (CREATE, UPDATE, SAME)
        }

    @property
    def fingerprint(self) -> str:
        """What applying would write, as a digest: the preview's must match the confirmation's."""
        shown = [
            [u.action, u.name, [[c.field, c.new] for c in u.changes], u.aliases] for u in self.units
        ] + [
            [a.action, a.entry.username, [[c.field, c.new] for c in a.changes]]
            for a in self.accounts
        ]
        text = json.dumps([shown, len(self.errors)], ensure_ascii=False, sort_keys=True)
        return hashlib.sha256(text.encode()).hexdigest()[:32]


def name_key(name: str) -> str:
    return "".join((name or "").split()).casefold()


def identity(node) -> tuple | None:
    """A unit of the list or a department, as one key: a unit found in Luoshi is its department."""
    if node is None:
        return None
    if isinstance(node, UnitChange):
        if node.department is not None:
            return ("department", node.department.pk)
        return ("new", id(node))
    return ("department", node.pk)
