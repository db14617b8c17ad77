"""The audit log as a table, on its page and in its Excel download."""

import django_tables2 as tables
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from .audit import describe
from .models import AuditEntry


class AuditEntryTable(tables.Table):
    """One row per entry, newest first: when, what, who, from where, to what, details."""

    # Entries of one instant keep the order they were written in.
    at = tables.Column(verbose_name=_("Time"), order_by=("at", "pk"))
    action = tables.Column(verbose_name=_("Event"))
    actor_name = tables.Column(verbose_name=_("Account"), default="—")
    ip = tables.Column(verbose_name=_("Address"), default="—")
    target = tables.Column(verbose_name=_("Object"), default="")
    details = tables.Column(verbose_name=_("Details"), empty_values=(), orderable=False)
    path = tables.Column(verbose_name=_("Page"), default="", orderable=False)

    class Meta:
        model = AuditEntry
        fields = ["at", "action", "actor_name", "ip", "target", "details", "path"]
        order_by = ("-at",)
        attrs = {"class": "table table-sm table-hover align-middle", "id": "audit-table"}
        empty_text = _("No entry matches.")

    def render_at(self, value):
        return date_format(timezone.localtime(value), "Y-m-d H:i:s")

    def render_details(self, record):
        return describe(record)

    def value_at(self, value):
        return timezone.localtime(value)

    def value_action(self, record):
        return record.get_action_display()

    def value_details(self, record):
        return describe(record)
