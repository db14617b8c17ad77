"""
``manage.py send_reminders [--dry-run] [--year Y --quarter Q]``: e-mail each
lead department the goals it has not reported on, for cron.

Made for a daily cron line: with no options it chases the period(s) open for
reports (for each active plan, the period its pages open on, if it still
takes reports); when there is none it says so in one line and exits 0, so
cron mails nobody an error between quarters. A goal is chased at most once a
day, so running the command again the same day sends nothing new. Output is
one line per department, in the site's language like the e-mails. It exits
1 only when something could not be done: an e-mail that failed, or a period
asked for with --year/--quarter that does not take reports.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from targets.periods import Quarter
from targets.selectors.periods import reminder_periods
from targets.selectors.plans import plan_for_year
from targets.services.reminders import ReminderRun, reminders_send


class Command(BaseCommand):
    help = (
        "E-mail each lead department the goals it has not reported on (no submitted or "
        "approved update): by default for the period(s) open for reports, or for the "
        "quarter given. Goals already reminded about today are skipped; departments "
        "without an active user with an e-mail address are listed and get nothing. With "
        "--dry-run nothing is sent or recorded. Nothing to do is not an error (exit 0)."
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
            raise CommandError(_("Give --year and --quarter together, or neither."))
        if year is None:
            targets = reminder_periods()
            if not targets:
                self.stdout.write(_("No period is open for reports: no reminders to send."))
                return
        else:
            plan = plan_for_year(year)
            if plan is None:
                raise CommandError(_("No published plan for %(year)s.") % {"year": year})
            targets = [(plan, Quarter(year, quarter))]
        failed = 0
        for plan, period in targets:
            try:
                run = reminders_send(plan, period, dry_run=dry_run)
            except ValidationError as error:
                raise CommandError(" ".join(error.messages)) from error
            self.report(run)
            failed += len(run.failed)
        if failed:
            raise CommandError(
                ngettext(
                    "%(count)d reminder could not be sent.",
                    "%(count)d reminders could not be sent.",
                    failed,
                )
                % {"count": failed}
            )

    def report(self, run: ReminderRun) -> None:
        """What one period's run did: a heading, one line per department, a total."""
        self.stdout.write(
            _("%(plan)s, %(period)s: due %(due)s (%(countdown)s)")
            % {
                "plan": run.plan.title,
                "period": run.period,
                "due": run.deadline.due_date.isoformat(),
                "countdown": run.deadline.countdown,
            }
        )
        for reminder in run.sent:
            values = {
                "department": reminder.department,
                "recipients": ", ".join(reminder.recipients),
                "count": len(reminder.goals),
                "codes": "、".join(goal.code for goal in reminder.goals),
            }
            line = (
                _("Would send to %(department)s <%(recipients)s>: %(count)d goals (%(codes)s)")
                if run.dry_run
                else _("Sent to %(department)s <%(recipients)s>: %(count)d goals (%(codes)s)")
            )
            self.stdout.write(line % values)
        for group in run.unreachable:
            self.stdout.write(
                _(
                    "Not sent to %(department)s: no active user has an e-mail address "
                    "(%(count)d goals not reported)."
                )
                % {"department": group.department, "count": group.count}
            )
        for group in run.failed:
            self.stderr.write(
                _("Could not send to %(department)s: see the log.")
                % {"department": group.department}
            )
        self.stdout.write(self.summary(run))

    def summary(self, run: ReminderRun) -> str:
        values = {
            "sent": len(run.sent),
            "goals": run.goal_count,
            "today": run.reminded_today,
        }
        if run.dry_run:
            return (
                _(
                    "Would send %(sent)d reminders about %(goals)d goals; %(today)d goals "
                    "already reminded about today. Dry run: nothing was sent or recorded."
                )
                % values
            )
        return self.style.SUCCESS(
            _(
                "Sent %(sent)d reminders about %(goals)d goals; %(today)d goals already "
                "reminded about today."
            )
            % values
        )
