"""What uploads of fill-in workbooks (季度进展填报表) wrote, so a workbook knows its own work."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .updates import QuarterlyUpdate


class UpdateSheetUploadQuerySet(models.QuerySet):
    def visible_to(self, user):
        """What uploads wrote to the updates the user may see."""
        return self.filter(update__in=QuarterlyUpdate.objects.visible_to(user))


class UpdateSheetUpload(models.Model):
    """
    What the last upload of one downloaded workbook (its token) wrote to a
    goal's report: a digest of the values. The same workbook uploaded again,
    corrected, is then compared with what it wrote itself rather than with
    what it showed when it was downloaded: a correction is an ordinary change,
    while a change made in Luoshi since is newer work it does not overwrite
    unless the uploader chooses so.
    """

    workbook = models.CharField(_("workbook"), max_length=64)
    update = models.ForeignKey(
        QuarterlyUpdate,
        verbose_name=_("quarterly update"),
        on_delete=models.CASCADE,
        related_name="sheet_uploads",
    )
    digest = models.CharField(_("values written"), max_length=64)
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now=True)

    objects = UpdateSheetUploadQuerySet.as_manager()

    class Meta:
        verbose_name = _("workbook upload")
        verbose_name_plural = _("workbook uploads")
        ordering = ["update", "-uploaded_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["workbook", "update"], name="updatesheetupload_one_per_workbook_and_update"
            ),
        ]

    def __str__(self):
        return f"{self.workbook} → {self.update}"
