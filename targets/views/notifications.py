"""
The inbox (通知): the bell's page with its filters, marking lines read (one,
all, or one as it is opened), and each user's choice of what reaches them by
e-mail. The writes are ``targets.services.notifications``.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from targets.choices import NotificationChannel, NotificationKind
from targets.selectors.notifications import inbox, inbox_rows
from targets.services.notifications import (
    USER_CHANNELS,
    effective_preferences,
    notification_preferences_set,
    notifications_mark_read,
)

PAGE_SIZE = 30


@require_safe
def notification_list(request):
    """The user's inbox, newest first: all, or the unread, or one kind of event."""
    unread = request.GET.get("unread") == "1"
    kind = request.GET.get("kind", "")
    lines = inbox(request.user, unread=unread, kind=kind)
    page = Paginator(lines, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "targets/notification_list.html",
        {
            "page": page,
            "rows": inbox_rows(page.object_list),
            "unread": unread,
            "kind": kind if kind in NotificationKind.values else "",
            "kinds": NotificationKind.choices,
        },
    )


@require_POST
def notifications_read(request):
    """
    Mark lines read: ``all``, or the ``ids`` posted (the user's own; others'
    are ignored), then go to ``next`` when it is a page of this site (opening a
    line marks it read), else back to the inbox.
    """
    if request.POST.get("all"):
        notifications_mark_read(request.user)
    else:
        # Ids as a form sends them; anything else (or past a bigint) is no line of the user's.
        ids = [int(i) for i in request.POST.getlist("ids") if i.isdigit() and len(i) <= 18]
        notifications_mark_read(request.user, ids)
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect("targets:notification_list")


@require_http_methods(["GET", "HEAD", "POST"])
def notification_preferences(request):
    """Which events reach the user by e-mail (the inbox gets them all)."""
    if request.method == "POST":
        choices = {
            (kind, channel): request.POST.get(f"{kind}:{channel}") == "on"
            for kind in NotificationKind.values
            for channel in USER_CHANNELS
        }
        try:
            notification_preferences_set(request.user, choices)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Your notification settings are saved."))
        return redirect(reverse("targets:notification_preferences"))
    current = effective_preferences(request.user)
    rows = [
        {
            "kind": kind,
            "label": label,
            "channels": [
                {
                    "name": f"{kind}:{channel}",
                    "label": NotificationChannel(channel).label,
                    "on": current[kind, channel],
                }
                for channel in USER_CHANNELS
            ],
        }
        for kind, label in NotificationKind.choices
    ]
    return render(
        request,
        "targets/notification_preferences.html",
        {"rows": rows, "has_email": bool(request.user.email)},
    )
