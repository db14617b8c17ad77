"""
``manage.py disable_inactive_accounts [--days N] [--dry-run]``: disable every
account nobody used for N days (``ACCOUNT_INACTIVE_DAYS``, 90), for cron.
Each one disabled is an entry in the audit log; an administrator enables it
again in the admin.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from accounts.services import inactive_accounts, inactive_accounts_disable


class Command(BaseCommand):
    help = (
        "Disable the accounts not used for --days days (default ACCOUNT_INACTIVE_DAYS): no "
        "sign-in, creation, password reset or re-enabling within that time. Superusers are "
        "left alone. With --dry-run, only lists them."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, help="Days without use (default: the setting).")
        parser.add_argument("--dry-run", action="store_true", help="List; disable nothing.")

    def handle(self, *args, days, dry_run, **options):
        days = settings.ACCOUNT_INACTIVE_DAYS if days is None else days
        if days < 0:
            raise CommandError("--days must be 0 or more.")
        if days == 0:
            self.stdout.write("ACCOUNT_INACTIVE_DAYS is 0: no account is disabled for inactivity.")
            return
        if dry_run:
            users = list(inactive_accounts(days))
            for user in users:
                self.stdout.write(f"would disable {user.username}")
            self.stdout.write(f"{len(users)} account(s) unused for {days} days (dry run).")
            return
        users = inactive_accounts_disable(days)
        for user in users:
            self.stdout.write(f"disabled {user.username}")
        if users:
            self.stdout.write(
                self.style.SUCCESS(f"{len(users)} account(s) unused for {days} days disabled.")
            )
        else:
            self.stdout.write(f"No account unused for {days} days.")
