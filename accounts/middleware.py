"""
The signed-in user of a request (read with the session); signing users out after
a while (idle and absolute timeouts); a password to change first.
"""

import time

from django.conf import settings
from django.contrib import auth, messages
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, load_backend, logout
from django.contrib.auth import middleware as django_auth_middleware
from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect, resolve_url
from django.urls import reverse
from django.utils.crypto import constant_time_compare
from django.utils.functional import SimpleLazyObject
from django.utils.translation import ngettext

from .backends import DepartmentModelBackend
from .passwords import password_change_reason

# Seconds since the epoch, in the session (JSON), so every app server reads the same.
SIGNED_IN_KEY = "luoshi_signed_in_at"
SEEN_KEY = "luoshi_seen_at"
# How stale the last-activity time may get before it is written again.
SEEN_RESOLUTION = 60


def get_user(request):
    """
    The request's user: Django's ``auth.get_user``, but taking the user row the
    session engine read with the session (``accounts.sessions``) instead of
    asking the backend for it again, one query fewer on every signed-in request.

    Only when that row is what the backend's ``get_user`` would have read: the
    session data names that user id and a backend reading users as
    ``DepartmentModelBackend.get_user`` does (the same query's columns), and
    the row was read under the session's current key. Then the same checks as
    Django's: the backend may refuse the user (inactive), and the session's
    auth hash must match the password's (a changed password signs the other
    sessions out; a fallback secret's hash is rotated). Anything else is left
    to Django's ``get_user``, which reads the user itself.
    """
    session = request.session
    read_with_session = getattr(session, "user_read_with_session", None)
    if read_with_session is None:
        return auth.get_user(request)
    try:
        user_id = auth._get_user_session_key(request)  # reads the session (and its user)
        backend_path = session[BACKEND_SESSION_KEY]
    except KeyError:
        return AnonymousUser()
    user = read_with_session()
    if user is None or user.pk != user_id or backend_path not in settings.AUTHENTICATION_BACKENDS:
        return auth.get_user(request)
    backend = load_backend(backend_path)
    if type(backend).get_user is not DepartmentModelBackend.get_user:
        return auth.get_user(request)  # a backend reading users otherwise
    if not backend.user_can_authenticate(user):
        return AnonymousUser()
    # Verify the session: Django's ``auth.get_user`` from here on.
    session_hash = session.get(HASH_SESSION_KEY)
    if not session_hash:
        session_hash_verified = False
    else:
        session_auth_hash = user.get_session_auth_hash()
        session_hash_verified = constant_time_compare(session_hash, session_auth_hash)
    if not session_hash_verified:
        if session_hash and any(
            constant_time_compare(session_hash, fallback_auth_hash)
            for fallback_auth_hash in user.get_session_auth_fallback_hash()
        ):
            session.cycle_key()
            session[HASH_SESSION_KEY] = session_auth_hash
        else:
            session.flush()
            return AnonymousUser()
    return user


class AuthenticationMiddleware(django_auth_middleware.AuthenticationMiddleware):
    """
    Django's, giving ``request.user`` from ``get_user`` above: the user read
    with the session, after Django's checks.
    """

    def process_request(self, request):
        super().process_request(request)  # its check that sessions come first
        request.user = SimpleLazyObject(lambda: _cached_user(request))


def _cached_user(request):
    # As Django's ``middleware.get_user``: once per request.
    if not hasattr(request, "_cached_user"):
        request._cached_user = get_user(request)
    return request._cached_user


def stamp_sign_in(sender, request, user, **kwargs):
    """
    Note the sign-in time in the new session (``user_logged_in``): the sign-in
    saves the session anyway, so the first page after it need not write again.
    """
    if request is not None and hasattr(request, "session"):
        now = int(time.time())
        request.session[SIGNED_IN_KEY] = request.session[SEEN_KEY] = now


class SessionTimeoutMiddleware:
    """
    Sign the user out after ``SESSION_IDLE_TIMEOUT`` seconds without a request
    and ``SESSION_ABSOLUTE_TIMEOUT`` seconds after signing in, however active,
    and send them to the sign-in page with a message saying which.

    The times live in the session, which is in the database, so every app
    server agrees. The last-activity time is written at most once a minute:
    writing it on every request would be a database UPDATE for every page,
    chart and htmx call, on every app server, for nothing: a 30-minute idle
    limit does not need a timestamp finer than a minute.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            expired = self._expired(request)
            if expired:
                # Back to the same page after signing in; a form posted to a dead session
                # is lost either way, so after that to the start page.
                next_url = (
                    request.get_full_path()
                    if request.method == "GET"
                    else resolve_url(settings.LOGIN_REDIRECT_URL)
                )
                logout(request)
                messages.warning(request, expired)
                return redirect_to_login(next_url)
        return self.get_response(request)

    def _expired(self, request) -> str | None:
        """Why the session has ended, or None after noting the activity."""
        now = int(time.time())
        session = request.session
        signed_in = session.get(SIGNED_IN_KEY)
        seen = session.get(SEEN_KEY)
        if signed_in is None or seen is None:
            # A session from before this middleware (a sign-in stamps both: see
            # ``stamp_sign_in``; Django cycles the session key at login, so no
            # earlier session's times carry over).
            session[SIGNED_IN_KEY] = session[SEEN_KEY] = now
            return None
        absolute = settings.SESSION_ABSOLUTE_TIMEOUT
        if now - signed_in >= absolute:
            if absolute % 3600 == 0:
                hours = absolute // 3600
                return ngettext(
                    "You have been signed in for more than %(hours)s hour; please sign in again.",
                    "You have been signed in for more than %(hours)s hours; please sign in again.",
                    hours,
                ) % {"hours": hours}
            minutes = max(1, round(absolute / 60))
            return ngettext(
                "You have been signed in for more than %(minutes)s minute; please sign in again.",
                "You have been signed in for more than %(minutes)s minutes; please sign in again.",
                minutes,
            ) % {"minutes": minutes}
        idle = settings.SESSION_IDLE_TIMEOUT
        if now - seen >= idle:
            minutes = max(1, round(idle / 60))
            return ngettext(
                "You were inactive for more than %(minutes)s minute; please sign in again.",
                "You were inactive for more than %(minutes)s minutes; please sign in again.",
                minutes,
            ) % {"minutes": minutes}
        if now - seen >= SEEN_RESOLUTION:
            session[SEEN_KEY] = now
        return None


class PasswordChangeRequiredMiddleware:
    """
    Send a user who must choose a new password (one an administrator set, or
    one past ``PASSWORD_MAX_AGE_DAYS``: ``passwords.password_change_reason``)
    to the password page from every other page until they have. Signing out
    and the language switch stay open. Read from the user's row, which every
    request loads anyway: nothing is kept in the process.
    """

    # The pages open to such a user, by URL name.
    OPEN = ("password_change", "password_change_done", "logout", "set_language", "favicon")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and password_change_reason(user):
            open_paths = {reverse(name) for name in self.OPEN} | {reverse("admin:logout")}
            if request.path_info not in open_paths:
                return redirect("password_change")
        return self.get_response(request)
