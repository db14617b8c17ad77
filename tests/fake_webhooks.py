"""
A fake of the three robot platforms on loopback (http.server in a thread), for
the delivery tests and bench/notifications.py. It answers as each platform
documents, checks what each documents (the message type and its fields, 钉钉's
and 飞书's signatures against the robot's secret), keeps every payload it
accepted, and can fail every n-th call and be slow on some.

No Django here: the benchmark and subprocess tests use it as it is.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Received:
    platform: str
    token: str
    query: dict
    payload: dict


@dataclass
class FakePlatforms:
    """What the fake was told to do, and what it saw."""

    fail_every: int = 0  # every n-th call fails (0: never)
    slow_every: int = 0  # every n-th call waits ``slow_seconds`` first
    slow_seconds: float = 0.0
    secrets: dict[str, str] = field(default_factory=dict)  # token → signing secret
    accepted: list[Received] = field(default_factory=list)
    rejected: list[tuple[str, str]] = field(default_factory=list)  # (path, why)
    calls: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def count(self) -> int:
        with self.lock:
            self.calls += 1
            return self.calls


def _dingtalk_sign(secret: str, timestamp: str) -> str:
    digest = hmac.new(secret.encode(), f"{timestamp}\n{secret}".encode(), hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


def _feishu_sign(secret: str, timestamp: str) -> str:
    key = f"{timestamp}\n{secret}".encode()
    return base64.b64encode(hmac.new(key, b"", hashlib.sha256).digest()).decode()


def _check_wecom(payload: dict, query: dict, fake) -> tuple[str, str | None]:
    token = query.get("key", "")
    content = payload.get("markdown", {}).get("content")
    if payload.get("msgtype") != "markdown" or not isinstance(content, str):
        return token, "msgtype markdown with markdown.content expected"
    if len(content.encode()) > 4096:
        return token, "content over 4096 bytes"
    return token, None


def _check_dingtalk(payload: dict, query: dict, fake) -> tuple[str, str | None]:
    token = query.get("access_token", "")
    markdown = payload.get("markdown", {})
    if (
        payload.get("msgtype") != "markdown"
        or not markdown.get("title")
        or not markdown.get("text")
    ):
        return token, "msgtype markdown with markdown.title and markdown.text expected"
    secret = fake.secrets.get(token)
    if secret:
        timestamp, sign = query.get("timestamp", ""), query.get("sign", "")
        if not timestamp or abs(int(timestamp) / 1000 - time.time()) > 3600:
            return token, "timestamp missing or not within an hour"
        if sign != _dingtalk_sign(secret, timestamp):
            return token, "sign not match"
    return token, None


def _check_feishu(payload: dict, query: dict, fake, token: str) -> tuple[str, str | None]:
    card = payload.get("card", {})
    if (
        payload.get("msg_type") != "interactive"
        or not card.get("header")
        or not card.get("elements")
    ):
        return token, "msg_type interactive with a card header and elements expected"
    secret = fake.secrets.get(token)
    if secret:
        timestamp, sign = payload.get("timestamp", ""), payload.get("sign", "")
        if not timestamp or abs(int(timestamp) - time.time()) > 3600:
            return token, "timestamp missing or not within an hour"
        if sign != _feishu_sign(secret, timestamp):
            return token, "sign match fail"
    return token, None


def _handler(fake: FakePlatforms):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):  # quiet
            pass

        def do_POST(self):
            number = fake.count()
            if fake.slow_every and number % fake.slow_every == 0:
                time.sleep(fake.slow_seconds)
            parts = urllib.parse.urlsplit(self.path)
            query = dict(urllib.parse.parse_qsl(parts.query))
            length = int(self.headers.get("Content-Length", 0))
            try:
                payload = json.loads(self.rfile.read(length).decode())
            except ValueError:
                return self._answer(400, {"errcode": 40001, "errmsg": "invalid json"})
            if parts.path == "/cgi-bin/webhook/send":
                platform, (token, problem) = "wecom", _check_wecom(payload, query, fake)
                ok, error = (
                    {"errcode": 0, "errmsg": "ok"},
                    {"errcode": 45009, "errmsg": "api freq out of limit"},
                )
            elif parts.path == "/robot/send":
                platform, (token, problem) = "dingtalk", _check_dingtalk(payload, query, fake)
                ok, error = (
                    {"errcode": 0, "errmsg": "ok"},
                    {"errcode": 130101, "errmsg": "send too fast"},
                )
            elif parts.path.startswith("/open-apis/bot/v2/hook/"):
                token = parts.path.rsplit("/", 1)[-1]
                platform, (token, problem) = "feishu", _check_feishu(payload, query, fake, token)
                ok, error = {"code": 0, "msg": "success"}, {"code": 9499, "msg": "too many request"}
            else:
                return self._answer(404, {"errcode": 404, "errmsg": "no such path"})
            if problem:
                with fake.lock:
                    fake.rejected.append((parts.path, problem))
                return self._answer(200, {"errcode": 300001, "code": 300001, "errmsg": problem})
            if fake.fail_every and number % fake.fail_every == 0:
                # Alternately an HTTP error and the platform's own error code.
                return self._answer(500 if number % 2 else 200, error)
            with fake.lock:
                fake.accepted.append(Received(platform, token, query, payload))
            return self._answer(200, ok)

        def _answer(self, status: int, body: dict):
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

    return Handler


class FakeServer:
    """``with FakeServer(fake) as url:`` the platforms on http://127.0.0.1:<port>."""

    def __init__(self, fake: FakePlatforms):
        self.fake = fake
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(fake))
        self.server.daemon_threads = True
        # A short poll, so that stopping it after each test takes no half second.
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def __enter__(self) -> str:
        self.thread.start()
        return self.url

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


def payload_texts(received: Received) -> list[str]:
    """The text each platform would show, to find the events a message carried."""
    if received.platform == "wecom":
        return [received.payload["markdown"]["content"]]
    if received.platform == "dingtalk":
        return [received.payload["markdown"]["text"]]
    return [
        element["text"]["content"]
        for element in received.payload["card"]["elements"]
        if element.get("tag") == "div"
    ]
