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
from datetime import date, datetime, timedelta, timezone
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import default as default_policy
from email.utils import format_datetime

from deadlines import __version__
from deadlines.core.calendar import Coverage
from deadlines.core.i18n import Lang, Text, day_label
from deadlines.core.terms import PROVISIONAL_DATE, STATUS, cycle_label, provisional_range
from deadlines.core.urgency import action_order
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
    status: str
    """The status every item in it has (`escalation` for the escalation copy): it picks the colour."""
    heading: str
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class Letter:
    """A digest put into words: everything but the HTML and the .ics, which `message` adds."""

    digest: Digest
    lang: Lang
    subject: str
    intro: tuple[str, ...]
    summary: tuple[tuple[str, str, int], ...]
    """(status, label, count) for the table at the top: overdue, due within 7 days, windows open."""
    sections: tuple[Section, ...]
    footer: tuple[str, ...]
    message_id: str

    @property
    def text(self) -> str:
        out = [line for paragraph in self.intro for line in (paragraph, "")]
        if self.summary:
            out += [f"  {_MARK.get(status, '  ')} {label}{_colon(self.lang)}{n}" for status, label, n in self.summary]
            out.append("")
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
        if self.summary:
            cells = "".join(
                f'<td style="padding:.4em 1em;border:1px solid #ddd;background:{_COLOUR[status][1]};'
                f'color:{_COLOUR[status][0]}"><strong style="font-size:1.4em">{n}</strong><br>{esc(label)}</td>'
                for status, label, n in self.summary
            )
            out.append(f'<table style="border-collapse:collapse;margin:1em 0"><tr>{cells}</tr></table>')
        for section in self.sections:
            colour = _COLOUR.get(section.status, ("#333", "#fff"))[0]
            out.append(
                f'<h2 style="color:{colour};border-left:6px solid {colour};padding-left:.4em">'
                f"{esc(section.heading)}</h2>\n<ol>"
            )
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


_SECTIONS: tuple[str, ...] = ("overdue", "due_today", "due_soon", "window_open", "escalation")
"""The mail's sections: the item statuses a reminder is sent for, most urgent first, then the escalation copy."""
_HEADINGS: dict[str, Text] = {
    **{status: Text(STATUS[status].zh, STATUS[status].en.capitalize()) for status in _SECTIONS[:-1]},
    "escalation": Text("升级：逾期未办", "Escalated: still overdue"),
}
_SUBJECT_PARTS: dict[str, Text] = {
    "overdue": Text("逾期 {} 项", "{} overdue"),
    "due_today": Text("今日到期 {} 项", "{} due today"),
    "due_soon": Text("即将到期 {} 项", "{} due soon"),
    "window_open": Text("窗口开放 {} 项", "{} window(s) open"),
    "escalation": Text("升级 {} 项", "{} escalated"),
}
_COLOUR: dict[str, tuple[str, str]] = {
    "overdue": ("#b71c1c", "#fdecea"),
    "escalation": ("#b71c1c", "#fdecea"),
    "due_today": ("#e65100", "#fff3e0"),
    "due_soon": ("#e65100", "#fff8e1"),
    "window_open": ("#0d47a1", "#e3f2fd"),
}
"""Text and background colour of each urgency in the HTML; the plain text marks the same with `_MARK`."""
_MARK = {"overdue": "!!", "escalation": "!!", "due_today": "! ", "due_soon": "! ", "window_open": "> "}
WEEK = 7
"""The summary's "due this week": a deadline within this many days."""
LONG_WINDOW_DAYS = 31
"""A window longer than this (a year of credits) is one event on its closing day, not a bar across the calendar."""


_STAGE_NAMES: dict[str, Text] = {
    "opens": Text("窗口开放", "window opening"),
    "due": Text("到期当日", "due day"),
    "overdue": Text("逾期", "overdue"),
}


def _in(lang: Lang) -> Callable[[str, str], str]:
    """A chooser between a Chinese and an English wording."""
    return lambda zh, en: zh if lang == "zh" else en


def _section_of(e: Entry) -> str:
    if e.stage.kind == "escalation":
        return "escalation"
    return (
        e.item.status
        if e.item.status in _SECTIONS
        else {"opens": "window_open", "due": "due_today"}.get(
            e.stage.kind, "due_soon" if e.stage.kind == "lead" else "overdue"
        )
    )


def owner_warning(calendars: Coverage, today: date) -> Text | None:
    """What a reminder tells its reader while next year's official calendar is missing: the fact, and no
    command to run (the officer who runs `deadlines` sees the command on the terminal)."""
    if not calendars.next_year_missing:
        return None
    y = today.year + 1
    return Text(
        f"{y} 年的官方节假日安排尚未导入，涉及 {y} 年的日期目前为推算，可能变动；导入后提醒会按新日历发送。",
        f"the official holiday arrangement for {y} is not loaded yet: dates in {y} are provisional and may move; "
        "reminders follow the new calendar once it is.",
    )


def compose(digest: Digest, lang: Lang, *, domain: str, calendar_warning: Text | None = None) -> Letter:
    """The words of one digest in `lang` (Chinese or English); titles and citations stay as written.

    Sections match the items' statuses (已逾期, 今日到期, 即将到期, 窗口开放; the escalation copy
    apart), each most urgent first; a summary at the top counts what is overdue, due within a week
    and open. Owners get no command lines to run: what they need is in the mail.
    """
    t = _in(lang)
    sections: list[Section] = []
    counts: list[str] = []
    ordered = sorted(digest.entries, key=lambda e: action_order(e.item, digest.day))
    for status in _SECTIONS:
        entries = [e for e in ordered if _section_of(e) == status]
        if entries:
            title = _HEADINGS[status].render(lang) + t(f"（{len(entries)} 项）", f" ({len(entries)})")
            sections.append(Section(status, title, tuple(_block(e, lang) for e in entries)))
            counts.append(_SUBJECT_PARTS[status].render(lang).format(len(entries)))
    own = [e for e in digest.entries if e.stage.kind != "escalation"]
    summary = tuple(
        (status, label.render(lang), n)
        for status, label, n in (
            ("overdue", Text("已逾期", "overdue"), sum(e.days > 0 for e in own)),
            ("due_soon", Text(f"{WEEK} 天内到期", f"due within {WEEK} days"), sum(-WEEK <= e.days <= 0 for e in own)),
            ("window_open", Text("窗口开放中", "windows open"), sum(e.item.status == "window_open" for e in own)),
        )
        if n
    )
    day = day_label(digest.day).render(lang)
    subject = t(f"【合规提醒】{digest.day.isoformat()}：", f"[deadlines] {digest.day.isoformat()}: ") + t(
        "，", ", "
    ).join(counts)
    intro = [
        t(f"{digest.recipient}，您好：", f"Hello {digest.recipient},"),
        t(
            f"截至 {day}，您负责（或需关注）的合规事项有以下提醒，最紧急的在前。",
            f"As of {day}, these compliance items you are responsible for (or watch over) need attention, "
            "most urgent first.",
        ),
    ]
    if digest.calendar_note is not None and calendar_warning:
        intro.append(calendar_warning.render(lang))
    footer = (
        t(
            "办理完成后，请告知合规负责人登记完成情况与凭证。附件 .ics 可导入日历。",
            "When an item is done, tell the compliance officer, with the evidence. The .ics attachment imports "
            "into a calendar.",
        ),
        t("此邮件由 deadlines 自动发出。", "Sent by deadlines."),
    )
    message_id = f"<{digest.fingerprint}.{digest.day.strftime('%Y%m%d')}@{domain}>"
    return Letter(digest, lang, subject, tuple(intro), summary, tuple(sections), footer, message_id)


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
    window = occ.kind == "window" and occ.opens is not None
    fields = [(t("开放至", "Open until") if window and e.days <= 0 else t("到期", "Due"), when)]
    if window:
        assert occ.opens is not None
        span = f"{day_label(occ.opens).render(lang)}{t(' 至 ', ' to ')}{day_label(occ.due).render(lang)}"
        fields.append((t("窗口", "Window"), span))
    fields.append((t("状态", "Status"), STATUS[e.item.status].render(lang)))
    if occ.provisional and occ.earliest and occ.latest:
        span = provisional_range(occ.earliest, occ.latest).render(lang).split("：" if lang == "zh" else ": ", 1)[1]
        fields.append((PROVISIONAL_DATE.render(lang), span + t("（提醒按最早日期）", " (reminders use the earliest)")))
    fields.append((t("依据", "Why"), e.explanation.render(lang)))
    if ob.source:
        fields.append((t("出处", "Source"), ob.source))
    if e.stage.kind == "escalation":
        fields.append((t("负责人", "Owners"), ", ".join(ob.owners) or "-"))
    cycle = cycle_label(occ.cycle).render(lang)
    fields.append((t("键", "Key"), t(f"{ob.key}（期次 {cycle}）", f"{ob.key} (cycle {cycle})")))
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
    return preview_head(sender, letter.digest.recipient, letter.subject, letter.message_id) + letter.text + parts + "\n"


def preview_head(sender: Address | None, to: str, subject: str, message_id: str) -> str:
    """The headers `--dry-run` prints above a mail's text, decoded."""
    return f"From: {sender or '(smtp.from)'}\nTo: {to}\nSubject: {subject}\nMessage-ID: {message_id}\n"


def ics_name(letter: Letter) -> str:
    return f"deadlines-{letter.digest.day.isoformat()}.ics"


def mime(
    subject: str, sender: Address, to: str, message_id: str, bodies: tuple[str, str], now: datetime
) -> EmailMessage:
    """An automatic mail with a plain-text body and its HTML twin (`bodies`), headers set."""
    msg = EmailMessage(policy=POLICY)
    msg["Subject"] = subject
    msg["From"] = sender
    msg["To"] = to
    msg["Date"] = format_datetime(now)
    msg["Message-ID"] = message_id
    msg["Auto-Submitted"] = "auto-generated"
    msg.set_content(bodies[0])
    msg.add_alternative(bodies[1], subtype="html")
    return msg


def message(letter: Letter, sender: Address, now: datetime) -> EmailMessage:
    """The MIME message: multipart/mixed of (text/plain | text/html) and the .ics."""
    bodies = (letter.text, letter.html)
    msg = mime(letter.subject, sender, letter.digest.recipient, letter.message_id, bodies, now)
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
        long_window = occ.opens is not None and (occ.due - occ.opens).days > LONG_WINDOW_DAYS
        cal.add_component(
            Event.new(
                uid=uid(ob.key, occ.cycle),
                summary=ob.title,
                start=occ.due if long_window else occ.opens or occ.due,
                end=occ.due + timedelta(days=1),
                stamp=stamp,
                sequence=0,
                description="\n".join(f"{label}{_colon(letter.lang)}{value}" for label, value in block.fields),
            )
        )
    return cal.to_ical().decode("utf-8")
