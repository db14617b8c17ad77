"""
What applying a list of departments and accounts would do, worked out from
what was read (``io.account_imports.AccountSheet``) and the database: each
unit found (by any name it goes by) or new, and what changes in it; each
account found by its name or new, and what changes in it; and every mistake
that only the database shows (a name that belongs to another unit, an
address that is no address, a parent unit nobody knows), by sheet, row and
column beside those the reader saw.

The preview shows it, and confirming works it out again inside its
transaction: the ``fingerprint`` of what the preview showed must match, so
nothing is applied that the person did not see. A fixed number of queries
whatever the number of rows.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator
from django.db.models.functions import Lower
from django.utils import translation
from django.utils.translation import gettext_lazy, gettext_noop

from accounts.choices import Role
from accounts.models import role_needs_department

from .. import rules
from ..choices import DepartmentKind
from ..io.account_imports import AccountSheet, PersonEntry, UnitEntry
from ..models import Department
from .departments import DepartmentDirectory, guess_kind

CREATE, UPDATE, SAME = "create", "update", "same"

# A person whose role cell is empty reports for their unit.
DEFAULT_ROLE = Role.STAFF
ROLE_LABELS = dict(Role.choices)


def role_label(role: str) -> str:
    """A role's name in the reader's language ("" for no role)."""
    return str(ROLE_LABELS.get(role, ""))


# Roles and kinds as offices write them, beside the site's own labels in each language.
ROLE_WORDS = {
    Role.STAFF: ("填报员", "联络员", "信息员", "填报人", "单位用户", "部门用户", "staff"),
    Role.SUPERVISOR: ("督查室", "督查", "督查员", "督办", "督查人员", "supervisor"),
    Role.LEADER: ("领导", "区领导", "分管领导", "leader"),
    Role.ADMIN: ("管理员", "系统管理员", "admin", "administrator"),
}
KIND_WORDS = {
    DepartmentKind.BUREAU: ("区直部门", "区直单位", "部门", "委办局", "机关", "职能部门", "bureau"),
    DepartmentKind.STREET: ("街道", "街道办事处", "各街道", "乡镇", "街乡", "street"),
    DepartmentKind.COMPANY: (
        "区属企业",
        "国企",
        "区属国企",
        "国有企业",
        "区属国有企业",
        "企业",
        "公司",
        "company",
    ),
    DepartmentKind.OTHER: ("其他", "其它", "other"),
}


def _accepted(choices, words: dict) -> dict[str, str]:
    """Every text accepted for a value: its labels in Chinese first (the messages list those)."""
    accepted: dict[str, str] = {}
    for language in ("zh-hans", "en"):
        with translation.override(language):
            for value, label in choices:
                accepted.setdefault(str(label), value)
    for value, texts in words.items():
        for text in texts:
            accepted.setdefault(text, value)
    return accepted


def accepted_roles() -> dict[str, str]:
    return _accepted(Role.choices, ROLE_WORDS)


def accepted_kinds() -> dict[str, str]:
    return _accepted(DepartmentKind.choices, KIND_WORDS)


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


def account_import_changes(sheet: AccountSheet, *, user=None) -> AccountImportChanges:
    """
    What applying ``sheet`` would do now, with every mistake; ``user`` is
    who imports it (None: the command line). The mistakes found here are
    added to those the reader saw, in a copy: ``sheet`` stays as it was read.
    """
    sheet = AccountSheet.from_dict(sheet.to_dict())
    changes = AccountImportChanges(sheet=sheet)
    directory = DepartmentDirectory()
    units = _Units(sheet, directory, changes)
    for entry in sheet.units:
        units.add(entry)
    units.parents()
    _Accounts(sheet, units, changes, user).check()
    return changes


class _Units:
    """The units of the list matched to departments, their changes and mistakes."""

    def __init__(self, sheet: AccountSheet, directory: DepartmentDirectory, changes):
        self.sheet = sheet
        self.directory = directory
        self.changes = changes
        self.by_name: dict[str, UnitChange] = {}  # the list's unit name → its change
        self.by_department: dict[int, UnitChange] = {}
        # Every department by its id, for the parents (a fixed number of queries).
        self.departments = {d.pk: d for d in Department.objects.all()}

    def add(self, entry: UnitEntry) -> None:
        found = self._found(entry)
        if found is not None and found.pk in self.by_department:
            # Two names of the list for one department (区发改局 on one row, 发改局 on another).
            change = self.by_department[found.pk]
            self.by_name[entry.name] = change
            self._names(change, entry)
            return
        change = UnitChange(entry=entry, department=found)
        self.by_name[entry.name] = change
        self.changes.units.append(change)
        if found is not None:
            self.by_department[found.pk] = change
            if not found.active:
                self.sheet.error(
                    entry.at.get("unit"),
                    "unit",
                    gettext_noop(
                        "%(department)s is no longer active (merged or closed): name the unit "
                        "that took its place."
                    ),
                    department=found.name,
                )
            self._update(change)
        else:
            self._create(change)
        self._names(change, entry)

    def _found(self, entry: UnitEntry) -> Department | None:
        """
        The department a unit of the list is, by its name, else by its other
        names: a unit a plan import made from a short name (区发改局) is the
        list's 洪山区发展和改革局 that gives it as its short name. The preview
        says so, since the list's name then becomes one of the unit's names.
        """
        found = self.directory.find(entry.name)
        if found is not None:
            return found
        for alias in entry.aliases:
            found = self.directory.find(alias)
            if found is not None:
                self.sheet.warn(
                    entry.at.get("unit"),
                    "unit",
                    gettext_noop(
                        "%(unit)s is taken to be %(department)s, which Luoshi knows as "
                        "“%(alias)s”: its name is added to that unit's names."
                    ),
                    unit=entry.name,
                    department=found.name,
                    alias=alias,
                )
                return found
        return None

    def _create(self, change: UnitChange) -> None:
        entry = change.entry
        change.action = CREATE
        change.kind = entry.kind or guess_kind(entry.name)
        change.short_name = entry.aliases[0] if entry.aliases else ""
        self._lengths(entry)

    def _update(self, change: UnitChange) -> None:
        entry, department = change.entry, change.department
        if entry.kind and entry.kind != department.kind:
            change.kind = entry.kind
            change.changes.append(
                FieldChange(
                    "kind", department.get_kind_display(), str(DepartmentKind(entry.kind).label)
                )
            )
        names = {_key(n) for n in entry.names()}
        if entry.aliases and _key(department.short_name) not in names | {_key(department.name)}:
            change.short_name = entry.aliases[0]
            change.changes.append(
                FieldChange("short_name", department.short_name, entry.aliases[0])
            )
        self._lengths(entry)

    def _names(self, change: UnitChange, entry: UnitEntry) -> None:
        """Names of the list that Luoshi does not know for this unit become its aliases."""
        known = {_key(change.name), _key(change.short_name)}
        if change.department is not None:
            known.add(_key(change.department.short_name))
        for index, name in enumerate(entry.names()):
            role = "unit" if index == 0 else "alias"
            found = self.directory.find(name)
            if found is not None and (
                change.department is None or found.pk != change.department.pk
            ):
                self.sheet.error(
                    entry.at.get(role),
                    role,
                    gettext_noop("“%(name)s” is already a name of %(department)s."),
                    name=name,
                    department=found.name,
                )
            elif found is None and _key(name) not in known:
                known.add(_key(name))
                change.aliases.append(name)
        if change.aliases and change.action == SAME:
            change.action = UPDATE
        if change.changes and change.action == SAME:
            change.action = UPDATE

    def _lengths(self, entry: UnitEntry) -> None:
        limits = (
            ("unit", [entry.name], Department._meta.get_field("name").max_length),
            ("alias", entry.aliases[:1], Department._meta.get_field("short_name").max_length),
            ("alias", entry.aliases[1:], 100),
        )
        for role, names, limit in limits:
            for name in names:
                if len(name) > limit:
                    self.sheet.error(
                        entry.at.get(role),
                        role,
                        gettext_noop("“%(name)s” is longer than %(limit)s characters."),
                        name=name,
                        limit=limit,
                    )

    def unit(self, name: str) -> UnitChange | None:
        return self.by_name.get(name)

    def parents(self) -> None:
        """Each unit's parent: a unit of the list, else a department Luoshi knows; no cycles."""
        for change in self.changes.units:
            entry = change.entry
            if not entry.parent:
                continue
            parent = self.by_name.get(entry.parent) or self.directory.find(entry.parent)
            if parent is None:
                self.sheet.error(
                    entry.at.get("parent"),
                    "parent",
                    gettext_noop(
                        "The parent unit %(parent)s is neither in the list nor in Luoshi."
                    ),
                    parent=entry.parent,
                )
                continue
            if isinstance(parent, Department):
                parent = self.by_department.get(parent.pk, parent)
            change.parent = parent
            department = change.department
            current = self.departments.get(department.parent_id) if department else None
            if department is not None and _identity(parent) != _identity(current):
                change.changes.append(FieldChange("parent", str(current or ""), parent.name))
                change.action = UPDATE
        for change in self.changes.units:
            if change.parent is not None and self._in_cycle(change):
                self.sheet.error(
                    change.entry.at.get("parent"),
                    "parent",
                    gettext_noop("%(unit)s would be its own parent unit, through %(parent)s."),
                    unit=change.name,
                    parent=change.parent.name,
                )

    def _up(self, node):
        """The parent of a unit of the list or of a department, as it would be after the import."""
        if isinstance(node, Department):
            node = self.by_department.get(node.pk, node)
        if isinstance(node, UnitChange):
            if node.parent is not None:
                return node.parent
            if node.department is None:
                return None
            node = node.department
        return self.departments.get(node.parent_id) if node.parent_id else None

    def _in_cycle(self, start: UnitChange) -> bool:
        """Whether going up from ``start`` comes back to it."""
        seen = set()
        node = self._up(start)
        while node is not None and _identity(node) not in seen:
            if _identity(node) == _identity(start):
                return True
            seen.add(_identity(node))
            node = self._up(node)
        return False


class _Accounts:
    """The people of the list matched to accounts, their changes and mistakes."""

    def __init__(self, sheet: AccountSheet, units: _Units, changes, user):
        self.sheet, self.units, self.changes, self.importer = sheet, units, changes, user
        self.model = get_user_model()
        names = {p.username.casefold() for p in sheet.people if p.username}
        # One query, whatever the case each name is written in.
        found = (
            self.model.objects.annotate(folded=Lower("username"))
            .filter(folded__in=names)
            .select_related("department")
        )
        self.by_case = {user.username.casefold(): user for user in found}
        self.existing = {user.username: user for user in self.by_case.values()}

    def check(self) -> None:
        for person in self.sheet.people:
            if not person.username:
                continue  # the reader said why
            self._person(person)

    def _person(self, person: PersonEntry) -> None:
        user = self.existing.get(person.username)
        near = self.by_case.get(person.username.casefold())
        if user is None and near is not None:
            self.sheet.error(
                person.at,
                "username",
                gettext_noop(
                    "An account “%(existing)s” exists: write the account name exactly as it is, "
                    "or choose another."
                ),
                existing=near.username,
            )
            return
        if user is not None:
            if not rules.can_import_change_account(self.importer, user):
                self.sheet.error(
                    person.at,
                    "username",
                    gettext_noop(
                        "“%(account)s” is a superuser made on the server: an import does not "
                        "change it. Remove the row."
                    ),
                    account=user.username,
                )
                return
        change = AccountChange(entry=person, user=user)
        unit = self.units.unit(person.unit) if person.unit else None
        if user is None:
            self._new(change, unit)
        else:
            self._existing(change, unit)
        self._valid(change)
        self.changes.accounts.append(change)

    def _new(self, change: AccountChange, unit: UnitChange | None) -> None:
        person = change.entry
        change.action = CREATE
        change.role = person.role or DEFAULT_ROLE
        change.unit = unit
        if not person.name:
            self.sheet.error(
                person.at, "name", gettext_noop("A new account needs the person's name (姓名).")
            )
        if role_needs_department(change.role) and unit is None:
            self.sheet.error(
                person.at,
                "unit",
                gettext_noop("Department staff belong to a unit: fill in its name (单位名称)."),
            )

    def _existing(self, change: AccountChange, unit: UnitChange | None) -> None:
        person, user = change.entry, change.user
        change.role = person.role or user.role
        change.unit = unit if unit is not None else user.department
        values = [
            ("last_name", user.get_full_name(), person.name),
            ("phone", user.phone, person.phone),
            ("email", user.email, person.email),
        ]
        if person.role and person.role != user.role:
            change.changes.append(
                FieldChange("role", user.get_role_display(), role_label(person.role))
            )
        if unit is not None and _identity(unit) != _identity(user.department):
            change.changes.append(FieldChange("department", str(user.department or ""), unit.name))
        for name, old, new in values:
            if new and new != old:
                change.changes.append(FieldChange(name, old, new))
        own = self.importer is not None and user.pk == self.importer.pk
        if own and any(c.field in ("role", "department") for c in change.changes):
            self.sheet.error(
                person.at,
                "role",
                gettext_noop(
                    "This is your own account: an import does not change your own role or unit."
                ),
            )
        if role_needs_department(change.role) and change.unit is None:
            self.sheet.error(
                person.at,
                "unit",
                gettext_noop("Department staff belong to a unit: fill in its name (单位名称)."),
            )
        change.action = UPDATE if change.changes else SAME

    def _valid(self, change: AccountChange) -> None:
        """The values as the account's fields take them; a mistake names the cell."""
        person = change.entry
        model = self.model
        checks = [
            ("username", person.username, model._meta.get_field("username").validators),
            ("name", person.name, model._meta.get_field("last_name").validators),
            ("phone", person.phone, model._meta.get_field("phone").validators),
            ("email", person.email, [EmailValidator(), *model._meta.get_field("email").validators]),
        ]
        for role, value, validators in checks:
            if not value:
                continue
            for validator in validators:
                try:
                    validator(value)
                except ValidationError:
                    self.sheet.error(person.at, role, MESSAGES[role], value=value)
                    break


# The mistake in each kind of cell, whatever the validator that refused it.
MESSAGES = {
    "username": gettext_noop(
        "“%(value)s” cannot be an account name: use at most 150 letters, digits and @ . + - _."
    ),
    "name": gettext_noop("The name “%(value)s” is longer than 150 characters."),
    "phone": gettext_noop("“%(value)s” is not a phone number."),
    "email": gettext_noop("“%(value)s” is not an e-mail address."),
}


def _key(name: str) -> str:
    return "".join((name or "").split()).casefold()


def _identity(node) -> tuple | None:
    """A unit of the list or a department, as one key: a unit found in Luoshi is its department."""
    if node is None:
        return None
    if isinstance(node, UnitChange):
        if node.department is not None:
            return ("department", node.department.pk)
        return ("new", id(node))
    return ("department", node.pk)
