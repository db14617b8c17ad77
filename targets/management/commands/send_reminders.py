"""
``manage.py send_reminders [--dry-run] [--year Y --quarter Q]``: e-mail each
lead department the goals it has not reported on, for cron. A goal is chased
at most once a day, so running the command again the same day sends nothing
new; the schedule (daily in the last weeks before the due date, say) is
cron's to decide.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from targets.periods import Quarter
from targets.selectors.plans import default_quarter, plan_for_year
from targets.services.reminders import reminders_send


class Command(BaseCommand):
    help = (
        "E-mail each lead department the goals it has not reported on (no submitted or "
        "approved update) for a quarter: by default the current quarter of the active plan. "
        "Goals already reminded about today are skipped; departments without an active user "
        "with an e-mail address are listed and get nothing. With --dry-run nothing is sent "
        "or recorded."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Show what would be sent; send nothing."
        )
        parser.add_argument("--year", type=int, help="The plan's year (with --quarter).")
        parser.add_argument("--quarter", type=int, choices=[1, 2, 3, 4], help="1-4.")

    def handle(self, *args, **options):
        # The output and the e-mails in the site's language, as on the pages.
        with translation.override(settings.LANGUAGE_CODE):
            self.run(**options)

    def run(self, *, dry_run, year, quarter, **options):
        if (year is None) != (quarter is None):
            raise CommandError("Give --year and --quarter together, or neither.")
        plan = plan_for_year(year)
        if plan is None:
            raise CommandError(
                f"No published plan for {year}." if year else "No plan has been published."
            )
        period = Quarter(year, quarter) if year else default_quarter(plan)
        try:
            run = reminders_send(plan, period, dry_run=dry_run)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error

        verb = "Would send" if dry_run else "Sent"
        due = run.deadline.due_date.isoformat()
        self.stdout.write(f"{plan.title} {period}: due {due} ({run.deadline.countdown})")
        for reminder in run.sent:
            codes = ", ".join(goal.code for goal in reminder.goals)
            self.stdout.write(
                f"{verb} to {reminder.department} <{', '.join(reminder.recipients)}>: "
                f"{len(reminder.goals)} goal(s): {codes}"
            )
        for group in run.unreachable:
            self.stderr.write(
                f"Not sent to {group.department}: no active user with an e-mail address "
                f"({group.count} goal(s) missing)."
            )
        for group in run.failed:
            self.stderr.write(f"Failed to send to {group.department}: see the log.")
        summary = (
            f"{verb} {len(run.sent)} reminder(s) about {run.goal_count} goal(s); "
            f"{run.reminded_today} goal(s) already reminded about today."
        )
        if dry_run:
            self.stdout.write(f"{summary} (dry run: nothing was sent or recorded)")
        else:
            self.stdout.write(self.style.SUCCESS(summary))
        if run.failed:
            raise CommandError(f"{len(run.failed)} reminder(s) could not be sent.")
