from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    """Users with their department and role next to Django's own fields."""

    list_display = ["username", "last_name", "first_name", "role", "department", "is_active"]
    list_filter = ["role", "department__kind", "department", "is_active", "is_staff"]
    search_fields = ["username", "first_name", "last_name", "email", "department__name"]
    autocomplete_fields = ["department"]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Luoshi role"), {"fields": ("role", "department")}),
        (_("Personal info"), {"fields": ("last_name", "first_name", "email")}),
        (
            _("Permissions"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
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
