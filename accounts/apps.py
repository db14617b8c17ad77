from axes import apps as axes_apps
from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from . import audit
        from .middleware import stamp_sign_in

        user_logged_in.connect(stamp_sign_in, dispatch_uid="accounts.stamp_sign_in")
        # Sign-ins, sign-outs, failures and locks go to the security audit log.
        audit.connect()


class LuoshiAdminConfig(admin_apps.AdminConfig):
    """``django.contrib.admin`` with Luoshi's admin site (replaces it in INSTALLED_APPS)."""

    default = False  # "accounts" alone still means AccountsConfig
    default_site = "accounts.admin_site.LuoshiAdminSite"


class LuoshiAxesConfig(axes_apps.AppConfig):
    """django-axes under a name the admin can show in the user's language (it has none)."""

    default = False
    verbose_name = _("Sign-in protection")
