"""
Claims checks (承诺对账): the review of the past year in the next year's
report, imported against a plan; each number it states, and the target of
the plan it answers for, as the reader suggested or the office confirmed.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ..choices import ClaimMatchState, Comparator
from .common import HistoricalRecords
from .plans import Indicator, Plan


class ClaimCheckQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The checks of the plans the user may see (the page then asks ``can_see_claims``)."""
        return self.filter(plan__in=Plan.objects.visible_to(user))


class ClaimCheck(models.Model):
    """
    One imported review of a plan's year: the text as read (from a pasted
    text or a file), who imported it, and the claims found in it.
    """

    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="claim_checks"
    )
    title = models.CharField(_("title"), max_length=200)
    source_name = models.CharField(_("source"), max_length=255, blank=True)
    source_text = models.TextField(_("source text"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("imported by"),
        on_delete=models.PROTECT,
        related_name="claim_checks",
    )
    created_at = models.DateTimeField(_("imported at"), auto_now_add=True)

    objects = ClaimCheckQuerySet.as_manager()

    class Meta:
        verbose_name = _("claims check")
        verbose_name_plural = _("claims checks")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("targets:claim_check_detail", args=[self.pk])


class ClaimQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The claims of the checks the user may see."""
        return self.filter(claim_check__in=ClaimCheck.objects.visible_to(user))


class Claim(models.Model):
    """
    A number the review states (净增高企102家), as the reader read it, and
    the plan's indicator it answers for: None when it was never a target.
    The match is the reader's suggestion until the office confirms or
    corrects it; history keeps every change.
    """

    claim_check = models.ForeignKey(
        ClaimCheck, verbose_name=_("claims check"), on_delete=models.CASCADE, related_name="claims"
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    sentence = models.TextField(_("sentence"))
    phrase = models.CharField(_("phrase as written"), max_length=300)
    subject = models.CharField(_("subject"), max_length=300)
    value = models.DecimalField(_("claimed value"), max_digits=18, decimal_places=4)
    unit = models.CharField(_("unit"), max_length=20, blank=True)
    comparator = models.CharField(
        _("comparator"), max_length=10, choices=Comparator.choices, default=Comparator.EQ
    )
    indicator = models.ForeignKey(
        Indicator,
        verbose_name=_("target"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="claims",
    )
    similarity = models.DecimalField(
        _("similarity"), max_digits=4, decimal_places=3, null=True, blank=True
    )
    match_state = models.CharField(
        _("match"),
        max_length=10,
        choices=ClaimMatchState.choices,
        default=ClaimMatchState.SUGGESTED,
    )
    matched_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("confirmed by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="matched_claims",
    )
    matched_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)

    history = HistoricalRecords()
    objects = ClaimQuerySet.as_manager()

    class Meta:
        verbose_name = _("claim")
        verbose_name_plural = _("claims")
        ordering = ["claim_check", "order", "pk"]

    def __str__(self):
        return self.phrase
