"""
Writes that are more than one ``save()``, one module per concern. Each
service checks the rules that do not depend on a form (who may write, which
quarter), so commands and imports cannot bypass them, and runs in one
transaction.
"""

from .updates import UpdateData, quarterly_update_submit

__all__ = ["UpdateData", "quarterly_update_submit"]
