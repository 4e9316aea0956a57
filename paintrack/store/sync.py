"""The sync state of a diary in its database (SQL only): this device's clock and id, the field
registers (`sync_fields`, kept by the triggers of migration m006), the change files applied,
the devices seen. The rules live in `paintrack.domain.sync`; the folder in `store.sync_folder`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, NamedTuple

from paintrack.store.db import Db, _begin, rolled_back

Register = tuple[str, str, str, Any, str, str]  # table, uuid, field, value, clock, device


class State(NamedTuple):  # (not a dataclass: `status` reads it, and loads no dataclasses)
    device: str
    diary: str
    name: str | None  # this device's name, as given to `sync --name`
    folder: str | None
    last_sync: str | None
    written: str  # the clock of the last own record written to the folder ('' before any)


def _meta(conn: Db) -> dict[str, str]:
    return {
        k: v
        for k, v in conn.execute(
            "SELECT key, value FROM meta WHERE key LIKE 'sync%' OR key = 'diary_id'"
        )
    }


def state(conn: Db) -> State:
    meta = _meta(conn)
    device = conn.execute("SELECT device FROM sync_clock").fetchone()[0]
    return State(
        device=device,
        diary=meta["diary_id"],
        name=meta.get("sync_name"),
        folder=meta.get("sync_folder"),
        last_sync=meta.get("sync_last"),
        written=meta.get("sync_written", ""),
    )


def folder_and_last(conn: Db) -> tuple[str | None, str | None]:
    """The remembered sync folder and when it was last synced (for `status`, cheaply)."""
    meta = dict(
        conn.execute("SELECT key, value FROM meta WHERE key IN ('sync_folder', 'sync_last')")
    )
    return meta.get("sync_folder"), meta.get("sync_last")


def set_meta(conn: Db, key: str, value: str) -> None:
    conn.execute(
        "INSERT INTO meta (key, value) VALUES (?, ?) "
        "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (key, value),
    )


@contextmanager
def merging(conn: Db) -> Iterator[None]:
    """One transaction for a whole sync (which also serialises two syncs of one database); the
    triggers rest while peers' rows are written, so they are not taken for this device's."""
    _begin(conn)
    try:
        conn.execute("UPDATE sync_clock SET merging = 1")
        yield
        conn.execute("UPDATE sync_clock SET merging = 0")
        conn.execute("COMMIT")
    except BaseException as e:
        rolled_back(conn, e)


def own_records(conn: Db, device: str, after: str) -> list[tuple[str, str, str, Any, str]]:
    """This device's registers written after clock `after`, oldest first."""
    rows = conn.execute(
        "SELECT tbl, uuid, field, value, hlc FROM sync_fields WHERE device = ? AND hlc > ? "
        "ORDER BY hlc, tbl, uuid, field",
        (device, after),
    )
    return [tuple(r) for r in rows]


def applied(conn: Db) -> set[tuple[str, str]]:
    return {(d, n) for d, n in conn.execute("SELECT device, name FROM sync_files")}


def mark_applied(conn: Db, device: str, name: str, records: int, at: str) -> None:
    conn.execute(
        "INSERT OR REPLACE INTO sync_files (device, name, records, applied_at) VALUES (?, ?, ?, ?)",
        (device, name, records, at),
    )


def forget_applied(conn: Db, device: str, names: Iterable[str]) -> None:
    conn.executemany(
        "DELETE FROM sync_files WHERE device = ? AND name = ?", [(device, n) for n in names]
    )


def clocks(
    conn: Db, keys: Iterable[tuple[str, str]]
) -> dict[tuple[str, str, str], tuple[str, str]]:
    """The (clock, device) of every register of the rows `keys` (table, uuid)."""
    found: dict[tuple[str, str, str], tuple[str, str]] = {}
    by_table: dict[str, list[str]] = {}
    for table, uuid in keys:
        by_table.setdefault(table, []).append(uuid)
    for table, uuids in by_table.items():
        for i in range(0, len(uuids), 500):
            part = uuids[i : i + 500]
            rows = conn.execute(
                "SELECT uuid, field, hlc, device FROM sync_fields WHERE tbl = ? AND uuid IN "
                f"({', '.join('?' * len(part))})",
                (table, *part),
            )
            for uuid, field, hlc, device in rows:
                found[(table, uuid, field)] = (hlc, device)
    return found


def put_registers(conn: Db, registers: Sequence[Register]) -> None:
    conn.executemany(
        "INSERT OR REPLACE INTO sync_fields (tbl, uuid, field, value, hlc, device) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        registers,
    )


def clock(conn: Db) -> tuple[int, int]:
    ms, n = conn.execute("SELECT ms, n FROM sync_clock").fetchone()
    return int(ms), int(n)


def set_clock(conn: Db, ms: int, n: int) -> None:
    conn.execute("UPDATE sync_clock SET ms = ?, n = ?", (ms, n))


def note_peer(conn: Db, device: str, name: str, last_write: str, brought: str | None) -> None:
    conn.execute(
        "INSERT INTO sync_peers (device, name, last_write, brought) VALUES (?, ?, ?, ?) "
        "ON CONFLICT (device) DO UPDATE SET name = excluded.name, "
        "last_write = max(coalesce(last_write, ''), excluded.last_write), "
        "brought = coalesce(excluded.brought, brought)",
        (device, name, last_write, brought),
    )


def clear_brought(conn: Db) -> None:
    conn.execute("UPDATE sync_peers SET brought = NULL")


def peers(conn: Db) -> list[tuple[str, str, str | None, str | None]]:
    """(device, name, last write, what the last sync brought) of every device seen."""
    rows = conn.execute("SELECT device, name, last_write, brought FROM sync_peers ORDER BY name")
    return [tuple(r) for r in rows]


_DEAD = (
    "SELECT t.tbl, t.uuid FROM sync_fields t WHERE t.field = '~deleted' "
    "AND NOT EXISTS (SELECT 1 FROM sync_fields f WHERE f.tbl = t.tbl AND f.uuid = t.uuid "
    "AND f.field != '~deleted' AND (f.hlc, f.device) > (t.hlc, t.device))"
)


def fold_own(conn: Db) -> None:
    """Forget the values of rows deleted for good (compact): a deleted row keeps only the
    clocks of its fields and its tombstone, so it stays deleted on every device."""
    conn.execute(
        "UPDATE sync_fields SET value = NULL WHERE field != '~deleted' AND value IS NOT NULL "
        f"AND (tbl, uuid) IN ({_DEAD})"
    )


def folded_records(conn: Db, device: str) -> list[tuple[str, str, str, Any, str]]:
    """This device's registers as one change file holds them after compact: a deleted row by
    its tombstone alone."""
    rows = conn.execute(
        "SELECT tbl, uuid, field, value, hlc FROM sync_fields WHERE device = ? "
        f"AND (field = '~deleted' OR (tbl, uuid) NOT IN ({_DEAD})) ORDER BY hlc, tbl, uuid, field",
        (device,),
    )
    return [tuple(r) for r in rows]


def running(conn: Db) -> tuple[list[str], list[str]]:
    """The courses not ended (the one in use first) and the activities not stopped."""
    courses = conn.execute(
        "SELECT name FROM courses WHERE ended IS NULL ORDER BY start DESC, created_at DESC, "
        "uuid DESC"
    )
    chosen = conn.execute("SELECT name FROM activities WHERE stopped IS NULL ORDER BY id")
    return [r[0] for r in courses], [r[0] for r in chosen]
