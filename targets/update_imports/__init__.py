"""
The quarterly round trip in Excel (季度进展填报): the fill-in workbook a
department downloads, and a filled one checked and applied.

An upload can do nothing the web form could not. Each goal's rows go through
``QuarterlyUpdateForm`` (its rules and messages: completed ⇒ 100%, not
started ⇒ 0%, progress required, no negative counts…), the goal must be one
``Goal.objects.reportable_by(user)`` allows, the quarter one of
``reportable_quarters(plan)``, the indicators the goal's own; and what
differs is written by ``quarterly_update_submit``, the one write path of a
quarterly update.

Every mistake is collected and located by sheet, row and column, so a person
corrects the workbook once. One mistake and nothing is written; otherwise all
goals are applied in one transaction, and only those whose report differs
from what is stored, so uploading the same workbook twice changes nothing.
History records who uploaded which file (``upload: <file name>``).

- ``template``: the fill-in workbook a department downloads;
- ``reading``: an uploaded workbook read, nothing checked against the database yet;
- ``check``: an upload checked against the database, and what applying it would do;
- ``apply``: a checked upload written, in one transaction;
- ``results``: what an upload does with each goal, and its mistakes;
- ``reports``: the plan open for a year, and the reports already stored.
"""

from .apply import update_import_apply
from .check import update_import_check
from .reading import MAX_BYTES as MAX_BYTES
from .reading import status_texts as status_texts
from .reading import update_file_read
from .results import (
    ACTIONS,
    CARRIED_OVER,
    CREATED,
    NOT_REPORTED,
    UNCHANGED,
    UPDATED,
    FieldChange,
    GoalChange,
    RowError,
    UpdateImportResult,
)
from .template import update_deadline, update_template_build, update_template_filename

__all__ = [
    "ACTIONS",
    "CARRIED_OVER",
    "CREATED",
    "NOT_REPORTED",
    "UNCHANGED",
    "UPDATED",
    "FieldChange",
    "GoalChange",
    "RowError",
    "UpdateImportResult",
    "update_deadline",
    "update_file_read",
    "update_import_apply",
    "update_import_check",
    "update_template_build",
    "update_template_filename",
]
