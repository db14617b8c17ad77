"""
Account imports (单位和账号导入): a list of departments and accounts read
from a workbook is kept for an administrator to check
(``account_import_create``), then applied once (``account_import_confirm``)
or dropped (``account_import_discard``). ``account_import_apply`` is the one
place a list is written, for the web and ``manage.py import_accounts``:

- in one transaction: one mistake anywhere and nothing is written;
- re-runnable: units are found by any name they go by and accounts by their
  name, so the same list applied twice changes nothing the second time and
  duplicates nothing; an existing account keeps what the list leaves empty,
  and its password;
- each new account gets a generated first password that it must change at
  its first sign-in; the passwords are returned once, for the slips, and
  kept nowhere.

The audit log entry is written by the caller, which knows the request
(``result.audit_details``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts import audit
from accounts.choices import AuditAction
from accounts.passwords import Slip, first_password_hash, generate_password

from ..choices import ImportState
from ..io.account_imports import AccountSheet
from ..models import AccountImport, Department, DepartmentAlias
from ..selectors.account_imports import (
    CREATE,
    UPDATE,
    AccountImportChanges,
    UnitChange,
    account_import_changes,
)
from ..selectors.departments import DepartmentDirectory


@dataclass
class AccountImportResult:
    """What applying a list did: names created and updated, and the new accounts' slips."""

    units_created: list[str] = field(default_factory=list)
    units_updated: list[str] = field(default_factory=list)
    units_unchanged: int = 0
    accounts_created: list[str] = field(default_factory=list)
    accounts_updated: list[str] = field(default_factory=list)
    accounts_unchanged: int = 0
    slips: list[Slip] = field(default_factory=list)
    # (account, its state before, after) for each account whose role, unit or flags changed.
    account_changes: list[tuple] = field(default_factory=list)

    def to_dict(self) -> dict:
        """What is kept of it (no password)."""
        return {
            "units_created": self.units_created,
            "units_updated": self.units_updated,
            "units_unchanged": self.units_unchanged,
            "accounts_created": self.accounts_created,
            "accounts_updated": self.accounts_updated,
            "accounts_unchanged": self.accounts_unchanged,
        }

    def audit_details(self, source_name: str) -> dict:
        """The audit log entry's details: the file, and what it created and updated."""
        return {
            "file": source_name,
            "units_created": len(self.units_created),
            "units_updated": len(self.units_updated),
            "accounts_created": self.accounts_created,
            "accounts_updated": self.accounts_updated,
        }

    def record(self, request, source_name: str) -> None:
        """The audit log: the import, and each account whose role or unit it changed."""
        audit.record(
            request,
            AuditAction.ACCOUNTS_IMPORTED,
            target=source_name,
            details=self.audit_details(source_name),
        )
        for user, before, after in self.account_changes:
            audit.record_account_changes(request, user, before, after)


class StaleImport(Exception):
    """What applying would do is not what the preview showed: something changed since."""

    def __init__(self, changes: AccountImportChanges):
        super().__init__("stale")
        self.changes = changes


def account_import_create(sheet: AccountSheet, *, user, source_name: str) -> AccountImport:
    """Keep a list as read for a person to check; nothing is applied yet."""
    return AccountImport.objects.create(
        source_name=source_name[:255], sheet=sheet.to_dict(), created_by=user
    )


def account_import_confirm(pending: AccountImport, *, user, fingerprint: str):
    """
    Apply a previewed list, if applying it would still do what its preview
    showed (``fingerprint``; else ``StaleImport``). The import is locked
    for the duration, so two administrators confirming at once (on two app
    servers) apply it once.
    """
    with transaction.atomic():
        locked = AccountImport.objects.select_for_update().get(pk=pending.pk)
        if locked.state == ImportState.APPLIED:
            raise ValidationError(
                _("This import was already applied on %(date)s.")
                % {"date": timezone.localtime(locked.applied_at).strftime("%Y-%m-%d %H:%M")},
                code="applied",
            )
        if locked.state != ImportState.PENDING:
            raise ValidationError(_("This import was discarded."), code="discarded")
        result = account_import_apply(
            AccountSheet.from_dict(locked.sheet), user=user, fingerprint=fingerprint
        )
        locked.state = ImportState.APPLIED
        locked.result = {**result.to_dict(), "confirmed_by": str(user)}
        locked.applied_at = timezone.now()
        locked.save(update_fields=["state", "result", "applied_at"])
    pending.refresh_from_db()
    return result


def account_import_discard(pending: AccountImport) -> None:
    """Drop a list nobody wants; it stays listed as discarded."""
    AccountImport.objects.filter(pk=pending.pk, state=ImportState.PENDING).update(
        state=ImportState.DISCARDED
    )


def account_import_apply(
    sheet: AccountSheet, *, user=None, fingerprint: str | None = None
) -> AccountImportResult:
    """
    Write the list: units, then their parents and other names, then the
    accounts, in one transaction. Refused with ``ValidationError`` while it
    has mistakes, and with ``StaleImport`` when ``fingerprint`` is given and
    applying would not do what it says. ``user`` is who imports it (None: a
    command on the server).
    """
    try:
        with transaction.atomic():
            changes = account_import_changes(sheet, user=user)
            if changes.errors:
                count = len(changes.errors)
                raise ValidationError(
                    ngettext(
                        "The list has %(count)s mistake: correct it and upload it again. "
                        "Nothing was imported.",
                        "The list has %(count)s mistakes: correct them and upload it again. "
                        "Nothing was imported.",
                        count,
                    )
                    % {"count": count},
                    code="mistakes",
                )
            if fingerprint is not None and fingerprint != changes.fingerprint:
                raise StaleImport(changes)
            result = AccountImportResult()
            departments = _units(changes, result)
            _accounts(changes, departments, result)
            return result
    except IntegrityError as error:
        # An account or a name made at the same moment by someone else: nothing was written.
        raise ValidationError(
            _(
                "An account or a unit in the list was created by someone else while it was "
                "being imported. Nothing was imported: upload the list again."
            ),
            code="race",
        ) from error


def _units(changes: AccountImportChanges, result: AccountImportResult) -> dict[int, Department]:
    """Create and update the units; the department of each unit of the list, by its id()."""
    directory = DepartmentDirectory()
    departments: dict[int, Department] = {}
    for change in changes.units:
        department = change.department
        if change.action == CREATE:
            department = directory.create(change.entry.name)
            department.short_name = change.short_name or department.short_name
            department.kind = change.kind
            department.save(update_fields=["short_name", "kind"])
            result.units_created.append(department.name)
        elif change.action == UPDATE:
            fields = {c.field for c in change.changes} & {"short_name", "kind"}
            if change.short_name:
                department.short_name = change.short_name
            if change.kind:
                department.kind = change.kind
            if fields:
                department.save(update_fields=sorted(fields))
            result.units_updated.append(department.name)
        else:
            result.units_unchanged += 1
        departments[id(change)] = department
    for change in changes.units:
        department = departments[id(change)]
        if change.parent is not None:
            parent = _department(change.parent, departments)
            if department.parent_id != parent.pk:
                department.parent = parent
                department.save(update_fields=["parent"])
    DepartmentAlias.objects.bulk_create(
        DepartmentAlias(department=departments[id(change)], alias=alias)
        for change in changes.units
        for alias in change.aliases
    )
    return departments


def _department(unit: UnitChange | Department | None, departments) -> Department | None:
    if isinstance(unit, UnitChange):
        return departments[id(unit)]
    return unit


def _accounts(changes: AccountImportChanges, departments, result: AccountImportResult) -> None:
    """Create the new accounts with first passwords; update the others, recording who changed."""
    model = get_user_model()
    now = timezone.now()
    new = []
    for change in changes.accounts:
        person = change.entry
        department = _department(change.unit, departments)
        if change.action == CREATE:
            password = generate_password()
            new.append(
                model(
                    username=person.username,
                    last_name=person.name,
                    role=change.role,
                    department=department,
                    phone=person.phone,
                    email=person.email,
                    password=first_password_hash(password),
                    password_changed_at=now,
                    must_change_password=True,
                )
            )
            unit = str(department) if department else ""
            result.slips.append(Slip(unit, person.name, person.username, password))
            result.accounts_created.append(person.username)
        elif change.action == UPDATE:
            _update(change, department, result)
        else:
            result.accounts_unchanged += 1
    model.objects.bulk_create(new, batch_size=500)


def _update(change, department, result: AccountImportResult) -> None:
    user, person = change.user, change.entry
    changed = {c.field for c in change.changes}
    watched = bool(changed & {"role", "department"})
    before = audit.account_state(user) if watched else None
    if "last_name" in changed:
        user.first_name, user.last_name = "", person.name
        changed.add("first_name")
    if "role" in changed:
        user.role = change.role
    if "department" in changed:
        user.department = department
    if "phone" in changed:
        user.phone = person.phone
    if "email" in changed:
        user.email = person.email
    user.save(update_fields=sorted(changed))
    result.accounts_updated.append(user.username)
    if watched:
        result.account_changes.append((user, before, audit.account_state(user)))
