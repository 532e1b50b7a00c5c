"""Sending one JSON message to a group robot: urllib with a timeout, the reply read, the rate limit kept.

All three services answer HTTP 200 with a JSON body whose `errcode` (企业微信,
钉钉) or `code` (飞书) is 0 on success; anything else — an HTTP error, a
reply that is not JSON, a non-zero code (310000 钉钉 bad signature, 19021
飞书 bad signature, 45009 企业微信 too many messages) — is a DeliveryError
naming the group by its target id, with the URL and secret scrubbed out.
"""

from __future__ import annotations

import json
import socket
import time
import urllib.error
import urllib.request
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from deadlines.core.errors import DeliveryError
from deadlines.remind.robots import Robot

RATE = {"wecom": 20, "dingtalk": 20, "feishu": 100}
"""Messages per minute a robot takes (企业微信 and 钉钉: 20/min; 飞书: 100/min)."""


@dataclass
class Throttle:
    """Keeps each robot under its messages-per-minute limit by waiting before a send that would exceed it."""

    clock: Callable[[], float] = time.monotonic
    sleep: Callable[[float], None] = time.sleep
    _sent: dict[str, deque[float]] = field(default_factory=dict)

    def wait(self, robot: Robot) -> None:
        sent = self._sent.setdefault(robot.target, deque())
        limit = RATE[robot.service]
        if len(sent) >= limit:
            pause = sent[0] + 60.0 - self.clock()
            if pause > 0:
                self.sleep(pause)
        while len(sent) >= limit:
            sent.popleft()
        sent.append(self.clock())


def send(robot: Robot, url: str, body: dict[str, Any], timeout: float) -> dict[str, Any]:
    """POST `body` to `url` (the robot's, signed); the service's reply, or a DeliveryError."""
    data = json.dumps(body, ensure_ascii=False).encode("utf-8")
    request = urllib.request.Request(
        url, data=data, method="POST", headers={"Content-Type": "application/json; charset=utf-8"}
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            raw = response.read()
    except urllib.error.HTTPError as e:
        raise _failure(robot, f"HTTP {e.code} {e.reason}") from None
    except (urllib.error.URLError, OSError, socket.timeout) as e:
        reason = getattr(e, "reason", e)
        raise _failure(robot, str(reason)) from None
    try:
        reply = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise _failure(robot, f"not a JSON reply: {raw[:200]!r}") from None
    if not isinstance(reply, dict):
        raise _failure(robot, f"unexpected reply: {raw[:200]!r}")
    code = reply.get("errcode", reply.get("code", 0))
    if code != 0:
        message = reply.get("errmsg") or reply.get("msg") or ""
        raise _failure(robot, f"errcode {code} {message}".strip())
    return reply


def _failure(robot: Robot, reason: str) -> DeliveryError:
    reason = robot.scrub(reason)
    return DeliveryError(
        f"{robot.label.zh} 未收下消息：{reason}。下次运行时会重试。",
        f"{robot.label.en} did not take the message: {reason}. It is retried on the next run.",
    )
