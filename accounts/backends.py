"""
The password sign-in backend: Django's, reading the user's department with the
user, and refusing accounts that sign in through the office's directory.
"""

import functools

from django.contrib.auth.backends import ModelBackend, UserModel
from django.db.models import Count, IntegerField, OuterRef, Subquery


def unread_notifications(user=None):
    """
    The bell's figure, a subquery (index ``notification_unread``): of the user's own
    row, or, given ``user`` (an ``OuterRef`` to a column holding the user's id), of
    a row naming the user (a session's: ``accounts.sessions``).
    """
    from targets.models import Notification  # accounts is loaded before targets

    unread = (
        Notification.objects.filter(
            recipient=OuterRef("pk") if user is None else user, read_at__isnull=True
        )
        .order_by()
        .values("recipient")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Subquery(unread, output_field=IntegerField())


@functools.cache
def _signed_in_users():
    """
    The query of ``get_user`` without its user: built once per process, since
    building it (the bell's subquery resolved against the user's row, the
    department's join) cost about as much as compiling and running it, on
    every request. Never evaluated itself: each request filters a copy.
    """
    return UserModel._default_manager.select_related("department").annotate(
        unread_notifications=unread_notifications()
    )


class DepartmentModelBackend(ModelBackend):
    """
    Django's ``ModelBackend``, whose per-request ``get_user`` also reads the
    user's department: every page names it in the menu and staff pages check
    it, so reading it apart cost one more query on nearly every request. The
    same query counts the user's unread notifications for the bell in the
    menu, which is on every page too.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        user = super().authenticate(request, username=username, password=password, **kwargs)
        # A directory account's password is the directory's: one set in Luoshi (an old
        # local password, a reset by mistake) must not let a person the directory has
        # removed or disabled back in.
        if user is not None and user.is_directory_account:
            return None
        return user

    def get_user(self, user_id):
        try:
            user = _signed_in_users().get(pk=user_id)
        except UserModel.DoesNotExist:
            return None
        if user.unread_notifications is None:  # no unread line: the subquery finds no row
            user.unread_notifications = 0
        return user if self.user_can_authenticate(user) else None
