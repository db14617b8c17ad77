"""Emptying every cache in settings.CACHES (the cockpit's and the pages'), as after a change."""

from django.core.cache import caches


def clear_caches() -> None:
    """Each alias's table emptied: the next request renders and computes everything."""
    for cache in caches.all():
        cache.clear()
