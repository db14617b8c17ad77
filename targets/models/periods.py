"""
Reporting periods (报送期) and owners' milestones: when a quarter's reports are
due and whether the period still takes them, and the progress a goal's owner
expects by the end of each quarter (序时进度).
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..choices import PeriodState
from ..periods import Quarter
from .common import MAX_YEAR, MIN_YEAR
from .plans import Goal, Plan


class ReportingPeriodQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The periods of the plans the user may see."""
        return self.filter(plan__in=Plan.objects.visible_to(user))


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

    objects = ReportingPeriodQuerySet.as_manager()

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


class GoalMilestoneQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The milestones of the goals the user may see."""
        return self.filter(goal__in=Goal.objects.visible_to(user))


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

    objects = GoalMilestoneQuerySet.as_manager()

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
