"""
Archive instead of delete (归档而非删除): goals and plans that are no longer
followed are archived, and leave the dashboards, the department pages and the
reminders, with their updates and history kept. Quarterly updates are not
archived one by one: they go with their goal or plan.

The one way reported data leaves the database is a purge (清除) of an archived
plan, by an administrator, which leaves a ``PurgeRecord`` behind.
"""

from __future__ import annotations

import getpass
from collections import Counter

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .. import rules
from ..choices import PlanState
from ..models import (
    Goal,
    GoalComment,
    GoalDepartment,
    GoalMilestone,
    Indicator,
    IndicatorActual,
    Plan,
    PurgeRecord,
    QuarterlyUpdate,
    ReminderLog,
    ReportingPeriod,
    Section,
    UpdateAttachment,
    UpdateEvent,
    UpdateSheetUpload,
)
from .assessment import (
    PURGE_LABELS,
    assessment_evidence_files,
    assessment_history_querysets,
    assessment_purge_querysets,
)
from .common import record_change

# -- goals -----------------------------------------------------------------------------------------


def _goal_set_archived(goal: Goal, archived: bool, *, user, reason: str) -> bool:
    with transaction.atomic():
        # Locked for the few statements of this write, and its version moved on,
        # so an admin form opened before is refused rather than undoing it.
        locked = Goal.objects.select_for_update().get(pk=goal.pk)
        if locked.archived == archived:
            return False
        locked.archived = archived
        locked.version += 1
        record_change(locked, user, reason)
        locked.save(update_fields=["archived", "version", "updated_at"])
    goal.archived, goal.version = locked.archived, locked.version
    return True


def goal_archive(goal: Goal, *, user, reason: str = "") -> bool:
    """
    Stop following ``goal``: it leaves dashboards, department pages, reminders
    and templates; its updates and history stay. Returns False when it was
    already archived. Administrators only.
    """
    rules.require(rules.can_archive, user)
    return _goal_set_archived(goal, True, user=user, reason=reason or "archived")


def goal_unarchive(goal: Goal, *, user, reason: str = "") -> bool:
    """Follow an archived goal again. Returns False when it was not archived."""
    rules.require(rules.can_archive, user)
    return _goal_set_archived(goal, False, user=user, reason=reason or "restored")


# -- plans -----------------------------------------------------------------------------------------


def plan_archive(plan: Plan, *, user, reason: str = "") -> bool:
    """
    Archive a plan (its year is over, or it was replaced): it is no longer
    reported on or chased, and a dashboard opens on it only when its year is
    asked for. Returns False when it was already archived.
    """
    rules.require(rules.can_archive, user)
    with transaction.atomic():
        locked = Plan.objects.select_for_update().get(pk=plan.pk)
        if locked.state == PlanState.ARCHIVED:
            return False
        locked.state = PlanState.ARCHIVED
        # An admin form opened before is refused rather than undoing it.
        locked.version += 1
        record_change(locked, user, reason or "archived")
        locked.save(update_fields=["state", "version", "updated_at"])
    plan.state, plan.version = locked.state, locked.version
    return True


def plan_unarchive(plan: Plan, *, user, reason: str = "") -> bool:
    """
    Make an archived plan active again; refused while another plan is active
    for its year (one active plan per year). Returns False when it was not
    archived.
    """
    rules.require(rules.can_archive, user)
    with transaction.atomic():
        locked = Plan.objects.select_for_update().get(pk=plan.pk)
        if locked.state != PlanState.ARCHIVED:
            return False
        other = Plan.objects.filter(year=locked.year, state=PlanState.ACTIVE).exclude(pk=locked.pk)
        if other.exists():
            raise ValidationError(
                _("Another plan is already active for %(year)s: archive it first.")
                % {"year": locked.year}
            )
        locked.state = PlanState.ACTIVE
        # An admin form opened before is refused rather than undoing it.
        locked.version += 1
        record_change(locked, user, reason or "restored")
        locked.save(update_fields=["state", "version", "updated_at"])
    plan.state, plan.version = locked.state, locked.version
    return True


# -- purging ---------------------------------------------------------------------------------------


# What each kind of row a purge counts is called on the confirmation page and in the command.
KIND_LABELS = {
    "attachment": gettext_lazy("evidence files"),
    "update event": gettext_lazy("review events"),
    "workbook upload": gettext_lazy("records of workbook uploads"),
    "actual value": gettext_lazy("actual values"),
    "quarterly update": gettext_lazy("quarterly updates"),
    "comment": gettext_lazy("comments"),
    "milestone": gettext_lazy("milestones"),
    "reminder": gettext_lazy("reminders"),
    "indicator": gettext_lazy("indicators"),
    "owner": gettext_lazy("goal owners"),
    "goal leader": gettext_lazy("goal leaders"),
    "goal": gettext_lazy("goals"),
    "section leader": gettext_lazy("section leaders"),
    "section": gettext_lazy("sections"),
    "reporting period": gettext_lazy("reporting periods"),
    "plan": gettext_lazy("plans"),
    "actual value history": gettext_lazy("history of actual values"),
    "update history": gettext_lazy("history of updates"),
    "indicator history": gettext_lazy("history of indicators"),
    "owner history": gettext_lazy("history of goal owners"),
    "goal history": gettext_lazy("history of goals"),
    "plan history": gettext_lazy("history of the plan"),
    **PURGE_LABELS,
}


def purge_lines(counts: dict[str, int]) -> list[str]:
    """``counts`` (of a summary or a PurgeRecord) as lines for people: "目标任务：12"."""
    return [
        _("%(kind)s: %(count)s") % {"kind": KIND_LABELS.get(kind, kind), "count": count}
        for kind, count in counts.items()
        if count
    ]


def _purge_querysets(plan: Plan) -> list[tuple[str, object]]:
    """
    What a purge of ``plan`` removes, in an order the PROTECT foreign keys
    allow (children first), with the history rows of the rows that have one.
    """
    goals = Goal.objects.filter(plan=plan)
    updates = QuarterlyUpdate.objects.filter(goal__plan=plan)
    return [
        *assessment_purge_querysets(plan),
        ("attachment", UpdateAttachment.objects.filter(update__in=updates)),
        ("update event", UpdateEvent.objects.filter(update__in=updates)),
        ("workbook upload", UpdateSheetUpload.objects.filter(update__in=updates)),
        ("actual value", IndicatorActual.objects.filter(update__in=updates)),
        ("quarterly update", updates),
        ("comment", GoalComment.objects.filter(goal__in=goals)),
        ("milestone", GoalMilestone.objects.filter(goal__in=goals)),
        ("reminder", ReminderLog.objects.filter(goal__in=goals)),
        ("indicator", Indicator.objects.filter(goal__in=goals)),
        ("owner", GoalDepartment.objects.filter(goal__in=goals)),
        ("goal leader", Goal.leaders.through.objects.filter(goal__in=goals)),
        ("goal", goals),
        ("section leader", Section.leaders.through.objects.filter(section__plan=plan)),
        ("section", Section.objects.filter(plan=plan)),
        ("reporting period", ReportingPeriod.objects.filter(plan=plan)),
        ("plan", Plan.objects.filter(pk=plan.pk)),
    ]


def _history_querysets(plan: Plan, ids: dict[str, list[int]]) -> list[tuple[str, object]]:
    """The history rows of what the purge removes (deletions included)."""
    return [
        ("actual value history", IndicatorActual.history.filter(id__in=ids["actual value"])),
        ("update history", QuarterlyUpdate.history.filter(id__in=ids["quarterly update"])),
        ("indicator history", Indicator.history.filter(id__in=ids["indicator"])),
        ("owner history", GoalDepartment.history.filter(id__in=ids["owner"])),
        ("goal history", Goal.history.filter(plan_id=plan.pk)),
        ("plan history", Plan.history.filter(id=plan.pk)),
        *assessment_history_querysets(plan),
    ]


def plan_purge_summary(plan: Plan) -> dict[str, int]:
    """How many rows of each kind a purge of ``plan`` would remove; nothing is written."""
    return {kind: qs.count() for kind, qs in _purge_querysets(plan)}


def plan_purge(plan: Plan, *, user=None, reason: str) -> PurgeRecord:
    """
    Remove an archived plan for good: its sections, goals, owners,
    indicators, periods, updates with their values, events, comments and
    evidence files, and the history of all of these. A ``PurgeRecord``
    (who, when, which plan, how many rows, why) is written in the same
    transaction and stays.

    ``user`` must be an administrator; None is the command line (whoever
    runs ``manage.py`` on the server), recorded by their system account.
    Raises ``PermissionDenied`` for anyone else, and ``ValidationError`` for
    a plan that is not archived or a missing reason; nothing is removed then.
    """
    if user is not None:
        rules.require(rules.can_purge_plans, user)
    if not reason.strip():
        raise ValidationError(_("Give the reason for purging the plan."), code="reason")
    with transaction.atomic():
        locked = Plan.objects.select_for_update().filter(pk=plan.pk).first()
        if locked is None or locked.state != PlanState.ARCHIVED:
            raise ValidationError(
                _("Only an archived plan can be purged: archive %(plan)s first.") % {"plan": plan},
                code="state",
            )
        ids = {
            kind: list(qs.values_list("pk", flat=True))
            for kind, qs in _purge_querysets(locked)
            if kind in ("actual value", "quarterly update", "indicator", "owner")
        }
        files = [
            (a.file.storage, a.file.name)
            for a in UpdateAttachment.objects.filter(update__goal__plan=locked)
            if a.file.name
        ] + assessment_evidence_files(locked)
        counts = Counter()
        # Children first, so that each delete removes what it names (the
        # PROTECT keys allow no other order) and the counts say what went.
        for kind, qs in [*_purge_querysets(locked), *_history_querysets(locked, ids)]:
            _total, per_model = qs.delete()
            counts[kind] = per_model.get(qs.model._meta.label, 0)
        if user is not None:
            name = user.get_username()
        else:
            name = f"manage.py ({getpass.getuser()})"
        record = PurgeRecord.objects.create(
            performed_by=user,
            performed_by_name=name[:150],
            plan_year=locked.year,
            plan_title=locked.title,
            plan_pk=locked.pk,
            counts={kind: n for kind, n in counts.items() if n},
            reason=reason.strip(),
        )
        for storage, file_name in files:
            # The files go once the rows are gone for good.
            transaction.on_commit(lambda s=storage, n=file_name: s.delete(n))
    return record


__all__ = [
    "goal_archive",
    "goal_unarchive",
    "plan_archive",
    "plan_purge",
    "plan_purge_summary",
    "plan_unarchive",
    "purge_lines",
]
