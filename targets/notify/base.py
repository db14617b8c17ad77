"""What every channel takes and gives back."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Item:
    """One event in a message: its name, its sentence, and the address that opens it."""

    title: str
    text: str
    url: str = ""


@dataclass
class Message:
    """A heading and the events it carries (a robot's batch holds several)."""

    heading: str
    items: list[Item] = field(default_factory=list)
    footer: str = ""


@dataclass(frozen=True)
class Answer:
    """Whether the platform took the message, and what it said (kept on the outbox row)."""

    delivered: bool
    response: str


def post_json(url: str, payload: dict, *, timeout: float) -> tuple[int, str]:
    """
    POST ``payload`` as JSON with urllib and return the HTTP status and the body
    (an error status is an answer too, not an exception); a network failure or
    a timeout raises ``OSError``.
    """
    data = json.dumps(payload, ensure_ascii=False).encode()
    request = urllib.request.Request(
        url, data=data, method="POST", headers={"Content-Type": "application/json; charset=utf-8"}
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.read(65536).decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, error.read(65536).decode("utf-8", "replace")
