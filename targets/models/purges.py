"""The record a purge leaves behind: who removed which plan, when, why, and how many rows."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .common import MAX_YEAR, MIN_YEAR


class PurgeRecord(models.Model):
    """
    A plan removed for good (清除) by an administrator: the only way reported
    data leaves the database. The plan, its goals, updates and their history
    go; this row stays, naming who did it, when, what and why, with the
    number of rows removed of each kind. It is written once by
    ``targets.services.archive.plan_purge`` and never edited or deleted.
    """

    performed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("purged by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="purges",
    )
    # The name as it was, also for the command line, where there may be no account.
    performed_by_name = models.CharField(_("purged by (name)"), max_length=150)
    performed_at = models.DateTimeField(_("purged at"), auto_now_add=True)
    plan_year = models.PositiveSmallIntegerField(_("plan year"))
    plan_title = models.CharField(_("plan title"), max_length=200)
    plan_pk = models.PositiveBigIntegerField(_("plan id"))
    counts = models.JSONField(_("rows removed"), default=dict)
    reason = models.TextField(_("reason"))

    class Meta:
        verbose_name = _("purge record")
        verbose_name_plural = _("purge records")
        ordering = ["-performed_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(plan_year__gte=MIN_YEAR, plan_year__lte=MAX_YEAR),
                name="purgerecord_year_in_range",
            ),
        ]

    def __str__(self):
        return f"{self.plan_year} {self.plan_title} ({self.performed_at:%Y-%m-%d})"
