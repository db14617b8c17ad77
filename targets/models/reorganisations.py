"""
Reorganisations (机构改革): a department renamed, several merged into one, one
split into several, each dated, with what the departments and the goals'
owners were just before it, so that a quarter before it is shown as it was.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .. import rules
from ..choices import OwnerRole, ReorganisationKind
from .departments import Department
from .plans import Goal


class ReorganisationQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The records are the administrators', who make the changes."""
        if not rules.can_reorganise(user):
            return self.none()
        return self

    def after(self, day):
        """Those that took effect after ``day``: a quarter ending that day predates them."""
        return self.filter(effective_on__gt=day)


class Reorganisation(models.Model):
    """
    One reorganisation (机构改革) as an administrator applied it: what kind, when
    it took effect, why, who applied it and when. ``details`` keeps what it did
    in the words of the day (names, goal codes, accounts) for its record page;
    ``units`` and ``owners`` keep the departments and the goals' owners as they
    were just before it, which is what the pages of earlier quarters read.
    Written once by ``targets.services.reorganisations`` and never edited.
    """

    kind = models.CharField(_("kind"), max_length=10, choices=ReorganisationKind.choices)
    effective_on = models.DateField(
        _("takes effect on"),
        db_index=True,
        help_text=_("Quarters that end before this day show the departments as they were."),
    )
    reason = models.TextField(_("reason"))
    summary = models.CharField(_("summary"), max_length=500)
    details = models.JSONField(_("what it did"), default=dict)
    performed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("applied by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reorganisations",
    )
    # The name as it was, should the account be renamed later.
    performed_by_name = models.CharField(_("applied by (name)"), max_length=150)
    performed_at = models.DateTimeField(_("carried out at"), auto_now_add=True)

    objects = ReorganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("reorganisation")
        verbose_name_plural = _("reorganisations")
        ordering = ["-effective_on", "-pk"]

    def __str__(self):
        return f"{self.effective_on:%Y-%m-%d} {self.summary}"

    def get_absolute_url(self):
        return reverse("targets:reorganisation_detail", args=[self.pk])


class ReorganisationRecordQuerySet(models.QuerySet):
    def visible_to(self, user):
        """
        What a reorganisation kept, as its record: the administrators'. The pages
        of earlier quarters read it for everyone, as names and owners of then
        (``selectors.organisation``), never as rows of their own.
        """
        return self.filter(reorganisation__in=Reorganisation.objects.visible_to(user))


class ReorganisationUnit(models.Model):
    """
    A department a reorganisation touched, as it was just before and right
    after: its names and whether it stood (existed and was active). A unit the
    reorganisation created did not stand before it.
    """

    reorganisation = models.ForeignKey(
        Reorganisation,
        verbose_name=_("reorganisation"),
        on_delete=models.CASCADE,
        related_name="units",
    )
    department = models.ForeignKey(
        Department,
        verbose_name=_("department"),
        on_delete=models.PROTECT,
        related_name="reorganisation_units",
    )
    name_before = models.CharField(_("name before"), max_length=100, blank=True)
    short_name_before = models.CharField(_("short name before"), max_length=50, blank=True)
    active_before = models.BooleanField(_("stood before"), default=True)
    name_after = models.CharField(_("name after"), max_length=100)
    short_name_after = models.CharField(_("short name after"), max_length=50, blank=True)
    active_after = models.BooleanField(_("stands after"), default=True)

    objects = ReorganisationRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("department in a reorganisation")
        verbose_name_plural = _("departments in reorganisations")
        ordering = ["reorganisation", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["reorganisation", "department"],
                name="reorganisationunit_once_per_reorganisation",
            ),
        ]

    def __str__(self):
        return f"{self.name_before or '—'} → {self.name_after}"


class ReorganisationOwner(models.Model):
    """
    An owner of a goal just before a reorganisation changed the goal's owners:
    together, the rows of one goal and reorganisation are its owners then.
    """

    reorganisation = models.ForeignKey(
        Reorganisation,
        verbose_name=_("reorganisation"),
        on_delete=models.CASCADE,
        related_name="owners",
    )
    # A purge of the goal's plan removes these with the goal.
    goal = models.ForeignKey(
        Goal, verbose_name=_("goal"), on_delete=models.CASCADE, related_name="former_owners"
    )
    department = models.ForeignKey(
        Department,
        verbose_name=_("department"),
        on_delete=models.PROTECT,
        related_name="former_goals",
    )
    role = models.CharField(_("role"), max_length=10, choices=OwnerRole.choices)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = ReorganisationRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("former goal owner")
        verbose_name_plural = _("former goal owners")
        ordering = ["reorganisation", "goal", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["reorganisation", "goal", "department"],
                name="reorganisationowner_once_per_goal",
            ),
        ]

    def __str__(self):
        return f"{self.goal_id} {self.department_id} ({self.get_role_display()})"
