"""
Chasing (催报): the supervisors' page of missing and late updates with its
"send reminders now" button, and the reminder notice on a department's page.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from targets import rules
from targets.models import Goal
from targets.selectors import chasing
from targets.selectors.periods import Deadline, deadline, takes_reports
from targets.services.reminders import ReminderRun, reminders_send

from .common import choose_period


def chasing_list(request):
    """
    Every goal without a submitted or approved update for the chosen quarter,
    under its lead departments (most missing first), and the updates that came
    in after the due date. A POST sends the reminders now, as the command does.
    """
    rules.require(rules.can_see_chasing, request.user)
    choice = choose_period(request)
    if request.method == "POST":
        return _send_reminders(request, choice)
    report = None
    if choice.plan is not None:
        report = chasing.chasing_report(
            choice.plan, choice.period, Goal.objects.visible_to(request.user)
        )
    return render(
        request,
        "targets/chasing_list.html",
        {
            "plan": choice.plan,
            "period": choice.period,
            "period_form": choice.form,
            "report": report,
            "may_send": rules.can_send_reminders(request.user),
        },
    )


def _send_reminders(request, choice):
    rules.require(rules.can_send_reminders, request.user)
    if choice.plan is None:
        messages.error(request, _("No plan has been published yet."))
        return redirect("targets:chasing_list")
    try:
        run = reminders_send(choice.plan, choice.period, user=request.user)
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
    else:
        _report_run(request, run)
    period = choice.period
    return redirect(
        reverse("targets:chasing_list") + f"?year={period.year}&quarter={period.quarter}"
    )


def _report_run(request, run: ReminderRun) -> None:
    """Say how many reminders went out, and which departments could not be reached."""
    if run.sent:
        messages.success(
            request,
            ngettext(
                "Sent %(count)s reminder about %(goals)s goal(s).",
                "Sent %(count)s reminders about %(goals)s goal(s).",
                len(run.sent),
            )
            % {"count": len(run.sent), "goals": run.goal_count},
        )
    elif not run.unreachable and not run.failed:
        if run.reminded_today:
            messages.info(request, _("Every missing goal was already reminded about today."))
        else:
            messages.info(request, _("No goal is missing an update: no reminder was sent."))
    if run.unreachable:
        messages.warning(
            request,
            _("Not sent (no active user with an e-mail address): %(departments)s.")
            % {"departments": "、".join(str(group.department) for group in run.unreachable)},
        )
    if run.failed:
        messages.error(
            request,
            _("The mail server refused the reminders to %(departments)s; try again later.")
            % {"departments": "、".join(str(group.department) for group in run.failed)},
        )


@dataclass
class DepartmentNotice:
    """The reminder notice at the top of a department's page."""

    missing: chasing.DepartmentMissing
    deadline: Deadline
    for_staff: bool  # the department's own staff get the list; others one line


def _notice(department, plan, period, user, due, missing=None) -> DepartmentNotice | None:
    if plan is None or period is None:
        return None
    due = due or deadline(plan, period)
    if not takes_reports(plan, period, due.is_open):
        return None
    if missing is None:
        groups = chasing.missing_by_department(
            plan, period, Goal.objects.visible_to(user), department=department
        )
    else:
        groups = [missing] if missing.goals else []
    if not groups:
        return None
    for_staff = user.is_department_staff and user.department_id == department.pk
    return DepartmentNotice(missing=groups[0], deadline=due, for_staff=for_staff)


def department_notices_context(department, plan, period, user, due=None, missing=None) -> dict:
    """
    Context for templates/targets/_department_notices.html: the goals the
    department leads that have not reported for ``period``, while the period
    still takes reports. ``due``: the period's ``Deadline`` when the page has
    read it; ``missing``: the department's missing goals (a
    ``chasing.DepartmentMissing``) when the page has found them among its rows.
    Lazy, so a download of the page's table, which renders no template, runs
    none of its queries.
    """
    return {
        "department_notice": SimpleLazyObject(
            lambda: _notice(department, plan, period, user, due, missing)
        )
    }
