"""The sign-in backend: Django's, reading the user's department with the user."""

from django.contrib.auth.backends import ModelBackend, UserModel


class DepartmentModelBackend(ModelBackend):
    """
    Django's ``ModelBackend``, whose per-request ``get_user`` also reads the
    user's department: every page names it in the menu and staff pages check
    it, so reading it apart cost one more query on nearly every request.
    """

    def get_user(self, user_id):
        try:
            user = UserModel._default_manager.select_related("department").get(pk=user_id)
        except UserModel.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
