"""Every profile quotes its seed faithfully: each 「quote」 is found, word for word, at the lines it names.

The seeds in `seeds/` are the five source documents as published (copied unchanged
from the project's seed set). A quote over several lines is those lines joined,
each stripped of its leading and trailing spaces (profiles/README.md); `…` marks
an omission, so the parts must appear in order.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from deadlines import paths
from deadlines.core.profiles import load_profiles

SEEDS = {p.name[:3]: p.read_text(encoding="utf-8").split("\n") for p in (Path(__file__).parent / "seeds").glob("*.txt")}
PROFILES = load_profiles(paths.shipped("profiles"))
CITATION = re.compile(r"(\d{3}) 第(\d+)(?:[–—-](\d+))?行：「(.*?)」(?=；|$)")


def citations(source: str) -> list[tuple[str, int, int, str]]:
    found = [(m[1], int(m[2]), int(m[3] or m[2]), m[4]) for m in CITATION.finditer(source)]
    assert found, f"no citation in {source!r}"
    return found


def quoted_at(seed: str, first: int, last: int, quote: str) -> bool:
    lines = SEEDS[seed][first - 1 : last]
    text = "".join(line.strip() for line in lines)
    at = 0
    for part in quote.split("…"):
        at = text.find(part.strip(), at)
        if at < 0:
            return False
        at += len(part.strip())
    return True


def test_the_seed_copies_are_the_five_documents() -> None:
    assert sorted(SEEDS) == ["000", "001", "002", "003", "004"]
    assert len(SEEDS["004"]) == 5062  # the compilation's line count (research notes, obligations-004.md)


@pytest.mark.parametrize("name", sorted(PROFILES))
def test_every_quote_is_at_its_lines(name: str) -> None:
    wrong = [
        (t.key, seed, first, quote)
        for t in PROFILES[name].obligations
        for seed, first, last, quote in citations(t.source)
        if not quoted_at(seed, first, last, quote)
    ]
    assert wrong == []
