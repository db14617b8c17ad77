"""
Claims checks (承诺对账): the next year's report's review of the past year
imported against the plan, each claim side by side with its target, the value
reported and approved during the year, and a verdict; the office confirms or
corrects each match; the table as an Excel workbook.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from targets import rules
from targets.choices import ClaimVerdict
from targets.exports.claims import claims_filename, claims_workbook
from targets.forms.claims import ClaimCheckForm, ClaimMatchForm
from targets.models import ClaimCheck, Indicator, Plan
from targets.selectors.claims import claim_rows, verdict_counts
from targets.selectors.plans import followed_plans, plan_for_year
from targets.services.claims import claim_check_create, claim_match_set, review_text

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _plan(request) -> Plan:
    try:
        year = int(request.GET["year"])
    except (KeyError, ValueError):
        year = None
    plan = plan_for_year(year) or plan_for_year(None)
    if plan is None:
        raise Http404(_("There is no plan for that year."))
    return plan


@require_http_methods(["GET", "HEAD", "POST"])
def claim_check_list(request):
    """The plan's claims checks, and the form that imports a review (the office's)."""
    user = request.user
    rules.require(rules.can_see_claims, user)
    plan = _plan(request)
    form = ClaimCheckForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        rules.require(rules.can_check_claims, user)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                text = review_text(
                    text=form.cleaned_data["text"],
                    name=upload.name if upload else "",
                    data=upload.read() if upload else None,
                )
                check = claim_check_create(
                    plan,
                    title=form.cleaned_data["title"],
                    text=text,
                    source_name=upload.name if upload else "",
                    user=user,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    _("%(count)s claims were read; check each match.")
                    % {"count": check.claims.count()},
                )
                return redirect(check.get_absolute_url())
    checks = ClaimCheck.objects.visible_to(user).filter(plan=plan).select_related("created_by")
    years = sorted(set(followed_plans().values_list("year", flat=True)), reverse=True)
    return render(
        request,
        "targets/claim_check_list.html",
        {"plan": plan, "checks": checks, "form": form, "years": years},
    )


@require_safe
def claim_check_detail(request, pk):
    """The check side by side: claim, target, reported, claimed, verdict; a match to confirm."""
    user = request.user
    check = get_object_or_404(ClaimCheck.objects.visible_to(user).select_related("plan"), pk=pk)
    rules.require(rules.can_see_claims, user)
    rows = claim_rows(check)
    indicators = (
        Indicator.objects.filter(goal__plan=check.plan, goal__archived=False)
        .select_related("goal")
        .order_by("goal__order", "goal_id", "order")
        if rules.can_check_claims(user)
        else []
    )
    return render(
        request,
        "targets/claim_check_detail.html",
        {
            "check": check,
            "rows": rows,
            "counts": [(ClaimVerdict(v), n) for v, n in verdict_counts(rows).items()],
            "indicators": list(indicators),
        },
    )


@require_POST
def claim_match(request, pk, claim_pk):
    """Confirm or correct one claim's match (an empty target: never a target)."""
    user = request.user
    check = get_object_or_404(ClaimCheck.objects.visible_to(user), pk=pk)
    claim = get_object_or_404(check.claims.select_related("claim_check"), pk=claim_pk)
    rules.require(rules.can_check_claims, user)
    form = ClaimMatchForm(
        request.POST, indicators=Indicator.objects.filter(goal__plan_id=check.plan_id)
    )
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    else:
        try:
            claim_match_set(claim, form.cleaned_data["indicator"], user=user)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(
                request, _("The match of “%(claim)s” was saved.") % {"claim": claim.phrase}
            )
    return redirect(check.get_absolute_url() + f"#claim-{claim.pk}")


@require_safe
def claim_check_export(request, pk):
    """The check's table as an Excel workbook, as the page shows it."""
    user = request.user
    check = get_object_or_404(ClaimCheck.objects.visible_to(user).select_related("plan"), pk=pk)
    rules.require(rules.can_see_claims, user)
    content = claims_workbook(check, claim_rows(check))
    return FileResponse(
        content, as_attachment=True, filename=claims_filename(check), content_type=XLSX_CONTENT_TYPE
    )
