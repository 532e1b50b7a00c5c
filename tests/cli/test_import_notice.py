"""`deadlines calendar import-notice`: preview, write, and the deadlines it moves."""

from __future__ import annotations

import json
from pathlib import Path

DATA = Path(__file__).parent.parent / "data"
HYPOTHETICAL_2027 = DATA / "notices-hypothetical" / "2027.txt"


def test_dry_run_shows_changes_and_writes_nothing(cli, isolated_home) -> None:
    r = cli("--today", "2026-11-21", "calendar", "import-notice", str(HYPOTHETICAL_2027), "--dry-run")
    assert r.exit_code == 0, r.stderr
    # Against the forecast, Sat 2/13 and Sun 2/14 stop being 春节 rest/make-up days and Sat 2/20 becomes worked.
    assert "2027-02-20" in r.stdout
    assert not (isolated_home / "calendars").exists()


def test_import_writes_the_user_calendar_and_reports_moved_deadlines(cli, isolated_home) -> None:
    # Due 10 working days after Fri 2027-01-29: the forecast says 2/18 (see test_periods).
    cli(
        "--today",
        "2026-11-21",
        "add",
        "假设的期限",
        "--rule",
        "培训结束后10个工作日内",
        "--start",
        "2027-01-29",
        "--key",
        "k1",
    )
    before = json.loads(cli("--today", "2026-11-21", "show", "k1", "--json").stdout)
    assert before["next_due"] == "2027-02-18" and before["provisional"] is True

    r = cli("--today", "2026-11-21", "calendar", "import-notice", str(HYPOTHETICAL_2027))
    assert r.exit_code == 0, r.stderr
    # With the (hypothetical) notice: 1/31 worked (1), 2/1–2/4 (5), 2/5–2/12 off, 2/15–2/19 (10) → 2/19.
    assert "k1" in r.stdout and "2027-02-19" in r.stdout
    assert (isolated_home / "calendars" / "2027.json").is_file()

    after = json.loads(cli("--today", "2026-11-21", "show", "k1", "--json").stdout)
    assert after["next_due"] == "2027-02-19" and after["provisional"] is False
    day = json.loads(cli("calendar", "day", "2027-02-20", "--json").stdout)
    assert (day["workday"], day["source"]) == (True, "user")


def test_a_sentence_it_cannot_understand_is_quoted_and_nothing_written(cli, isolated_home, tmp_path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_text(
        "国务院办公厅关于2027年部分节假日安排的通知\n一、元旦：1月1日放假，大概再休几天吧。\n", encoding="utf-8"
    )
    r = cli("calendar", "import-notice", str(bad))
    assert r.exit_code == 2
    assert "大概再休几天吧" in r.stderr
    assert not (isolated_home / "calendars").exists()
