"""钉钉 custom robot: a markdown message, owners @-mentioned by mobile, signed with 加签 when a secret is set.

The webhook is `https://oapi.dingtalk.com/robot/send?access_token=…`. With
加签 on, each request carries `timestamp` (milliseconds) and `sign` in the
query: HMAC-SHA256 keyed with the secret over "timestamp\\nsecret", base64,
then URL-encoded (钉钉's documented recipe; a wrong one is answered with
errcode 310000). A mention needs both `at.atMobiles` and `@mobile` in the
text; an owner's mobile comes from its `notify.people` entry (`mobile = …`).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from typing import Any
from urllib.parse import quote_plus

from deadlines.core.i18n import Lang
from deadlines.remind.robots import Robot
from deadlines.remind.robots.board import Board, fit, mention_ids

LIMIT = 20000
"""Bytes of UTF-8 the markdown text is kept under."""


def render(board: Board, people: dict[str, dict[str, str]], lang: Lang) -> dict[str, Any]:
    """The message body, with as many items as fit in LIMIT, and the mobiles to @-mention."""
    board = fit(board, lambda b: len(_text(b, people, lang).encode("utf-8")), LIMIT, lang)
    mobiles = sorted(
        {m for _, lines in board.sections for line in lines for _, m in mention_ids(line.owners, people, "mobile") if m}
    )
    return {
        "msgtype": "markdown",
        "markdown": {"title": board.title, "text": _text(board, people, lang)},
        "at": {"atMobiles": mobiles, "isAtAll": False},
    }


def sign(secret: str, timestamp: str) -> str:
    """钉钉 加签: urlencode(base64(HMAC-SHA256(key=secret, msg="timestamp\\nsecret")))."""
    digest = hmac.new(secret.encode("utf-8"), f"{timestamp}\n{secret}".encode(), hashlib.sha256).digest()
    return quote_plus(base64.b64encode(digest))


def signed(robot: Robot, body: dict[str, Any], now: float) -> tuple[str, dict[str, Any]]:
    """The URL with `timestamp` and `sign` added when the robot has a secret."""
    if not robot.secret:
        return robot.url, body
    timestamp = str(int(now * 1000))
    joiner = "&" if "?" in robot.url else "?"
    return f"{robot.url}{joiner}timestamp={timestamp}&sign={sign(robot.secret, timestamp)}", body


def _text(board: Board, people: dict[str, dict[str, str]], lang: Lang) -> str:
    out = [f"### {board.title}", ""]
    out += [f"> {note}\n" for note in board.notes]
    for heading, lines in board.sections:
        out += [f"#### {heading}", ""]
        for line in lines:
            mentions = "、".join(f"@{m}" if m else owner for owner, m in mention_ids(line.owners, people, "mobile"))
            owner = (" · 负责人 " if lang == "zh" else " · owner ") + mentions if mentions else ""
            out += [f"- {line.text}{owner}", ""]
    out.append(board.footer)
    return "\n".join(out)
