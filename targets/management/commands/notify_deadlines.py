"""
``manage.py notify_deadlines``: tell the departments that have not reported
that their period's due date approaches (``NOTIFY_DUE_DAYS`` days before) or
has passed, in their inbox, by e-mail and in their group, for a daily cron
line beside ``send_reminders``. Each notice is written once; the worker
(``send_notifications``) sends it. Nothing to do is not an error (exit 0).
"""

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import translation
from django.utils.translation import gettext as _

from targets.selectors.periods import reminder_periods
from targets.services.reminders import deadline_notices_send


class Command(BaseCommand):
    help = (
        "Tell the departments that have not reported that the due date of the period open "
        "for reports approaches or has passed (once per notice)."
    )

    def handle(self, *args, **options):
        with translation.override(settings.LANGUAGE_CODE):
            for plan, period in reminder_periods():
                told = deadline_notices_send(plan, period)
                self.stdout.write(
                    _("%(plan)s, %(period)s: %(count)d departments told.")
                    % {"plan": plan.title, "period": period, "count": told}
                )
