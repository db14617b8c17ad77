"""
Who may do what: every "may this user …" of Luoshi, by name, in one module.

As pretalx keeps its rules in ``submission/rules.py``: a view or a service asks
``rules.can_review_updates(user)``, never ``user.role == …`` itself, and a name
says what it allows. Templates ask the same rules through ``may`` (the context
processor at the end of this module): ``{% if may.review_updates %}``.

Which *rows* a user sees is not here but in one QuerySet method per model
(``Goal.objects.visible_to(user)``, ``QuarterlyUpdate.objects.editable_by(user)``
…), which asks these rules for the role questions. An object outside
``visible_to`` is a 404; a rule that says no on an object the user may see is a
403 that says why.

The roles (``accounts.choices.Role``): department staff (填报员) report for
their department; the supervision office (督查室) runs periods, reviews and
chases; leaders (领导) look at everything and change nothing; administrators do
all of that and import plans. A superuser counts as an administrator.
"""

from __future__ import annotations

import inspect
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.choices import Role

from .choices import OwnerRole, PlanState, ReviewState, YearState

if TYPE_CHECKING:
    from .models import Goal


def is_signed_in(user) -> bool:
    """A request with a signed-in user; anonymous visitors may do nothing."""
    return user is not None and user.is_authenticated


def _is_administrator(user) -> bool:
    return is_signed_in(user) and (user.is_superuser or user.role == Role.ADMIN)


def _is_supervision_office(user) -> bool:
    """The supervision office (督查室) and administrators."""
    return is_signed_in(user) and (user.is_superuser or user.role in (Role.SUPERVISOR, Role.ADMIN))


# -- seeing ---------------------------------------------------------------------------------


def can_see_all_departments(user) -> bool:
    """Supervisors, leaders and administrators see every department's goals; staff their own."""
    return is_signed_in(user) and (
        user.is_superuser or user.role in (Role.SUPERVISOR, Role.LEADER, Role.ADMIN)
    )


def can_open_department(user, department) -> bool:
    """A department's page: its own staff, and whoever sees every department."""
    return can_see_all_departments(user) or (
        is_signed_in(user) and user.department_id == department.pk
    )


def can_report_on_goals_led_by(user, department, plan) -> bool:
    """
    Whether ``user`` may report on every live goal of ``plan`` that ``department``
    leads today: ``Goal.objects.reportable_by`` for one department's goals (its
    staff, on the active plan), so that its page can tell from the goals' roles
    without reading them again.
    """
    return (
        is_signed_in(user)
        and user.is_department_staff
        and user.department_id is not None
        and user.department_id == department.pk
        and plan.state == PlanState.ACTIVE
    )


def can_see_draft_plans(user) -> bool:
    """A plan is an administrator's work until it is published."""
    return _is_administrator(user)


def can_see_chasing(user) -> bool:
    """
    The page of missing and late updates: the supervision office chases, leaders
    look (read-only) at who is behind. Staff see their own department's notice.
    """
    return can_see_all_departments(user)


def can_download_bulletin(user) -> bool:
    """
    Supervisors write the bulletin, administrators run the app and leaders receive
    it; it holds nothing their dashboards do not show. Department staff do not
    download it: it names other departments' shortfalls before it is sent.
    """
    return can_see_all_departments(user)


def can_see_leaders(user) -> bool:
    """Leaders' pages (责任领导) are outside what department staff see."""
    return can_see_all_departments(user)


# -- plans ----------------------------------------------------------------------------------


def can_import_plans(user) -> bool:
    """Reading a report into a draft, correcting and confirming it: administrators."""
    return _is_administrator(user)


def can_archive(user) -> bool:
    """Archiving and restoring goals and plans: administrators."""
    return _is_administrator(user)


def can_purge_plans(user) -> bool:
    """Purging an archived plan with everything reported on it: administrators."""
    return _is_administrator(user)


def can_reorganise(user) -> bool:
    """
    Renaming, merging and splitting departments (机构改革), which moves goals and
    accounts between them, and reading the records of it: administrators.
    """
    return _is_administrator(user)


def can_open_admin(user) -> bool:
    """
    Only administrators open the Django admin. ``is_staff`` alone is not enough:
    a supervisor or leader given it by mistake would otherwise edit every table
    there, past the rules the pages enforce.
    """
    return _is_administrator(user) and user.is_active and user.is_staff


# -- accounts and the audit log -------------------------------------------------------------


def can_manage_accounts(user) -> bool:
    """Disabling, enabling, unlocking accounts and resetting their passwords: administrators."""
    return _is_administrator(user)


def can_import_accounts(user) -> bool:
    """
    Departments and accounts from a workbook, with their first passwords:
    administrators, who set up the system and hand the passwords out.
    """
    return _is_administrator(user)


def can_import_change_account(user, account) -> bool:
    """
    An import may update an existing account, unless it is a superuser: the
    deployment's emergency accounts, made on the server (docs/security.md),
    are changed there or in the admin, never by a list.
    """
    return not account.is_superuser


def can_view_setup(user) -> bool:
    """The setup page (what is done and missing before a quarter opens): administrators."""
    return _is_administrator(user)


def can_manage_notifications(user) -> bool:
    """The group robots' settings and the outbox (failures, resending): administrators."""
    return _is_administrator(user)


def can_view_audit_log(user) -> bool:
    """
    The security audit log (who signed in, changed what, downloaded what):
    administrators, who answer for the system's security. Nobody edits it.
    """
    return _is_administrator(user)


# -- the supervision cycle ------------------------------------------------------------------


def can_manage_periods(user) -> bool:
    """Setting due dates, closing and reopening reporting periods: the supervision office."""
    return _is_supervision_office(user)


def can_review_updates(user) -> bool:
    """Approving and returning quarterly updates: the supervision office."""
    return _is_supervision_office(user)


def can_correct_updates(user) -> bool:
    """Changing an update after its period closed, with a reason: the supervision office."""
    return _is_supervision_office(user)


def notified_reviewers():
    """
    Whom an update waiting for review is announced to, as a query on users:
    the supervision office's reviewers (督查室), not every administrator.
    """
    return Q(role=Role.SUPERVISOR)


def can_send_reminders(user) -> bool:
    """Sending reminders (催报) to departments that have not reported: the supervision office."""
    return _is_supervision_office(user)


def can_attach_to_any_update(user) -> bool:
    """
    Evidence on any visible update of a live goal, before or after its period
    closed: the supervision office. Staff only on the updates they may edit.
    """
    return _is_supervision_office(user)


def can_report_on(user, goal) -> bool:
    """Staff of a lead department, on a live goal of the active plan (``Goal.reportable_by``)."""
    return is_signed_in(user) and goal.is_reportable_by(user)


def can_edit_update(user, goal) -> bool:
    """Open the goal's update form: its reporters, or the supervision office to correct."""
    return can_report_on(user, goal) or can_correct_updates(user)


def can_set_milestones(user, goal) -> bool:
    """The progress expected each quarter (序时进度) is the lead department's to say."""
    return can_report_on(user, goal)


def can_delete_attachment(user, attachment, *, attachable: bool) -> bool:
    """The uploader or the supervision office, while the update takes attachments."""
    return attachable and (
        attachment.uploaded_by_id == user.pk or can_delete_every_attachment(user, attachable=True)
    )


def can_delete_every_attachment(user, *, attachable: bool) -> bool:
    """
    ``can_delete_attachment`` as far as the user's scope decides it: the supervision
    office removes any file of an update that takes attachments. Anyone else who may
    attach removes only their own, which the goal page fills in per request (its
    content is kept per scope, not per user).
    """
    return attachable and can_attach_to_any_update(user)


def can_comment_everywhere(user) -> bool:
    """
    Supervisors, leaders and administrators post to any visible goal's thread;
    staff only to the goals their department leads or supports.
    """
    return can_see_all_departments(user)


# -- the year's end and next year's report --------------------------------------------------


def can_close_year(user) -> bool:
    """Confirming goals' final results, closing and reopening a plan's year: the office."""
    return _is_supervision_office(user)


def can_carry_goals(user) -> bool:
    """Carrying unfinished goals on into the next year's plan: the supervision office."""
    return _is_supervision_office(user)


def can_see_claims(user) -> bool:
    """
    Next year's report checked against this year's promises: the supervision
    office, leaders and administrators; it names every department's figures.
    """
    return can_see_all_departments(user)


def can_check_claims(user) -> bool:
    """Importing a review and confirming or correcting its matches: the supervision office."""
    return _is_supervision_office(user)


# -- the quarterly workbook (update sheets) -------------------------------------------------


def can_download_update_sheet(user, department) -> bool:
    """A department's workbook: its staff fill it in, the supervision office hands it out."""
    return is_signed_in(user) and (
        user.department_id == department.pk or _is_supervision_office(user)
    )


def can_upload_update_sheets(user) -> bool:
    """Uploading a filled workbook reports for one's own department: department staff."""
    return is_signed_in(user) and user.is_department_staff


# -- the assessment (考核) -------------------------------------------------------------------


def can_manage_assessment(user) -> bool:
    """
    The scoring scheme, adjustments (加分/减分), answers to objections, and
    publishing or withdrawing the results: the supervision office and administrators.
    """
    return _is_supervision_office(user)


def can_download_assessment(user) -> bool:
    """The score table and the 考核结果通报 name every department: whoever sees them all."""
    return can_see_all_departments(user)


def can_see_assessment_ranking(user, assessment) -> bool:
    """
    Every department's scores: whoever sees every department, and department
    staff once the office has published them; before that, staff see their own.
    """
    if can_see_all_departments(user):
        return True
    return is_signed_in(user) and assessment is not None and assessment.is_published


def can_object_to_assessment(user, department) -> bool:
    """An objection (申诉) to a department's scores is its own staff's to file."""
    return is_signed_in(user) and user.is_department_staff and user.department_id == department.pk


# -- refusing ------------------------------------------------------------------------------

# What a user who may see the page or object is told when a rule says no (a 403).
REFUSALS = {
    can_see_chasing: _("Only the supervision office and leaders see this page."),
    can_download_bulletin: _("Only supervisors, leaders and administrators download the bulletin."),
    can_import_plans: _("Only administrators import plans."),
    can_archive: _("Only administrators archive, restore or purge plans and goals."),
    can_purge_plans: _("Only administrators archive, restore or purge plans and goals."),
    can_reorganise: _("Only administrators rename, merge or split departments."),
    can_manage_accounts: _("Only administrators manage accounts."),
    can_import_accounts: _("Only administrators import departments and accounts."),
    can_view_setup: _("Only administrators see the setup page."),
    can_view_audit_log: _("Only administrators see the audit log."),
    can_manage_notifications: _("Only administrators manage group robots and the outbox."),
    can_manage_periods: _("Only the supervision office manages reporting periods."),
    can_review_updates: _("Only the supervision office reviews updates."),
    can_send_reminders: _("Only the supervision office sends reminders."),
    can_edit_update: _("Only staff of the lead department can report on this goal."),
    can_set_milestones: _("Only staff of the lead department can set the milestones."),
    can_download_update_sheet: _(
        "Only department staff, supervisors and administrators download the template."
    ),
    can_upload_update_sheets: _("Only department staff upload quarterly updates."),
    can_close_year: _("Only the supervision office confirms final results and closes the year."),
    can_carry_goals: _("Only the supervision office carries goals into the next year."),
    can_see_claims: _("Only supervisors, leaders and administrators see the claims checks."),
    can_check_claims: _("Only the supervision office imports and confirms claims checks."),
    can_manage_assessment: _("Only the supervision office manages the assessment."),
    can_download_assessment: _(
        "Only supervisors, leaders and administrators download the assessment's results."
    ),
    can_see_assessment_ranking: _(
        "Every department's scores are shown once the supervision office publishes them."
    ),
    can_object_to_assessment: _("Only the department's own staff can object to its scores."),
}


def require(rule, user, *objects) -> None:
    """
    Ask ``rule`` about ``user`` (and ``objects``); a ``PermissionDenied`` saying
    why when it says no, so views and services refuse in the same words.
    """
    if not rule(user, *objects):
        raise PermissionDenied(REFUSALS[rule])


# -- templates ------------------------------------------------------------------------------


class Allowed:
    """
    ``may`` in templates: ``may.review_updates`` is ``can_review_updates(user)``.
    Only the rules without an object; a rule about an object is asked by the
    view, which puts the answer in the context.
    """

    def __init__(self, user):
        self._user = user

    def __getattr__(self, name: str) -> bool:
        rule = TEMPLATE_RULES.get(name)
        if rule is None:
            raise AttributeError(name)
        allowed = rule(self._user)
        setattr(self, name, allowed)  # asked once per request
        return allowed


TEMPLATE_RULES = {
    name.removeprefix("can_"): rule
    for name, rule in list(globals().items())
    if name.startswith("can_") and len(inspect.signature(rule).parameters) == 1
}


def rules_context(request) -> dict:
    """Context processor: ``may`` for the signed-in user (see ``Allowed``)."""
    return {"may": Allowed(getattr(request, "user", None))}


def goal_page_rights(goal: Goal, user, updates, closed: set[tuple[int, int]]) -> dict:
    """
    What ``user`` may do on the page of ``goal`` (read with ``goal_page_goals``,
    so visible to them): report on it (``Goal.objects.reportable_by``), post to
    its thread (``commentable_by``) and attach evidence to which of ``updates``
    (``QuarterlyUpdate.objects.attachable_by``; ``closed``: the plan's closed
    periods, ``selectors.periods.closed_quarters``).

    The same answers as those QuerySet methods, read from the rows the page
    has loaded (the goal, its plan and year end, its owners) rather than by
    three more queries, whose building costs more than the rest of the page's
    permission checks together; ``tests/targets/test_goal_page_rights.py``
    checks that they agree for every role and every state of a goal. The
    services ask the QuerySet methods again on every write.
    """
    staff = is_signed_in(user) and user.is_department_staff and bool(user.department_id)
    own_roles = (
        {a.role for a in goal.assignments.all() if a.department_id == user.department_id}
        if staff
        else set()
    )
    live = not goal.archived and goal.plan.state == PlanState.ACTIVE
    year_end = getattr(goal.plan, "year_end", None)  # None: the year was never closed
    year_open = year_end is None or year_end.state != YearState.CLOSED
    reportable = staff and live and OwnerRole.LEAD in own_roles
    if can_comment_everywhere(user):
        commentable = live and year_open
    else:
        commentable = staff and live and year_open and bool(own_roles)
    if can_attach_to_any_update(user):
        attachable = {u.pk for u in updates} if live and year_open else set()
    else:
        attachable = {
            u.pk
            for u in updates
            if reportable
            and year_open
            and ((u.year, u.quarter) not in closed or u.review_state == ReviewState.RETURNED)
        }
    return {"reportable": reportable, "commentable": commentable, "attachable": attachable}
