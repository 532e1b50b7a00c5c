"""Group robots: 企业微信, 钉钉 and 飞书 webhooks that post a digest into a team's chat group.

`Robot` is one configured webhook (a group), `board` puts a digest into the
lines a chat message shows, each service module (`wecom`, `dingtalk`,
`feishu`) renders those lines as that service's JSON within its size limit
and signs the request, and `post` sends it with urllib and reads the reply.
The webhook URL and secret are credentials: a robot is named by its target
id (`wecom:3f9a1c2b7d`, a hash of the URL), never by the URL.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Literal

from deadlines.core.i18n import Text

Service = Literal["wecom", "dingtalk", "feishu"]
SERVICES: tuple[Service, ...] = ("wecom", "dingtalk", "feishu")
SERVICE_NAMES: dict[str, Text] = {
    "wecom": Text("企业微信", "WeCom"),
    "dingtalk": Text("钉钉", "DingTalk"),
    "feishu": Text("飞书", "Feishu"),
}


@dataclass(frozen=True)
class Robot:
    """One group's webhook: the service, the URL and the signing secret (both kept out of every message)."""

    service: Service
    url: str = field(repr=False)
    secret: str = field(default="", repr=False)

    @property
    def target(self) -> str:
        """The send log's recipient for this group: the service and a hash of the URL, not the URL."""
        return f"{self.service}:{hashlib.sha256(self.url.encode()).hexdigest()[:10]}"

    @property
    def label(self) -> Text:
        """How messages name the group: 企业微信 wecom:3f9a1c2b7d."""
        name = SERVICE_NAMES[self.service]
        return Text(f"{name.zh} {self.target}", f"{name.en} {self.target}")

    def scrub(self, text: str) -> str:
        """`text` with the URL, its key and the secret replaced by ***, for an error message."""
        from urllib.parse import parse_qsl, urlsplit

        parts = urlsplit(self.url)
        hidden = [self.url, self.secret, parts.path.rsplit("/", 1)[-1], *(v for _, v in parse_qsl(parts.query))]
        for value in sorted((h for h in hidden if len(h) >= 4), key=len, reverse=True):
            text = text.replace(value, "***")
        return text
