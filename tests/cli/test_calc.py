"""`deadlines calc`: single periods, JSON, batches, and bad input."""

from __future__ import annotations

import json

from tests.conftest import run_process


def test_calc_prints_due_date_then_explanation(cli) -> None:
    r = cli("calc", "2026-09-28", "10个工作日")
    assert r.exit_code == 0
    lines = r.stdout.splitlines()
    assert lines[0] == "2026-10-16"
    assert any("国庆节调休上班" in line for line in lines)


def test_calc_json_has_the_contract_fields(cli) -> None:
    r = cli("calc", "2026-09-02", "30日", "--json")
    doc = json.loads(r.stdout)
    assert doc["start"] == "2026-09-02" and doc["expr"] == "30日"
    # Day 30 is 10/2 (国庆); moved to 10/8.
    assert (doc["due"], doc["provisional"], doc["earliest"], doc["latest"]) == (
        "2026-10-08",
        False,
        "2026-10-08",
        "2026-10-08",
    )
    assert isinstance(doc["explanation"], list) and any("第二百零三条" in s for s in doc["explanation"])


def test_calc_english(cli) -> None:
    r = cli("--lang", "en", "calc", "2026-12-31", "-60 days", "--json")
    doc = json.loads(r.stdout)
    assert doc["due"] == "2026-10-30"  # 11/1 is a Sunday: moves back to Friday 10/30
    assert any("previous working day" in s for s in doc["explanation"])


def test_calc_across_2027_is_provisional_not_an_exception(cli) -> None:
    r = cli("calc", "2026-12-25", "10个工作日", "--json")
    assert r.exit_code == 0, r.stderr
    doc = json.loads(r.stdout)
    assert doc["provisional"] is True
    assert doc["earliest"] <= doc["due"] <= doc["latest"]


def test_bad_date_is_one_line_exit_2(cli) -> None:
    r = cli("calc", "2026-02-30", "10日")
    assert r.exit_code == 2
    assert r.stdout == ""
    assert len(r.stderr.strip().splitlines()) == 1
    assert "2026-02-30" in r.stderr and "28" in r.stderr


def test_unknown_expression_is_quoted(cli) -> None:
    r = cli("calc", "2026-03-02", "十天半个月")
    assert r.exit_code == 2
    assert "「十天半个月」" in r.stderr and "Traceback" not in r.stderr


def test_year_before_2004_is_refused(cli) -> None:
    r = cli("calc", "2003-06-01", "10个工作日")
    assert r.exit_code == 2
    assert "2003" in r.stderr and "2004" in r.stderr


def test_batch_one_line_out_per_line_in_and_exit_1_on_errors() -> None:
    lines = [
        "2026-09-28\t10个工作日",  # 2026-10-16 (see test_periods)
        "2026-02-30\t10日",  # no such date
        "not a line",  # no tab
        "2026-12-31\t60日前",  # 2026-10-30
        "2026-09-02\tsoon",  # unknown expression
        "2026-01-31\t1个月",  # 2026-02-28
    ]
    r = run_process("calc", "--batch", "-", input="\n".join(lines) + "\n")
    assert r.returncode == 1
    out = r.stdout.splitlines()
    assert len(out) == len(lines)
    assert out[0] == "2026-10-16"
    assert out[1].startswith("ERROR: ") and "2026-02-30" in out[1]
    assert out[2].startswith("ERROR: ")
    assert out[3] == "2026-10-30"
    assert out[4].startswith("ERROR: ") and "soon" in out[4]
    assert out[5] == "2026-02-28"


def test_batch_all_good_exits_0_json_lines(tmp_path) -> None:
    f = tmp_path / "in.tsv"
    f.write_text("2026-09-28\t10个工作日\n2026-12-25\t10个工作日\n", encoding="utf-8")
    r = run_process("calc", "--batch", str(f), "--json")
    assert r.returncode == 0, r.stderr
    docs = [json.loads(line) for line in r.stdout.splitlines()]
    assert [d["due"] for d in docs][0] == "2026-10-16"
    assert docs[1]["provisional"] is True


def test_help_has_examples(cli) -> None:
    r = cli("calc", "--help")
    assert "示例：" in r.stdout and "10个工作日" in r.stdout
