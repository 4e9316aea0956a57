"""Which files are paintrack diaries: only those are read, migrated or written (issue 20, point 4).

Every diary carries paintrack's `PRAGMA application_id` (APPLICATION_ID, docs/schema.md), as
Fossil's repositories carry theirs; diaries made before it (schema 1-5) are recognised by the
migrations paintrack recorded in them (`_sqlite_migrations`, set `paintrack`) and gain it when
they are next upgraded. Anything else — another program's SQLite file whatever its
`user_version`, a file that is not SQLite, a FIFO, a device, a folder — is refused in one line
before SQLite opens it for writing: nothing is written, its journal mode is left alone and no
backup is made beside it.
"""

from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path

from paintrack.errors import BadDatabase
from paintrack.store.files import SQLITE_HEADER, connect_read_only, writable

# "PTrk": SQLite's header bytes 68-71 of every paintrack diary (`file` and SQLite's magic.txt
# registry identify files this way). Chosen once; never change it.
APPLICATION_ID = 0x5054726B
HEADER_SIZE = 100  # SQLite's database header (sqlite.org/fileformat.html §1.3)


def check_kind(path: Path) -> None:
    """Refuse, before anything opens it, a path that is not a regular file: a folder, a FIFO
    (opening one waits forever for a writer), a device (/dev/null), a socket. A path that does
    not exist is fine here (the caller creates it or says it is missing)."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        if os.path.islink(path):
            raise BadDatabase(
                f"--db {path} is a link to {os.readlink(path)}, which does not exist; give "
                "the diary's own path."
            ) from None
        return
    except OSError as e:
        raise BadDatabase(f"--db {path} cannot be used: {e.strerror}.") from None
    if stat.S_ISREG(mode):
        return
    if stat.S_ISDIR(mode):
        raise BadDatabase(
            f"--db {path} is a folder; give a file path such as {path / 'paintrack.db'}."
        )
    what = (
        "a named pipe (FIFO)"
        if stat.S_ISFIFO(mode)
        else "a device"
        if stat.S_ISCHR(mode) or stat.S_ISBLK(mode)
        else "a socket"
        if stat.S_ISSOCK(mode)
        else "not a regular file"
    )
    raise BadDatabase(f"--db {path} is {what}, not a diary file; give a paintrack database file.")


def read_header(path: Path) -> bytes:
    """The first 100 bytes (fewer for a short file), read without blocking or following into a
    FIFO swapped in after `check_kind`."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as e:
        raise BadDatabase(f"--db {path} cannot be read: {e.strerror}.") from None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise BadDatabase(f"--db {path} is not a regular file; give a paintrack database file.")
        return os.read(fd, HEADER_SIZE)
    except OSError as e:
        raise BadDatabase(f"--db {path} cannot be read: {e.strerror}.") from None
    finally:
        os.close(fd)


def header_id(header: bytes) -> int:
    """The application_id in the main file's header (0 when unset or the file is short)."""
    return int.from_bytes(header[68:72], "big") if len(header) >= 72 else 0


def not_ours(path: Path) -> BadDatabase:
    return BadDatabase(
        f"--db {path} is not a paintrack diary (an SQLite database of another program); "
        "paintrack only opens its own files, and this one was not changed."
    )


def newer(path: Path, version: int, schema: int) -> BadDatabase:
    return BadDatabase(
        f"--db {path} was written by a newer paintrack (schema {version}; this one reads "
        f"up to {schema}). Upgrade paintrack; the file was not changed."
    )


def check_header(path: Path, header: bytes, schema: int) -> bool:
    """Refuse from the header alone what plainly is not ours (not SQLite, another program's
    application_id, a newer paintrack). True when the header already proves it is a diary this
    paintrack reads (no need to look inside)."""
    if not header:
        raise BadDatabase(
            f"--db {path} is an empty file (0 bytes), not a database: perhaps a copy or backup "
            "that failed. Give a paintrack database, or delete the empty file to start a new "
            "diary there."
        )
    if not header.startswith(SQLITE_HEADER):
        raise BadDatabase(f"--db {path} is not an SQLite database; give a paintrack database file.")
    found = header_id(header)
    if found not in (0, APPLICATION_ID):
        raise not_ours(path)
    version = int.from_bytes(header[60:64], "big") if len(header) >= 64 else 0
    if found == APPLICATION_ID and version > schema:
        raise newer(path, version, schema)
    return found == APPLICATION_ID and version == schema


def recognise(path: Path, schema: int) -> None:
    """Look inside a file whose header does not carry paintrack's id (a diary of before schema
    6, or one whose newest header is still in its `-wal`), read-only: refuse it unless it is a
    paintrack diary or an empty database paintrack is creating (in WAL mode)."""
    try:
        conn = connect_read_only(path, sqlite3.Connection)
    except sqlite3.Error:
        return  # the caller's own open says what is wrong (damage, permissions)
    try:
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        tables = {
            r[0]
            for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        }
        ours = app_id == APPLICATION_ID or (
            "_sqlite_migrations" in tables
            and version > 0
            and conn.execute(
                "SELECT 1 FROM _sqlite_migrations WHERE migration_set = 'paintrack' "
                "AND name = 'm001_initial'"
            ).fetchone()
            is not None
        )
        wal = str(conn.execute("PRAGMA journal_mode").fetchone()[0]).lower() == "wal"
    except sqlite3.Error:
        return  # damage: said by the caller's own open, or by doctor
    finally:
        conn.close()
    if app_id not in (0, APPLICATION_ID) or (tables and not ours):
        raise not_ours(path)
    if not tables and not wal:
        raise BadDatabase(
            f"--db {path} is an empty SQLite database paintrack did not make (perhaps a copy "
            "or backup that was interrupted). Give a paintrack database, or delete it to start "
            "a new diary there."
        )
    if ours and version > schema:
        raise newer(path, version, schema)


def check_file(path: Path, schema: int) -> bool:
    """Refuse a file that is not a paintrack diary, or one left half-written, before SQLite
    opens it for writing (which would roll back a journal or switch it to WAL). Returns whether
    it may only be read."""
    check_kind(path)
    journal = Path(f"{path}-journal")
    if journal.is_file() and journal.stat().st_size > 0:
        raise BadDatabase(
            f"--db {path} is incomplete: an unfinished write left {journal.name} beside it "
            "(a copy or backup stopped before it finished?). It was not changed: use the "
            "diary it was copied from, or another backup."
        )
    if not check_header(path, read_header(path), schema):
        recognise(path, schema)
    return not writable(path)
