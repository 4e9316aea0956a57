"""Everything in and out: the whole diary as models (export), and the doctor's checks."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import stat
from pathlib import Path
from typing import TYPE_CHECKING, Any

from paintrack.errors import BadDatabase, InvalidValue
from paintrack.frozen import frozen
from paintrack.models import Activity, Course, Diary, Medication
from paintrack.store.db import SCHEMA_VERSION, Db, data_dir
from paintrack.store.diary import (
    activities,
    course_of,
    courses,
    decision_of,
    medications,
    session_of,
)
from paintrack.store.draws import every_draw
from paintrack.store.files import (
    FREE_NEEDED,
    cannot_write,
    connect_read_only,
    disk_free,
    read_only_mount,
    read_only_reason,
    side_files,
    writable,
)
from paintrack.store.identity import check_file
from paintrack.store.logs import LazyLogs, logs_of, peg_of
from paintrack.store.rows import validated

if TYPE_CHECKING:
    import uuid


def diary(
    conn: Db,
    course: Course | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
    baseline_start: dt.date | None = None,
    *,
    lazy: bool = False,
) -> Diary:
    """Every stored row as models, in id order.

    `course` keeps that course, its sessions and decisions, and the logs and PEGs from
    `baseline_start` (the start of its baseline week, domain.md §1.3) to its end; `since` and
    `until` keep dated rows inside those days. `lazy` reads the daily logs only as they are
    iterated (store.logs.LazyLogs), for exports of years of logs.
    """
    lo, hi = since or dt.date.min, until or dt.date.max
    course_id = None
    if course is not None:
        course_id = course.id
        lo = max(lo, min(course.start, baseline_start or course.start))
        hi = min(hi, course.ended or dt.date.max)
    span = (lo.isoformat(), hi.isoformat())
    where = "WHERE date BETWEEN ? AND ?"
    owned = where + ("" if course_id is None else f" AND course_id = {int(course_id)}")

    def rows(table: str, condition: str = where) -> list[sqlite3.Row]:
        return conn.execute(f"SELECT * FROM {table} {condition} ORDER BY id", span).fetchall()

    chosen = [c for c, _ in courses(conn) if course_id is None or c.id == course_id]
    return Diary(
        courses=tuple(sorted(chosen, key=lambda c: c.id or 0)),
        medications=tuple(sorted(medications(conn), key=lambda m: m.id or 0)),
        activities=tuple(activities(conn)),
        sessions=tuple(session_of(r) for r in rows("sessions", owned)),
        daily_logs=LazyLogs(conn, *span) if lazy else tuple(logs_of(conn, rows("daily_logs"))),
        pegs=tuple(peg_of(r) for r in rows("pegs")),
        decisions=tuple(decision_of(r) for r in rows("decisions", owned)),
        start_draws=tuple(every_draw(conn, [c.id or 0 for c in chosen])),
    )


def names(conn: Db) -> tuple[list[Course], list[Medication], list[Activity]]:
    """The named rows (courses, medications, activities): what an import matches by name."""
    return [c for c, _ in courses(conn)], medications(conn), activities(conn)


def fhir_namespace(conn: Db) -> uuid.UUID:
    """This database's own random namespace (migration m003_database_id, made once): FHIR ids
    are uuid5 of it, so two databases never share an id and one database always gives the same.
    A backup or a synced copy is the same diary, and keeps it."""
    import uuid  # here, not on the path of `log`

    row = conn.execute("SELECT value FROM meta WHERE key = 'fhir_namespace'").fetchone()
    try:
        return uuid.UUID(row[0])
    except (TypeError, ValueError):
        raise BadDatabase(
            f"--db {conn.path} has lost its FHIR id namespace (table meta); run `paintrack doctor`."
        ) from None


@frozen
class Check:
    """One line of `doctor`: what was checked, whether it is fine, and the detail."""

    name: str
    ok: bool
    detail: str


def integrity(path: Path) -> list[Check]:
    """Health checks of the file at `path`, opened read-only (never created nor migrated).

    Whether it can be written (a read-only file, a full disk) is its own check, apart from
    whether its contents are damaged (`integrity`), so neither reads as the other."""
    path = Path(path)
    if not path.exists():
        return [Check("file", False, f"no database at {path} yet (it is made on the first log)")]
    checks = [*_permissions(path), *_writable(path)]
    try:
        check_file(path, SCHEMA_VERSION)
        conn = connect_read_only(path, Db)
    except BadDatabase as e:  # empty, or not SQLite at all
        return [*checks, Check("integrity", False, str(e))]
    except sqlite3.Error as e:
        found = cannot_write(path, e)
        name = "integrity" if found is None else "access"
        return [*checks, Check(name, False, str(e) if found is None else str(found))]
    conn.row_factory = sqlite3.Row
    try:
        result = [r[0] for r in conn.execute("PRAGMA integrity_check").fetchall()]
        checks.append(Check("integrity", result == ["ok"], "; ".join(result[:5])))
        fk = conn.execute("PRAGMA foreign_key_check").fetchall()
        checks.append(Check("references", not fk, f"{len(fk)} rows point at missing rows"))
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        checks.append(
            Check(
                "schema",
                version == SCHEMA_VERSION,
                f"version {version}, this paintrack reads {SCHEMA_VERSION}"
                + ("" if version <= SCHEMA_VERSION else ": upgrade paintrack")
                + (" (upgraded on the next command)" if version < SCHEMA_VERSION else ""),
            )
        )
        if version == SCHEMA_VERSION:
            checks.append(_value_check(conn))
            checks.append(_namespace_check(conn))
    except sqlite3.DatabaseError as e:
        found = cannot_write(path, e)
        checks.append(Check("integrity" if found is None else "access", False, str(found or e)))
    finally:
        conn.close()
    return checks


def _namespace_check(conn: Db) -> Check:
    try:
        return Check("FHIR ids", True, f"namespace {fhir_namespace(conn)} (this database's own)")
    except BadDatabase as e:
        return Check("FHIR ids", False, str(e))


def _writable(path: Path) -> list[Check]:
    """Whether paintrack can write: the file and its folder, and room on the disk."""
    blocked = (
        read_only_mount(path)
        or not writable(path)
        or not os.access(path.parent, os.W_OK | os.X_OK)
        or any(p.exists() and not writable(p) for p in side_files(path))
    )
    # the same words a writing command says (files.read_only_reason), naming the real cause
    detail = read_only_reason(path) if blocked else "paintrack can write the file and its folder"
    out = [Check("write access", detail.startswith("paintrack"), detail)]
    free = disk_free(path.parent)
    if free is None:
        return [*out, Check("disk space", False, f"unknown: {path.parent} cannot be read")]
    shown = f"{free / 1024 / 1024:,.1f} MiB free"
    if free < FREE_NEEDED:
        state = "disk full" if free == 0 else "disk nearly full"
        shown = f"{state}: {shown}; logging will fail until you free some space"
    out.append(Check("disk space", free >= FREE_NEEDED, shown))
    return out


def _permissions(path: Path) -> list[Check]:
    file_mode = path.stat().st_mode & 0o777
    shared = file_mode & 0o077
    fix = f"others can read it: chmod 600 {path}"
    checks = [
        Check("file permissions", not shared, f"{file_mode:o} ({fix if shared else 'private'})")
    ]
    return [*checks, _folder_check(path.parent)]


def _folder_check(folder: Path) -> Check:
    """Nobody else may write in the folder (they could replace the database or its journal).
    Advice to chmod only for a folder of the user's own, never a system folder like /tmp."""
    st = folder.stat()
    mode = st.st_mode & 0o7777  # 1777: /tmp's sticky bit shown
    if not mode & 0o022:
        return Check("folder permissions", True, f"{mode:o} (ok)")
    if st.st_uid == os.getuid() and not st.st_mode & stat.S_ISVTX:
        fix = f"others can replace files in it: chmod 700 {folder}"
    else:
        kind = "a shared system folder" if st.st_mode & stat.S_ISVTX else "a folder of another user"
        fix = (
            f"{kind}: others can create files beside the database; move it to a folder of "
            f"your own, e.g. {data_dir()} (do not change {folder} itself)"
        )
    return Check("folder permissions", False, f"{mode:o} ({fix})")


_LABELS = {"courses": "course", "sessions": "S", "daily_logs": "L", "pegs": "P"}


def _value_check(conn: Db) -> Check:
    """Load every row through its model, which checks its ranges (models.py); list the failures."""
    bad: list[str] = []
    listed = {m.id: m for m in medications(conn)}
    loaders: dict[str, Any] = {
        "courses": course_of,
        "sessions": session_of,
        "daily_logs": lambda r: logs_of(conn, [r])[0],
        "pegs": peg_of,
        "medications": lambda r: listed[r["id"]],  # with its ingredients
    }
    total = 0
    for table, load in loaders.items():
        label = _LABELS.get(table, table[:-1])
        for row in conn.execute(f"SELECT * FROM {table}").fetchall():
            total += 1
            try:
                validated(load(row))
            except (InvalidValue, ValueError, TypeError) as e:
                sep = "" if len(label) == 1 else " "
                bad.append(f"{label}{sep}{row['id']}: {e}")
    if bad:
        more = f" (and {len(bad) - 5} more)" if len(bad) > 5 else ""
        return Check("values", False, "; ".join(bad[:5]) + more)
    return Check("values", True, f"{total} rows, all within their allowed ranges")
