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

An old workbook never overwrites newer work: the workbook records what each
row was based on, and a report changed in Luoshi after the download is kept
unless the uploader picks the workbook's values for that row (``conflicts``).

- ``template``: the fill-in workbook a department downloads;
- ``reading``: an uploaded workbook read, nothing checked against the database yet;
- ``check``: an upload checked against the database, and what applying it would do;
- ``conflicts``: rows against what they were based on and the reports changed since;
- ``apply``: a checked upload written, in one transaction;
- ``results``: what an upload does with each goal, and its mistakes.

The same name everywhere: the views ``targets.views.update_sheets``, the URLs
``targets:update_sheet_download`` and ``targets:update_sheet_upload``, the
commands ``export_update_sheet`` and ``import_update_sheet``, the workbook
itself ``targets.io.update_sheets``.
"""

from .apply import update_sheet_apply
from .check import update_sheet_check
from .reading import MAX_BYTES, status_texts, update_sheet_read
from .results import (
    ACTIONS,
    CARRIED_OVER,
    CONFLICT,
    CREATED,
    KEPT,
    NOT_REPORTED,
    UNCHANGED,
    UPDATED,
    FieldChange,
    GoalChange,
    NewerChange,
    RowError,
    UpdateSheetResult,
)
from .template import update_sheet_build, update_sheet_filename

__all__ = [
    "ACTIONS",
    "CARRIED_OVER",
    "CONFLICT",
    "CREATED",
    "KEPT",
    "MAX_BYTES",
    "NOT_REPORTED",
    "UNCHANGED",
    "UPDATED",
    "FieldChange",
    "GoalChange",
    "NewerChange",
    "RowError",
    "UpdateSheetResult",
    "status_texts",
    "update_sheet_apply",
    "update_sheet_build",
    "update_sheet_check",
    "update_sheet_filename",
    "update_sheet_read",
]
