"""URL configuration: pages under targets, sign-in and the audit log under accounts, the admin."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponsePermanentRedirect
from django.templatetags.static import static
from django.urls import include, path
from django.views.decorators.http import require_safe
from django.views.i18n import set_language

from accounts.views import AuditLogView, LoginView, PasswordChangeView
from targets.views.home import home


@require_safe
def favicon(request):
    """/favicon.ico, which browsers ask for whatever the page links to: the icon's static URL."""
    # Resolved per request: the hashed name is only known once the manifest is read.
    return HttpResponsePermanentRedirect(static("favicon.svg"))


# Signing in and out and changing one's own password. No password reset by
# e-mail: the administrator creates the accounts and resets a forgotten
# password (docs/operations.md), so no page is open to anonymous visitors but
# the sign-in page.
accounts = [
    path("login/", LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password_change/", PasswordChangeView.as_view(), name="password_change"),
    path(
        "password_change/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
]

urlpatterns = [
    path("", home, name="home"),
    path("accounts/", include(accounts)),
    # The language switch is offered on the sign-in page too.
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    # The security audit log, for administrators (accounts.audit).
    path("audit/", AuditLogView.as_view(), name="audit_log"),
    path("admin/", admin.site.urls),
    # Browsers and feed readers ask for /favicon.ico whatever the page links to.
    path("favicon.ico", login_not_required(favicon), name="favicon"),
    path("", include("targets.urls")),
]

# An upload Django cannot read (a file name of hundreds of characters) says why.
handler400 = "targets.views.errors.bad_request"
