"""Likely duplicates: rows of an import (or a profile) that repeat an obligation stored under another key.

Two obligations are likely the same when they have the same title and rule,
or cite the same place in the same document (the source up to its quote:
「000 第104行」). A row whose key is stored is an update, never a duplicate.
What to do with them is the caller's choice (`Policy`): refuse and list them,
skip them, update the stored obligation instead, or add them anyway.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Literal

from deadlines.core.i18n import Text
from deadlines.core.models import Obligation
from deadlines.transfer.rows import Batch, Entry

Policy = Literal["refuse", "skip", "update", "add"]
POLICIES: tuple[Policy, ...] = ("refuse", "skip", "update", "add")


@dataclass(frozen=True)
class Duplicate:
    """A row that likely repeats a stored obligation."""

    row: int | None
    """The file's row (None for a profile's obligation)."""
    key: str
    existing: str
    existing_title: str
    why: Text


_LINE = re.compile(r"(\d{3})\s*第\s*(\d+)\s*行")


def citation(source: str) -> str:
    """Where a source points, without its quote: the first 「000 第104行」 line reference when there is one
    (profiles put the document's name before it), else the text before the quote."""
    m = _LINE.search(source)
    if m:
        return f"{m.group(1)} 第{m.group(2)}行"
    return re.split(r"[：:「“\"]", source, maxsplit=1)[0].strip()


def find(entries: Iterable[Entry | Obligation], stored: Mapping[str, Obligation]) -> list[Duplicate]:
    """The rows or obligations (with new keys) that repeat a stored obligation by title and rule, or by citation."""
    by_text = {(ob.title, ob.rule): ob for ob in stored.values()}
    by_cite: dict[str, Obligation] = {}
    for ob in stored.values():
        if citation(ob.source):
            by_cite.setdefault(citation(ob.source), ob)
    out = []
    for entry in entries:
        row, ob = (entry.row, entry.obligation) if isinstance(entry, Entry) else (None, entry)
        if ob.key in stored:
            continue
        same = by_text.get((ob.title, ob.rule))
        why = Text("标题和规则相同", "the same title and rule")
        if same is None and citation(ob.source):
            same = by_cite.get(citation(ob.source))
            why = Text(f"出处相同（{citation(ob.source)}）", f"the same source ({citation(ob.source)})")
        if same is not None:
            out.append(Duplicate(row, ob.key, same.key, same.title, why))
    return out


def resolve(batch: Batch, duplicates: list[Duplicate], policy: Policy) -> Batch:
    """The batch to write: duplicate rows left out (skip), written onto the stored key (update), or kept (add)."""
    if policy == "add" or not duplicates:
        return batch
    onto = {d.row: d.existing for d in duplicates}
    entries: list[Entry] = []
    for entry in batch.entries:
        if entry.row not in onto:
            entries.append(entry)
        elif policy == "update":
            entries.append(replace(entry, obligation=replace(entry.obligation, key=onto[entry.row])))
    return replace(batch, entries=tuple(entries))


def line(d: Duplicate) -> Text:
    """「第 2 行 cas-award-application 可能与已有的 cas-training-credits/application（…）重复：标题和规则相同」"""
    where = Text(f"第 {d.row} 行 ", f"row {d.row} ") if d.row is not None else Text("", "")
    return Text(
        f"{where.zh}{d.key} 可能与已有的 {d.existing}（{d.existing_title}）重复：{d.why.zh}",
        f"{where.en}{d.key} likely repeats the stored {d.existing} ({d.existing_title}): {d.why.en}",
    )
