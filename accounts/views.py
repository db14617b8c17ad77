"""
Accounts' own pages: the page a locked-out sign-in gets, changing one's
password (also when one must), and the security audit log for administrators.
"""

from axes.helpers import get_cool_off
from django.conf import settings
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import gettext as _
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from targets import rules
from targets.views.exports import TableExportMixin

from .audit import AUDIT_LOG_MIN_DAYS
from .filters import AuditEntryFilterSet
from .models import AuditEntry
from .passwords import password_change_reason
from .services import password_change
from .tables import AuditEntryTable


def locked_out(request, original_response=None, credentials=None):
    """
    Too many wrong passwords for this user from this address: say how long to
    wait and whom to ask (``AXES_LOCKOUT_CALLABLE``). 429 Too Many Requests.
    """
    cool_off = get_cool_off(request)
    minutes = max(1, round(cool_off.total_seconds() / 60)) if cool_off else None
    return render(
        request,
        "registration/locked_out.html",
        {"minutes": minutes, "username": (credentials or {}).get("username", "")},
        status=429,
    )


class LoginView(auth_views.LoginView):
    """Django's sign-in page, saying when the office's directory accounts sign in here."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["directory_sign_in"] = bool(settings.LDAP_AUTH_URL)
        return context


class PasswordChangeView(auth_views.PasswordChangeView):
    """
    Django's page, saying why when the user must change their password before
    going on (``passwords.password_change_reason``), and saving through
    ``services.password_change``, which clears that and records it.
    """

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["required_reason"] = password_change_reason(self.request.user)
        return context

    def post(self, request, *args, **kwargs):
        # A directory account's password is the directory's: Luoshi sets none for it.
        if request.user.is_directory_account:
            return self.get(request, *args, **kwargs)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        password_change(form.user, form.cleaned_data["new_password1"], request=self.request)
        # The password's hash is in the session: keep this session signed in.
        update_session_auth_hash(self.request, form.user)
        return HttpResponseRedirect(self.get_success_url())


class AuditLogView(TableExportMixin, SingleTableMixin, FilterView):
    """
    ``/audit/``: the security audit log for administrators, newest first,
    filtered by days, event, account and address, and downloaded as Excel
    with the same filters (the download is itself an entry). Read only: no
    page changes or removes an entry.
    """

    model = AuditEntry
    table_class = AuditEntryTable
    filterset_class = AuditEntryFilterSet
    template_name = "accounts/audit_log.html"
    table_pagination = {"per_page": 50}

    def get(self, request, *args, **kwargs):
        rules.require(rules.can_view_audit_log, request.user)
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return AuditEntry.objects.visible_to(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["retention_days"] = max(settings.AUDIT_LOG_RETENTION_DAYS, AUDIT_LOG_MIN_DAYS)
        return context

    def get_export_heading(self, context):
        return _("Security audit log")
