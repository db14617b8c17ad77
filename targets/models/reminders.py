"""The reminders (催报) sent to departments that have not reported."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .departments import Department
from .plans import Goal


class ReminderLogQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Who was reminded about a goal: whoever may see the goal."""
        return self.filter(goal__in=Goal.objects.visible_to(user))


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

    objects = ReminderLogQuerySet.as_manager()

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
