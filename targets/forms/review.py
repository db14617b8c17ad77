"""Reviewing updates: approve or return one, approve several, and the review queue's filter."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .text import FileSafeTextMixin

# A batch is one page of the queue at most; more is not a reviewer's selection.
BATCH_LIMIT = 200


class ReviewForm(FileSafeTextMixin, forms.Form):
    """Approve or return an update; ``version`` is the one the reviewer looked at."""

    action = forms.ChoiceField(
        choices=[("approve", _("Approve")), ("return", _("Return to the department"))],
        error_messages={"required": _("Choose to approve or to return the update.")},
    )
    comment = forms.CharField(required=False, max_length=2000, strip=True)
    version = forms.IntegerField(required=False, min_value=1)


class QueueReviewForm(ReviewForm):
    """A review made on the queue, which names the update it is about."""

    update = forms.IntegerField(min_value=1)


class BatchApproveForm(forms.Form):
    """
    Several updates approved together: the ids ticked (``selected``) and, for
    each, the version the reviewer saw (``version-<id>``), compared-and-set
    as one approval does.
    """

    def __init__(self, data, **kwargs):
        super().__init__(data, **kwargs)
        self.raw_selected = data.getlist("selected") if data is not None else []

    def clean(self):
        cleaned = super().clean()
        try:
            selected = sorted({int(value) for value in self.raw_selected})
        except (TypeError, ValueError):
            raise ValidationError(_("The selection is not valid: reload the page.")) from None
        if not selected:
            raise ValidationError(_("Select the updates to approve."), code="empty")
        if len(selected) > BATCH_LIMIT:
            raise ValidationError(
                _("Approve at most %(limit)s updates at once.") % {"limit": BATCH_LIMIT}
            )
        versions = {}
        for pk in selected:
            try:
                versions[pk] = int(self.data.get(f"version-{pk}", ""))
            except ValueError:
                raise ValidationError(
                    _("The page is out of date: reload it and select again.")
                ) from None
        cleaned["selected"] = selected
        cleaned["versions"] = versions
        return cleaned

    def selected_ids(self) -> set[int]:
        """The ids ticked, as far as they are numbers (to tick them again on the page)."""
        return {int(value) for value in self.raw_selected if str(value).isdecimal()}


class ReviewFilterForm(forms.Form):
    """The review queue narrowed to one lead department."""

    department = forms.TypedChoiceField(
        label=_("Lead department"), coerce=int, required=False, empty_value=None
    )

    def __init__(self, *args, departments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].choices = [("", _("All departments"))] + [
            (d.pk, str(d)) for d in departments
        ]
        self.fields["department"].error_messages["invalid_choice"] = _("Unknown department.")
