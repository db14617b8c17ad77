"""
A small browser for the load and multi-server benchmarks: keep-alive HTTP on
loopback, cookies kept by hand, the CSRF token taken from the page, forms
read from the HTML and posted back (urlencoded or multipart).

Cookies are kept by hand because with DEBUG off Luoshi marks them Secure,
and a standard cookie jar would not send them back over plain HTTP on
loopback (in production nginx terminates TLS in front).
"""

from __future__ import annotations

import gzip
import http.client
import re
import secrets
import time
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlencode, urlsplit

LOGIN_URL = "/accounts/login/"
# What a browser (and locust, bench/load.py) says it accepts: the in-process benches
# send it too (``browser``), so that they measure the compressed responses browsers get.
ACCEPT_ENCODING = "gzip, deflate, br"


def browser(username=None):
    """A Django test client that asks for what a browser asks for, signed in as ``username``."""
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1", HTTP_ACCEPT_ENCODING=ACCEPT_ENCODING)
    if username:
        from accounts.models import User

        client.force_login(User.objects.get(username=username))
    return client


def html_of(response) -> str:
    """A Django test client response's HTML, decompressed if it was sent compressed."""
    body = response.content
    if response.get("Content-Encoding") == "gzip":
        body = gzip.decompress(body)
    return body.decode()


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: bytes
    elapsed_ms: float

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")

    @property
    def location(self) -> str:
        return self.headers.get("location", "")


@dataclass
class Browser:
    """One person's browser: its own connection and cookies."""

    host: str
    port: int
    cookies: dict[str, str] = field(default_factory=dict)
    # What nginx would set in front of the app (the client's address).
    forwarded_for: str | None = None
    _conn: http.client.HTTPConnection | None = None

    def request(self, method: str, path: str, body: bytes | None = None, headers=None) -> Response:
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if self.forwarded_for:
            headers["X-Forwarded-For"] = self.forwarded_for
        for attempt in (1, 2):  # a keep-alive connection the server closed: open a new one
            if self._conn is None:
                self._conn = http.client.HTTPConnection(self.host, self.port, timeout=60)
            start = time.perf_counter()
            try:
                self._conn.request(method, path, body=body, headers=headers)
                raw = self._conn.getresponse()
                data = raw.read()
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                self.close()
                if attempt == 2:
                    raise
                continue
            elapsed = (time.perf_counter() - start) * 1000
            break
        for name, value in raw.getheaders():
            if name.lower() == "set-cookie":
                self._keep_cookie(value)
        return Response(raw.status, {k.lower(): v for k, v in raw.getheaders()}, data, elapsed)

    def _keep_cookie(self, header: str) -> None:
        name, _, rest = header.partition("=")
        value = rest.split(";", 1)[0]
        if "max-age=0" in header.lower() or value in ('""', ""):
            self.cookies.pop(name.strip(), None)
        else:
            self.cookies[name.strip()] = value

    def get(self, path: str) -> Response:
        return self.request("GET", path)

    def post(self, path: str, data, files=None, referer: str | None = None) -> Response:
        """POST ``data`` (a dict or a list of pairs); ``files``: {name: (filename, bytes)}."""
        pairs = list(data.items()) if isinstance(data, dict) else list(data)
        headers = {"Referer": referer or f"http://{self.host}:{self.port}{path}"}
        if files:
            body, content_type = multipart(pairs, files)
        else:
            body, content_type = urlencode(pairs).encode(), "application/x-www-form-urlencoded"
        headers["Content-Type"] = content_type
        return self.request("POST", path, body=body, headers=headers)

    def login(self, username: str, password: str) -> Response:
        """Sign in through the real form (GET for the CSRF token, then POST)."""
        page = self.get(LOGIN_URL)
        form = read_form(page.text, action_contains="")
        form.update(username=username, password=password)
        return self.post(LOGIN_URL, form)

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None


def multipart(pairs, files) -> tuple[bytes, str]:
    boundary = "----luoshi" + secrets.token_hex(12)
    out = []
    for name, value in pairs:
        out.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode()
            + str(value).encode()
            + b"\r\n"
        )
    for name, (filename, content) in files.items():
        out.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
            f'filename="{filename}"\r\nContent-Type: application/octet-stream\r\n\r\n'.encode()
            + content
            + b"\r\n"
        )
    out.append(f"--{boundary}--\r\n".encode())
    return b"".join(out), f"multipart/form-data; boundary={boundary}"


class _FormParser(HTMLParser):
    """The fields of the forms of a page, as a browser would submit them."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[dict] = []
        self._textarea: str | None = None
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.forms.append({"id": a.get("id", ""), "action": a.get("action", ""), "fields": {}})
            return
        if not self.forms:
            return
        fields = self.forms[-1]["fields"]
        name = a.get("name")
        if tag == "input" and name:
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    fields[name] = a.get("value", "on")
                else:
                    fields.setdefault(name, None)
            elif kind not in ("submit", "button", "file"):
                fields[name] = a.get("value", "")
        elif tag == "textarea" and name:
            self._textarea = name
            fields[name] = ""
        elif tag == "select" and name:
            self._select = name
            fields.setdefault(name, None)
        elif tag == "option" and self._select and ("selected" in a):
            fields[self._select] = a.get("value", "")

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data):
        if self._textarea and self.forms:
            self.forms[-1]["fields"][self._textarea] += data


def read_form(html: str, *, form_id: str | None = None, action_contains: str = "") -> dict:
    """The fields (name → value) of the first POST form matching ``form_id`` or its action."""
    parser = _FormParser()
    parser.feed(html)
    for form in parser.forms:
        if form_id is not None and form["id"] != form_id:
            continue
        if action_contains not in form["action"] or "csrfmiddlewaretoken" not in form["fields"]:
            continue
        return {k: ("" if v is None else v) for k, v in form["fields"].items()}
    raise LookupError(f"no form {form_id or action_contains!r} on the page")


def path_of(location: str) -> str:
    """The path (and query) of a redirect's Location."""
    parts = urlsplit(location)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def hidden(html: str, name: str) -> str | None:
    match = re.search(rf'name="{re.escape(name)}" value="([^"]*)"', html)
    return match.group(1) if match else None


def change_update(fields: dict, rng, marker: str) -> str:
    """
    An update form's ``fields`` (``read_form``) changed as bench/load.py's staff
    change it before saving: a status, a share done, a progress text carrying
    ``marker`` and one new value for every indicator (returned). ``rng`` is a
    ``random.Random`` or the ``random`` module.
    """
    value = f"{rng.randint(0, 100000) / 100:.2f}"
    fields.update(
        status=rng.choice(["on_track", "at_risk", "behind"]),
        percent_complete=str(rng.randint(1, 99)),
        override_reason="负载测试：状态由填报人判断",
        progress=f"负载测试进展 {marker}",
        action="submit",
    )
    for name in fields:
        if name.startswith("indicator_"):
            fields[name] = value
    return value
