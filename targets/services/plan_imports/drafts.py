"""
The life of a plan import (``PlanImport``): a document read into a draft is
kept for an administrator to check (``plan_import_create``), corrected
(``plan_import_save_draft``, refusing a stale form), then applied once
(``plan_import_confirm``) or dropped (``plan_import_discard``).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ...choices import ImportState
from ...io import checks
from ...io.draft import PlanDraft
from ...models import Plan, PlanImport
from .apply import ImportResult, plan_import
from .codes import goal_codes


def plan_import_create(draft: PlanDraft, *, user, source_name: str) -> PlanImport:
    """Keep a freshly read draft for a person to check; nothing is applied yet."""
    checks.recheck(draft, source_name=source_name)
    return PlanImport.objects.create(
        source_name=source_name[:255],
        source_text=draft.source_text,
        draft=draft.to_dict(),
        created_by=user,
    )


class StaleDraft(Exception):
    """The draft changed since the form was opened (another tab, another admin)."""


def plan_import_save_draft(plan_import: PlanImport, data: dict, *, version: int) -> PlanImport:
    """
    Replace the draft with a corrected one (``data`` is its JSON form),
    refusing a version other than the current one so a stale form cannot
    overwrite newer corrections. Raises ``DraftError`` for a draft that does
    not hold together. The warnings about the draft's state (goals without a
    lead, no title…) are worked out again: they describe the corrected draft.
    """
    draft = PlanDraft.from_dict(data)  # validates before anything is written
    checks.recheck(draft, source_name=plan_import.source_name)
    with transaction.atomic():
        updated = PlanImport.objects.filter(
            pk=plan_import.pk, version=version, state=ImportState.PENDING
        ).update(draft=draft.to_dict(), version=version + 1, updated_at=timezone.now())
        if not updated:
            raise StaleDraft
    plan_import.refresh_from_db()
    return plan_import


def plan_import_confirm(
    pending: PlanImport,
    *,
    user,
    version: int,
    activate: bool = False,
    without_lead: bool = False,
) -> ImportResult:
    """
    Apply a previewed draft. The import is locked for the duration, so two
    admins confirming at once (on two app servers) apply it once. Goals that
    name no lead department are applied only when ``without_lead`` says the
    person chose so; the choice (and which goals) is kept in the import's
    ``result`` and in the history reason of every row it writes.
    """
    with transaction.atomic():
        locked = PlanImport.objects.select_for_update().get(pk=pending.pk)
        if locked.state == ImportState.APPLIED:
            raise ValidationError(
                _("This import was already applied on %(date)s.")
                % {"date": timezone.localtime(locked.applied_at).strftime("%Y-%m-%d %H:%M")},
                code="applied",
            )
        if locked.state != ImportState.PENDING or locked.version != version:
            raise StaleDraft
        draft = PlanDraft.from_dict(locked.draft)
        draft.source_text = locked.source_text
        lacking = _without_lead_codes(draft)
        if lacking and not without_lead:
            raise ValidationError(
                ngettext(
                    "%(count)s task has no lead department yet. Assign one, or tick "
                    "“Confirm anyway” to import it without one. Nothing was imported.",
                    "%(count)s tasks have no lead department yet. Assign them, or tick "
                    "“Confirm anyway” to import them without one. Nothing was imported.",
                    len(lacking),
                )
                % {"count": len(lacking)},
                code="without_lead",
            )
        _refuse_if_overtaken(locked, draft)
        note = (
            _("confirmed with %(count)s tasks without a lead department") % {"count": len(lacking)}
            if lacking
            else ""
        )
        result = plan_import(
            draft, user=user, source_name=locked.source_name, activate=activate, note=note
        )
        locked.state = ImportState.APPLIED
        locked.plan = result.plan
        locked.result = {
            **result.to_dict(),
            "confirmed_by": str(user),
            "without_lead": lacking,
        }
        locked.applied_at = timezone.now()
        locked.save(update_fields=["state", "plan", "result", "applied_at", "updated_at"])
    pending.refresh_from_db()
    return result


def _without_lead_codes(draft: PlanDraft) -> list[str]:
    """The codes of the goals that name no lead department, in document order."""
    missing = set(checks.without_lead(draft))
    return [code for i, (_goal, code, _section) in enumerate(goal_codes(draft)) if i in missing]


def _refuse_if_overtaken(locked: PlanImport, draft: PlanDraft) -> None:
    """
    Refuse a draft whose plan another import changed after it was read: two
    copies of one file confirmed together, or a newer document applied while
    this one waited. Its preview no longer says what applying it would do.
    """
    # Wait for an import of the same plan running now (its lock on the
    # plan), so that the check below sees what it applied.
    Plan.objects.select_for_update().filter(year=draft.year, title=draft.title).first()
    overtaken = (
        PlanImport.objects.filter(
            state=ImportState.APPLIED,
            plan__year=draft.year,
            plan__title=draft.title,
            applied_at__gt=locked.created_at,
        )
        .exclude(pk=locked.pk)
        .first()
    )
    if overtaken is not None:
        raise ValidationError(
            _(
                "%(source)s was applied to this plan on %(date)s, after this draft was "
                "read: nothing was written. Import the document again to see what it "
                "would change now."
            )
            % {
                "source": overtaken.source_name,
                "date": timezone.localtime(overtaken.applied_at).strftime("%Y-%m-%d %H:%M"),
            },
            code="overtaken",
        )


def plan_import_discard(plan_import: PlanImport) -> None:
    """Drop a draft nobody wants; it stays listed as discarded."""
    PlanImport.objects.filter(pk=plan_import.pk, state=ImportState.PENDING).update(
        state=ImportState.DISCARDED, updated_at=timezone.now()
    )
