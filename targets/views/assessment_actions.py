"""
The assessment (考核), the writes made from a department's breakdown: the
office's adjustments (added, withdrawn, their evidence served), a
department's objection (申诉) and the office's answer. Each goes back to the
department's page with what happened, or why it did not.
"""

from __future__ import annotations

from pathlib import PurePosixPath

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from targets import rules
from targets.forms.assessment import (
    AdjustmentForm,
    ObjectionAnswerForm,
    ObjectionForm,
    WithdrawForm,
)
from targets.models import AssessmentAdjustment, AssessmentObjection, Department
from targets.services.assessment import (
    assessment_adjustment_add,
    assessment_adjustment_withdraw,
    assessment_objection_answer,
    assessment_objection_file,
)
from targets.services.discussion import display_name, file_kind

from .assessment import department_url, plan_or_404, show_errors


def _form_errors(request, form) -> None:
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)


@require_POST
def assessment_adjustment_create(request):
    """Add or take off points for a department, with the reason and evidence. The office only."""
    rules.require(rules.can_manage_assessment, request.user)
    plan = plan_or_404(request)
    form = AdjustmentForm(request.POST, request.FILES, departments=Department.objects.all())
    if not form.is_valid():
        _form_errors(request, form)
        department = request.POST.get("department", "")
        if department.isdigit():
            return redirect(department_url(plan, int(department)))
        raise Http404(_("No such department."))
    department = form.cleaned_data["department"]
    try:
        assessment_adjustment_add(
            plan,
            department,
            form.cleaned_data["points"],
            form.cleaned_data["reason"],
            user=request.user,
            evidence=form.cleaned_data["evidence"],
        )
    except ValidationError as error:
        show_errors(request, error)
    else:
        messages.success(request, _("The adjustment was recorded."))
    return redirect(department_url(plan, department.pk))


@require_POST
def assessment_adjustment_withdraw_view(request, pk):
    """Withdraw an adjustment, for a reason. The office only."""
    adjustment = get_object_or_404(
        AssessmentAdjustment.objects.visible_to(request.user).select_related("assessment__plan"),
        pk=pk,
    )
    rules.require(rules.can_manage_assessment, request.user)
    form = WithdrawForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
    else:
        try:
            assessment_adjustment_withdraw(
                adjustment, user=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            show_errors(request, error)
        else:
            messages.success(request, _("The adjustment was withdrawn."))
    return redirect(department_url(adjustment.assessment.plan, adjustment.department_id))


@require_safe
def assessment_evidence(request, pk):
    """An adjustment's evidence, to whoever sees the adjustment, served as its checked kind."""
    adjustment = get_object_or_404(AssessmentAdjustment.objects.visible_to(request.user), pk=pk)
    if not adjustment.evidence:
        raise Http404(_("This adjustment has no evidence."))
    kind = file_kind(adjustment.evidence.name)
    try:
        handle = adjustment.evidence.storage.open(adjustment.evidence.name, "rb")
    except (OSError, ValueError) as error:
        raise Http404(_("The file of this attachment is missing.")) from error
    fallback = f"evidence{PurePosixPath(adjustment.evidence.name).suffix}"
    response = FileResponse(
        handle,
        as_attachment=not (kind and kind.inline),
        filename=display_name(adjustment.evidence_name, fallback=fallback),
        content_type=kind.content_type if kind else "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    patch_cache_control(response, private=True)
    return response


@require_POST
def assessment_objection_create(request):
    """A department's staff object to its scores, with a reason; the office answers."""
    user = request.user
    department = Department.objects.filter(pk=user.department_id).first()
    if department is None:  # the office, leaders: no department of their own to object for
        raise PermissionDenied(rules.REFUSALS[rules.can_object_to_assessment])
    rules.require(rules.can_object_to_assessment, user, department)
    plan = plan_or_404(request)
    form = ObjectionForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
    else:
        try:
            assessment_objection_file(plan, form.cleaned_data["reason"], user=user)
        except ValidationError as error:
            show_errors(request, error)
        else:
            messages.success(request, _("Your objection was sent to the office."))
    return redirect(department_url(plan, department.pk))


@require_POST
def assessment_objection_answer_view(request, pk):
    """The office answers an objection: upheld or not, and why."""
    objection = get_object_or_404(
        AssessmentObjection.objects.visible_to(request.user).select_related("assessment__plan"),
        pk=pk,
    )
    rules.require(rules.can_manage_assessment, request.user)
    form = ObjectionAnswerForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
    else:
        try:
            assessment_objection_answer(
                objection,
                user=request.user,
                upheld=form.cleaned_data["upheld"],
                answer=form.cleaned_data["answer"],
            )
        except ValidationError as error:
            show_errors(request, error)
        else:
            messages.success(request, _("The objection was answered."))
    return redirect(department_url(objection.assessment.plan, objection.department_id))
