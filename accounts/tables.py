"""The audit log as a table, on its page and in its Excel download."""

import django_tables2 as tables
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from targets.tables import RowsInOnePass

from .audit import describe
from .models import AuditEntry

TIME_FORMAT = "%Y-%m-%d %H:%M:%S"


class AuditEntryTable(RowsInOnePass, tables.Table):
    """
    One row per entry, newest first: when, what, who, from where, to what,
    details, the page. Its rows are written in one pass (``RowsInOnePass``):
    cell by cell, a page of 50 entries took most of the page's time.
    """

    # Entries of one instant keep the order they were written in.
    at = tables.Column(verbose_name=_("Time"), order_by=("at", "pk"))
    action = tables.Column(verbose_name=_("Event"))
    actor_name = tables.Column(verbose_name=_("Account"))
    ip = tables.Column(verbose_name=_("Address"))
    target = tables.Column(verbose_name=_("Object"))
    details = tables.Column(verbose_name=_("Details"), empty_values=(), orderable=False)
    path = tables.Column(verbose_name=_("Page"), orderable=False)

    class Meta:
        model = AuditEntry
        fields = ["at", "action", "actor_name", "ip", "target", "details", "path"]
        order_by = ("-at",)
        attrs = {"class": "table table-sm table-hover align-middle", "id": "audit-table"}
        empty_text = _("No entry matches.")
        template_name = "targets/_goal_rows.html"

    def row_cells(self, record) -> list:
        return [
            timezone.localtime(record.at).strftime(TIME_FORMAT),
            record.get_action_display(),
            record.actor_name or "—",
            record.ip or "—",
            record.target,
            describe(record),
            record.path,
        ]

    def value_at(self, value):
        return timezone.localtime(value)

    def value_action(self, record):
        return record.get_action_display()

    def value_details(self, record):
        return describe(record)
