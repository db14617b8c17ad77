"""Departments (单位) and the leaders (领导) that documents name."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .. import rules
from ..choices import DepartmentKind


class DepartmentQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Staff see their own department; supervisors, leaders and admins see all."""
        if not rules.is_signed_in(user):
            return self.none()
        if rules.can_see_all_departments(user):
            return self
        if user.department_id is None:
            return self.none()
        return self.filter(pk=user.department_id)


class Department(models.Model):
    """
    A unit that owns goals: a district bureau (区发改局), a street office (街道),
    a district company or another body. Departments are deactivated, not deleted,
    because goals and their history point at them.
    """

    name = models.CharField(_("name"), max_length=100, unique=True)
    short_name = models.CharField(
        _("short name"),
        max_length=50,
        blank=True,
        help_text=_("The name used in tables, e.g. 区发改局."),
    )
    code = models.SlugField(
        _("code"),
        max_length=32,
        unique=True,
        help_text=_("A stable ASCII identifier, used in files and account names."),
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=DepartmentKind.choices, default=DepartmentKind.BUREAU
    )
    # The body a unit answers to (上级单位): a street office's district, a company's owner.
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    active = models.BooleanField(_("active"), default=True)
    order = models.PositiveIntegerField(_("order"), default=0)

    objects = DepartmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        ordering = ["order", "code"]

    def __str__(self):
        return self.short_name or self.name

    def get_absolute_url(self):
        return reverse("targets:department_detail", args=[self.pk])


class DepartmentAlias(models.Model):
    """
    Another name documents use for a department: the long and short forms of
    one body (区发改局 / 区发展和改革局 / 洪山区发展和改革局). Imports match owners
    through these; admins add one when an import lists a known body under an
    unknown name.
    """

    department = models.ForeignKey(
        Department, verbose_name=_("department"), on_delete=models.CASCADE, related_name="aliases"
    )
    alias = models.CharField(_("alias"), max_length=100, unique=True)

    class Meta:
        verbose_name = _("department alias")
        verbose_name_plural = _("department aliases")
        ordering = ["department", "alias"]

    def __str__(self):
        return self.alias


class LeaderQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Supervisors, leaders and admins see every leader and their goals; staff none."""
        if not rules.can_see_leaders(user):
            return self.none()
        return self


class Leader(models.Model):
    """
    A responsible leader (责任领导 / 分管领导) as the report names them. The link to
    a user account is optional: documents name leaders long before they log in.
    """

    name = models.CharField(_("name"), max_length=50, unique=True)
    position = models.CharField(
        _("position"), max_length=100, blank=True, help_text=_("E.g. 副区长.")
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="leader_profile",
    )
    order = models.PositiveIntegerField(_("order"), default=0)

    objects = LeaderQuerySet.as_manager()

    class Meta:
        verbose_name = _("leader")
        verbose_name_plural = _("leaders")
        ordering = ["order", "name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("targets:leader_goals", args=[self.pk])
