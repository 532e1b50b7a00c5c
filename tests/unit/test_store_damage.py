"""Hand-edited databases (issue #12 points 7, 8): every kind of damage is refused with its position, by reads,
by writes and by `doctor` (non-zero), and the store never writes what it would refuse to read.

Each damaged file is made the way a person makes one: a sound file the store wrote, with one edit.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from deadlines.core.errors import InputError, StoreError
from deadlines.store import Store, check
from tests.unit.test_store import completion, obligation

pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture
def written(tmp_path: Path) -> Path:
    """A sound database the store wrote: two obligations and one completion, one record per line."""
    path = tmp_path / "db.json"
    store = Store(path, who="tester")
    store.upsert_obligations([obligation("a"), obligation("b")])
    store.add_completion(completion("a", id="c1"))
    return path


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} should appear once"
    path.write_text(text.replace(old, new), encoding="utf-8")


def line_of(path: Path, needle: str, nth: int = 1) -> int:
    """The 1-based line where `needle` occurs for the nth time."""
    lines = [number for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in line]
    return lines[nth - 1]


def refused_everywhere(path: Path, where: str) -> None:
    """Reads and writes both refuse, name `where`, and leave the file as it was; check() reports it."""
    before = path.read_bytes()
    store = Store(path)
    for operation in (store.snapshot, store.obligations, lambda: store.add_obligation(obligation("new"))):
        with pytest.raises(StoreError) as raised:
            operation()
        assert f"is damaged at {where}" in raised.value.text.en, raised.value.text.en
    assert path.read_bytes() == before
    report = check(path)
    assert not report.ok and report.damage is not None and where in report.damage.text.en


def test_two_records_sharing_a_json_id_are_damage_not_a_silent_drop(written: Path) -> None:
    """Copy-pasting record "2" over a new line keeps id "2" twice: JSON readers keep the last one and lose
    the first, and the next write would have made that permanent."""
    text = written.read_text(encoding="utf-8")
    second = next(line for line in text.splitlines() if line.startswith('"2": {"key": "b"'))
    edit(written, second, second + ",\n" + second.replace('"key": "b"', '"key": "b2"'))
    row = line_of(written, '"2": {', 2)
    refused_everywhere(written, f"line {row}, column 1")


@pytest.mark.parametrize(
    ("old", "new", "field", "what"),
    [
        ('"owners": ["张三"]', '"owners": "张三"', "owners", "should be a list of strings or null"),
        ('"start": null', '"start": "2026-02-30"', "start", "should be an ISO date"),
        ('"version": 1', '"version": "1"', "version", "should be a whole number"),
        ('"title": "事项 a"', '"title": 7', "title", "should be a string or null"),
    ],
)
def test_a_field_of_the_wrong_type_is_damage_at_that_field(
    written: Path, old: str, new: str, field: str, what: str
) -> None:
    text = written.read_text(encoding="utf-8")
    line = next(line for line in text.splitlines() if '"key": "a"' in line)
    written.write_text(text.replace(line, line.replace(old, new, 1)), encoding="utf-8")
    row = line_of(written, '"key": "a"')
    column = written.read_text(encoding="utf-8").splitlines()[row - 1].index(new) + len(f'"{field}": ') + 1
    refused_everywhere(written, f"line {row}, column {column}")
    with pytest.raises(StoreError, match=what):
        Store(written).snapshot()


def test_nan_is_damage(written: Path) -> None:
    """Python's json writes NaN for float('nan') unless told not to; a hand edit or another tool can leave one."""
    text = written.read_text(encoding="utf-8")
    line = next(line for line in text.splitlines() if '"key": "b"' in line)
    written.write_text(text.replace(line, line.replace('"params": {}', '"params": {"n": NaN}')), encoding="utf-8")
    row = line_of(written, "NaN")
    column = written.read_text(encoding="utf-8").splitlines()[row - 1].index("NaN") + 1
    refused_everywhere(written, f"line {row}, column {column}")


def test_a_completion_without_its_occurrence_is_damage(written: Path) -> None:
    """This crashed `list`, `remind` and `export` with a KeyError while `doctor` said OK."""
    edit(written, '"occurrence": "2026-04-30", ', "")
    row = line_of(written, '"id": "c1"')
    refused_everywhere(written, f"line {row}, column 6")


def test_deep_nesting_and_huge_numbers_are_damage_not_a_crash(written: Path) -> None:
    text = written.read_text(encoding="utf-8")
    nested = text.replace('"params": {}', '"params": {"x": ' + "[" * 50_000 + "]" * 50_000 + "}", 1)
    written.write_text(nested, encoding="utf-8")
    with pytest.raises(StoreError, match="nested too deeply"):
        Store(written).snapshot()
    assert check(written).damage is not None
    written.write_text(text.replace('"params": {}', '"params": {"x": ' + "9" * 5000 + "}", 1), encoding="utf-8")
    with pytest.raises(StoreError, match="number is too long"):
        Store(written).snapshot()


def test_a_newer_schema_makes_doctor_fail(written: Path, cli) -> None:  # type: ignore[no-untyped-def]
    edit(written, '"schema_version": 2', '"schema_version": 99')
    result = cli("--db", str(written), "--lang", "en", "doctor")
    assert result.exit_code == 1 and "schema 99 is newer" in result.output


def test_damage_makes_doctor_fail_with_the_position(written: Path, cli) -> None:  # type: ignore[no-untyped-def]
    edit(written, '"occurrence": "2026-04-30", ', "")
    row = line_of(written, '"id": "c1"')
    result = cli("--db", str(written), "--lang", "en", "doctor")
    assert result.exit_code == 1 and f"line {row}, column 6" in result.output


@pytest.mark.parametrize(
    ("record", "message"),
    [
        (obligation("x", owners="张三"), "'owners' should be a list of strings"),
        (obligation("x", start="2026/04/30"), "'start' should be an ISO date"),
        (obligation("x", start_counts="yes"), "'start_counts' should be true or false"),
    ],
)
def test_the_store_never_writes_what_it_would_refuse_to_read(written: Path, record: dict, message: str) -> None:  # type: ignore[type-arg]
    before = written.read_bytes()
    with pytest.raises(InputError, match=message):
        Store(written).add_obligation(record)
    with pytest.raises(InputError, match=message):
        Store(written).upsert_obligations([obligation("ok"), record])
    assert written.read_bytes() == before


def test_a_completion_without_its_occurrence_is_refused_on_writing(written: Path) -> None:
    bad = completion("a")
    del bad["occurrence"]
    with pytest.raises(InputError, match="'occurrence' is missing"):
        Store(written).add_completion(bad)
