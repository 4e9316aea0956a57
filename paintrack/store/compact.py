"""`paintrack compact`: what was deleted or edited is gone from the file (issue 20, point 10).

`delete` and `edit` keep the row as it was in the undo journal (`changes`, `change_steps`), so
`undo` can bring it back; and SQLite leaves freed pages in the file until they are reused.
Compacting forgets the journal, then rewrites the file (VACUUM, with `secure_delete` on, as on
every connection that writes) and empties the `-wal` file, so no old text is left in either,
nor in any backup made afterwards. Copies made before (backups) still hold it: `older_copies`
lists those beside the diary.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from paintrack.errors import CannotWrite
from paintrack.store.db import Db, _begin, _rollback
from paintrack.store.files import cannot_write


@dataclass(frozen=True)
class Compacted:
    changes: int  # undo steps forgotten
    before: int  # bytes of the file and its -wal, before and after
    after: int


def journal_size(conn: Db) -> int:
    """How many changes `undo` could still revert: what compacting forgets."""
    return int(conn.execute("SELECT count(*) FROM changes").fetchone()[0])


def _size(path: Path) -> int:
    return sum(os.path.getsize(p) for p in (str(path), f"{path}-wal") if os.path.exists(p))


def compact(conn: Db) -> Compacted:
    """Forget the undo journal (one transaction), then rewrite the file and empty its `-wal`.
    Refused, with nothing written, on a read-only, full or damaged diary (as every write is)."""
    before = _size(conn.path)
    _begin(conn)
    try:
        n = journal_size(conn)
        conn.execute("DELETE FROM change_steps")
        conn.execute("DELETE FROM changes")
        conn.execute("COMMIT")
    except BaseException:
        _rollback(conn)
        raise
    try:
        conn.execute("PRAGMA secure_delete = ON")
        conn.execute("VACUUM")
        busy = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
    except sqlite3.Error as e:
        raise cannot_write(conn.path, e) or CannotWrite(
            f"--db {conn.path}: the undo journal was forgotten, but the file could not be "
            f"rewritten ({e}); run `paintrack compact` again."
        ) from None
    if busy:
        raise CannotWrite(
            f"--db {conn.path} is open in another paintrack (or a sync), so its -wal file still "
            "holds old pages: close it and run `paintrack compact` again."
        )
    return Compacted(changes=n, before=before, after=_size(conn.path))


def older_copies(path: Path) -> list[Path]:
    """Copies beside the diary that may still hold deleted text: the backups paintrack made
    before a schema upgrade, and `backup`'s default names."""
    folder, name, stem = path.parent, path.name, path.stem
    found = [*folder.glob(f"{name}.bak-schema*"), *folder.glob(f"{stem}-backup-*.db")]
    return sorted(p for p in found if p.is_file())
