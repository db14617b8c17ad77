"""
Notifications, the reads: a user's inbox with its filters, the unread count
for the bell, and the sentence each event says, written when shown (in the
reader's language) from the words the event kept.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from ..choices import NotificationKind
from ..models import Notification
from ..periods import Quarter

Kind = NotificationKind


def _quarter(params: dict) -> str:
    try:
        return str(Quarter(int(params["year"]), int(params["quarter"])))
    except (KeyError, TypeError, ValueError):
        return ""


def _goal(params: dict) -> str:
    return " ".join(p for p in (params.get("goal_code", ""), params.get("goal_title", "")) if p)


def notification_text(kind: str, params: dict) -> str:
    """The event in one sentence, in the active language."""
    words = {
        "goal": _goal(params),
        "period": _quarter(params),
        "actor": params.get("actor", ""),
        "department": params.get("department", ""),
        "comment": params.get("comment", ""),
        "plan": params.get("plan", ""),
        "count": params.get("count", 0),
        "due": params.get("due", ""),
        "reason": params.get("reason", ""),
    }
    sentences = {
        Kind.UPDATE_RETURNED: _(
            "%(actor)s returned the %(period)s update of %(goal)s: %(comment)s"
        ),
        Kind.UPDATE_APPROVED: _("%(actor)s approved the %(period)s update of %(goal)s."),
        Kind.UPDATE_SUBMITTED: _(
            "%(department)s submitted the %(period)s update of %(goal)s for review."
        ),
        Kind.GOAL_COMMENTED: _("%(actor)s commented on %(goal)s: %(comment)s"),
        Kind.DUE_SOON: _(
            "%(department)s: %(count)s goals have no update for %(period)s yet; "
            "it is due on %(due)s."
        ),
        Kind.OVERDUE: _(
            "%(department)s: %(count)s goals have no update for %(period)s, "
            "which was due on %(due)s."
        ),
        Kind.PERIOD_OPENED: _("%(period)s of %(plan)s was reopened: %(reason)s"),
        Kind.PERIOD_CLOSED: _("%(period)s of %(plan)s was closed."),
        Kind.PLAN_PUBLISHED: _("%(plan)s was published: its goals are followed from now on."),
        Kind.ASSESSMENT_PUBLISHED: _("The assessment results of %(plan)s were published."),
    }
    sentence = sentences.get(kind)
    return sentence % words if sentence else ""


def notification_title(kind: str) -> str:
    """The event's name, for a message's heading (the kind's label)."""
    return str(Kind(kind).label) if kind in Kind.values else kind


def inbox(user, *, unread: bool = False, kind: str = ""):
    """The user's lines, newest first; only the unread ones, or one kind, when asked."""
    lines = Notification.objects.visible_to(user)
    if unread:
        lines = lines.unread()
    if kind in Kind.values:
        lines = lines.filter(kind=kind)
    return lines


def unread_count(user) -> int:
    """
    The bell's figure. The signed-in user is read with it already
    (``accounts.backends.DepartmentModelBackend`` annotates it), so a page
    costs no query for it; one count of the partial index otherwise.
    """
    if not getattr(user, "is_authenticated", False):
        return 0
    annotated = getattr(user, "unread_notifications", None)
    if annotated is not None:
        return annotated
    return Notification.objects.visible_to(user).unread().count()


def bell_context(request) -> dict:
    """Context processor: the bell's unread count, asked only when a page shows it."""
    user = getattr(request, "user", None)
    return {"unread_notifications": lambda: unread_count(user)}


def inbox_rows(lines) -> list[dict]:
    """A page of lines as the inbox shows them: the event's name, its sentence, its link."""
    return [
        {
            "line": line,
            "title": notification_title(line.kind),
            "text": notification_text(line.kind, line.params),
        }
        for line in lines
    ]
