"""
The security audit log (安全审计日志): ``record`` writes one entry, at the
boundary where a thing happened (a view, an admin page, a command, a sign-in
signal), with who, when, from which address and what.

Sign-ins, sign-outs, failed sign-ins and locks are recorded from Django's and
django-axes's signals (``connect``, from ``AccountsConfig.ready``): every way
in — the sign-in page, the admin's, a test client — sends them. Everything
else is one ``record`` call where it is done: ``accounts.services`` for
passwords and accounts, ``accounts.admin`` for the admin's edits of accounts
and groups, the import and download views and the import commands.

Each entry also goes to the ``luoshi.audit`` logger, so a deployment can keep
a copy off the machine (``AUDIT_LOG_STDOUT``; docs/security.md).
"""

from __future__ import annotations

import datetime
import json
import logging

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from .choices import AuditAction, Role
from .client_ip import client_ip
from .models import AuditEntry

logger = logging.getLogger("luoshi.audit")

# Network logs are kept at least six months (网络安全法 art. 21), which 等保 2.0 reviews check.
AUDIT_LOG_MIN_DAYS = 180

TARGET_LENGTH = AuditEntry._meta.get_field("target").max_length
PATH_LENGTH = AuditEntry._meta.get_field("path").max_length
NAME_LENGTH = AuditEntry._meta.get_field("actor_name").max_length


def record(
    request,
    action: AuditAction,
    *,
    target: str = "",
    details: dict | None = None,
    actor=None,
    actor_name: str | None = None,
    path: str = "",
) -> AuditEntry:
    """
    Write one entry. ``request`` gives the address and, unless ``actor`` is
    given, who did it (the signed-in user); a command passes None, and the
    entry says it came from the command line. ``target`` is what it was done
    to, as text (an account's name, a plan's title, a file's name);
    ``details`` what changed, e.g. ``{"role": ["staff", "admin"]}``.
    """
    if actor is None and request is not None:
        user = getattr(request, "user", None)
        actor = user if user is not None and user.is_authenticated else None
    if request is None:
        # No request: a manage.py command on the server (or a shell) did it.
        details = {**(details or {}), "source": "command"}
    if actor_name is None:
        actor_name = actor.get_username() if actor is not None else ""
    entry = AuditEntry.objects.create(
        action=action,
        actor=actor,
        actor_name=actor_name[:NAME_LENGTH],
        ip=client_ip(request) if request is not None else None,
        target=str(target)[:TARGET_LENGTH],
        path=path[:PATH_LENGTH],
        details=details or {},
    )
    if logger.isEnabledFor(logging.INFO):
        _log(entry)
    return entry


def _log(entry: AuditEntry) -> None:
    """The entry as one JSON line, for a log server (``AUDIT_LOG_STDOUT``)."""
    logger.info(
        json.dumps(
            {
                "at": entry.at.isoformat(),
                "action": entry.action,
                "user": entry.actor_name,
                "ip": entry.ip,
                "target": entry.target,
                "path": entry.path,
                "details": entry.details,
            },
            ensure_ascii=False,
        )
    )


def record_command(action: AuditAction, *, target="", details=None, actor=None) -> AuditEntry:
    """An entry for what a ``manage.py`` command did: no address, "from the command line"."""
    return record(None, action, target=target, details=details, actor=actor)


def purge_cutoff(days: int) -> datetime.datetime:
    """The time before which entries go when ``days`` days are kept."""
    return timezone.now() - datetime.timedelta(days=days)


def purge(days: int) -> int:
    """
    Remove the entries older than ``days`` days (at least ``AUDIT_LOG_MIN_DAYS``:
    a shorter time is refused with ``ValueError``), recording the purge itself.
    """
    if days < AUDIT_LOG_MIN_DAYS:
        raise ValueError(days)
    cutoff = purge_cutoff(days)
    with transaction.atomic():
        count = AuditEntry.objects.purge_before(cutoff)
        record_command(
            AuditAction.AUDIT_LOG_PURGED,
            details={
                "count": count,
                "before": timezone.localtime(cutoff).strftime("%Y-%m-%d %H:%M"),
            },
        )
    return count


def record_download(request, action: AuditAction, filename: str) -> AuditEntry:
    """A file downloaded (an export, the bulletin): its name and the page it came from."""
    return record(request, action, target=filename, path=request.get_full_path())


# -- accounts: what an edit changed ------------------------------------------------------------

# The fields of an account whose change is recorded, and the event each is recorded as.
ACCOUNT_FIELDS = {
    "role": AuditAction.ROLE_CHANGED,
    "department": AuditAction.DEPARTMENT_CHANGED,
    "is_staff": AuditAction.PERMISSIONS_CHANGED,
    "is_superuser": AuditAction.PERMISSIONS_CHANGED,
    "groups": AuditAction.PERMISSIONS_CHANGED,
    "user_permissions": AuditAction.PERMISSIONS_CHANGED,
    # Whether the account signs in through the office's directory or with a Luoshi password.
    "directory_dn": AuditAction.PERMISSIONS_CHANGED,
}


def account_state(user) -> dict:
    """What of an account the log follows, as JSON values: read before and after an edit."""
    if user is None or user.pk is None:
        return {}
    return {
        "role": user.role,
        "department": user.department.name if user.department_id else "",
        "is_active": user.is_active,
        "is_staff": user.is_staff,
        "is_superuser": user.is_superuser,
        "directory_dn": user.directory_dn,
        "groups": sorted(user.groups.values_list("name", flat=True)),
        "user_permissions": sorted(
            f"{app}.{codename}"
            for app, codename in user.user_permissions.values_list(
                "content_type__app_label", "codename"
            )
        ),
    }


def record_account_changes(request, user, before: dict, after: dict) -> list[AuditEntry]:
    """
    The entries for an edit of ``user`` between two ``account_state``s: one
    per kind of change (its role, its department, enabling or disabling it,
    its permissions: the admin flags, groups and Django permissions together);
    from no state before (a new account), one "account created" with them all.
    """
    name = user.get_username()
    if not before:
        created = {f: [None, after[f]] for f in ACCOUNT_FIELDS if after.get(f)}
        return [record(request, AuditAction.ACCOUNT_CREATED, target=name, details=created)]
    entries = []
    if before["is_active"] != after["is_active"]:
        action = AuditAction.ACCOUNT_ENABLED if after["is_active"] else AuditAction.ACCOUNT_DISABLED
        entries.append(record(request, action, target=name))
    grouped: dict[AuditAction, dict] = {}
    for field, action in ACCOUNT_FIELDS.items():
        if before[field] != after[field]:
            grouped.setdefault(action, {})[field] = [before[field], after[field]]
    for action, changes in grouped.items():
        entries.append(record(request, action, target=name, details=changes))
    return entries


# -- reading an entry ---------------------------------------------------------------------------

# Labels of the details that are not an account's fields (those use the field's own name).
DETAIL_LABELS = {
    "added": gettext_lazy("permissions added"),
    "removed": gettext_lazy("permissions removed"),
    "deleted": gettext_lazy("group deleted"),
    "file": gettext_lazy("file"),
    "period": gettext_lazy("quarter"),
    "goals": gettext_lazy("goals changed"),
    "count": gettext_lazy("entries removed"),
    "before": gettext_lazy("older than"),
    "days": gettext_lazy("days unused"),
    "attempts": gettext_lazy("attempts cleared"),
    "source": gettext_lazy("from"),
    "units_created": gettext_lazy("departments created"),
    "units_updated": gettext_lazy("departments updated"),
    "accounts_created": gettext_lazy("accounts created"),
    "accounts_updated": gettext_lazy("accounts updated"),
}
SOURCES = {"command": gettext_lazy("the command line"), "admin": gettext_lazy("the admin")}


def _value(field: str, value) -> str:
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if value in ("", None, []):
        return "—"
    if field == "role":
        return str(Role(value).label) if value in Role.values else str(value)
    if field == "source":
        return str(SOURCES.get(value, value))
    if field == "period" and isinstance(value, list | tuple) and len(value) == 2:
        return _("%(year)s Q%(quarter)s") % {"year": value[0], "quarter": value[1]}
    if isinstance(value, list | tuple):
        return "、".join(str(v) for v in value)
    return str(value)


def _label(field: str) -> str:
    if field in ACCOUNT_FIELDS:
        return str(get_user_model()._meta.get_field(field).verbose_name)
    return str(DETAIL_LABELS.get(field, field))


def describe(entry: AuditEntry) -> str:
    """An entry's details in the reader's language: "角色：填报员 → 管理员；…"."""
    parts = []
    # In a fixed order: PostgreSQL's jsonb keeps the keys in an order of its own.
    order = [*ACCOUNT_FIELDS, *DETAIL_LABELS]
    details = sorted(
        entry.details.items(),
        key=lambda item: (order.index(item[0]) if item[0] in order else len(order), item[0]),
    )
    for field, value in details:
        if field in ACCOUNT_FIELDS and isinstance(value, list) and len(value) == 2:
            old, new = (_value(field, v) for v in value)
            parts.append(
                _("%(label)s: %(old)s → %(new)s") % {"label": _label(field), "old": old, "new": new}
            )
        else:
            parts.append(
                _("%(label)s: %(value)s") % {"label": _label(field), "value": _value(field, value)}
            )
    return pgettext("between parts of a sentence", "; ").join(parts)


# -- signing in and out (signals) ---------------------------------------------------------------


def _signed_in(sender, request, user, **kwargs):
    record(request, AuditAction.SIGN_IN, actor=user, target=user.get_username())


def _signed_out(sender, request, user, **kwargs):
    if user is not None:
        record(request, AuditAction.SIGN_OUT, actor=user, target=user.get_username())


def _sign_in_failed(sender, credentials, request=None, **kwargs):
    # The name typed, which may be no account at all; never the password (Django
    # masks it in ``credentials`` anyway).
    name = str(credentials.get("username") or "")
    record(request, AuditAction.SIGN_IN_FAILED, actor_name=name, target=name)


def _locked_out(sender, request, username, ip_address, **kwargs):
    name = str(username or "")
    record(request, AuditAction.LOCKED_OUT, actor_name=name, target=name)


def connect() -> None:
    """Listen to the sign-in signals (once: ``AccountsConfig.ready``)."""
    from axes.signals import user_locked_out
    from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed

    user_logged_in.connect(_signed_in, dispatch_uid="accounts.audit.signed_in")
    user_logged_out.connect(_signed_out, dispatch_uid="accounts.audit.signed_out")
    user_login_failed.connect(_sign_in_failed, dispatch_uid="accounts.audit.sign_in_failed")
    user_locked_out.connect(_locked_out, dispatch_uid="accounts.audit.locked_out")
