"""
Reorganisations (机构改革): renaming a department, merging several into one,
splitting one into several, each as one atomic write of what its preview
showed (``selectors.reorganisations.reorganisation_preview``).

A department is never deleted: one merged away or split up is archived, and
the departments and goals' owners as they stood just before are kept with the
reorganisation, so the pages and bulletins of the quarters before it show
who reported then (``selectors.organisation``). Goal owners are moved row by
row with their history, like an admin's edit; accounts change department as
the admin's form changes it, each recorded in the security audit log.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max
from django.utils.translation import gettext_lazy as _

from accounts import audit

from .. import rules
from ..models import (
    Department,
    DepartmentAlias,
    Goal,
    Reorganisation,
    ReorganisationOwner,
    ReorganisationUnit,
)
from ..selectors.departments import guess_kind
from ..selectors.reorganisations import Preview, Proposal, reorganisation_preview
from .common import record_change

STALE = _(
    "The departments, owners or accounts changed since the preview: check the preview "
    "below and apply it again."
)


def reorganisation_apply(proposal: Proposal, *, user, request=None, digest: str) -> Reorganisation:
    """
    Apply ``proposal`` as its preview showed it (``digest``: ``Preview.digest``
    of the preview the administrator confirmed), in one transaction: the new
    units created, units renamed or archived, the names documents use kept as
    aliases, every goal owner moved, every account moved (each recorded in the
    audit log, from ``request``), and the ``Reorganisation`` with what stood
    before. Raises ``PermissionDenied`` for anyone but an administrator and
    ``ValidationError`` with the preview's problems, or when what it would
    write is no longer what was previewed (code ``stale``); nothing is
    written then, nor when anything fails midway.
    """
    rules.require(rules.can_reorganise, user)
    with transaction.atomic():
        # Two administrators reorganising the same departments at once: the second
        # waits here, then finds the preview it confirmed out of date.
        proposal = _locked(proposal)
        preview = reorganisation_preview(proposal)
        if preview.problems:
            raise ValidationError(preview.problems, code="invalid")
        if preview.digest != digest:
            raise ValidationError(STALE, code="stale")
        units = _apply_units(preview)
        record = _record(preview, units, user)
        _apply_aliases(preview, units)
        _apply_owners(preview, units, record, user)
        _apply_accounts(preview, units, request)
    return record


def _locked(proposal: Proposal) -> Proposal:
    """
    ``proposal`` with its departments read again, locked: the preview is made
    from them as they are now, and the caller's instances are left as they were
    should the transaction roll back.
    """
    involved = [proposal.department, *proposal.sources, *proposal.parts, proposal.into]
    pks = [unit.pk for unit in involved if isinstance(unit, Department)]
    locked = {d.pk: d for d in Department.objects.select_for_update().filter(pk__in=pks)}

    def fresh(unit):
        return locked.get(unit.pk, unit) if isinstance(unit, Department) else unit

    return replace(
        proposal,
        department=fresh(proposal.department),
        sources=[fresh(d) for d in proposal.sources],
        into=fresh(proposal.into),
        parts=[fresh(part) for part in proposal.parts],
    )


def _apply_units(preview: Preview) -> dict[str, Department]:
    """Create the new units, rename and archive the others: every unit of the preview by key."""
    units = {}
    order = _order_of(preview)
    for change in preview.units:
        if change.created:
            unit = change.new
            units[change.key] = Department.objects.create(
                name=unit.name,
                short_name=unit.short_name,
                code=unit.code or _code_for(unit.name),
                kind=guess_kind(unit.name),
                order=order,
            )
            continue
        department = change.department
        department.name, department.short_name = change.name_after, change.short_name_after
        department.active = change.active_after
        department.save(update_fields=["name", "short_name", "active"])
        units[change.key] = department
    return units


def _order_of(preview: Preview) -> int:
    """New units take the place of the first unit they come from in the ranking's order."""
    existing = [change.department for change in preview.units if not change.created]
    if existing:
        return min(department.order for department in existing)
    return (Department.objects.aggregate(m=Max("order"))["m"] or 0) + 1


def _code_for(name: str) -> str:
    """A code for a unit nobody gave one, stable for its name (as imports make them)."""
    code = "d-" + hashlib.sha1(name.encode()).hexdigest()[:10]
    suffix = 1
    while Department.objects.filter(code=f"{code}{'' if suffix == 1 else suffix}").exists():
        suffix += 1
    return code if suffix == 1 else f"{code}{suffix}"


def _record(preview: Preview, units: dict[str, Department], user) -> Reorganisation:
    """The reorganisation's record, with each unit as it stood before and after."""
    proposal = preview.proposal
    record = Reorganisation.objects.create(
        kind=proposal.kind,
        effective_on=proposal.effective_on,
        reason=proposal.reason.strip(),
        summary=preview.summary,
        details=_details(preview),
        performed_by=user,
        performed_by_name=user.get_username()[:150],
    )
    ReorganisationUnit.objects.bulk_create(
        ReorganisationUnit(
            reorganisation=record,
            department=units[change.key],
            name_before=change.name_before,
            short_name_before=change.short_name_before,
            active_before=change.active_before,
            name_after=change.name_after,
            short_name_after=change.short_name_after,
            active_after=change.active_after,
        )
        for change in preview.units
    )
    return record


def _details(preview: Preview) -> dict:
    """What the record page shows, in the names of the day (they may change later)."""
    return {
        "units": [
            {
                "before": change.name_before,
                "short_before": change.short_name_before,
                "active_before": change.active_before,
                "created": change.created,
                "after": change.name_after,
                "short_after": change.short_name_after,
                "active_after": change.active_after,
            }
            for change in preview.units
        ],
        "goals": [
            {
                "plan": str(change.goal.plan),
                "code": change.goal.code,
                "title": change.goal.title,
                "before": [[owner.label, owner.role] for owner in change.before],
                "after": [[owner.label, owner.role] for owner in change.after],
            }
            for change in preview.changed_goals
        ],
        "accounts": [
            {
                "username": move.user.get_username(),
                "name": str(move.user),
                "before": str(move.user.department),
                "after": move.label,
            }
            for move in preview.moved_accounts
        ],
        "aliases": [[alias.alias, alias.label] for alias in preview.aliases],
    }


def _apply_aliases(preview: Preview, units: dict[str, Department]) -> None:
    for change in preview.aliases:
        department = units[change.key]
        if change.existing is not None:
            change.existing.department = department
            change.existing.save(update_fields=["department"])
        else:
            DepartmentAlias.objects.create(department=department, alias=change.alias)


def _apply_owners(preview: Preview, units: dict[str, Department], record, user) -> None:
    """
    Keep each changed goal's owners as they were (the record's ``owners``), then
    move, merge or drop its owner rows, each with its history row, and move its
    version on so that an admin form opened before is refused rather than
    undoing the move.
    """
    changed = preview.changed_goals
    ReorganisationOwner.objects.bulk_create(
        ReorganisationOwner(
            reorganisation=record,
            goal=change.goal,
            department_id=row.link.department_id,
            role=row.link.role,
            order=row.link.order,
        )
        for change in changed
        for row in change.rows
    )
    reason = f"reorganisation: {preview.summary}"
    for change in changed:
        # Deletions first: a row moved into a unit must not meet the row it replaces.
        for row in sorted(change.rows, key=lambda row: not row.delete):
            if not row.changed:
                continue
            link = row.link
            record_change(link, user, reason)
            if row.delete:
                link.delete()
                continue
            link.department = units[row.key]
            link.role = row.role
            link.save(update_fields=["department", "role"])
    Goal.objects.filter(pk__in=[change.goal.pk for change in changed]).update(
        version=F("version") + 1
    )


def _apply_accounts(preview: Preview, units: dict[str, Department], request) -> None:
    """Each account to its new unit, recorded in the audit log as the admin's form records it."""
    for move in preview.moved_accounts:
        user = move.user
        before = audit.account_state(user)
        user.department = units[move.key]
        user.save(update_fields=["department"])
        audit.record_account_changes(request, user, before, audit.account_state(user))
