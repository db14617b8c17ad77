"""
The assessment (考核), its pages: the ranking with the office's publish and
withdraw, a department's breakdown (every point, its adjustments, its
objections), the scoring scheme, and the score table and 通报 downloads.
The writes from a department's page (adjustments, objections) are in
``assessment_actions``.
"""

from __future__ import annotations

import io
from collections import OrderedDict

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from targets import rules
from targets.choices import ObjectionState, ScoreLine
from targets.exports.assessment import (
    assessment_filename,
    assessment_notice,
    assessment_workbook,
)
from targets.forms.assessment import (
    AdjustmentForm,
    AssessmentSchemeForm,
    ObjectionAnswerForm,
    ObjectionForm,
    WithdrawForm,
)
from targets.io.assessment import notice_filename, write_assessment_notice
from targets.io.bulletin import DOCX_CONTENT_TYPE
from targets.io.xlsx_write import XLSX_CONTENT_TYPE
from targets.models import (
    AssessmentAdjustment,
    AssessmentObjection,
    AssessmentScheme,
    Department,
    Plan,
    Section,
)
from targets.selectors.assessment import assessment_of, scheme_in_force, scorecard
from targets.selectors.plans import followed_plans, plan_for_year
from targets.selectors.scorecard import explain
from targets.services.assessment import (
    assessment_publish,
    assessment_scheme_save,
    assessment_withdraw,
)


def plan_from(request) -> Plan | None:
    """The plan named by ``year`` (in the query or the form), else the one dashboards open on."""
    raw = request.POST.get("year") or request.GET.get("year")
    try:
        year = int(raw) if raw else None
    except ValueError:
        year = None
    return plan_for_year(year)


def plan_or_404(request) -> Plan:
    plan = plan_from(request)
    if plan is None:
        raise Http404(_("There is no plan for that year."))
    return plan


def ranking_url(plan: Plan) -> str:
    return reverse("targets:assessment_ranking") + f"?year={plan.year}"


def department_url(plan: Plan, department_id: int) -> str:
    return reverse("targets:assessment_department", args=[department_id]) + f"?year={plan.year}"


def posted_version(request) -> int:
    """The version the page showed; anything but a number matches none (the page is stale)."""
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        return -1


def show_errors(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


@require_safe
def assessment_ranking(request):
    """
    Every department's total and rank, drilling down to each breakdown. Staff
    see it once published; before that, their own department's breakdown.
    """
    user = request.user
    plan = plan_from(request)
    years = sorted(set(followed_plans().values_list("year", flat=True)), reverse=True)
    if plan is None:
        return render(request, "targets/assessment_ranking.html", {"plan": None, "years": years})
    assessment = assessment_of(plan)
    if not rules.can_see_assessment_ranking(user, assessment):
        if user.department_id:
            return redirect(department_url(plan, user.department_id))
        rules.require(rules.can_see_assessment_ranking, user, assessment)
    card = scorecard(plan)
    openable = set(Department.objects.visible_to(user).values_list("pk", flat=True))
    objections = _open_objections(assessment)
    return render(
        request,
        "targets/assessment_ranking.html",
        {
            "plan": plan,
            "years": years,
            "assessment": assessment,
            "card": card,
            "ranking": [
                {
                    "row": row,
                    "openable": row.department_id in openable,
                    "objections": objections.get(row.department_id, 0),
                }
                for row in card.rows
            ],
            "events": list(assessment.events.select_related("actor").order_by("-at", "-pk"))
            if assessment
            else [],
        },
    )


def _open_objections(assessment) -> dict[int, int]:
    if assessment is None:
        return {}
    counts: dict[int, int] = {}
    for department_id in assessment.objections.filter(state=ObjectionState.OPEN).values_list(
        "department_id", flat=True
    ):
        counts[department_id] = counts.get(department_id, 0) + 1
    return counts


@require_safe
def assessment_department(request, pk):
    """
    One department's points, line by line under the goals they come from,
    its adjustments and its objections; the forms the user may use on them.
    """
    user = request.user
    department = get_object_or_404(Department.objects.visible_to(user), pk=pk)
    plan = plan_or_404(request)
    assessment = assessment_of(plan)
    card = scorecard(plan)
    row = card.row(department.pk)
    adjustments = objections = []
    if assessment is not None:
        adjustments = list(
            AssessmentAdjustment.objects.visible_to(user)
            .filter(assessment=assessment, department=department)
            .select_related("created_by")
        )
        objections = list(
            AssessmentObjection.objects.visible_to(user)
            .filter(assessment=assessment, department=department)
            .select_related("filed_by", "answered_by")
        )
    may_manage = rules.can_manage_assessment(user)
    published = assessment is not None and assessment.is_published
    may_object = rules.can_object_to_assessment(user, department) and not any(
        o.is_open for o in objections
    )
    return render(
        request,
        "targets/assessment_department.html",
        {
            "plan": plan,
            "department": department,
            "assessment": assessment,
            "card": card,
            "row": row,
            "groups": _groups(row, card) if row else [],
            "adjustments": adjustments,
            "objections": objections,
            "may_manage": may_manage,
            "may_see_ranking": rules.can_see_assessment_ranking(user, assessment),
            "adjustment_form": AdjustmentForm(
                departments=Department.objects.filter(pk=department.pk),
                initial={"department": department.pk},
            )
            if may_manage and not published
            else None,
            "objection_form": ObjectionForm() if may_object else None,
            "answer_form": ObjectionAnswerForm() if may_manage else None,
            "withdraw_form": WithdrawForm() if may_manage and not published else None,
        },
    )


def _groups(row, card) -> list[dict]:
    """The department's lines under the goal they come from; the rest (adjustments) last."""
    groups: OrderedDict = OrderedDict()
    for line in row.lines:
        group = groups.setdefault(
            line.goal_id,
            {"goal": card.goals.get(line.goal_id) if line.goal_id else None, "lines": []},
        )
        group["lines"].append(
            {
                "kind": line.kind,
                "label": ScoreLine(line.kind).label,
                "explanation": explain(line, card.year),
                "points": line.points,
            }
        )
    ordered = [g for key, g in groups.items() if key is not None]
    ordered += [g for key, g in groups.items() if key is None]
    for group in ordered:
        group["subtotal"] = sum(item["points"] for item in group["lines"])
    return ordered


@require_http_methods(["GET", "HEAD", "POST"])
def assessment_scheme(request):
    """
    The scoring scheme: every number, the chapters' weights and the goals
    weighed otherwise; saving writes the next version. The office only.
    """
    user = request.user
    rules.require(rules.can_manage_assessment, user)
    plan = plan_or_404(request)
    assessment = assessment_of(plan)
    current = scheme_in_force(assessment)
    weights = list(current.weights.all()) if current.pk else []
    chapters = Section.objects.filter(plan=plan, parent=None)  # a goal weighs as its chapter
    goals = dict(plan.goals.filter(archived=False).values_list("code", "pk"))
    form = AssessmentSchemeForm(
        request.POST or None,
        instance=AssessmentScheme(**current.values()),
        chapters=chapters,
        goals=goals,
        weights=weights,
        initial={"based_on": current.number, "note": ""},
    )
    if request.method == "POST" and form.is_valid():
        try:
            saved = assessment_scheme_save(
                plan,
                form.numbers(),
                user=user,
                based_on=form.cleaned_data["based_on"],
                chapter_weights=form.chapter_weights(),
                goal_weights=form.cleaned_data["goal_weights"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if saved is None:
                messages.info(request, _("Nothing changed in the scheme."))
            else:
                messages.success(
                    request,
                    _("Version %(number)s of the scheme was saved.") % {"number": saved.number},
                )
            return redirect(ranking_url(plan))
    return render(
        request,
        "targets/assessment_scheme.html",
        {
            "plan": plan,
            "assessment": assessment,
            "form": form,
            "current": current,
            "versions": list(assessment.schemes.select_related("created_by")) if assessment else [],
        },
    )


@require_POST
def assessment_publish_view(request):
    """Publish the results as they are now: they, the scheme and the adjustments freeze."""
    rules.require(rules.can_manage_assessment, request.user)
    plan = plan_or_404(request)
    try:
        assessment_publish(plan, user=request.user, version=posted_version(request))
    except ValidationError as error:
        show_errors(request, error)
    else:
        messages.success(request, _("The results are published."))
    return redirect(ranking_url(plan))


@require_http_methods(["GET", "HEAD", "POST"])
def assessment_withdraw_view(request):
    """Withdraw the publication, for a reason (GET asks why). The office only."""
    rules.require(rules.can_manage_assessment, request.user)
    plan = plan_or_404(request)
    assessment = assessment_of(plan)
    if assessment is None or not assessment.is_published:
        messages.info(request, _("The results are not published."))
        return redirect(ranking_url(plan))
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            assessment_withdraw(
                plan,
                user=request.user,
                version=posted_version(request),
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            show_errors(request, error)
        else:
            messages.success(
                request, _("The publication was withdrawn: the results are a draft again.")
            )
        return redirect(ranking_url(plan))
    return render(
        request,
        "targets/assessment_withdraw.html",
        {"plan": plan, "assessment": assessment, "form": form, "back": ranking_url(plan)},
    )


@require_safe
def assessment_export(request):
    """The score table as Excel: the ranking and every point. Whoever sees every department."""
    rules.require(rules.can_download_assessment, request.user)
    plan = plan_or_404(request)
    card = scorecard(plan)
    content = io.BytesIO()  # a row a department and a line a point: small
    assessment_workbook(plan, card, content)
    content.seek(0)
    return FileResponse(
        content,
        as_attachment=True,
        filename=assessment_filename(plan, card),
        content_type=XLSX_CONTENT_TYPE,
    )


@require_safe
def assessment_notice_export(request):
    """The 考核结果通报 as Word, in the bulletin's 公文 layout."""
    rules.require(rules.can_download_assessment, request.user)
    plan = plan_or_404(request)
    notice = assessment_notice(plan, scorecard(plan), assessment_of(plan))
    content = io.BytesIO()
    write_assessment_notice(notice, content)
    content.seek(0)
    return FileResponse(
        content,
        as_attachment=True,
        filename=notice_filename(notice),
        content_type=DOCX_CONTENT_TYPE,
    )
