"""The audit log's filter: a span of days, an event, an account, an address."""

import datetime

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .choices import AuditAction
from .models import AuditEntry


def _day_start(day: datetime.date) -> datetime.datetime:
    """Midnight at the start of ``day`` in the site's time zone (Asia/Shanghai)."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


class AuditEntryFilterSet(django_filters.FilterSet):
    """
    Narrow the audit log. Days are whole days in the site's time zone, as a
    reviewer reads them, and compared as a span of times so the index on the
    time serves; the account matches who did it and whom it was done to.
    """

    start = django_filters.DateFilter(
        method="from_day", label=_("From"), widget=forms.DateInput(attrs={"type": "date"})
    )
    end = django_filters.DateFilter(
        method="to_day", label=_("To"), widget=forms.DateInput(attrs={"type": "date"})
    )
    action = django_filters.ChoiceFilter(
        choices=AuditAction.choices, label=_("Event"), empty_label=_("All events")
    )
    user = django_filters.CharFilter(method="for_account", label=_("Account"))
    ip = django_filters.CharFilter(field_name="ip", lookup_expr="startswith", label=_("Address"))

    class Meta:
        model = AuditEntry
        fields = ["start", "end", "action", "user", "ip"]

    def from_day(self, queryset, name, value):
        return queryset.filter(at__gte=_day_start(value))

    def to_day(self, queryset, name, value):
        return queryset.filter(at__lt=_day_start(value + datetime.timedelta(days=1)))

    def for_account(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(Q(actor_name__icontains=value) | Q(target__icontains=value))
