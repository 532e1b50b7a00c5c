"""A reminder digest as a MIME message: plain text and HTML alternatives, and an .ics.

The subject is RFC 2047-encoded by `EmailMessage`'s default policy, bodies go
in 7-bit transfer encodings (any relay takes them), the Message-ID is derived
from the digest (the same reminders to the same person on the same day give
the same ID, so a resend after a crash can be recognised), and the `.ics` is
METHOD:PUBLISH with one all-day event per item and the same UIDs as
`deadlines export --format ics`. No network here: that is `delivery.py`.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import default as default_policy
from email.utils import format_datetime

from deadlines import __version__
from deadlines.core.i18n import Lang, Text, day_label
from deadlines.core.terms import STATUS
from deadlines.remind.plan import Digest, Entry

POLICY = default_policy.clone(cte_type="7bit")
"""Text parts go as quoted-printable or base64, so no relay needs 8BITMIME."""


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
    fields.append((t("状态", "Status"), STATUS[e.item.status].render(lang)))
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

    from deadlines.transfer.export import uid

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
