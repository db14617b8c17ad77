from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """What a user does in Luoshi; decides what they see and may change."""

    STAFF = "staff", _("Department staff")  # 填报员
    SUPERVISOR = "supervisor", _("Supervisor")  # 督查室
    LEADER = "leader", _("Leader")  # 领导
    ADMIN = "admin", _("Administrator")
