"""飞书 custom bot: a rich-text (post) message, owners @-mentioned by open_id, signed when a secret is set.

The webhook is `https://open.feishu.cn/open-apis/bot/v2/hook/…`. With 签名校验
on, the JSON body carries `timestamp` (seconds) and `sign`: base64 of
HMAC-SHA256 keyed with "timestamp\\nsecret" over an empty message (飞书's
documented recipe; a wrong one is answered with code 19021). A request body
may be at most 20 KB. An owner is mentioned with an `at` element when its
`notify.people` entry gives `feishu = "ou_…"` (its open_id).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from typing import Any

from deadlines.core.i18n import Lang
from deadlines.remind.robots import Robot
from deadlines.remind.robots.board import Board, fit, mention_ids

LIMIT = 20 * 1024 - 256
"""Bytes of JSON body, leaving room for the timestamp and signature."""


def render(board: Board, people: dict[str, dict[str, str]], lang: Lang) -> dict[str, Any]:
    """The message body (unsigned), with as many items as fit in LIMIT."""
    board = fit(board, lambda b: len(json.dumps(_body(b, people, lang), ensure_ascii=False).encode()), LIMIT, lang)
    return _body(board, people, lang)


def sign(secret: str, timestamp: str) -> str:
    """飞书 签名: base64(HMAC-SHA256(key="timestamp\\nsecret", msg=""))."""
    digest = hmac.new(f"{timestamp}\n{secret}".encode(), b"", hashlib.sha256).digest()
    return base64.b64encode(digest).decode("ascii")


def signed(robot: Robot, body: dict[str, Any], now: float) -> tuple[str, dict[str, Any]]:
    """The body with `timestamp` and `sign` when the robot has a secret."""
    if not robot.secret:
        return robot.url, body
    timestamp = str(int(now))
    return robot.url, {"timestamp": timestamp, "sign": sign(robot.secret, timestamp), **body}


def _body(board: Board, people: dict[str, dict[str, str]], lang: Lang) -> dict[str, Any]:
    paragraphs: list[list[dict[str, str]]] = [[{"tag": "text", "text": note}] for note in board.notes]
    for heading, lines in board.sections:
        paragraphs.append([{"tag": "text", "text": f"【{heading}】"}])
        for line in lines:
            row = [{"tag": "text", "text": line.text}]
            mentions = mention_ids(line.owners, people, "feishu")
            if mentions:
                row.append({"tag": "text", "text": " · 负责人 " if lang == "zh" else " · owner "})
            for owner, open_id in mentions:
                row.append({"tag": "at", "user_id": open_id} if open_id else {"tag": "text", "text": f"{owner} "})
            paragraphs.append(row)
    paragraphs.append([{"tag": "text", "text": board.footer}])
    locale = "zh_cn" if lang == "zh" else "en_us"
    return {"msg_type": "post", "content": {"post": {locale: {"title": board.title, "content": paragraphs}}}}
