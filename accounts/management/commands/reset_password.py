"""
``manage.py reset_password USERNAME [--enable]``: give an account a new first password,
printed once, which the person must replace at their next sign-in; their
sign-in locks are lifted. For when no administrator can sign in to the admin
(whose "reset passwords" action does the same). Recorded in the audit log.
"""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from accounts.services import account_enable, password_reset


class Command(BaseCommand):
    help = (
        "Give an account a new generated first password (printed once) that must be "
        "changed at the next sign-in, and lift its sign-in locks."
    )

    def add_arguments(self, parser):
        parser.add_argument("username", help="The account's name.")
        parser.add_argument(
            "--enable", action="store_true", help="Also enable the account if it is disabled."
        )

    def handle(self, *args, username, enable, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user is called {username!r}.")
        password = password_reset(user, request=None)
        self.stdout.write(f"New first password for {user.username}: {password}")
        self.stdout.write("It is shown only now; it must be changed at the next sign-in.")
        if enable and account_enable(user, request=None):
            self.stdout.write(f"{user.username} was disabled and is enabled again.")
        elif not user.is_active:
            self.stdout.write(
                f"{user.username} is disabled: add --enable, or enable it in the admin."
            )
