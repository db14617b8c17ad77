"""
Reviewing quarterly updates (督查审核): the queue of updates waiting for
review, and approving or returning one. Supervisors and admins only; an
update out of the user's sight is a 404, a role that does not review a 403.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from targets import rules
from targets.forms.review import ReviewFilterForm, ReviewForm
from targets.models import Department, QuarterlyUpdate
from targets.selectors.review import led_by, review_queue
from targets.services.review import quarterly_update_approve, quarterly_update_return
from targets.services.updates import StaleUpdate

PAGE_SIZE = 50


@require_safe
def review_list(request):
    """
    Updates waiting for review, oldest first, optionally of one lead
    department; each links to its goal and can be approved or returned here.
    """
    user = request.user
    rules.require(rules.can_review_updates, user)
    departments = Department.objects.visible_to(user).filter(active=True)
    form = ReviewFilterForm(request.GET or None, departments=departments)
    updates = review_queue(user)
    if form.is_bound and form.is_valid() and form.cleaned_data["department"]:
        department = departments.filter(pk=form.cleaned_data["department"]).first()
        updates = led_by(updates, department)
    elif form.is_bound and not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.warning(request, error)
    page = Paginator(updates, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "targets/review_list.html",
        {"form": form, "page": page, "updates": page.object_list, "query": request.GET.urlencode()},
    )


@require_POST
def quarterly_update_review(request, pk):
    """Approve or return one update (``action`` approve/return, ``comment``), then go back."""
    user = request.user
    update = get_object_or_404(
        QuarterlyUpdate.objects.visible_to(user).select_related("goal"), pk=pk
    )
    rules.require(rules.can_review_updates, user)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return _back(request, update)
    action = form.cleaned_data["action"]
    names = {"goal": update.goal.code, "period": update.period}
    try:
        if action == "approve":
            quarterly_update_approve(
                update,
                user=user,
                comment=form.cleaned_data["comment"],
                expected_version=form.cleaned_data["version"],
            )
            messages.success(request, _("%(goal)s %(period)s approved.") % names)
        else:
            quarterly_update_return(
                update,
                user=user,
                comment=form.cleaned_data["comment"],
                expected_version=form.cleaned_data["version"],
            )
            messages.success(request, _("%(goal)s %(period)s returned to the department.") % names)
    except StaleUpdate:
        messages.error(
            request,
            _(
                "%(goal)s %(period)s changed after you opened the page; nothing was done. "
                "Look at it again before you review it."
            )
            % names,
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    return _back(request, update)


def _back(request, update):
    """To the page the review was made from (the queue or the goal), else the goal."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect(update.get_absolute_url())
