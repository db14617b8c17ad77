"""
Reminders (催报提醒): one e-mail per lead department listing the goals it has
not reported on for a period, sent by ``manage.py send_reminders`` (cron)
and by the supervisors' "send reminders now" button, which share
``reminders_send``.

- Recipients are the department's active users with an e-mail address. A
  department with none gets no e-mail and no log: it is reported (warning in
  the log, listed in the result) so someone adds an address, and the next
  run, even the same day, reaches it.
- A goal is chased at most once a day per period (``ReminderLog``'s unique
  constraint). Its log row is written *before* the e-mail goes out, in the
  same transaction: two runs at once cannot both send, and an e-mail that
  fails to go out leaves no log behind, so the next run retries.
- The constraint is per goal, not per department: a goal led by two
  departments has one log row a day, under the first department reminded,
  whose ``recipients`` lists every address it went to.
- Only a period that still takes reports is chased: an active plan, a
  quarter that has begun, a period not closed.
- E-mails are written in the site's language, whoever presses the button.
"""

from __future__ import annotations

import logging
import smtplib
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .. import rules
from ..choices import NotificationKind
from ..models import Delivery, Department, Goal, Notification, Plan, ReminderLog
from ..periods import Quarter
from ..selectors.chasing import DepartmentMissing, missing_by_department
from ..selectors.periods import Deadline, deadline, takes_reports
from .notifications import notify, quarter_words
from .periods import period_for

logger = logging.getLogger(__name__)


@dataclass
class Reminder:
    """One e-mail to one department (sent, or only shown in a dry run)."""

    department: Department
    recipients: list[str]
    missing: DepartmentMissing
    subject: str
    body: str

    @property
    def goals(self) -> list[Goal]:
        return [item.goal for item in self.missing.goals]


@dataclass
class ReminderRun:
    """What a run of ``reminders_send`` did, or in a dry run would do."""

    plan: Plan
    period: Quarter
    deadline: Deadline
    dry_run: bool
    sent: list[Reminder] = field(default_factory=list)
    # Departments with missing goals but no active user with an e-mail address.
    unreachable: list[DepartmentMissing] = field(default_factory=list)
    # Departments whose e-mail could not be sent (the mail server refused or was down).
    failed: list[DepartmentMissing] = field(default_factory=list)
    # Goals skipped because they were already chased today.
    reminded_today: int = 0

    @property
    def goal_count(self) -> int:
        """Goals reminded about, each once however many departments lead it."""
        return len({goal.pk for reminder in self.sent for goal in reminder.goals})


def _addresses(departments) -> dict[int, list[str]]:
    """The e-mail addresses of each department's active users (one query)."""
    users = (
        get_user_model()
        .objects.filter(department__in=departments, is_active=True)
        .exclude(email="")
        .order_by("username")
        .values_list("department_id", "email")
    )
    result: dict[int, list[str]] = {}
    for department_id, email in users:
        if email not in result.setdefault(department_id, []):
            result[department_id].append(email)
    return result


def _message(missing: DepartmentMissing, recipients, plan, period, due: Deadline) -> Reminder:
    context = {
        "department": missing.department,
        "goals": missing.goals,
        "plan": plan,
        "period": period,
        "deadline": due,
    }
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string("targets/emails/reminder_subject.txt", context)
        body = render_to_string("targets/emails/reminder_body.txt", context)
    # A header cannot hold a line break.
    subject = " ".join(subject.split())
    return Reminder(missing.department, list(recipients), missing, subject, body)


def _claim(item, department, recipients, period, today, claimed) -> bool:
    """
    Record that ``item``'s goal is chased today; False if another run already
    did. A goal led by several departments keeps one row, listing them all.
    """
    log = claimed.get(item.goal.pk)
    if log is not None:
        known = log.recipients.split(", ")
        log.recipients = ", ".join(known + [r for r in recipients if r not in known])
        log.save(update_fields=["recipients"])
        return True
    try:
        # A savepoint, so a clash leaves the department's transaction usable.
        with transaction.atomic():
            claimed[item.goal.pk] = ReminderLog.objects.create(
                department=department,
                goal=item.goal,
                year=period.year,
                quarter=period.quarter,
                sent_on=today,
                recipients=", ".join(recipients),
            )
    except IntegrityError:
        return False
    return True


def reminders_send(plan: Plan, period: Quarter, *, user=None, dry_run: bool = False) -> ReminderRun:
    """
    E-mail each lead department the goals it has not reported on for
    ``period``, skipping goals already chased today, and log each goal.
    ``user`` is who pressed the button (``None`` for the command). With
    ``dry_run`` nothing is sent or written; the result says what would be.

    Raises ``PermissionDenied`` for a user who may not chase, and
    ``ValidationError`` for a period that no longer (or not yet) takes reports.
    """
    if user is not None:
        rules.require(rules.can_send_reminders, user)
    today = timezone.localdate()
    due = _open_deadline(plan, period, today, dry_run=dry_run)
    run = ReminderRun(plan=plan, period=period, deadline=due, dry_run=dry_run)
    groups = missing_by_department(plan, period, Goal.objects.all())
    addresses = _addresses([group.department for group in groups])
    already = set(
        ReminderLog.objects.filter(
            goal__plan=plan, year=period.year, quarter=period.quarter, sent_on=today
        ).values_list("goal_id", flat=True)
    )
    claimed: dict[int, ReminderLog] = {}  # goal id → its log row written by this run
    skipped: set[int] = set()  # goals another run chased today
    for group in groups:
        due_items = []
        for item in group.goals:
            if item.goal.pk in already and item.goal.pk not in claimed:
                skipped.add(item.goal.pk)
            else:
                due_items.append(item)
        if due_items:
            recipients = addresses.get(group.department.pk, [])
            _remind(run, group, due_items, recipients, today, claimed, skipped)
    run.reminded_today = len(skipped - set(claimed))
    return run


def _open_deadline(plan: Plan, period: Quarter, today, *, dry_run: bool) -> Deadline:
    """The period's deadline, or a ``ValidationError`` when it does not take reports."""
    refusal = _("%(period)s of %(plan)s does not take reports, so no reminders are sent.") % {
        "period": period,
        "plan": plan.title,
    }
    if not takes_reports(plan, period):
        raise ValidationError(refusal)
    if dry_run:
        # Read only: period_for would create the period.
        due = deadline(plan, period, today)
    else:
        reporting_period = period_for(plan, period)
        due = Deadline(reporting_period.due_date, reporting_period.is_open, today)
    if not due.is_open:
        raise ValidationError(refusal)
    return due


def _remind(run: ReminderRun, group, items, recipients, today, claimed, skipped) -> None:
    """Remind one department of ``items`` (or say why not) and note it in ``run``."""
    if not recipients:
        # Info, not a warning: the run's result names the department to whoever
        # ran it (the command's output, the page's message); a warning would say
        # it a second time on the console.
        logger.info(
            "No reminder for %s: no active user of the department has an e-mail address.",
            group.department,
        )
        run.unreachable.append(group)
        return
    if run.dry_run:
        pending = DepartmentMissing(group.department, items)
        run.sent.append(_message(pending, recipients, run.plan, run.period, run.deadline))
        return
    reminder = _send(group, items, recipients, run.plan, run.period, run.deadline, today, claimed)
    if reminder is None:
        run.failed.append(group)
        return
    if reminder.missing.goals:
        run.sent.append(reminder)
    # Goals a parallel run claimed between our look and our insert.
    skipped.update(item.goal.pk for item in items if item.goal.pk not in claimed)


def _send(group, items, recipients, plan, period, due, today, claimed) -> Reminder | None:
    """
    Log ``items`` and e-mail them to the department in one transaction.
    Returns the reminder (with no goals if another run chased them all
    meanwhile), or None if the e-mail could not be sent; then nothing is logged.
    """
    kept = {pk: log.recipients for pk, log in claimed.items()}
    try:
        with transaction.atomic():
            items = [
                item
                for item in items
                if _claim(item, group.department, recipients, period, today, claimed)
            ]
            reminder = _message(
                DepartmentMissing(group.department, items), recipients, plan, period, due
            )
            if items:
                EmailMessage(reminder.subject, reminder.body, to=recipients).send()
    except (smtplib.SMTPException, OSError):
        # The rows rolled back with the transaction: forget them so the goals stay due.
        for pk in set(claimed) - set(kept):
            del claimed[pk]
        for pk, text in kept.items():
            claimed[pk].recipients = text
        logger.exception("The reminder to %s could not be sent.", group.department)
        return None
    return reminder


# -- due dates in the inbox and the group robots --------------------------------------------


def deadline_notices_send(plan: Plan, period: Quarter, *, today=None) -> int:
    """
    Tell each lead department that has not reported on ``period`` that its
    due date approaches (``NOTIFY_DUE_DAYS`` days before it, e.g. 3 and 1) or
    has passed (once, the first run after it), by its inbox, e-mail and group
    robot as it chose (``services.notifications.notify``). Run daily by
    ``manage.py notify_deadlines``; a second run the same day tells nobody
    again (each notice is looked for before it is written). Returns how many
    departments were told. A period that no longer takes reports tells nobody.
    """
    today = today or timezone.localdate()
    if not takes_reports(plan, period):
        return 0
    due = deadline(plan, period, today)
    if not due.is_open:
        return 0
    if due.overdue:
        kind, marker = NotificationKind.OVERDUE, "overdue"
    elif due.days_left in settings.NOTIFY_DUE_DAYS:
        kind, marker = NotificationKind.DUE_SOON, f"{due.days_left}d"
    else:
        return 0
    reporting_period = period_for(plan, period)
    told = 0
    for group in missing_by_department(plan, period, Goal.objects.all()):
        department = group.department
        params = {
            **quarter_words(period.year, period.quarter),
            "department": str(department),
            "department_id": department.pk,
            "period_id": reporting_period.pk,
            "count": group.count,
            "due": due.due_date.isoformat(),
            "notice": marker,
        }
        with transaction.atomic():
            if _noticed(kind, params):
                continue
            notify(
                kind,
                link=department.get_absolute_url(),
                params=params,
                departments=[department],
                plan=plan,
                period=reporting_period,
            )
            told += 1
    return told


def _noticed(kind: str, params: dict) -> bool:
    """Whether this notice (department, period, due date, which notice) was already written."""
    same = {
        f"params__{key}": params[key] for key in ("department_id", "period_id", "due", "notice")
    }
    return (
        Notification.objects.filter(kind=kind, **same).exists()
        or Delivery.objects.filter(kind=kind, **same).exists()
    )
