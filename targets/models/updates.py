"""Quarterly updates (季度进展) and the actual values they report."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .. import rules
from ..choices import PeriodState, PlanState, ReviewState, UpdateAction, UpdateStatus
from ..periods import Quarter
from .common import MAX_YEAR, MIN_YEAR, HistoricalRecords
from .plans import Goal, Indicator


class QuarterlyUpdateQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Updates of the goals the user may see."""
        return self.filter(goal__in=Goal.objects.visible_to(user))

    def editable_by(self, user):
        """Updates the user may change: those of goals they may report on."""
        return self.filter(goal__in=Goal.objects.reportable_by(user))

    def attachable_by(self, user):
        """
        Updates the user may attach evidence to and remove it from. Staff: the
        updates they may edit, as ``update_edit_mode`` decides a report — a lead
        department's, while its reporting period is open, or after it closed if
        the supervision office returned it. The supervision office: every
        visible update of a live goal of the active plan, before or after its
        period closes.
        """
        from .periods import ReportingPeriod  # periods.py imports this module

        if rules.can_attach_to_any_update(user):
            return (
                self.visible_to(user)
                .filter(goal__archived=False, goal__plan__state=PlanState.ACTIVE)
                .exclude(goal__plan__year_end__state="closed")
            )
        closed = ReportingPeriod.objects.filter(
            plan_id=OuterRef("goal__plan_id"),
            year=OuterRef("year"),
            quarter=OuterRef("quarter"),
            state=PeriodState.CLOSED,
        )
        return (
            self.editable_by(user)
            .filter(~Exists(closed) | Q(review_state=ReviewState.RETURNED))
            .exclude(goal__plan__year_end__state="closed")
        )


class QuarterlyUpdate(models.Model):
    """
    A lead department's progress report (季度进展) on one goal for one quarter:
    a status, the share done, cumulative actual values of the indicators, and
    the narrative the supervision office reads (进展情况 / 存在问题 / 下步计划).
    """

    goal = models.ForeignKey(
        Goal, verbose_name=_("goal"), on_delete=models.PROTECT, related_name="updates"
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(MIN_YEAR), MaxValueValidator(MAX_YEAR)]
    )
    quarter = models.PositiveSmallIntegerField(
        _("quarter"), validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    status = models.CharField(
        _("status"), max_length=20, choices=UpdateStatus.choices, default=UpdateStatus.ON_TRACK
    )
    percent_complete = models.PositiveSmallIntegerField(
        _("percent complete"), default=0, validators=[MaxValueValidator(100)]
    )
    suggested_status = models.CharField(
        _("suggested status"),
        max_length=20,
        choices=UpdateStatus.choices,
        blank=True,
        help_text=_("What actual against expected progress says; the status may differ."),
    )
    override_reason = models.TextField(
        _("reason for a different status"),
        blank=True,
        help_text=_("Required when the status is not the suggested one."),
    )
    expected_percent = models.PositiveSmallIntegerField(
        _("expected progress"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(100)],
        help_text=_("序时进度 for the quarter when the update was submitted."),
    )
    review_state = models.CharField(
        _("review"), max_length=20, choices=ReviewState.choices, default=ReviewState.DRAFT
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reviewed_updates",
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    review_comment = models.TextField(_("review comment"), blank=True)
    version = models.PositiveIntegerField(
        _("version"), default=1, help_text=_("Grows with every save; a stale form is refused.")
    )
    progress = models.TextField(_("progress"))  # 进展情况
    problems = models.TextField(_("problems"), blank=True)  # 存在问题
    next_steps = models.TextField(_("next steps"), blank=True)  # 下步计划
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="submitted_updates",
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["created_at", "updated_at"])
    objects = QuarterlyUpdateQuerySet.as_manager()

    class Meta:
        verbose_name = _("quarterly update")
        verbose_name_plural = _("quarterly updates")
        ordering = ["goal", "year", "quarter"]
        constraints = [
            models.UniqueConstraint(
                fields=["goal", "year", "quarter"],
                name="quarterlyupdate_one_per_goal_and_quarter",
                violation_error_message=_("This goal already has an update for that quarter."),
            ),
            models.CheckConstraint(
                condition=Q(quarter__gte=1, quarter__lte=4),
                name="quarterlyupdate_quarter_1_to_4",
                violation_error_message=_("The quarter must be 1, 2, 3 or 4."),
            ),
            models.CheckConstraint(
                condition=Q(percent_complete__lte=100),
                name="quarterlyupdate_percent_at_most_100",
                violation_error_message=_("Percent complete cannot exceed 100."),
            ),
            models.CheckConstraint(
                condition=Q(year__gte=MIN_YEAR, year__lte=MAX_YEAR),
                name="quarterlyupdate_year_in_range",
            ),
        ]

    def __str__(self):
        return f"{self.goal.code} {self.year}Q{self.quarter}"

    def get_absolute_url(self):
        return (
            reverse("targets:goal_detail", args=[self.goal_id]) + f"#q-{self.year}-{self.quarter}"
        )

    @property
    def period(self) -> Quarter:
        return Quarter(self.year, self.quarter)


class IndicatorActualQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The values reported in the updates the user may see."""
        return self.filter(update__in=QuarterlyUpdate.objects.visible_to(user))


class IndicatorActual(models.Model):
    """
    The cumulative actual value of one indicator reported in one quarterly
    update (e.g. 净增高企 61 家 by the end of Q3).
    """

    update = models.ForeignKey(
        QuarterlyUpdate,
        verbose_name=_("quarterly update"),
        on_delete=models.CASCADE,
        related_name="actuals",
    )
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.PROTECT, related_name="actuals"
    )
    value = models.DecimalField(_("actual value"), max_digits=18, decimal_places=4)

    history = HistoricalRecords()

    objects = IndicatorActualQuerySet.as_manager()

    class Meta:
        verbose_name = _("actual value")
        verbose_name_plural = _("actual values")
        ordering = ["update", "indicator__order", "indicator_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["update", "indicator"],
                name="indicatoractual_one_per_update_and_indicator",
            ),
        ]

    def __str__(self):
        return f"{self.indicator.name}: {self.value}"


class UpdateEventQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The review history of the updates the user may see."""
        return self.filter(update__in=QuarterlyUpdate.objects.visible_to(user))


class UpdateEvent(models.Model):
    """
    One step in an update's life: saved as a draft, submitted, approved,
    returned with a comment, edited after its period closed (with the
    reason). The review timeline on a goal's page is read from these.
    """

    update = models.ForeignKey(
        QuarterlyUpdate,
        verbose_name=_("quarterly update"),
        on_delete=models.CASCADE,
        related_name="events",
    )
    action = models.CharField(_("action"), max_length=20, choices=UpdateAction.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.PROTECT,
        related_name="update_events",
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)
    comment = models.TextField(_("comment"), blank=True)

    objects = UpdateEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("update event")
        verbose_name_plural = _("update events")
        ordering = ["update", "at", "pk"]

    def __str__(self):
        return f"{self.update} {self.get_action_display()}"
