"""Unit-test helpers shared by the store tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from deadlines.core.i18n import set_language


@pytest.fixture
def english() -> Iterator[None]:
    """Messages are matched in English; both languages are checked where the wording matters."""
    set_language("en")
    yield
    set_language("zh")
