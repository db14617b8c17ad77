"""
``manage.py disable_directory_leavers [--dry-run]``: disable the accounts of
people the office's directory no longer lists (removed, or left out by
``LDAP_USER_FILTER``), for cron. They could not sign in anyway; disabling them
ends their open sessions at once and takes them off reminders and lists. Each
one disabled is an entry in the audit log; an administrator enables it again.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from accounts.directory import directory_usernames
from accounts.services import directory_leavers, directory_leavers_disable


class Command(BaseCommand):
    help = (
        "Disable the accounts of the office's directory whose person it no longer lists. "
        "With --dry-run, only lists them."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="List; disable nothing.")

    def handle(self, *args, dry_run, **options):
        if not settings.LDAP_AUTH_URL:
            raise CommandError("LDAP_URL is not set: Luoshi does not use a directory.")
        present = directory_usernames()
        if present is None:
            raise CommandError("The directory could not be read (see the log): nothing disabled.")
        if not present:
            # A wrong search base or filter must not disable everyone.
            raise CommandError(
                "The directory listed nobody: check LDAP_SEARCH_BASE and LDAP_USER_FILTER. "
                "Nothing disabled."
            )
        if dry_run:
            users = directory_leavers(present)
            for user in users:
                self.stdout.write(f"would disable {user.username}")
            self.stdout.write(f"{len(users)} account(s) no longer in the directory (dry run).")
            return
        users = directory_leavers_disable(present)
        for user in users:
            self.stdout.write(f"disabled {user.username}")
        self.stdout.write(f"{len(users)} account(s) no longer in the directory disabled.")
