"""
Conditional GET for the pages kept in ``page_cache``: a browser that reloads
an unchanged page gets 304 Not Modified, and the server renders nothing.

The ETag is made of the page's cache key (the data fingerprint, the user's
scope, the language, the day, the page's object and query string) and what
the frame around it shows of this request: the user (their name in the menu),
their unread notifications (the bell's figure, read with the user at no cost)
and the CSRF secret, so a page kept by the browser across a new sign-in
(which rotates the secret) is sent afresh with forms that still post. A page
that shows messages gets no ETag and is never answered 304: the messages are
for this response only.
"""

from __future__ import annotations

import hashlib

from django.contrib import messages
from django.middleware.csrf import get_token
from django.utils.cache import get_conditional_response, patch_cache_control


def page_etag(request, key: str) -> str | None:
    """The page's ETag, or None when it shows messages (nothing to compare with)."""
    if len(messages.get_messages(request)):  # counts without using them up
        return None
    get_token(request)  # the CSRF secret, made now on a first visit, as the page's forms would
    unread = getattr(request.user, "unread_notifications", "")
    text = "|".join((key, str(request.user.pk), str(unread), request.META["CSRF_COOKIE"]))
    return f'W/"{hashlib.sha256(text.encode()).hexdigest()[:32]}"'


def not_modified(request, etag: str | None):
    """The 304 answer when the browser holds this very page, else None."""
    if etag is None:
        return None
    response = get_conditional_response(request, etag=etag)
    if response is not None:
        _headers(response, etag)
    return response


def with_etag(response, etag: str | None):
    """``response`` with its ETag; the browser keeps it for itself and asks again each time."""
    if etag is not None and response.status_code == 200:
        _headers(response, etag)
    return response


def _headers(response, etag: str) -> None:
    response.headers["ETag"] = etag
    # private: only this user's browser keeps it; no-cache: asked again on every look.
    patch_cache_control(response, private=True, no_cache=True)
