"""
Plan imports: a document read into a draft (``targets.io``), previewed and
corrected by an administrator, then applied to the database.

- ``apply``: ``plan_import``, the one place a draft becomes a plan — the
  command line, the web preview and the demo loader all go through it. It
  runs in one transaction, finds every row by a stable key (the plan by year
  and title, sections and goals by their code in the outline, owners by
  department) and writes only what differs, so importing the same document
  twice changes nothing. Goals that disappear from the document are
  archived, not deleted.
- ``drafts``: the life of a ``PlanImport`` (read → preview and correct →
  confirm or discard).
- ``codes``: the stable codes of sections and goals (``2.3``, ``2.3.4``).
"""

from .apply import ImportResult, plan_import
from .codes import goal_codes, section_codes
from .drafts import (
    StaleDraft,
    plan_import_confirm,
    plan_import_create,
    plan_import_discard,
    plan_import_save_draft,
)

__all__ = [
    "ImportResult",
    "StaleDraft",
    "goal_codes",
    "plan_import",
    "plan_import_confirm",
    "plan_import_create",
    "plan_import_discard",
    "plan_import_save_draft",
    "section_codes",
]
