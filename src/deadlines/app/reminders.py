"""The remind run as one library call: plan the day's digests, send them, record what went.

The order of a run: check the settings; take the run lock (`<db>.remind.lock`,
without waiting: a second run at the same time sends nothing); read the
database and plan the digests against the send log (`remind.plan`); send
them over one SMTP session; record what was accepted or refused in the send
log. The database lock is only held for each short write, never while
talking to the server; the log is written about every 2 seconds while
sending and always before the run ends (even on an error), so only a hard
kill can lose the record of a sent mail.

The CLI's `remind` and any other front end call `run`; what it has to say
comes back as `Text` notes, rendered by the caller.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from filelock import FileLock, Timeout

from deadlines import config
from deadlines.app import channels
from deadlines.app.workspace import Workspace
from deadlines.core.calendar import Coverage, coverage
from deadlines.core.errors import DeadlinesError, DeliveryError
from deadlines.core.i18n import Text
from deadlines.remind.letter import Letter, compose, message, preview
from deadlines.remind.plan import Plan, Row, failed_rows, plan, sent_rows
from deadlines.remind.smtp import Postman, SessionError, SmtpSettings
from deadlines.store.ledger import Ledger

FLUSH_SECONDS = 2.0
"""Record sends in the database at least this often during a run (each write re-writes the file)."""

Say = Callable[[Text], None]


@dataclass
class Outcome:
    """What a run did: the plan, how many digests went, the failures, the previews of a dry run."""

    plan: Plan
    sent: int = 0
    failures: list[DeliveryError] = field(default_factory=list)
    previews: list[str] = field(default_factory=list)
    locked_out: bool = False
    """Another run held the run lock, so this one sent nothing."""
    grouped: int = 0
    """Group-robot messages sent (or, in a dry run, previewed): see `app.channels`."""


_NO_MAIL = Plan(digests=(), unowned=(), bad_addresses=())
"""The mail plan of a run with no SMTP server set but a group robot set."""


def run_lock_path(db: Path) -> Path:
    """The lock that keeps two `remind` runs on one database from overlapping."""
    return db.with_name(db.name + ".remind.lock")


@contextmanager
def run_lock(db: Path) -> Iterator[bool]:
    """Hold the run lock if it is free (True), else yield False at once."""
    db.parent.mkdir(parents=True, exist_ok=True)
    lock = FileLock(run_lock_path(db), timeout=0)
    try:
        lock.acquire()
    except Timeout:
        yield False
        return
    try:
        yield True
    finally:
        lock.release()


def smtp_settings(ws: Workspace, overrides: Mapping[str, Any]) -> SmtpSettings:
    """The config's `smtp.*` settings with the given overrides (None: not given) checked and applied."""
    where = Text("命令行选项", "the command line")
    cfg = ws.settings
    for key, value in overrides.items():
        if value is not None:
            cfg = cfg.with_value(key, config.check(key, value, where))
    return SmtpSettings.from_config(cfg)


def run(ws: Workspace, smtp: SmtpSettings, *, dry_run: bool, say: Say) -> Outcome:
    """Plan today's digests and (unless `dry_run`) send them; failures are in the outcome, not raised."""
    calendars = coverage(ws.sources, ws.today)
    warning = calendars.warning()
    mail = channels.mail_wanted(ws.settings, smtp.host)
    if dry_run:
        ledger = ws.ledger()
        outcome = Outcome(_plan(ws, ledger, calendars) if mail else _NO_MAIL)
        for digest in outcome.plan.digests:
            letter = compose(digest, ws.lang, domain=smtp.domain, calendar_warning=warning)
            outcome.previews.append(preview(letter, smtp.sender))
        groups = channels.run(ws, ledger, calendars, dry_run=True, say=say)
        outcome.previews += groups.previews
        outcome.grouped = groups.sent
        return outcome
    if mail:
        smtp.check_sendable()
    with run_lock(ws.db_path) as held:
        if not held:
            lock = run_lock_path(ws.db_path)
            say(
                Text(
                    f"另一个 deadlines remind 正在运行（锁 {lock}），本次不发送。",
                    f"another deadlines remind is running (lock {lock}); this run sends nothing.",
                )
            )
            return Outcome(Plan(digests=(), unowned=(), bad_addresses=()), locked_out=True)
        ledger = ws.ledger()
        outcome = Outcome(_plan(ws, ledger, calendars) if mail else _NO_MAIL)
        letters = [compose(d, ws.lang, domain=smtp.domain, calendar_warning=warning) for d in outcome.plan.digests]
        if letters:
            outcome.failures = _deliver(ws, smtp, letters, ledger.snapshot.sends, say)
        outcome.sent = len(letters) - len(outcome.failures)
        groups = channels.run(ws, ledger, calendars, dry_run=False, say=say)
        outcome.failures += groups.failures
        outcome.grouped = groups.sent
    return outcome


def _address_setting(ws: Workspace, key: str) -> str:
    address = ws.settings[key]
    return config.parse_address(address).addr_spec.lower() if address else ""


def _plan(ws: Workspace, ledger: Ledger, calendars: Coverage) -> Plan:
    return plan(
        ledger.agenda(ws.calendar_for, ws.today),
        ledger.snapshot.sends,
        ws.calendar_for,
        ws.today,
        escalation=_address_setting(ws, "remind.escalation"),
        escalate_after=ws.settings["remind.escalate_after_days"],
        default_to=_address_setting(ws, "remind.default_to"),
        missing_year=ws.today.year + 1 if calendars.next_year_missing else None,
    )


def _deliver(
    ws: Workspace, smtp: SmtpSettings, letters: list[Letter], sends: Mapping[str, Row], say: Say
) -> list[DeliveryError]:
    """Send every letter over one session, recording each outcome; the failures, in order."""
    assert smtp.sender is not None
    password = smtp.password()
    pending: list[Row] = []
    failures: list[DeliveryError] = []
    flushed = time.monotonic()

    def failed(batch: list[Letter], error: DeliveryError) -> None:
        at = ws.clock.stamp()
        for letter in batch:
            failures.append(error)
            pending.extend(failed_rows(letter.digest, sends, message_id=letter.message_id, at=at, error=error.text.en))
        who = batch[0].digest.recipient if len(batch) == 1 else None
        say(
            Text(
                f"发给 {who} 失败：{error.text.zh}" if who else f"{len(batch)} 封提醒未发出：{error.text.zh}",
                f"to {who}: {error.text.en}" if who else f"{len(batch)} digest(s) not sent: {error.text.en}",
            )
        )

    try:
        with Postman(smtp, password) as postman:
            for n, letter in enumerate(letters):
                now = ws.clock.now()
                try:
                    postman.send(message(letter, smtp.sender, now))
                except SessionError as error:
                    failed(letters[n:], error)
                    break
                except DeliveryError as error:
                    failed([letter], error)
                    continue
                at = now.isoformat(timespec="seconds")
                pending.extend(sent_rows(letter.digest, sends, message_id=letter.message_id, at=at))
                if time.monotonic() - flushed > FLUSH_SECONDS:
                    ws.store.record_sends(pending)
                    pending, flushed = [], time.monotonic()
    except SessionError as error:
        failed(letters, error)
    finally:
        if pending:
            ws.store.record_sends(pending)
    return failures


def notes(outcome: Outcome, *, dry_run: bool) -> list[Text]:
    """What to tell the user after a run: unowned items, skipped addresses, the count sent."""
    result = outcome.plan
    out: list[Text] = []
    if result.unowned:
        shown = ", ".join(result.unowned[:5]) + (" …" if len(result.unowned) > 5 else "")
        out.append(
            Text(
                f"{len(result.unowned)} 项今天该提醒的义务没有负责人，未发给任何人：{shown}。"
                "请用 deadlines edit KEY --owner 设置负责人，或 deadlines config set remind.default_to 地址。",
                f"{len(result.unowned)} obligation(s) with a reminder due today have no owner, so nobody was told: "
                f"{shown}. Set one with deadlines edit KEY --owner, or deadlines config set remind.default_to ADDRESS.",
            )
        )
    for bad in result.bad_addresses:
        out.append(
            Text(
                f"义务 {bad.key} 的负责人地址已跳过：{bad.problem.zh}",
                f"skipped an owner address of obligation {bad.key}: {bad.problem.en}",
            )
        )
    late = sum(d.late for d in result.digests)
    items = sum(len(d.entries) for d in result.digests)
    if not result.digests:
        if not outcome.grouped and not outcome.failures:
            out.append(Text("今天没有需要发送的提醒。", "nothing to send today."))
    elif dry_run:
        out.append(
            Text(
                f"试运行：将发送 {len(result.digests)} 封提醒（{items} 项，其中补发 {late} 项）；未发送、未记录。",
                f"dry run: would send {len(result.digests)} digest(s) ({items} items, {late} late); "
                "nothing sent or recorded.",
            )
        )
    elif outcome.sent:
        out.append(
            Text(
                f"已发送 {outcome.sent} 封提醒（共 {len(result.digests)} 封，{items} 项，其中补发 {late} 项）。",
                f"sent {outcome.sent} of {len(result.digests)} digest(s) ({items} items, {late} late).",
            )
        )
    return out


def check(outcome: Outcome) -> None:
    """Raise the run's error, if any: undelivered digests, then malformed owner addresses (exit 1)."""
    if outcome.failures:
        n = len(outcome.failures)
        raise DeliveryError(
            f"{n} 封提醒未能送出（原因见上），下次运行时会重试。",
            f"{n} digest(s) not delivered (reasons above); they are retried on the next run.",
        )
    if outcome.plan.bad_addresses:
        n = len(outcome.plan.bad_addresses)
        raise DeadlinesError(
            f"{n} 个负责人地址格式不对，已跳过（见上）。",
            f"{n} owner address(es) are malformed and were skipped (see above).",
        )
