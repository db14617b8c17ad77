from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .choices import Role


class User(AbstractUser):
    """
    A person who signs in to Luoshi.

    Department staff (填报员) belong to one department and report its progress;
    supervisors (督查室), leaders (领导) and administrators see the whole plan.
    The role, not Django's ``is_staff`` flag, decides what the user sees
    and may do (``targets.rules``); the Django admin opens only to an
    administrator (role or superuser) who also has ``is_staff``
    (``rules.can_open_admin``).
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
