"""The Django admin site, open to administrators only."""

from django import forms
from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.utils.translation import gettext_lazy as _

from targets import rules


class AdminLoginForm(AdminAuthenticationForm):
    """The admin's sign-in form refuses whoever the site would then turn away."""

    error_messages = {
        **AdminAuthenticationForm.error_messages,
        "not_admin": _("Only administrators can open the administration pages."),
    }

    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        if not rules.can_open_admin(user):
            raise forms.ValidationError(self.error_messages["not_admin"], code="not_admin")


class LuoshiAdminSite(admin.AdminSite):
    """
    Django's site with one more condition: the user must be an administrator
    (``rules.can_open_admin``), not merely ``is_staff``. The flag is set by
    hand in the admin itself, so a supervisor or leader can end up with it;
    the role is what Luoshi trusts.
    """

    login_form = AdminLoginForm
    site_header = _("Luoshi administration")
    site_title = _("Luoshi administration")
    index_title = _("Administration")

    def has_permission(self, request):
        return super().has_permission(request) and rules.can_open_admin(request.user)
