"""
``manage.py purge_audit_log [--days N] [--yes]``: remove the audit log's
entries older than N days (``AUDIT_LOG_RETENTION_DAYS``, 180; fewer than 180
is refused). By default only counts them; with ``--yes`` removes them and
records the purge in the log itself.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from accounts import audit
from accounts.models import AuditEntry


class Command(BaseCommand):
    help = (
        "Remove audit log entries older than --days days (default AUDIT_LOG_RETENTION_DAYS, "
        f"at least {audit.AUDIT_LOG_MIN_DAYS}). Without --yes, only counts them."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, help="Keep this many days (default: the setting).")
        parser.add_argument("--yes", action="store_true", help="Remove; otherwise a dry run.")

    def handle(self, *args, days, yes, **options):
        days = settings.AUDIT_LOG_RETENTION_DAYS if days is None else days
        if days < audit.AUDIT_LOG_MIN_DAYS:
            raise CommandError(
                f"The audit log is kept at least {audit.AUDIT_LOG_MIN_DAYS} days "
                f"(graded protection, 等保 2.0): --days {days} is refused."
            )
        if not yes:
            count = AuditEntry.objects.filter(at__lt=audit.purge_cutoff(days)).count()
            self.stdout.write(
                f"{count} entr{'y' if count == 1 else 'ies'} older than {days} days "
                "(dry run: nothing was removed; add --yes to remove them)."
            )
            return
        count = audit.purge(days)
        self.stdout.write(
            self.style.SUCCESS(
                f"Removed {count} entr{'y' if count == 1 else 'ies'} older than {days} days."
            )
        )
