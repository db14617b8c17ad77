"""
Reorganisations (机构改革), for administrators: rename a department, merge
several into one, split one into several. Each page previews what the change
would do (POST ``action=preview``) and applies exactly that once confirmed
(``action=apply`` with the preview's digest); the records say who did what,
when and why.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from targets import rules
from targets.choices import ReorganisationKind
from targets.forms.reorganisations import FORMS
from targets.selectors.reorganisations import (
    record_details,
    reorganisation_preview,
    reorganisation_records,
    unit_label,
)
from targets.services.reorganisations import reorganisation_apply


@require_safe
def reorganisation_list(request):
    """Every reorganisation applied, latest first, and the ways to make one."""
    rules.require(rules.can_reorganise, request.user)
    return render(
        request,
        "targets/reorganisation_list.html",
        {"records": reorganisation_records(request.user), "kinds": ReorganisationKind},
    )


@require_safe
def reorganisation_detail(request, pk):
    """What one reorganisation did: the units before and after, goals and accounts moved."""
    rules.require(rules.can_reorganise, request.user)
    record = get_object_or_404(reorganisation_records(request.user), pk=pk)
    return render(
        request,
        "targets/reorganisation_detail.html",
        {"record": record, "details": record_details(record)},
    )


@require_http_methods(["GET", "HEAD", "POST"])
def reorganisation_rename(request):
    """A department's new names; the old ones stay recognised in imports."""
    return _reorganise(request, ReorganisationKind.RENAME)


@require_http_methods(["GET", "HEAD", "POST"])
def reorganisation_merge(request):
    """Two or more departments become one: their goals, accounts and history move to it."""
    return _reorganise(request, ReorganisationKind.MERGE)


@require_http_methods(["GET", "HEAD", "POST"])
def reorganisation_split(request):
    """A department's goals and accounts shared out among several units, goal by goal."""
    return _reorganise(request, ReorganisationKind.SPLIT)


def _reorganise(request, kind: str):
    rules.require(rules.can_reorganise, request.user)
    form = FORMS[kind](request.POST or None)
    preview = None
    if request.method == "POST" and form.is_valid():
        proposal = form.proposal()
        if request.POST.get("action") == "apply":
            try:
                record = reorganisation_apply(
                    proposal,
                    user=request.user,
                    request=request,
                    digest=request.POST.get("digest", ""),
                )
            except ValidationError as error:
                # The preview below lists its own problems; a stale one is said here.
                if getattr(error, "code", None) == "stale":
                    messages.error(request, " ".join(error.messages))
            else:
                messages.success(
                    request,
                    _("The reorganisation was applied: %(summary)s") % {"summary": record.summary},
                )
                return redirect(record)
        preview = reorganisation_preview(proposal)
    return render(
        request,
        "targets/reorganisation_form.html",
        {
            "form": form,
            "kind": ReorganisationKind(kind),
            "preview": preview,
            # A split's units, in the order its choices are posted (their index).
            "parts": [unit_label(part) for part in preview.proposal.parts] if preview else [],
        },
    )
