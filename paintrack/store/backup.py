"""Backups that are whole or absent (issue 20, point 5).

A backup is written under a temporary name in the target's folder, checked (SQLite's
integrity check, and every table's row count against the source, read in the same snapshot),
flushed to the disk (fsync), and only then given its name, without ever replacing a file: killed
at any moment, the target name holds nothing or a complete backup. A damaged source is said
plainly, and its backup holds every row that can still be read (store.recover).
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from paintrack.errors import BadDatabase, CannotWrite
from paintrack.store import identity
from paintrack.store.files import (
    SQLITE_HEADER,
    cannot_write,
    connect_read_only,
    is_damage,
    remove_new,
)
from paintrack.store.recover import Salvage, copy_readable, table_counts

PARTIAL = ".partial-"  # `.NAME.partial-PID`: a backup being written


@dataclass(frozen=True)
class Backup:
    """What `backup_to` wrote: the rows per table, and what could not be read if the source
    is damaged (None when it is whole)."""

    rows: int
    damage: str | None = None
    salvage: Salvage | None = None


def partial_name(target: Path) -> Path:
    return target.with_name(f".{target.name}{PARTIAL}{os.getpid()}")


def _clear_stale(target: Path) -> None:
    """Remove the partial copies of `target` left by a backup that was killed."""
    for p in target.parent.glob(f".{target.name}{PARTIAL}*"):
        pid = p.name.rpartition(PARTIAL)[2]
        try:
            os.kill(int(pid), 0)
        except (ValueError, ProcessLookupError):
            remove_new(p)
        except OSError:
            continue  # alive (another user's?): not ours to remove


def _create(path: Path, label: str = "backup") -> None:
    try:
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except FileExistsError:
        raise BadDatabase(
            f"{path} already exists (a file, or a link to one): give a new file name."
        ) from None
    except OSError as e:
        raise CannotWrite(f"{label} {path} cannot be created: {e.strerror}.") from None
    os.close(fd)


def backup_to(conn: sqlite3.Connection, target: Path) -> Backup:
    """A consistent, checked copy of `conn`'s database at `target` (which must not exist),
    created 0600. If it fails (a full disk…) nothing is left and CannotWrite says why."""
    target = Path(target)
    if os.path.lexists(target):
        raise BadDatabase(
            f"{target} already exists (a file, or a link to one): give a new file name."
        )
    _clear_stale(target)
    temp = partial_name(target)
    _create(temp)
    try:
        made = _write_checked(conn, temp)
        _fsync(temp)
        _publish(temp, target)
    except (sqlite3.Error, OSError) as e:
        remove_new(temp)
        found = cannot_write(target, e, "backup")
        raise found or CannotWrite(f"backup {target} failed ({e}); nothing was left.") from None
    except BaseException:
        remove_new(temp)
        raise
    return made


def _write_checked(conn: sqlite3.Connection, temp: Path) -> Backup:
    """The copy through SQLite's backup API, checked; or, if the source is damaged, every
    readable row copied one by one."""
    own = not conn.in_transaction
    if own:
        conn.execute("BEGIN")  # one snapshot for the copy and the counts it is checked against
    try:
        expected = table_counts(conn)
        dest = sqlite3.connect(temp, isolation_level=None)
        try:
            conn.backup(dest)
            dest.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
            result = [r[0] for r in dest.execute("PRAGMA integrity_check").fetchall()]
            got = table_counts(dest) if result == ["ok"] else None
        finally:
            dest.close()
    except sqlite3.DatabaseError as e:
        if not is_damage(e):
            raise
        result, got = [str(e)], None
    finally:
        if own and conn.in_transaction:
            conn.execute("COMMIT")
    if result == ["ok"] and got == expected:
        return Backup(rows=sum(expected.values()))
    if result == ["ok"]:
        raise CannotWrite(f"the copy's rows differ from the diary's ({got} != {expected})")
    return _salvage(conn, temp, "; ".join(result[:3]))


def _salvage(conn: sqlite3.Connection, temp: Path, damage: str) -> Backup:
    remove_new(temp)
    _create(temp)
    dest = sqlite3.connect(temp, isolation_level=None)
    try:
        found = copy_readable(conn, dest)
    finally:
        dest.close()
    return Backup(rows=found.rows, damage=damage, salvage=found)


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _publish(temp: Path, target: Path) -> None:
    """Give the finished copy its name, never replacing a file that appeared there meanwhile
    (a hard link fails if the name exists; where links are not supported, rename after a
    last look), then make the folder's entry durable."""
    try:
        os.link(temp, target)
    except FileExistsError:
        raise BadDatabase(f"{target} appeared while the backup was written; it was kept.") from None
    except OSError:
        if os.path.lexists(target):
            raise BadDatabase(f"{target} appeared while the backup was written.") from None
        os.rename(temp, target)
    else:
        os.unlink(temp)
    with contextlib.suppress(OSError):  # not every system can fsync a folder
        fd = os.open(target.parent, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def recover_to(path: Path, out: Path) -> Salvage:
    """`doctor --recover OUT`: a new diary at `out` holding every row of the (damaged) diary at
    `path` that can be read, written as a backup is (whole or absent). The diary is only read."""
    path, out = Path(path), Path(out)
    identity.check_kind(path)
    header = identity.read_header(path)
    if not header.startswith(SQLITE_HEADER) or identity.header_id(header) not in (
        0,
        identity.APPLICATION_ID,
    ):
        raise identity.not_ours(path)
    if os.path.lexists(out):
        raise BadDatabase(f"{out} already exists (a file, or a link to one): give a new file name.")
    try:
        src = connect_read_only(path, sqlite3.Connection)
    except sqlite3.DatabaseError as e:
        raise BadDatabase(f"--db {path} cannot be read at all ({e}); nothing was saved.") from None
    temp = partial_name(out)
    _create(temp, "--recover")
    try:
        dest = sqlite3.connect(temp, isolation_level=None)
        try:
            found = copy_readable(src, dest)
            found.orphans = len(dest.execute("PRAGMA foreign_key_check").fetchall())
        finally:
            dest.close()
        _fsync(temp)
        _publish(temp, out)
    except (sqlite3.Error, OSError) as e:
        remove_new(temp)
        raise cannot_write(out, e, "--recover") or CannotWrite(
            f"--recover {out} failed ({e}); nothing was left."
        ) from None
    except BaseException:
        remove_new(temp)
        raise
    finally:
        src.close()
    return found
