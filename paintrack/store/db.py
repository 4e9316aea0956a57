"""Opening the database and writing to it: paths, schema version, migrations, the change journal.

Hot path on the standard library's sqlite3: an up-to-date database is recognised by its
`PRAGMA user_version` and never loads sqlite-utils; migrations (sqlite-utils) load only when the
schema is behind. Every command's writes go through `writing()`: one transaction, and a change
journal (`changes`, `change_steps`) of before-images that `undo` replays backwards.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import Any

from paintrack.errors import BadDatabase, NoData, NotFound

SCHEMA_VERSION = 3  # = number of migrations in paintrack/migrations.py (a test checks)
APP_NAME = "paintrack"
SQLITE_HEADER = b"SQLite format 3\x00"


# --- Where things live -------------------------------------------------------------------------
def data_dir() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False))


def resolve_db_path(option: str | Path | None) -> tuple[Path, str]:
    """--db beats PAINTRACK_DB, which beats the platform data directory. Returns (path, source)."""
    if option:
        return Path(option).expanduser(), "--db"
    env = os.environ.get("PAINTRACK_DB")
    if env:
        return Path(env).expanduser(), "PAINTRACK_DB"
    return data_dir() / "paintrack.db", "default"


# --- Opening -----------------------------------------------------------------------------------
class Db(sqlite3.Connection):
    """A connection that knows the path it opened and the change being written, if any."""

    path: Path
    change_id: int | None = None


def open_db(path: Path, *, now: datetime | None = None) -> Db:
    """Open (creating 0600 in a 0700 folder if needed) and bring the schema up to date."""
    path = Path(path)
    if path.is_dir():
        raise BadDatabase(
            f"--db {path} is a folder; give a file path such as {path / 'paintrack.db'}."
        )
    if path.exists():
        check_readable(path)
    else:
        _create_private(path)
    try:
        conn = sqlite3.connect(path, timeout=15, factory=Db, isolation_level=None)
    except sqlite3.Error as e:
        raise BadDatabase(f"--db {path} cannot be opened: {e}.") from None
    conn.path = path
    conn.row_factory = sqlite3.Row
    try:
        conn.execute("PRAGMA foreign_keys = ON")
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise BadDatabase(
                f"--db {path} was written by a newer paintrack (schema {version}; this one reads "
                f"up to {SCHEMA_VERSION}). Upgrade paintrack; the file was not changed."
            )
        if version == 0 and _tables(conn):
            raise BadDatabase(
                f"--db {path} is an SQLite database of another program, not paintrack's; "
                "give a new file or a paintrack database. It was not changed."
            )
        if version < SCHEMA_VERSION:
            if version == 0:
                os.chmod(path, 0o600)  # an empty file we are about to fill: make it private
            _migrate(conn, path, version, now or datetime.now())
    except sqlite3.DatabaseError as e:
        conn.close()
        raise BadDatabase(f"--db {path} is not a usable SQLite database ({e}).") from None
    except BaseException:
        conn.close()
        raise
    return conn


def _create_private(path: Path) -> None:
    parent = path.parent
    if not parent.exists():
        try:
            parent.mkdir(mode=0o700, parents=True)
        except OSError as e:
            raise BadDatabase(f"--db folder {parent} cannot be created: {e.strerror}.") from None
    try:
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except FileExistsError:
        return  # another terminal created it a moment ago
    except OSError as e:
        raise BadDatabase(f"--db {path} cannot be created: {e.strerror}.") from None
    os.close(fd)


def check_readable(path: Path) -> None:
    try:
        with path.open("rb") as f:
            header = f.read(16)
    except OSError as e:
        raise BadDatabase(f"--db {path} cannot be read: {e.strerror}.") from None
    if header and header != SQLITE_HEADER:
        raise BadDatabase(f"--db {path} is not an SQLite database; give a paintrack database file.")
    if not os.access(path, os.W_OK):
        raise BadDatabase(f"--db {path} is read-only; paintrack needs to write to it.")


def _migrate(conn: Db, path: Path, version: int, now: datetime) -> None:
    conn.execute("PRAGMA journal_mode = WAL")  # two terminals can log at once (persistent)
    if _holds_data(conn):  # the backup API cannot copy from inside our own write transaction
        _backup_before_migrating(conn, path, version, now)
    conn.execute("BEGIN IMMEDIATE")
    try:
        version = conn.execute("PRAGMA user_version").fetchone()[0]  # another process may have won
        if version < SCHEMA_VERSION:
            from paintrack import migrations

            migrations.apply(conn)
            conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise


def _tables(conn: Db) -> list[str]:
    rows = conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    )
    return [r[0] for r in rows]


def _holds_data(conn: Db) -> bool:
    return any(conn.execute(f'SELECT 1 FROM "{t}" LIMIT 1').fetchone() for t in _tables(conn))


def _backup_before_migrating(conn: Db, path: Path, version: int, now: datetime) -> Path:
    target = path.with_name(f"{path.name}.bak-schema{version}-{now:%Y%m%dT%H%M%S}")
    backup_to(conn, target)
    return target


def backup_to(conn: Db, target: Path) -> None:
    """A consistent copy through SQLite's backup API, created 0600."""
    fd = os.open(target, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    os.close(fd)
    dest = sqlite3.connect(target)
    try:
        conn.backup(dest)
    finally:
        dest.close()


# --- Writing: one transaction per command, journaled for undo ------------------------------------
@contextmanager
def writing(conn: Db, command: str, now: datetime) -> Iterator[None]:
    """One transaction for all of a command's writes, recorded as one change for `undo`."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        cur = conn.execute(
            "INSERT INTO changes (at, command) VALUES (?, ?)",
            (now.isoformat(timespec="seconds"), command),
        )
        conn.change_id = cur.lastrowid
        yield
        if not conn.execute(
            "SELECT 1 FROM change_steps WHERE change_id = ?", (conn.change_id,)
        ).fetchone():
            conn.execute("DELETE FROM changes WHERE id = ?", (conn.change_id,))
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    finally:
        conn.change_id = None


def set_change_summary(conn: Db, summary: str) -> None:
    conn.execute("UPDATE changes SET summary = ? WHERE id = ?", (summary, conn.change_id))


def _step(conn: Db, op: str, table: str, row_id: int, before: dict[str, Any] | None) -> None:
    if conn.change_id is None:
        raise RuntimeError("writes must happen inside store.writing()")
    conn.execute(
        "INSERT INTO change_steps (change_id, op, table_name, row_id, before) VALUES (?, ?, ?, ?, ?)",
        (conn.change_id, op, table, row_id, None if before is None else json.dumps(before)),
    )


def insert_row(conn: Db, table: str, values: dict[str, Any]) -> int:
    cols = ", ".join(values)
    marks = ", ".join("?" for _ in values)
    cur = conn.execute(f"INSERT INTO {table} ({cols}) VALUES ({marks})", tuple(values.values()))
    row_id = int(cur.lastrowid or 0)
    _step(conn, "insert", table, row_id, None)
    return row_id


def _row(conn: Db, table: str, row_id: int) -> dict[str, Any]:
    row = conn.execute(f"SELECT * FROM {table} WHERE id = ?", (row_id,)).fetchone()
    if row is None:
        raise NotFound(f"No {table} row {row_id}.")
    return dict(row)


def update_row(conn: Db, table: str, row_id: int, values: dict[str, Any]) -> None:
    before = _row(conn, table, row_id)
    sets = ", ".join(f"{c} = ?" for c in values)
    conn.execute(f"UPDATE {table} SET {sets} WHERE id = ?", (*values.values(), row_id))
    _step(conn, "update", table, row_id, before)


def delete_row(conn: Db, table: str, row_id: int) -> None:
    before = _row(conn, table, row_id)
    conn.execute(f"DELETE FROM {table} WHERE id = ?", (row_id,))
    _step(conn, "delete", table, row_id, before)


def undo(conn: Db) -> str:
    """Revert the last recorded change exactly, and forget it. Returns what it was."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        change = conn.execute("SELECT * FROM changes ORDER BY id DESC LIMIT 1").fetchone()
        if change is None:
            raise NoData("Nothing to undo: no change has been recorded in this database.")
        steps = conn.execute(
            "SELECT * FROM change_steps WHERE change_id = ? ORDER BY id DESC", (change["id"],)
        ).fetchall()
        for s in steps:
            table, row_id = s["table_name"], s["row_id"]
            if s["op"] == "insert":
                conn.execute(f"DELETE FROM {table} WHERE id = ?", (row_id,))
            else:
                before: dict[str, Any] = json.loads(s["before"])
                if s["op"] == "update":
                    sets = ", ".join(f"{c} = ?" for c in before)
                    conn.execute(
                        f"UPDATE {table} SET {sets} WHERE id = ?", (*before.values(), row_id)
                    )
                else:
                    cols, marks = ", ".join(before), ", ".join("?" for _ in before)
                    conn.execute(
                        f"INSERT INTO {table} ({cols}) VALUES ({marks})", tuple(before.values())
                    )
        conn.execute("DELETE FROM change_steps WHERE change_id = ?", (change["id"],))
        conn.execute("DELETE FROM changes WHERE id = ?", (change["id"],))
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    summary = change["summary"] or change["command"]
    return f"{summary} (recorded {change['at'].replace('T', ' ')})"


def stamp(now: datetime) -> str:
    return now.isoformat(timespec="seconds")


def day_of(value: str | None) -> date | None:
    return None if value is None else date.fromisoformat(value)


def last_change(conn: Db) -> tuple[str, str] | None:
    """(when, what) of the last recorded change: what `undo` would revert next."""
    row = conn.execute(
        "SELECT at, coalesce(summary, command) FROM changes ORDER BY id DESC LIMIT 1"
    ).fetchone()
    return None if row is None else (row[0], row[1])
