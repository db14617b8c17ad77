"""
``manage.py import_accounts FILE.xlsx [--dry-run] [--passwords OUT.xlsx]``:
departments and accounts from a workbook, as the import page does. Every
mistake is listed by sheet, row and column, and with any nothing is
written. New accounts' first passwords are written to a workbook (only
readable by the user running the command), which is the one copy: hand the
passwords out from it and delete it.
"""

import datetime
import os
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from accounts.passwords import site_address
from targets.exports.account_imports import first_passwords_build
from targets.forms.account_imports import document_error_text, read_account_list
from targets.io.account_imports import MAX_BYTES
from targets.io.files import DocumentError
from targets.management.files import read_file
from targets.selectors.account_imports import SAME, account_import_changes
from targets.services.account_imports import account_import_apply
from targets.services.update_sheets import RowError


class Command(BaseCommand):
    help = (
        "Import departments and accounts from a workbook (.xlsx): the template, or a list "
        "with columns such as 单位名称, 姓名, 账号, 角色, 手机, 邮箱. Units and accounts that "
        "exist are updated, never duplicated. Every mistake is listed by sheet, row and "
        "column; with any mistake nothing is written, nor with --dry-run. New accounts get "
        "first passwords, written to the --passwords workbook (default: "
        "first-passwords-<time>.xlsx here), to change at their first sign-in."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The workbook to read.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Check and show what would change."
        )
        parser.add_argument(
            "--passwords",
            metavar="OUT",
            help="Where to write the new accounts' first passwords (.xlsx; must not exist).",
        )

    def handle(self, *args, **options):
        # Messages in the site's language, as the import page shows them.
        with translation.override(settings.LANGUAGE_CODE):
            self.run(**options)

    def run(self, *, file, dry_run, passwords, **options):
        path = Path(file)
        data = read_file(path, MAX_BYTES)
        try:
            sheet = read_account_list(path.name, data)
        except DocumentError as error:
            raise CommandError(f"{path.name}: {document_error_text(error)}") from error
        out = Path(passwords) if passwords else Path(f"first-passwords-{_stamp()}.xlsx")
        if dry_run:
            self.report(account_import_changes(sheet))
            self.stdout.write(_("Dry run: nothing was written."))
            return
        if out.exists():
            raise CommandError(f"{out} exists: name another file with --passwords.")
        with transaction.atomic():
            try:
                result = account_import_apply(sheet)
            except ValidationError as error:
                self.report(account_import_changes(sheet))
                raise CommandError(" ".join(error.messages)) from error
            if result.slips:
                # Written inside the transaction: a file that cannot be written imports nothing.
                self.write(out, result.slips)
            result.record(None, path.name)
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Applied: %(units)s new and %(changed)s changed departments, %(accounts)s "
                    "new and %(updated)s changed accounts."
                )
                % {
                    "units": len(result.units_created),
                    "changed": len(result.units_updated),
                    "accounts": len(result.accounts_created),
                    "updated": len(result.accounts_updated),
                }
            )
        )
        if result.slips:
            self.stdout.write(
                _("First passwords: %(file)s. Hand them out, then delete the file.") % {"file": out}
            )

    def report(self, changes) -> None:
        """Every mistake and warning, then each unit and account that changes."""
        for warning in changes.warnings:
            self.stderr.write(str(RowError.from_cell(warning)))
        for error in changes.errors:
            self.stderr.write(str(RowError.from_cell(error)))
        for unit in changes.units:
            if unit.action != SAME:
                details = "; ".join(f"{c.label}: {c.old} → {c.new}" for c in unit.changes)
                self.stdout.write(f"{unit.action} {unit.name}  {details}".rstrip())
        for account in changes.accounts:
            if account.action != SAME:
                details = "; ".join(f"{c.label}: {c.old} → {c.new}" for c in account.changes)
                line = f"{account.action} {account.entry.username} {account.unit_name}"
                self.stdout.write(f"{line}  {details}".rstrip())
        counts = changes.counts
        self.stdout.write(
            _(
                "Departments: %(units_create)s new, %(units_update)s changed, %(units_same)s "
                "unchanged. Accounts: %(accounts_create)s new, %(accounts_update)s changed, "
                "%(accounts_same)s unchanged. Mistakes: %(errors)s."
            )
            % {**counts, "errors": len(changes.errors)}
        )

    def write(self, out: Path, slips) -> None:
        content = first_passwords_build(slips, site_address())
        try:
            # Readable by the one who ran the command, and never over an existing file.
            descriptor = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(descriptor, "wb") as handle:
                handle.write(content)
        except OSError as error:
            raise CommandError(
                f"Cannot write the first passwords to {out}: {error.strerror or error}. "
                "Nothing was imported."
            ) from error


def _stamp() -> str:
    return datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
