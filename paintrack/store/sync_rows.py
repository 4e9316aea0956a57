"""Rows from registers (SQL only): after a sync has merged peers' registers into `sync_fields`,
each row they touched is written (or removed) to match them, parents before children.

A row shows when its registers hold every field its table needs, its parent rows show, and no
tombstone is later than all its fields. Otherwise it is hidden (its registers stay, so a later
change can bring it back) — rows are never dropped by a rule. Called inside `sync.merging()`,
so the triggers do not take these writes for this device's own.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from paintrack.migrations_sync import SYNCED
from paintrack.store.db import Db

DELETED = "~deleted"
NAMED = ("courses", "medications", "activities")
CHILDREN = {
    p: [(t, c) for t, refs in SYNCED.items() for c, pt in refs.items() if pt == p] for p in SYNCED
}


@dataclass
class Outcome:
    """What the rows became: counts by device and kind (a table, "edit", "delete")."""

    counts: dict[str, Counter[str]] = field(default_factory=dict)

    def count(self, device: str, kind: str) -> None:
        self.counts.setdefault(device, Counter())[kind] += 1


class _Rows:
    def __init__(self, conn: Db) -> None:
        self.conn = conn
        self.next_id: dict[str, int] = {}
        self.required = {t: _not_null(conn, t) for t in SYNCED}
        self.kids: dict[str, list[tuple[str, str]]] | None = None

    def registers(self, table: str, uuid: str) -> tuple[dict[str, Any], bool]:
        rows = self.conn.execute(
            "SELECT field, value, hlc, device FROM sync_fields WHERE tbl = ? AND uuid = ?",
            (table, uuid),
        ).fetchall()
        tomb = next(((h, d) for f, _, h, d in rows if f == DELETED), None)
        values = {f: v for f, v, _, _ in rows if f != DELETED}
        alive = tomb is None or any((h, d) > tomb for f, _, h, d in rows if f != DELETED)
        return values, alive

    def local_id(self, table: str, uuid: str) -> int | None:
        row = self.conn.execute(f"SELECT id FROM {table} WHERE uuid = ?", (uuid,)).fetchone()
        return None if row is None else int(row[0])

    def new_id(self, table: str) -> int:
        """Above every id the table and the undo journal have used, so an `undo` that puts a
        row back never meets a synced row on its id."""
        if table not in self.next_id:
            self.next_id[table] = int(
                self.conn.execute(
                    f"SELECT max(coalesce((SELECT max(id) FROM {table}), 0), "
                    "coalesce((SELECT max(row_id) FROM change_steps WHERE table_name = ?), 0))",
                    (table,),
                ).fetchone()[0]
            )
        self.next_id[table] += 1
        return self.next_id[table]

    def children(self, parent: str, uuid: str) -> list[tuple[str, str]]:
        if self.kids is None:
            self.kids = {}
            for table, refs in SYNCED.items():
                for column in refs:
                    found = self.conn.execute(
                        "SELECT uuid, value FROM sync_fields WHERE tbl = ? AND field = ?",
                        (table, column),
                    )
                    for child, value in found:
                        self.kids.setdefault(value, []).append((table, child))
        return self.kids.get(uuid, [])

    def row(self, table: str, uuid: str) -> dict[str, Any] | None:
        """The row as its registers say, with parents as local ids; None: it is hidden."""
        values, alive = self.registers(table, uuid)
        if not alive or any(values.get(c) is None for c in self.required[table]):
            return None
        for column, parent in SYNCED[table].items():
            if values.get(column) is not None:
                found = self.local_id(parent, values[column])
                if found is None:
                    return None
                values[column] = found
        if table in NAMED and "name" in values:
            values["name"] = "\x01" + uuid  # unique until `_names` gives the shown name
        return values

    def remove(self, table: str, row_id: int) -> None:
        for child, column in CHILDREN[table]:
            self.conn.execute(f"DELETE FROM {child} WHERE {column} = ?", (row_id,))
        self.conn.execute(f"DELETE FROM {table} WHERE id = ?", (row_id,))

    def write(self, table: str, uuid: str, row: dict[str, Any]) -> str | None:
        """Insert or update; returns 'insert', 'edit' or None (nothing changed)."""
        row_id = self.local_id(table, uuid)
        if row_id is None:
            cols = ["id", "uuid", *row]
            self.conn.execute(
                f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
                (self.new_id(table), uuid, *row.values()),
            )
            return "insert"
        old = dict(self.conn.execute(f"SELECT * FROM {table} WHERE id = ?", (row_id,)).fetchone())
        if table in NAMED:
            row = {k: v for k, v in row.items() if k != "name"}
        new = {k: v for k, v in row.items() if old.get(k) != v or type(old.get(k)) is not type(v)}
        if not new:
            return None
        sets = ", ".join(f"{c} = ?" for c in new)
        self.conn.execute(f"UPDATE {table} SET {sets} WHERE id = ?", (*new.values(), row_id))
        return "edit"


def _not_null(conn: Db, table: str) -> list[str]:
    rows = conn.execute(f"PRAGMA table_info({table})").fetchall()
    return [r[1] for r in rows if r[3] and r[1] not in ("id", "uuid")]


def apply(conn: Db, dirty: dict[tuple[str, str], str]) -> Outcome:
    """Write every row in `dirty` ((table, uuid) → the device whose change touched it) as its
    registers say (a new named row under a stand-in name: the caller gives the shown names)."""
    rows, outcome = _Rows(conn), Outcome()
    todo = {t: {u: d for (tt, u), d in dirty.items() if tt == t} for t in SYNCED}
    counted: set[str] = set()
    for table in SYNCED:  # parents first
        for uuid, device in sorted(todo[table].items()):
            _one(rows, table, uuid, device, todo, outcome, counted)
    return outcome


OWNERS = {"doses": "daily_log_id", "activity_ratings": "daily_log_id", "red_flags": "daily_log_id"}
OWNERS["ingredients"] = "medication_id"


def _one(
    rows: _Rows,
    table: str,
    uuid: str,
    device: str,
    todo: dict[str, dict[str, str]],
    outcome: Outcome,
    counted: set[str],
) -> None:
    owner = None
    if table in OWNERS:  # a dose, rating, flag or ingredient: an edit of its log or medication
        owner = rows.registers(table, uuid)[0].get(OWNERS[table])
    wanted = rows.row(table, uuid)
    if wanted is None:
        row_id = rows.local_id(table, uuid)
        if row_id is None:
            return
        rows.remove(table, row_id)
        done: str | None = "delete"
    else:
        done = rows.write(table, uuid, wanted)
        if done == "insert":  # its children may have come first, or long ago
            for child, child_uuid in rows.children(table, uuid):
                todo[child].setdefault(child_uuid, device)
    if done is None or (owner or uuid) in counted:
        return
    counted.add(owner or uuid)
    outcome.count(device, "edit" if owner else table if done == "insert" else done)


def named(conn: Db, table: str) -> list[tuple[int, str, str, str, str, str]]:
    """(id, uuid, name shown, name registered, its clock, its device) of each row of `table`."""
    found = conn.execute(
        f"SELECT t.id, t.uuid, t.name, f.value, f.hlc, f.device FROM {table} t "
        "JOIN sync_fields f ON f.tbl = ? AND f.uuid = t.uuid AND f.field = 'name'",
        (table,),
    )
    return [tuple(r) for r in found]


def rename(conn: Db, table: str, names: dict[int, str]) -> None:
    """Show these rows under these names (each unique; swapped through unique stand-ins)."""
    for row_id in names:
        conn.execute(f"UPDATE {table} SET name = ? WHERE id = ?", (f"\x01{row_id}", row_id))
    for row_id, name in names.items():
        conn.execute(f"UPDATE {table} SET name = ? WHERE id = ?", (name, row_id))
