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

- ``changes``: what the import does with each unit and account, and the whole;
- ``units``: the list's units matched to departments;
- ``people``: the list's people matched to accounts;
- ``accepted``: the texts accepted for a role and a unit's kind.
"""

from __future__ import annotations

from ...io.account_imports import AccountSheet
from ..departments import DepartmentDirectory
from .accepted import KIND_WORDS, ROLE_WORDS, accepted_kinds, accepted_roles
from .changes import (
    CREATE,
    DEFAULT_ROLE,
    SAME,
    UPDATE,
    AccountChange,
    AccountImportChanges,
    FieldChange,
    UnitChange,
    role_label,
)
from .people import Accounts
from .units import Units

__all__ = [
    "CREATE",
    "DEFAULT_ROLE",
    "KIND_WORDS",
    "ROLE_WORDS",
    "SAME",
    "UPDATE",
    "AccountChange",
    "AccountImportChanges",
    "FieldChange",
    "UnitChange",
    "accepted_kinds",
    "accepted_roles",
    "account_import_changes",
    "role_label",
]


def account_import_changes(sheet: AccountSheet, *, user=None) -> AccountImportChanges:
    """
    What applying ``sheet`` would do now, with every mistake; ``user`` is
    who imports it (None: the command line). The mistakes found here are
    added to those the reader saw, in a copy: ``sheet`` stays as it was read.
    """
    sheet = AccountSheet.from_dict(sheet.to_dict())
    changes = AccountImportChanges(sheet=sheet)
    directory = DepartmentDirectory()
    units = Units(sheet, directory, changes)
    for entry in sheet.units:
        units.add(entry)
    units.parents()
    Accounts(sheet, units, changes, user).check()
    return changes
