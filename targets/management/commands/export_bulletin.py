"""
``manage.py export_bulletin --year 2023 --quarter 3 [--date 2023-10-08] -o
FILE.docx``: the quarter's supervision bulletin (督查通报), the same document
supervisors download from the dashboard, covering every goal of the plan.
Without ``--year`` or ``--quarter``, the plan and quarter the dashboard opens
on; without ``--date``, dated the day the period closed (its due date while
it is open). A year without a plan, a quarter that does not exist, a date
that is not one or a plan with no goals stops with one line and writes
nothing.
"""

import datetime
import os
import tempfile
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from accounts.choices import Role
from targets.exports.common import ExportError, export_period
from targets.io.bulletin import write_bulletin
from targets.selectors.bulletin import bulletin_data


class Command(BaseCommand):
    help = "Write a quarter's supervision bulletin (督查通报) as a Word .docx document."

    def add_arguments(self, parser):
        parser.add_argument("--year", help="The plan's year (default: the active plan).")
        parser.add_argument("--quarter", help="The quarter, 1-4 (default: as the dashboard).")
        parser.add_argument(
            "--date",
            help="The date it is issued on, YYYY-MM-DD (default: the day the period closed, "
            "or its due date while it is open).",
        )
        parser.add_argument("-o", "--output", required=True, help="The .docx file to write.")

    def handle(self, *args, year, quarter, date, output, **options):
        path = Path(output)
        if not path.parent.is_dir():
            raise CommandError(f"No such directory: {path.parent}")
        issued_on = None
        if date:
            try:
                issued_on = datetime.date.fromisoformat(date)
            except ValueError:
                raise CommandError(f"Not a date (YYYY-MM-DD): {date}") from None
        # The command line is an administrator's: the whole plan, as a supervisor sees it.
        reader = get_user_model()(username="manage.py", role=Role.ADMIN)
        try:
            plan, period = export_period(year, quarter)
            data = bulletin_data(plan, period, user=reader, issued_on=issued_on)
        except ExportError as error:
            raise CommandError(str(error)) from error

        # Write next to the target and rename, so a failed export leaves no half file behind.
        handle, partial = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
        try:
            with os.fdopen(handle, "wb") as stream:
                write_bulletin(data, stream)
            os.replace(partial, path)
        except BaseException:
            Path(partial).unlink(missing_ok=True)
            raise
        figures = data.figures
        self.stdout.write(
            f"{path}: {plan.title}, {period}, {figures.total} goals, "
            f"{figures.behind.count} behind, {len(data.late_departments)} departments late"
        )
