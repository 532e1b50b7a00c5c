"""`deadlines import` and `deadlines export` on real files: encodings, formats, upserts, bad rows, crashes."""

from __future__ import annotations

import csv
import io
import json
import os
import random
import signal
import subprocess
import sys
import time
from datetime import date, datetime, timedelta
from datetime import time as clock
from pathlib import Path

import openpyxl
import pytest
from icalendar import Calendar

from tests.conftest import run_process

EXAMPLE = Path(__file__).parents[2] / "examples" / "obligations.csv"
T = ("--today", "2026-11-21")
HEADER = ["key", "title", "rule", "start", "owners", "tags", "notes"]
TITLES = {
    "k-window": "年度学员奖励自愿申报（每年12月1日—12月15日）",
    "k-credit": "基础学习积分登记",
    "k-leader": "企业标准“领跑者”称号有效期",
}


def rows_csv(rows: list[list[str]], header: list[str] = HEADER) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows([header, *rows])
    return buffer.getvalue()


THREE = [
    ["k-window", TITLES["k-window"], "每年12月1日至12月15日", "", "li@example.com", "学分;申报", ""],
    [
        "k-credit",
        TITLES["k-credit"],
        "培训结束后10个工作日内",
        "2026-09-30",
        "li@example.com;wang@example.com",
        "学分",
        "",
    ],
    ["k-leader", TITLES["k-leader"], "有效期3年", "2024-03-15", "", "领跑者", "称号发布之日起计算"],
]


def many(count: int, bad_at: int | None = None) -> str:
    """`count` valid rows; the one with index `bad_at` has a rule nobody can read."""
    rules = ("每年4月30日前", "每年12月1日至12月15日", "有效期3年", "每年第一季度")
    rows = [
        [f"std-{i:05d}", f"企业标准第{i}号复审", rules[i % 4], "2025-01-10", f"o{i % 7}@example.com", "复审", ""]
        for i in range(count)
    ]
    if bad_at is not None:
        rows[bad_at][2] = "每年十三月一日前"
    return rows_csv(rows)


def summary(result) -> dict:
    return json.loads(result.stdout)


def exported(cli, fmt: str = "json", *args: str):
    r = cli(*T, "export", "--format", fmt, *args)
    assert r.exit_code == 0, r.stderr
    return r.stdout


def keys_in_store(cli) -> list[str]:
    return sorted(doc["key"] for doc in json.loads(exported(cli)))


# ---------------------------------------------------------------- encodings


@pytest.mark.parametrize("encoding", ["gb18030", "utf-8-sig"])
def test_excel_encodings_round_trip_chinese_titles_exactly(tmp_path: Path, encoding: str) -> None:
    source = tmp_path / "from-excel.csv"
    source.write_bytes(rows_csv(THREE).encode(encoding))
    if encoding == "gb18030":
        with pytest.raises(UnicodeDecodeError):
            source.read_bytes().decode("utf-8")  # really not UTF-8: the detection is what makes this work

    r = run_process(*T, "import", str(source), "--json")
    assert r.returncode == 0, r.stderr
    assert summary(r)["encoding"] == encoding and summary(r)["added"] == 3

    docs = json.loads(run_process(*T, "export").stdout)
    # The BOM did not end up in the first column's name: the keys are the file's, not derived ones.
    assert {doc["key"]: doc["title"] for doc in docs} == TITLES
    assert next(d for d in docs if d["key"] == "k-credit")["owners"] == ["li@example.com", "wang@example.com"]


def test_a_file_in_no_known_encoding_is_refused_with_its_line(cli, tmp_path: Path) -> None:
    source = tmp_path / "broken.csv"
    source.write_bytes(rows_csv(THREE[:1]).encode() + b"k2,\x80\xff,x\r\n")
    r = cli(*T, "import", str(source))
    assert r.exit_code == 2
    assert "第 3 行" in r.stderr and "GB18030" in r.stderr


# ---------------------------------------------------------------- upserts


def test_reimport_is_idempotent_and_leaves_the_file_alone(cli, tmp_path: Path, isolated_home: Path) -> None:
    source = tmp_path / "three.csv"
    source.write_text(rows_csv(THREE), encoding="utf-8")
    assert summary(cli(*T, "import", str(source), "--json"))["added"] == 3
    db = isolated_home / "deadlines.json"
    before = db.read_bytes()

    r = cli(*T, "import", str(source), "--json")
    assert r.exit_code == 0
    assert (summary(r)["added"], summary(r)["updated"], summary(r)["unchanged"]) == (0, 0, 3)
    assert db.read_bytes() == before  # no write at all, so no audit row either
    assert "未变 3" in r.stderr


def test_a_changed_row_updates_that_obligation_and_is_audited(cli, tmp_path: Path) -> None:
    source = tmp_path / "three.csv"
    source.write_text(rows_csv(THREE), encoding="utf-8")
    cli(*T, "import", str(source))
    changed = [row[:] for row in THREE]
    changed[1][2] = "培训结束后15个工作日内"
    source.write_text(rows_csv(changed), encoding="utf-8")

    r = cli(*T, "import", str(source), "--json")
    assert (summary(r)["added"], summary(r)["updated"], summary(r)["unchanged"]) == (0, 1, 2)
    assert summary(r)["updated_keys"] == ["k-credit"]

    audit = json.loads(cli(*T, "history", "k-credit", "--json").stdout)["audit"]
    assert audit[-1]["action"] == "import"
    assert audit[-1]["before"] == {"rule": "培训结束后10个工作日内"}
    assert audit[-1]["after"] == {"rule": "培训结束后15个工作日内"}
    item = next(d for d in json.loads(exported(cli)) if d["key"] == "k-credit")["item"]
    assert item["next_due"] == "2026-10-27"  # 15 working days after 9/30, 国庆 skipped, 10/10 worked


def test_only_the_columns_a_file_has_are_changed(cli, tmp_path: Path) -> None:
    """A file without `notes` keeps the stored notes; a stored key's first-shown day stays."""
    full = tmp_path / "full.csv"
    full.write_text(rows_csv(THREE), encoding="utf-8")
    cli("--today", "2026-01-05", "import", str(full))
    narrow = tmp_path / "narrow.csv"
    narrow.write_text(rows_csv([[r[0], r[1], r[2]] for r in THREE], header=["key", "title", "rule"]), "utf-8")

    r = cli(*T, "import", str(narrow), "--json")
    assert summary(r)["unchanged"] == 3
    leader = next(d for d in json.loads(exported(cli)) if d["key"] == "k-leader")
    assert leader["notes"] == "称号发布之日起计算" and leader["since"] == "2026-01-05"


def test_rows_without_a_key_get_the_same_derived_key_each_time(cli, tmp_path: Path) -> None:
    source = tmp_path / "nokey.csv"
    source.write_text(rows_csv([["", *row[1:]] for row in THREE]), encoding="utf-8")
    first = summary(cli(*T, "import", str(source), "--json"))
    again = summary(cli(*T, "import", str(source), "--json"))
    assert len(first["added_keys"]) == 3 and all(k.startswith("ob-") for k in first["added_keys"])
    assert again["unchanged"] == 3


def test_dry_run_counts_and_writes_nothing(cli, tmp_path: Path, isolated_home: Path) -> None:
    source = tmp_path / "three.csv"
    source.write_text(rows_csv(THREE), encoding="utf-8")
    r = cli(*T, "import", str(source), "--dry-run", "--json")
    assert r.exit_code == 0
    assert (summary(r)["added"], summary(r)["written"]) == (3, False)
    assert not (isolated_home / "deadlines.json").exists()


# ---------------------------------------------------------------- bad rows


def test_one_bad_row_in_10000_writes_nothing_and_names_the_row(tmp_path: Path, isolated_home: Path) -> None:
    first = tmp_path / "first.csv"
    first.write_text(rows_csv(THREE), encoding="utf-8")
    assert run_process(*T, "import", str(first)).returncode == 0
    db = isolated_home / "deadlines.json"
    before = db.read_bytes()

    source = tmp_path / "big.csv"
    source.write_text(many(10_000, bad_at=4321), encoding="utf-8")
    r = run_process(*T, "import", str(source), "--json")
    assert r.returncode == 1
    assert db.read_bytes() == before
    # Index 4321 is row 4323 as a spreadsheet shows it: the header is row 1.
    problems = json.loads(r.stdout)["problems"]
    assert [(p["row"], p["column"], p["value"]) for p in problems] == [(4323, "rule", "每年十三月一日前")]
    assert "第 4323 行，列 rule，值「每年十三月一日前」" in r.stderr
    assert "未导入任何内容" in r.stderr and "--skip-invalid" in r.stderr


def test_skip_invalid_writes_the_valid_rows_and_still_exits_1(cli, tmp_path: Path) -> None:
    source = tmp_path / "big.csv"
    source.write_text(many(10_000, bad_at=0), encoding="utf-8")
    r = cli(*T, "import", str(source), "--skip-invalid", "--json")
    assert r.exit_code == 1
    assert (summary(r)["added"], summary(r)["invalid"], summary(r)["written"]) == (9_999, 1, True)
    keys = keys_in_store(cli)
    assert len(keys) == 9_999 and "std-00000" not in keys


def test_every_bad_cell_is_listed_with_column_value_and_fix(cli, tmp_path: Path) -> None:
    header = [*HEADER, "lead_times", "cutoff"]
    rows = [
        ["a", "甲", "每年4月30日前", "2026/03/01", "not-an-email", "", "", "7日前", "25:00"],
        ["b", "", "有效期3年", "2026-02-30", "", "", "", "", ""],
        ["a", "丙", "每年5月31日前", "", "", "", "", "", ""],
    ]
    source = tmp_path / "bad.csv"
    source.write_text(rows_csv(rows, header), encoding="utf-8")
    r = cli("--lang", "en", *T, "import", str(source), "--json")
    assert r.exit_code == 1
    found = {(p["row"], p["column"]) for p in summary(r)["problems"]}
    assert found == {
        (2, "start"),
        (2, "owners"),
        (2, "lead_times"),
        (2, "cutoff"),
        (3, "start"),
        (3, "title"),
        (4, "key"),
    }
    start = next(p for p in summary(r)["problems"] if p["row"] == 2 and p["column"] == "start")
    assert start["value"] == "2026/03/01" and "YYYY-MM-DD" in start["fix"]
    assert "repeats row 2" in r.stderr
    assert not keys_in_store(cli)


def test_unknown_columns_are_refused_unless_ignored(cli, tmp_path: Path) -> None:
    source = tmp_path / "extra.csv"
    source.write_text(rows_csv([[*row, "x"] for row in THREE], [*HEADER, "负责部门"]), encoding="utf-8")
    r = cli(*T, "import", str(source))
    assert r.exit_code == 2
    assert "负责部门" in r.stderr and "--ignore-unknown" in r.stderr
    assert not keys_in_store(cli)

    r = cli(*T, "import", str(source), "--ignore-unknown", "--json")
    assert r.exit_code == 0
    assert summary(r)["ignored_columns"] == ["负责部门"] and summary(r)["added"] == 3


def test_missing_required_column_is_refused(cli, tmp_path: Path) -> None:
    source = tmp_path / "norule.csv"
    source.write_text("key,title\na,甲\n", encoding="utf-8")
    r = cli(*T, "import", str(source))
    assert r.exit_code == 2 and "rule" in r.stderr


# ---------------------------------------------------------------- other formats and stdin


def test_xlsx_first_sheet_with_real_date_and_number_cells(cli, tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Key", "Title", "Rule", "Start", "Owners", "Cutoff"])
    sheet.append(
        [2024001, TITLES["k-credit"], "培训结束后10个工作日内", datetime(2026, 9, 30), "li@example.com", clock(17, 0)]
    )
    sheet.append([None, None, None, None, None, None])  # an empty row, as spreadsheets have
    sheet.append(["k-window", TITLES["k-window"], "每年12月1日至12月15日", None, None, None])
    book.create_sheet("其他").append(["not", "read"])
    source = tmp_path / "list.xlsx"
    book.save(source)

    r = cli(*T, "import", str(source), "--json")
    assert r.exit_code == 0, r.stderr
    assert summary(r)["format"] == "xlsx" and summary(r)["added"] == 2
    docs = {d["key"]: d for d in json.loads(exported(cli))}
    assert docs["2024001"]["start"] == "2026-09-30" and docs["2024001"]["cutoff"] == "17:00"
    assert docs["k-window"]["title"] == TITLES["k-window"]


def test_xlsx_bad_row_numbers_count_the_empty_rows(cli, tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    book.active.append(["title", "rule"])
    book.active.append([None, None])
    book.active.append(["甲", "无法识别的规则"])
    source = tmp_path / "bad.xlsx"
    book.save(source)
    r = cli(*T, "import", str(source), "--json")
    assert [(p["row"], p["column"]) for p in summary(r)["problems"]] == [(3, "rule")]


def test_json_list_of_objects(cli, tmp_path: Path) -> None:
    objects = [
        {"key": "k-window", "title": TITLES["k-window"], "rule": "每年12月1日至12月15日", "owners": ["li@example.com"]},
        {
            "key": "k-leader",
            "title": TITLES["k-leader"],
            "rule": "有效期3年",
            "start": "2024-03-15",
            "tags": "领跑者;有效期",
        },
        {"key": "bad", "title": {"zh": "对象"}, "rule": "每年4月30日前"},
    ]
    source = tmp_path / "list.json"
    source.write_text(json.dumps(objects, ensure_ascii=False), encoding="utf-8")
    r = cli(*T, "import", str(source), "--skip-invalid", "--json")
    assert r.exit_code == 1
    assert [(p["row"], p["column"]) for p in summary(r)["problems"]] == [(3, "title")]
    docs = {d["key"]: d for d in json.loads(exported(cli))}
    assert docs["k-window"]["owners"] == ["li@example.com"] and docs["k-leader"]["tags"] == ["领跑者", "有效期"]


def test_ndjson_rows_are_numbered_by_line(cli, tmp_path: Path) -> None:
    lines = [
        json.dumps({"key": "a", "title": "甲", "rule": "每年4月30日前"}, ensure_ascii=False),
        "",
        "{not json",
        json.dumps({"key": "b", "title": "乙", "rule": "每年13月1日前"}, ensure_ascii=False),
    ]
    source = tmp_path / "rows.ndjson"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    r = cli(*T, "import", str(source), "--json")
    assert r.exit_code == 1
    assert [(p["row"], p["column"]) for p in summary(r)["problems"]] == [(3, ""), (4, "rule")]


def test_stdin_is_read_and_its_format_detected(tmp_path: Path) -> None:
    ndjson = "\n".join(json.dumps({"title": t, "rule": "每年4月30日前"}, ensure_ascii=False) for t in TITLES.values())
    r = run_process(*T, "import", "-", "--json", input=ndjson)
    assert r.returncode == 0, r.stderr
    assert (summary(r)["format"], summary(r)["added"]) == ("ndjson", 3)

    r = run_process(*T, "import", "-", "--json", input=rows_csv(THREE))
    assert (summary(r)["format"], summary(r)["added"]) == ("csv", 3)


# ---------------------------------------------------------------- export


def test_the_example_file_imports_and_its_csv_export_reimports_unchanged(cli, tmp_path: Path) -> None:
    r = cli(*T, "import", str(EXAMPLE), "--json")
    assert r.exit_code == 0, r.stderr
    count = summary(r)["added"]
    assert 8 <= count <= 12

    out = tmp_path / "export.csv"
    assert cli(*T, "export", "-o", str(out)).exit_code == 0  # the format from the suffix
    assert (
        out.read_text(encoding="utf-8").splitlines()[0]
        == "key,title,rule,start,owners,tags,notes,source,concerns,region,lead_times,cutoff,role,until,optional,active"
    )
    r = cli(*T, "import", str(out), "--json")
    assert (summary(r)["added"], summary(r)["updated"], summary(r)["unchanged"]) == (0, 0, count)


def test_csv_export_escapes_formulas_and_reimport_restores_them(cli, tmp_path: Path) -> None:
    rows = [
        ["f1", '=HYPERLINK("http://evil")', "每年4月30日前", "", "", "", "+86 010 1234"],
        ["f2", "@SUM(A1)", "每年5月31日前", "", "", "-负数", "正常"],
    ]
    source = tmp_path / "formulas.csv"
    source.write_text(rows_csv(rows), encoding="utf-8")
    cli(*T, "import", str(source))

    text = exported(cli, "csv")
    cells = {row[0]: row for row in csv.reader(io.StringIO(text))}
    assert cells["f1"][1] == '\'=HYPERLINK("http://evil")' and cells["f1"][6] == "'+86 010 1234"
    assert cells["f2"][1] == "'@SUM(A1)" and cells["f2"][5] == "'-负数"
    again = tmp_path / "again.csv"
    again.write_text(text, encoding="utf-8")
    assert summary(cli(*T, "import", str(again), "--json"))["unchanged"] == 2
    titles = {d["key"]: d["title"] for d in json.loads(exported(cli))}
    assert titles == {"f1": '=HYPERLINK("http://evil")', "f2": "@SUM(A1)"}


def test_json_export_has_records_and_current_items(cli, tmp_path: Path) -> None:
    source = tmp_path / "three.csv"
    source.write_text(rows_csv(THREE), encoding="utf-8")
    cli(*T, "import", str(source))
    docs = json.loads(exported(cli))
    assert [d["key"] for d in docs] == sorted(TITLES)
    credit = next(d for d in docs if d["key"] == "k-credit")
    assert list(credit)[:4] == ["key", "title", "rule", "start"]
    assert credit["item"]["next_due"] == "2026-10-20" and credit["item"]["status"] == "overdue"


def ics_events(text: str) -> list:
    calendar = Calendar.from_ical(text)
    assert calendar["METHOD"] == "PUBLISH"
    return list(calendar.walk("VEVENT"))


def test_ics_events_are_all_day_with_stable_uids_and_alarms(cli, tmp_path: Path) -> None:
    rows = [
        ["fixed", "国庆后第一个期限", "2026年10月12日前", "", "", "", ""],
        ["window", TITLES["k-window"], "每年12月1日至12月15日", "", "", "学分", ""],
        ["late", "2027年的期限", "培训结束后10个工作日内", "2027-01-25", "", "", ""],
    ]
    header = [*HEADER, "lead_times", "source"]
    source = tmp_path / "ics.csv"
    source.write_text(rows_csv([[*r, "30日;5个工作日", "000 第104行"] for r in rows], header), encoding="utf-8")
    today = ("--today", "2026-09-01")
    cli(*today, "import", str(source))

    first = cli(*today, "export", "--format", "ics").stdout
    second = cli(*today, "export", "--format", "ics").stdout
    events = ics_events(first)
    assert [e["UID"] for e in events] == [e["UID"] for e in ics_events(second)]
    assert len({e["UID"] for e in events}) == len(events) and all(e["UID"].endswith("@deadlines") for e in events)

    fixed = next(e for e in events if e["SUMMARY"] == "国庆后第一个期限")
    assert "DTSTART;VALUE=DATE:20261012" in first
    assert fixed.start == date(2026, 10, 12) and fixed.end == date(2026, 10, 13)  # DTEND is exclusive
    triggers = sorted(a["TRIGGER"].dt for a in fixed.walk("VALARM"))
    # 5 working days before Mon 10/12: Sat 10/10 (调休上班), 10/9, 10/8, then 国庆 skipped, 9/30, 9/29 → 13 days.
    assert triggers == [timedelta(days=-30), timedelta(days=-13)]
    assert "规则：2026年10月12日前" in fixed["DESCRIPTION"] and "出处：000 第104行" in fixed["DESCRIPTION"]

    windows = [e for e in events if e["SUMMARY"] == TITLES["k-window"]]
    assert (windows[0].start, windows[0].end) == (date(2026, 12, 1), date(2026, 12, 16))  # the span opens → due
    assert len(windows) == 2  # 2026 and, within a year of it, 2027
    assert all(str(a["TRIGGER"].params.get("RELATED")) == "END" for a in windows[0].walk("VALARM"))

    late = next(e for e in events if e["SUMMARY"] == "2027年的期限")
    assert "推算" in late["DESCRIPTION"]  # 2027 has no official calendar yet


# ---------------------------------------------------------------- crashes


def test_killed_import_leaves_the_old_or_the_new_state(tmp_path: Path, isolated_home: Path) -> None:
    first = tmp_path / "first.csv"
    first.write_text(rows_csv(THREE), encoding="utf-8")
    assert run_process(*T, "import", str(first)).returncode == 0
    old = (isolated_home / "deadlines.json").read_bytes()
    source = tmp_path / "big.csv"
    source.write_text(many(10_000), encoding="utf-8")

    started = time.perf_counter()
    assert run_process("--db", str(tmp_path / "timing.json"), *T, "import", str(source)).returncode == 0
    full = time.perf_counter() - started

    rng = random.Random(20261121)
    for attempt in range(5):
        db = tmp_path / f"attempt-{attempt}" / "deadlines.json"
        db.parent.mkdir()
        db.write_bytes(old)
        process = subprocess.Popen(
            [sys.executable, "-m", "deadlines", "--db", str(db), *T, "import", str(source)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(full * rng.uniform(0.2, 1.0))
        process.send_signal(signal.SIGKILL)
        process.wait()

        doctor = run_process("--db", str(db), "doctor")
        assert doctor.returncode == 0, doctor.stdout + doctor.stderr
        count = int(next(line for line in doctor.stdout.splitlines() if "obligations:" in line).split(":")[1])
        assert count in (3, 10_003), f"attempt {attempt}: {count} obligations"


def test_dry_run_on_a_new_data_dir_creates_nothing(cli, isolated_home: Path) -> None:
    r = cli("--today", "2026-11-21", "import", str(EXAMPLE), "--dry-run")
    assert r.exit_code == 0 and "12" in r.stderr
    assert not isolated_home.exists()  # no database, no lock file, not even the directory


# ---------------------------------------------------------------- where an export may be written


def _three(cli, tmp_path: Path) -> None:
    source = tmp_path / "three.csv"
    source.write_text(rows_csv(THREE), encoding="utf-8")
    assert cli(*T, "import", str(source)).exit_code == 0


@pytest.mark.parametrize("kind", ["fifo", "device", "directory"])
def test_export_refuses_anything_but_a_regular_file(cli, tmp_path: Path, kind: str) -> None:
    # Issue #12 point 5: as root, `export -o /dev/full` replaced the device by a regular file.
    _three(cli, tmp_path)
    if kind == "fifo":
        target = tmp_path / "pipe"
        os.mkfifo(target)
    elif kind == "device":
        target = Path("/dev/null")
    else:
        target = tmp_path / "dir"
        target.mkdir()
    before = os.stat(target)
    r = cli(*T, "export", "-o", str(target))
    assert r.exit_code == 2 and "不是普通文件" in r.stderr and len(r.stderr.strip().splitlines()) == 1
    after = os.stat(target)
    assert (after.st_ino, after.st_mode) == (before.st_ino, before.st_mode)


def test_export_through_a_symlink_writes_the_links_target(cli, tmp_path: Path) -> None:
    _three(cli, tmp_path)
    real = tmp_path / "shared" / "deadlines.json"
    real.parent.mkdir()
    real.write_text("old", encoding="utf-8")
    link = tmp_path / "deadlines.json"
    link.symlink_to(real)
    r = cli(*T, "export", "-o", str(link))
    assert r.exit_code == 0, r.stderr
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert sorted(doc["key"] for doc in json.loads(real.read_text(encoding="utf-8"))) == sorted(TITLES)


def test_export_into_an_unwritable_place_is_one_line_and_leaves_the_old_file(cli, tmp_path: Path) -> None:
    _three(cli, tmp_path)
    blocker = tmp_path / "a-file"
    blocker.write_text("x", encoding="utf-8")
    r = cli(*T, "export", "-o", str(blocker / "out.json"))  # a "directory" that is a file
    assert r.exit_code == 1 and "无法写入" in r.stderr and len(r.stderr.strip().splitlines()) == 1
    assert blocker.read_text(encoding="utf-8") == "x"
