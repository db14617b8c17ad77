"""
The session engine (``SESSION_ENGINE = "accounts.sessions"``): Django's database
sessions, whose row also names the signed-in user (``accounts.models.Session``),
so that a request reads its session and its user in one query instead of two.

Every signed-in request paid a query for the session and another for the user
(``get_user`` of the sign-in backend, after the session told it whom). Here the
session's query reads the user as that backend reads them (with the department
and the bell's unread count) and keeps them on the store; the authentication
middleware (``accounts.middleware.AuthenticationMiddleware``) takes them from
there after the checks Django's ``get_user`` makes. Everything else is Django's
``db`` engine: expiry, ``clearsessions``, a new key at sign-in, sign-out.
"""

import functools
import logging

from django.contrib.auth import SESSION_KEY, get_user_model
from django.contrib.sessions.backends.db import SessionStore as DBStore
from django.core.exceptions import SuspiciousOperation, ValidationError
from django.db.models import OuterRef
from django.utils import timezone

from .backends import unread_notifications


@functools.cache
def _sessions_with_users():
    """
    The session's query with its user, the user's department and their unread
    count: built once per process (building it costs about as much as running
    it, as for ``backends._signed_in_users``), filtered by key on each request.
    """
    from .models import Session

    return Session.objects.select_related("user__department").annotate(
        user_unread_notifications=unread_notifications(OuterRef("user_id"))
    )


class SessionStore(DBStore):
    """Django's database session store, reading and writing the session's user with it."""

    def __init__(self, session_key=None):
        super().__init__(session_key)
        # (the session key it was read under, the user row read with it or None)
        self._read_user = None

    @classmethod
    def get_model_class(cls):
        from .models import Session

        return Session

    def _get_session_from_db(self):
        # Django's, with the user read in the same query.
        try:
            session = _sessions_with_users().get(
                session_key=self.session_key, expire_date__gt=timezone.now()
            )
        except (self.model.DoesNotExist, SuspiciousOperation) as e:
            if isinstance(e, SuspiciousOperation):
                logger = logging.getLogger(f"django.security.{e.__class__.__name__}")
                logger.warning(str(e))
            self._session_key = None
            return None
        user = session.user
        if user is not None:
            # No unread line: the subquery finds no row (as ``get_user`` does it).
            user.unread_notifications = session.user_unread_notifications or 0
        self._read_user = (session.session_key, user)
        return session

    def user_read_with_session(self):
        """
        The user row read in this request with the session, or None: only while
        the session still has the key it was read under (a new key at sign-in, a
        flush at sign-out, leave nothing behind). Its id is the session row's
        copy; the caller checks it against the session data's.
        """
        if self._read_user is None:
            return None
        key, user = self._read_user
        return user if key == self.session_key else None

    def create_model_instance(self, data):
        session = super().create_model_instance(data)
        session.user_id = _user_id(data.get(SESSION_KEY))
        return session

    async def acreate_model_instance(self, data):
        session = await super().acreate_model_instance(data)
        session.user_id = _user_id(data.get(SESSION_KEY))
        return session


def _user_id(value):
    """The user id the session data holds (a string, as ``login`` writes it), or None."""
    if value is None:
        return None
    try:
        return get_user_model()._meta.pk.to_python(value)
    except ValidationError:
        return None
