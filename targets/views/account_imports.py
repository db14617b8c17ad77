"""
Departments and accounts from a workbook: download the template, upload a
list, see every change and every mistake by row and cell, confirm. The
list as read waits in the database (``AccountImport``), so a reload or
another app server finds it as it was. Confirming shows the new accounts'
first passwords once, one slip per person to print, with the same slips as
a workbook to download; they are kept nowhere.
"""

from __future__ import annotations

import io

from django.contrib import messages
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from accounts import audit
from accounts.choices import AuditAction
from accounts.passwords import Slip, site_address
from targets import rules
from targets.choices import ImportState
from targets.exports.account_imports import account_import_template_build, first_passwords_build
from targets.forms.account_imports import AccountImportConfirmForm, AccountImportForm
from targets.io.account_imports import AccountSheet
from targets.io.xlsx_write import XLSX_CONTENT_TYPE
from targets.models import AccountImport
from targets.selectors.account_imports import account_import_changes
from targets.services.account_imports import (
    StaleImport,
    account_import_confirm,
    account_import_create,
    account_import_discard,
)
from targets.services.update_sheets import RowError

# The slips' download link is good for this long after the passwords were shown.
SLIPS_MAX_AGE = 60 * 60
SLIPS_SALT = "targets.account_import.slips"


def _import(request, pk) -> AccountImport:
    rules.require(rules.can_import_accounts, request.user)
    return get_object_or_404(AccountImport.objects.visible_to(request.user), pk=pk)


@require_safe
def account_import_list(request):
    """Earlier imports, newest first, the form for a new one and the template."""
    rules.require(rules.can_import_accounts, request.user)
    imports = AccountImport.objects.visible_to(request.user).select_related("created_by")
    return render(
        request,
        "targets/account_import_list.html",
        {"imports": imports[:50], "form": AccountImportForm()},
    )


@require_safe
def account_import_template(request):
    """The empty list to fill in, with its instructions."""
    rules.require(rules.can_import_accounts, request.user)
    filename, content = account_import_template_build()
    return FileResponse(
        io.BytesIO(content), as_attachment=True, filename=filename, content_type=XLSX_CONTENT_TYPE
    )


def account_import_new(request):
    """Read an uploaded list and open its preview."""
    rules.require(rules.can_import_accounts, request.user)
    form = AccountImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        pending = account_import_create(
            form.sheet, user=request.user, source_name=form.cleaned_data["file"].name
        )
        return redirect(pending)
    return render(request, "targets/account_import_list.html", {"form": form, "imports": None})


@require_safe
def account_import_detail(request, pk):
    """What confirming would do, every mistake by row and cell; or what confirming did."""
    pending = _import(request, pk)
    return _preview(request, pending)


def _preview(request, pending: AccountImport, *, changes=None):
    if pending.state == ImportState.PENDING and changes is None:
        changes = account_import_changes(AccountSheet.from_dict(pending.sheet), user=request.user)
    context = {"import": pending, "changes": changes}
    if changes is not None:
        context["counts"] = changes.counts
        context["errors"] = [RowError.from_cell(e) for e in changes.errors]
        context["warnings"] = [RowError.from_cell(w) for w in changes.warnings]
        context["confirm_form"] = AccountImportConfirmForm(
            initial={"fingerprint": changes.fingerprint}
        )
    return render(request, "targets/account_import_detail.html", context)


@require_POST
@never_cache
def account_import_confirm_view(request, pk):
    """
    Apply the list, then show the new accounts' first passwords this once
    (the page is never cached); a list that would now do something other
    than its preview showed is shown again, as it would be applied now.
    """
    pending = _import(request, pk)
    form = AccountImportConfirmForm(request.POST)
    fingerprint = form.cleaned_data["fingerprint"] if form.is_valid() else ""
    try:
        result = account_import_confirm(pending, user=request.user, fingerprint=fingerprint)
    except StaleImport as stale:
        messages.error(
            request,
            _(
                "Departments or accounts changed since this preview was shown. Nothing was "
                "imported: here is what the list would do now."
            ),
        )
        return _preview(request, pending, changes=stale.changes)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(pending)
    result.record(request, pending.source_name)
    address = site_address(request)
    rows = [[s.unit, s.name, s.username, s.password] for s in result.slips]
    token = signing.dumps(
        {"import": pending.pk, "user": request.user.pk, "address": address, "slips": rows},
        salt=SLIPS_SALT,
        compress=True,
    )
    return render(
        request,
        "targets/account_import_slips.html",
        {
            "import": pending,
            "result": result,
            "slips": result.slips,
            "site_address": address,
            "token": token,
        },
    )


@require_POST
@never_cache
def account_import_passwords(request, pk):
    """
    The first passwords shown after confirming, as a workbook: from the
    signed list the slips page holds (the server keeps none), for the
    administrator who confirmed, within ``SLIPS_MAX_AGE``.
    """
    pending = _import(request, pk)
    try:
        data = signing.loads(request.POST.get("token", ""), salt=SLIPS_SALT, max_age=SLIPS_MAX_AGE)
    except signing.BadSignature:
        messages.error(
            request,
            _(
                "The passwords can be downloaded only from the page that showed them, within "
                "an hour. Reset the passwords of the accounts in the admin to hand out new ones."
            ),
        )
        return redirect(pending)
    if data.get("import") != pending.pk or data.get("user") != request.user.pk:
        raise PermissionDenied(_("These passwords were shown to another administrator."))
    slips = [Slip(*row) for row in data.get("slips", [])]
    content = first_passwords_build(slips, data.get("address", ""))
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    filename = _("first-passwords-%(stamp)s.xlsx") % {"stamp": stamp}
    audit.record_download(request, AuditAction.EXPORTED, filename)
    return FileResponse(
        io.BytesIO(content), as_attachment=True, filename=filename, content_type=XLSX_CONTENT_TYPE
    )


@require_POST
def account_import_discard_view(request, pk):
    pending = _import(request, pk)
    account_import_discard(pending)
    messages.info(request, _("The list was discarded."))
    return redirect("targets:account_import_list")
