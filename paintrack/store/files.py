"""The database file as a file: private folders, what may be opened, read-only access, and what
a failed SQLite call means for the patient (a full disk, a read-only file, real damage).

Issue 10: every folder paintrack creates is 0700 whatever the umask (and an existing folder is
never changed); an empty file is never taken for a new diary; a file the patient made read-only
(chmod 400), or one on a full disk, still opens for reading; and a write that fails says why in
one line instead of an internal error.
"""

from __future__ import annotations

import contextlib
import errno
import os
import sqlite3
import stat
from pathlib import Path
from typing import TypeVar

from paintrack.errors import BadDatabase, CannotWrite, Damaged, PaintrackError

SQLITE_HEADER = b"SQLite format 3\x00"


def make_private_dirs(folder: Path) -> None:
    """Create `folder` and each missing parent 0700, whatever the umask. Folders that exist are
    left exactly as they are (never loosened, never tightened behind the owner's back)."""
    missing: list[Path] = []
    p = Path(folder)
    while not os.path.lexists(p):
        missing.append(p)
        if p.parent == p:
            break
        p = p.parent
    for d in reversed(missing):
        try:
            os.mkdir(d, 0o700)
        except FileExistsError:
            continue  # another paintrack made it a moment ago: it is theirs as they made it
        except OSError as e:
            raise BadDatabase(f"--db folder {d} cannot be created: {e.strerror}.") from None
        os.chmod(d, 0o700)  # the umask may have taken bits away (0o200 would leave 0500)


def writable(path: Path) -> bool:
    """Whether paintrack may write the file: the owner's write bit is set (a file made read-only
    with chmod 400 stays read-only even for root) and the OS allows it."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return False
    return bool(mode & stat.S_IWUSR) and os.access(path, os.W_OK)


_STILL = "so this command cannot write (nothing was written; reading commands still work)"


def read_only_mount(path: Path) -> bool:
    try:
        return bool(os.statvfs(path.parent).f_flag & os.ST_RDONLY)
    except (OSError, AttributeError):
        return False


def read_only_reason(path: Path) -> str:
    """Why the diary cannot be written, naming the real cause (issue 20, point 7): a read-only
    disk or mount, the file, its folder (SQLite writes `-wal`/`-shm` files beside it), or one of
    those side files."""
    if read_only_mount(path):
        return (
            f"--db {path} is on a read-only disk or mount, {_STILL}. To write, mount it "
            "read-write or copy the diary to a folder you can write."
        )
    if not writable(path):
        return f"--db {path} is read-only, {_STILL}. To write to it again: chmod u+w {path}"
    folder = path.parent
    if not os.access(folder, os.W_OK | os.X_OK):
        return (
            f"the folder {folder} of --db {path} is read-only (SQLite writes its -wal and -shm "
            f"files beside the diary), {_STILL}. To write again: chmod u+w {folder}"
        )
    for side in side_files(path):
        if side.exists() and not writable(side):
            return f"{side} is read-only, {_STILL}. To write again: chmod u+w {side}"
    return f"--db {path} cannot be written, {_STILL}."


def side_files(path: Path) -> list[Path]:
    return [Path(f"{path}-wal"), Path(f"{path}-shm")]


def heal_side_files(path: Path) -> bool:
    """Give the `-wal`/`-shm` files back the diary's write bit when SQLite made them read-only
    while the diary was (chmod 400, read, chmod 600: they stay 0400 and block every write).
    Only files of the diary's own owner; True when one was changed."""
    try:
        st = path.stat()
    except OSError:
        return False
    changed = False
    for side in side_files(path):
        with contextlib.suppress(OSError):
            mine = side.stat()
            if mine.st_uid == st.st_uid and not mine.st_mode & stat.S_IWUSR and writable(path):
                os.chmod(side, st.st_mode & 0o600)
                changed = True
    return changed


C = TypeVar("C", bound=sqlite3.Connection)


def connect_read_only(path: Path, factory: type[C]) -> C:
    """Open for reading only, leaving no file behind. When no `-wal` file holds pages not yet in
    the database, it is opened immutable (no `-shm`/`-wal` files are created: a read-only folder
    or a full disk cannot stop it, and a read-only file never gets read-only journal files that
    would later block writing); otherwise `mode=ro`, which reads those pages."""
    uri = path.resolve().as_uri()
    wal = f"{path}-wal"
    pending = os.path.exists(wal) and os.path.getsize(wal) > 0
    query = "?mode=ro" if pending else "?mode=ro&immutable=1"
    conn: C = sqlite3.connect(
        uri + query, uri=True, timeout=15, factory=factory, isolation_level=None
    )
    try:
        conn.execute("PRAGMA user_version").fetchone()
    except sqlite3.OperationalError:
        conn.close()
        if not pending:
            raise
        return _snapshot(path, factory)  # no -shm, and none can be made: a read-only mount
    except BaseException:
        conn.close()
        raise
    return conn


def _snapshot(path: Path, factory: type[C]) -> C:
    """Read a diary whose `-wal` holds pages SQLite cannot read in place (it needs a `-shm`
    file it cannot create: a read-only mount or folder): a private copy of the two files, in a
    0700 temporary folder removed when the connection goes."""
    import shutil
    import tempfile
    import weakref

    folder = Path(tempfile.mkdtemp(prefix="paintrack-read-"))
    try:
        for source, name in ((path, "diary.db"), (Path(f"{path}-wal"), "diary.db-wal")):
            fd = os.open(folder / name, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
            with os.fdopen(fd, "wb") as out, source.open("rb") as f:
                shutil.copyfileobj(f, out)
        conn: C = sqlite3.connect(
            (folder / "diary.db").as_uri() + "?mode=ro",
            uri=True,
            factory=factory,
            isolation_level=None,
        )
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    weakref.finalize(conn, shutil.rmtree, folder, True)
    return conn


def _name(e: sqlite3.Error) -> str:
    return str(getattr(e, "sqlite_errorname", "") or "")


FREE_NEEDED = 1024 * 1024  # below 1 MiB free, the next log may not fit (pages, journal, -shm)


def disk_free(folder: Path) -> int | None:
    try:
        st = os.statvfs(folder)  # shutil.disk_usage's free, without loading shutil (bz2, lzma)
        return st.f_bavail * st.f_frsize
    except OSError:
        return None


def is_disk_full(e: BaseException, path: Path | None = None) -> bool:
    """A full disk (or quota): SQLite's SQLITE_FULL, ENOSPC, or an I/O error on a disk with
    almost no room left (creating the `-shm` file of a WAL database fails as `disk I/O error`)."""
    if isinstance(e, OSError):
        return e.errno in (errno.ENOSPC, errno.EDQUOT)
    if not isinstance(e, sqlite3.Error):
        return False
    if _name(e).startswith("SQLITE_FULL") or "disk is full" in str(e):
        return True
    io_error = _name(e).startswith("SQLITE_IOERR") or "disk I/O" in str(e)
    free = disk_free(path.parent) if path is not None and io_error else None
    return free is not None and free < FREE_NEEDED


def cannot_write(path: Path, e: BaseException, label: str = "--db") -> PaintrackError | None:
    """What a failed SQLite call (or file write) means for the patient, when it is about the
    disk or the file rather than the database's contents (None: raise it as it is). `label`
    names the file in the message: `--db` (the database), `backup`."""
    if is_disk_full(e, path):
        return CannotWrite(
            f"the disk holding {label} {path} is full: nothing was written, the database is "
            "unchanged. Free some space and try again."
        )
    if not isinstance(e, sqlite3.Error):
        return None
    name, text = _name(e), str(e)
    if name.startswith("SQLITE_READONLY") or "readonly database" in text:
        return CannotWrite(read_only_reason(path))
    if name.startswith(("SQLITE_IOERR", "SQLITE_CANTOPEN")) or "disk I/O" in text:
        if read_only_mount(path) or not os.access(path.parent, os.W_OK | os.X_OK):
            return CannotWrite(read_only_reason(path))
        return CannotWrite(
            f"{label} {path} cannot be written ({text}): a problem with the disk or the "
            "folder's permissions, not with the diary. Nothing was written."
        )
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or "locked" in text:
        return CannotWrite(f"{label} {path} is busy: another paintrack is writing it. Try again.")
    return None


def open_error(path: Path, e: sqlite3.Error) -> PaintrackError:
    """Why the file could not be opened: the disk or permissions, or real damage."""
    found = cannot_write(path, e)
    if found is not None:
        return found
    return BadDatabase(f"--db {path} is not a usable SQLite database ({e}).")


def remove_new(path: Path) -> None:
    """Remove a database file paintrack created moments ago and could not fill (with its
    journal files), so an empty file is never left behind."""
    for p in (str(path), f"{path}-wal", f"{path}-shm", f"{path}-journal"):
        with contextlib.suppress(OSError):  # gone already; or the first error is the one to tell
            os.unlink(p)


def is_damage(e: BaseException) -> bool:
    """SQLite found a malformed page (SQLITE_CORRUPT) or a page that is not a database's."""
    if not isinstance(e, sqlite3.DatabaseError):
        return False
    return _name(e).startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")) or "malformed" in str(e)


def damaged(path: Path, detail: object) -> Damaged:
    return Damaged(
        f"--db {path} is damaged ({detail}); nothing was written to it. `paintrack doctor` "
        "says more, and `paintrack doctor --recover NEW.db` saves every row that can be read."
    )


def check_undamaged(conn: sqlite3.Connection, path: Path) -> None:
    """Refuse a diary SQLite's quick check finds damaged (what `doctor` reports): nothing is
    written into it, and no output is built from it only to stop half-way."""
    try:
        result = [r[0] for r in conn.execute("PRAGMA quick_check(3)").fetchall()]
    except sqlite3.DatabaseError as e:
        if not is_damage(e):
            raise
        result = [str(e)]
    if result != ["ok"]:
        found = [x for r in result for x in str(r).splitlines() if not x.startswith("***")]
        raise damaged(path, found[0] if found else "; ".join(result))
