"""Imported entries (another tracker's records, kept as it said them; fields/imported.py)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator
from typing import Any

from paintrack.fields import IMPORTED
from paintrack.store.db import Db, insert_row, stamp

#: The columns written by an import (id and created_at are the store's).
SAME = tuple(c for c in IMPORTED.columns if c not in ("id", "created_at"))
#: The columns that make two entries the same: importing a file twice adds nothing, whether or
#: not a treatment was linked to a listed medication either time.
KEY = tuple(c for c in SAME if c != "medication_id")


def key(row: dict[str, Any]) -> tuple[Any, ...]:
    """What 'the same entry' means: every column but id, created_at and medication_id."""
    return tuple(row.get(c) for c in KEY)


def imported_keys(conn: Db, source: str) -> Counter[tuple[Any, ...]]:
    """How many stored entries of `source` there are of each content."""
    cols = ", ".join(KEY)
    rows = conn.execute(f"SELECT {cols} FROM imported_entries WHERE source = ?", (source,))
    return Counter(tuple(r) for r in rows)


def insert_imported(conn: Db, row: dict[str, Any], now: dt.datetime) -> int:
    """Write one checked entry (journaled for undo)."""
    values = {c: row.get(c) for c in SAME}
    return insert_row(conn, "imported_entries", {**values, "created_at": stamp(now)})


def imported_rows(
    conn: Db, since: dt.date | None = None, until: dt.date | None = None
) -> Iterator[dict[str, Any]]:
    """Every imported entry between the dates, in id order, as stored (medication by its id)."""
    lo = (since or dt.date.min).isoformat()
    hi = (until or dt.date.max).isoformat()
    cur = conn.execute(
        "SELECT * FROM imported_entries WHERE date BETWEEN ? AND ? ORDER BY id", (lo, hi)
    )
    for r in cur:
        yield dict(r)


def imported_between(conn: Db, lo: dt.date, hi: dt.date, kind: str) -> list[dict[str, Any]]:
    """The entries of one kind between two days (the review's note on other scales)."""
    cur = conn.execute(
        "SELECT source, name, scale, count(*) AS n FROM imported_entries "
        "WHERE kind = ? AND date BETWEEN ? AND ? GROUP BY source, name, scale ORDER BY source, name",
        (kind, lo.isoformat(), hi.isoformat()),
    )
    return [dict(r) for r in cur]
