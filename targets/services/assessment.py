"""
The assessment (考核), the writes: the scoring scheme saved as a new version,
adjustments (加分 / 减分) added and withdrawn, the results published and the
publication withdrawn, objections (申诉) filed and answered.

Publishing freezes: the results are kept as computed then (on the event that
published them), and the scheme and the adjustments refuse every change until
the office withdraws the publication, for a reason. Objections are taken
before and after publication alike: a department sees its own scores all
along, and an objection upheld after publication is what a withdrawal is for.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .. import rules
from ..choices import AssessmentAction, AssessmentState, NotificationKind, ObjectionState
from ..models import (
    Assessment,
    AssessmentAdjustment,
    AssessmentEvent,
    AssessmentObjection,
    AssessmentScheme,
    AssessmentWeight,
    Department,
    Plan,
)
from ..selectors.assessment import compute_scorecard, scheme_in_force
from .common import record_change
from .discussion import attachment_check
from .notifications import actor_name, notify, plan_departments

TEXT_MAX_LENGTH = 2000  # a reason, an answer: a paragraph or two
MAX_ADJUSTMENT = Decimal(100)


def assessment_for(plan: Plan) -> Assessment:
    """The plan's assessment, created (a draft) the first time it is written to."""
    assessment = Assessment.objects.filter(plan=plan).first()
    if assessment is not None:
        return assessment
    try:
        with transaction.atomic():
            return Assessment.objects.create(plan=plan)
    except IntegrityError:  # created by a parallel request between the read and the write
        return Assessment.objects.get(plan=plan)


def _text(value: str, *, required: str, code: str) -> str:
    """A reason or an answer: required (else ``required``), at most ``TEXT_MAX_LENGTH``."""
    text = (value or "").replace("\r\n", "\n").strip()
    if not text:
        raise ValidationError(required, code=code)
    if len(text) > TEXT_MAX_LENGTH:
        raise ValidationError(
            _("Keep it to %(limit)s characters; this has %(count)s.")
            % {"limit": TEXT_MAX_LENGTH, "count": len(text)},
            code=code,
        )
    return text


def _locked_draft(assessment: Assessment) -> Assessment:
    """
    The assessment row locked for the transaction, refused once published:
    the scheme and the adjustments are frozen with the results.
    """
    locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if locked.is_published:
        raise ValidationError(
            _(
                "The results are published: the scheme and the adjustments are frozen. "
                "Withdraw the publication first, giving the reason."
            ),
            code="frozen",
        )
    return locked


# -- the scheme -----------------------------------------------------------------------------


def assessment_scheme_save(
    plan: Plan,
    values: dict,
    *,
    user,
    based_on: int,
    chapter_weights: dict | None = None,
    goal_weights: dict | None = None,
    note: str = "",
) -> AssessmentScheme | None:
    """
    Save the scheme's numbers (``AssessmentScheme.NUMBERS``) and weights
    (``{section or goal id: weight}``; 1 is not kept) as the next version,
    with ``note`` saying what changed. ``based_on``: the version the form
    showed, so that two people saving at once do not overwrite each other
    unseen. Returns None, writing nothing, when nothing changed. The office
    only; refused while the results are published.
    """
    rules.require(rules.can_manage_assessment, user)
    chapters = {k: Decimal(v) for k, v in (chapter_weights or {}).items() if Decimal(v) != 1}
    goals = {k: Decimal(v) for k, v in (goal_weights or {}).items() if Decimal(v) != 1}
    with transaction.atomic():
        assessment = _locked_draft(assessment_for(plan))
        current = scheme_in_force(assessment)
        if current.number != based_on:
            raise ValidationError(
                _(
                    "Someone saved version %(number)s of the scheme since you opened it. "
                    "Look at it and make your changes again."
                )
                % {"number": current.number},
                code="stale",
            )
        weights = list(current.weights.all()) if current.pk else []
        before = (
            current.values(),
            {w.section_id: w.weight for w in weights if w.section_id},
            {w.goal_id: w.weight for w in weights if w.goal_id},
        )
        after = ({**current.values(), **values}, chapters, goals)
        if current.pk and before == after:
            return None
        scheme = AssessmentScheme(
            assessment=assessment,
            number=current.number + 1,
            created_by=user,
            note=note.strip()[:200],
            **after[0],
        )
        scheme.full_clean(exclude=["assessment", "created_by"])
        scheme.save()
        AssessmentWeight.objects.bulk_create(
            [AssessmentWeight(scheme=scheme, section_id=k, weight=v) for k, v in chapters.items()]
            + [AssessmentWeight(scheme=scheme, goal_id=k, weight=v) for k, v in goals.items()]
        )
    return scheme


# -- adjustments ----------------------------------------------------------------------------


def assessment_adjustment_add(
    plan: Plan, department: Department, points, reason: str, *, user, evidence=None
) -> AssessmentAdjustment:
    """
    Add (positive ``points``) or take off (negative) points for ``department``,
    for ``reason``, with an optional evidence file (checked as update
    attachments are). Recorded in the adjustment's history. The office only;
    refused while the results are published.
    """
    rules.require(rules.can_manage_assessment, user)
    try:
        points = Decimal(str(points)).quantize(Decimal("0.01"))
    except ArithmeticError:
        raise ValidationError(_("The points must be a number."), code="points") from None
    if not points or abs(points) > MAX_ADJUSTMENT:
        raise ValidationError(
            _("An adjustment is between −%(limit)s and %(limit)s points, and not 0.")
            % {"limit": MAX_ADJUSTMENT},
            code="points",
        )
    reason = _text(reason, required=_("Say why the points are adjusted."), code="reason")
    checked = attachment_check(evidence) if evidence else None
    adjustment = AssessmentAdjustment(
        department=department, points=points, reason=reason, created_by=user
    )
    try:
        with transaction.atomic():
            adjustment.assessment = _locked_draft(assessment_for(plan))
            if checked is not None:
                adjustment.evidence_name = checked.name
                # upload_to (evidence_path) makes a random name with this extension.
                adjustment.evidence.save(f"evidence{checked.suffix}", checked.upload, save=False)
            record_change(adjustment, user)
            adjustment.save()
    except BaseException:
        # The row is rolled back; the file written for it must go too.
        if adjustment.evidence:
            adjustment.evidence.delete(save=False)
        raise
    return adjustment


def assessment_adjustment_withdraw(adjustment: AssessmentAdjustment, *, user, reason: str) -> None:
    """
    Withdraw an adjustment, for a reason: it stays, marked withdrawn, and its
    history says who and why. The office only; refused while published.
    """
    rules.require(rules.can_manage_assessment, user)
    reason = _text(reason, required=_("Say why the adjustment is withdrawn."), code="reason")
    with transaction.atomic():
        _locked_draft(adjustment.assessment)
        adjustment = AssessmentAdjustment.objects.select_for_update().get(pk=adjustment.pk)
        if adjustment.withdrawn:
            raise ValidationError(_("This adjustment is already withdrawn."), code="state")
        adjustment.withdrawn, adjustment.withdrawn_reason = True, reason
        record_change(adjustment, user, reason)
        adjustment.save(update_fields=["withdrawn", "withdrawn_reason"])


# -- publishing -----------------------------------------------------------------------------


def assessment_publish(plan: Plan, *, user, version: int, comment: str = "") -> AssessmentEvent:
    """
    Publish the results as computed now: kept on the event, with the scheme
    version they used, and shown from then on instead of live figures; the
    scheme and the adjustments freeze. ``version``: the assessment's as the
    page showed it (0 before it existed), a compare-and-set, so of two
    supervisors publishing at once one does. The office only.
    """
    rules.require(rules.can_manage_assessment, user)
    with transaction.atomic():
        assessment = assessment_for(plan)
        # A page shown before the assessment existed says 0; it is created at 1.
        claimed = Assessment.objects.filter(
            pk=assessment.pk, state=AssessmentState.DRAFT, version=max(version, 1)
        ).update(version=F("version") + 1)
        if not claimed:
            raise ValidationError(_stale(assessment), code="stale")
        assessment.refresh_from_db()
        scheme = scheme_in_force(assessment)
        if scheme.pk is None:  # the default scheme, kept as version 1 for the record
            scheme = AssessmentScheme.objects.create(
                assessment=assessment, number=1, created_by=user
            )
        card = compute_scorecard(plan, assessment)
        if not card.rows:
            raise ValidationError(_("There is nothing to publish: no department has points yet."))
        event = AssessmentEvent.objects.create(
            assessment=assessment,
            action=AssessmentAction.PUBLISHED,
            actor=user,
            comment=(comment or "").strip()[:TEXT_MAX_LENGTH],
            scheme=scheme,
            results=card.to_json(),
        )
        Assessment.objects.filter(pk=assessment.pk).update(
            state=AssessmentState.PUBLISHED, published=event
        )
        notify(
            NotificationKind.ASSESSMENT_PUBLISHED,
            link=assessment.get_absolute_url(),
            params={"plan": plan.title, "actor": actor_name(user)},
            departments=plan_departments(plan),
            office=True,
            actor=user,
            plan=plan,
        )
    return event


def assessment_withdraw(plan: Plan, *, user, version: int, reason: str) -> AssessmentEvent:
    """
    Withdraw the publication, for a reason (kept on its event): the results
    are computed live again and the scheme and adjustments can be changed;
    the results as published stay on the publishing event. The office only.
    """
    rules.require(rules.can_manage_assessment, user)
    reason = _text(reason, required=_("Say why the publication is withdrawn."), code="reason")
    with transaction.atomic():
        assessment = assessment_for(plan)
        claimed = Assessment.objects.filter(
            pk=assessment.pk, state=AssessmentState.PUBLISHED, version=version
        ).update(state=AssessmentState.DRAFT, published=None, version=F("version") + 1)
        if not claimed:
            raise ValidationError(_stale(assessment), code="stale")
        return AssessmentEvent.objects.create(
            assessment=assessment, action=AssessmentAction.WITHDRAWN, actor=user, comment=reason
        )


def _stale(assessment: Assessment) -> str:
    assessment.refresh_from_db()
    if assessment.is_published:
        return _("The results were published meanwhile; this page showed them as a draft.")
    return _("The assessment changed since this page was opened: look at it again.")


# -- objections -----------------------------------------------------------------------------


def assessment_objection_file(plan: Plan, reason: str, *, user) -> AssessmentObjection:
    """
    File an objection (申诉) to the user's department's scores, for a reason.
    Its own staff only; one open objection per department at a time.
    """
    department = Department.objects.filter(pk=user.department_id).first()
    if department is None:
        raise ValidationError(_("Only the department's own staff can object to its scores."))
    rules.require(rules.can_object_to_assessment, user, department)
    reason = _text(reason, required=_("Say what you object to and why."), code="reason")
    with transaction.atomic():
        assessment = Assessment.objects.select_for_update().get(pk=assessment_for(plan).pk)
        if assessment.objections.filter(department=department, state=ObjectionState.OPEN).exists():
            raise ValidationError(
                _("Your objection is waiting for the office's answer; add to it when they reply."),
                code="open",
            )
        return AssessmentObjection.objects.create(
            assessment=assessment, department=department, reason=reason, filed_by=user
        )


def assessment_objection_answer(
    objection: AssessmentObjection, *, user, upheld: bool, answer: str
) -> None:
    """
    Answer an objection: upheld or not, and why. A compare-and-set on its
    state, so it is answered once. Correcting the scores of an objection
    upheld is an adjustment (withdrawing the publication first, if published).
    The office only.
    """
    rules.require(rules.can_manage_assessment, user)
    answer = _text(answer, required=_("Write the answer."), code="answer")
    state = ObjectionState.UPHELD if upheld else ObjectionState.REJECTED
    answered = AssessmentObjection.objects.filter(
        pk=objection.pk, state=ObjectionState.OPEN
    ).update(state=state, answer=answer, answered_by=user, answered_at=timezone.now())
    if not answered:
        raise ValidationError(_("This objection has already been answered."), code="state")
    objection.refresh_from_db()


# -- purging a plan -------------------------------------------------------------------------

PURGE_LABELS = {
    "assessment weight": gettext_lazy("assessment weights"),
    "adjustment": gettext_lazy("assessment adjustments"),
    "objection": gettext_lazy("objections"),
    "assessment event": gettext_lazy("assessment publications"),
    "scoring scheme": gettext_lazy("scoring schemes"),
    "assessment": gettext_lazy("assessments"),
    "adjustment history": gettext_lazy("history of assessment adjustments"),
}


def assessment_purge_querysets(plan: Plan) -> list[tuple[str, object]]:
    """
    What purging ``plan`` removes of its assessment, children first (the
    weights before the goals they name), for ``services.archive``.
    """
    assessments = Assessment.objects.filter(plan=plan)
    return [
        ("assessment weight", AssessmentWeight.objects.filter(scheme__assessment__in=assessments)),
        ("adjustment", AssessmentAdjustment.objects.filter(assessment__in=assessments)),
        ("objection", AssessmentObjection.objects.filter(assessment__in=assessments)),
        ("assessment event", AssessmentEvent.objects.filter(assessment__in=assessments)),
        ("scoring scheme", AssessmentScheme.objects.filter(assessment__in=assessments)),
        ("assessment", assessments),
    ]


def assessment_history_querysets(plan: Plan) -> list[tuple[str, object]]:
    """The adjustments' history, found now, before the purge removes the assessment."""
    ids = list(Assessment.objects.filter(plan=plan).values_list("pk", flat=True))
    return [("adjustment history", AssessmentAdjustment.history.filter(assessment_id__in=ids))]


def assessment_evidence_files(plan: Plan) -> list[tuple[object, str]]:
    """The adjustments' evidence files, ``(storage, name)``, to delete once a purge commits."""
    return [
        (a.evidence.storage, a.evidence.name)
        for a in AssessmentAdjustment.objects.filter(assessment__plan=plan)
        if a.evidence.name
    ]
