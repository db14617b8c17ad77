"""
The supervision cycle (督查): reporting periods with due dates, the progress
owners expect per quarter, comments on goals, evidence attached to updates,
and the reminders sent to departments that have not reported.
"""

import uuid
from pathlib import PurePath

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ..choices import PeriodState
from ..periods import Quarter
from .common import MAX_YEAR, MIN_YEAR
from .departments import Department
from .plans import Goal, Plan
from .updates import QuarterlyUpdate


class ReportingPeriod(models.Model):
    """
    A quarter of a plan as the supervision office runs it: when reports are
    due, and whether the period still takes them. Periods are created when
    first needed, with the plan's due day; a supervisor may move the due
    date or close and reopen a period.
    """

    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="periods"
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(MIN_YEAR), MaxValueValidator(MAX_YEAR)]
    )
    quarter = models.PositiveSmallIntegerField(
        _("quarter"), validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    due_date = models.DateField(_("due date"))
    state = models.CharField(
        _("state"), max_length=10, choices=PeriodState.choices, default=PeriodState.OPEN
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("closed by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="closed_periods",
    )

    class Meta:
        verbose_name = _("reporting period")
        verbose_name_plural = _("reporting periods")
        ordering = ["plan", "year", "quarter"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "year", "quarter"], name="reportingperiod_one_per_quarter"
            ),
            models.CheckConstraint(
                condition=models.Q(quarter__gte=1, quarter__lte=4),
                name="reportingperiod_quarter_1_to_4",
            ),
        ]

    def __str__(self):
        return f"{self.plan} {self.period}"

    @property
    def period(self) -> Quarter:
        return Quarter(self.year, self.quarter)

    @property
    def is_open(self) -> bool:
        return self.state == PeriodState.OPEN


class GoalMilestone(models.Model):
    """
    The progress a goal's owner expects by the end of a quarter (序时进度),
    when the plain time-elapsed share (25/50/75/100 %) does not fit the work,
    e.g. a school that is built in the second half of the year.
    """

    goal = models.ForeignKey(
        Goal, verbose_name=_("goal"), on_delete=models.CASCADE, related_name="milestones"
    )
    quarter = models.PositiveSmallIntegerField(
        _("quarter"), validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    expected_percent = models.PositiveSmallIntegerField(
        _("expected progress (%)"), validators=[MaxValueValidator(100)]
    )
    note = models.CharField(_("milestone"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["goal", "quarter"]
        constraints = [
            models.UniqueConstraint(
                fields=["goal", "quarter"], name="goalmilestone_one_per_quarter"
            ),
            models.CheckConstraint(
                condition=models.Q(quarter__gte=1, quarter__lte=4, expected_percent__lte=100),
                name="goalmilestone_quarter_and_percent_in_range",
            ),
        ]

    def __str__(self):
        return f"{self.goal.code} Q{self.quarter} {self.expected_percent}%"


class GoalComment(models.Model):
    """A message in a goal's thread between its departments, the supervisors and leaders."""

    goal = models.ForeignKey(
        Goal, verbose_name=_("goal"), on_delete=models.CASCADE, related_name="comments"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="goal_comments",
    )
    text = models.TextField(_("comment"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["goal", "created_at", "pk"]

    def __str__(self):
        return f"{self.goal.code} {self.author}: {self.text[:30]}"


def attachment_path(instance, filename: str) -> str:
    """
    A name no one chose: the uploaded name is kept in the database only, so a
    file called "../../settings.py" or "报告.pdf" cannot clash or escape, and
    every app server finds it under the shared MEDIA_ROOT.
    """
    suffix = PurePath(filename).suffix.lower()[:10]
    return f"attachments/{uuid.uuid4().hex[:2]}/{uuid.uuid4().hex}{suffix}"


class UpdateAttachment(models.Model):
    """
    Evidence attached to a quarterly update (a photo, a signed document).
    Served only through a view that checks the goal is visible to the user.
    """

    update = models.ForeignKey(
        QuarterlyUpdate,
        verbose_name=_("quarterly update"),
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.PROTECT,
        related_name="attachments",
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["update", "uploaded_at", "pk"]

    def __str__(self):
        return self.original_name

    def get_absolute_url(self):
        return reverse("targets:attachment_download", args=[self.pk])


class ReminderLog(models.Model):
    """
    A reminder sent to a department about a goal with no update for a
    period, so the same goal is not chased twice on the same day.
    """

    department = models.ForeignKey(
        Department,
        verbose_name=_("department"),
        on_delete=models.CASCADE,
        related_name="reminders",
    )
    goal = models.ForeignKey(
        Goal, verbose_name=_("goal"), on_delete=models.CASCADE, related_name="reminders"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    quarter = models.PositiveSmallIntegerField(_("quarter"))
    sent_on = models.DateField(_("sent on"))
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)
    recipients = models.TextField(_("recipients"), blank=True)

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        ordering = ["-sent_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["goal", "year", "quarter", "sent_on"],
                name="reminderlog_once_per_goal_period_and_day",
            ),
        ]

    def __str__(self):
        return f"{self.department} {self.goal.code} {self.sent_on}"
