"""The sign-in backend: Django's, reading the user's department with the user."""

from django.contrib.auth.backends import ModelBackend, UserModel
from django.db.models import Count, IntegerField, OuterRef, Subquery


def _unread_notifications():
    """The bell's figure: a subquery of the user's row (index ``notification_unread``)."""
    from targets.models import Notification  # accounts is loaded before targets

    unread = (
        Notification.objects.filter(recipient=OuterRef("pk"), read_at__isnull=True)
        .order_by()
        .values("recipient")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Subquery(unread, output_field=IntegerField())


class DepartmentModelBackend(ModelBackend):
    """
    Django's ``ModelBackend``, whose per-request ``get_user`` also reads the
    user's department: every page names it in the menu and staff pages check
    it, so reading it apart cost one more query on nearly every request. The
    same query counts the user's unread notifications for the bell in the
    menu, which is on every page too.
    """

    def get_user(self, user_id):
        try:
            user = (
                UserModel._default_manager.select_related("department")
                .annotate(unread_notifications=_unread_notifications())
                .get(pk=user_id)
            )
        except UserModel.DoesNotExist:
            return None
        if user.unread_notifications is None:  # no unread line: the subquery finds no row
            user.unread_notifications = 0
        return user if self.user_can_authenticate(user) else None
