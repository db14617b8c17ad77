from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.contrib.sessions.base_session import AbstractBaseSession
from django.core.exceptions import PermissionDenied
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .choices import AuditAction, DirectorySource, Role

# A mobile or office number as people write it: digits, and + - ( ) or spaces between them.
PHONE_VALIDATOR = RegexValidator(
    r"^\+?[0-9][0-9 ()-]{4,18}[0-9]$",
    _("Enter a phone number: digits, optionally with +, spaces, hyphens or brackets."),
)


def role_needs_department(role: str) -> bool:
    """Whether an account of ``role`` must belong to a department (the check constraint)."""
    return role == Role.STAFF


def role_opens_admin(role: str) -> bool:
    """
    Whether an account the directory manages gets ``is_staff`` for its role: the admin
    opens to administrators who have it (``rules.can_open_admin``).
    """
    return role == Role.ADMIN


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
    # Set at each sign-in through the office's directory (accounts.directory): the account is
    # then the directory's, and its password there is the only one; Luoshi keeps none, and
    # the password sign-in refuses it even if one is set later. Cleared by hand in the admin
    # to make it a local account again.
    directory_dn = models.CharField(
        _("directory entry"),
        max_length=500,
        blank=True,
        help_text=_(
            "Set when the person signs in through the office's directory: they then sign in "
            "with the directory's password only. Clear it (and set a password) to make the "
            "account a local one again."
        ),
    )

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
    def is_directory_account(self) -> bool:
        """Whether the person signs in through the office's directory, not a Luoshi password."""
        return bool(self.directory_dn)

    @property
    def is_local_superuser(self) -> bool:
        """
        A superuser with a Luoshi password: the way in when the directory is down or
        wrong, which a directory entry of the same name never takes over.
        """
        return self.is_superuser and not self.is_directory_account

    @property
    def is_leader(self) -> bool:
        """A leader (领导), who has a page of their own goals: the role, not a permission."""
        return self.role == Role.LEADER


class DirectoryMappingQuerySet(models.QuerySet):
    """The mappings, in the order they are applied (``priority``, then the oldest first)."""

    def visible_to(self, user):
        """Administrators maintain the mappings in the admin; nobody else sees them."""
        from targets import rules

        return self if rules.can_open_admin(user) else self.none()

    def resolve(self, groups, attributes) -> tuple:
        """
        The department and the role for a person of the directory: ``groups`` their
        groups' DNs, ``attributes`` their entry's values by attribute name (both in
        lower case). Mappings are read in order; the first matching one that names a
        department gives the department, the first that names a role gives the role,
        each None when no matching mapping names one.
        """
        department = role = None
        for mapping in self.select_related("department").order_by("priority", "pk"):
            if not mapping.matches(groups, attributes):
                continue
            if department is None and mapping.department_id:
                department = mapping.department
            if role is None and mapping.role:
                role = mapping.role
            if department is not None and role is not None:
                break
        return department, role

    def place(self, groups, attributes) -> tuple | None:
        """
        Where a person of the directory belongs: ``(department, role)`` from
        ``resolve``, the role department staff when only a department matched; None
        when no mapping gives them either, or gives staff no department.
        """
        department, role = self.resolve(groups, attributes)
        if department is None and role is None:
            return None
        role = role or Role.STAFF
        if role_needs_department(role) and department is None:
            return None
        return department, role


def normal_dn(dn: str) -> str:
    """A DN as mappings compare it: lower case, no spaces around its commas."""
    return ",".join(part.strip() for part in str(dn).split(",")).lower()


class DirectoryMapping(models.Model):
    """
    One line of the table that turns the office's directory into Luoshi's
    accounts (accounts.directory): people in a group, or whose entry has an
    attribute's value, get a department, a role or both when they sign in.
    Administrators maintain it in the admin. When several lines match, the one
    with the lowest priority number decides the department, and the same for
    the role (``DirectoryMappingQuerySet.resolve``); a person no line gives a
    department or a role to cannot sign in through the directory.
    """

    priority = models.PositiveSmallIntegerField(
        _("priority"),
        default=100,
        help_text=_(
            "Lower numbers come first: when several lines match a person, the first that "
            "names a department gives the department, and the first that names a role gives "
            "the role."
        ),
    )
    source = models.CharField(
        _("match on"), max_length=20, choices=DirectorySource.choices, default=DirectorySource.GROUP
    )
    attribute = models.CharField(
        _("attribute"),
        max_length=100,
        blank=True,
        help_text=_(
            "For an attribute value: the attribute's name in the directory, e.g. department."
        ),
    )
    value = models.CharField(
        _("group or value"),
        max_length=500,
        help_text=_(
            "A group's full name (cn=…,ou=groups,dc=…) or its short name (cn), or the "
            "attribute's value. Upper and lower case are the same."
        ),
    )
    department = models.ForeignKey(
        "targets.Department",
        verbose_name=_("department"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="directory_mappings",
    )
    role = models.CharField(
        _("role"),
        max_length=20,
        choices=Role.choices,
        blank=True,
        help_text=_("Empty: another line gives the role, else the person is department staff."),
    )
    note = models.CharField(_("note"), max_length=200, blank=True)

    objects = DirectoryMappingQuerySet.as_manager()

    class Meta:
        verbose_name = _("directory mapping")
        verbose_name_plural = _("directory mappings")
        ordering = ["priority", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(department__isnull=False) | ~Q(role=""),
                name="directorymapping_gives_something",
                violation_error_message=_("A mapping gives a department, a role or both."),
            ),
            models.CheckConstraint(
                condition=~Q(source=DirectorySource.ATTRIBUTE) | ~Q(attribute=""),
                name="directorymapping_attribute_named",
                violation_error_message=_("Name the attribute whose value this line matches."),
            ),
        ]

    def __str__(self):
        if self.source == DirectorySource.ATTRIBUTE:
            return f"{self.attribute}={self.value}"
        return self.value

    def matches(self, groups, attributes) -> bool:
        """Whether a person with these groups and attributes (lower case) is matched."""
        wanted = self.value.strip().lower()
        if self.source == DirectorySource.ATTRIBUTE:
            return wanted in attributes.get(self.attribute.strip().lower(), ())
        if "=" in wanted:
            return normal_dn(wanted) in groups
        # A short name: the value of the group's first part (cn=fgj-staff,… is fgj-staff).
        return any(group.split(",", 1)[0].partition("=")[2] == wanted for group in groups)


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


class Session(AbstractBaseSession):
    """
    A signed-in (or anonymous) session, in the database so that every app server
    reads the same (``SESSION_ENGINE = "accounts.sessions"``). Django's own session
    row plus the id of the user signed in to it, so that a request reads the
    session and its user in one query (``accounts.sessions.SessionStore``).

    ``user`` is a copy of the session data's ``_auth_user_id``, written with the
    data on every save; the data stays what decides: the user is taken from
    this column only when the two agree (``accounts.middleware``). No database
    constraint and nothing done on the user's deletion: the admin's deletion of a
    user would otherwise list (and show the keys of) their sessions, and a
    session whose user is gone finds no user, as before.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
        verbose_name=_("user"),
    )

    class Meta(AbstractBaseSession.Meta):
        db_table = "accounts_session"

    @classmethod
    def get_session_store_class(cls):
        from .sessions import SessionStore

        return SessionStore
