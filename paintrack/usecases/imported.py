"""Another tracker's records in (`paintrack import` of Flaredown, Bearable, Daylio, Apple Health):
each entry checked against its declaration (fields/imported.py), written in one journaled
transaction (undo takes it all back), never twice (an entry already stored is skipped), and
nothing at all if any entry is bad.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from paintrack import store
from paintrack.errors import ImportRejected, InvalidValue
from paintrack.fields import IMPORTED
from paintrack.store.imported import imported_keys, insert_imported, key

MAX_BAD_KEPT = 100  # bad entries kept for the message (it shows 20); the rest are counted
SHOWN_FIRST = 5  # entries a dry run shows


@dataclass
class Added:
    """What an import added (or, rehearsed, would add): entries per kind, the first few, and
    how many were already stored."""

    kinds: dict[str, int] = field(default_factory=dict)
    first: list[dict[str, Any]] = field(default_factory=list)
    already: int = 0

    @property
    def total(self) -> int:
        return sum(self.kinds.values())


def check(row: dict[str, Any]) -> None:
    """Refuse an entry whose values are not what its fields allow (InvalidValue)."""
    IMPORTED.check({k: v for k, v in row.items() if k != "medication_id"})
    day = row.get("date")
    if not isinstance(day, str):
        raise IMPORTED["date"].error(None, day)
    try:
        dt.date.fromisoformat(day)
    except ValueError:
        raise IMPORTED["date"].error(None, day) from None


def add(
    conn: store.Db,
    rows: Iterable[tuple[str, dict[str, Any]]],
    now: dt.datetime,
    source: str,
    medications: Mapping[str, int] | None = None,
) -> Added:
    """Check and write `rows` ((where, entry), read as they are written) in one transaction.

    `medications` maps a treatment's name (lower case) to the listed medication the patient
    confirmed it is. Raises ImportRejected naming every bad entry's place; then nothing is
    written."""
    added = Added()
    bad: list[tuple[str, InvalidValue]] = []
    more = 0
    with store.writing(conn, f"import {source}", now):
        have = None
        for where, row in rows:
            try:
                check(row)
            except InvalidValue as e:
                if len(bad) < MAX_BAD_KEPT:
                    bad.append((where, e))
                else:
                    more += 1
                continue
            if bad:
                continue
            if have is None:
                have = imported_keys(conn, row["source"])
            if row["kind"] == "treatment" and medications:
                row = {**row, "medication_id": medications.get(row["name"].lower())}
            if have[key(row)]:
                have[key(row)] -= 1
                added.already += 1
                continue
            insert_imported(conn, row, now)
            added.kinds[row["kind"]] = added.kinds.get(row["kind"], 0) + 1
            if len(added.first) < SHOWN_FIRST:
                added.first.append(row)
        if bad:
            raise ImportRejected(source, bad, more=more)
        store.set_change_summary(conn, f"import {source} ({added.total} entries)")
    return added
