"""
Production settings: Django's deployment checklist passes, the security
headers are sent, and the templates hold nothing the Content-Security-Policy
would block.
"""

import json
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[1]

PRODUCTION_ENV = {
    "DEBUG": "0",
    "ALLOWED_HOSTS": "luoshi.intranet",
    "SECRET_KEY": secrets.token_urlsafe(64),
}

# Run in production settings: a GET through the whole middleware stack, as nginx passes it on
# over HTTPS, and the settings that only apply there.
PROBE = """
import json, django
django.setup()
from django.conf import settings
from django.test import Client
client = Client(HTTP_HOST="luoshi.intranet")
secure = client.get("/i18n/setlang/", secure=True)
plain = client.get("/i18n/setlang/")
print(json.dumps({
    "headers": dict(secure.headers),
    "plain": [plain.status_code, plain.headers.get("Location")],
    "settings": {name: getattr(settings, name) for name in [
        "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "SESSION_COOKIE_HTTPONLY",
        "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "TRUSTED_PROXY_COUNT",
    ]},
}))
"""


def run_in_production(*args):
    env = {**os.environ, **PRODUCTION_ENV, "DJANGO_SETTINGS_MODULE": "config.settings"}
    # The browser tests set this in the test process (Playwright runs an event
    # loop beside the ORM); a production server never has it.
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    env.pop("DATABASE_URL", None)  # no database is needed
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


@pytest.fixture(scope="module")
def production():
    done = run_in_production("-c", PROBE)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_production_passes_the_deployment_checklist():
    done = run_in_production("manage.py", "check", "--deploy", "--fail-level", "WARNING")
    assert done.returncode == 0, done.stdout + done.stderr


def test_production_settings(production):
    assert production["settings"] == {
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SESSION_COOKIE_HTTPONLY": True,
        "SECURE_SSL_REDIRECT": True,
        "SECURE_HSTS_SECONDS": 31536000,
        "TRUSTED_PROXY_COUNT": 1,
    }


def test_production_sends_the_security_headers(production):
    headers = production["headers"]
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
    csp = headers["Content-Security-Policy"]
    assert "script-src 'self';" in csp
    assert "frame-ancestors 'none'" in csp
    assert "object-src 'none'" in csp


def test_production_redirects_plain_http_to_https(production):
    assert production["plain"] == [301, "https://luoshi.intranet/i18n/setlang/"]


@pytest.mark.django_db
def test_pages_carry_the_content_security_policy(client_for, leader, client):
    from django.conf import settings

    for response in [
        client.get(reverse("login")),
        client_for(leader).get(reverse("targets:dashboard")),
    ]:
        assert response.status_code == 200
        assert response.headers["Content-Security-Policy"] == settings.CONTENT_SECURITY_POLICY


# -- what the policy forbids, kept out of the templates -------------------------------------------

TEMPLATES = sorted((ROOT / "templates").rglob("*.html"))
INLINE_HANDLER = re.compile(r"<[^>]*\son[a-z]+\s*=", re.I)
SCRIPT_TAG = re.compile(r"<script\b([^>]*)>", re.I)


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: str(p.relative_to(ROOT / "templates")))
def test_templates_have_no_inline_javascript(path):
    html = path.read_text(encoding="utf-8")
    assert not INLINE_HANDLER.search(html), "an on…= handler: use static/js instead"
    assert "javascript:" not in html.lower()
    for attributes in SCRIPT_TAG.findall(html):
        assert "src=" in attributes, "an inline <script>: use a static file and json_script"
