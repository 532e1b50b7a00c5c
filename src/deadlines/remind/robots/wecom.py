"""企业微信 group robot: a markdown message (content at most 4096 bytes), owners @-mentioned as `<@userid>`.

The webhook is `https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…`; the
key in the URL is the only credential (no signature). Markdown messages
mention members with `<@userid>` in the content (`mentioned_mobile_list`
works only for text messages), so an owner is mentioned when its
`notify.people` entry gives `wecom = "userid"`, and named otherwise.
"""

from __future__ import annotations

from typing import Any

from deadlines.core.i18n import Lang
from deadlines.remind.robots import Robot
from deadlines.remind.robots.board import Board, fit, mention_ids

LIMIT = 4096
"""Bytes of UTF-8 a markdown message's content may have."""


def render(board: Board, people: dict[str, dict[str, str]], lang: Lang) -> dict[str, Any]:
    """The message body, with as many items as fit in LIMIT."""
    board = fit(board, lambda b: len(_content(b, people, lang).encode("utf-8")), LIMIT, lang)
    return {"msgtype": "markdown", "markdown": {"content": _content(board, people, lang)}}


def signed(robot: Robot, body: dict[str, Any], now: float) -> tuple[str, dict[str, Any]]:
    """企业微信 robots are not signed: the URL's key is the credential."""
    return robot.url, body


def _content(board: Board, people: dict[str, dict[str, str]], lang: Lang) -> str:
    out = [f"## {board.title}"]
    out += [f'> <font color="warning">{note}</font>' for note in board.notes]
    for heading, lines in board.sections:
        out.append(f"**{heading}**")
        for line in lines:
            mentions = "、".join(
                f"<@{uid}>" if uid else owner for owner, uid in mention_ids(line.owners, people, "wecom")
            )
            owner = ("　负责人 " if lang == "zh" else "  owner ") + mentions if mentions else ""
            out.append(line.text + owner)
    out.append(f'<font color="comment">{board.footer}</font>')
    return "\n".join(out)
