"""
The people of a list matched to accounts by their exact name: what changes
in each, and every mistake only the database shows (a name that differs
from an account's only in case, a superuser, one's own role, values the
account's fields refuse).
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator
from django.db.models.functions import Lower
from django.utils.translation import gettext_noop

from accounts.models import role_needs_department

from ... import rules
from ...io.account_imports import AccountSheet, PersonEntry
from .changes import (
    CREATE,
    DEFAULT_ROLE,
    SAME,
    UPDATE,
    AccountChange,
    FieldChange,
    UnitChange,
    identity,
    role_label,
)
from .units import Units


class Accounts:
    """The people of the list matched to accounts, their changes and mistakes."""

    def __init__(self, sheet: AccountSheet, units: Units, changes, user):
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
        if unit is not None and identity(unit) != identity(user.department):
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
