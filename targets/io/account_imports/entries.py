"""
A list of departments and accounts as read: its units (``UnitEntry``), its
people (``PersonEntry``), and every mistake seen in it (``CellError``, the
quarterly workbook's: sheet, row, column, an English template and its
values), JSON-safe so an import can wait in the database for its preview.

Where a value came from is a ``Where``: the table it was read from (its
sheet and columns, ``TableColumns``) and the row; ``AccountSheet.cell`` turns
it and a column's role into a sheet, a row and a column letter.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..update_sheets import CellError

# (index of the table in ``AccountSheet.tables``, row on its sheet)
Where = tuple[int, int]


@dataclass
class TableColumns:
    """A table of a sheet: the sheet's name and the letter of each column it reads, by role."""

    sheet: str
    letters: dict[str, str] = field(default_factory=dict)


@dataclass
class UnitEntry:
    """
    A department as the list gives it: its name as written, its other names
    (the first is the short name tables use), its kind as a value of the
    caller's ``kinds`` ("" when not given) and its parent's name ("" none).
    ``at`` says where each was given ("unit" where the unit was first named).
    """

    name: str
    aliases: list[str] = field(default_factory=list)
    kind: str = ""
    parent: str = ""
    at: dict[str, Where] = field(default_factory=dict)

    def names(self) -> list[str]:
        return [self.name, *self.aliases]


@dataclass
class PersonEntry:
    """
    A person's account as the list gives it; "" for what it leaves empty.
    ``role`` is a value of the caller's ``roles``; ``unit`` the unit's name
    as written on the row (or above it); ``username_from_phone`` when the
    account column was empty and the mobile number stands for it.
    """

    at: Where
    name: str = ""
    username: str = ""
    role: str = ""
    unit: str = ""
    phone: str = ""
    email: str = ""
    username_from_phone: bool = False


@dataclass
class AccountSheet:
    """Everything read from one file: units, people, tables, mistakes and warnings."""

    units: list[UnitEntry] = field(default_factory=list)
    people: list[PersonEntry] = field(default_factory=list)
    tables: list[TableColumns] = field(default_factory=list)
    errors: list[CellError] = field(default_factory=list)
    warnings: list[CellError] = field(default_factory=list)

    def cell(self, where: Where | None, role: str | None) -> tuple[str, int | None, str | None]:
        """(sheet, row, column letter) of ``role``'s cell on the row ``where``."""
        if where is None:
            return "", None, None
        table = self.tables[where[0]]
        return table.sheet, where[1], table.letters.get(role) if role else None

    def error(self, where: Where | None, role: str | None, template: str, /, **params) -> None:
        """A mistake in ``role``'s cell of the row ``where``; nothing is imported while any is."""
        self.errors.append(CellError(*self.cell(where, role), template, params))

    def warn(self, where: Where | None, role: str | None, template: str, /, **params) -> None:
        """Something the person should know that does not stop the import."""
        self.warnings.append(CellError(*self.cell(where, role), template, params))

    def to_dict(self) -> dict:
        return {
            "units": [
                {
                    "name": u.name,
                    "aliases": list(u.aliases),
                    "kind": u.kind,
                    "parent": u.parent,
                    "at": {key: list(value) for key, value in u.at.items()},
                }
                for u in self.units
            ],
            "people": [{**p.__dict__, "at": list(p.at)} for p in self.people],
            "tables": [{"sheet": t.sheet, "letters": dict(t.letters)} for t in self.tables],
            "errors": [e.to_dict() for e in self.errors],
            "warnings": [w.to_dict() for w in self.warnings],
        }

    @classmethod
    def from_dict(cls, data: dict) -> AccountSheet:
        return cls(
            units=[
                UnitEntry(
                    name=u["name"],
                    aliases=list(u.get("aliases", [])),
                    kind=u.get("kind", ""),
                    parent=u.get("parent", ""),
                    at={key: tuple(value) for key, value in u.get("at", {}).items()},
                )
                for u in data.get("units", [])
            ],
            people=[PersonEntry(**{**p, "at": tuple(p["at"])}) for p in data.get("people", [])],
            tables=[TableColumns(t["sheet"], dict(t["letters"])) for t in data.get("tables", [])],
            errors=[CellError(**e) for e in data.get("errors", [])],
            warnings=[CellError(**w) for w in data.get("warnings", [])],
        )
