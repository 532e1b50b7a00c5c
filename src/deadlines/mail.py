"""Reminder mail: a digest as a MIME message, and its delivery over SMTP.

Building: plain text and HTML alternatives of the same sections, the subject
RFC 2047-encoded by `EmailMessage`'s default policy, bodies in 7-bit transfer
encodings (any relay takes them), a Message-ID derived from the digest (the
same reminders to the same person on the same day give the same ID, so a
resend after a crash can be recognised), and an `.ics` (METHOD:PUBLISH, one
all-day event per item, the same UIDs as `deadlines export --format ics`).

Delivery: smtplib with `ssl` (implicit TLS, 465), `starttls` (587) or `none`
(a relay on this machine only). Certificates are always verified
(`ssl.create_default_context`, optionally trusting one CA file), every
connection has a timeout, and the password comes from the environment or a
command, never from the config file. Failures become DeliveryError with the
server's reason; `SessionError` means the session cannot go on.
"""

from __future__ import annotations

import html
import ipaddress
import os
import shlex
import smtplib
import ssl
import subprocess
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import default as default_policy
from email.utils import format_datetime
from types import TracebackType
from typing import Any, Literal

from deadlines import __version__
from deadlines.config import PASSWORD_ENV, Config, parse_address
from deadlines.core.agenda import STATUS_TEXT
from deadlines.core.errors import ConfigError, DeliveryError
from deadlines.core.i18n import Lang, Text, day_label
from deadlines.digest import Digest, Entry

Security = Literal["ssl", "starttls", "none"]
DEFAULT_PORTS: dict[str, int] = {"ssl": 465, "starttls": 587, "none": 25}
POLICY = default_policy.clone(cte_type="7bit")
"""Text parts go as quoted-printable or base64, so no relay needs 8BITMIME."""


# ---------------------------------------------------------------- settings


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


# ---------------------------------------------------------------- composing


@dataclass(frozen=True)
class Block:
    """One item as the mail shows it: a title and labelled lines."""

    entry: Entry
    title: str
    fields: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Section:
    heading: str
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class Letter:
    """A digest put into words: everything but the HTML and the .ics, which `message` adds."""

    digest: Digest
    lang: Lang
    subject: str
    intro: tuple[str, ...]
    sections: tuple[Section, ...]
    footer: tuple[str, ...]
    message_id: str

    @property
    def text(self) -> str:
        out = [line for paragraph in self.intro for line in (paragraph, "")]
        for section in self.sections:
            out += [f"== {section.heading} ==", ""]
            for n, block in enumerate(section.blocks, 1):
                out.append(f"{n}. {block.title}")
                out += [f"   {label}{_colon(self.lang)}{value}" for label, value in block.fields]
                out.append("")
        return "\n".join([*out, "-- ", *self.footer, ""])

    @property
    def html(self) -> str:
        esc = html.escape
        out = [
            f'<!DOCTYPE html>\n<html lang="{self.lang}"><head><meta charset="utf-8"><title>{esc(self.subject)}</title></head>',
            '<body style="font-family:sans-serif;line-height:1.5">',
        ]
        out += [f"<p>{esc(line)}</p>" for line in self.intro]
        for section in self.sections:
            out.append(f"<h2>{esc(section.heading)}</h2>\n<ol>")
            for block in section.blocks:
                rows = "".join(
                    f'<tr><th align="left" valign="top" style="padding-right:1em;white-space:nowrap">{esc(label)}</th>'
                    f"<td>{esc(value)}</td></tr>"
                    for label, value in block.fields
                )
                out.append(f"<li><strong>{esc(block.title)}</strong><table>{rows}</table></li>")
            out.append("</ol>")
        out.append('<p style="color:#666">' + "<br>".join(esc(line) for line in self.footer) + "</p>")
        return "\n".join([*out, "</body></html>", ""])


def _colon(lang: Lang) -> str:
    return "：" if lang == "zh" else ": "


_HEADINGS: dict[str, Text] = {
    "overdue": Text("已逾期", "Overdue"),
    "due": Text("今日到期", "Due today"),
    "lead": Text("即将到期", "Due soon"),
    "opens": Text("窗口开放", "Windows opening"),
    "escalation": Text("升级：逾期未办", "Escalated: still overdue"),
}
_SUBJECT_PARTS: dict[str, Text] = {
    "overdue": Text("逾期 {} 项", "{} overdue"),
    "due": Text("今日到期 {} 项", "{} due today"),
    "lead": Text("即将到期 {} 项", "{} due soon"),
    "opens": Text("窗口开放 {} 项", "{} window(s) opening"),
    "escalation": Text("升级 {} 项", "{} escalated"),
}


_STAGE_NAMES: dict[str, Text] = {
    "opens": Text("窗口开放", "window opening"),
    "due": Text("到期当日", "due day"),
    "overdue": Text("逾期", "overdue"),
}


def _in(lang: Lang) -> Callable[[str, str], str]:
    """A chooser between a Chinese and an English wording."""
    return lambda zh, en: zh if lang == "zh" else en


def compose(digest: Digest, lang: Lang, *, domain: str, calendar_warning: Text | None = None) -> Letter:
    """The words of one digest in `lang` (Chinese or English); titles and citations stay as written."""
    t = _in(lang)
    sections: list[Section] = []
    counts: list[str] = []
    for kind, heading in _HEADINGS.items():
        entries = [e for e in digest.entries if e.stage.kind == kind]
        if entries:
            title = heading.render(lang) + t(f"（{len(entries)} 项）", f" ({len(entries)})")
            sections.append(Section(title, tuple(_block(e, lang) for e in entries)))
            counts.append(_SUBJECT_PARTS[kind].render(lang).format(len(entries)))
    day = day_label(digest.day).render(lang)
    subject = t(f"【合规提醒】{digest.day.isoformat()}：", f"[deadlines] {digest.day.isoformat()}: ") + t(
        "，", ", "
    ).join(counts)
    intro = [
        t(f"{digest.recipient}，您好：", f"Hello {digest.recipient},"),
        t(
            f"截至 {day}，您负责（或需关注）的合规事项有以下提醒。",
            f"As of {day}, these compliance items you are responsible for (or watch over) need attention.",
        ),
    ]
    if digest.calendar_note is not None and calendar_warning:
        intro.append(calendar_warning.render(lang))
    footer = (
        t(
            "标记完成：deadlines done 键 --evidence 证明；查看完整说明：deadlines show 键。",
            "Mark done: deadlines done KEY --evidence PROOF; full explanation: deadlines show KEY.",
        ),
        t(
            "附件 .ics 可导入日历。此邮件由 deadlines remind 自动发出。",
            "The .ics attachment imports into a calendar. Sent by deadlines remind.",
        ),
    )
    message_id = f"<{digest.fingerprint}.{digest.day.strftime('%Y%m%d')}@{domain}>"
    return Letter(digest, lang, subject, tuple(intro), tuple(sections), footer, message_id)


def _block(e: Entry, lang: Lang) -> Block:
    t = _in(lang)
    ob, occ = e.item.obligation, e.item.occurrence
    assert occ is not None
    when = day_label(occ.due).render(lang)
    if e.days > 0:
        when += t(
            f" · 已逾期 {e.days} 天（{e.workdays} 个工作日）", f" · {e.days} days overdue ({e.workdays} working days)"
        )
    elif e.days == 0:
        when += t(" · 今日到期", " · due today")
    else:
        when += t(
            f" · 还剩 {-e.days} 天（{-e.workdays} 个工作日）", f" · {-e.days} days left ({-e.workdays} working days)"
        )
    fields = [(t("到期", "Due"), when)]
    if occ.kind == "window" and occ.opens is not None:
        window = f"{day_label(occ.opens).render(lang)}{t(' 至 ', ' to ')}{day_label(occ.due).render(lang)}"
        fields.append((t("窗口", "Window"), window))
    fields.append((t("状态", "Status"), STATUS_TEXT[e.item.status].render(lang)))
    if occ.provisional:
        span = f"{occ.earliest}–{occ.latest}"
        fields.append(
            (
                t("推算日期", "Provisional"),
                t(
                    f"官方日历公布后可能变为 {span}；提醒按最早日期。",
                    f"may move to {span} when the official calendar is published; reminders use the earliest.",
                ),
            )
        )
    fields.append((t("依据", "Why"), e.explanation.render(lang)))
    if ob.source:
        fields.append((t("出处", "Source"), ob.source))
    if e.stage.kind == "escalation":
        fields.append((t("负责人", "Owners"), ", ".join(ob.owners) or "-"))
    fields.append((t("键", "Key"), t(f"{ob.key}（期次 {occ.cycle}）", f"{ob.key} (cycle {occ.cycle})")))
    if e.late:
        missed = t("、", ", ").join(
            _STAGE_NAMES[s.kind].render(lang) if s.kind in _STAGE_NAMES else s.name for s in e.covers
        )
        note = t(
            f"此提醒应于 {e.stage.begins.isoformat()} 发出，现补发。",
            f"this reminder was due on {e.stage.begins.isoformat()}; sent late.",
        )
        if missed:
            note += t(f"它同时代替未发出的提醒：{missed}。", f" It stands for the reminders not sent: {missed}.")
        fields.append((t("补发", "Late"), note))
    return Block(e, ob.title, tuple(fields))


def preview(letter: Letter, sender: Address | None) -> str:
    """What `--dry-run` prints for one mail: its headers decoded, the plain text, and a line on the other parts."""
    t = _in(letter.lang)
    count = len(letter.digest.entries)
    parts = t(
        f"[另有 HTML 版本；附件 {ics_name(letter)}，{count} 个日历条目]",
        f"[also an HTML version; attachment {ics_name(letter)} with {count} calendar event(s)]",
    )
    head = [
        f"From: {sender or '(smtp.from)'}",
        f"To: {letter.digest.recipient}",
        f"Subject: {letter.subject}",
        f"Message-ID: {letter.message_id}",
        "",
    ]
    return "\n".join(head) + letter.text + parts + "\n"


def ics_name(letter: Letter) -> str:
    return f"deadlines-{letter.digest.day.isoformat()}.ics"


def message(letter: Letter, sender: Address, now: datetime) -> EmailMessage:
    """The MIME message: multipart/mixed of (text/plain | text/html) and the .ics."""
    msg = EmailMessage(policy=POLICY)
    msg["Subject"] = letter.subject
    msg["From"] = sender
    msg["To"] = letter.digest.recipient
    msg["Date"] = format_datetime(now)
    msg["Message-ID"] = letter.message_id
    msg["Auto-Submitted"] = "auto-generated"
    msg.set_content(letter.text)
    msg.add_alternative(letter.html, subtype="html")
    msg.add_attachment(
        calendar_text(letter, now), subtype="calendar", filename=ics_name(letter), params={"method": "PUBLISH"}
    )
    return msg


def calendar_text(letter: Letter, now: datetime) -> str:
    """METHOD:PUBLISH iCalendar: one all-day event per item (a window spans it), DTEND exclusive."""
    from icalendar import Calendar, Event

    from deadlines.exporters import uid

    cal = Calendar.new(prodid=f"-//deadlines//deadlines {__version__}//{letter.lang.upper()}", method="PUBLISH")
    stamp = now.astimezone(timezone.utc).replace(microsecond=0)
    for block in (b for section in letter.sections for b in section.blocks):
        ob, occ = block.entry.item.obligation, block.entry.item.occurrence
        assert occ is not None
        cal.add_component(
            Event.new(
                uid=uid(ob.key, occ.cycle),
                summary=ob.title,
                start=occ.opens or occ.due,
                end=occ.due + timedelta(days=1),
                stamp=stamp,
                sequence=0,
                description="\n".join(f"{label}{_colon(letter.lang)}{value}" for label, value in block.fields),
            )
        )
    return cal.to_ical().decode("utf-8")


# ---------------------------------------------------------------- delivery


class SessionError(DeliveryError):
    """The SMTP session could not be opened or was lost: nothing more can be sent on it."""


class Postman:
    """One SMTP session: connect, secure, log in on entering; `send` each message; always closed on leaving."""

    def __init__(self, settings: SmtpSettings, password: str | None) -> None:
        self.settings = settings
        self._password = password
        self._smtp: smtplib.SMTP | None = None

    def __enter__(self) -> Postman:
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
        return self

    def send(self, msg: EmailMessage) -> None:
        """Hand one message to the server; DeliveryError (or SessionError) with its reason if it is not accepted."""
        assert self._smtp is not None
        try:
            refused = self._smtp.send_message(msg)
        except (smtplib.SMTPServerDisconnected, OSError) as e:
            self._close()
            raise SessionError(*_reason(e, self.settings)) from None
        except smtplib.SMTPException as e:
            raise DeliveryError(*_reason(e, self.settings)) from None
        if refused:
            raise DeliveryError(*_reason(smtplib.SMTPRecipientsRefused(refused), self.settings))

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None) -> None:
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
