"""The PostgreSQL test server starts and the backend does a round of writes and reads."""

from __future__ import annotations

from tests.store.conftest import StoreFactory
from tests.unit.test_store import completion, obligation


def test_add_read_update_complete(make: StoreFactory) -> None:
    store = make(who="tester")
    store.add_obligation(obligation("a"))
    store.update_obligation("a", {"notes": "改"})
    store.add_completion(completion("a", id="c1"))
    snap = make().snapshot()
    assert snap.obligations["a"]["notes"] == "改" and snap.obligations["a"]["version"] == 2
    assert [c["id"] for c in snap.completions] == ["c1"]
    assert [row["action"] for row in snap.audit] == ["add", "update", "complete"]
