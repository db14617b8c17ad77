"""Helpers shared by the model modules."""

MIN_YEAR = 2000
MAX_YEAR = 2100


def anonymous(user) -> bool:
    """True for a request without a signed-in user: they see nothing."""
    return user is None or not user.is_authenticated
