"""
The group robots (群机器人): 企业微信, 钉钉 and 飞书 custom robots, and the
console, one small class each. Each builds the payload its platform documents,
signs it where the robot's secret asks (钉钉 加签, 飞书 签名校验), posts it with
urllib and reads the platform's answer. The base URL is the robot's own
setting, since the on-premise government editions (政务微信, 浙政钉, 飞书私有化)
live on intranet hosts.

- 企业微信: POST ``{base}/cgi-bin/webhook/send?key=KEY``, ``msgtype`` markdown
  (at most 4096 bytes of content); answers ``{"errcode": 0, "errmsg": "ok"}``.
- 钉钉: POST ``{base}/robot/send?access_token=TOKEN`` (signed: ``&timestamp=
  <ms>&sign=<base64 HMAC-SHA256 of "timestamp\\nsecret" keyed by the secret>``),
  ``msgtype`` markdown with a title; answers ``{"errcode": 0, ...}``.
- 飞书: POST ``{base}/open-apis/bot/v2/hook/TOKEN``, ``msg_type`` interactive
  (a card: a header, a lark_md block per event and its button); signed: the
  body's ``timestamp`` (seconds) and ``sign`` (base64 HMAC-SHA256 keyed by
  "timestamp\\nsecret" of nothing); answers ``{"code": 0, ...}``.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import sys
import time
import urllib.parse

from .base import Answer, Message, post_json

# The item's sentence, cut so that a batch stays within the platforms' sizes.
ITEM_CHARS = 300


class Robot:
    """A group robot: the payload, the address, the answer. Subclasses say their platform's."""

    platform = ""
    max_bytes = 20000

    def __init__(self, *, base_url: str, token: str, secret: str = "", timeout: float = 10):
        self.base_url = base_url.rstrip("/")
        self.token = token
        self.secret = secret
        self.timeout = timeout

    def url(self, now: float) -> str:
        raise NotImplementedError

    def payload(self, message: Message, now: float) -> dict:
        raise NotImplementedError

    def send(self, message: Message) -> Answer:
        now = time.time()
        url = self.url(now)
        if urllib.parse.urlsplit(url).scheme not in ("http", "https"):
            return Answer(False, f"not an http(s) address: {url[:100]}")
        try:
            status, body = post_json(url, self.payload(message, now), timeout=self.timeout)
        except OSError as error:  # refused, unreachable, timed out
            return Answer(False, f"{type(error).__name__}: {error}"[:1000])
        return Answer(status == 200 and self.accepted(body), f"HTTP {status} {body}"[:1000])

    def accepted(self, body: str) -> bool:
        """The platforms answer HTTP 200 with an error code inside: 0 is success."""
        try:
            answer = json.loads(body)
        except ValueError:
            return False
        code = answer.get("errcode", answer.get("code", answer.get("StatusCode")))
        return code == 0

    def markdown(self, message: Message) -> str:
        """The message as markdown: a heading, then each event in bold with its link."""
        parts = [f"### {message.heading}"]
        for item in message.items:
            text = item.text if len(item.text) <= ITEM_CHARS else item.text[: ITEM_CHARS - 1] + "…"
            line = f"**{item.title}**\n{text}"
            if item.url:
                line += f"\n[{message.footer or '>>'}]({item.url})"
            parts.append(line)
        content = "\n\n".join(parts)
        while len(content.encode()) > self.max_bytes and len(parts) > 2:
            parts.pop()
            content = "\n\n".join([*parts, "…"])
        return content


class WeComRobot(Robot):
    """企业微信 / 政务微信 群机器人: markdown."""

    platform = "wecom"
    max_bytes = 4096

    def url(self, now: float) -> str:
        key = urllib.parse.quote(self.token, safe="")
        return f"{self.base_url}/cgi-bin/webhook/send?key={key}"

    def payload(self, message: Message, now: float) -> dict:
        return {"msgtype": "markdown", "markdown": {"content": self.markdown(message)}}


def dingtalk_sign(secret: str, timestamp_ms: int) -> str:
    """钉钉 加签: base64 of HMAC-SHA256 over "timestamp\\nsecret", keyed by the secret."""
    digest = hmac.new(
        secret.encode(), f"{timestamp_ms}\n{secret}".encode(), hashlib.sha256
    ).digest()
    return base64.b64encode(digest).decode()


class DingTalkRobot(Robot):
    """钉钉 / 浙政钉 自定义机器人: markdown with a title, signed when it has a secret."""

    platform = "dingtalk"
    max_bytes = 20000

    def url(self, now: float) -> str:
        query = {"access_token": self.token}
        if self.secret:
            timestamp = int(now * 1000)
            query |= {"timestamp": str(timestamp), "sign": dingtalk_sign(self.secret, timestamp)}
        return f"{self.base_url}/robot/send?{urllib.parse.urlencode(query)}"

    def payload(self, message: Message, now: float) -> dict:
        return {
            "msgtype": "markdown",
            "markdown": {"title": message.heading, "text": self.markdown(message)},
        }


def feishu_sign(secret: str, timestamp: int) -> str:
    """飞书 签名校验: base64 of HMAC-SHA256 keyed by "timestamp\\nsecret", of an empty message."""
    key = f"{timestamp}\n{secret}".encode()
    return base64.b64encode(hmac.new(key, b"", hashlib.sha256).digest()).decode()


class FeishuRobot(Robot):
    """飞书 自定义机器人: an interactive card, signed when it has a secret."""

    platform = "feishu"
    max_bytes = 30000

    def url(self, now: float) -> str:
        return f"{self.base_url}/open-apis/bot/v2/hook/{urllib.parse.quote(self.token, safe='')}"

    def payload(self, message: Message, now: float) -> dict:
        elements = []
        for item in message.items:
            text = item.text if len(item.text) <= ITEM_CHARS else item.text[: ITEM_CHARS - 1] + "…"
            elements.append(
                {"tag": "div", "text": {"tag": "lark_md", "content": f"**{item.title}**\n{text}"}}
            )
            if item.url:
                button = {
                    "tag": "button",
                    "text": {"tag": "plain_text", "content": message.footer or ">>"},
                    "type": "primary",
                    "url": item.url,
                }
                elements.append({"tag": "action", "actions": [button]})
        payload = {
            "msg_type": "interactive",
            "card": {
                "config": {"wide_screen_mode": True},
                "header": {
                    "title": {"tag": "plain_text", "content": message.heading},
                    "template": "blue",
                },
                "elements": elements,
            },
        }
        if self.secret:
            timestamp = int(now)
            payload = {"timestamp": str(timestamp), "sign": feishu_sign(self.secret, timestamp)} | (
                payload
            )
        return payload


class ConsoleRobot(Robot):
    """Prints the message as a robot would post it: the demo's, and a dry run's."""

    platform = "console"
    stream = None  # sys.stdout when None, looked up when printing (tests capture it)

    def send(self, message: Message) -> Answer:
        stream = self.stream or sys.stdout
        label = self.token or "console"
        stream.write(f"---- [{label}] ----\n{self.markdown(message)}\n")
        stream.flush()
        return Answer(True, "printed")


ROBOTS: dict[str, type[Robot]] = {
    robot.platform: robot for robot in (WeComRobot, DingTalkRobot, FeishuRobot, ConsoleRobot)
}
