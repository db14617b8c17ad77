"""
``manage.py purge_plan --year Y [--title T] [--reason R] [--user U] [--yes]``:
remove an archived plan for good, with everything reported on it and its
history. By default only says what would go; with ``--yes`` (and a reason) it
purges and leaves a ``PurgeRecord`` naming who, when, what and why.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from targets.choices import PlanState
from targets.models import Plan
from targets.services.archive import plan_purge, plan_purge_summary, purge_lines


class Command(BaseCommand):
    help = (
        "Purge an archived plan for good: its goals, updates, comments, evidence files and "
        "their history. Without --yes, only lists what would be removed. An active or draft "
        "plan is refused: archive it first. Every purge is recorded (who, when, what, why)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True, help="The plan's year.")
        parser.add_argument("--title", help="The plan's title, when the year has several.")
        parser.add_argument("--reason", default="", help="Why the plan is purged (recorded).")
        parser.add_argument(
            "--user", help="The administrator's username, recorded as the one who purged."
        )
        parser.add_argument("--yes", action="store_true", help="Purge; otherwise a dry run.")

    def handle(self, *args, **options):
        with translation.override(settings.LANGUAGE_CODE):
            self.run(**options)

    def run(self, *, year, title, reason, user, yes, **options):
        plans = Plan.objects.filter(year=year)
        if title:
            plans = plans.filter(title=title)
        plans = list(plans)
        if not plans:
            raise CommandError(f"No plan for {year}" + (f" titled {title!r}." if title else "."))
        if len(plans) > 1:
            titles = ", ".join(repr(p.title) for p in plans)
            raise CommandError(f"{year} has several plans ({titles}): choose one with --title.")
        plan = plans[0]
        if plan.state != PlanState.ARCHIVED:
            raise CommandError(
                f"{plan} is {plan.state}, not archived: archive it first (in the admin)."
            )
        account = None
        if user:
            account = get_user_model().objects.filter(username=user).first()
            if account is None:
                raise CommandError(f"No user {user!r}.")

        self.stdout.write(f"{plan}:")
        for line in purge_lines(plan_purge_summary(plan)):
            self.stdout.write(f"  {line}")
        if not yes:
            self.stdout.write("Dry run: nothing was removed. Add --yes and --reason to purge.")
            return
        if not reason.strip():
            raise CommandError("Give the reason with --reason; it is recorded.")
        try:
            record = plan_purge(plan, user=account, reason=reason)
        except (PermissionDenied, ValidationError) as error:
            messages = error.messages if isinstance(error, ValidationError) else [str(error)]
            raise CommandError(" ".join(messages) or "Only administrators purge plans.") from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Purged {plan}; recorded as purge #{record.pk} by {record.performed_by_name}."
            )
        )
