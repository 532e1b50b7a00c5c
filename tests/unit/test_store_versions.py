"""No lost updates (issue #12 point 3): each obligation carries a version; an update writes only the fields
it changes, under the lock; a stale expected version is refused with what is stored now."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from deadlines.core.errors import ConflictError
from deadlines.store import Store
from tests.unit.test_store import obligation

SRC = Path(__file__).parents[2] / "src"

EDITOR = """
import sys
from pathlib import Path
from deadlines.store import Store
path, field, value = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
store = Store(path, who=field)
print("ready", flush=True)
sys.stdin.readline()
store.update_obligation("k", {field: [value] if field == "owners" else value})
"""


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


@pytest.mark.parametrize("attempt", range(5))
def test_two_processes_editing_different_fields_at_once_both_keep_their_change(tmp_path: Path, attempt: int) -> None:
    """`edit k --owner a@…` and `edit k --notes n` together reverted the owner 5 times out of 5 (issue #12)."""
    path = tmp_path / "db.json"
    Store(path).add_obligation(obligation("k", owners=["旧"], notes="旧"))
    env = os.environ | {"PYTHONPATH": str(SRC)}
    editors = [
        subprocess.Popen(
            [sys.executable, "-c", EDITOR, str(path), field, value],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env=env,
        )
        for field, value in (("owners", "a@example.com"), ("notes", f"备注 {attempt}"))
    ]
    for editor in editors:
        assert editor.stdout is not None and editor.stdout.readline().strip() == "ready"
    for editor in editors:
        assert editor.stdin is not None
        editor.stdin.write("go\n")
        editor.stdin.flush()
    assert [editor.wait(timeout=60) for editor in editors] == [0, 0]
    final = Store(path).obligation("k")
    assert final is not None
    assert (final["owners"], final["notes"], final["version"]) == (["a@example.com"], f"备注 {attempt}", 3)
