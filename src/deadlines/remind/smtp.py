"""Delivering reminder mail over SMTP, and the settings it needs.

smtplib with `ssl` (implicit TLS, 465), `starttls` (587) or `none` (a relay
on this machine only). Certificates are always verified
(`ssl.create_default_context`, optionally trusting one CA file), every
connection has a timeout, and the password comes from the environment or a
command, never from the config file. Failures become DeliveryError with the
server's reason. A refused recipient or a reply refusing one message fails
that message only; `SessionError` means the session was lost (the caller may
open a new one for the next message).
"""

from __future__ import annotations

import ipaddress
import os
import shlex
import smtplib
import ssl
import subprocess
from contextlib import suppress
from dataclasses import dataclass
from email.headerregistry import Address
from email.message import EmailMessage
from typing import Any, Literal

from deadlines.config import PASSWORD_ENV, Config, parse_address
from deadlines.core.errors import ConfigError, DeliveryError

Security = Literal["ssl", "starttls", "none"]
DEFAULT_PORTS: dict[str, int] = {"ssl": 465, "starttls": 587, "none": 25}


@dataclass(frozen=True)
class SmtpSettings:
    """Where and how to send: the config file's `smtp.*` keys with the command line's overrides applied."""

    host: str
    port: int
    security: Security
    user: str
    sender: Address | None
    password_command: str
    cafile: str
    timeout: int

    @classmethod
    def from_config(cls, config: Config) -> SmtpSettings:
        security: Security = config["smtp.security"]
        return cls(
            host=config["smtp.host"],
            port=config["smtp.port"] or DEFAULT_PORTS[security],
            security=security,
            user=config["smtp.user"],
            sender=parse_address(config["smtp.from"]) if config["smtp.from"] else None,
            password_command=config["smtp.password_command"],
            cafile=config["smtp.cafile"],
            timeout=config["smtp.timeout"],
        )

    @property
    def domain(self) -> str:
        """The sender's domain, for Message-IDs."""
        return self.sender.domain if self.sender else "deadlines.invalid"

    def check_sendable(self) -> None:
        """ConfigError unless a real send can be attempted with these settings."""
        if not self.host:
            raise ConfigError(
                "没有设置 SMTP 服务器：deadlines config set smtp.host smtp.example.com（或 --smtp-host）。",
                "no SMTP server is set: deadlines config set smtp.host smtp.example.com (or --smtp-host).",
            )
        if self.sender is None:
            raise ConfigError(
                "没有设置发件人：deadlines config set smtp.from 'compliance@example.com'（或 --from）。",
                "no sender is set: deadlines config set smtp.from 'compliance@example.com' (or --from).",
            )
        if self.security == "none" and not _loopback(self.host):
            raise ConfigError(
                f"smtp.security = none 只用于本机的中继（localhost），而 {self.host} 不是本机：请用 ssl（465）或 starttls（587）。",
                f"smtp.security = none is only for a relay on this machine (localhost), and {self.host} is not: "
                "use ssl (465) or starttls (587).",
            )
        if not self.user.isascii():
            raise ConfigError(
                f"smtp.user「{self.user}」含非 ASCII 字符，SMTP 登录无法传送。",
                f"smtp.user {self.user!r} has non-ASCII characters, which SMTP login cannot carry.",
            )
        if self.cafile and not os.path.isfile(self.cafile):
            raise ConfigError(
                f"smtp.cafile 指定的文件 {self.cafile} 不存在。", f"smtp.cafile {self.cafile} does not exist."
            )
        if self.cafile:
            try:
                ssl.create_default_context(cafile=self.cafile)
            except (ssl.SSLError, OSError, ValueError) as e:
                why = getattr(e, "reason", None) or e.__class__.__name__
                raise ConfigError(
                    f"smtp.cafile 指定的文件 {self.cafile} 不是可用的 PEM 证书（{why}）。",
                    f"smtp.cafile {self.cafile} is not a usable PEM certificate ({why}).",
                ) from None

    def password(self) -> str | None:
        """The password for `user`: DEADLINES_SMTP_PASSWORD, else the first line `password_command` prints."""
        if not self.user:
            return None
        if os.environ.get(PASSWORD_ENV):
            secret = os.environ[PASSWORD_ENV]
        elif self.password_command:
            secret = _run_password_command(self.password_command, self.timeout)
        else:
            raise ConfigError(
                f"已设置 smtp.user，但没有密码：请设置环境变量 {PASSWORD_ENV}，或 smtp.password_command。",
                f"smtp.user is set but there is no password: set {PASSWORD_ENV}, or smtp.password_command.",
            )
        if not secret.isascii():
            raise ConfigError(
                "SMTP 密码含非 ASCII 字符，SMTP 登录无法传送；请使用邮箱服务商生成的授权码。",
                "the SMTP password has non-ASCII characters, which SMTP login cannot carry; "
                "use an app password (授权码) from the mail provider.",
            )
        return secret


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _run_password_command(command: str, timeout: int) -> str:
    def fail(zh: str, en: str) -> ConfigError:
        return ConfigError(f"smtp.password_command「{command}」{zh}", f"smtp.password_command {command!r} {en}")

    try:
        done = subprocess.run(shlex.split(command), capture_output=True, text=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        raise fail(f"在 {timeout} 秒内没有结束。", f"did not finish within {timeout} s.") from None
    except (OSError, ValueError) as e:
        raise fail(f"无法运行：{e}。", f"cannot be run: {e}.") from None
    if done.returncode != 0:
        why = (done.stderr.strip().splitlines() or [""])[-1]
        raise fail(f"失败（退出码 {done.returncode}）：{why}", f"failed (exit {done.returncode}): {why}")
    lines = done.stdout.splitlines()
    if not lines or not lines[0]:
        raise fail("没有输出密码。", "printed no password.")
    return lines[0]


class SessionError(DeliveryError):
    """The SMTP session could not be opened or was lost: nothing more can be sent on it."""


class Postman:
    """An SMTP session: `open` connects, secures and logs in; `send` each message; `close` says goodbye.

    When the server closes the session, `connected` turns False and `open` starts a new one.
    """

    def __init__(self, settings: SmtpSettings, password: str | None) -> None:
        self.settings = settings
        self._password = password
        self._smtp: smtplib.SMTP | None = None

    @property
    def connected(self) -> bool:
        return self._smtp is not None

    def open(self) -> None:
        """Connect, secure and log in; SessionError with the reason if any step fails."""
        self._close()
        s = self.settings
        context = ssl.create_default_context(cafile=s.cafile or None)
        try:
            if s.security == "ssl":
                self._smtp = smtplib.SMTP_SSL(s.host, s.port, timeout=s.timeout, context=context)
            else:
                self._smtp = smtplib.SMTP(s.host, s.port, timeout=s.timeout)
                if s.security == "starttls":
                    self._smtp.ehlo()
                    self._smtp.starttls(context=context)
                    self._smtp.ehlo()
            if s.user:
                self._smtp.login(s.user, self._password or "")
        except (OSError, smtplib.SMTPException) as e:
            self._close()
            raise SessionError(*_reason(e, s)) from None

    def send(self, msg: EmailMessage) -> None:
        """Hand one message to the server; DeliveryError (or SessionError) with its reason if it is not accepted."""
        if self._smtp is None:
            raise SessionError(*_reason(smtplib.SMTPServerDisconnected("not connected"), self.settings))
        try:
            refused = self._smtp.send_message(msg)
        except smtplib.SMTPServerDisconnected as e:
            self._close()
            raise SessionError(*_reason(e, self.settings)) from None
        except smtplib.SMTPException as e:  # an OSError too: it must be caught before OSError
            # A refused recipient, or a reply refusing the message (451 after DATA), fails this message only:
            # smtplib has reset the session for the next one, unless the server closed it (421).
            if self._smtp.sock is None:
                self._close()
                raise SessionError(*_reason(e, self.settings)) from None
            raise DeliveryError(*_reason(e, self.settings)) from None
        except OSError as e:
            self._close()
            raise SessionError(*_reason(e, self.settings)) from None
        if refused:
            raise DeliveryError(*_reason(smtplib.SMTPRecipientsRefused(refused), self.settings))

    def close(self) -> None:
        """Say goodbye and close the session, if one is open."""
        if self._smtp is not None:
            with suppress(OSError, smtplib.SMTPException):  # saying goodbye may fail; what was sent is sent
                self._smtp.quit()
        self._close()

    def _close(self) -> None:
        if self._smtp is not None:
            self._smtp.close()
            self._smtp = None


def _reply(code: int, text: Any) -> str:
    return f"{code} {text.decode('utf-8', 'replace') if isinstance(text, bytes) else text}".strip()


def _reason(e: BaseException, s: SmtpSettings) -> tuple[str, str]:
    """What went wrong, in both languages, with the server's own reply where there is one."""
    where = f"{s.host}:{s.port}"
    if isinstance(e, ssl.SSLCertVerificationError):
        return (
            f"{where} 的 TLS 证书未通过校验（{e.verify_message}）。若这是本机测试服务器的自签名证书，请用 --smtp-cafile 或 smtp.cafile 指定它。",
            f"the TLS certificate of {where} did not verify ({e.verify_message}). For a local test server's "
            "self-signed certificate, name it with --smtp-cafile or smtp.cafile.",
        )
    if isinstance(e, ssl.SSLError):
        return (
            f"与 {where} 的 TLS 握手失败（{e.reason}）。smtp.security 与端口相符吗？465 用 ssl，587 用 starttls。",
            f"the TLS handshake with {where} failed ({e.reason}). Do smtp.security and the port match? "
            "465 is ssl, 587 is starttls.",
        )
    if isinstance(e, smtplib.SMTPAuthenticationError):
        reply = _reply(e.smtp_code, e.smtp_error)
        return (
            f"{where} 拒绝登录（{reply}）。请检查 smtp.user 和密码；QQ、163 等邮箱须用授权码。",
            f"{where} refused the login ({reply}). Check smtp.user and the password (QQ and 163 mail want an "
            "authorisation code).",
        )
    if isinstance(e, smtplib.SMTPNotSupportedError):
        return (
            f"{where} 不支持所需的功能（{e}）：未提供 STARTTLS 或登录（AUTH）。邮件不会以明文发送。",
            f"{where} does not offer what is needed ({e}): STARTTLS or AUTH. Mail is never sent in the clear.",
        )
    if isinstance(e, smtplib.SMTPRecipientsRefused):
        refused = "; ".join(f"{addr}: {_reply(*reply)}" for addr, reply in e.recipients.items())
        return f"收件人被拒绝（{refused}）。", f"recipient refused ({refused})."
    if isinstance(e, smtplib.SMTPSenderRefused):
        reply = _reply(e.smtp_code, e.smtp_error)
        return f"发件人 {e.sender} 被拒绝（{reply}）。", f"sender {e.sender} refused ({reply})."
    if isinstance(e, smtplib.SMTPResponseException):
        reply = _reply(e.smtp_code, e.smtp_error)
        return f"{where} 拒收邮件（{reply}）。", f"{where} did not accept the mail ({reply})."
    if isinstance(e, smtplib.SMTPServerDisconnected):
        return f"{where} 断开了连接（{e}）。", f"{where} closed the connection ({e})."
    if isinstance(e, TimeoutError):
        return f"{where} 在 {s.timeout} 秒内没有响应。", f"{where} did not answer within {s.timeout} s."
    if isinstance(e, OSError):
        why = e.strerror or str(e)
        return (
            f"无法连接 {where}（{why}）。服务器在运行吗？smtp.host 和 smtp.port 对吗？",
            f"cannot connect to {where} ({why}). Is the server up, and are smtp.host and smtp.port right?",
        )
    return f"{where}：{e}", f"{where}: {e}"
