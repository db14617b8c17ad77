"""
The error page of a request Django could not read (400) that a person can
act on. Django refuses a multipart upload whose part headers pass 1 KB,
which a file name of a few hundred characters does: the browser sends the
name whole, and Django stops before any view, or the CSRF check, sees the
files. The page says so, in the site's layout, with a way back; any other
400 keeps the plain page that needs no request (templates/400.html).
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.http.multipartparser import MultiPartParserError
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import defaults


def bad_request(request, exception=None):
    """``handler400``: an upload Django could not read says why; the rest is Django's page."""
    if not isinstance(exception, MultiPartParserError):
        return defaults.bad_request(request, exception)
    referer = request.headers.get("referer", "")
    back = ""
    if referer and url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        parts = urlsplit(referer)
        back = parts.path + (f"?{parts.query}" if parts.query else "")
    context = {"back": back, "long_name": "header size" in str(exception)}
    return render(request, "upload_unreadable.html", context, status=400)
