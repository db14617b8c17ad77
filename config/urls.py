"""URL configuration: pages under targets, sign-in under accounts, the Django admin."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from targets.views.home import home

# Signing in and out and changing one's own password. No password reset by
# e-mail: the administrator creates the accounts and resets a forgotten
# password (docs/operations.md), so no page is open to anonymous visitors but
# the sign-in page.
accounts = [
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password_change/", auth_views.PasswordChangeView.as_view(), name="password_change"),
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
    path("admin/", admin.site.urls),
    path("", include("targets.urls")),
]

# An upload Django cannot read (a file name of hundreds of characters) says why.
handler400 = "targets.views.errors.bad_request"
