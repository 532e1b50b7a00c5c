"""No lost updates (issue #12 point 3): each obligation carries a version; an update writes only the fields
it changes, under the lock; a stale expected version is refused with what is stored now. (Two processes
editing at once: tests/store/test_behaviour.py, on both backends.)"""

from __future__ import annotations

from pathlib import Path

import pytest

from deadlines.core.errors import ConflictError
from deadlines.store import Store
from tests.unit.test_store import obligation

SRC = Path(__file__).parents[2] / "src"


def test_versions_count_changes_and_a_no_op_keeps_the_version(tmp_path: Path) -> None:
    store = Store(tmp_path / "db.json")
    assert store.add_obligation(obligation("k"))["version"] == 1
    assert store.update_obligation("k", {"notes": "一"})["version"] == 2
    assert store.update_obligation("k", {"notes": "一"})["version"] == 2
    assert store.delete_obligation("k")["version"] == 3
    assert store.restore_obligation("k")["version"] == 4
    assert store.upsert_obligations([obligation("k", notes="二")]).updated == ("k",)
    assert store.obligation("k")["version"] == 5  # type: ignore[index]


def test_a_stale_expected_version_is_refused_with_what_is_stored_now(tmp_path: Path) -> None:
    """The TUI form opened at version 1; meanwhile the CLI changed the owner. Saving the form must not undo it."""
    path = tmp_path / "db.json"
    store = Store(path)
    opened = store.add_obligation(obligation("k"))
    store.update_obligation("k", {"owners": ["李四"]})
    before = path.read_bytes()
    with pytest.raises(ConflictError) as raised:
        store.update_obligation("k", {"notes": "表单里写的"}, expected_version=opened["version"])
    assert raised.value.current["owners"] == ["李四"] and raised.value.current["version"] == 2
    assert "version 1" in raised.value.text.en and "第 2 版" in raised.value.text.zh
    assert path.read_bytes() == before
    saved = store.update_obligation("k", {"notes": "表单里写的"}, expected_version=2)
    assert (saved["owners"], saved["notes"], saved["version"]) == (["李四"], "表单里写的", 3)
