"""
``manage.py export_plan --year 2023 [--quarter 3] -o FILE.xlsx``: the plan's
goals, owners, targets and quarterly progress as one workbook, the same file
the dashboard's export button gives. Without ``--user`` it holds every goal
(the command line is an administrator's); with ``--user NAME`` exactly what
that account may see. A year without a plan stops with one line and writes
nothing.
"""

import os
import tempfile
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from accounts.choices import Role
from targets.exports.common import ExportError, export_period
from targets.exports.plan import plan_workbook


class Command(BaseCommand):
    help = "Export a plan's goals, owners, targets and quarterly progress to an .xlsx workbook."

    def add_arguments(self, parser):
        parser.add_argument("--year", help="The plan's year (default: the active plan).")
        parser.add_argument(
            "--quarter", help="Progress up to this quarter, 1-4 (default: as the dashboard)."
        )
        parser.add_argument("-o", "--output", required=True, help="The .xlsx file to write.")
        parser.add_argument(
            "--user", help="Export what this account may see (default: every goal)."
        )

    def handle(self, *args, year, quarter, output, user, **options):
        try:
            plan, period = export_period(year, quarter)
        except ExportError as error:
            raise CommandError(str(error)) from error
        reader = self.reader(user)
        path = Path(output)
        if not path.parent.is_dir():
            raise CommandError(f"No such directory: {path.parent}")

        # Write next to the target and rename, so a failed export leaves no half file behind.
        handle, partial = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
        try:
            with os.fdopen(handle, "wb") as stream:
                goals = plan_workbook(plan, period, user=reader, target=stream)
            os.replace(partial, path)
        except BaseException:
            Path(partial).unlink(missing_ok=True)
            raise
        self.stdout.write(f"{path}: {plan.title}, {period}, {goals} goals")

    def reader(self, username):
        """The account the export is for; without one, an administrator who is nobody in person."""
        User = get_user_model()
        if not username:
            return User(username="manage.py", role=Role.ADMIN)
        try:
            return User.objects.get(username=username)
        except User.DoesNotExist:
            raise CommandError(f"No such user: {username}") from None
