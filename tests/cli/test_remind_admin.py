"""The administrator's digest (`remind.admin`), read back from a real SMTP server on 127.0.0.1.

Issue 15: owners were told to run `deadlines calendar import-notice` and `deadlines done`, commands they
may not have. Owners now get no commands; what only an administrator can act on goes to `remind.admin`,
once a day, with the commands. Dates (official 2026 calendar, 2027 not published): on 2026-12-01 the
window 12-01..12-15 opens (li's reminder); 培训结束后10个工作日内 from 2026-09-30 was due 2026-10-20 (over
国庆节), so the obligation with no owner is overdue; 2027's calendar is missing (from October on).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from deadlines.core.models import Obligation
from deadlines.store import Store
from tests.smtp_server import SmtpServer, free_port

pytestmark = [pytest.mark.filterwarnings("ignore:Session.login_data is deprecated")]

LI, ADMIN = "li@example.com", "it@example.com"
ADDED = "2026-11-01"
ADMIN_SUBJECT = "【合规提醒·管理】"


@pytest.fixture
def server() -> Iterator[SmtpServer]:
    running = SmtpServer("none", free_port(), None, None).start()
    yield running
    running.stop()


@pytest.fixture
def db(isolated_home: Path) -> Path:
    return isolated_home / "deadlines.json"


@pytest.fixture
def office(cli, db: Path):  # type: ignore[no-untyped-def]
    """li's window; an overdue obligation with no owner; one with an address that cannot be mailed; one whose
    trigger names no obligation (stored as an older version or a hand edit left them)."""
    add = ("--today", ADDED, "add")
    cli(*add, "积分奖励申请", "--rule", "每年12月1日至12月15日", "--key", "cas-window", "--owner", LI)
    cli(*add, "无人负责的报送", "--rule", "培训结束后10个工作日内", "--start", "2026-09-30", "--key", "nobody")
    broken = [
        Obligation("hand-edited", "手工录入的义务", "每年12月1日至12月15日", owners=("李四 at example",)),
        Obligation("chain", "链断了", "培训结束后10个工作日内", owners=(LI,), trigger="@nokey"),
    ]
    Store(db).upsert_obligations([{**ob.to_record(), "since": ADDED} for ob in broken])
    return cli


def admin_config(home: Path) -> None:
    home.mkdir(parents=True, exist_ok=True)
    (home / "config.toml").write_text(f'[remind]\nadmin = "信息部 <{ADMIN.upper()}>"\n', encoding="utf-8")


def remind(cli, server: SmtpServer, today: str, *more: str):  # type: ignore[no-untyped-def]
    return cli("remind", "--today", today, *server.options(), *more)


def texts_to(server: SmtpServer, address: str) -> list[str]:
    return [m.message.get_body(("plain",)).get_content() for m in server.messages if address in m.rcpt_tos]


def test_the_administrator_gets_one_digest_a_day_with_the_commands(office, server, isolated_home, db) -> None:
    admin_config(isolated_home)
    r = remind(office, server, "2026-12-01")
    assert r.exit_code == 1  # an obligation that cannot be computed and a bad address: the run says so
    (admin,) = texts_to(server, ADMIN)
    (subject,) = [m.message["Subject"] for m in server.messages if ADMIN in m.rcpt_tos]
    assert subject == "【合规提醒·管理】2026-12-01：4 项需要管理员处理"
    # each problem with the exact command that fixes it
    assert "== 2027 年的官方节假日安排尚未导入 ==" in admin
    assert "    deadlines calendar import-notice notice-2027.txt --dry-run\n" in admin
    assert "chain：" in admin and "@nokey" in admin and "    deadlines show chain\n" in admin
    assert "    deadlines doctor\n" in admin
    assert "    deadlines edit nobody --owner 地址\n" in admin
    assert "    deadlines config set remind.default_to 地址\n" in admin
    assert "李四 at example" in admin and "    deadlines edit hand-edited --owner 正确地址\n" in admin
    # the owner's mail has the calendar fact but no command to run
    (li,) = texts_to(server, LI)
    assert "2027 年的官方节假日安排尚未导入" in li and "积分奖励申请" in li
    assert not [line for line in li.splitlines() if "deadlines " in line and "自动发出" not in line]
    rows = Store(db).sends()
    assert rows[f"@admin|2026-12-01|digest|{ADMIN}"]["state"] == "sent"

    # a second run the same day sends the administrator nothing
    server.messages.clear()
    remind(office, server, "2026-12-01")
    assert texts_to(server, ADMIN) == []

    # the next day the problems are still there, so they go again; the calendar note is weekly
    remind(office, server, "2026-12-02")
    (again,) = texts_to(server, ADMIN)
    assert "deadlines show chain" in again and "import-notice" not in again
    server.messages.clear()
    remind(office, server, "2026-12-08")
    (week_later,) = texts_to(server, ADMIN)
    assert "deadlines calendar import-notice notice-2027.txt" in week_later


def test_a_failed_admin_digest_goes_on_the_next_run(office, server, isolated_home, db) -> None:
    admin_config(isolated_home)
    server.handler.refused.add(ADMIN)
    r = remind(office, server, "2026-12-01")
    assert r.exit_code == 1 and ADMIN in r.stderr and "550" in r.stderr
    assert Store(db).sends()[f"@admin|2026-12-01|digest|{ADMIN}"]["state"] == "failed"
    assert texts_to(server, LI)  # the owners' mail went all the same
    server.handler.refused.clear()
    remind(office, server, "2026-12-01")
    (admin,) = texts_to(server, ADMIN)
    assert "deadlines calendar import-notice notice-2027.txt" in admin


def test_without_an_admin_address_the_run_says_where_the_notes_would_go(office, server, db) -> None:
    r = remind(office, server, "2026-12-01")
    assert r.stderr.count("deadlines config set remind.admin 地址") == 1
    assert all(ADMIN_SUBJECT not in str(m.message["Subject"]) for m in server.messages)
    assert not [row for row in Store(db).sends().values() if row["key"] == "@admin"]


def test_dry_run_previews_the_admin_mail_and_sends_nothing(office, server, isolated_home, db) -> None:
    admin_config(isolated_home)
    r = office("remind", "--today", "2026-12-01", "--dry-run", *server.options())
    assert f"To: {ADMIN}" in r.stdout and f"Subject: {ADMIN_SUBJECT}2026-12-01：4 项需要管理员处理" in r.stdout
    assert "deadlines calendar import-notice notice-2027.txt --dry-run" in r.stdout
    assert "今天没有需要发送的提醒" not in r.stderr
    assert server.messages == [] and Store(db).sends() == {}


def test_the_admin_address_is_checked_like_every_address(cli, isolated_home) -> None:
    r = cli("config", "set", "remind.admin", "it at example")
    assert r.exit_code == 2 and "remind.admin" in r.stderr and "不是可用的邮箱地址" in r.stderr
    assert cli("config", "set", "remind.admin", "信息部 <it@example.com>").exit_code == 0
    assert "remind.admin" in cli("config", "show").stdout
