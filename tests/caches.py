"""Emptying every cache in settings.CACHES (the cockpit's and the pages'), as after a change."""

from django.core.cache import caches

from targets.selectors import page_cache


def clear_caches() -> None:
    """
    Each alias's table emptied, and this process's memory of kept pages: the
    next request renders and computes everything.
    """
    for cache in caches.all():
        cache.clear()
    page_cache.forget()
