"""`deadlines remind`: mail each owner one digest of what needs attention today, from cron.

The order of a run: check the settings; take the run lock (`<db>.remind.lock`,
without waiting: a second run at the same time sends nothing and exits 0);
read the database and plan the digests against the send log (`digest.plan`);
send them over one SMTP session; record what was accepted or refused in the
send log. The database lock is only held for each short write, never while
talking to the server; the log is written about every 2 seconds while
sending and always before the command ends (even on an error), so only a
hard kill can lose the record of a sent mail; it is then sent again (with
the same Message-ID when that happens the same day).
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import Any

import click
from filelock import FileLock, Timeout

from deadlines import config
from deadlines.cli.context import BEIJING, AppContext, pass_app, today_option_callback
from deadlines.cli.output import chinese
from deadlines.core.calendar import Coverage, coverage
from deadlines.core.errors import DeadlinesError, DeliveryError
from deadlines.core.i18n import Text
from deadlines.remind.smtp import Postman, SessionError, SmtpSettings
from deadlines.remind.plan import Plan, Row, failed_rows, plan, sent_rows
from deadlines.store.ledger import Ledger
from deadlines.remind.letter import Letter, compose, message, preview

FLUSH_SECONDS = 2.0
"""Record sends in the database at least this often during a run (each write re-writes the file)."""


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


def _settings(app: AppContext, overrides: dict[str, Any]) -> SmtpSettings:
    where = Text("命令行选项", "the command line")
    cfg = app.settings
    for key, value in overrides.items():
        if value is not None:
            cfg = cfg.with_value(key, config.check(key, value, where))
    return SmtpSettings.from_config(cfg)


def _address_setting(app: AppContext, key: str) -> str:
    address = app.settings[key]
    return config.parse_address(address).addr_spec.lower() if address else ""


def _plan(app: AppContext, ledger: Ledger, calendars: Coverage) -> Plan:
    return plan(
        ledger.agenda(app.calendar_for, app.today),
        ledger.snapshot.sends,
        app.calendar_for,
        app.today,
        escalation=_address_setting(app, "remind.escalation"),
        escalate_after=app.settings["remind.escalate_after_days"],
        default_to=_address_setting(app, "remind.default_to"),
        missing_year=app.today.year + 1 if calendars.next_year_missing else None,
    )


def _say(zh: str, en: str) -> None:
    click.echo(f"deadlines remind: {zh if chinese() else en}", err=True)


@click.command("remind")
@click.option("--dry-run", is_flag=True, help="Print the mails that would be sent (stdout); send and record nothing.")
@click.option(
    "--today",
    metavar="YYYY-MM-DD",
    callback=today_option_callback,
    help="Take this date as today (like the global --today), e.g. to send a catch-up or to test.",
)
@click.option("--smtp-host", metavar="HOST", help="SMTP server (config smtp.host).")
@click.option("--smtp-port", type=click.IntRange(1, 65535), help="SMTP port (config smtp.port).")
@click.option(
    "--smtp-security", type=click.Choice(["ssl", "starttls", "none"]), help="ssl, starttls or none (smtp.security)."
)
@click.option("--smtp-user", metavar="USER", help="Login name (smtp.user); password from DEADLINES_SMTP_PASSWORD.")
@click.option("--from", "sender", metavar="ADDRESS", help="Sender address (smtp.from).")
@click.option(
    "--smtp-cafile",
    type=click.Path(exists=True, dir_okay=False),
    help="Trust this CA/self-signed certificate (PEM), e.g. a local test server's (smtp.cafile).",
)
@pass_app
def command(
    app: AppContext,
    dry_run: bool,
    today: date | None,
    smtp_host: str | None,
    smtp_port: int | None,
    smtp_security: str | None,
    smtp_user: str | None,
    sender: str | None,
    smtp_cafile: str | None,
) -> None:
    """Mail each owner one digest: overdue, due today, lead-time stages, windows opening.

    Run it from cron once a day (or more: a reminder is never sent twice).
    Days the job did not run are caught up, marked late; a failed delivery is
    retried on the next run. Exit 0: delivered, or nothing to send; 1: a
    delivery failed or an owner address is malformed (reasons on stderr);
    2: usage or configuration error.

    \b
    Examples:
      deadlines remind --dry-run
      deadlines remind
      deadlines remind --today 2026-12-01 --dry-run
      deadlines remind --smtp-host smtp.qq.com --smtp-security ssl --smtp-user me@qq.com --from me@qq.com
      deadlines config set smtp.host smtp.163.com
    """
    if today is not None:
        app.today = today
    smtp = _settings(
        app,
        {
            "smtp.host": smtp_host,
            "smtp.port": smtp_port,
            "smtp.security": smtp_security,
            "smtp.user": smtp_user,
            "smtp.from": sender,
            "smtp.cafile": smtp_cafile,
        },
    )
    calendars = coverage(app.sources, app.today)
    warning = calendars.warning()
    if dry_run:
        result = _plan(app, app.ledger(), calendars)
        for digest in result.digests:
            letter = compose(digest, app.lang, domain=smtp.domain, calendar_warning=warning)
            click.echo(preview(letter, smtp.sender))
        _report(result, sent=0, dry_run=True)
    else:
        smtp.check_sendable()
        with run_lock(app.db_path) as held:
            if not held:
                _say(
                    f"另一个 deadlines remind 正在运行（锁 {run_lock_path(app.db_path)}），本次不发送。",
                    f"another deadlines remind is running (lock {run_lock_path(app.db_path)}); this run sends nothing.",
                )
                return
            ledger = app.ledger()
            result = _plan(app, ledger, calendars)
            letters = [compose(d, app.lang, domain=smtp.domain, calendar_warning=warning) for d in result.digests]
            failures = _deliver(app, smtp, letters, ledger.snapshot.sends) if letters else []
        _report(result, sent=len(letters) - len(failures), dry_run=False)
        if failures:
            raise DeliveryError(
                f"{len(failures)} 封提醒未能送出（原因见上），下次运行时会重试。",
                f"{len(failures)} digest(s) not delivered (reasons above); they are retried on the next run.",
            )
    if result.bad_addresses:
        raise DeadlinesError(
            f"{len(result.bad_addresses)} 个负责人地址格式不对，已跳过（见上）。",
            f"{len(result.bad_addresses)} owner address(es) are malformed and were skipped (see above).",
        )


def _deliver(
    app: AppContext, smtp: SmtpSettings, letters: list[Letter], sends: Mapping[str, Row]
) -> list[DeliveryError]:
    """Send every letter over one session, recording each outcome; the failures, in order."""
    assert smtp.sender is not None
    password = smtp.password()
    pending: list[Row] = []
    failures: list[DeliveryError] = []
    flushed = time.monotonic()

    def failed(batch: list[Letter], error: DeliveryError) -> None:
        at = datetime.now(BEIJING).isoformat(timespec="seconds")
        for letter in batch:
            failures.append(error)
            pending.extend(failed_rows(letter.digest, sends, message_id=letter.message_id, at=at, error=error.text.en))
        who = batch[0].digest.recipient if len(batch) == 1 else None
        _say(
            f"发给 {who} 失败：{error.text.zh}" if who else f"{len(batch)} 封提醒未发出：{error.text.zh}",
            f"to {who}: {error.text.en}" if who else f"{len(batch)} digest(s) not sent: {error.text.en}",
        )

    try:
        with Postman(smtp, password) as postman:
            for n, letter in enumerate(letters):
                now = datetime.now(BEIJING)
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
                    app.store.record_sends(pending)
                    pending, flushed = [], time.monotonic()
    except SessionError as error:
        failed(letters, error)
    finally:
        if pending:
            app.store.record_sends(pending)
    return failures


def _report(result: Plan, *, sent: int, dry_run: bool) -> None:
    if result.unowned:
        shown = ", ".join(result.unowned[:5]) + (" …" if len(result.unowned) > 5 else "")
        _say(
            f"{len(result.unowned)} 项今天该提醒的义务没有负责人，未发给任何人：{shown}。"
            "请用 deadlines edit KEY --owner 设置负责人，或 deadlines config set remind.default_to 地址。",
            f"{len(result.unowned)} obligation(s) with a reminder due today have no owner, so nobody was told: {shown}. "
            "Set one with deadlines edit KEY --owner, or deadlines config set remind.default_to ADDRESS.",
        )
    for bad in result.bad_addresses:
        _say(
            f"义务 {bad.key} 的负责人地址已跳过：{bad.problem.zh}",
            f"skipped an owner address of obligation {bad.key}: {bad.problem.en}",
        )
    late = sum(d.late for d in result.digests)
    items = sum(len(d.entries) for d in result.digests)
    if not result.digests:
        _say("今天没有需要发送的提醒。", "nothing to send today.")
    elif dry_run:
        _say(
            f"试运行：将发送 {len(result.digests)} 封提醒（{items} 项，其中补发 {late} 项）；未发送、未记录。",
            f"dry run: would send {len(result.digests)} digest(s) ({items} items, {late} late); "
            "nothing sent or recorded.",
        )
    elif sent:
        _say(
            f"已发送 {sent} 封提醒（共 {len(result.digests)} 封，{items} 项，其中补发 {late} 项）。",
            f"sent {sent} of {len(result.digests)} digest(s) ({items} items, {late} late).",
        )
