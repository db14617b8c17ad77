"""
The units of a list matched to Luoshi's departments: found by any name they
go by (else by one of the list's other names for them), what changes in
each, the names they learn, their parents, and every mistake only the
database shows.
"""

from __future__ import annotations

from django.utils.translation import gettext_noop

from ...choices import DepartmentKind
from ...io.account_imports import AccountSheet, UnitEntry
from ...models import Department
from ..departments import DepartmentDirectory, guess_kind
from .changes import CREATE, SAME, UPDATE, FieldChange, UnitChange, identity, name_key


class Units:
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
        names = {name_key(n) for n in entry.names()}
        if entry.aliases and name_key(department.short_name) not in names | {
            name_key(department.name)
        }:
            change.short_name = entry.aliases[0]
            change.changes.append(
                FieldChange("short_name", department.short_name, entry.aliases[0])
            )
        self._lengths(entry)

    def _names(self, change: UnitChange, entry: UnitEntry) -> None:
        """Names of the list that Luoshi does not know for this unit become its aliases."""
        known = {name_key(change.name), name_key(change.short_name)}
        if change.department is not None:
            known.add(name_key(change.department.short_name))
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
            elif found is None and name_key(name) not in known:
                known.add(name_key(name))
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
            if department is not None and identity(parent) != identity(current):
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
        while node is not None and identity(node) not in seen:
            if identity(node) == identity(start):
                return True
            seen.add(identity(node))
            node = self._up(node)
        return False
