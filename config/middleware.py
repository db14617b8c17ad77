"""Request-wide behaviour that is not an app's: the language, the CSP header, compression."""

from django.conf import settings
from django.middleware.gzip import GZipMiddleware, re_accepts_gzip
from django.utils import translation
from django.utils.cache import patch_vary_headers

from config import compression


class LanguageMiddleware:
    """
    Chinese for everyone unless they chose English with the language switch.

    Django's LocaleMiddleware would follow the browser's Accept-Language, so a
    workstation set up in English would show an English interface nobody asked
    for; here only the language cookie (set by ``set_language``) counts.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        try:
            language = translation.get_supported_language_variant(chosen) if chosen else None
        except LookupError:
            language = None
        translation.activate(language or settings.LANGUAGE_CODE)
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", request.LANGUAGE_CODE)
        patch_vary_headers(response, ["Cookie"])
        return response


class ContentSecurityPolicyMiddleware:
    """
    Send ``settings.CONTENT_SECURITY_POLICY`` on every response that has none.

    Django 5.2 has no CSP support of its own (it arrives in 6.0). The policy
    allows only this site's own scripts, so an injected ``<script>`` or
    ``onclick=`` does nothing: templates keep their JavaScript in static files.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.policy = getattr(settings, "CONTENT_SECURITY_POLICY", "")

    def __call__(self, request):
        response = self.get_response(request)
        if self.policy:
            response.headers.setdefault("Content-Security-Policy", self.policy)
        return response


class CompressionMiddleware(GZipMiddleware):
    """
    Pages compressed for the browser: a cockpit of 150 KB of HTML goes over the
    wire as about a tenth of it (nginx in front passes it through as it is).

    A kept page's text (``page_cache``) is compressed once, when first sent
    compressed, and kept with it; each response compresses only what differs
    (the frame, its tokens, the language switch's return path) and splices
    the pieces into one gzip stream (``config.compression``).

    BREACH (a secret in a compressed page guessed from the page's length, with
    the attacker's text reflected beside it): every page carries a CSRF token,
    which Django masks afresh for each response, and Django's gzip pads each
    response with up to 100 random bytes (its BREACH mitigation), so lengths
    do not line up across requests; a spliced response keeps that padding and
    compresses each token it names (``compression.secret``: the menu's forms')
    in a segment of its own, with no back-reference to or from the page's
    text, so no text an attacker puts on the page compresses better for
    matching it. Pages that carry other secrets — the first
    passwords of an account import, the admin's pages — are sent with
    ``Cache-Control: no-store`` and are not compressed at all. Files (exports,
    evidence, static files) are streamed and mostly compressed already: they
    go as they are.
    """

    TYPES = ("text/html", "application/json", "text/plain", "text/csv")

    def process_response(self, request, response):
        if response.streaming or not response.get("Content-Type", "").startswith(self.TYPES):
            return response
        if "no-store" in response.get("Cache-Control", ""):
            return response
        # GZipMiddleware's own steps for a response that is not streamed, the body
        # compressed by ``compression.compress`` rather than ``compress_string``.
        if len(response.content) < 200 or response.has_header("Content-Encoding"):
            return response
        patch_vary_headers(response, ("Accept-Encoding",))
        if not re_accepts_gzip.search(request.META.get("HTTP_ACCEPT_ENCODING", "")):
            return response
        compressed = compression.compress(request, response.content, self.max_random_bytes)
        if len(compressed) >= len(response.content):
            return response
        response.content = compressed
        response.headers["Content-Length"] = str(len(compressed))
        etag = response.get("ETag")
        if etag and etag.startswith('"'):
            # A strong ETag names the bytes: weakened, as Django's gzip does (RFC 9110 8.8.1).
            response.headers["ETag"] = "W/" + etag
        response.headers["Content-Encoding"] = "gzip"
        return response
