"""Everything in and out: the whole diary as models (export), and the doctor's checks."""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from paintrack.errors import BadDatabase, InvalidValue
from paintrack.models import Activity, Course, Diary, Medication
from paintrack.store.db import SCHEMA_VERSION, Db, check_readable
from paintrack.store.diary import (
    activities,
    course_of,
    courses,
    decision_of,
    medications,
    session_of,
)
from paintrack.store.logs import LazyLogs, logs_of, peg_of
from paintrack.store.rows import validated


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
    )


def names(conn: Db) -> tuple[list[Course], list[Medication], list[Activity]]:
    """The named rows (courses, medications, activities): what an import matches by name."""
    return [c for c, _ in courses(conn)], medications(conn), activities(conn)


@dataclass(frozen=True, slots=True)
class Check:
    """One line of `doctor`: what was checked, whether it is fine, and the detail."""

    name: str
    ok: bool
    detail: str


def integrity(path: Path) -> list[Check]:
    """Health checks of the file at `path`, opened read-only (never created nor migrated)."""
    path = Path(path)
    if not path.exists():
        return [Check("file", False, f"no database at {path} yet (it is made on the first log)")]
    checks = _permissions(path)
    try:
        check_readable(path)
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, factory=Db)
    except (BadDatabase, sqlite3.Error) as e:
        return [*checks, Check("integrity", False, str(e))]
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
    except sqlite3.DatabaseError as e:
        checks.append(Check("integrity", False, str(e)))
    finally:
        conn.close()
    return checks


def _permissions(path: Path) -> list[Check]:
    file_mode = path.stat().st_mode & 0o777
    shared = file_mode & 0o077
    fix = f"others can read it: chmod 600 {path}"
    checks = [
        Check("file permissions", not shared, f"{file_mode:o} ({fix if shared else 'private'})")
    ]
    folder_mode = path.parent.stat().st_mode & 0o777
    writable = folder_mode & 0o022  # others could replace the database file
    fix = f"others can replace files in it: chmod 700 {path.parent}"
    checks.append(
        Check("folder permissions", not writable, f"{folder_mode:o} ({fix if writable else 'ok'})")
    )
    return checks


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
