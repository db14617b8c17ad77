"""
Reorganisations (机构改革), the read side: what a proposed rename, merge or
split would do — its preview, every department, goal owner, account and alias
it would change, and why it cannot be applied if it cannot — and the records
of those applied.

``services.reorganisations.reorganisation_apply`` computes the same preview
inside its transaction and writes exactly that, refusing when it differs from
the one the administrator saw (``Preview.digest``).

- ``proposals``: a reorganisation as described (``Proposal``) and what its
  preview holds (``Preview`` and its parts);
- ``preview``: ``reorganisation_preview``, for each kind;
- ``records``: the reorganisations applied, as their pages list them.
"""

from .preview import reorganisation_preview
from .proposals import (
    AccountMove,
    AliasChange,
    GoalChange,
    NewUnit,
    Owner,
    OwnerRow,
    Preview,
    Proposal,
    UnitChange,
    unit_key,
    unit_label,
)
from .records import record_details, reorganisation_records

__all__ = [
    "AccountMove",
    "AliasChange",
    "GoalChange",
    "NewUnit",
    "Owner",
    "OwnerRow",
    "Preview",
    "Proposal",
    "UnitChange",
    "record_details",
    "reorganisation_preview",
    "reorganisation_records",
    "unit_key",
    "unit_label",
]
