"""
``read_accounts``: a list of departments and accounts read into units and
people, every mistake it can see without the database located by sheet,
row and column.

Lists come as offices keep them, not only as the template:

- rows above the header (a title, "附件2", notes) are skipped; the header is
  found by its words (``columns``), over two rows when a group title
  ("联络员") stands above its columns ("姓名 | 手机");
- a unit merged down over its people counts on every row it covers;
- a row merged across the table, or a lone text in the first column, is a
  heading: a kind of unit ("一、区直部门") sets the kind of the units under
  it; in a table with no unit column, any other heading is the unit of the
  people under it;
- under a person, an empty unit cell is the unit above for a reporter
  (whose role cell is empty or says the default role);
- notes and signatures under the table ("注：…", "填报人：…") are skipped;
- every visible sheet with a header is read (units on one sheet, people on
  another, or both on one); hidden sheets are not, and a warning says so.

A unit named by its short name or an alias on another row is that unit; a
person without an account name is given their mobile number as one.
"""

from __future__ import annotations

import re

from ..draft import gettext_noop
from ..files import DocumentError, file_suffix
from ..update_sheets import CellError
from ..workbook.cells import single_text
from ..workbook.layout import HEADER_SEARCH_ROWS, NOTE, SIGNATURE
from .columns import READ_ROLES, all_column_words, header_key, header_roles
from .entries import AccountSheet, PersonEntry, TableColumns, UnitEntry, Where
from .sheets import SheetRows, workbook_sheets

MAX_BYTES = 10 * 1024 * 1024

# Names in one cell: 区发改局、发改局 / 区发改局;发改局 / one a line.
_NAME_SEPARATORS = re.compile(r"[、,，;；/\n]+")
# "一、", "(二)", "3." before a heading's words.
_HEADING_NUMBER = re.compile(r"^\(?[一二三四五六七八九十百\d]{1,3}[)、.．]\s*")
_MOBILE = re.compile(r"1[3-9]\d{9}")


def key(text: str) -> str:
    """How names and values are compared: no spaces, case folded."""
    return "".join(text.split()).casefold()


def read_accounts(
    name: str,
    data: bytes,
    *,
    roles: dict[str, str],
    kinds: dict[str, str],
    default_role: str,
    max_bytes: int = MAX_BYTES,
) -> AccountSheet:
    """
    Read the list in the workbook ``data`` (called ``name``). ``roles`` and
    ``kinds`` map every accepted text of a role and of a unit's kind (in any
    language, synonyms included) to its value; ``default_role`` is the role
    of a person whose role cell is empty.

    A file that is no list raises ``DocumentError`` (``unsupported``,
    ``too_large``, ``empty``, ``macro``, ``old_excel``, ``unsafe``,
    ``not_xlsx``, ``too_many_rows``, ``no_table``); mistakes in cells are
    collected in ``errors``, all of them.
    """
    suffix = file_suffix(name)
    if suffix not in (".xlsx", ".xlsm", ".xls", ".et"):
        raise DocumentError(
            "unsupported",
            gettext_noop(
                "Unsupported file type %(suffix)s: upload the list as an Excel workbook (.xlsx)."
            ),
            suffix=suffix or "(none)",
        )
    reader = _Reader(roles, kinds, default_role)
    found = False
    for sheet in workbook_sheets(name, data, max_bytes=max_bytes):
        found = reader.sheet(sheet) or found
    if not reader.result.tables:
        if not found:
            raise DocumentError("empty", gettext_noop("The workbook is empty."))
        raise DocumentError(
            "no_table",
            gettext_noop(
                "No sheet of this workbook has a header row naming its columns (单位名称, 姓名, "
                "账号…): download the template and fill that in."
            ),
        )
    reader.finish()
    return reader.result


class _Table:
    """What is known of the table being read on a sheet."""

    def __init__(self, index: int, found, roles, header_row: int, cells: list[str]):
        self.index = index
        self.found = found  # the roles the header's words give
        self.roles = roles  # the roles read: a kind's first column only
        self.header_row = header_row
        self.header_cells = cells
        self.group_unit = ""  # a heading naming the unit of the rows under it
        self.group_kind = ""  # a heading naming the kind of the units under it
        self.last_unit = ""  # the unit of the person above, for an empty cell under it

    def where(self, row: int) -> Where:
        return (self.index, row)


class _Reader:
    """One pass over the rows of every sheet, collecting units and people."""

    def __init__(self, roles: dict[str, str], kinds: dict[str, str], default_role: str):
        self.roles = {key(text): value for text, value in roles.items()}
        self.kinds = {key(text): value for text, value in kinds.items()}
        self.default_role = default_role
        self.result = AccountSheet()
        self.units: dict[str, UnitEntry] = {}
        self.accounts: dict[str, PersonEntry] = {}

    # -- a sheet -------------------------------------------------------------------------

    def sheet(self, sheet: SheetRows) -> bool:
        """Read one sheet; whether it had anything in it."""
        result = self.result
        if not sheet.visible:
            result.warnings.append(_sheet_note(sheet.name, HIDDEN))
            return False
        table: _Table | None = None
        found = False
        for number, cells in sheet.rows:
            if not any(cells):
                continue
            found = True
            if table is None and number > HEADER_SEARCH_ROWS:
                break
            roles = header_roles(cells)
            if roles is not None:
                if table is not None and roles == table.found:
                    continue  # the header again, after a page break
                table = self._header(sheet.name, number, cells, roles)
            elif table is None:
                continue  # a title, a note above the table
            elif number == table.header_row + 1 and all_column_words(cells):
                table = self._header_goes_on(sheet.name, table, number, cells)
            else:
                self._row(table, number, cells)
        if table is None and found:
            result.warnings.append(_sheet_note(sheet.name, NO_HEADER))
        return found

    def _header(self, sheet: str, number: int, cells: list[str], roles) -> _Table:
        index = len(self.result.tables)
        columns = TableColumns(sheet)
        self.result.tables.append(columns)
        where = (index, number)
        read = list(roles)
        labels: dict[str, str] = {}
        for column, (role, cell) in enumerate(zip(roles, cells, strict=False), start=1):
            if role in READ_ROLES and role not in columns.letters:
                columns.letters[role] = _letter(column)
                labels[role] = header_key(cell)
            elif role in READ_ROLES:
                read[column - 1] = None  # the first column of a kind is read
                if header_key(cell) != labels[role]:  # not one header merged across
                    self.result.warn(
                        where,
                        None,
                        gettext_noop(
                            "Column “%(column)s” repeats an earlier one; it was not read."
                        ),
                        column=cell,
                    )
            elif role is None and cell:
                self.result.warn(
                    where,
                    None,
                    gettext_noop("Column “%(column)s” is not one Luoshi reads; it was left out."),
                    column=cell,
                )
        return _Table(index, roles, read, number, cells)

    def _header_goes_on(self, sheet: str, table: _Table, number: int, cells) -> _Table:
        """A header over two rows: a group title above its columns ("联络员" over "姓名 | 手机")."""
        combined = [low or high for high, low in zip(table.header_cells, cells, strict=False)]
        roles = header_roles(combined)
        if roles is None:
            return table
        self.result.tables.pop()
        self.result.warnings = [
            w for w in self.result.warnings if (w.sheet, w.row) != (sheet, table.header_row)
        ]
        return self._header(sheet, number, combined, roles)

    # -- a row ---------------------------------------------------------------------------

    def _row(self, table: _Table, number: int, cells: list[str]) -> None:
        where = table.where(number)
        values = {}
        for role, cell in zip(table.roles, cells, strict=False):
            if role in READ_ROLES and cell and role not in values:
                values[role] = cell
        text = single_text(cells)
        if text is not None and self._heading(table, where, cells, text):
            return
        if not any(values.get(role) for role in ("name", "username", "role", "phone", "email")):
            self._unit_row(table, where, values)
        else:
            self._person(table, where, values)

    def _heading(self, table: _Table, where: Where, cells: list[str], text: str) -> bool:
        """
        A heading row: merged across the table (its text in three cells or
        more, or in all), or a lone text in the first column that is not a
        unit's or a person's cell.
        Notes and signatures under the table are headings that say nothing.
        """
        first = next(i for i, cell in enumerate(cells) if cell)
        # Merged across the table: a unit's name written again as its short name is no heading.
        width = sum(1 for cell in table.header_cells if cell)
        repeated = sum(1 for cell in cells if cell == text)
        merged = repeated >= 3 or repeated >= width > 1
        role = table.roles[first] if first < len(table.roles) else None
        if not merged and not (first == 0 and role not in READ_ROLES):
            return False
        if NOTE.match(text) or SIGNATURE.match(text):
            return True
        words = _HEADING_NUMBER.sub("", text).strip()
        kind = self.kinds.get(key(words))
        if kind is not None:
            table.group_kind = kind
        elif "unit" not in table.roles:
            table.group_unit = words
        else:
            self.result.warn(
                where,
                None,
                gettext_noop("“%(text)s” was read as a heading and left out."),
                text=text,
            )
        return True

    def _unit_row(self, table: _Table, where: Where, values: dict[str, str]) -> None:
        name = values.get("unit") or ("" if "unit" in table.roles else table.group_unit)
        if not name:
            self.result.error(
                where,
                "unit",
                gettext_noop("This row gives no unit name (单位名称) and no person."),
            )
            return
        self._unit(table, where, name, values)
        table.last_unit = ""

    def _unit(self, table: _Table, where: Where, name: str, values: dict[str, str]) -> UnitEntry:
        """The unit ``name``, with what this row says of it."""
        unit = self.units.get(key(name))
        if unit is None:
            unit = self.units[key(name)] = UnitEntry(name=name, at={"unit": where})
            self.result.units.append(unit)
        for alias in _names(values.get("alias", "")):
            if key(alias) != key(unit.name) and key(alias) not in map(key, unit.aliases):
                unit.aliases.append(alias)
                unit.at.setdefault("alias", where)
        kind_text = values.get("kind", "")
        kind = self._kind(where, kind_text) if kind_text else table.group_kind
        if kind and unit.kind and kind != unit.kind and kind_text:
            self.result.error(
                where,
                "kind",
                gettext_noop("This row gives %(unit)s another unit type than row %(row)s."),
                unit=unit.name,
                row=unit.at["kind"][1],
            )
        elif kind and not unit.kind:
            unit.kind = kind
            unit.at["kind"] = where
        parent = values.get("parent", "")
        if parent and unit.parent and key(parent) != key(unit.parent):
            self.result.error(
                where,
                "parent",
                gettext_noop("This row gives %(unit)s another parent unit than row %(row)s."),
                unit=unit.name,
                row=unit.at["parent"][1],
            )
        elif parent and not unit.parent:
            unit.parent = parent
            unit.at["parent"] = where
        return unit

    def _kind(self, where: Where, text: str) -> str:
        kind = self.kinds.get(key(text))
        if kind is None:
            self.result.error(
                where,
                "kind",
                gettext_noop("“%(value)s” is not a unit type: write one of %(choices)s."),
                value=text,
                choices="、".join(self._labels(self.kinds)),
            )
            return ""
        return kind

    def _labels(self, mapping: dict[str, str]) -> list[str]:
        """The first text given for each value (the caller lists the site's labels first)."""
        labels: dict[str, str] = {}
        for text, value in mapping.items():
            labels.setdefault(value, text)
        return list(labels.values())

    def _person(self, table: _Table, where: Where, values: dict[str, str]) -> None:
        result = self.result
        person = PersonEntry(
            at=where,
            name=values.get("name", ""),
            username=values.get("username", ""),
            phone=values.get("phone", ""),
            email=values.get("email", ""),
        )
        role_text = values.get("role", "")
        if role_text:
            person.role = self.roles.get(key(role_text), "")
            if not person.role:
                result.error(
                    where,
                    "role",
                    gettext_noop("“%(value)s” is not a role: write one of %(choices)s."),
                    value=role_text,
                    choices="、".join(self._labels(self.roles)),
                )
        unit = values.get("unit", "")
        if not unit and "unit" not in table.roles:
            unit = table.group_unit
        elif not unit and person.role in ("", self.default_role):
            unit = table.last_unit  # the unit above, for its next reporter
        if unit:
            person.unit = self._unit(table, where, unit, values).name
        table.last_unit = person.unit
        self._account(person)
        result.people.append(person)

    def _account(self, person: PersonEntry) -> None:
        """The person's account name: as written, else their mobile number; never twice."""
        if not person.username:
            digits = "".join(c for c in person.phone if c.isdigit())
            if _MOBILE.fullmatch(digits):
                person.username, person.username_from_phone = digits, True
            else:
                self.result.error(
                    person.at,
                    "username",
                    gettext_noop(
                        "No account name (账号): fill it in, or give a mobile phone number "
                        "to use as the account name."
                    ),
                )
                return
        first = self.accounts.setdefault(key(person.username), person)
        if first is not person:
            self.result.error(
                person.at,
                "username",
                gettext_noop(
                    "The account “%(account)s” is already on sheet %(sheet)s, row %(row)s."
                ),
                account=person.username,
                sheet=self.result.tables[first.at[0]].sheet,
                row=first.at[1],
            )

    # -- the end -----------------------------------------------------------------------

    def finish(self) -> None:
        """
        One unit for one body: a unit named on one row by what another row
        lists as its short name or alias is that unit. Each person's and
        parent's unit is then written as its unit's name.
        """
        result = self.result
        owner: dict[str, UnitEntry] = {}
        for unit in result.units:
            owner.setdefault(key(unit.name), unit)
        for unit in list(result.units):
            if unit not in result.units:
                continue  # folded into another
            for alias in unit.aliases:
                other = owner.get(key(alias))
                if other is None:
                    owner[key(alias)] = unit
                elif other is not unit and key(other.name) == key(alias) and other in result.units:
                    self._fold(other, into=unit)
                    for name in other.names():
                        owner[key(name)] = unit
                elif other is not unit:
                    result.error(
                        unit.at.get("alias"),
                        "alias",
                        gettext_noop("“%(alias)s” is already a name of %(unit)s (row %(row)s)."),
                        alias=alias,
                        unit=other.name,
                        row=other.at["unit"][1],
                    )
        for person in result.people:
            if person.unit:
                person.unit = owner[key(person.unit)].name
        for unit in result.units:
            parent = owner.get(key(unit.parent)) if unit.parent else None
            if parent is unit:
                result.error(
                    unit.at.get("parent"),
                    "parent",
                    gettext_noop("%(unit)s cannot be its own parent unit."),
                    unit=unit.name,
                )
            elif parent is not None:
                unit.parent = parent.name

    def _fold(self, other: UnitEntry, *, into: UnitEntry) -> None:
        """``other`` (named by one of ``into``'s other names) is ``into``."""
        result = self.result
        result.units.remove(other)
        for alias in other.aliases:
            if key(alias) not in map(key, into.names()):
                into.aliases.append(alias)
        for field, role in (("kind", "kind"), ("parent", "parent")):
            mine, theirs = getattr(into, field), getattr(other, field)
            if theirs and mine and key(theirs) != key(mine):
                result.error(
                    other.at.get(field),
                    role,
                    gettext_noop("This row gives %(unit)s another unit type than row %(row)s.")
                    if field == "kind"
                    else gettext_noop(
                        "This row gives %(unit)s another parent unit than row %(row)s."
                    ),
                    unit=into.name,
                    row=into.at.get(field, into.at["unit"])[1],
                )
            elif theirs and not mine:
                setattr(into, field, theirs)
                into.at[field] = other.at[field]


# -- sheet notes ---------------------------------------------------------------------------

HIDDEN = gettext_noop("Sheet %(name)s is hidden; it was not read.")
NO_HEADER = gettext_noop(
    "Sheet %(name)s has no header row naming its columns (单位名称, 姓名, 账号…); it was not read."
)


def _sheet_note(name: str, template: str) -> CellError:
    return CellError(name, None, None, template, {"name": name})


def _names(cell: str) -> list[str]:
    """The names in one cell, each once, in order."""
    names = [name.strip() for name in _NAME_SEPARATORS.split(cell or "")]
    return list(dict.fromkeys(name for name in names if name))


def _letter(column: int) -> str:
    """The letter of a 1-based column (1 → A, 27 → AA)."""
    letters = ""
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    return letters
