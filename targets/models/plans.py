"""Plans, their section tree, goals with owners, and numeric indicators."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, F, OuterRef, Q, Value
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .. import rules
from ..choices import Comparator, OwnerRole, PlanState
from ..formatting import format_target
from .common import MAX_YEAR, MIN_YEAR, HistoricalRecords
from .departments import Department, Leader


class PlanQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Drafts are for admins; everyone signed in sees published and archived plans."""
        if not rules.is_signed_in(user):
            return self.none()
        if rules.can_see_draft_plans(user):
            return self
        return self.exclude(state=PlanState.DRAFT)


class Plan(models.Model):
    """
    One year's work report (政府工作报告) or its decomposition plan (分解方案).
    The source text is kept verbatim so every goal can be traced to its words.
    At most one plan per year is active: it is the one dashboards follow.
    """

    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(MIN_YEAR), MaxValueValidator(MAX_YEAR)]
    )
    title = models.CharField(_("title"), max_length=200)
    source_text = models.TextField(_("source text"), blank=True)
    state = models.CharField(
        _("state"), max_length=20, choices=PlanState.choices, default=PlanState.DRAFT
    )
    due_day = models.PositiveSmallIntegerField(
        _("due day"),
        default=25,
        validators=[MinValueValidator(1), MaxValueValidator(31)],
        help_text=_("Reports are due on this day of each quarter's last month."),
    )
    yellow_gap = models.PositiveSmallIntegerField(
        _("yellow from (points behind)"),
        default=10,
        validators=[MaxValueValidator(100)],
        help_text=_("A goal this many points behind its expected progress is at risk."),
    )
    red_gap = models.PositiveSmallIntegerField(
        _("red beyond (points behind)"),
        default=30,
        validators=[MaxValueValidator(100)],
        help_text=_("A goal more than this many points behind is behind schedule."),
    )
    # Two administrators editing the plan (its thresholds, its sections) at
    # once: the second save is refused (targets/admin_versions.py).
    version = models.PositiveIntegerField(
        _("version"), default=1, help_text=_("Grows with every save; a stale form is refused.")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    # Archiving and restoring a plan are recorded like edits to its goals; the
    # source text is kept out, as it is on the plan itself and never edited.
    history = HistoricalRecords(excluded_fields=["created_at", "updated_at", "source_text"])
    objects = PlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        ordering = ["-year", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "title"],
                name="plan_unique_year_title",
                violation_error_message=_("A plan with this year and title already exists."),
            ),
            models.UniqueConstraint(
                fields=["year"],
                condition=Q(state=PlanState.ACTIVE),
                name="plan_one_active_per_year",
                violation_error_message=_("Another plan is already active for this year."),
            ),
            models.CheckConstraint(
                condition=Q(year__gte=MIN_YEAR, year__lte=MAX_YEAR),
                name="plan_year_in_range",
            ),
            models.CheckConstraint(
                condition=Q(yellow_gap__lte=F("red_gap")),
                name="plan_yellow_before_red",
                violation_error_message=_("Yellow must start at or before red."),
            ),
        ]

    def __str__(self):
        # Reports are titled with their year (2023年洪山区政府工作报告): say it once.
        return self.title if str(self.year) in self.title else f"{self.year} {self.title}"


class SectionQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The outline of the plans the user may see."""
        return self.filter(plan__in=Plan.objects.visible_to(user))


class Section(models.Model):
    """
    A node of the report's outline: a chapter (一是… / 一、), a sub-section
    ((一)) or a theme line ("加快产业项目落地。"). ``order`` is the position in a
    pre-order walk of the whole plan, so one ORDER BY lists the tree.
    """

    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="sections"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent section"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
    )
    number = models.CharField(
        _("number"),
        max_length=20,
        blank=True,
        help_text=_("As written, e.g. 二是, 一、 or （一）."),
    )
    code = models.CharField(
        _("code"),
        max_length=32,
        blank=True,
        help_text=_("Position in the outline, e.g. 3.1; goal codes start with it."),
    )
    title = models.CharField(_("title"), max_length=300)
    intro = models.TextField(
        _("introduction"), blank=True, help_text=_("Text under the heading that is not a task.")
    )
    leaders = models.ManyToManyField(
        Leader, verbose_name=_("leaders"), blank=True, related_name="sections"
    )
    order = models.PositiveIntegerField(_("order"), default=0)

    objects = SectionQuerySet.as_manager()

    class Meta:
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        ordering = ["plan", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "code"],
                condition=~Q(code=""),
                name="section_unique_code_per_plan",
            ),
        ]

    def __str__(self):
        return f"{self.number}{self.title}"

    @staticmethod
    def depths(parent_of: dict[int, int | None]) -> dict[int, int]:
        """Each section's depth in its tree (0 for a chapter), from ``{pk: parent pk}``."""
        depths: dict[int, int] = {}
        for pk in parent_of:
            depth, cursor = 0, parent_of[pk]
            while cursor is not None and depth < 20:
                depth, cursor = depth + 1, parent_of.get(cursor)
            depths[pk] = depth
        return depths


class GoalQuerySet(models.QuerySet):
    def active(self):
        """Goals that are followed: not archived."""
        return self.filter(archived=False)

    def visible_to(self, user):
        """
        Staff see the goals their department leads or supports; supervisors,
        leaders and admins see all. Only admins see goals of draft plans.
        """
        if not rules.is_signed_in(user):
            return self.none()
        qs = self if rules.can_see_draft_plans(user) else self.exclude(plan__state=PlanState.DRAFT)
        if rules.can_see_all_departments(user):
            return qs
        if user.department_id is None:
            return qs.none()
        return qs.filter(
            pk__in=GoalDepartment.objects.filter(department_id=user.department_id).values("goal_id")
        )

    def reportable_by(self, user):
        """
        Goals whose quarterly progress the user may report: staff of a lead
        department, on live goals of the active plan.
        """
        if not rules.is_signed_in(user) or not user.is_department_staff:
            return self.none()
        if user.department_id is None:
            return self.none()
        return self.filter(
            archived=False,
            plan__state=PlanState.ACTIVE,
            pk__in=GoalDepartment.objects.filter(
                department_id=user.department_id, role=OwnerRole.LEAD
            ).values("goal_id"),
        )

    def with_reportable_by(self, user):
        """
        Each goal with whether ``user`` may report on it (``reportable_by``), in
        the goal's own query: ``Goal.is_reportable_by`` reads it and asks the
        database nothing (the update form and its save: one query fewer each).
        """
        reportable = self.model.objects.reportable_by(user)
        return self.annotate(
            reportable_for_user=Value(user.pk or 0),
            reportable_by_user=(
                Value(False)
                if reportable.query.is_empty()
                else Exists(reportable.filter(pk=OuterRef("pk")))
            ),
        )

    def commentable_by(self, user):
        """
        Goals whose thread the user may post to: visible to them, live (not
        archived) and in the active plan; for department staff only the goals
        their department leads or supports, however wide their sight becomes.
        """
        # A closed year (``YearEnd``) takes no more comments, as it takes no more reports.
        goals = (
            self.visible_to(user)
            .active()
            .filter(plan__state=PlanState.ACTIVE)
            .exclude(plan__year_end__state="closed")
        )
        if not rules.is_signed_in(user) or rules.can_comment_everywhere(user):
            return goals
        if not user.is_department_staff or user.department_id is None:
            return goals.none()
        return goals.of_department(user.department_id)

    def of_department(self, department, role=None):
        """Goals the department leads or supports (or only one ``role``)."""
        links = GoalDepartment.objects.filter(department=department)
        if role:
            links = links.filter(role=role)
        return self.filter(pk__in=links.values("goal_id"))


class Goal(models.Model):
    """
    A task of the plan (目标任务 / 重点工作): the sentence as written, its owners
    (one or more lead departments, any supporting ones), its responsible leaders,
    its deadline and its measurable indicators. Goals are archived, never
    deleted, because their updates and history point at them.
    """

    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), on_delete=models.PROTECT, related_name="goals"
    )
    section = models.ForeignKey(
        Section,
        verbose_name=_("section"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="goals",
    )
    code = models.CharField(
        _("code"), max_length=32, help_text=_("Stable within the plan, e.g. 3.1.2.")
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    title = models.CharField(_("short title"), max_length=200)
    text = models.TextField(_("task text"), help_text=_("The task as written in the report."))
    departments = models.ManyToManyField(
        Department,
        verbose_name=_("departments"),
        through="GoalDepartment",
        related_name="goals",
    )
    leaders = models.ManyToManyField(
        Leader, verbose_name=_("responsible leaders"), blank=True, related_name="goals"
    )
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    deadline_text = models.CharField(
        _("deadline as written"),
        max_length=100,
        blank=True,
        help_text=_("E.g. 12月底前, 全年, 持续推进."),
    )
    key = models.BooleanField(
        _("key task"), default=False, help_text=_("Marked ★ in the decomposition table.")
    )
    category = models.CharField(
        _("category"),
        max_length=50,
        blank=True,
        help_text=_("The goal type as written, e.g. A类 or 民生实事."),
    )
    archived = models.BooleanField(_("archived"), default=False)
    version = models.PositiveIntegerField(
        _("version"), default=1, help_text=_("Grows with every save; a stale form is refused.")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["created_at", "updated_at"])
    objects = GoalQuerySet.as_manager()

    class Meta:
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        ordering = ["plan", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "code"],
                name="goal_unique_code_per_plan",
                violation_error_message=_("This code is already used in the plan."),
            ),
        ]

    def __str__(self):
        return f"{self.code} {self.title}"

    def get_absolute_url(self):
        return reverse("targets:goal_detail", args=[self.pk])

    def is_reportable_by(self, user) -> bool:
        """
        Whether ``user`` may report on this goal (``GoalQuerySet.reportable_by``).
        Asked once per instance and user: the update form, its edit mode and the
        save each need it within one request, and the instance lives no longer.
        """
        known = self.__dict__.setdefault("_reportable_by", {})
        if user.pk not in known and user.pk and self.__dict__.get("reportable_for_user") == user.pk:
            known[user.pk] = self.reportable_by_user  # read with the goal (``with_reportable_by``)
        if user.pk not in known:
            known[user.pk] = Goal.objects.reportable_by(user).filter(pk=self.pk).exists()
        return known[user.pk]

    @property
    def deadline_display(self) -> str:
        """The deadline as written, else the date."""
        if self.deadline_text:
            return self.deadline_text
        return self.deadline.isoformat() if self.deadline else ""


class GoalDepartmentQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The owners of the goals the user may see."""
        return self.filter(goal__in=Goal.objects.visible_to(user))


class GoalDepartment(models.Model):
    """
    A department's part in a goal: lead (牵头单位) or supporting (责任单位 /
    配合单位). A goal may have several leads; ``order`` keeps them as listed.
    """

    goal = models.ForeignKey(
        Goal, verbose_name=_("goal"), on_delete=models.CASCADE, related_name="assignments"
    )
    department = models.ForeignKey(
        Department,
        verbose_name=_("department"),
        on_delete=models.PROTECT,
        related_name="assignments",
    )
    role = models.CharField(_("role"), max_length=10, choices=OwnerRole.choices)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    history = HistoricalRecords()

    objects = GoalDepartmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("goal owner")
        verbose_name_plural = _("goal owners")
        ordering = ["goal", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["goal", "department"],
                name="goaldepartment_unique_department_per_goal",
                violation_error_message=_("This department is already an owner of the goal."),
            ),
        ]

    def __str__(self):
        return f"{self.goal.code} {self.department} ({self.get_role_display()})"


class IndicatorQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The targets of the goals the user may see."""
        return self.filter(goal__in=Goal.objects.visible_to(user))


class Indicator(models.Model):
    """
    A goal's measurable target (指标), with the unit as written: 96 家, 1.1 万个,
    增长 14 %, 提升 3.5 个百分点. The comparator says how an actual value meets it:
    equal, at least (以上), at most (以内), about (左右) or a range (6%-6.5%).
    """

    goal = models.ForeignKey(
        Goal, verbose_name=_("goal"), on_delete=models.CASCADE, related_name="indicators"
    )
    name = models.CharField(_("name"), max_length=200)
    phrase = models.CharField(
        _("phrase as written"), max_length=300, blank=True, help_text=_("E.g. 净增高企96家.")
    )
    comparator = models.CharField(
        _("comparator"), max_length=10, choices=Comparator.choices, default=Comparator.EQ
    )
    target_value = models.DecimalField(_("target"), max_digits=18, decimal_places=4)
    target_value_max = models.DecimalField(
        _("upper target"),
        max_digits=18,
        decimal_places=4,
        null=True,
        blank=True,
        help_text=_("Only for a range."),
    )
    unit = models.CharField(_("unit"), max_length=20, blank=True)
    baseline = models.DecimalField(
        _("baseline"), max_digits=18, decimal_places=4, null=True, blank=True
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    history = HistoricalRecords()

    objects = IndicatorQuerySet.as_manager()

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["goal", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(
                        comparator=Comparator.RANGE,
                        target_value_max__isnull=False,
                        target_value_max__gt=F("target_value"),
                    )
                    | (~Q(comparator=Comparator.RANGE) & Q(target_value_max__isnull=True))
                ),
                name="indicator_range_has_upper_value",
                violation_error_message=_(
                    "A range needs an upper target above the target; other comparators take none."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.name} {self.target_display}"

    @property
    def allows_negative(self) -> bool:
        """Rates and shares can fall below zero; counts and amounts cannot."""
        return self.unit in ("%", "个百分点", "‰")

    @property
    def target_display(self) -> str:
        return format_target(self)
