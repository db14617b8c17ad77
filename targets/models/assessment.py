"""
The year's assessment (年度目标绩效考核) of a plan's departments: its scoring
scheme in versions, the office's adjustments (加分 / 减分), the departments'
objections (申诉) and what the office did (published, withdrawn). The
arithmetic is ``targets.scoring``; what it reads, ``targets.selectors.assessment``.
"""

import uuid
from decimal import Decimal
from pathlib import PurePath

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .. import rules
from ..choices import AssessmentAction, AssessmentState, ObjectionState, PartialRule
from ..scoring import Scheme
from .common import HistoricalRecords
from .departments import Department
from .plans import Goal, Plan, Section

POINTS = {"max_digits": 7, "decimal_places": 2}
NOT_NEGATIVE = [MinValueValidator(Decimal(0))]
PERCENT = [MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))]


class AssessmentQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The assessments of the plans the user may see."""
        return self.filter(plan__in=Plan.objects.visible_to(user))


class Assessment(models.Model):
    """
    A plan's assessment: a draft computed afresh from the plan's reports until
    the supervision office publishes it; then the published results (kept
    on the event that published them) are what everyone sees, and the scheme
    and the adjustments are frozen until the office withdraws the publication.
    Created the first time the office or a department writes to it.
    """

    plan = models.OneToOneField(
        Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="assessment"
    )
    state = models.CharField(
        _("state"), max_length=10, choices=AssessmentState.choices, default=AssessmentState.DRAFT
    )
    # DO_NOTHING, not PROTECT: an assessment and its events go together (a purge of
    # the plan), and the database's foreign key, checked at commit, keeps an event
    # from going alone.
    published = models.ForeignKey(
        "AssessmentEvent",
        verbose_name=_("publication"),
        on_delete=models.DO_NOTHING,
        null=True,
        blank=True,
        related_name="+",
    )
    # Compare-and-set, as on updates: of two supervisors publishing at once, one does.
    version = models.PositiveIntegerField(_("version"), default=1)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = AssessmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        ordering = ["-plan__year"]
        constraints = [
            models.CheckConstraint(
                condition=Q(state=AssessmentState.DRAFT, published__isnull=True)
                | Q(state=AssessmentState.PUBLISHED, published__isnull=False),
                name="assessment_published_has_its_event",
            ),
        ]

    def __str__(self):
        return f"{self.plan} · {self.get_state_display()}"

    def get_absolute_url(self):
        return reverse("targets:assessment_ranking") + f"?year={self.plan.year}"

    @property
    def is_published(self) -> bool:
        return self.state == AssessmentState.PUBLISHED


class AssessmentSchemeQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The schemes of the assessments the user may see: every point is traced to them."""
        return self.filter(assessment__in=Assessment.objects.visible_to(user))


class AssessmentScheme(models.Model):
    """
    One version of an assessment's scoring scheme: every number the arithmetic
    uses (``targets.scoring``), as the office and administrators set them.
    A version is never changed: saving the scheme writes the next one, so
    results always say which numbers they came from.
    """

    assessment = models.ForeignKey(
        Assessment, verbose_name=_("assessment"), on_delete=models.CASCADE, related_name="schemes"
    )
    number = models.PositiveSmallIntegerField(_("version"), default=1)
    goal_points = models.DecimalField(
        _("points per goal led"), default=Decimal(10), validators=NOT_NEGATIVE, **POINTS
    )
    completed_percent = models.DecimalField(
        _("completed: share of the points (%)"), default=Decimal(100), validators=PERCENT, **POINTS
    )
    partial_percent = models.DecimalField(
        _("partly completed: share of the points at 100 % (%)"),
        default=Decimal(100),
        validators=PERCENT,
        help_text=_("Multiplied by the goal's share done, or by the share of its targets met."),
        **POINTS,
    )
    partial_rule = models.CharField(
        _("partly completed goals earn"),
        max_length=20,
        choices=PartialRule.choices,
        default=PartialRule.PROGRESS,
    )
    not_completed_percent = models.DecimalField(
        _("not completed: share of the points (%)"),
        default=Decimal(0),
        validators=PERCENT,
        help_text=_("A goal not started, or without an approved report."),
        **POINTS,
    )
    support_percent = models.DecimalField(
        _("supporting department: share of the goal's points (%)"),
        default=Decimal(30),
        validators=PERCENT,
        **POINTS,
    )
    missing_report = models.DecimalField(
        _("deduction per report missing"), default=Decimal(1), validators=NOT_NEGATIVE, **POINTS
    )
    late_report = models.DecimalField(
        _("deduction per report late"), default=Decimal("0.5"), validators=NOT_NEGATIVE, **POINTS
    )
    returned_update = models.DecimalField(
        _("deduction per update returned"),
        default=Decimal("0.2"),
        validators=NOT_NEGATIVE,
        **POINTS,
    )
    yellow_quarter = models.DecimalField(
        _("deduction per quarter at risk"),
        default=Decimal("0.2"),
        validators=NOT_NEGATIVE,
        **POINTS,
    )
    red_quarter = models.DecimalField(
        _("deduction per quarter behind"), default=Decimal("0.5"), validators=NOT_NEGATIVE, **POINTS
    )
    exceed_bonus = models.DecimalField(
        _("bonus per target beaten"), default=Decimal("0.5"), validators=NOT_NEGATIVE, **POINTS
    )
    bonus_cap = models.DecimalField(
        _("bonus cap per department"),
        default=Decimal(2),
        null=True,
        blank=True,
        validators=NOT_NEGATIVE,
        help_text=_("Empty: no cap."),
        **POINTS,
    )
    note = models.CharField(
        _("what changed"), max_length=200, blank=True, help_text=_("Shown in the list of versions.")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("saved by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("saved at"), auto_now_add=True)

    objects = AssessmentSchemeQuerySet.as_manager()

    # The fields that are numbers of the arithmetic, in the order forms show them.
    NUMBERS = (
        "goal_points",
        "completed_percent",
        "partial_rule",
        "partial_percent",
        "not_completed_percent",
        "support_percent",
        "missing_report",
        "late_report",
        "returned_update",
        "yellow_quarter",
        "red_quarter",
        "exceed_bonus",
        "bonus_cap",
    )

    class Meta:
        verbose_name = _("scoring scheme")
        verbose_name_plural = _("scoring schemes")
        ordering = ["assessment", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "number"], name="assessmentscheme_one_per_version"
            ),
            models.CheckConstraint(
                condition=Q(
                    completed_percent__gte=0,
                    completed_percent__lte=100,
                    partial_percent__gte=0,
                    partial_percent__lte=100,
                    not_completed_percent__gte=0,
                    not_completed_percent__lte=100,
                    support_percent__gte=0,
                    support_percent__lte=100,
                ),
                name="assessmentscheme_shares_are_percentages",
            ),
        ]

    def __str__(self):
        return f"v{self.number}"

    def values(self) -> dict:
        """The scheme's numbers by field name (what the next version starts from)."""
        return {name: getattr(self, name) for name in self.NUMBERS}

    def as_scheme(self, weights=()) -> Scheme:
        """The numbers for ``targets.scoring``, with ``weights`` (this version's rows)."""
        chapters = {w.section_id: w.weight for w in weights if w.section_id is not None}
        goals = {w.goal_id: w.weight for w in weights if w.goal_id is not None}
        return Scheme(**self.values(), chapter_weights=chapters, goal_weights=goals)


class AssessmentWeightQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The weights of the schemes the user may see."""
        return self.filter(scheme__in=AssessmentScheme.objects.visible_to(user))


class AssessmentWeight(models.Model):
    """A chapter's or a goal's weight in a version of the scheme (1 unless set)."""

    scheme = models.ForeignKey(
        AssessmentScheme,
        verbose_name=_("scoring scheme"),
        on_delete=models.CASCADE,
        related_name="weights",
    )
    section = models.ForeignKey(
        Section, verbose_name=_("chapter"), on_delete=models.CASCADE, null=True, blank=True
    )
    goal = models.ForeignKey(
        Goal, verbose_name=_("goal"), on_delete=models.CASCADE, null=True, blank=True
    )
    weight = models.DecimalField(_("weight"), validators=NOT_NEGATIVE, **POINTS)

    objects = AssessmentWeightQuerySet.as_manager()

    class Meta:
        verbose_name = _("weight")
        verbose_name_plural = _("weights")
        ordering = ["scheme", "section", "goal"]
        constraints = [
            models.CheckConstraint(
                condition=Q(section__isnull=True, goal__isnull=False)
                | Q(section__isnull=False, goal__isnull=True),
                name="assessmentweight_chapter_or_goal",
            ),
            models.UniqueConstraint(
                fields=["scheme", "section"], name="assessmentweight_one_per_chapter"
            ),
            models.UniqueConstraint(
                fields=["scheme", "goal"], name="assessmentweight_one_per_goal"
            ),
        ]

    def __str__(self):
        return f"{self.section or self.goal}: {self.weight}"


class OwnDepartmentQuerySet(models.QuerySet):
    """Rows about one department: staff see their own department's, the others every one."""

    def visible_to(self, user):
        rows = self.filter(assessment__in=Assessment.objects.visible_to(user))
        if rules.can_see_all_departments(user):
            return rows
        if not rules.is_signed_in(user) or user.department_id is None:
            return rows.none()
        return rows.filter(department_id=user.department_id)


def evidence_path(instance, filename: str) -> str:
    """A random name, as for update attachments: the uploaded name is only shown."""
    suffix = PurePath(filename).suffix.lower()[:10]
    return f"assessment/{uuid.uuid4().hex[:2]}/{uuid.uuid4().hex}{suffix}"


class AssessmentAdjustment(models.Model):
    """
    Points the office adds (加分) or takes off (减分) for a department, with the
    reason and optional evidence. Withdrawn, never deleted, and every change is
    in its history; frozen with the results once they are published.
    """

    assessment = models.ForeignKey(
        Assessment,
        verbose_name=_("assessment"),
        on_delete=models.CASCADE,
        related_name="adjustments",
    )
    department = models.ForeignKey(
        Department, verbose_name=_("department"), on_delete=models.PROTECT, related_name="+"
    )
    points = models.DecimalField(_("points"), **POINTS)
    reason = models.TextField(_("reason"))
    evidence = models.FileField(_("evidence"), upload_to=evidence_path, max_length=200, blank=True)
    evidence_name = models.CharField(_("file name"), max_length=255, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("at"), auto_now_add=True)
    withdrawn = models.BooleanField(_("withdrawn"), default=False)
    withdrawn_reason = models.TextField(_("why it was withdrawn"), blank=True)

    history = HistoricalRecords(excluded_fields=["created_at"])
    objects = OwnDepartmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("adjustment")
        verbose_name_plural = _("adjustments")
        ordering = ["assessment", "created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(points=0), name="assessmentadjustment_points_not_zero"
            ),
        ]

    def __str__(self):
        return f"{self.department} {self.points:+}"


class AssessmentObjection(models.Model):
    """
    A department's objection (申诉) to its assessment, with its reason, and the
    office's answer: upheld (the office then corrects the scores) or not.
    """

    assessment = models.ForeignKey(
        Assessment,
        verbose_name=_("assessment"),
        on_delete=models.CASCADE,
        related_name="objections",
    )
    department = models.ForeignKey(
        Department, verbose_name=_("department"), on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField(_("reason"))
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("filed by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    filed_at = models.DateTimeField(_("filed at"), auto_now_add=True)
    state = models.CharField(
        _("state"), max_length=10, choices=ObjectionState.choices, default=ObjectionState.OPEN
    )
    answer = models.TextField(_("answer"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    objects = OwnDepartmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("objection")
        verbose_name_plural = _("objections")
        ordering = ["assessment", "filed_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(state=ObjectionState.OPEN, answered_at__isnull=True)
                | (~Q(state=ObjectionState.OPEN) & Q(answered_at__isnull=False)),
                name="assessmentobjection_answered_when_closed",
            ),
        ]

    def __str__(self):
        return f"{self.department} · {self.get_state_display()}"

    @property
    def is_open(self) -> bool:
        return self.state == ObjectionState.OPEN


class AssessmentEventQuerySet(models.QuerySet):
    def visible_to(self, user):
        """What happened to the assessments the user may see."""
        return self.filter(assessment__in=Assessment.objects.visible_to(user))


class AssessmentEvent(models.Model):
    """
    The office published an assessment (with the results as published and the
    scheme version they used) or withdrew the publication (with why).
    """

    assessment = models.ForeignKey(
        Assessment, verbose_name=_("assessment"), on_delete=models.CASCADE, related_name="events"
    )
    action = models.CharField(_("action"), max_length=20, choices=AssessmentAction.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)
    comment = models.TextField(_("comment"), blank=True)
    scheme = models.ForeignKey(
        AssessmentScheme,
        verbose_name=_("scoring scheme"),
        on_delete=models.DO_NOTHING,  # as ``Assessment.published``
        null=True,
        blank=True,
        related_name="+",
    )
    results = models.JSONField(_("results"), null=True, blank=True)

    objects = AssessmentEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("assessment event")
        verbose_name_plural = _("assessment events")
        ordering = ["assessment", "at", "pk"]

    def __str__(self):
        return f"{self.assessment} {self.get_action_display()}"
