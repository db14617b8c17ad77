"""
Optimistic concurrency (乐观锁) for the admin's change forms of plans, goals
and quarterly updates: the form carries the ``version`` it was opened on, and the
save is a compare-and-set, ``UPDATE … SET version = version + 1 WHERE pk = …
AND version = …``, so two administrators (or an administrator and an import,
or a department's form) cannot overwrite each other's work. It works alike on
SQLite and PostgreSQL and holds no lock while a person types.

A stale save writes nothing, inlines included, and the form says who changed
what since it was opened, old → new, from the history.
"""

from __future__ import annotations

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .forms.text import FileSafeTextMixin
from .selectors.history import changes_since


class StaleObject(Exception):
    """The compare-and-set matched no row: someone saved in between the check and the save."""


class VersionedForm(FileSafeTextMixin, forms.ModelForm):
    """
    A change form that refuses a version other than the stored one. The
    check here gives the message; ``VersionedAdminMixin.save_model`` makes it
    hold under a race.
    """

    # When the page was opened: only says which changes to list, never decides a refusal.
    opened_at = forms.CharField(
        label=gettext_lazy("Page opened at"), widget=forms.HiddenInput, required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["opened_at"].initial = timezone.now().isoformat()
        if "version" in self.fields:
            self.fields["version"].widget = forms.HiddenInput()

    def clean(self):
        cleaned = super().clean()
        instance = self.instance
        if instance.pk is None or "version" not in self.fields:
            return cleaned
        opened = cleaned.get("version")
        current = type(instance)._default_manager.filter(pk=instance.pk).first()
        if current is not None and opened is not None and current.version != opened:
            try:
                since = datetime.datetime.fromisoformat(cleaned.get("opened_at") or "")
            except ValueError:
                since = None
            if since is not None and timezone.is_naive(since):
                since = None
            raise ValidationError(stale_messages(current, opened, since), code="stale")
        return cleaned


def stale_messages(current, opened: int, since=None) -> list[str]:
    """The refusal: who saved since the form was opened, then each change, old → new."""
    changes = changes_since(current, opened, since)
    if changes:
        last = changes[-1]
        headline = _(
            "%(who)s changed this %(model)s at %(when)s, after you opened this page. Nothing "
            "was saved. Reload the page to see the current values, then make your changes again."
        ) % {
            "who": last.who,
            "model": current._meta.verbose_name,
            "when": timezone.localtime(last.when).strftime("%Y-%m-%d %H:%M"),
        }
    else:
        headline = _(
            "Someone changed this %(model)s after you opened this page. Nothing was saved. "
            "Reload the page to see the current values, then make your changes again."
        ) % {"model": current._meta.verbose_name}
    lines = [
        _("%(what)s: %(old)s → %(new)s") % {"what": c.what, "old": c.old or "—", "new": c.new}
        if c.kind == "changed"
        else f"{c.action} {c.what}: {c.new or c.old}"
        for c in changes
    ]
    return [headline, *lines]


class VersionedAdminMixin:
    """
    For a ModelAdmin of a model with a ``version`` field: hidden version on
    the form, compare-and-set on save, a stale save shown on the form.
    """

    form = VersionedForm

    def save_model(self, request, obj, form, change):
        if change:
            opened = form.cleaned_data["version"]
            claimed = (
                type(obj)
                ._default_manager.filter(pk=obj.pk, version=opened)
                .update(version=F("version") + 1)
            )
            if not claimed:
                raise StaleObject
            obj.version = opened + 1
        super().save_model(request, obj, form, change)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except StaleObject:
            # Lost the race between the form's check and the save: the
            # transaction rolled back whole. Shown again, the form's check
            # now sees the other save and lists it.
            return super().changeform_view(request, object_id, form_url, extra_context)
