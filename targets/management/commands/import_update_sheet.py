"""
``manage.py import_update_sheet FILE.xlsx [--dry-run] [--user USERNAME]``: check
a filled quarterly workbook and apply it, as the upload page does.
"""

from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from accounts import audit
from accounts.choices import AuditAction
from targets.management.files import read_file
from targets.services.update_sheets import (
    MAX_BYTES,
    update_sheet_apply,
    update_sheet_check,
    update_sheet_read,
)


class Command(BaseCommand):
    help = (
        "Import a filled quarterly fill-in workbook (.xlsx). --user names the department "
        "staff account the reports are recorded under (submitted by, history); its rights "
        "apply: only goals its department leads. Without --user only --dry-run is allowed, "
        "and it checks the goals of the department the workbook was made for. Every mistake "
        "is listed by sheet, row and column; with any mistake nothing is written. "
        "With --dry-run nothing is written either."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The filled .xlsx workbook.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Check and show what would change."
        )
        parser.add_argument("--user", help="The staff account to import as (see above).")

    def handle(self, *args, **options):
        # Messages in the site's language, as the upload page shows them.
        with translation.override(settings.LANGUAGE_CODE):
            self.run(**options)

    def run(self, *, file, dry_run, user, **options):
        account = self.account(user) if user else None
        if account is None and not dry_run:
            raise CommandError(
                "Name the staff account to record the import under with --user, "
                "or only check the file with --dry-run."
            )
        path = Path(file)
        sheet = self.read(path)
        if dry_run:
            result = update_sheet_check(sheet, user=account)
        else:
            result = update_sheet_apply(sheet, user=account, source_name=path.name)
            if result.applied:
                audit.record_command(
                    AuditAction.UPDATE_SHEET_IMPORTED,
                    actor=account,
                    target=path.name,
                    details={
                        "period": [result.period.year, result.period.quarter],
                        "goals": sum(1 for change in result.goals if change.writes),
                    },
                )
        for error in result.errors:
            self.stderr.write(str(error))
        if result.errors:
            count = len(result.errors)
            raise CommandError(f"{count} mistake{'s' * (count != 1)}: nothing was imported.")
        for change in result.goals:
            details = "; ".join(f"{c.label}: {c.old} → {c.new}" for c in change.changes)
            line = f"{change.goal.code} {change.action_label}"
            self.stdout.write(f"{line}  {details}" if details else line)
        summary = f"{result.period}: {result.summary()}"
        if dry_run:
            self.stdout.write(f"{summary} (dry run: nothing was written)")
        else:
            self.stdout.write(self.style.SUCCESS(summary))

    def account(self, username):
        account = get_user_model().objects.filter(username=username).first()
        if account is None:
            raise CommandError(f"No user is called {username!r}.")
        if not account.is_department_staff:
            raise CommandError(
                f"{username} is not department staff: only staff of the lead department "
                "report progress."
            )
        return account

    def read(self, path: Path):
        data = read_file(path, MAX_BYTES)
        try:
            return update_sheet_read(path.name, data)
        except ValidationError as error:
            raise CommandError(f"{path.name}: {' '.join(error.messages)}") from error
