"""
The quarterly round trip in Excel: a department's fill-in workbook, and its
upload with a preview to confirm.

Between the preview and the confirmation the workbook's rows (not the file)
wait in the user's session, which lives in the database, so any app server
can confirm what another one read. Confirming checks everything again and
applies only if what would change is still what the preview showed, with the
uploader's choice for each conflict (a report changed in Luoshi since the
download: kept unless they pick the workbook's values).
"""

import io
import secrets

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from accounts import audit
from accounts.choices import AuditAction
from targets import rules
from targets.forms.update_sheets import UpdateSheetConfirmForm, UpdateUploadForm
from targets.io.update_sheets import UpdateSheet
from targets.models import Department, Goal
from targets.services.update_sheets import (
    update_sheet_apply,
    update_sheet_build,
    update_sheet_check,
    update_sheet_filename,
)

from .common import choose_period

SESSION_KEY = "targets.update_sheet_upload"


@require_safe
def update_sheet_download(request, pk):
    """
    The department's fill-in workbook for ``?year=&quarter=`` (default: the
    current quarter). Another department is a 404 for staff.
    """
    department = get_object_or_404(Department.objects.visible_to(request.user), pk=pk)
    rules.require(rules.can_download_update_sheet, request.user, department)
    period = choose_period(request).period
    if period is None:
        messages.error(request, _("No plan has been published yet."))
        return redirect(department)
    try:
        content = update_sheet_build(
            department, period, goals=Goal.objects.visible_to(request.user)
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect(department)
    filename = update_sheet_filename(department, period)
    audit.record_download(request, AuditAction.EXPORTED, filename)
    return FileResponse(io.BytesIO(content), as_attachment=True, filename=filename)


def update_sheet_upload(request):
    """
    Upload a filled workbook (department staff): every mistake is listed at
    once; without mistakes, a preview of what changes per goal, to confirm.
    """
    rules.require(rules.can_upload_update_sheets, request.user)
    if request.method == "POST" and "token" in request.POST:
        return _confirm(request)

    form = UpdateUploadForm(request.POST or None, request.FILES or None)
    context = {"form": form}
    if request.method == "POST" and form.is_valid():
        sheet = form.cleaned_data["sheet"]
        result = update_sheet_check(sheet, user=request.user)
        context["result"] = result
        request.session.pop(SESSION_KEY, None)
        if result.ok and result.confirmable:
            context["token"] = _keep(request, sheet, form.cleaned_data["file"].name, result)
    return _render(request, context)


def _keep(request, sheet: UpdateSheet, name: str, result) -> str:
    """Keep the rows read until they are confirmed; one pending upload per session."""
    token = secrets.token_urlsafe(16)
    request.session[SESSION_KEY] = {
        "token": token,
        "name": name[:200],
        "sheet": sheet.to_dict(),
        "fingerprint": result.fingerprint,
    }
    return token


def _confirm(request):
    form = UpdateSheetConfirmForm(request.POST)
    pending = request.session.get(SESSION_KEY)
    if (
        not form.is_valid()
        or not pending
        or not secrets.compare_digest(
            pending["token"].encode(), form.cleaned_data["token"].encode()
        )
    ):
        messages.error(request, _("This preview is no longer current: upload the workbook again."))
        return redirect("targets:update_sheet_upload")
    sheet = UpdateSheet.from_dict(pending["sheet"])
    result = update_sheet_apply(
        sheet,
        user=request.user,
        source_name=pending["name"],
        fingerprint=pending["fingerprint"],
        take_file=form.cleaned_data["take_file"],
    )
    if result.applied:
        request.session.pop(SESSION_KEY, None)
        audit.record(
            request,
            AuditAction.UPDATE_SHEET_IMPORTED,
            target=pending["name"],
            details={
                "period": [result.period.year, result.period.quarter],
                "goals": sum(1 for change in result.goals if change.writes),
            },
        )
        messages.success(
            request,
            _("%(name)s was imported for %(period)s: %(summary)s.")
            % {"name": pending["name"], "period": result.period, "summary": result.summary()},
        )
        url = reverse("targets:department_detail", args=[request.user.department_id])
        return redirect(f"{url}?year={result.period.year}&quarter={result.period.quarter}")
    context = {"form": UpdateUploadForm(), "result": result}
    if result.stale and result.ok and result.confirmable:
        messages.warning(
            request,
            _("The reports changed since the preview was made: check the new preview."),
        )
        context["token"] = _keep(request, sheet, pending["name"], result)
    elif result.stale and result.ok:
        # The same workbook confirmed twice at once: the other confirmation saved it.
        request.session.pop(SESSION_KEY, None)
        messages.info(request, _("Everything in this workbook is already saved: nothing to do."))
    else:
        request.session.pop(SESSION_KEY, None)
    return _render(request, context)


def _render(request, context):
    department = request.user.department
    context.update(
        department=department,
        template_url=reverse("targets:update_sheet_download", args=[department.pk]),
    )
    return render(request, "targets/update_sheet_upload.html", context)
