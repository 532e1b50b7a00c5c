"""`deadlines remind` against a real SMTP server on 127.0.0.1: what arrives, what the send log holds.

Dates (official 2026 calendar): 积分奖励申请 is the window 12-01..12-15, so
its stages are 30日 11-15, opens 12-01, 7日 12-08, 1日 12-14, due 12-15,
overdue 12-16 and weekly after. 基础学分登记 is due 2026-10-20 (10 working
days after 09-30, over National Day), so it is overdue on every day used here.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from datetime import date
from pathlib import Path

import icalendar
import pytest
from filelock import FileLock

from deadlines.app.reminders import run_lock_path
from deadlines.core.errors import ConfigError
from deadlines.core.models import Obligation
from deadlines.store import Store
from deadlines.transfer.export import uid
from tests.conftest import run_process
from tests.smtp_server import PASSWORD, USER, Handler, SmtpServer, free_port, recipients, self_signed_certificate

pytestmark = [
    pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS"),
    pytest.mark.filterwarnings("ignore:Session.login_data is deprecated"),
]

ADDED = "2026-11-01"
LI, WANG, BOSS = "li@example.com", "wang@example.com", "boss@example.com"


# ---------------------------------------------------------------- fixtures and helpers


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    return self_signed_certificate(tmp_path_factory.mktemp("tls"))


def _serve(security: str, certificate: tuple[Path, Path] | None) -> Iterator[SmtpServer]:
    cert, key = certificate or (None, None)
    server = SmtpServer(security, free_port(), cert, key).start()  # type: ignore[arg-type]
    yield server
    server.stop()


@pytest.fixture
def server() -> Iterator[SmtpServer]:
    """Plain SMTP, no login: a local relay."""
    yield from _serve("none", None)


@pytest.fixture
def starttls_server(certificate: tuple[Path, Path]) -> Iterator[SmtpServer]:
    """STARTTLS required, then AUTH required, self-signed certificate."""
    yield from _serve("starttls", certificate)


@pytest.fixture
def ssl_server(certificate: tuple[Path, Path]) -> Iterator[SmtpServer]:
    """Implicit TLS (SMTPS, like port 465) with AUTH, self-signed certificate."""
    yield from _serve("ssl", certificate)


@pytest.fixture
def db(isolated_home: Path) -> Path:
    return isolated_home / "deadlines.json"


@pytest.fixture
def two(cli):
    """积分奖励申请 for li and wang; 基础学分登记 (overdue) for li; added on 2026-11-01."""
    add = ("--today", ADDED, "add")
    cli(*add, "积分奖励申请", "--rule", "每年12月1日至12月15日", "--key", "cas-window", "--owner", LI, "--owner", WANG,
        "--source", "000 第12行")  # fmt: skip
    cli(*add, "基础学分登记", "--rule", "培训结束后10个工作日内", "--start", "2026-09-30", "--key", "cas-basic",
        "--owner", LI, "--source", "000 第71行")  # fmt: skip
    return cli


def remind(cli, server: SmtpServer, today: str, *more: str, trust: bool = True):
    return cli("remind", "--today", today, *server.options(trust=trust), *more)


def sends(db: Path) -> dict[str, dict]:
    return Store(db).sends()


def states(db: Path) -> dict[tuple[str, str, str], str]:
    """(key, stage, recipient) -> state, for the obligations' rows."""
    return {(r["key"], r["stage"], r["recipient"]): r["state"] for r in sends(db).values() if r["key"] != "@calendar"}


def mail_to(server: SmtpServer, address: str):
    found = [m.message for m in server.messages if address in m.rcpt_tos]
    assert len(found) == 1, f"{len(found)} messages to {address}"
    return found[0]


def text_of(message) -> str:
    return message.get_body(("plain",)).get_content()


def write_config(home: Path, text: str) -> None:
    home.mkdir(parents=True, exist_ok=True)
    (home / "config.toml").write_text(text, encoding="utf-8")


# ---------------------------------------------------------------- what arrives


def test_each_owner_gets_one_digest_with_text_html_and_ics(two, server, db) -> None:
    r = remind(two, server, "2026-11-15")
    assert r.exit_code == 0, r.stderr
    assert recipients(server.messages) == [LI, WANG]
    li = mail_to(server, LI)
    assert li["Subject"] == "【合规提醒】2026-11-15：逾期 1 项，即将到期 1 项"
    assert b"=?utf-8?" in server.messages[0].raw.lower()  # the Chinese subject went RFC 2047-encoded
    assert li["From"].addresses[0].display_name == "合规提醒"
    body = text_of(li)
    for fragment in ("基础学分登记", "2026-10-20（周二） · 已逾期 26 天（18 个工作日）", "出处：000 第71行",
                     "积分奖励申请", "还剩 30 天", "窗口：2026-12-01（周二） 至 2026-12-15（周二）",
                     "依据：规则「培训结束后10个工作日内」", "键：cas-basic（期次 一次性）"):  # fmt: skip
        assert fragment in body
    # Issue 15: a summary first, the overdue item before the one due later, no commands for the owner to run.
    assert "!! 已逾期：1" in body and "! 7 天内到期" not in body  # 积分奖励申请 is 30 days away
    assert body.index("基础学分登记") < body.index("积分奖励申请") and "deadlines done" not in body
    assert "import-notice" not in body and "2027 年的官方节假日安排尚未导入" in body
    html = li.get_body(("html",)).get_content()
    assert "已逾期（1 项）</h2>" in html and "基础学分登记" in html and "#b71c1c" in html  # the overdue colour
    (ics,) = [p for p in li.iter_attachments() if p.get_content_type() == "text/calendar"]
    assert ics.get_filename() == "deadlines-2026-11-15.ics" and ics.get_param("method") == "PUBLISH"
    cal = icalendar.Calendar.from_ical(ics.get_content())
    assert cal["METHOD"] == "PUBLISH"
    events = {str(e["UID"]): e for e in cal.walk("VEVENT")}
    assert set(events) == {uid("cas-basic", "once"), uid("cas-window", "2026")}
    window = events[uid("cas-window", "2026")]
    assert window.decoded("DTSTART").isoformat() == "2026-12-01" and window["DTSTART"].params.get("VALUE") == "DATE"
    assert window.decoded("DTEND").isoformat() == "2026-12-16"  # exclusive
    assert str(window["SUMMARY"]) == "积分奖励申请"
    assert mail_to(server, WANG)["Subject"] == "【合规提醒】2026-11-15：即将到期 1 项"


def test_a_second_run_the_same_day_sends_nothing(two, server, db) -> None:
    assert remind(two, server, "2026-11-15").exit_code == 0
    again = remind(two, server, "2026-11-15")
    assert again.exit_code == 0 and "没有需要发送的提醒" in again.stderr
    assert len(server.messages) == 2
    assert states(db) == {
        ("cas-window", "30日", LI): "sent",
        ("cas-window", "30日", WANG): "sent",
        ("cas-basic", "overdue+21", LI): "sent",  # its earlier stages began before it was added: not missed
    }
    assert sends(db)[f"cas-basic|once|overdue|{LI}"]["covers"] == []


def test_message_id_is_deterministic_and_matches_the_dry_run(two, server) -> None:
    preview = two("remind", "--today", "2026-11-15", "--dry-run", "--from", "robot@example.com")
    ids = [line.split(": ", 1)[1] for line in preview.stdout.splitlines() if line.startswith("Message-ID: ")]
    assert ids == [line.split(": ", 1)[1] for line in two("remind", "--today", "2026-11-15", "--dry-run",
                   "--from", "robot@example.com").stdout.splitlines() if line.startswith("Message-ID: ")]  # fmt: skip
    remind(two, server, "2026-11-15")
    assert sorted(str(m.message["Message-ID"]) for m in server.messages) == sorted(ids)
    assert all(i.endswith(".20261115@example.com>") for i in ids)


def test_catch_up_after_a_skipped_week_sends_the_most_urgent_stage_marked_late(two, server, db) -> None:
    remind(two, server, "2026-11-15")
    server.messages.clear()
    r = remind(two, server, "2026-12-09")  # cron did not run from 11-16: opens (12-01) and 7日 (12-08) were missed
    assert r.exit_code == 0 and "其中补发" in r.stderr
    body = text_of(mail_to(server, WANG))
    # The window is open (12-01..12-15): its section says so, not 即将到期 (issue 15).
    assert "== 窗口开放（1 项） ==" in body and "开放至：2026-12-15（周二） · 还剩 6 天" in body
    assert "补发：此提醒应于 2026-12-08 发出，现补发。它同时代替未发出的提醒：窗口开放。" in body
    log = sends(db)
    row = log[f"cas-window|2026|7日|{WANG}"]
    assert (row["state"], row["late"], row["day"], row["covers"]) == ("sent", True, "2026-12-09", ["opens"])
    assert f"cas-window|2026|opens|{WANG}" not in log  # recorded in the row that covers it
    server.messages.clear()
    remind(two, server, "2026-12-14")  # the 1日 stage, on its day: not late
    assert "补发" not in text_of(mail_to(server, WANG))
    assert sends(db)[f"cas-window|2026|1日|{WANG}"]["late"] is False


def test_overdue_repeats_weekly_not_daily(cli, server, db) -> None:
    cli("--today", "2026-10-01", "add", "基础学分登记", "--rule", "培训结束后10个工作日内", "--start", "2026-09-30",
        "--key", "cas-basic", "--owner", LI)  # fmt: skip
    sent_on = []
    for day in range(21, 30):
        before = len(server.messages)
        remind(cli, server, f"2026-10-{day}")
        if len(server.messages) > before:
            sent_on.append(day)
    assert sent_on == [21, 28]  # due 10-20: overdue from 10-21, again 7 days later
    row = sends(db)[f"cas-basic|once|overdue|{LI}"]  # one row for the weekly series, naming the last repeat
    assert (row["stage"], row["state"], row["covers"]) == ("overdue+7", "sent", [])


def test_provisional_date_is_marked_with_its_range(cli, server) -> None:
    cli("--today", "2026-11-01", "add", "标准复审材料", "--rule", "培训结束后10个工作日内", "--start", "2027-01-29",
        "--key", "review", "--owner", LI)  # fmt: skip
    remind(cli, server, "2027-01-14")  # 30 days before the earliest possible date, 2027-02-13
    body = text_of(mail_to(server, LI))
    assert "推算日期：最早 2027-02-13，最晚 2027-02-22（提醒按最早日期）" in body
    assert "还剩 30 天" in body


# ---------------------------------------------------------------- TLS and login


def test_starttls_with_self_signed_certificate_and_login(two, starttls_server, monkeypatch) -> None:
    monkeypatch.setenv("DEADLINES_SMTP_PASSWORD", PASSWORD)
    r = remind(two, starttls_server, "2026-11-15")
    assert r.exit_code == 0, r.stderr
    assert recipients(starttls_server.messages) == [LI, WANG]
    assert starttls_server.handler.logins == [(USER, PASSWORD)]


def test_implicit_tls_with_login_and_password_command(two, ssl_server, isolated_home) -> None:
    command = f"{sys.executable} -c \"print('{PASSWORD}'); print('url: example')\""
    assert two("config", "set", "smtp.password_command", command).exit_code == 0
    r = remind(two, ssl_server, "2026-11-15")
    assert r.exit_code == 0, r.stderr
    assert recipients(ssl_server.messages) == [LI, WANG]
    assert ssl_server.handler.logins == [(USER, PASSWORD)]


def test_an_untrusted_certificate_is_refused(two, starttls_server, monkeypatch, db) -> None:
    monkeypatch.setenv("DEADLINES_SMTP_PASSWORD", PASSWORD)
    r = remind(two, starttls_server, "2026-11-15", trust=False)
    assert r.exit_code == 1
    assert "证书未通过校验" in r.stderr and "--smtp-cafile" in r.stderr
    assert starttls_server.messages == [] and "sent" not in states(db).values()


def test_starttls_is_never_skipped_when_the_server_lacks_it(two, server, db) -> None:
    r = two("remind", "--today", "2026-11-15", *server.options(), "--smtp-security", "starttls")
    assert r.exit_code == 1 and "STARTTLS" in r.stderr and "明文" in r.stderr
    assert server.messages == [] and set(states(db).values()) == {"failed"}


def test_refused_login_is_reported_and_nothing_is_marked_sent(two, starttls_server, monkeypatch, db) -> None:
    monkeypatch.setenv("DEADLINES_SMTP_PASSWORD", "wrong")
    r = remind(two, starttls_server, "2026-11-15")
    assert r.exit_code == 1
    assert "拒绝登录" in r.stderr and "535" in r.stderr
    assert starttls_server.messages == []
    log = sends(db)
    assert {row["state"] for row in log.values()} == {"failed"} and len(log) == 3
    assert all("535" in row["last_error"] for row in log.values())
    monkeypatch.setenv("DEADLINES_SMTP_PASSWORD", PASSWORD)
    assert remind(two, starttls_server, "2026-11-15").exit_code == 0
    assert recipients(starttls_server.messages) == [LI, WANG]


# ---------------------------------------------------------------- failures and retries


def test_server_down_then_the_next_run_delivers(two, server, db) -> None:
    server.stop()
    r = remind(two, server, "2026-11-15")
    assert r.exit_code == 1
    assert "无法连接 127.0.0.1" in r.stderr and "下次运行时会重试" in r.stderr
    assert server.messages == [] and set(states(db).values()) == {"failed"}
    server.start()
    r = remind(two, server, "2026-11-15")
    assert r.exit_code == 0, r.stderr
    assert recipients(server.messages) == [LI, WANG]
    row = sends(db)[f"cas-window|2026|30日|{LI}"]
    assert (row["state"], row["attempts"]) == ("sent", 2)


def test_a_refused_recipient_fails_alone_and_is_retried(two, server, db) -> None:
    server.handler.refused.add(WANG)
    r = remind(two, server, "2026-11-15")
    assert r.exit_code == 1
    assert WANG in r.stderr and "550" in r.stderr
    assert recipients(server.messages) == [LI]
    assert states(db)[("cas-window", "30日", WANG)] == "failed"
    server.handler.refused.clear()
    assert remind(two, server, "2026-11-15").exit_code == 0
    assert recipients(server.messages) == [LI, WANG]  # wang now, li not again


class Picky(Handler):
    """Refuses some recipients at RCPT (550), drops the session at DATA for others, defers others after DATA (451)."""

    def __init__(self, *, refused: set[str], dropped: set[str], deferred: set[str]) -> None:
        super().__init__(refused=refused)
        self.dropped, self.deferred = dropped, deferred
        self.sessions = 0

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        self.sessions += 1
        session.host_name = hostname
        return responses

    async def handle_DATA(self, server, session, envelope) -> str:
        if set(envelope.rcpt_tos) & self.dropped:
            server.transport.close()  # the server goes away mid-transaction, as a restarted relay does
            return "421 4.3.0 closing"
        if set(envelope.rcpt_tos) & self.deferred:
            return "451 4.3.0 try again later"
        return await super().handle_DATA(server, session, envelope)


SIX = ("alice", "drop", "later", "refuse", "sam", "zoe")


def test_each_digest_succeeds_or_fails_alone(cli, db) -> None:
    # Issue #12 point 1: smtplib's errors are OSErrors, so a 550 at RCPT used to end the session for everyone after.
    people = {name: f"{name}@example.com" for name in SIX}
    handler = Picky(refused={people["refuse"]}, dropped={people["drop"]}, deferred={people["later"]})
    server = SmtpServer("none", free_port(), None, None, handler).start()
    try:
        owners = [arg for name in SIX for arg in ("--owner", people[name])]
        cli("--today", ADDED, "add", "积分奖励申请", "--rule", "每年12月1日至12月15日", "--key", "cas-window", *owners)
        r = remind(cli, server, "2026-11-15")
        assert r.exit_code == 1
        assert recipients(server.messages) == [people["alice"], people["sam"], people["zoe"]]
        for name, reason in (("refuse", "550"), ("later", "451"), ("drop", "断开了连接")):
            (line,) = [line for line in r.stderr.splitlines() if f"发给 {people[name]} 失败" in line]
            assert reason in line
        assert "3 封提醒未能送出" in r.stderr and "Traceback" not in r.stderr
        assert handler.sessions == 2  # the dropped session was reopened once, for the letters after it
        assert {who: state for (_, _, who), state in states(db).items()} == {
            people[name]: "sent" if name in ("alice", "sam", "zoe") else "failed" for name in SIX
        }
        handler.refused.clear(), handler.dropped.clear(), handler.deferred.clear()
        assert remind(cli, server, "2026-11-15").exit_code == 0
        assert recipients(server.messages) == sorted(people.values())  # the three failed ones now, once each
    finally:
        server.stop()


@contextmanager
def frozen(directory: Path) -> Iterator[None]:
    """Nothing can be created, replaced or appended to in `directory` but its existing lock files
    (chattr +i on it and its files as root, who ignores modes; else chmod)."""
    root = os.geteuid() == 0
    paths = [directory, *(p for p in directory.iterdir() if p.is_file() and p.suffix != ".lock")]
    for path in paths:
        if root:
            subprocess.run(["chattr", "+i", str(path)], check=True)
        else:
            path.chmod(0o555 if path.is_dir() else 0o444)
    try:
        yield
    finally:
        for path in paths:
            if root:
                subprocess.run(["chattr", "-i", str(path)], check=True)
            else:
                path.chmod(0o755 if path.is_dir() else 0o600)


def test_nothing_is_sent_when_the_send_log_cannot_be_written(two, server, db) -> None:
    run_lock_path(db).touch()  # the locks exist from earlier runs; only new files cannot be made
    before = db.read_bytes()
    with frozen(db.parent):
        r = remind(two, server, "2026-11-15")
    assert r.exit_code == 1 and "无法写入发送记录" in r.stderr and "2 封未发送" in r.stderr
    assert "Traceback" not in r.stderr
    assert server.messages == [] and db.read_bytes() == before
    assert remind(two, server, "2026-11-15").exit_code == 0
    assert recipients(server.messages) == [LI, WANG]


def test_nothing_is_sent_on_a_full_disk(two, server, db) -> None:
    # A file-size limit as low as the send log (which `remind` appends to; the database itself is not rewritten
    # for sends): every write that would grow any file fails with EFBIG, as on a full disk.
    log = db.with_name(db.name + ".sends.ndjson")
    size = log.stat().st_size if log.exists() else 0

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (size, size))

    command = [sys.executable, "-m", "deadlines", "remind", "--today", "2026-11-15", *server.options()]
    before = db.read_bytes()
    for _ in range(2):  # the full disk sent 43 and then 86 digests; here two runs send none
        r = subprocess.run(command, capture_output=True, text=True, preexec_fn=limit, timeout=120)
        assert r.returncode == 1 and "无法写入发送记录" in r.stderr and "Traceback" not in r.stderr
    assert server.messages == [] and db.read_bytes() == before


class Freezer(Handler):
    """Accepts mail; once the first message is in, the data dir can no longer be written."""

    def __init__(self, directory: Path, stack: ExitStack) -> None:
        super().__init__()
        self.directory, self.stack = directory, stack

    async def handle_DATA(self, server, session, envelope) -> str:
        reply = await super().handle_DATA(server, session, envelope)
        if len(self.received) == 1:
            self.stack.enter_context(frozen(self.directory))
        return reply


def test_a_delivery_that_cannot_be_recorded_stops_the_run_at_once(cli, db) -> None:
    people = [f"{name}@example.com" for name in ("alice", "bob", "carol")]
    cli("--today", ADDED, "add", "积分奖励申请", "--rule", "每年12月1日至12月15日", "--key", "cas-window",
        *(arg for who in people for arg in ("--owner", who)))  # fmt: skip
    run_lock_path(db).touch()
    with ExitStack() as stack:
        server = SmtpServer("none", free_port(), None, None, Freezer(db.parent, stack)).start()
        stack.callback(server.stop)
        r = remind(cli, server, "2026-11-15")
        assert r.exit_code == 1 and "Traceback" not in r.stderr
        assert f"已发给 {people[0]}，但无法记入发送记录" in r.stderr and "其余 2 封未发送" in r.stderr
        assert recipients(server.messages) == [people[0]]
    server.start()
    assert remind(cli, server, "2026-11-15").exit_code == 0
    # alice's reminder stays claimed by the run that stopped (it may be another host's run still sending):
    # the same day nobody sends it again; bob and carol get theirs once.
    assert recipients(server.messages) == [people[0], people[1], people[2]]
    # The next day the dead run's claim is taken over: alice is the one who can get it twice.
    assert remind(cli, server, "2026-11-16").exit_code == 0
    assert recipients(server.messages) == [people[0], people[0], people[1], people[2]]
    server.stop()


def test_a_busy_database_lock_means_wait_then_stop_without_sending(two, server, db) -> None:
    with FileLock(db.with_name(db.name + ".lock")):
        r = run_process("remind", "--today", "2026-11-15", *server.options())
    assert r.returncode == 1 and "正忙" in r.stderr and "2 封未发送" in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1
    assert server.messages == [] and sends(db) == {}
    assert remind(two, server, "2026-11-15").exit_code == 0
    assert recipients(server.messages) == [LI, WANG]


def test_a_malformed_owner_is_reported_with_the_key_and_skipped(two, server, db) -> None:
    bad = Obligation("hand-edited", "手工录入的义务", "每年12月1日至12月15日", owners=("李四 at example", LI))
    Store(db).upsert_obligations([{**bad.to_record(), "since": ADDED}])
    r = remind(two, server, "2026-11-15")
    assert r.exit_code == 1
    assert "hand-edited" in r.stderr and "李四 at example" in r.stderr
    assert recipients(server.messages) == [LI, WANG]
    assert "手工录入的义务" in text_of(mail_to(server, LI))


BROKEN = [
    # Issue #12 point 2: 5 working days before 2004-01-05 is in 2003, where there is no official calendar.
    Obligation("old", "旧事项", "2004年1月5日前", owners=("bob@example.com",), lead_times=("5个工作日",)),
    Obligation("long-lead", "提前太久", "每年12月1日至12月15日", owners=(LI,), lead_times=("10000个工作日",)),
    Obligation("month-lead", "提前太久", "每年12月1日至12月15日", owners=(LI,), lead_times=("99999个月",)),
    Obligation("orphan", "链断了", "培训结束后10个工作日内", owners=(LI,), trigger="@nokey"),
]


def _store_broken(db: Path) -> None:
    """Obligations as an older version or a hand edit left them: today's checks would refuse them at input."""
    Store(db).upsert_obligations([{**ob.to_record(), "since": ADDED} for ob in BROKEN])


def test_an_obligation_that_cannot_be_computed_is_skipped_and_named(two, server, db) -> None:
    _store_broken(db)
    r = remind(two, server, "2026-11-15")
    assert r.exit_code == 1 and "Traceback" not in r.stderr
    assert recipients(server.messages) == [LI, WANG]  # the others' reminders all went
    for ob in BROKEN:
        (line,) = [line for line in r.stderr.splitlines() if f"义务 {ob.key} 的日期今天无法计算" in line]
    assert "2003 年早于 2004 年" in r.stderr and "4 项义务的日期无法计算" in r.stderr
    assert "旧事项" not in text_of(mail_to(server, LI))


def test_a_calendar_export_leaves_out_only_what_cannot_be_computed(two, db) -> None:
    _store_broken(db)
    r = two("--today", "2026-11-15", "export", "--format", "ics")
    assert r.exit_code == 1 and "Traceback" not in r.stderr
    cal = icalendar.Calendar.from_ical(r.stdout)
    assert {str(e["UID"]) for e in cal.walk("VEVENT")} >= {uid("cas-basic", "once"), uid("cas-window", "2026")}
    assert {str(e["SUMMARY"]) for e in cal.walk("VEVENT")} == {"积分奖励申请", "基础学分登记"}
    for ob in BROKEN:
        assert f"已跳过义务 {ob.key}" in r.stderr


def test_uncomputable_lists_every_such_obligation_for_doctor(two, db) -> None:
    from deadlines.app.uncomputable import uncomputable
    from deadlines.app.workspace import Workspace

    _store_broken(db)
    found = uncomputable(Workspace.open(today=date(2026, 4, 29), db=db))
    assert [u.key for u in found] == sorted(ob.key for ob in BROKEN)
    assert "2003 年早于 2004 年" in found[2].problem.zh  # old
    assert "@nokey" in found[3].problem.zh  # orphan: its trigger names no obligation


def test_escalation_goes_to_the_escalation_address(two, server, isolated_home, db) -> None:
    write_config(isolated_home, f'[remind]\nescalation = "{BOSS}"\nescalate_after_days = 20\n')
    remind(two, server, "2026-11-09")  # cas-basic 20 days overdue: not yet escalated
    assert BOSS not in recipients(server.messages)
    remind(two, server, "2026-11-10")  # 21 days: more than 20
    boss = text_of(mail_to(server, BOSS))
    assert "== 升级：逾期未办（1 项） ==" in boss and f"负责人：{LI}" in boss and "基础学分登记" in boss
    assert "积分奖励申请" not in boss
    assert states(db)[("cas-basic", "escalation", BOSS)] == "sent"


def test_an_obligation_without_owner_is_never_silently_dropped(two, server, isolated_home, db) -> None:
    two(
        "--today",
        ADDED,
        "add",
        "无人负责的报送",
        "--rule",
        "培训结束后10个工作日内",
        "--start",
        "2026-09-30",
        "--key",
        "orphan",
    )
    r = remind(two, server, "2026-11-15")
    assert "orphan" in r.stderr and "remind.default_to" in r.stderr
    assert all("无人负责的报送" not in text_of(m.message) for m in server.messages)

    write_config(isolated_home, f'[remind]\ndefault_to = "{BOSS}"\n')
    remind(two, server, "2026-11-16")
    assert "无人负责的报送" in text_of(mail_to(server, BOSS))
    assert [(to, state) for (key, _, to), state in states(db).items() if key == "orphan"] == [(BOSS, "sent")]


# ---------------------------------------------------------------- dry run, lock, language, calendar note


def test_dry_run_prints_the_mails_and_sends_and_writes_nothing(two, server, isolated_home, db) -> None:
    before = {p: p.read_bytes() for p in isolated_home.rglob("*") if p.is_file()}
    r = two("remind", "--today", "2026-11-15", "--dry-run", *server.options())
    assert r.exit_code == 0
    assert r.stdout.count("Subject: 【合规提醒】2026-11-15") == 2
    assert (
        "To: li@example.com" in r.stdout and "基础学分登记" in r.stdout and "附件 deadlines-2026-11-15.ics" in r.stdout
    )
    assert "试运行" in r.stderr
    assert server.messages == []
    assert {p: p.read_bytes() for p in isolated_home.rglob("*") if p.is_file()} == before


def test_a_run_that_finds_the_lock_held_sends_nothing(two, server, db) -> None:
    with FileLock(run_lock_path(db)):
        r = run_process("remind", "--today", "2026-11-15", *server.options())
    assert r.returncode == 0 and "另一个 deadlines remind 正在运行" in r.stderr
    assert server.messages == [] and sends(db) == {}
    assert remind(two, server, "2026-11-15").exit_code == 0
    assert recipients(server.messages) == [LI, WANG]


def test_two_overlapping_runs_send_each_digest_once(two, server) -> None:
    args = [sys.executable, "-m", "deadlines", "remind", "--today", "2026-11-15", *server.options()]
    runs = [subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    for run in runs:
        run.communicate(timeout=120)
        assert run.returncode == 0
    assert recipients(server.messages) == [LI, WANG]


def test_english_digest_when_the_config_says_so(two, server, isolated_home) -> None:
    write_config(isolated_home, 'lang = "en"\n')
    assert remind(two, server, "2026-11-15").exit_code == 0
    li = mail_to(server, LI)
    assert li["Subject"] == "[deadlines] 2026-11-15: 1 overdue, 1 due soon"
    body = text_of(li)
    assert "== Overdue (1) ==" in body and "26 days overdue (18 working days)" in body
    assert "基础学分登记" in body  # titles stay as the documents have them
    assert "Source: 000 第71行" in body


def test_the_missing_calendar_note_goes_at_most_once_a_week(cli, server) -> None:
    for title, day in (("十月二十日报送", "20"), ("十月十四日报送", "14")):
        cli("--today", "2026-09-01", "add", title, "--rule", f"2026年10月{day}日前", "--owner", LI)
    note = "2027 年的官方节假日安排尚未导入"
    seen = []
    for day in ("2026-10-05", "2026-10-07", "2026-10-13"):  # a mail each day: 30日 late, 7日, 7日
        server.messages.clear()
        assert remind(cli, server, day).exit_code == 0
        seen.append(note in text_of(mail_to(server, LI)))
    assert seen == [True, False, True]


# ---------------------------------------------------------------- configuration


def test_sending_needs_a_server_and_a_sender(two, db) -> None:
    r = two("remind", "--today", "2026-11-15")
    assert r.exit_code == ConfigError.exit_code and "smtp.host" in r.stderr
    r = two("remind", "--today", "2026-11-15", "--smtp-host", "127.0.0.1", "--smtp-security", "none")
    assert r.exit_code == ConfigError.exit_code and "smtp.from" in r.stderr
    assert sends(db) == {}


@pytest.mark.parametrize(
    "options, fragment",
    [
        (("--smtp-host", "smtp.qq.com", "--smtp-security", "none"), "只用于本机"),
        (("--smtp-host", "smtp.qq.com", "--smtp-user", USER), "DEADLINES_SMTP_PASSWORD"),
        (("--smtp-host", "smtp.qq.com", "--from", "robot at example"), "smtp.from"),
    ],
)
def test_unusable_settings_are_refused_before_anything_is_sent(two, db, options, fragment) -> None:
    r = two("remind", "--today", "2026-11-15", "--from", "robot@example.com", *options)
    assert r.exit_code == ConfigError.exit_code
    assert fragment in r.stderr and len(r.stderr.strip().splitlines()) == 1
    assert sends(db) == {}


def test_config_set_show_path(cli, isolated_home) -> None:
    assert cli("config", "path").stdout.strip() == str(isolated_home / "config.toml")
    assert cli("config", "set", "smtp.host", "smtp.qq.com").exit_code == 0
    assert cli("config", "set", "smtp.port", "465").exit_code == 0
    assert cli("config", "set", "smtp.from", "合规提醒 <robot@example.com>").exit_code == 0
    shown = json.loads(cli("config", "show", "--json").stdout)
    assert shown["smtp.port"] == {"value": 465, "default": 0, "set": True, "help": shown["smtp.port"]["help"]}
    assert shown["smtp.from"]["value"] == "合规提醒 <robot@example.com>" and shown["lang"]["set"] is False
    text = (isolated_home / "config.toml").read_text(encoding="utf-8")
    assert "[smtp]" in text and 'host = "smtp.qq.com"' in text and "port = 465" in text
    assert '* smtp.host = "smtp.qq.com"' in cli("config", "show").stdout


@pytest.mark.parametrize(
    "key, value, fragment",
    [
        ("smtp.password", "hunter2", "DEADLINES_SMTP_PASSWORD"),
        ("smtp.port", "abc", "整数"),
        ("smtp.port", "70000", "0 到 65535"),
        ("smtp.security", "tls", "ssl、starttls、none"),
        ("remind.escalation", "boss at example", "boss at example"),
        ("smpt.host", "x", "未知"),
    ],
)
def test_config_set_refuses_bad_keys_and_values(cli, isolated_home, key, value, fragment) -> None:
    r = cli("config", "set", key, value)
    assert r.exit_code == ConfigError.exit_code and fragment in r.stderr
    assert not (isolated_home / "config.toml").exists()


@pytest.mark.parametrize("args", [("remind",), ("config",), ("config", "show"), ("config", "set"), ("config", "path")])
def test_help_has_examples(cli, args) -> None:
    r = cli(*args, "--help")
    assert r.exit_code == 0 and "示例：" in r.stdout
