"""
Writes to accounts that are more than one save, each recorded in the audit
log: a user changing their password, an administrator resetting one,
disabling, enabling or unlocking an account, the disabling of accounts
nobody used for a while (``disable_inactive_accounts``, from cron), and the
accounts of people who sign in through the office's directory
(``directory_account_sync``).

``request`` gives the audit log its who and from where; the commands pass None.
"""

from __future__ import annotations

import datetime
import logging

from axes.utils import reset as axes_reset
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from . import audit
from .choices import AuditAction
from .passwords import generate_password

logger = logging.getLogger(__name__)


def password_change(user, password: str, *, request) -> None:
    """
    The user chose a new password (already validated by the form): it
    replaces the one an administrator set or the one that expired.
    """
    with transaction.atomic():
        user.set_password(password)
        user.must_change_password = False
        user.save(update_fields=["password", "password_changed_at", "must_change_password"])
        audit.record(request, AuditAction.PASSWORD_CHANGED, actor=user, target=user.get_username())


def password_reset(user, *, request, password: str | None = None) -> str:
    """
    Give ``user`` a new first password, generated unless ``password`` is
    given (the admin's password form), that they must replace at their next
    sign-in; their sign-in locks are lifted so that they can. Returns the
    password, which is not kept anywhere: the caller shows it once.
    """
    password = password or generate_password()
    with transaction.atomic():
        user.set_password(password)
        user.must_change_password = True
        user.save(update_fields=["password", "password_changed_at", "must_change_password"])
        audit.record(request, AuditAction.PASSWORD_RESET, target=user.get_username())
        axes_reset(username=user.get_username())
    return password


def password_set_by_administrator(user, *, request) -> None:
    """
    An administrator typed a new password for ``user`` on the admin's password
    page (saved by its form): the person must replace it at their next
    sign-in, unless the administrator set their own.
    """
    if user.pk == request.user.pk:
        audit.record(request, AuditAction.PASSWORD_CHANGED, target=user.get_username())
        return
    type(user).objects.filter(pk=user.pk).update(must_change_password=True)
    audit.record(request, AuditAction.PASSWORD_RESET, target=user.get_username())


def account_disable(user, *, request) -> bool:
    """Disable ``user``: they can no longer sign in, and are signed out. False if already."""
    with transaction.atomic():
        changed = type(user).objects.filter(pk=user.pk, is_active=True).update(is_active=False)
        if changed:
            user.is_active = False
            audit.record(request, AuditAction.ACCOUNT_DISABLED, target=user.get_username())
    return bool(changed)


def account_enable(user, *, request) -> bool:
    """
    Enable ``user`` again. Inactivity then counts from now (``enabled_at``),
    or the next run of ``disable_inactive_accounts`` would disable them again.
    """
    now = timezone.now()
    with transaction.atomic():
        changed = (
            type(user)
            .objects.filter(pk=user.pk, is_active=False)
            .update(is_active=True, enabled_at=now)
        )
        if changed:
            user.is_active, user.enabled_at = True, now
            audit.record(request, AuditAction.ACCOUNT_ENABLED, target=user.get_username())
    return bool(changed)


def account_unlock(user, *, request) -> int:
    """Lift the sign-in locks (django-axes) of ``user`` on every address; how many were cleared."""
    with transaction.atomic():
        cleared = axes_reset(username=user.get_username())
        audit.record(
            request,
            AuditAction.ACCOUNT_UNLOCKED,
            target=user.get_username(),
            details={"attempts": cleared},
        )
    return cleared


def inactive_accounts(days: int, *, now: datetime.datetime | None = None):
    """
    The active accounts nobody used for ``days`` days: the latest of their last
    sign-in, their creation, their last password change (a reset gives the
    person time to sign in) and their re-enabling is older than that.
    Superusers are left alone: they are the deployment's emergency accounts
    (docs/security.md), made on the server with ``createsuperuser``.
    """
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=days)
    epoch = Value(datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC))
    return (
        get_user_model()
        .objects.filter(is_active=True, is_superuser=False)
        .annotate(
            last_used=Greatest(
                F("date_joined"),
                Coalesce("last_login", epoch),
                Coalesce("password_changed_at", epoch),
                Coalesce("enabled_at", epoch),
            )
        )
        .filter(last_used__lt=cutoff)
        .order_by("username")
    )


def inactive_accounts_disable(days: int, *, now=None) -> list:
    """Disable the accounts unused for ``days`` days (``inactive_accounts``); the disabled."""
    disabled = []
    with transaction.atomic():
        for user in inactive_accounts(days, now=now).select_for_update():
            user.is_active = False
            user.save(update_fields=["is_active"])
            audit.record_command(
                AuditAction.ACCOUNT_DISABLED, target=user.get_username(), details={"days": days}
            )
            disabled.append(user)
    return disabled


def directory_leavers(present) -> list:
    """The enabled directory accounts whose name is not in ``present`` (lower-case names)."""
    accounts = get_user_model().objects.exclude(directory_dn="").filter(is_active=True)
    return [user for user in accounts.order_by("username") if user.username.lower() not in present]


def directory_leavers_disable(present) -> list:
    """
    Disable the directory accounts whose person the directory no longer lists
    (``present``, from ``directory.directory_usernames``): they could not sign in
    anyway, and disabling ends their open sessions. Each is an audit log entry.
    """
    disabled = []
    with transaction.atomic():
        for user in directory_leavers(present):
            if account_disable(user, request=None):
                disabled.append(user)
    return disabled


def directory_account_sync(person, *, request):
    """
    Create or update the account of a person who signed in through the office's
    directory (``accounts.directory``; ``person`` is its ``DirectoryPerson``):
    name, e-mail, department and role from the directory and the mapping table,
    the account marked as the directory's, its Luoshi password made unusable.
    Returns None, changing nothing, when the person may not sign in this way: no
    mapping gives them a department or a role (or department staff no
    department), or the name is a local superuser's, which the directory never
    takes over, or the account is disabled in Luoshi.
    """
    from .models import DirectoryMapping, role_opens_admin

    User = get_user_model()
    place = DirectoryMapping.objects.place(person.groups, person.attributes)
    if place is None:
        logger.warning("Directory sign-in refused: no mapping places %r", person.username)
        return None
    department, role = place
    with transaction.atomic():
        user = User.objects.select_for_update().filter(username=person.username).first()
        if user is not None and (not user.is_active or user.is_local_superuser):
            # A local superuser is the way in when the directory is down or wrong; someone
            # given the same name in the directory must not become them.
            logger.warning("Directory sign-in refused for %r (disabled or local)", person.username)
            return None
        before = audit.account_state(user)
        if user is None:
            user = User(username=person.username)
        user.first_name, user.last_name = "", person.name[:150]
        user.email = person.email[:254]
        user.department, user.role = department, role
        # The admin opens to administrators who have is_staff (rules.can_open_admin).
        user.is_staff = role_opens_admin(role)
        user.directory_dn = person.dn[:500]
        user.must_change_password = False
        if user.has_usable_password():
            user.set_unusable_password()
        user.save()
        audit.record_account_changes(request, user, before, audit.account_state(user))
    return user
