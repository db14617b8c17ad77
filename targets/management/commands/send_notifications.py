"""
``manage.py send_notifications [--once] [--interval SECONDS]``: the outbox's
worker. By default a long-running loop (a systemd service): it sends what is
due, then sleeps ``--interval`` seconds when nothing is. With ``--once`` it
sends what is due now and exits, for a cron line. Several workers may run at
once, on one machine or several: each row is claimed by one
(``targets.services.notification_delivery``). Exits 0; failures are recorded
on the rows (the admin's outbox) and retried.
"""

import os
import socket
import time

from django.core.management.base import BaseCommand
from django.db import close_old_connections
from django.utils.translation import gettext as _

from targets.services.notification_delivery import deliveries_drain


class Command(BaseCommand):
    help = (
        "Send the notifications waiting in the outbox (e-mail, group robots), retrying "
        "failures with backoff. Loops until stopped; --once sends what is due and exits."
    )

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Send what is due, then exit.")
        parser.add_argument(
            "--interval", type=float, default=5.0, help="Seconds to wait when nothing is due."
        )
        parser.add_argument("--name", default="", help="This worker's name in the outbox.")

    def handle(self, *args, once, interval, name, **options):
        worker = name or f"{socket.gethostname()}:{os.getpid()}"
        while True:
            run = deliveries_drain(worker)
            if run.claimed or once:
                self.stdout.write(
                    _(
                        "%(worker)s: %(sent)d sent, %(failed)d to retry, %(dead)d given up, "
                        "%(deferred)d waiting for a robot's rate (%(messages)d messages)."
                    )
                    % {
                        "worker": worker,
                        "sent": run.sent,
                        "failed": run.failed,
                        "dead": run.dead,
                        "deferred": run.deferred,
                        "messages": run.messages,
                    }
                )
            if once:
                return
            close_old_connections()
            if not run.claimed:
                time.sleep(interval)
