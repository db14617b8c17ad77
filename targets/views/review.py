"""
Reviewing quarterly updates (督查审核): the queue of updates waiting for
review with a card per update, approving or returning one (on the queue or on
the goal's page), and approving several together. Supervisors and admins
only; an update out of the user's sight is a 404, a role that does not review
a 403. A refused review is shown on the update's own card, the page shown
again with the comment the reviewer typed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from targets import rules
from targets.forms.review import BatchApproveForm, QueueReviewForm, ReviewFilterForm, ReviewForm
from targets.models import Department, QuarterlyUpdate
from targets.selectors.history import changes_since
from targets.selectors.review import led_by, review_cards, review_queue
from targets.services.review import (
    BatchRefused,
    quarterly_update_approve,
    quarterly_update_return,
    quarterly_updates_approve,
)
from targets.services.updates import StaleUpdate

from .goals import goal_page_after_refused_review

PAGE_SIZE = 50


@dataclass
class Refused:
    """A review that was not made: why, what changed meanwhile, the comment typed."""

    update: QuarterlyUpdate
    errors: list[str]
    changes: list = field(default_factory=list)
    comment: str = ""

    @property
    def names(self) -> str:
        return f"{self.update.goal.code} {self.update.period}"


@require_http_methods(["GET", "HEAD", "POST"])
def review_list(request):
    """
    Updates waiting for review, oldest first, optionally of one lead
    department, each as a card with what the office judges it by. A POST
    approves or returns one (``update``, ``action``, ``comment``, ``version``)
    or approves those ticked (``action=approve_selected``), then comes back
    here; a refusal shows the page again with the reason on the card.
    """
    rules.require(rules.can_review_updates, request.user)
    if request.method != "POST":
        return _queue(request)
    if request.POST.get("action") == "approve_selected":
        return _approve_selected(request)
    return _review_on_queue(request)


def _queue(request, *, refused=(), batch_errors=(), batch_refused=False, selected=None):
    """
    The queue page; ``refused`` reviews are shown on their cards, a refused
    batch (``batch_errors``) above the queue, and ``selected`` updates ticked.
    """
    user = request.user
    departments = Department.objects.visible_to(user).filter(active=True)
    form = ReviewFilterForm(request.GET or None, departments=departments)
    updates = review_queue(user)
    if form.is_bound and form.is_valid() and form.cleaned_data["department"]:
        department = departments.filter(pk=form.cleaned_data["department"]).first()
        updates = led_by(updates, department)
    elif form.is_bound and not form.is_valid() and request.method != "POST":
        for errors in form.errors.values():
            for error in errors:
                messages.warning(request, error)
    page = Paginator(updates, PAGE_SIZE).get_page(request.GET.get("page"))
    cards = review_cards(page.object_list)
    if selected is None and request.GET.get("select") == "unchanged":
        selected = {card.update.pk for card in cards if card.unchanged}
    by_update = {item.update.pk: item for item in refused}
    for card in cards:
        card.selected = card.update.pk in (selected or ())
        item = by_update.pop(card.update.pk, None)
        if item is not None:
            card.errors, card.changes, card.comment = item.errors, item.changes, item.comment
    context = {
        "form": form,
        "page": page,
        "cards": cards,
        "unchanged": sum(1 for card in cards if card.unchanged),
        "batch_errors": batch_errors,
        "batch_refused": batch_refused,
        # A review refused on an update no longer in the queue (another reviewer
        # was first); a refused batch names its updates above the queue already.
        "elsewhere": [] if batch_errors else list(by_update.values()),
        "select_query": _query(request, drop=("select",), select="unchanged"),
        # Where the queue's forms post, and come back to: this page as filtered.
        "back_query": _query(request, drop=("select",)),
    }
    return render(request, "targets/review_list.html", context)


def _query(request, *, drop=(), **extra) -> str:
    """The query string of this page without ``drop`` and with ``extra``, "" or "?…"."""
    query = request.GET.copy()
    for name in drop:
        query.pop(name, None)
    query.update(extra)
    return "?" + query.urlencode() if query else ""


def _review_on_queue(request):
    form = QueueReviewForm(request.POST)
    try:
        pk = int(request.POST.get("update", ""))
    except ValueError:
        pk = None
    update = get_object_or_404(
        QuarterlyUpdate.objects.visible_to(request.user).select_related("goal__plan"), pk=pk
    )
    refused = _review(request, update, form)
    if refused is not None:
        return _queue(request, refused=[refused])
    return redirect(request.path + _query(request, drop=("select",)))


def _approve_selected(request):
    """Approve the updates ticked, all or none; a refusal says which and why."""
    user = request.user
    form = BatchApproveForm(request.POST)
    if not form.is_valid():
        return _queue(request, batch_errors=form.non_field_errors(), selected=form.selected_ids())
    selected = form.cleaned_data["selected"]
    updates = QuarterlyUpdate.objects.visible_to(user).select_related("goal__plan")
    found = {update.pk: update for update in updates.filter(pk__in=selected)}
    if len(found) != len(selected):
        get_object_or_404(updates, pk=next(pk for pk in selected if pk not in found))
    batch = [(found[pk], form.cleaned_data["versions"][pk]) for pk in selected]
    try:
        quarterly_updates_approve(batch, user=user)
    except BatchRefused as refusal:
        refused = []
        for item in refusal.refusals:
            changes = []
            if item.current is not None:
                changes = changes_since(item.current, form.cleaned_data["versions"][item.update.pk])
            refused.append(Refused(item.update, [item.reason], changes))
        errors = [f"{item.names}：{item.errors[0]}" for item in refused]
        return _queue(
            request,
            refused=refused,
            batch_errors=errors,
            batch_refused=True,
            selected=set(selected),
        )
    messages.success(
        request,
        ngettext("%(count)s update approved.", "%(count)s updates approved.", len(batch))
        % {"count": len(batch)},
    )
    return redirect(request.path + _query(request, drop=("select",)))


@require_POST
def quarterly_update_review(request, pk):
    """
    Approve or return one update from the goal's page (``action``
    approve/return, ``comment``, ``version``), then go back there; refused,
    the goal's page is shown again with the reason on the update's card.
    """
    user = request.user
    update = get_object_or_404(
        QuarterlyUpdate.objects.visible_to(user).select_related("goal__plan"), pk=pk
    )
    rules.require(rules.can_review_updates, user)
    refused = _review(request, update, ReviewForm(request.POST))
    if refused is not None:
        return goal_page_after_refused_review(request, refused)
    return _back(request, update)


def _review(request, update, form) -> Refused | None:
    """Approve or return ``update`` as ``form`` says; None when done, else why not."""
    valid = form.is_valid()
    # Read after validating: a refused comment comes back without what files cannot hold.
    comment = (form.data.get("comment") or "").strip()
    if not valid:
        errors = [error for field_errors in form.errors.values() for error in field_errors]
        return Refused(update, errors, comment=comment)
    action = form.cleaned_data["action"]
    version = form.cleaned_data["version"]
    names = {"goal": update.goal.code, "period": update.period}
    service = quarterly_update_approve if action == "approve" else quarterly_update_return
    try:
        service(update, user=request.user, comment=comment, expected_version=version)
    except StaleUpdate as stale:
        message = _(
            "%(goal)s %(period)s changed after you opened the page; nothing was done. "
            "Look at it again before you review it."
        )
        current = stale.current
        changes = changes_since(current, version) if current is not None and version else []
        return Refused(update, [message % names], changes, comment)
    except ValidationError as error:
        return Refused(update, error.messages, comment=comment)
    if action == "approve":
        messages.success(request, _("%(goal)s %(period)s approved.") % names)
    else:
        messages.success(request, _("%(goal)s %(period)s returned to the department.") % names)
    return None


def _back(request, update):
    """To the page the review was made from (the goal's, by ``next``), else the goal."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect(update.get_absolute_url())
