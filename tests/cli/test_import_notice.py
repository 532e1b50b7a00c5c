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


NOTICES = DATA / "notices"
REAL = DATA / "notices-real"


def _import(cli, path: Path, *extra: str):
    return cli("--today", "2026-11-21", "calendar", "import-notice", str(path), *extra)


def _day(cli, day: str) -> dict:
    return json.loads(cli("calendar", "day", day, "--json").stdout)


def test_2018_after_2019_keeps_the_late_december_days_the_2019_notice_set(cli, isolated_home) -> None:
    assert _import(cli, NOTICES / "2019.txt").exit_code == 0
    r = _import(cli, REAL / "2018-scgw-gov.txt")
    assert r.exit_code == 0, r.stderr
    # Official: Sat 2018-12-29 worked, Mon 2018-12-31 元旦 rest (国务院办公厅关于2019年部分节假日安排的通知).
    assert (_day(cli, "2018-12-29")["workday"], _day(cli, "2018-12-31")["workday"]) == (True, False)
    assert _day(cli, "2018-12-31")["notices"] == ["国务院办公厅关于2019年部分节假日安排的通知"]
    assert "2018-12-29" not in r.stdout  # nothing in late December changes against 2019's days
    # Against official data, the 2018 notice changes no day between work and rest (it only names
    # the weekends of its blocks, which chinese-calendar leaves unnamed).
    assert "0 天上班/休息改变" in r.stderr.split("2018 年：")[1].splitlines()[0]


def test_2023_after_2024_keeps_the_name_of_the_2024_new_year_days(cli, isolated_home) -> None:
    assert _import(cli, NOTICES / "2024.txt").exit_code == 0
    assert _import(cli, NOTICES / "2023.txt").exit_code == 0
    for d in ("2023-12-30", "2023-12-31"):
        info = _day(cli, d)
        assert (info["workday"], info["name"], info["source"]) == (False, "元旦", "user")
        assert info["notices"] == ["国务院办公厅关于2024年部分节假日安排的通知"]


def test_any_import_order_writes_the_same_calendars(cli, isolated_home, tmp_path) -> None:
    files = [NOTICES / "2019.txt", REAL / "2019-supplement-bendibao.txt", REAL / "2018-scgw-gov.txt"]
    for f in files:
        assert _import(cli, f).exit_code == 0
    first = {y: (isolated_home / "calendars" / f"{y}.json").read_text(encoding="utf-8") for y in (2018, 2019)}
    for y in (2018, 2019):
        (isolated_home / "calendars" / f"{y}.json").unlink()
    for n in (isolated_home / "calendars" / "notices").glob("*.json"):
        n.unlink()
    for f in reversed(files):
        assert _import(cli, f).exit_code == 0
    second = {y: (isolated_home / "calendars" / f"{y}.json").read_text(encoding="utf-8") for y in (2018, 2019)}
    assert first == second


def test_a_supplement_applies_on_top_and_day_names_every_notice(cli, isolated_home) -> None:
    assert _import(cli, NOTICES / "2019.txt").exit_code == 0
    r = _import(cli, REAL / "2019-supplement-hmsrbp-hant-pinyin.txt")
    assert r.exit_code == 0, r.stderr
    # 5月2日、3日 become rest, Sun 4月28日 and 5月5日 worked; the rest of 2019 is untouched.
    for d in ("2019-05-02", "2019-05-03"):
        assert "国务院办公厅关于调整2019年劳动节假期安排的通知" in r.stdout and d in r.stdout
    assert _day(cli, "2019-04-28")["workday"] is True and _day(cli, "2019-10-01")["workday"] is False
    line = cli("calendar", "day", "2019-05-01").stdout
    assert "国务院办公厅关于2019年部分节假日安排的通知；国务院办公厅关于调整2019年劳动节假期安排的通知" in line
    status = cli("--today", "2026-11-21", "calendar", "status", "--json")
    assert json.loads(status.stdout)["user"]["notices"]["2019"] == [
        "国务院办公厅关于2019年部分节假日安排的通知",
        "国务院办公厅关于调整2019年劳动节假期安排的通知",
    ]


def test_the_2020_extension_alone_and_then_the_yearly_notice(cli, isolated_home) -> None:
    assert _import(cli, REAL / "2020-supplement-farmer.txt").exit_code == 0
    assert _import(cli, NOTICES / "2020.txt").exit_code == 0
    # Official: 2020-01-31 (Fri) and 2020-02-01 (Sat, once a 上班 day) rest, 2020-02-03 worked.
    assert [_day(cli, d)["workday"] for d in ("2020-01-31", "2020-02-01", "2020-02-02", "2020-02-03")] == [
        False,
        False,
        False,
        True,
    ]
    assert _day(cli, "2020-02-01")["notices"][-1] == "国务院办公厅关于延长2020年春节假期的通知"


def test_a_truncated_notice_exits_2_and_writes_nothing(cli, isolated_home) -> None:
    r = _import(cli, REAL / "2013-flfgdq-truncated.txt")
    assert r.exit_code == 2
    assert "通知开头列出了清明节" in r.stderr and "没有写入任何内容" in r.stderr
    assert not (isolated_home / "calendars").exists()


def test_a_line_outside_every_section_exits_2_quoting_it(cli, isolated_home, tmp_path) -> None:
    # The real 2026 notice with its 元旦 heading lost: the 元旦 line is no longer in any section.
    text = (NOTICES / "2026.txt").read_text(encoding="utf-8").replace("一、元旦：", "")
    paste = tmp_path / "paste.txt"
    paste.write_text(text, encoding="utf-8")
    r = _import(cli, paste)
    assert r.exit_code == 2
    assert "1月1日(周四)至3日(周六)放假调休,共3天" in r.stderr
    assert not (isolated_home / "calendars").exists()


def test_partial_writes_what_was_read_and_lists_the_rest(cli, isolated_home) -> None:
    r = _import(cli, REAL / "2017-gmntv-summary-after-closing.txt", "--year", "2017", "--partial")
    assert r.exit_code == 0, r.stderr
    assert "未读取：「10月1日至8日放假调休,共8天,与国庆连休」" in r.stderr
    assert _day(cli, "2017-01-27")["workday"] is False
    # Without a title or a 元旦 section it is not a whole yearly notice: laid over 2017's official data.
    (stored_path,) = (isolated_home / "calendars" / "notices").glob("2017-*.json")
    stored = json.loads(stored_path.read_text(encoding="utf-8"))
    assert stored["kind"] == "supplement"
    assert [u["sentence"] for u in stored["unread"]] == ["10月1日至8日放假调休,共8天,与国庆连休"]
    assert _day(cli, "2017-01-02")["workday"] is False  # 元旦 补休, from the official data under it


def test_a_calendar_the_user_wrote_before_is_kept_under_the_notices(cli, isolated_home) -> None:
    # A hand-written 2018 calendar (the format `calendar import-notice` wrote before notices were kept).
    calendars = isolated_home / "calendars"
    calendars.mkdir(parents=True)
    (calendars / "2018.json").write_text(
        json.dumps(
            {
                "format": "deadlines-calendar/1",
                "year": 2018,
                "title": "本公司2018年日历",
                "days": [{"date": "2018-06-01", "workday": False, "name": "公司假"}],
            },
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    assert _import(cli, NOTICES / "2019.txt").exit_code == 0
    assert _import(cli, REAL / "2018-scgw-gov.txt").exit_code == 0
    kept = _day(cli, "2018-06-01")
    assert (kept["workday"], kept["name"]) == (False, "公司假")
    assert kept["notices"] == ["本公司2018年日历（导入通知前已有的用户日历）"]
    # The notices still set every other day: 2018-02-15 春节 (2018 notice), 2018-12-29 上班 (2019 notice).
    assert (_day(cli, "2018-02-15")["workday"], _day(cli, "2018-12-29")["workday"]) == (False, True)


def test_a_pasted_section_alone_is_laid_over_the_year_not_replacing_it(cli, isolated_home, tmp_path) -> None:
    # The case: a 劳动节 section written by hand (the 2019 adjustment's sentence) after the 2019 notice.
    assert _import(cli, NOTICES / "2019.txt").exit_code == 0
    paste = tmp_path / "labour.txt"
    paste.write_text(
        "四、劳动节：5月1日至4日放假调休，共4天。4月28日（星期日）、5月5日（星期日）上班。\n", encoding="utf-8"
    )
    r = _import(cli, paste, "--year", "2019")
    assert r.exit_code == 0, r.stderr
    assert "2019年劳动节安排（导入的文本，无标题）" in r.stderr
    # 5月2日 now rest, and the rest of 2019 keeps the yearly notice: 10月1日 rest, 9月29日 (Sun) worked.
    assert [_day(cli, d)["workday"] for d in ("2019-05-02", "2019-10-01", "2019-09-29", "2019-02-04")] == [
        False,
        False,
        True,
        False,
    ]
