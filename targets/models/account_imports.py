"""Account imports: a list of departments and accounts read, awaiting confirmation."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .. import rules
from ..choices import ImportState


class AccountImportQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Imports of accounts are an administrator's work."""
        if not rules.can_import_accounts(user):
            return self.none()
        return self


class AccountImport(models.Model):
    """
    A workbook of departments and accounts (单位和账号名单) as read, waiting
    for an administrator to check its preview and confirm it. What was read
    lives in the database, not in one process, so the preview survives a
    reload and any app server can confirm what another one read. No password
    is ever kept here: first passwords are made when it is applied and shown
    once; ``result`` says what was created and updated.
    """

    source_name = models.CharField(_("source"), max_length=255)
    sheet = models.JSONField(_("what was read"))
    state = models.CharField(
        _("state"), max_length=20, choices=ImportState.choices, default=ImportState.PENDING
    )
    result = models.JSONField(_("result"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        related_name="account_imports",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    applied_at = models.DateTimeField(_("applied at"), null=True, blank=True)

    objects = AccountImportQuerySet.as_manager()

    class Meta:
        verbose_name = _("account import")
        verbose_name_plural = _("account imports")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.source_name

    def get_absolute_url(self):
        return reverse("targets:account_import_detail", args=[self.pk])
