from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import PermissionDenied
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .choices import AuditAction, Role

# A mobile or office number as people write it: digits, and + - ( ) or spaces between them.
PHONE_VALIDATOR = RegexValidator(
    r"^\+?[0-9][0-9 ()-]{4,18}[0-9]$",
    _("Enter a phone number: digits, optionally with +, spaces, hyphens or brackets."),
)


def role_needs_department(role: str) -> bool:
    """Whether an account of ``role`` must belong to a department (the check constraint)."""
    return role == Role.STAFF


class User(AbstractUser):
    """
    A person who signs in to Luoshi.

    Department staff (填报员) belong to one department and report its progress;
    supervisors (督查室), leaders (领导) and administrators see the whole plan.
    The role, not Django's ``is_staff`` flag, decides what the user sees
    and may do (``targets.rules``); the Django admin opens only to an
    administrator (role or superuser) who also has ``is_staff``
    (``rules.can_open_admin``).

    A password an administrator set (a new account, a reset) must be replaced
    by the user's own at the next sign-in (``must_change_password``), as must
    one older than ``PASSWORD_MAX_AGE_DAYS`` (``accounts.passwords``).
    """

    department = models.ForeignKey(
        "targets.Department",
        verbose_name=_("department"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.STAFF)
    phone = models.CharField(
        _("mobile phone"), max_length=20, blank=True, validators=[PHONE_VALIDATOR]
    )
    must_change_password = models.BooleanField(
        _("must change password"),
        default=False,
        help_text=_("The user must choose a new password at the next sign-in."),
    )
    password_changed_at = models.DateTimeField(_("password changed at"), null=True, blank=True)
    # Inactivity (disable_inactive_accounts) counts from the latest of the last sign-in,
    # the account's creation, its last password change and this.
    enabled_at = models.DateTimeField(_("enabled at"), null=True, blank=True)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["username"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(role=Role.STAFF) | Q(department__isnull=False),
                name="user_staff_has_department",
                violation_error_message=_("Department staff must belong to a department."),
            ),
        ]

    def __str__(self):
        full_name = self.get_full_name()
        return full_name or self.username

    def set_password(self, raw_password):
        # Every way a password is set passes here (the forms, the admin, the commands,
        # a reset): the age a password expires by counts from this.
        super().set_password(raw_password)
        self.password_changed_at = timezone.now()

    @property
    def is_department_staff(self) -> bool:
        """
        A department's reporter (填报员): the user's role, not a permission.
        What each role may do is decided in ``targets.rules``.
        """
        return self.role == Role.STAFF and not self.is_superuser

    @property
    def is_leader(self) -> bool:
        """A leader (领导), who has a page of their own goals: the role, not a permission."""
        return self.role == Role.LEADER


class PasswordRecord(models.Model):
    """
    A password a user had, as its hash: the last ``PASSWORD_HISTORY`` of each
    user are kept so that a new password cannot be one of them
    (``accounts.passwords.PasswordHistoryValidator``, which writes them).
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="password_records",
    )
    password = models.CharField(_("password"), max_length=128)
    set_at = models.DateTimeField(_("set at"), default=timezone.now)

    class Meta:
        verbose_name = _("previous password")
        verbose_name_plural = _("previous passwords")
        ordering = ["user", "-set_at", "-pk"]
        indexes = [models.Index(fields=["user", "-set_at"], name="passwordrecord_user_set")]

    def __str__(self):
        return f"{self.user_id} {self.set_at:%Y-%m-%d %H:%M}"


class AuditEntryQuerySet(models.QuerySet):
    """
    The audit log is written once and read; it is never changed, and rows leave
    it only through ``purge_before`` (kept at least ``AUDIT_LOG_MIN_DAYS``).
    ``update()`` and ``delete()`` refuse, so no page, admin or script changes
    an entry by accident.
    """

    def visible_to(self, user):
        """The whole log for whoever may read it (``rules.can_view_audit_log``), else nothing."""
        from targets import rules

        return self if rules.can_view_audit_log(user) else self.none()

    def update(self, **kwargs):
        raise PermissionDenied(_("The audit log cannot be changed."))

    def delete(self):
        raise PermissionDenied(_("The audit log cannot be changed."))

    def purge_before(self, cutoff) -> int:
        """Remove the entries older than ``cutoff``; the one way entries leave the log."""
        old = self.filter(at__lt=cutoff)
        count, _by_model = models.QuerySet.delete(old)
        return count


class AuditEntry(models.Model):
    """
    One entry of the security audit log (安全审计日志): who did what, when and
    from which address — sign-ins and their failures, locks, password changes
    and resets, changes to accounts' roles, departments and permissions,
    imports applied and files downloaded. Written by ``accounts.audit.record``
    and never changed; names are kept as text, so an entry still says who and
    what after the account or the plan is gone.
    """

    at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    action = models.CharField(_("event"), max_length=40, choices=AuditAction.choices)
    # No database constraint and nothing done on delete: removing an account leaves its
    # entries exactly as they were (their ``actor_name`` says who it was).
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
    )
    # The account name as it was; for a failed sign-in, the name that was typed.
    actor_name = models.CharField(_("account"), max_length=150, blank=True)
    ip = models.GenericIPAddressField(_("address"), null=True, blank=True)
    # What it was done to: an account's name, a plan's title, a file's name.
    target = models.CharField(_("object"), max_length=300, blank=True)
    # For a download, the page and filters it came from.
    path = models.CharField(_("page"), max_length=500, blank=True)
    details = models.JSONField(_("details"), default=dict, blank=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit log entry")
        verbose_name_plural = _("audit log")
        ordering = ["-at", "-pk"]
        indexes = [
            models.Index(fields=["action", "-at"], name="auditentry_action_at"),
            models.Index(fields=["actor_name", "-at"], name="auditentry_actor_at"),
        ]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.get_action_display()} {self.actor_name}"

    def save(self, *args, **kwargs):
        # Written once: an entry that exists is never saved again.
        if not self._state.adding:
            raise PermissionDenied(_("The audit log cannot be changed."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionDenied(_("The audit log cannot be changed."))
