"""``manage.py restore_database FILE --yes``: replace the database's content with a backup."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from targets.backups import BackupError, restore


class Command(BaseCommand):
    help = (
        "Restore a backup made by backup_database into the configured database, replacing "
        "its content. Stop the app servers first."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The backup to restore.")
        parser.add_argument(
            "--yes", action="store_true", help="Do it: the current content is replaced."
        )

    def handle(self, *args, file, yes, **options):
        if not yes:
            raise CommandError(
                f"This replaces everything in the {connection.vendor} database "
                f"“{connection.settings_dict['NAME']}”. Run again with --yes to do it."
            )
        try:
            restore(Path(file))
        except (BackupError, OSError) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(f"Restored {file} into {connection.vendor}."))
