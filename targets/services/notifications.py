"""
Notifications (通知), the writes: an event becomes lines in its recipients'
inboxes and rows of the outbox (e-mails, posts to group robots), all in the
transaction of the change that caused it (``notify``), so an approval that
rolls back leaves nothing to send. The worker that sends the outbox is
``targets.services.notification_delivery``; what the lines say is
``targets.selectors.notifications``.

Also here: marking lines read, a user's preferences, and the administrators'
resend of failed outbox rows.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import rules
from ..choices import DeliveryState, NotificationChannel, NotificationKind, OwnerRole
from ..models import (
    Delivery,
    Department,
    Notification,
    NotificationPreference,
    NotificationWebhook,
)
from ..selectors.compiled import VALUE, compiled

Kind = NotificationKind
Channel = NotificationChannel

# Luoshi's defaults where neither the user nor their department chose: the inbox
# always; e-mail for what asks the reader to act; the group robot for what a
# whole department (or the office) should see. The inbox is the record of what
# was sent and interrupts nobody, so it is not a choice.
DEFAULTS: dict[str, dict[str, bool]] = {
    Channel.EMAIL: {
        Kind.UPDATE_RETURNED: True,
        Kind.UPDATE_APPROVED: False,
        Kind.UPDATE_SUBMITTED: False,
        Kind.GOAL_COMMENTED: True,
        Kind.DUE_SOON: True,
        Kind.OVERDUE: True,
        Kind.PERIOD_OPENED: False,
        Kind.PERIOD_CLOSED: False,
        Kind.PLAN_PUBLISHED: False,
        Kind.ASSESSMENT_PUBLISHED: True,
    },
    Channel.ROBOT: {
        Kind.UPDATE_RETURNED: True,
        Kind.UPDATE_APPROVED: False,
        Kind.UPDATE_SUBMITTED: True,
        Kind.GOAL_COMMENTED: False,
        Kind.DUE_SOON: True,
        Kind.OVERDUE: True,
        Kind.PERIOD_OPENED: True,
        Kind.PERIOD_CLOSED: True,
        Kind.PLAN_PUBLISHED: True,
        Kind.ASSESSMENT_PUBLISHED: True,
    },
}
# The channels a user chooses for themselves; a department also chooses its robot.
USER_CHANNELS = (Channel.EMAIL,)
DEPARTMENT_CHANNELS = (Channel.EMAIL, Channel.ROBOT)


def notify(
    kind: str,
    *,
    link: str,
    params: dict,
    users: Iterable = (),
    departments: Iterable[Department] = (),
    office: bool = False,
    actor=None,
    plan=None,
    goal=None,
    period=None,
    update=None,
) -> list[Notification]:
    """
    Tell of an event: an inbox line for each recipient (the ``users``, the
    active accounts of the ``departments``, and the supervisors when
    ``office``), but not the ``actor`` who caused it; an e-mail row for each
    recipient with an address who wants this event by e-mail; a robot row
    for each active group robot of the departments (and of the office) that
    posts this event. ``params`` are the words of the sentence (the goal's code
    and title, the quarter…), kept so it is written in the reader's language.

    Must run inside the caller's transaction (the outbox): a ``RuntimeError``
    otherwise, since an event written apart from its change could be sent for
    a change that then rolled back.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("notify() runs inside the transaction of the change it tells about")
    departments = list({d.pk: d for d in departments}.values())
    office_robots = None  # whether the office has an active robot, when known
    if office and not users and not departments:
        recipients, office_robots = _office_alone(actor)
    else:
        recipients = _recipients(users, departments, office, actor)
    subject = {
        "plan_id_ref": _id(plan),
        "goal_id_ref": _id(goal),
        "period_id_ref": _id(period),
        "update_id_ref": _id(update),
    }
    lines = Notification.objects.bulk_create(
        Notification(recipient=user, kind=kind, link=link, params=params, **subject)
        for user in recipients
    )
    now = timezone.now()
    wanted = _choices(kind, recipients)

    def delivery(channel, **to):
        return Delivery(
            channel=channel, kind=kind, link=link, params=params, next_attempt_at=now, **to
        )

    rows = [
        delivery(Channel.EMAIL, notification=line)
        for line in lines
        if line.recipient.email and wanted(line.recipient, Channel.EMAIL)
    ]
    rows += [
        delivery(Channel.ROBOT, webhook=webhook)
        for webhook in _robots(kind, departments, office, office_robots)
    ]
    Delivery.objects.bulk_create(rows)
    return lines


def _id(subject) -> int | None:
    """An object's id, or the id itself (a caller with ``goal.plan_id`` loads no plan)."""
    return subject if subject is None or isinstance(subject, int) else subject.pk


def _office_alone(actor) -> tuple[list, bool | None]:
    """
    The office's reviewers but the ``actor`` (an update sent, on every save), and
    whether the office has an active group robot (None when no reviewer is left
    to say): one query, compiled once per process (``selectors.compiled``) and
    run with the actor's id. Building and compiling it cost about as much as
    running it, and most offices post no robot, whose query is then not run.
    """
    reviewers = compiled(
        ("notify: the office's reviewers",),
        lambda: (
            get_user_model()
            .objects.filter(rules.notified_reviewers(), is_active=True)
            .exclude(pk=VALUE)
            .annotate(office_robots=Exists(_office_robots()))
            .order_by("pk")
        ),
    ).rows(actor.pk if actor is not None and actor.pk is not None else VALUE)
    return reviewers, (reviewers[0].office_robots if reviewers else None)


@functools.cache
def _office_robots():
    """The office's active group robots as a query, built once per process."""
    # They have no department, so the model's order (by department, then pk) is
    # the pk's, without joining departments.
    return NotificationWebhook.objects.filter(department__isnull=True, active=True).order_by("pk")


def _recipients(users, departments, office: bool, actor) -> list:
    User = get_user_model()
    # Only the parts asked for: an empty ``pk__in`` still costs building and
    # compiling (the office's notice, on every update sent, has only ``office``).
    wanted = Q()
    if users:
        wanted |= Q(pk__in=[u.pk for u in users])
    if departments:
        wanted |= Q(department__in=[d.pk for d in departments])
    if office:
        wanted |= rules.notified_reviewers()
    if not wanted:
        return []
    found = User.objects.filter(wanted, is_active=True)
    if actor is not None:
        found = found.exclude(pk=actor.pk)
    return list(found.order_by("pk"))


def _choices(kind: str, recipients: list):
    """
    ``wanted(user, channel)``: the user's choice, else their department's, else Luoshi's.
    Asked only about recipients with an e-mail address (the other channels are
    not the user's choice): their choices are read only when there is one.
    """
    own, defaults = {}, {}
    mailed = [u for u in recipients if u.email]
    if mailed:
        departments = {u.department_id for u in mailed if u.department_id}
        preferences = NotificationPreference.objects.filter(
            Q(user__in=[u.pk for u in mailed]) | Q(department__in=departments), kind=kind
        )
        # Into dicts: the model's ordering (a join of departments and users) is not needed.
        for p in preferences.order_by():
            if p.user_id:
                own[p.user_id, p.channel] = p.enabled
            else:
                defaults[p.department_id, p.channel] = p.enabled

    def wanted(user, channel) -> bool:
        if (user.pk, channel) in own:
            return own[user.pk, channel]
        if (user.department_id, channel) in defaults:
            return defaults[user.department_id, channel]
        return DEFAULTS[channel][kind]

    return wanted


def _robots(
    kind: str, departments: list, office: bool, office_robots: bool | None = None
) -> list[NotificationWebhook]:
    """
    The active robots of the departments (and the office's) that post this event.
    ``office_robots``: False when the office is known to have no active robot.
    """
    if departments:
        where = Q(department__in=[d.pk for d in departments])
        if office:
            where |= Q(department__isnull=True)
        robots = list(NotificationWebhook.objects.filter(where, active=True))
    elif office:
        if office_robots is False:  # read with its reviewers: none to post
            return []
        robots = list(_office_robots().all())  # the office's alone: an update sent, every save
    else:
        return []
    if not robots:
        return []
    chosen = {
        p.department_id: p.enabled
        for p in NotificationPreference.objects.filter(
            kind=kind, channel=Channel.ROBOT, department__in={r.department_id for r in robots}
        ).order_by()
    }
    default = DEFAULTS[Channel.ROBOT][kind]
    return [r for r in robots if chosen.get(r.department_id, default)]


# -- what events say and where they link ---------------------------------------------------


def goal_words(goal) -> dict:
    """The goal's code and title as an event keeps them (the title cut to a line)."""
    return {"goal_code": goal.code, "goal_title": goal.title[:80], "goal_id": goal.pk}


def quarter_words(year: int, quarter: int) -> dict:
    return {"year": year, "quarter": quarter}


def goal_owners(goal, *, leads_only: bool = False) -> list[Department]:
    """The goal's departments (its leads only, when asked), in their order."""
    links = goal.assignments.select_related("department")
    if leads_only:
        links = links.filter(role=OwnerRole.LEAD)
    return [link.department for link in links]


def plan_departments(plan) -> list[Department]:
    """The departments that own the plan's live goals (lead or support)."""
    return list(
        Department.objects.filter(
            assignments__goal__plan=plan, assignments__goal__archived=False
        ).distinct()
    )


def update_link(update) -> str:
    """The update's form for its quarter, where a returned update is answered."""
    url = reverse("targets:quarterly_update_edit", args=[update.goal_id])
    return f"{url}?year={update.year}&quarter={update.quarter}"


def quarter_link(year: int, quarter: int) -> str:
    """The dashboard of the quarter: every role opens it."""
    return f"{reverse('targets:dashboard')}?year={year}&quarter={quarter}"


def actor_name(user) -> str:
    return (user.get_full_name() or user.get_username()) if user is not None else ""


# -- the inbox ------------------------------------------------------------------------------


def notifications_mark_read(user, ids: Iterable[int] | None = None) -> int:
    """
    Mark the user's lines read: those of ``ids`` (others' ids are ignored, not
    an error: they are not the user's to mark), or all of them when ``ids`` is
    None. Returns how many changed.
    """
    lines = Notification.objects.visible_to(user).unread()
    if ids is not None:
        lines = lines.filter(pk__in=list(ids))
    return lines.update(read_at=timezone.now())


def notification_preferences_set(user, choices: dict[tuple[str, str], bool]) -> None:
    """
    Save the user's own choices, ``{(kind, channel): on}``, for the channels a
    user chooses (``USER_CHANNELS``); a choice equal to what would apply
    anyway is still kept, so a later change of the department's default does
    not change what the user chose.
    """
    if not rules.is_signed_in(user):
        raise ValidationError(_("Sign in to choose your notifications."))
    valid = {(k, c) for k in Kind.values for c in USER_CHANNELS}
    unknown = set(choices) - valid
    if unknown:
        raise ValidationError(_("Unknown notification setting."), code="unknown")
    with transaction.atomic():
        for (kind, channel), enabled in choices.items():
            NotificationPreference.objects.update_or_create(
                user=user, kind=kind, channel=channel, defaults={"enabled": bool(enabled)}
            )


def effective_preferences(user) -> dict[tuple[str, str], bool]:
    """What applies to the user now for each event and user channel (for the page)."""
    wanted = _choices_for(user)
    return {(k, c): wanted(user, c, k) for k in Kind.values for c in USER_CHANNELS}


def _choices_for(user):
    own = {(p.kind, p.channel): p.enabled for p in NotificationPreference.objects.filter(user=user)}
    defaults = {
        (p.kind, p.channel): p.enabled
        for p in NotificationPreference.objects.filter(
            department_id=user.department_id, user__isnull=True
        )
    }

    def wanted(_user, channel, kind) -> bool:
        key = (kind, channel)
        return own.get(key, defaults.get(key, DEFAULTS[channel][kind]))

    return wanted


# -- the outbox, for administrators ---------------------------------------------------------


def deliveries_resend(deliveries, *, user) -> int:
    """
    Send failed or given-up outbox rows again (the admin's action): due now,
    attempts counted afresh. Rows already sent are left alone, so a message is
    not posted twice by a click. Administrators only.
    """
    rules.require(rules.can_manage_notifications, user)
    resend = deliveries.filter(state__in=[DeliveryState.FAILED, DeliveryState.DEAD])
    return resend.update(
        state=DeliveryState.PENDING,
        attempts=0,
        next_attempt_at=timezone.now(),
        created_at=timezone.now(),
        claimed_by="",
        claimed_at=None,
    )
