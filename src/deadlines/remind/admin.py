"""The administrator's digest: what only whoever runs `deadlines` can act on, with the commands to run.

Owners' mails carry no command lines; what they cannot fix goes here, to the
address in `remind.admin`, at most once a day: next year's official calendar
missing (weekly, like the owners' calendar sentence), obligations whose dates
cannot be computed, obligations with no owner, owner addresses that cannot be
mailed. Pure logic and words, no I/O: `app.admin_notes` claims, sends and
records it under the same send log as every digest.

Send-log rows: the digest is `@admin|<day>|digest|<admin>` (one a day), and
the calendar part `@calendar|<year>|admin|<admin>` (weekly; apart from the
owners' `notice` rows, so an administrator who is also an owner still gets
the command).
"""

from __future__ import annotations

import hashlib
import html
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from email.headerregistry import Address
from email.message import EmailMessage

from deadlines.core.i18n import Lang, Text
from deadlines.core.uncomputable import Uncomputable
from deadlines.remind.letter import mime, preview_head
from deadlines.remind.plan import CALENDAR_KEY, REPEAT_DAYS, BadAddress, Plan, Row, log_row
from deadlines.store import send_id

ADMIN_KEY = "@admin"
"""The send-log key of the administrator's daily digest (no obligation key has an @)."""
_DIGEST = "digest"
_CALENDAR_STAGE = "admin"


@dataclass(frozen=True)
class AdminNotes:
    """What the administrator is told on `day`."""

    recipient: str
    day: date
    missing_year: int | None
    """Next year, when its official calendar is missing and the administrator was not told in the last 7 days."""
    uncomputable: tuple[Uncomputable, ...]
    unowned: tuple[str, ...]
    bad_addresses: tuple[BadAddress, ...]

    @property
    def count(self) -> int:
        return (self.missing_year is not None) + len(self.uncomputable) + len(self.unowned) + len(self.bad_addresses)


def admin_notes(
    plan: Plan, recipient: str, day: date, sends: Mapping[str, Row], missing_year: int | None
) -> AdminNotes | None:
    """Today's notes for `recipient`, or None: nothing to say, or today's digest already went."""
    done = sends.get(_digest_id(recipient, day))
    if done is not None and done.get("state") == "sent":
        return None
    told = sends.get(send_id(CALENDAR_KEY, str(missing_year), _CALENDAR_STAGE, recipient))
    recent = told and told.get("state") == "sent" and (day - date.fromisoformat(told["day"])).days < REPEAT_DAYS
    notes = AdminNotes(
        recipient,
        day,
        None if recent else missing_year,
        plan.unplanned,
        plan.unowned,
        plan.bad_addresses,
    )
    return notes if notes.count else None


def waiting(plan: Plan, missing_year: int | None) -> bool:
    """Whether the run found anything for an administrator (to say so when `remind.admin` is not set)."""
    return bool(missing_year or plan.unplanned or plan.unowned or plan.bad_addresses)


def _digest_id(recipient: str, day: date) -> str:
    return send_id(ADMIN_KEY, day.isoformat(), _DIGEST, recipient)


@dataclass(frozen=True)
class AdminLetter:
    notes: AdminNotes
    lang: Lang
    subject: str
    sections: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...]
    """(heading, lines of fact, commands) per kind of problem."""
    message_id: str

    @property
    def text(self) -> str:
        hello = Text(f"{self.notes.recipient}，您好：", f"Hello {self.notes.recipient},").render(self.lang)
        out = [hello, "", _INTRO.render(self.lang), ""]
        for heading, facts, commands in self.sections:
            out += [f"== {heading} ==", *facts, "", *(f"    {c}" for c in commands), ""]
        return "\n".join([*out, "-- ", _FOOTER.render(self.lang), ""])

    @property
    def html(self) -> str:
        esc = html.escape
        out = [
            f'<!DOCTYPE html>\n<html lang="{self.lang}"><head><meta charset="utf-8"><title>{esc(self.subject)}</title></head>'
        ]
        out.append('<body style="font-family:sans-serif;line-height:1.5">')
        out.append(f"<p>{esc(_INTRO.render(self.lang))}</p>")
        for heading, facts, commands in self.sections:
            out.append(f"<h2>{esc(heading)}</h2>")
            out += [f"<p>{esc(fact)}</p>" for fact in facts]
            out.append('<pre style="background:#f4f4f4;padding:.5em">' + "\n".join(esc(c) for c in commands) + "</pre>")
        out.append(f'<p style="color:#666">{esc(_FOOTER.render(self.lang))}</p>')
        return "\n".join([*out, "</body></html>", ""])


_INTRO = Text(
    "以下事项只有运行 deadlines 的管理员能处理（负责人收到的提醒里没有命令）；每项附有要运行的命令。",
    "Only whoever runs deadlines can act on these (owners' reminders carry no commands); each comes with the "
    "commands to run.",
)
_FOOTER = Text(
    "此邮件由 deadlines remind 发给 remind.admin 设置的地址，每天至多一封。",
    "Sent by deadlines remind to the remind.admin address, at most once a day.",
)


def compose_admin(notes: AdminNotes, lang: Lang, *, domain: str) -> AdminLetter:
    """The words of the administrator's digest, each problem with the exact commands that fix it."""

    def t(zh: str, en: str) -> str:
        return Text(zh, en).render(lang)

    sections: list[tuple[str, tuple[str, ...], tuple[str, ...]]] = []
    if notes.missing_year is not None:
        y = notes.missing_year
        sections.append(
            (
                t(f"{y} 年的官方节假日安排尚未导入", f"The official holiday arrangement for {y} is not loaded"),
                (
                    t(
                        f"涉及 {y} 年的期限目前按《全国年节及纪念日放假办法》推算，可能变动。国务院办公厅"
                        f"《关于{y}年部分节假日安排的通知》发布后，把通知全文存为文件（如 notice-{y}.txt）并导入：",
                        f"Deadlines in {y} are forecast from the national holiday rules and may move. Once the "
                        f"State Council's notice on the {y} holidays is published, save its text (e.g. as "
                        f"notice-{y}.txt) and import it:",
                    ),
                ),
                (
                    f"deadlines calendar import-notice notice-{y}.txt --dry-run",
                    f"deadlines calendar import-notice notice-{y}.txt",
                    "deadlines calendar status",
                ),
            )
        )
    if notes.uncomputable:
        n = len(notes.uncomputable)
        sections.append(
            (
                t(
                    f"日期无法计算的义务（{n} 项，今天没有提醒）",
                    f"Obligations whose dates cannot be computed ({n}, no reminder today)",
                ),
                tuple(t(f"{u.key}：{u.problem.zh}", f"{u.key}: {u.problem.en}") for u in notes.uncomputable),
                (
                    *(f"deadlines show {u.key}" for u in notes.uncomputable),
                    t(
                        "deadlines edit 键 --rule 规则 --start YYYY-MM-DD",
                        "deadlines edit KEY --rule RULE --start YYYY-MM-DD",
                    ),
                    "deadlines doctor",
                ),
            )
        )
    if notes.unowned:
        n = len(notes.unowned)
        sections.append(
            (
                t(
                    f"没有负责人的义务（{n} 项，今天的提醒未发给任何人）",
                    f"Obligations with no owner ({n}, today's reminders went to nobody)",
                ),
                (
                    t(
                        "为每项设负责人，或设一个默认收件人接收所有无负责人义务的提醒：",
                        "Give each an owner, or set one address for the reminders of every obligation with no owner:",
                    ),
                ),
                (
                    *(
                        t(f"deadlines edit {key} --owner 地址", f"deadlines edit {key} --owner ADDRESS")
                        for key in notes.unowned
                    ),
                    t("deadlines config set remind.default_to 地址", "deadlines config set remind.default_to ADDRESS"),
                ),
            )
        )
    if notes.bad_addresses:
        n = len(notes.bad_addresses)
        sections.append(
            (
                t(f"无法投递的负责人地址（{n} 个，已跳过）", f"Owner addresses that cannot be mailed ({n}, skipped)"),
                (
                    *(t(f"{b.key}：{b.problem.zh}", f"{b.key}: {b.problem.en}") for b in notes.bad_addresses),
                    t(
                        "--owner 会替换该义务的全部负责人：每位负责人写一个 --owner。",
                        "--owner replaces all of an obligation's owners: give one --owner per owner.",
                    ),
                ),
                tuple(
                    t(f"deadlines edit {b.key} --owner 正确地址", f"deadlines edit {b.key} --owner CORRECT_ADDRESS")
                    for b in notes.bad_addresses
                ),
            )
        )
    subject = t(
        f"【合规提醒·管理】{notes.day.isoformat()}：{notes.count} 项需要管理员处理",
        f"[deadlines admin] {notes.day.isoformat()}: {notes.count} item(s) need an administrator",
    )
    raw = "\n".join([notes.recipient, notes.day.isoformat(), *(line for s in sections for line in (*s[1], *s[2]))])
    message_id = f"<admin.{hashlib.sha1(raw.encode()).hexdigest()[:20]}.{notes.day.strftime('%Y%m%d')}@{domain}>"
    return AdminLetter(notes, lang, subject, tuple(sections), message_id)


def admin_message(letter: AdminLetter, sender: Address, now: datetime) -> EmailMessage:
    """The MIME message: text/plain and its HTML twin."""
    bodies = (letter.text, letter.html)
    return mime(letter.subject, sender, letter.notes.recipient, letter.message_id, bodies, now)


def admin_preview(letter: AdminLetter, sender: Address | None) -> str:
    """What `--dry-run` prints for the administrator's digest."""
    return preview_head(sender, letter.notes.recipient, letter.subject, letter.message_id) + letter.text


def admin_rows(
    letter: AdminLetter, sends: Mapping[str, Row], *, state: str, at: str, error: str | None = None
) -> list[Row]:
    """The send-log rows of the digest in `state` (`sending` to claim it, `sent`, `failed`); a sent digest
    also records the calendar part, which is what keeps it weekly."""
    notes = letter.notes
    rows = [_row(ADMIN_KEY, notes.day.isoformat(), _DIGEST, letter, sends, state, at, error)]
    if state == "sent" and notes.missing_year is not None:
        rows.append(_row(CALENDAR_KEY, str(notes.missing_year), _CALENDAR_STAGE, letter, sends, state, at, None))
    return rows


def _row(
    key: str,
    cycle: str,
    stage: str,
    letter: AdminLetter,
    sends: Mapping[str, Row],
    state: str,
    at: str,
    error: str | None,
) -> Row:
    notes = letter.notes
    ident = send_id(key, cycle, stage, notes.recipient)
    attempts = int(sends.get(ident, {}).get("attempts", 0)) + 1
    return log_row(
        ident,
        key,
        cycle,
        stage,
        notes.recipient,
        notes.day,
        state=state,
        attempts=attempts,
        error=error,
        at=at,
        message_id=letter.message_id,
        late=False,
    )
