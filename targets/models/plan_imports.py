"""Plan imports: a document read into a draft, waiting for a person to check and confirm it."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .. import rules
from ..choices import ImportState
from .plans import Plan


class PlanImportQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Imports are an administrator's work."""
        if not rules.can_import_plans(user):
            return self.none()
        return self


class PlanImport(models.Model):
    """
    A document (work-report text, Word or Excel) read into a plan draft that
    an admin previews, corrects and confirms. The draft lives in the database,
    not in one process, so the preview survives a reload and any app server
    can confirm what another one read. ``version`` grows with every edit so a
    stale edit form is refused instead of overwriting a newer draft.
    """

    source_name = models.CharField(_("source"), max_length=255)
    source_text = models.TextField(_("source text"), blank=True)
    draft = models.JSONField(_("draft"))
    state = models.CharField(
        _("state"), max_length=20, choices=ImportState.choices, default=ImportState.PENDING
    )
    version = models.PositiveIntegerField(_("version"), default=1)
    plan = models.ForeignKey(
        Plan,
        verbose_name=_("plan"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="imports",
    )
    result = models.JSONField(_("result"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        related_name="plan_imports",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    applied_at = models.DateTimeField(_("applied at"), null=True, blank=True)

    objects = PlanImportQuerySet.as_manager()

    class Meta:
        verbose_name = _("plan import")
        verbose_name_plural = _("plan imports")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.source_name

    def get_absolute_url(self):
        return reverse("targets:plan_import_detail", args=[self.pk])
