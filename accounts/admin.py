"""
The admin of accounts: users with their department, role and phone, the
actions an administrator takes on them (disable, enable, lift sign-in locks,
reset passwords), and the security audit log, which the admin lists but never
writes, changes or removes. Every change to an account's role, department or
permissions made here, and to a group's permissions, is recorded in the log.
"""

from axes.admin import AccessAttemptAdmin
from axes.models import AccessAttempt
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import GroupAdmin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop, ngettext
from django.utils.translation import gettext_lazy as _

from targets import rules

from . import audit, services
from .choices import AuditAction
from .models import AuditEntry, DirectoryMapping, User
from .passwords import Slip, site_address


class DirectoryAccountFilter(admin.SimpleListFilter):
    """Accounts of the office's directory, or local ones."""

    title = _("signs in through")
    parameter_name = "directory"

    def lookups(self, request, model_admin):
        return [("yes", _("the office's directory")), ("no", _("a Luoshi password"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.exclude(directory_dn="")
        if self.value() == "no":
            return queryset.filter(directory_dn="")
        return queryset


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    """Users with their department and role next to Django's own fields."""

    list_display = [
        "username",
        "last_name",
        "first_name",
        "role",
        "department",
        "is_active",
        "must_change_password",
        "last_login",
    ]
    list_filter = [
        "role",
        "department__kind",
        "department",
        "is_active",
        "must_change_password",
        "is_staff",
        DirectoryAccountFilter,
    ]
    search_fields = ["username", "first_name", "last_name", "email", "phone", "department__name"]
    autocomplete_fields = ["department"]
    readonly_fields = ["last_login", "date_joined", "password_changed_at", "enabled_at"]
    fieldsets = (
        (None, {"fields": ("username", "password", "must_change_password", "directory_dn")}),
        (_("Luoshi role"), {"fields": ("role", "department")}),
        (_("Personal info"), {"fields": ("last_name", "first_name", "email", "phone")}),
        (
            _("Permissions"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (
            _("Important dates"),
            {"fields": ("last_login", "date_joined", "password_changed_at", "enabled_at")},
        ),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("username", "role", "department", "password1", "password2"),
            },
        ),
    )
    actions = ["disable", "enable", "unlock", "reset_passwords"]

    # -- every change to an account is recorded ---------------------------------------------

    def save_model(self, request, obj, form, change):
        before = audit.account_state(User.objects.get(pk=obj.pk)) if change else {}
        if not change:
            # The password typed here is the administrator's: the person chooses their own.
            obj.must_change_password = True
        elif obj.is_active and not before["is_active"]:
            # Inactivity counts from now, or disable_inactive_accounts would disable it again.
            obj.enabled_at = timezone.now()
        # The state before, for save_related, which sees the groups and permissions saved;
        # kept on the form, which lives for this request only.
        form.audit_before = before
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        after = audit.account_state(form.instance)
        audit.record_account_changes(request, form.instance, form.audit_before, after)

    def delete_model(self, request, obj):
        self.delete_queryset(request, User.objects.filter(pk=obj.pk))

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            for user in queryset:
                audit.record(request, AuditAction.ACCOUNT_DELETED, target=user.get_username())
            super().delete_queryset(request, queryset)

    def user_change_password(self, request, id, form_url=""):
        """Django's password page; a password set here must be replaced at the next sign-in."""
        with transaction.atomic():
            response = super().user_change_password(request, id, form_url)
            if request.method == "POST" and response.status_code == 302:
                services.password_set_by_administrator(
                    self.get_object(request, unquote(id)), request=request
                )
        return response

    # -- actions ------------------------------------------------------------------------------

    def has_manage_permission(self, request):
        return rules.can_manage_accounts(request.user)

    @admin.action(description=_("Disable the selected accounts"), permissions=["manage"])
    def disable(self, request, queryset):
        if queryset.filter(pk=request.user.pk).exists():
            self.message_user(
                request, gettext("You cannot disable your own account."), messages.ERROR
            )
            return
        with transaction.atomic():
            count = sum(services.account_disable(user, request=request) for user in queryset)
        message = ngettext("%(count)d account disabled.", "%(count)d accounts disabled.", count)
        self.message_user(request, message % {"count": count}, messages.SUCCESS)

    @admin.action(description=_("Enable the selected accounts"), permissions=["manage"])
    def enable(self, request, queryset):
        with transaction.atomic():
            count = sum(services.account_enable(user, request=request) for user in queryset)
        message = ngettext("%(count)d account enabled.", "%(count)d accounts enabled.", count)
        self.message_user(request, message % {"count": count}, messages.SUCCESS)

    @admin.action(
        description=_("Lift the sign-in locks of the selected accounts"), permissions=["manage"]
    )
    def unlock(self, request, queryset):
        with transaction.atomic():
            cleared = sum(services.account_unlock(user, request=request) for user in queryset)
        message = ngettext(
            "%(count)d failed sign-in cleared: the selected accounts can sign in again.",
            "%(count)d failed sign-ins cleared: the selected accounts can sign in again.",
            cleared,
        )
        self.message_user(request, message % {"count": cleared}, messages.SUCCESS)

    @admin.action(
        description=_("Reset the passwords of the selected accounts"), permissions=["manage"]
    )
    def reset_passwords(self, request, queryset):
        """
        A confirmation page, then a new first password for each account, shown
        once on a page to print and hand out; each must be replaced at the
        next sign-in. The passwords are kept nowhere but on that page.
        """
        if not self.has_manage_permission(request):
            raise PermissionDenied
        # A directory account's password is the directory's: a Luoshi one would not work.
        directory = queryset.exclude(directory_dn="")
        if directory.exists():
            self.message_user(
                request,
                gettext(
                    "%(names)s sign in with the office's directory: their passwords are "
                    "changed there, not in Luoshi. Nothing was reset."
                )
                % {"names": ", ".join(u.get_username() for u in directory[:10])},
                messages.ERROR,
            )
            return None
        users = list(queryset.select_related("department"))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "users": users,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        if request.POST.get("confirm") != "yes":
            context["title"] = gettext("Reset passwords")
            return TemplateResponse(
                request, "admin/accounts/user/password_reset_confirmation.html", context
            )
        with transaction.atomic():
            slips = [
                Slip(
                    str(user.department or ""),
                    user.get_full_name() or user.username,
                    user.username,
                    services.password_reset(user, request=request),
                )
                for user in users
            ]
        context.update(
            title=gettext("New first passwords"),
            slips=slips,
            site_address=site_address(request),
        )
        # The admin's pages are sent with Cache-Control: no-store (never_cache): no copy of
        # the passwords stays in a browser's or a proxy's cache.
        return TemplateResponse(request, "admin/accounts/user/password_reset_done.html", context)


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """
    The security audit log, listed and read here as on its own page (/audit/):
    nobody adds, changes or removes an entry, administrators included.
    """

    list_display = ["at", "action", "actor_name", "ip", "target", "details_text"]
    list_filter = ["action"]
    search_fields = ["actor_name", "target"]
    date_hierarchy = "at"
    readonly_fields = ["at", "action", "actor_name", "ip", "target", "path", "details_text"]
    fields = readonly_fields

    @admin.display(description=_("details"))
    def details_text(self, obj):
        return audit.describe(obj)

    def has_view_permission(self, request, obj=None):
        return rules.can_view_audit_log(request.user)

    def has_module_permission(self, request):
        return rules.can_view_audit_log(request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(DirectoryMapping)
class DirectoryMappingAdmin(admin.ModelAdmin):
    """
    The table that gives people of the office's directory their department and
    role when they sign in (accounts.directory; docs/deployment.md).
    """

    list_display = ["priority", "source", "attribute", "value", "department", "role", "note"]
    list_display_links = ["value"]
    list_editable = ["priority"]
    list_filter = ["source", "role"]
    search_fields = ["value", "attribute", "department__name", "note"]
    autocomplete_fields = ["department"]
    fields = ["priority", "source", "attribute", "value", "department", "role", "note"]

    def get_queryset(self, request):
        return DirectoryMapping.objects.visible_to(request.user).select_related("department")


# Groups carry Django permissions: a change to them is a change to what their members may do.
admin.site.unregister(Group)


@admin.register(Group)
class AuditedGroupAdmin(GroupAdmin):
    """Django's groups, with every change of their permissions in the audit log."""

    def save_model(self, request, obj, form, change):
        form.audit_before = set(_permissions(obj)) if change else set()
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        after = set(_permissions(form.instance))
        before = form.audit_before
        if before != after:
            audit.record(
                request,
                AuditAction.PERMISSIONS_CHANGED,
                target=form.instance.name,
                details={"added": sorted(after - before), "removed": sorted(before - after)},
            )

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            for group in queryset:
                audit.record(
                    request,
                    AuditAction.PERMISSIONS_CHANGED,
                    target=group.name,
                    details={"removed": sorted(_permissions(group)), "deleted": True},
                )
            super().delete_queryset(request, queryset)

    def delete_model(self, request, obj):
        self.delete_queryset(request, Group.objects.filter(pk=obj.pk))


def _permissions(group) -> list[str]:
    if group.pk is None:
        return []
    return [
        f"{app}.{codename}"
        for app, codename in group.permissions.values_list("content_type__app_label", "codename")
    ]


# Deleting a row of django-axes's attempts lifts that lock (docs/operations.md): recorded.
admin.site.unregister(AccessAttempt)


@admin.register(AccessAttempt)
class AuditedAccessAttemptAdmin(AccessAttemptAdmin):
    """django-axes's attempts and locks; lifting one by deleting its row is recorded."""

    def delete_model(self, request, obj):
        self.delete_queryset(request, AccessAttempt.objects.filter(pk=obj.pk))

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            for attempt in queryset:
                audit.record(
                    request,
                    AuditAction.ACCOUNT_UNLOCKED,
                    target=attempt.username or "",
                    details={"attempts": attempt.failures_since_start, "source": "admin"},
                )
            super().delete_queryset(request, queryset)


# django-axes ships no Chinese: these put the names on its admin pages (Access attempts,
# Access failures, Access logs) into Luoshi's catalogue, which comes first (LOCALE_PATHS).
AXES_ADMIN_NAMES = [
    gettext_noop("access attempt"),
    gettext_noop("access attempts"),
    gettext_noop("access failure"),
    gettext_noop("access failures"),
    gettext_noop("access log"),
    gettext_noop("access logs"),
    gettext_noop("Locked Out"),
    gettext_noop("Access Attempt"),
    gettext_noop("Access lock out"),
    gettext_noop("Attempt Time"),
    gettext_noop("Expires At"),
    gettext_noop("Failed Logins"),
    gettext_noop("Form Data"),
    gettext_noop("GET Data"),
    gettext_noop("HTTP Accept"),
    gettext_noop("IP Address"),
    gettext_noop("Logout Time"),
    gettext_noop("Meta Data"),
    gettext_noop("Not set"),
    gettext_noop("POST Data"),
    gettext_noop("Path"),
    gettext_noop("Session key hash (sha256)"),
    gettext_noop("The time when access attempt expires and is no longer valid."),
    gettext_noop("User Agent"),
    gettext_noop("access attempt expiration"),
    gettext_noop("access attempt expirations"),
    gettext_noop("Clean up expired attempts"),
]

# Django 5.2's admin index labels its table columns for screen readers with words its own
# Chinese catalogue does not have yet.
DJANGO_ADMIN_WORDS = [
    gettext_noop("Model name"),
    gettext_noop("Add link"),
    gettext_noop("Change or view list link"),
]
