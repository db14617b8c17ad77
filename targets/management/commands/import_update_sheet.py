"""
``manage.py import_update_sheet FILE.xlsx [--dry-run] [--user USERNAME]
[--take-file CODE|all …]``: check a filled quarterly workbook and apply it, as
the upload page does. A report changed in Luoshi after the workbook was
downloaded is kept and listed as a conflict, unless ``--take-file`` names its
goal (or ``all``).
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
    CONFLICT,
    KEPT,
    MAX_BYTES,
    GoalChange,
    update_sheet_apply,
    update_sheet_check,
    update_sheet_read,
)
from targets.services.update_sheets.results import local_time

ALL = "all"


class Command(BaseCommand):
    help = (
        "Import a filled quarterly fill-in workbook (.xlsx). --user names the department "
        "staff account the reports are recorded under (submitted by, history); its rights "
        "apply: only goals its department leads. Without --user only --dry-run is allowed, "
        "and it checks the goals of the department the workbook was made for. Every mistake "
        "is listed by sheet, row and column; with any mistake nothing is written. "
        "With --dry-run nothing is written either. A report changed in Luoshi after the "
        "workbook was downloaded is not overwritten: it is listed as a conflict and kept, "
        "unless --take-file names its goal code (or 'all')."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The filled .xlsx workbook.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Check and show what would change."
        )
        parser.add_argument("--user", help="The staff account to import as (see above).")
        parser.add_argument(
            "--take-file",
            action="append",
            default=[],
            metavar="CODE",
            help=(
                "For this goal's conflict, take the workbook's values over the newer ones in "
                "Luoshi (repeat for several goals; 'all' for every conflict)."
            ),
        )

    def handle(self, *args, **options):
        # Messages in the site's language, as the upload page shows them.
        with translation.override(settings.LANGUAGE_CODE):
            self.run(**options)

    def run(self, *, file, dry_run, user, take_file, **options):
        account = self.account(user) if user else None
        if account is None and not dry_run:
            raise CommandError(
                "Name the staff account to record the import under with --user, "
                "or only check the file with --dry-run."
            )
        path = Path(file)
        sheet = self.read(path)
        chosen = self.chosen(sheet, account, take_file)
        if dry_run:
            result = update_sheet_check(sheet, user=account, take_file=chosen)
        else:
            result = update_sheet_apply(
                sheet, user=account, source_name=path.name, take_file=chosen
            )
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
        if result.note:
            self.stdout.write(result.note)
        for change in result.goals:
            self.stdout.write(self.line(change))
        summary = f"{result.period}: {result.summary()}"
        if dry_run:
            self.stdout.write(f"{summary} (dry run: nothing was written)")
        else:
            self.stdout.write(self.style.SUCCESS(summary))

    def line(self, change: GoalChange) -> str:
        """A goal's line: its code, what the import does, and what it changes or keeps."""
        line = f"{change.goal.code} {change.action_label}"
        if change.action not in (CONFLICT, KEPT):
            details = "; ".join(f"{c.label}: {c.old} → {c.new}" for c in change.changes)
            return f"{line}  {details}" if details else line
        parts = []
        if change.newer is not None:
            when = local_time(change.newer.when)
            parts.append(f"changed in Luoshi by {change.newer.who} at {when} ({change.newer.how})")
        parts += [f"{c.label}: Luoshi {c.old} | workbook {c.new}" for c in change.changes]
        if change.action == KEPT:
            parts.append("the row is as downloaded: the report is left as it is")
        elif change.take_file:
            parts.append("the workbook's values are taken")
        else:
            parts.append(
                f"Luoshi's values are kept (--take-file {change.goal.code} takes the workbook's)"
            )
        return f"{line}  {'; '.join(parts)}"

    def chosen(self, sheet, account, codes: list[str]) -> frozenset[int]:
        """The ids of the goals whose conflict ``--take-file`` settles for the workbook."""
        if not codes:
            return frozenset()
        result = update_sheet_check(sheet, user=account)
        if result.errors:
            return frozenset()  # listed by the run itself
        conflicts = {change.goal.code: change.goal.pk for change in result.conflicts}
        unknown = sorted(set(codes) - set(conflicts) - {ALL})
        if unknown:
            raise CommandError(
                f"Not in conflict: {', '.join(unknown)}. --take-file names goals whose report "
                "was changed in Luoshi after the workbook was downloaded (--dry-run lists them); "
                "nothing was imported."
            )
        if ALL in codes:
            return frozenset(conflicts.values())
        return frozenset(conflicts[code] for code in codes)

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
