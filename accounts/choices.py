from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """What a user does in Luoshi; decides what they see and may change."""

    STAFF = "staff", _("Department staff")  # 填报员
    SUPERVISOR = "supervisor", _("Supervisor")  # 督查室
    LEADER = "leader", _("Leader")  # 领导
    ADMIN = "admin", _("Administrator")


class AuditAction(models.TextChoices):
    """
    What a security audit log entry (安全审计日志) records: the events a
    graded-protection (等保 2.0) reviewer asks to see, by name.
    """

    SIGN_IN = "sign_in", _("Sign-in")
    SIGN_OUT = "sign_out", _("Sign-out")
    SIGN_IN_FAILED = "sign_in_failed", _("Failed sign-in")
    LOCKED_OUT = "locked_out", _("Sign-in locked")
    PASSWORD_CHANGED = "password_changed", _("Password changed")
    PASSWORD_RESET = "password_reset", _("Password reset")
    ACCOUNT_CREATED = "account_created", _("Account created")
    ACCOUNT_DELETED = "account_deleted", _("Account deleted")
    ACCOUNT_DISABLED = "account_disabled", _("Account disabled")
    ACCOUNT_ENABLED = "account_enabled", _("Account enabled")
    ACCOUNT_UNLOCKED = "account_unlocked", _("Sign-in lock lifted")
    ROLE_CHANGED = "role_changed", _("Role changed")
    DEPARTMENT_CHANGED = "department_changed", _("Department changed")
    PERMISSIONS_CHANGED = "permissions_changed", _("Permissions changed")
    PLAN_IMPORTED = "plan_imported", _("Plan imported")
    UPDATE_SHEET_IMPORTED = "update_sheet_imported", _("Quarterly workbook imported")
    ACCOUNTS_IMPORTED = "accounts_imported", _("Departments and accounts imported")
    EXPORTED = "exported", _("Export downloaded")
    BULLETIN_DOWNLOADED = "bulletin_downloaded", _("Bulletin downloaded")
    AUDIT_LOG_PURGED = "audit_log_purged", _("Audit log purged")


class DirectorySource(models.TextChoices):
    """What of a person's directory entry a mapping (``DirectoryMapping``) looks at."""

    GROUP = "group", _("Member of the group")
    ATTRIBUTE = "attribute", _("Attribute value")
