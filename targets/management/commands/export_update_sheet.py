"""
``manage.py export_update_sheet --year Y --quarter Q [--department CODE] -o FILE.xlsx``:
write the quarterly fill-in workbook (季度进展填报表) of a department, or of
every department that leads goals, as the department page's download does.
"""

from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from targets.choices import OwnerRole, PlanState
from targets.models import Department, Goal, GoalDepartment
from targets.periods import Quarter
from targets.services.update_sheets import update_sheet_build


class Command(BaseCommand):
    help = (
        "Write the quarterly fill-in workbook of the goals a department leads in the active "
        "plan of --year, filled in from the last report. With --department, one workbook at "
        "-o; without, one per department that leads goals, named FILE-<code>.xlsx beside -o."
    )

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True, help="The plan's year.")
        parser.add_argument(
            "--quarter", type=int, required=True, choices=[1, 2, 3, 4], help="The quarter."
        )
        parser.add_argument("--department", help="The department's code (e.g. fgj).")
        parser.add_argument(
            "-o", "--output", required=True, help="The .xlsx file to write (see above)."
        )

    def handle(self, *args, **options):
        # The workbook speaks the site's language, whoever runs the command.
        with translation.override(settings.LANGUAGE_CODE):
            self.export(**options)

    def export(self, *, year, quarter, department, output, **options):
        period = Quarter(year, quarter)
        output = Path(output)
        if output.suffix.lower() != ".xlsx":
            raise CommandError("The output file must end in .xlsx.")
        if department:
            found = Department.objects.filter(code=department).first()
            if found is None:
                raise CommandError(f"No department has the code {department!r}.")
            self.write(found, period, output)
            return
        leads = GoalDepartment.objects.filter(
            role=OwnerRole.LEAD,
            goal__archived=False,
            goal__plan__year=year,
            goal__plan__state=PlanState.ACTIVE,
        ).values("department_id")
        departments = Department.objects.filter(pk__in=leads)
        if not departments:
            raise CommandError(f"No department leads a goal of an active plan for {year}.")
        for found in departments:
            self.write(found, period, output.with_name(f"{output.stem}-{found.code}.xlsx"))

    def write(self, department, period, path: Path) -> None:
        try:
            content = update_sheet_build(department, period, goals=Goal.objects.all())
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        try:
            path.write_bytes(content)
        except OSError as error:
            raise CommandError(f"Cannot write {path}: {error.strerror or error}") from error
        self.stdout.write(f"{department.code}: {path}")
