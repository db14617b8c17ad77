"""
Departments and accounts from a workbook (单位和账号名单), with no ORM and no
HTTP: ``read_accounts`` reads a list (the template, or an office's 通讯录 /
联络员名单 as it is kept) into units and people, with every mistake it can
see without the database located by sheet, row and column; the writers make
the template and the file of first passwords. What needs the database (is
the unit known, does the account exist, is the address valid) is
``targets.selectors.account_imports``' work.

Messages are English templates marked with ``gettext_noop`` and combined with
their parameters by the caller, in the user's language.

- ``columns``: the columns, from the words of a header (synonyms included);
- ``sheets``: the sheets as rows of text, merged ranges filled;
- ``reader``: ``read_accounts``;
- ``entries``: what was read (``AccountSheet``: units, people, mistakes), as JSON and back;
- ``writer``: ``write_template`` and ``write_first_passwords``.
"""

from .columns import TEMPLATE_COLUMNS, column_role, header_roles
from .entries import AccountSheet, PersonEntry, TableColumns, UnitEntry
from .reader import MAX_BYTES, read_accounts
from .sheets import MAX_ROWS
from .writer import write_first_passwords, write_template

__all__ = [
    "MAX_BYTES",
    "MAX_ROWS",
    "TEMPLATE_COLUMNS",
    "AccountSheet",
    "PersonEntry",
    "TableColumns",
    "UnitEntry",
    "column_role",
    "header_roles",
    "read_accounts",
    "write_first_passwords",
    "write_template",
]
