"""
The year's end (年终): each goal's final result with its indicators' final
values and who confirmed it, the year closed (read-only) or reopened for a
reason, and goals carried on into the next year's plan.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ..choices import GoalResult, YearAction, YearState
from .common import HistoricalRecords
from .plans import Goal, Indicator, Plan


class GoalOutcomeQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The final results of the goals the user may see."""
        return self.filter(goal__in=Goal.objects.visible_to(user))


class GoalOutcome(models.Model):
    """
    A goal's final result after the year's last quarter (已完成 / 基本完成 /
    未完成 / 持续推进), as the supervision office confirmed it, with a note;
    the final value of each indicator is an ``IndicatorOutcome``.
    """

    goal = models.OneToOneField(
        Goal, verbose_name=_("goal"), on_delete=models.PROTECT, related_name="outcome"
    )
    result = models.CharField(_("final result"), max_length=20, choices=GoalResult.choices)
    note = models.TextField(_("note"), blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("confirmed by"),
        on_delete=models.PROTECT,
        related_name="confirmed_outcomes",
    )
    confirmed_at = models.DateTimeField(_("confirmed at"))

    history = HistoricalRecords()
    objects = GoalOutcomeQuerySet.as_manager()

    class Meta:
        verbose_name = _("final result")
        verbose_name_plural = _("final results")
        ordering = ["goal"]

    def __str__(self):
        return f"{self.goal.code} {self.get_result_display()}"

    def get_absolute_url(self):
        return reverse("targets:goal_detail", args=[self.goal_id]) + "#year-end"


class IndicatorOutcomeQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The final values of the goals the user may see."""
        return self.filter(outcome__goal__in=Goal.objects.visible_to(user))


class IndicatorOutcome(models.Model):
    """An indicator's final value for the year, confirmed with its goal's final result."""

    outcome = models.ForeignKey(
        GoalOutcome, verbose_name=_("final result"), on_delete=models.CASCADE, related_name="values"
    )
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.PROTECT, related_name="outcomes"
    )
    value = models.DecimalField(_("final value"), max_digits=18, decimal_places=4)

    history = HistoricalRecords()
    objects = IndicatorOutcomeQuerySet.as_manager()

    class Meta:
        verbose_name = _("final value")
        verbose_name_plural = _("final values")
        ordering = ["outcome", "indicator__order", "indicator_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["outcome", "indicator"], name="indicatoroutcome_one_per_indicator"
            ),
        ]

    def __str__(self):
        return f"{self.indicator.name}: {self.value}"


class YearEndQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The year's end of the plans the user may see."""
        return self.filter(plan__in=Plan.objects.visible_to(user))


class YearEnd(models.Model):
    """
    A plan's year as the office runs its end: open, or closed — then nothing
    of the plan's goals, reports, reviews, periods or final results changes
    until the office reopens it, with a reason (``YearEndEvent``).
    """

    plan = models.OneToOneField(
        Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="year_end"
    )
    state = models.CharField(
        _("state"), max_length=10, choices=YearState.choices, default=YearState.OPEN
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("closed by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="closed_years",
    )

    objects = YearEndQuerySet.as_manager()

    class Meta:
        verbose_name = _("year's end")
        verbose_name_plural = _("years' ends")
        ordering = ["plan"]

    def __str__(self):
        return f"{self.plan} {self.get_state_display()}"

    @property
    def is_closed(self) -> bool:
        return self.state == YearState.CLOSED


class YearEndEventQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The closing and reopening of the plans the user may see."""
        return self.filter(year_end__plan__in=Plan.objects.visible_to(user))


class YearEndEvent(models.Model):
    """The year closed or reopened: who, when, and (reopening) why."""

    year_end = models.ForeignKey(
        YearEnd, verbose_name=_("year's end"), on_delete=models.CASCADE, related_name="events"
    )
    action = models.CharField(_("action"), max_length=10, choices=YearAction.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.PROTECT,
        related_name="year_end_events",
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)
    reason = models.TextField(_("reason"), blank=True)

    objects = YearEndEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("year's end event")
        verbose_name_plural = _("year's end events")
        ordering = ["year_end", "at", "pk"]

    def __str__(self):
        return f"{self.year_end.plan} {self.get_action_display()}"


class GoalCarryOverQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Links whose two goals the user may both see."""
        goals = Goal.objects.visible_to(user)
        return self.filter(source__in=goals, goal__in=goals)


class GoalCarryOver(models.Model):
    """
    A goal carried on into the next year's plan: ``goal`` continues
    ``source`` (延续), with its owners, leaders and targets copied; the
    source keeps its own updates and history, reached through the link.
    """

    source = models.OneToOneField(
        Goal,
        verbose_name=_("continued from"),
        on_delete=models.PROTECT,
        related_name="carried_into",
    )
    goal = models.OneToOneField(
        Goal,
        verbose_name=_("continued as"),
        on_delete=models.PROTECT,
        related_name="carried_from",
    )
    carried_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("carried by"),
        on_delete=models.PROTECT,
        related_name="carried_goals",
    )
    carried_at = models.DateTimeField(_("carried at"), auto_now_add=True)

    objects = GoalCarryOverQuerySet.as_manager()

    class Meta:
        verbose_name = _("goal carried on")
        verbose_name_plural = _("goals carried on")
        ordering = ["source"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(source=models.F("goal")), name="goalcarryover_not_itself"
            ),
        ]

    def __str__(self):
        return f"{self.source} → {self.goal.plan.year} {self.goal.code}"
