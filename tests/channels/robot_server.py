"""A local stand-in for the three robot services, on 127.0.0.1, in a thread (the standard library's http.server).

It answers like the real ones: HTTP 200 with `{"errcode": 0, "errmsg": "ok"}`
(企业微信, 钉钉) or `{"code": 0, "msg": "success", ...}` (飞书), and HTTP 200
with a non-zero code when the request is wrong: a 钉钉 signature that does not
match is errcode 310000, a 飞书 one is code 19021, a 企业微信 markdown over
4096 bytes is errcode 40058. The signatures are checked the way each service
documents them (written out here, independently of the code under test), with
the timestamp required within an hour of now.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

OK = {"errcode": 0, "errmsg": "ok"}
FEISHU_OK = {"StatusCode": 0, "StatusMessage": "success", "code": 0, "data": {}, "msg": "success"}


@dataclass
class Received:
    service: str
    token: str
    query: dict[str, str]
    body: dict[str, Any]
    reply: dict[str, Any]

    @property
    def accepted(self) -> bool:
        return self.reply.get("errcode", self.reply.get("code")) == 0


@dataclass
class RobotServer:
    secrets: dict[str, str] = field(default_factory=dict)
    """Per token: the signing secret the robot was set up with (钉钉 加签, 飞书 签名校验)."""
    forced: dict[str, dict[str, Any]] = field(default_factory=dict)
    """Per token: a reply to give instead of the normal one (e.g. a rate-limit errcode)."""
    received: list[Received] = field(default_factory=list)

    def start(self) -> RobotServer:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802
                parts = urlsplit(self.path)
                query = {k: v[0] for k, v in parse_qs(parts.query).items()}
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])).decode("utf-8"))
                service, token, reply = server._answer(parts.path, query, body)
                server.received.append(Received(service, token, query, body, reply))
                data = json.dumps(reply).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args: Any) -> None:
                """No request log on stderr: the tests read what the server received instead."""

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self._httpd.server_address[1]
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

    def url(self, service: str, token: str) -> str:
        base = f"http://127.0.0.1:{self.port}"
        return {
            "wecom": f"{base}/cgi-bin/webhook/send?key={token}",
            "dingtalk": f"{base}/robot/send?access_token={token}",
            "feishu": f"{base}/open-apis/bot/v2/hook/{token}",
        }[service]

    def of(self, service: str) -> list[Received]:
        return [r for r in self.received if r.service == service]

    # ---- the services' rules

    def _answer(self, path: str, query: dict[str, str], body: dict[str, Any]) -> tuple[str, str, dict[str, Any]]:
        if path == "/cgi-bin/webhook/send":
            token = query.get("key", "")
            return "wecom", token, self.forced.get(token) or _wecom(body)
        if path == "/robot/send":
            token = query.get("access_token", "")
            return "dingtalk", token, self.forced.get(token) or _dingtalk(query, body, self.secrets.get(token))
        if path.startswith("/open-apis/bot/v2/hook/"):
            token = path.rsplit("/", 1)[1]
            return "feishu", token, self.forced.get(token) or _feishu(body, self.secrets.get(token))
        return "?", "", {"errcode": 404, "errmsg": "no such path"}


def _fresh(timestamp_seconds: float) -> bool:
    return abs(time.time() - timestamp_seconds) < 3600


def _wecom(body: dict[str, Any]) -> dict[str, Any]:
    if body.get("msgtype") != "markdown" or not isinstance(body.get("markdown", {}).get("content"), str):
        return {"errcode": 40008, "errmsg": "invalid message type"}
    if len(body["markdown"]["content"].encode("utf-8")) > 4096:
        return {"errcode": 40058, "errmsg": "markdown.content exceed max length 4096"}
    return OK


def _dingtalk(query: dict[str, str], body: dict[str, Any], secret: str | None) -> dict[str, Any]:
    if secret is not None:
        # 钉钉: sign = urlEncode(base64(HmacSHA256(secret, timestamp + "\n" + secret))), timestamp in ms;
        # parse_qs has already URL-decoded the sign.
        stamp = query.get("timestamp", "")
        string_to_sign = f"{stamp}\n{secret}".encode()
        expected = base64.b64encode(hmac.new(secret.encode(), string_to_sign, hashlib.sha256).digest()).decode()
        if not stamp.isdigit() or not _fresh(int(stamp) / 1000) or query.get("sign") != expected:
            return {
                "errcode": 310000,
                "errmsg": "sign not match, more: [https://ding-doc.dingtalk.com/doc#/serverapi2/qf2nxq]",
            }
    markdown = body.get("markdown", {})
    if body.get("msgtype") != "markdown" or not markdown.get("title") or not markdown.get("text"):
        return {"errcode": 300001, "errmsg": "param error"}
    return OK


def _feishu(body: dict[str, Any], secret: str | None) -> dict[str, Any]:
    if secret is not None:
        # 飞书: sign = base64(HmacSHA256(key = timestamp + "\n" + secret, message = "")), timestamp in s.
        stamp = str(body.get("timestamp", ""))
        key = f"{stamp}\n{secret}".encode()
        expected = base64.b64encode(hmac.new(key, b"", hashlib.sha256).digest()).decode()
        if not stamp.isdigit() or not _fresh(int(stamp)) or body.get("sign") != expected:
            return {
                "code": 19021,
                "data": {},
                "msg": "sign match fail or timestamp is not within one hour from current time",
            }
    if len(json.dumps(body, ensure_ascii=False).encode()) > 20 * 1024:
        return {"code": 9499, "data": {}, "msg": "request body too large"}
    post = body.get("content", {}).get("post", {})
    if body.get("msg_type") != "post" or not post:
        return {"code": 9499, "data": {}, "msg": "Bad Request"}
    for message in post.values():
        if not isinstance(message.get("content"), list) or not all(isinstance(p, list) for p in message["content"]):
            return {"code": 9499, "data": {}, "msg": "Bad Request"}
    return FEISHU_OK
