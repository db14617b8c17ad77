"""
A goal's comment thread (讨论) and the evidence (佐证材料) attached to its
quarterly updates. Who may write to them is ``targets.rules`` and the services
in ``targets.services.discussion``; who may read them, ``visible_to`` here.
"""

import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .plans import Goal
from .updates import QuarterlyUpdate


class GoalCommentQuerySet(models.QuerySet):
    def visible_to(self, user):
        """A thread is read by whoever may see its goal."""
        return self.filter(goal__in=Goal.objects.visible_to(user))


class GoalComment(models.Model):
    """A message in a goal's thread between its departments, the supervisors and leaders."""

    goal = models.ForeignKey(
        Goal, verbose_name=_("goal"), on_delete=models.CASCADE, related_name="comments"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="goal_comments",
    )
    text = models.TextField(_("comment"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = GoalCommentQuerySet.as_manager()

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["goal", "created_at", "pk"]

    def __str__(self):
        return f"{self.goal.code} {self.author}: {self.text[:30]}"


def attachment_path(instance, filename: str) -> str:
    """
    A name no one chose: the uploaded name is kept in the database only, so a
    file called "../../settings.py" or "报告.pdf" cannot clash or escape, and
    every app server finds it under the shared MEDIA_ROOT.
    """
    suffix = PurePath(filename).suffix.lower()[:10]
    return f"attachments/{uuid.uuid4().hex[:2]}/{uuid.uuid4().hex}{suffix}"


class UpdateAttachmentQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Attachments of the updates the user may see (so of the goals they may see)."""
        return self.filter(update__in=QuarterlyUpdate.objects.visible_to(user))


class UpdateAttachment(models.Model):
    """
    Evidence attached to a quarterly update (a photo, a signed document).
    Served only through a view that checks the goal is visible to the user.
    """

    update = models.ForeignKey(
        QuarterlyUpdate,
        verbose_name=_("quarterly update"),
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.PROTECT,
        related_name="attachments",
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    objects = UpdateAttachmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["update", "uploaded_at", "pk"]

    def __str__(self):
        return self.original_name

    def get_absolute_url(self):
        return reverse("targets:attachment_download", args=[self.pk])
