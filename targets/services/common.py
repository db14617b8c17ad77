"""What every service does the same way."""


def record_change(instance, user, reason: str = "") -> None:
    """
    Who made the change and why, for django-simple-history: outside a request
    (a command, an import) its middleware cannot tell, so the service says.
    """
    instance._history_user = user
    if reason:
        instance._change_reason = reason[:100]
