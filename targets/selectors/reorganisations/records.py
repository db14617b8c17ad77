"""The reorganisations applied, as their list and record pages show them."""

from __future__ import annotations

from django.utils.translation import gettext as _

from ...choices import OwnerRole
from ...models import Reorganisation
from .proposals import LIST_SEPARATOR


def reorganisation_records(user):
    """The reorganisations ``user`` may read, latest first, with who applied them."""
    return Reorganisation.objects.visible_to(user).select_related("performed_by")


def _owners_text(owners: list) -> str:
    return LIST_SEPARATOR.join(
        _("%(department)s (%(role)s)")
        % {"department": label, "role": OwnerRole(role).label if role in OwnerRole else role}
        for label, role in owners
    )


def record_details(record: Reorganisation) -> dict:
    """What a reorganisation did, as its record page lists it, in the names of its day."""
    details = record.details or {}
    goals = [
        {**goal, "before": _owners_text(goal["before"]), "after": _owners_text(goal["after"])}
        for goal in details.get("goals", [])
    ]
    return {
        "units": details.get("units", []),
        "goals": goals,
        "accounts": details.get("accounts", []),
        "aliases": details.get("aliases", []),
    }
