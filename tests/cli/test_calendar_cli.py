"""`deadlines calendar` day, days, show, status; `locate`; `--today`."""

from __future__ import annotations

import json


def test_day_json(cli) -> None:
    r = cli("calendar", "day", "2026-10-10", "--json")
    assert json.loads(r.stdout) == {
        "date": "2026-10-10",
        "workday": True,  # 调休上班 Saturday
        "name": "国庆节",
        "name_en": "National Day",
        "source": "official",
        "certainty": "certain",
    }


def test_days_lists_only_what_differs_from_plain_week(cli) -> None:
    r = cli("calendar", "days", "2026", "--json")
    days = {d["date"]: d["workday"] for d in json.loads(r.stdout)}
    # Weekday rest days and weekend working days of 2026; weekend days inside breaks are not "different".
    assert days["2026-10-05"] is False and days["2026-10-10"] is True
    assert "2026-10-03" not in days  # a Saturday that is a rest day anyway
    assert "2026-03-16" not in days  # an ordinary Monday
    makeup = sorted(d for d, w in days.items() if w)
    assert makeup == ["2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10"]


def test_show_marks_holidays_and_makeup_days(cli) -> None:
    r = cli("calendar", "show", "2026-10")
    assert r.exit_code == 0
    assert "2026年10月" in r.stdout
    assert "10班" in r.stdout and " 5休" in r.stdout


def test_show_bad_month(cli) -> None:
    r = cli("calendar", "show", "2026-13")
    assert r.exit_code == 2 and "YYYY-MM" in r.stderr


def test_status_warns_from_october_when_next_year_missing(cli) -> None:
    r = cli("--today", "2026-11-21", "calendar", "status", "--json")
    doc = json.loads(r.stdout)
    assert doc["official"]["years"][0] == 2004 and doc["official"]["years"][-1] == 2026
    assert doc["provisional"]["from"] == 2027
    assert doc["next_year_missing"] is True
    assert "2027" in r.stderr


def test_status_silent_before_october(cli) -> None:
    r = cli("--today", "2026-09-30", "calendar", "status")
    assert r.exit_code == 0 and r.stderr == ""


def test_locate_uses_deadlines_home(cli, isolated_home) -> None:
    r = cli("locate", "db")
    assert r.stdout.strip() == str(isolated_home / "deadlines.json")


def test_db_option_overrides(cli, tmp_path) -> None:
    r = cli("--db", str(tmp_path / "x.json"), "locate", "db")
    assert r.stdout.strip() == str(tmp_path / "x.json")


def test_bad_today_is_usage_error(cli) -> None:
    r = cli("--today", "2026-02-29", "calendar", "status")
    assert r.exit_code == 2 and "2026-02-29" in r.stderr
