"""
The outbox's worker (``manage.py send_notifications``): claim the rows that
are due, send them, record what the platform answered.

- **Claiming.** A worker takes due rows with ``SELECT … FOR UPDATE SKIP
  LOCKED`` on PostgreSQL (two workers take different rows without waiting on
  each other) and marks them with its claim (``claimed_by``, ``claimed_at``)
  by a conditional ``UPDATE`` that asks again whether each row is still due
  and unclaimed — on SQLite, which has no row locks, that update alone decides.
  A row is sent by the worker whose claim it holds, so once even with several
  workers; a claim older than ``NOTIFY_LEASE`` seconds (a worker that died)
  is taken over.
- **Batching.** A robot's due rows go out together, ``NOTIFY_BATCH_SIZE``
  events a message, and every robot takes at most ``NOTIFY_ROBOT_PER_MINUTE``
  messages a minute: a window kept on the robot's row and counted by
  conditional updates, so every worker process shares it. Rows over the
  limit wait for the next window without counting an attempt.
- **Retrying.** A failure (an error status, the platform's error code, a
  timeout) is retried after ``NOTIFY_RETRY_BASE`` × 2^(attempts−1) seconds
  (at most ``NOTIFY_RETRY_MAX``), until the row is older than
  ``NOTIFY_MAX_AGE``: then it is dead, with the last answer, for the
  administrators to see and resend (``deliveries_resend``).

If a worker dies between sending and recording, its rows are sent again
once the lease has passed: at least once, never lost; the window is the
seconds of one send.
"""

from __future__ import annotations

import datetime
import uuid
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import get_connection
from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ..choices import DeliveryState, NotificationChannel
from ..models import Delivery, NotificationWebhook
from ..notify import Answer, Item, Message
from ..notify.mail import EmailChannel
from ..notify.robots import ROBOTS, Robot
from ..selectors.notifications import notification_text, notification_title

CLAIM_SIZE = 200


@dataclass
class Run:
    """What one pass did, for the command's output and the benchmark."""

    claimed: int = 0
    sent: int = 0
    failed: int = 0
    dead: int = 0
    deferred: int = 0  # over a robot's rate: left for its next window
    messages: int = 0  # HTTP posts and e-mails attempted
    answers: list[str] = field(default_factory=list)

    def add(self, other: Run) -> None:
        for name in ("claimed", "sent", "failed", "dead", "deferred", "messages"):
            setattr(self, name, getattr(self, name) + getattr(other, name))


def _due(now: datetime.datetime) -> Q:
    lease = datetime.timedelta(seconds=settings.NOTIFY_LEASE)
    return Q(state__in=[DeliveryState.PENDING, DeliveryState.FAILED], next_attempt_at__lte=now) & (
        Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - lease)
    )


def deliveries_claim(worker: str, *, now=None, limit: int = CLAIM_SIZE) -> tuple[str, list]:
    """
    Claim up to ``limit`` due rows for ``worker``; returns the claim's token
    and the rows it holds (with their robots and recipients read).
    """
    now = now or timezone.now()
    token = f"{worker[:60]}:{uuid.uuid4().hex[:12]}"
    with transaction.atomic():
        # A robot's due rows together, so that they go out in full batches rather
        # than a few per pass (a pass of rows in due order mixes every robot's).
        candidates = Delivery.objects.filter(_due(now)).order_by("webhook_id", "pk")
        if connection.features.has_select_for_update_skip_locked:
            candidates = candidates.select_for_update(skip_locked=True)
        ids = list(candidates.values_list("pk", flat=True)[:limit])
        if not ids:
            return token, []
        # Asked again in the UPDATE: on SQLite another worker may have claimed
        # some since the SELECT; only rows still due and unclaimed are taken.
        Delivery.objects.filter(_due(now), pk__in=ids).update(claimed_by=token, claimed_at=now)
    rows = list(
        Delivery.objects.filter(claimed_by=token)
        .select_related("webhook", "notification__recipient")
        .order_by("created_at", "pk")
    )
    return token, rows


def _take_slot(webhook: NotificationWebhook, now) -> datetime.datetime | None:
    """
    One message of the robot's rate: None when taken, else when its window
    ends. Two conditional updates, so workers in other processes count alike.
    """
    minute = datetime.timedelta(seconds=60)
    robots = NotificationWebhook.objects.filter(pk=webhook.pk)
    fresh = robots.filter(
        Q(window_started_at__isnull=True) | Q(window_started_at__lte=now - minute)
    )
    with transaction.atomic():  # one commit for both questions
        if fresh.update(window_started_at=now, window_count=1):
            return None
        if robots.filter(window_count__lt=settings.NOTIFY_ROBOT_PER_MINUTE).update(
            window_count=F("window_count") + 1
        ):
            return None
        started = robots.values_list("window_started_at", flat=True).first() or now
    return started + minute


def _absolute(link: str) -> str:
    """Links as a chat or a mail client opens them: with the site's address (SITE_URL)."""
    base = settings.SITE_URL.rstrip("/")
    return f"{base}{link}" if link.startswith("/") and base else link


def _item(row: Delivery) -> Item:
    return Item(
        notification_title(row.kind), notification_text(row.kind, row.params), _absolute(row.link)
    )


def robot_message(rows: list[Delivery]) -> Message:
    """The robot's message for a batch of events, in the site's language."""
    heading = ngettext(
        "Luoshi: %(count)d notification", "Luoshi: %(count)d notifications", len(rows)
    ) % {"count": len(rows)}
    return Message(heading, [_item(row) for row in rows], footer=_("Open in Luoshi"))


def robot_for(webhook: NotificationWebhook) -> Robot:
    """The channel class of the robot's platform, with its address and secret."""
    return ROBOTS[webhook.platform](
        base_url=webhook.address,
        token=webhook.token,
        secret=webhook.secret,
        timeout=settings.NOTIFY_TIMEOUT,
    )


def _record(rows: list[Delivery], token: str, answer: Answer, now, batch=None) -> Run:
    """Write the answer on the rows this claim holds: sent, failed (to retry) or dead."""
    run = Run()
    ids = [row.pk for row in rows]
    held = Delivery.objects.filter(pk__in=ids, claimed_by=token)
    released = {"claimed_by": "", "claimed_at": None, "last_response": answer.response}
    if answer.delivered:
        # The claim stays on a sent row: which worker sent it, and when.
        run.sent = held.update(
            state=DeliveryState.SENT,
            sent_at=now,
            attempts=F("attempts") + 1,
            batch=batch,
            last_response=answer.response,
        )
        return run
    max_age = datetime.timedelta(seconds=settings.NOTIFY_MAX_AGE)
    with transaction.atomic():  # one commit for the batch's rows, not one each
        for row in rows:
            run.add(_record_failure(row, held, released, now, max_age))
    return run


def _record_failure(row, held, released, now, max_age) -> Run:
    """One row's failure: retried after its backoff, or dead once too old."""
    run = Run()
    attempts = row.attempts + 1
    if now - row.created_at >= max_age:
        state, next_at = DeliveryState.DEAD, None
        run.dead = 1
    else:
        wait = min(settings.NOTIFY_RETRY_BASE * 2 ** (attempts - 1), settings.NOTIFY_RETRY_MAX)
        state, next_at = DeliveryState.FAILED, now + datetime.timedelta(seconds=wait)
        run.failed = 1
    held.filter(pk=row.pk).update(
        state=state, attempts=attempts, next_attempt_at=next_at, **released
    )
    return run


def _defer(rows: list[Delivery], token: str, until) -> int:
    """Rows over the robot's rate: due again when its window ends, no attempt counted."""
    return Delivery.objects.filter(pk__in=[r.pk for r in rows], claimed_by=token).update(
        next_attempt_at=until, claimed_by="", claimed_at=None
    )


def _send_robot_rows(webhook, rows, token) -> Run:
    run = Run()
    robot = robot_for(webhook)
    size = max(settings.NOTIFY_BATCH_SIZE, 1)
    batches = [rows[i : i + size] for i in range(0, len(rows), size)]
    for index, batch in enumerate(batches):
        now = timezone.now()
        wait_until = _take_slot(webhook, now)
        if wait_until is not None:
            rest = [row for later in batches[index:] for row in later]
            run.deferred += _defer(rest, token, wait_until)
            break
        answer = robot.send(robot_message(batch))
        run.messages += 1
        run.answers.append(answer.response)
        run.add(_record(batch, token, answer, timezone.now(), batch=uuid.uuid4()))
    return run


def _send_email_rows(rows, token) -> Run:
    run = Run()
    channel = EmailChannel(connection=get_connection(fail_silently=False))
    for row in rows:
        recipient = row.notification.recipient
        item = _item(row)
        message = Message(item.title, [item], footer=_("Open in Luoshi"))
        subject = _("[Luoshi] %(title)s") % {"title": item.title}
        if recipient.email and recipient.is_active:
            answer = channel.send(recipient.email, subject, message)
        else:
            answer = Answer(False, "no e-mail address")
        run.messages += 1
        run.add(_record([row], token, answer, timezone.now()))
    return run


def deliveries_send(worker: str) -> Run:
    """
    One pass: claim the due rows, send each robot's in batches and each
    e-mail, record the answers. Messages are written in the site's language
    (the interface's default), since a group or a mailbox has no other.
    """
    token, rows = deliveries_claim(worker)
    run = Run(claimed=len(rows))
    if not rows:
        return run
    by_robot: dict[int, list[Delivery]] = defaultdict(list)
    emails = []
    for row in rows:
        if row.channel == NotificationChannel.ROBOT:
            by_robot[row.webhook_id].append(row)
        else:
            emails.append(row)
    with translation.override(settings.LANGUAGE_CODE):
        for robot_rows in by_robot.values():
            webhook = robot_rows[0].webhook
            if not webhook.active:
                answer = Answer(False, "the robot is switched off")
                run.add(_record(robot_rows, token, answer, timezone.now()))
                continue
            run.add(_send_robot_rows(webhook, robot_rows, token))
        if emails:
            run.add(_send_email_rows(emails, token))
    return run


def deliveries_drain(worker: str, *, max_passes: int = 10_000) -> Run:
    """Passes until nothing is due now (``--once``, for cron): what is due is sent or retried."""
    total = Run()
    for _pass in range(max_passes):
        run = deliveries_send(worker)
        total.add(run)
        if not run.claimed or (run.sent + run.failed + run.dead == 0):
            break
    return total
