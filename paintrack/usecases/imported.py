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
    with store.writing(conn, f"import {source}", now):
        try:
            _add(conn, rows, now, medications, added, bad)
        except ImportRejected as e:  # the reader's own refusals (a bad date …) with these
            raise ImportRejected(source, _kept(e.bad + bad), e.more + _over(e.bad + bad)) from None
        if bad:
            raise ImportRejected(source, _kept(bad), _over(bad))
        store.set_change_summary(conn, f"import {source} ({added.total} entries)")
    return added


def _kept(bad: list[tuple[str, InvalidValue]]) -> list[tuple[str, InvalidValue]]:
    return sorted(bad, key=_order)[:MAX_BAD_KEPT]


def _over(bad: list[tuple[str, InvalidValue]]) -> int:
    return max(0, len(bad) - MAX_BAD_KEPT)


def _order(item: tuple[str, InvalidValue]) -> tuple[str, int]:
    """Bad rows in file order: `line 9` before `line 10`."""
    word, _, number = item[0].partition(" ")
    return (word, int(number) if number.isdigit() else 0)


def _add(
    conn: store.Db,
    rows: Iterable[tuple[str, dict[str, Any]]],
    now: dt.datetime,
    medications: Mapping[str, int] | None,
    added: Added,
    bad: list[tuple[str, InvalidValue]],
) -> None:
    """Check each entry and write it unless it is stored already or an entry was bad (those
    beyond MAX_BAD_KEPT are only counted, as the rows after them are only checked)."""
    have = None
    for where, row in rows:
        try:
            check(row)
        except InvalidValue as e:
            bad.append((where, e))
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
