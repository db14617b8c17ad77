"""``manage.py backup_database [-o FILE]``: a consistent backup while the app keeps running."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils import timezone

from targets.backups import BackupError, backup


class Command(BaseCommand):
    help = (
        "Back up the database: pg_dump --format=custom on PostgreSQL, the online backup API "
        "on SQLite (never a plain file copy)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "-o",
            "--output",
            help="Where to write the backup (default: backups/luoshi-<date>-<time>.dump|.sqlite3).",
        )

    def handle(self, *args, output, **options):
        if output:
            path = Path(output)
        else:
            stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
            suffix = ".dump" if connection.vendor == "postgresql" else ".sqlite3"
            path = Path(settings.BASE_DIR) / "backups" / f"luoshi-{stamp}{suffix}"
        try:
            backup(path)
        except (BackupError, OSError) as error:
            raise CommandError(str(error)) from error
        size = path.stat().st_size
        self.stdout.write(
            self.style.SUCCESS(f"Backed up {connection.vendor} to {path} ({size:,} bytes).")
        )
