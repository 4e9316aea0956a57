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
from contextlib import contextmanager, suppress
from datetime import date, datetime
from pathlib import Path
from typing import Any, NoReturn

from paintrack.errors import (
    BadDatabase,
    CannotWrite,
    InvalidValue,
    Kept,
    NoData,
    NotFound,
    PaintrackError,
)
from paintrack.store import identity
from paintrack.store.files import (
    cannot_write,
    check_undamaged,
    connect_read_only,
    heal_side_files,
    make_private_dirs,
    open_error,
    read_only_reason,
    remove_new,
)

SCHEMA_VERSION = 10  # = number of migrations in paintrack/migrations.py (a test checks)
APP_NAME = "paintrack"


# --- Where things live -------------------------------------------------------------------------
def data_dir() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False))


def resolve_db_path(option: str | Path | None) -> tuple[Path, str]:
    """--db beats PAINTRACK_DB, which beats the platform data directory. Returns (path, source).
    An empty --db is refused: it must never quietly mean the patient's real diary."""
    if option is not None:
        if not str(option).strip():
            raise InvalidValue("db", "a file path, not empty text", str(option))
        return Path(option).expanduser(), "--db"
    env = os.environ.get("PAINTRACK_DB")
    if env:
        return Path(env).expanduser(), "PAINTRACK_DB"
    return data_dir() / "paintrack.db", "default"


# --- Opening -----------------------------------------------------------------------------------
class Db(sqlite3.Connection):
    """A connection that knows the path it opened and the change being written, if any.

    `cannot_write` is set when the file opened for reading only (it is read-only, or its disk
    is full): a command that writes raises it instead of writing."""

    path: Path
    change_id: int | None = None
    cannot_write: PaintrackError | None = None
    rehearsal: bool = False  # `import --dry-run`: writing() rolls back instead of committing


def open_db(
    path: Path, *, now: datetime | None = None, create: bool = True, whole: bool = False
) -> Db:
    """Open (creating 0600 in 0700 folders if needed, unless `create` is False: a command that
    only reads) and bring the schema up to date. Only a paintrack diary is opened (identity.py).
    `whole`: refuse a damaged diary now (for output that must never stop half-way).

    A file that may only be read, or that cannot be opened for writing (a full disk, a
    read-only folder), opens for reading; writing() then says why it cannot write."""
    path = Path(path)
    identity.check_kind(path)
    created = False
    if os.path.lexists(path):
        read_only = identity.check_file(path, SCHEMA_VERSION)
    elif not create:
        raise NoData(
            f"No diary at {path} yet (nothing was created): start one with "
            "`paintrack course start NAME`, or check the --db path."
        )
    else:
        created, read_only = _create_private(path), False
    conn: Db | None = None
    try:
        conn = _connect(path, read_only)
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise identity.newer(path, version, SCHEMA_VERSION)
        if version < SCHEMA_VERSION:
            if conn.cannot_write is not None:
                raise CannotWrite(
                    f"--db {path} is from an older paintrack (schema {version}) and cannot be "
                    f"upgraded: {conn.cannot_write}"
                )
            if version == 0:
                os.chmod(path, 0o600)  # an empty file we are about to fill: make it private
            _migrate(conn, path, version, now or datetime.now())
        if whole:
            check_undamaged(conn, path)
    except BaseException as e:
        if conn is not None:
            conn.close()
        if created:
            remove_new(path)  # never leave an empty file that later reads as "not a database"
        if isinstance(e, sqlite3.DatabaseError):
            raise open_error(path, e) from None
        raise
    return conn


def names_in(path: Path, table: str) -> list[str]:
    """The names in `table` (medications and activities still taken, courses) of the database
    at `path`, for shell completion: read-only, never created or migrated; [] when it cannot be read."""
    path = Path(path)
    if table not in ("medications", "activities", "courses") or not path.is_file():
        return []
    try:
        conn = sqlite3.connect(path.absolute().as_uri() + "?mode=ro", uri=True)
        try:
            # Not a stopped one (a stop day is never after today: domain.defaults.still_taken)
            taken = "" if table == "courses" else " WHERE stopped IS NULL"
            rows = conn.execute(f"SELECT name FROM {table}{taken} ORDER BY name COLLATE NOCASE")
            return [str(r[0]) for r in rows]
        finally:
            conn.close()
    except sqlite3.Error:
        return []


def _connect(path: Path, read_only: bool) -> Db:
    """Read-write if it can; else read-only, remembering why it cannot write."""
    if not read_only:
        heal_side_files(path)  # a -shm left read-only from when the diary was (chmod 400)
        conn = sqlite3.connect(path, timeout=15, factory=Db, isolation_level=None)
        try:
            conn.execute("PRAGMA foreign_keys = ON")
            conn.execute("PRAGMA secure_delete = ON")  # deleted text is zeroed, not left behind
            conn.execute("PRAGMA user_version").fetchone()  # a WAL file needs its -shm now
        except sqlite3.OperationalError as e:
            conn.close()
            reason = cannot_write(path, e)
            if reason is None or not os.path.exists(path) or os.path.getsize(path) == 0:
                raise
            found = _read_only(path)
            found.cannot_write = reason
            return found
        conn.path = path
        conn.row_factory = sqlite3.Row
        return conn
    found = _read_only(path)
    found.cannot_write = CannotWrite(read_only_reason(path))
    return found


def _read_only(path: Path) -> Db:
    conn = connect_read_only(path, Db)
    conn.path = path
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


def _create_private(path: Path) -> bool:
    """Create the file 0600 (and its folders 0700); False if another paintrack just did."""
    make_private_dirs(path.parent)
    try:
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except FileExistsError:
        return False  # another terminal created it a moment ago
    except OSError as e:
        raise BadDatabase(f"--db {path} cannot be created: {e.strerror}.") from None
    os.close(fd)
    return True


def _migrate(conn: Db, path: Path, version: int, now: datetime) -> None:
    check_undamaged(conn, path)  # never upgrade (nor switch to WAL) a damaged diary
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
        _rollback(conn)
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
    from paintrack.store.backup import backup_to  # only before a migration: off the daily path

    backup_to(conn, target)
    return target


# --- Writing: one transaction per command, journaled for undo ------------------------------------
def _begin(conn: Db) -> None:
    """BEGIN IMMEDIATE, or why this database cannot be written (read-only, full, busy)."""
    if conn.cannot_write is not None:
        raise conn.cannot_write
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.Error as e:
        raise (cannot_write(conn.path, e) or e) from None
    try:
        check_undamaged(conn, conn.path)  # never write into a damaged diary (issue 20)
    except BaseException:
        _rollback(conn)
        raise


def _rollback(conn: Db) -> None:
    """Roll back if a transaction is still open: SQLite ends it itself after some errors (a
    full disk), and a second error from ROLLBACK must never hide the first."""
    if conn.in_transaction:
        with suppress(sqlite3.Error):
            conn.execute("ROLLBACK")


def rolled_back(conn: Db, e: BaseException) -> NoReturn:
    """End a failed write: roll back, then raise CannotWrite naming the cause when the disk or
    the file refused it (full, read-only, busy), else the error itself."""
    _rollback(conn)
    found = cannot_write(conn.path, e) if isinstance(e, sqlite3.Error) else None
    if found is None:
        raise e
    raise found from None


@contextmanager
def writing(conn: Db, command: str, now: datetime) -> Iterator[None]:
    """One transaction for all of a command's writes, recorded as one change for `undo`.

    A write the disk or the file refuses (full, read-only, busy) rolls back and raises
    CannotWrite naming the cause; nothing is written."""
    _begin(conn)
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
        conn.execute("ROLLBACK" if conn.rehearsal else "COMMIT")
    except BaseException as e:
        rolled_back(conn, e)
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
    _begin(conn)
    try:
        change = conn.execute("SELECT * FROM changes ORDER BY id DESC LIMIT 1").fetchone()
        if change is None:
            raise NoData("Nothing to undo: no change has been recorded in this database.")
        steps = conn.execute(
            "SELECT * FROM change_steps WHERE change_id = ? ORDER BY id DESC", (change["id"],)
        ).fetchall()
        if any(s["table_name"] == "start_draws" and s["op"] == "insert" for s in steps):
            raise Kept(  # a draw is never redone (domain.md §12.2)
                "A randomised start cannot be undone: the day could then be drawn again. "
                "Correct the course with `paintrack course edit` (that ends the randomisation) "
                "or end it with `paintrack course end`."
            )
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
    except sqlite3.Error as e:
        _rollback(conn)
        raise (cannot_write(conn.path, e) or e) from None
    except BaseException:
        _rollback(conn)
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
