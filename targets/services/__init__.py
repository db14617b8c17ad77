"""
Writes that are more than one ``save()``, one module per concern. Each
service checks the rules that do not depend on a form (who may write, which
quarter), so commands and imports cannot bypass them, and runs in one
transaction.
"""

from .reporting import (
    StaleUpdate,
    can_supervise,
    default_due_date,
    goal_milestones_set,
    period_changes,
    period_close,
    period_for,
    period_reopen,
    period_set_due_date,
    periods_for,
    quarterly_update_approve,
    quarterly_update_return,
)
from .updates import (
    CORRECT,
    REPORT,
    RESUBMIT,
    UpdateData,
    closed_message,
    quarterly_update_submit,
    snapshot_read,
    snapshot_sign,
    update_edit_mode,
    update_snapshot,
)

__all__ = [
    "CORRECT",
    "REPORT",
    "RESUBMIT",
    "StaleUpdate",
    "UpdateData",
    "can_supervise",
    "closed_message",
    "default_due_date",
    "goal_milestones_set",
    "period_changes",
    "period_close",
    "period_for",
    "period_reopen",
    "period_set_due_date",
    "periods_for",
    "quarterly_update_approve",
    "quarterly_update_return",
    "quarterly_update_submit",
    "snapshot_read",
    "snapshot_sign",
    "update_edit_mode",
    "update_snapshot",
]
