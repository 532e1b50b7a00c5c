"""The remind run as one library call: plan the day's digests, send them, record what went.

The order of a run: check the settings; take the run lock (`<db>.remind.lock`,
without waiting: a second run at the same time sends nothing); read the
database and plan the digests against the send log (`remind.plan`); then for
each digest: write its attempt to the send log (with the outcome of the one
before), send it, note the outcome. Nothing is sent that cannot be recorded:
when a write fails (a full disk, a read-only directory, the database lock
busy past its timeout) the run stops at once, so at most the one digest
whose outcome was not written can go again on the next run. A refused
recipient, a 4xx/5xx after DATA or a lost session fails that digest alone;
a lost session is reopened for the next one. The database lock is only held
for each short write, never while talking to the server.

The CLI's `remind` and any other front end call `run`; what it has to say
comes back as `Text` notes, rendered by the caller.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from filelock import FileLock, Timeout

from deadlines import config, paths
from deadlines.app import admin_notes, channels, index
from deadlines.app.workspace import Workspace
from deadlines.core.calendar import Coverage, coverage
from deadlines.core.errors import DeadlinesError, DeliveryError, StoreError
from deadlines.core.i18n import Text
from deadlines.remind.admin import admin_preview
from deadlines.remind.letter import Letter, compose, message, owner_warning, preview
from deadlines.remind.plan import SENDING, UNCONFIRMED, Plan, Row, failed_rows, plan, sent_rows
from deadlines.remind.smtp import Postman, SessionError, SmtpSettings
from deadlines.store.factory import is_url
from deadlines.store.ledger import Ledger

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
    stopped: DeadlinesError | None = None
    """The send log could not be written, so the run stopped before sending more."""
    grouped: int = 0
    """Group-robot messages sent (or, in a dry run, previewed): see `app.channels`."""
    admin: bool = False
    """The administrator's digest went (or, in a dry run, was previewed): see `app.admin_notes`."""


_NO_MAIL = Plan(digests=(), unowned=(), bad_addresses=())
"""The mail plan of a run with no SMTP server set but a group robot set."""


def _lock_target(ws: Workspace) -> Path:
    """The file a run lock sits beside: the database file, or for a server this machine's data dir (runs on
    several hosts are kept apart by the server's own send-log keys)."""
    return paths.data_dir() / "server" if is_url(ws.db_path) else Path(ws.db_path)


def run_lock_path(db: Path) -> Path:
    """The lock that keeps two `remind` runs on one database from overlapping."""
    return db.with_name(db.name + ".remind.lock")


@contextmanager
def run_lock(db: Path) -> Iterator[bool]:
    """Hold the run lock if it is free (True), else yield False at once."""
    lock = FileLock(run_lock_path(db), timeout=0)
    try:
        db.parent.mkdir(parents=True, exist_ok=True)
        lock.acquire()
    except Timeout:
        yield False
        return
    except OSError as error:
        raise StoreError(
            f"无法创建提醒运行锁 {run_lock_path(db)}（{error.strerror or error}）：数据目录可写吗？未发送任何提醒。",
            f"cannot create the reminder run lock {run_lock_path(db)} ({error.strerror or error}): "
            "is the data directory writable? Nothing was sent.",
        ) from None
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
    warning = owner_warning(calendars, ws.today)
    missing = ws.today.year + 1 if calendars.next_year_missing else None
    mail = channels.mail_wanted(ws.settings, smtp.host)
    if dry_run:
        ledger = ws.ledger(due_by=ws.today, history=False)
        _release_stale_claims(ws, ledger.snapshot.sends)
        outcome = Outcome(_plan(ws, ledger, calendars) if mail else _NO_MAIL)
        for digest in outcome.plan.digests:
            letter = compose(digest, ws.lang, domain=smtp.domain, calendar_warning=warning)
            outcome.previews.append(preview(letter, smtp.sender))
        if mail and (admin := admin_notes.letter(ws, outcome.plan, ledger.snapshot.sends, missing, smtp, say)):
            outcome.previews.append(admin_preview(admin, smtp.sender))
            outcome.admin = True
        groups = channels.run(ws, ledger, calendars, dry_run=True, say=say)
        outcome.previews += groups.previews
        outcome.grouped = groups.sent
        return outcome
    if mail:
        smtp.check_sendable()
    with run_lock(_lock_target(ws)) as held:
        if not held:
            lock = run_lock_path(_lock_target(ws))
            say(
                Text(
                    f"另一个 deadlines remind 正在运行（锁 {lock}），本次不发送。",
                    f"another deadlines remind is running (lock {lock}); this run sends nothing.",
                )
            )
            return Outcome(Plan(digests=(), unowned=(), bad_addresses=()), locked_out=True)
        ledger = ws.ledger(due_by=ws.today, history=False)
        _release_stale_claims(ws, ledger.snapshot.sends)
        outcome = Outcome(_plan(ws, ledger, calendars) if mail else _NO_MAIL)
        letters = [compose(d, ws.lang, domain=smtp.domain, calendar_warning=warning) for d in outcome.plan.digests]
        if letters:
            log = _deliver(ws, smtp, letters, ledger.snapshot.sends, say)
            outcome.sent, outcome.failures, outcome.stopped = log.sent, log.failures, log.stopped
        if mail and outcome.stopped is None:
            _admin(ws, smtp, outcome, ledger.snapshot.sends, missing, say)
        if outcome.stopped is None:
            groups = channels.run(ws, ledger, calendars, dry_run=False, say=say)
            outcome.failures += groups.failures
            outcome.grouped = groups.sent
            index.refresh(ws, ledger.snapshot)  # the daily run keeps the next-action index current for readings
    return outcome


def _admin(
    ws: Workspace, smtp: SmtpSettings, outcome: Outcome, sends: Mapping[str, Row], missing: int | None, say: Say
) -> None:
    """Send the day's administrator digest (`app.admin_notes`), its failure and stop going into `outcome`."""
    admin = admin_notes.letter(ws, outcome.plan, sends, missing, smtp, say)
    if admin is not None:
        outcome.admin, failure, outcome.stopped = admin_notes.send(ws, smtp, admin, sends, say)
        outcome.failures += [failure] if failure else []


def _release_stale_claims(ws: Workspace, sends: Mapping[str, Row]) -> None:
    """Reminders a run claimed on an earlier day and never confirmed (it died while sending): claimable again."""
    today = ws.today.isoformat()
    stale = [{**row, "state": "failed"} for row in sends.values() if row.get("state") == SENDING and row["day"] < today]
    if stale:
        ws.store.record_sends(stale)


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


def _deliver(ws: Workspace, smtp: SmtpSettings, letters: list[Letter], sends: Mapping[str, Row], say: Say) -> _SendLog:
    """Send each letter alone, never one whose sending cannot be recorded; what went, what failed, why it stopped.

    Before each letter its attempt is written to the send log (with the
    outcome of the letter before, in the same write); a refused letter fails
    alone; a lost session is reopened for the next letter. When a write
    fails the run stops at once: the letter whose outcome it carried is the
    only one that can go twice, on the next run.
    """
    assert smtp.sender is not None
    log = _SendLog(ws, sends, say)
    postman = Postman(smtp, smtp.password())
    try:
        for n, letter in enumerate(letters):
            claimed = log.attempt(letter, remaining=len(letters) - n)
            if claimed is None:
                break
            if not claimed:
                continue
            if not postman.connected:
                try:
                    postman.open()
                except SessionError as error:  # no server to send to: every letter left fails alike
                    log.failed(letters[n:], error)
                    break
            now = ws.clock.now()
            try:
                postman.send(message(letter, smtp.sender, now))
            except DeliveryError as error:  # refused, or the session lost: the next letter opens a new one
                log.failed([letter], error)
                continue
            log.delivered(letter, now.isoformat(timespec="seconds"))
    finally:
        postman.close()
    log.close()
    return log


class _SendLog:
    """The send log's side of a run: attempts written before sending, outcomes written with the next attempt."""

    def __init__(self, ws: Workspace, sends: Mapping[str, Row], say: Say) -> None:
        self.ws, self.sends, self.say = ws, sends, say
        self.sent = 0
        self.failures: list[DeliveryError] = []
        self.stopped: DeadlinesError | None = None
        self.unwritten: list[Row] = []
        self.unrecorded: str | None = None
        """The recipient of a delivered letter whose `sent` rows are still in `unwritten`."""

    def attempt(self, letter: Letter, *, remaining: int) -> bool | None:
        """Claim the letter's reminders in the send log before it is sent (what is unwritten goes first).

        True: send it. False: another run (on this host or another one sharing the database) holds some
        of its reminders, so this run leaves the letter to it. None: the log cannot be written, and the
        run has stopped.
        """
        if self.unwritten and not self._write([], remaining):
            return None
        rows = [
            {**row, "state": SENDING}
            for row in failed_rows(
                letter.digest, self.sends, message_id=letter.message_id, at=self.ws.clock.stamp(), error=UNCONFIRMED
            )
        ]
        try:
            claimed = set(self.ws.store.claim_sends(rows))
        except (DeadlinesError, OSError) as error:
            self.stopped = _unrecorded(None, remaining, error)
            return None
        if claimed == {row["id"] for row in rows}:
            return True
        # Part of it is another run's: give back what this run claimed, so a later run sends it whole.
        self.unwritten += [{**row, "state": "failed"} for row in rows if row["id"] in claimed]
        who = letter.digest.recipient
        self.say(Text(f"发给 {who} 的提醒正由另一次运行发送，本次跳过。", f"another run is sending to {who}; skipped."))
        return False

    def delivered(self, letter: Letter, at: str) -> None:
        self.unwritten += sent_rows(letter.digest, self.sends, message_id=letter.message_id, at=at)
        self.unrecorded = letter.digest.recipient
        self.sent += 1

    def failed(self, batch: list[Letter], error: DeliveryError) -> None:
        at = self.ws.clock.stamp()
        for letter in batch:
            self.failures.append(error)
            self.unwritten += failed_rows(
                letter.digest, self.sends, message_id=letter.message_id, at=at, error=error.text.en
            )
            who = letter.digest.recipient
            self.say(Text(f"发给 {who} 失败：{error.text.zh}", f"to {who}: {error.text.en}"))

    def close(self) -> None:
        if self.stopped is None and self.unwritten:
            self._write([], 0)

    def _write(self, rows: list[Row], remaining: int) -> bool:
        try:
            self.ws.store.record_sends([*self.unwritten, *rows])
        except (DeadlinesError, OSError) as error:
            self.stopped = _unrecorded(self.unrecorded, remaining, error)
            return False
        self.unwritten, self.unrecorded = [], None
        return True


def _unrecorded(delivered: str | None, remaining: int, error: Exception) -> StoreError:
    """Why the run stopped: the send log could not be written (after `delivered` was sent, if given)."""
    why = error.text if isinstance(error, DeadlinesError) else Text(str(error), str(error))
    if delivered:
        return StoreError(
            f"已发给 {delivered}，但无法记入发送记录（{why.zh}）；已立即停止，其余 {remaining} 封未发送。"
            f"下次运行时 {delivered} 可能再收到这一封。",
            f"delivered to {delivered} but could not record it in the send log ({why.en}); stopped at once, "
            f"{remaining} digest(s) not sent. The next run may send {delivered} this digest once more.",
        )
    return StoreError(
        f"无法写入发送记录（{why.zh}）；不能记录的提醒一律不发，{remaining} 封未发送。",
        f"cannot write the send log ({why.en}); nothing is sent that cannot be recorded, "
        f"so {remaining} digest(s) were not sent.",
    )


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
    for skipped in result.unplanned:
        out.append(
            Text(
                f"义务 {skipped.key} 的日期今天无法计算，已跳过（其余提醒照常发送）：{skipped.problem.zh}",
                f"skipped obligation {skipped.key}, whose dates cannot be computed today "
                f"(every other reminder still goes): {skipped.problem.en}",
            )
        )
    late = sum(d.late for d in result.digests)
    items = sum(len(d.entries) for d in result.digests)
    if not result.digests:
        if not outcome.grouped and not outcome.failures and not outcome.admin:
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
    """Raise the run's error, if any (exit 1): a send log that could not be written, undelivered digests,
    obligations that cannot be computed, then malformed owner addresses."""
    if outcome.stopped is not None:
        raise outcome.stopped
    if outcome.failures:
        n = len(outcome.failures)
        raise DeliveryError(
            f"{n} 封提醒未能送出（原因见上），下次运行时会重试。",
            f"{n} digest(s) not delivered (reasons above); they are retried on the next run.",
        )
    if outcome.plan.unplanned:
        n = len(outcome.plan.unplanned)
        raise DeadlinesError(
            f"{n} 项义务的日期无法计算，没有提醒（见上）：请用 deadlines edit 改正，deadlines doctor 会列出它们。",
            f"{n} obligation(s) have dates that cannot be computed and got no reminder (see above): "
            "correct them with deadlines edit; deadlines doctor lists them.",
        )
    if outcome.plan.bad_addresses:
        n = len(outcome.plan.bad_addresses)
        raise DeadlinesError(
            f"{n} 个负责人地址格式不对，已跳过（见上）。",
            f"{n} owner address(es) are malformed and were skipped (see above).",
        )
