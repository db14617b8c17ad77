"""
Claims checks, the writes: the review of the past year in the next year's
report (pasted, or a .txt/.docx file through the document reader) read into
claims, each matched to one of the plan's targets by ``targets.io.claims``;
and the office confirming or correcting a match.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import rules
from ..choices import ClaimMatchState
from ..io.claims import Target, match_claims, read_claims
from ..io.files import DocumentError, read_document
from ..models import Claim, ClaimCheck, Indicator, Plan
from .common import record_change

TITLE_MAX_LENGTH = 200


def document_error_message(error: DocumentError) -> str:
    """The reader's refusal in the user's language (its message is a msgid)."""
    return _(error.message) % error.params if error.params else _(error.message)


def review_text(*, text: str = "", name: str = "", data: bytes | None = None) -> str:
    """The review as text: pasted, or read from an uploaded file (``ValidationError`` if not)."""
    if data is not None:
        try:
            return read_document(name, data)
        except DocumentError as error:
            raise ValidationError(document_error_message(error), code=error.code) from error
    text = (text or "").replace("\r\n", "\n").strip()
    if not text:
        raise ValidationError(_("Paste the review or choose a file."), code="empty")
    return text


def plan_targets(plan: Plan) -> list[Target]:
    """The plan's targets as the matcher takes them: its live goals' indicators."""
    return [
        Target(
            key=indicator.pk,
            name=indicator.name,
            unit=indicator.unit,
            value=indicator.target_value,
            comparator=indicator.comparator,
            phrase=indicator.phrase,
        )
        for indicator in Indicator.objects.filter(goal__plan=plan, goal__archived=False)
    ]


def claim_check_create(
    plan: Plan, *, title: str, text: str, source_name: str = "", user
) -> ClaimCheck:
    """
    Read ``text`` (the next year's report, or its review of ``plan``'s year)
    into claims matched to the plan's targets, in one transaction. The office
    only; an empty title or a text with no figure about the past year is a
    ``ValidationError`` and writes nothing.
    """
    rules.require(rules.can_check_claims, user)
    title = " ".join((title or "").split())[:TITLE_MAX_LENGTH]
    if not title:
        raise ValidationError(_("Give the check a title."), code="title")
    claims = read_claims(text)
    if not claims:
        raise ValidationError(
            _("No figures about the past year were found in this text."), code="no_claims"
        )
    matched = match_claims(claims, plan_targets(plan))
    with transaction.atomic():
        check = ClaimCheck.objects.create(
            plan=plan, title=title, source_name=source_name[:255], source_text=text, created_by=user
        )
        for order, (claim, target, similarity) in enumerate(matched, start=1):
            row = Claim(
                claim_check=check,
                order=order,
                sentence=claim.sentence,
                phrase=claim.phrase[:300],
                subject=claim.subject[:300],
                value=claim.value,
                unit=claim.unit,
                comparator=claim.comparator,
                indicator_id=target.key if target else None,
                similarity=Decimal(str(round(similarity, 3))) if target else None,
            )
            record_change(row, user)
            row.save()
    return check


def claim_match_set(claim: Claim, indicator: Indicator | None, *, user) -> Claim:
    """
    The office's word on a claim's match: the target it answers for, or None
    (never a target). The same as suggested is *confirmed*, another
    *corrected*; kept with who and when, and in the claim's history. A
    target of another plan is a ``ValidationError``.
    """
    rules.require(rules.can_check_claims, user)
    if indicator is not None and indicator.goal.plan_id != claim.claim_check.plan_id:
        raise ValidationError(_("Choose a target of the plan this check is about."), code="plan")
    new_id = indicator.pk if indicator else None
    with transaction.atomic():
        same = new_id == claim.indicator_id and claim.match_state != ClaimMatchState.CORRECTED
        claim.match_state = ClaimMatchState.CONFIRMED if same else ClaimMatchState.CORRECTED
        claim.indicator_id = new_id
        claim.matched_by, claim.matched_at = user, timezone.now()
        record_change(claim, user)
        claim.save()
    return claim
