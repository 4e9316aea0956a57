"""Everything in and out: the dataset for export, import of rows, and the doctor's checks."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from paintrack import reference as ref
from paintrack.errors import BadDatabase, InvalidValue
from paintrack.models import (
    Course,
    Decision,
)
from paintrack.store.db import (
    SCHEMA_VERSION,
    Db,
    _check_readable,
    _insert,
    _stamp,
    _validated,
)
from paintrack.store.diary import (
    _course,
    _id,
    _log,
    _medication,
    _peg,
    _session,
    session_days,
)

if TYPE_CHECKING:
    pass


# --- Export, import, backup, doctor --------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Conflict:
    """An imported row that cannot be added: its table, index in that table, field, what fits."""

    table: str
    index: int
    field: str
    allowed: str
    got: object = None


#: The tables of an export (docs/data.md), in the order an import needs them, with their columns.
#: References use names (course, medication, activity) except a daily log's children, which point
#: at their log by `daily_log_id`. Children carry no id of their own: they are part of their log.
EXPORT_TABLES: dict[str, tuple[str, ...]] = {
    "courses": (
        "id",
        "name",
        "therapy",
        "condition",
        "practitioner",
        "start",
        "sessions_planned",
        "days_planned",
        "plan",
        "goals",
        "ended",
        "outcome",
        "created_at",
    ),
    "medications": ("id", "name", "kind", "strength", "unit", "mme_factor", "created_at"),
    "activities": ("id", "name", "created_at"),
    "sessions": (
        "id",
        "course",
        "day",
        "time",
        "pain_before",
        "pain_after",
        "minutes",
        "needles",
        "techniques",
        "side_effects",
        "points",
        "practitioner",
        "cost",
        "note",
        "created_at",
    ),
    "daily_logs": (
        "id",
        "day",
        "time",
        "pain",
        "worst",
        "least",
        "sleep_hours",
        "sleep_interference",
        "stress",
        "note",
        "created_at",
    ),
    "doses": ("daily_log_id", "medication", "count"),
    "activity_ratings": ("daily_log_id", "activity", "rating"),
    "red_flags": ("daily_log_id", "code"),
    "pegs": ("id", "day", "time", "pain", "enjoyment", "general_activity", "created_at"),
    "reviews": ("id", "course", "day", "impression", "decision", "verdict", "created_at"),
}
LIST_COLUMNS = ("techniques", "side_effects")  # stored as JSON arrays of codes
CHILD_TABLES = ("doses", "activity_ratings", "red_flags")
_EXPORT_SQL = {
    "courses": "SELECT * FROM courses",
    "medications": "SELECT * FROM medications",
    "activities": "SELECT * FROM activities",
    "sessions": "SELECT s.*, c.name AS course FROM sessions s JOIN courses c ON c.id = s.course_id",
    "daily_logs": "SELECT * FROM daily_logs",
    "doses": "SELECT d.daily_log_id, m.name AS medication, d.count FROM doses d "
    "JOIN medications m ON m.id = d.medication_id",
    "activity_ratings": "SELECT r.daily_log_id, a.name AS activity, r.rating "
    "FROM activity_ratings r JOIN activities a ON a.id = r.activity_id",
    "red_flags": "SELECT f.daily_log_id, f.code FROM red_flags f",
    "pegs": "SELECT * FROM pegs",
    "reviews": "SELECT r.*, c.name AS course FROM reviews r JOIN courses c ON c.id = r.course_id",
}
Dataset = dict[str, list[dict[str, Any]]]


def dataset(
    conn: Db, course: Course | None = None, since: date | None = None, until: date | None = None
) -> Dataset:
    """Every stored row an export needs, as plain values (lists for techniques/side effects).

    `course` keeps that course, its sessions and reviews, and the logs and PEGs from its baseline
    week (domain.md §1.3) to its end; `since`/`until` keep dated rows inside those days.
    """
    lo, hi = since or date.min, until or date.max
    if course is not None:
        days = session_days(conn, _id(course.id))
        start = min(course.start, (days[0] if days else course.start) - timedelta(days=7))
        lo, hi = max(lo, start), min(hi, course.ended or date.max)
    out: Dataset = {}
    for table, columns in EXPORT_TABLES.items():
        sql = _EXPORT_SQL[table]
        rows = [dict(r) for r in conn.execute(sql).fetchall()]
        if table in CHILD_TABLES:
            rows.sort(key=lambda r: r["daily_log_id"])  # stable: child id order within a log
        else:
            rows.sort(key=lambda r: r["id"])
        picked = []
        for r in rows:
            if "day" in r and not lo <= date.fromisoformat(r["day"]) <= hi:
                continue
            if course is not None and r.get("course", course.name) != course.name:
                continue
            if table == "courses" and course is not None and r["id"] != course.id:
                continue
            for col in LIST_COLUMNS:
                if col in r:
                    r[col] = json.loads(r[col] or "[]")
            picked.append({c: r[c] for c in columns})
        out[table] = picked
    kept = {r["id"] for r in out["daily_logs"]}
    for table in CHILD_TABLES:
        out[table] = [r for r in out[table] if r["daily_log_id"] in kept]
    return out


def _content(row: dict[str, Any]) -> tuple[Any, ...]:
    """A row's values without its id and creation time, names case-folded: what 'same' means."""
    return tuple(
        v.lower()
        if k in ("name", "course", "medication", "activity") and isinstance(v, str)
        else tuple(v)
        if isinstance(v, list)
        else v
        for k, v in row.items()
        if k not in ("id", "created_at", "daily_log_id")
    )


def _log_signatures(data: Dataset) -> dict[int, tuple[Any, ...]]:
    kids: dict[int, list[tuple[Any, ...]]] = {}
    for table in CHILD_TABLES:
        for r in data.get(table, []):
            kids.setdefault(r["daily_log_id"], []).append((table, *_content(r)))
    return {
        r["id"]: (_content(r), tuple(kids.get(r["id"], []))) for r in data.get("daily_logs", [])
    }


def import_rows(conn: Db, data: Dataset, now: datetime) -> tuple[dict[str, int], list[Conflict]]:
    """Add the rows of `data` (shaped as `dataset` returns) that are not stored yet.

    Call inside `writing()`: the import is then one transaction, journaled for `undo`. A row whose
    content is already stored is skipped (so importing twice changes nothing); ids are kept when
    free (so export → import into an empty database → export gives the same bytes). Returns the
    rows added per table and the conflicts (the caller rolls back when there are any).
    """
    stamp = _stamp(now)
    added = dict.fromkeys(EXPORT_TABLES, 0)
    conflicts: list[Conflict] = []
    have = dataset(conn)

    def insert(table: str, row: dict[str, Any], values: dict[str, Any]) -> int:
        values = {**values, "created_at": row.get("created_at") or stamp}
        row_id = row.get("id")
        if (
            isinstance(row_id, int)
            and row_id > 0  # a plain CSV numbers its rows below 0: never kept
            and not conn.execute(f"SELECT 1 FROM {table} WHERE id = ?", (row_id,)).fetchone()
        ):
            values = {"id": row_id, **values}
        added[table] += 1
        return _insert(conn, table, values)

    def plain(row: dict[str, Any], skip: tuple[str, ...]) -> dict[str, Any]:
        return {k: v for k, v in row.items() if k not in ("id", "created_at", *skip)}

    names: dict[str, dict[str, int]] = {}
    for table in ("courses", "medications", "activities"):
        stored = {r["name"].lower(): r for r in have[table]}
        names[table] = {k: r["id"] for k, r in stored.items()}
        for i, row in enumerate(data.get(table, [])):
            old = stored.get(row["name"].lower())
            if old is None:
                names[table][row["name"].lower()] = insert(table, row, plain(row, ()))
                stored[row["name"].lower()] = row
            elif _content(old) != _content(row):
                differ = next(k for k in row if k not in ("id", "created_at") and old[k] != row[k])
                conflicts.append(
                    Conflict(table, i, differ, f"the stored value for '{old['name']}'", row[differ])
                )
    if len(names["activities"]) > ref.MAX_ACTIVITIES:  # PSFS: up to 5 (domain.md §3.1)
        conflicts.append(
            Conflict("activities", 0, "name", f"at most {ref.MAX_ACTIVITIES} activities in all")
        )
    active = [r["name"] for r in [*have["courses"], *data.get("courses", [])] if not r["ended"]]
    if len({n.lower() for n in active}) > 1:
        conflicts.append(
            Conflict("courses", 0, "ended", "set on all courses but one", ", ".join(active))
        )

    def ref_id(table: str, i: int, kind: str, column: str, name: str) -> int | None:
        found = names[kind].get(name.lower())
        if found is None:
            conflicts.append(
                Conflict(table, i, column, f"a {column} in the file or database", name)
            )
        return found

    for table in ("sessions", "pegs", "reviews"):
        counts: dict[tuple[Any, ...], int] = {}
        for r in have[table]:
            counts[_content(r)] = counts.get(_content(r), 0) + 1
        for i, row in enumerate(data.get(table, [])):
            key = _content(row)
            if counts.get(key):
                counts[key] -= 1
                continue
            values = plain(row, ("course",))
            if "course" in row:
                cid = ref_id(table, i, "courses", "course", row["course"])
                values = {"course_id": cid, **values}
            for col in LIST_COLUMNS:
                if col in values:
                    values[col] = json.dumps(list(values[col]))
            if not conflicts:
                insert(table, row, values)

    stored_logs: dict[tuple[Any, ...], int] = {}
    for sig in _log_signatures(have).values():
        stored_logs[sig] = stored_logs.get(sig, 0) + 1
    log_ids: dict[int, int] = {}
    logs_by_id = {r["id"]: r for r in data["daily_logs"]}  # a scan per log was quadratic
    for sig_id, sig in _log_signatures(data).items():
        if stored_logs.get(sig):
            stored_logs[sig] -= 1
            continue
        row = logs_by_id[sig_id]
        if not conflicts:
            log_ids[sig_id] = insert("daily_logs", row, plain(row, ()))
    for table, column, kind, id_column in (
        ("doses", "medication", "medications", "medication_id"),
        ("activity_ratings", "activity", "activities", "activity_id"),
        ("red_flags", None, None, None),
    ):
        for i, row in enumerate(data.get(table, [])):
            if row["daily_log_id"] not in log_ids:
                continue
            values = {k: v for k, v in row.items() if k not in ("daily_log_id", column)}
            values["daily_log_id"] = log_ids[row["daily_log_id"]]
            if column is not None and kind is not None and id_column is not None:
                values[id_column] = ref_id(table, i, kind, column, row[column])
            if not conflicts:
                _insert(conn, table, values)
                added[table] += 1
    return added, conflicts


def decisions(conn: Db, course_id: int) -> list[Decision]:
    rows = conn.execute(
        "SELECT * FROM reviews WHERE course_id = ? ORDER BY day, id", (course_id,)
    ).fetchall()
    return [
        Decision(
            course_id=r["course_id"],
            day=date.fromisoformat(r["day"]),
            impression=r["impression"],
            decision=r["decision"],
            verdict=r["verdict"],
            id=r["id"],
        )
        for r in rows
    ]


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
    checks: list[Check] = []
    file_mode = path.stat().st_mode & 0o777
    shared = file_mode & 0o077
    fix = f"others can read it: chmod 600 {path}"
    checks.append(
        Check("file permissions", not shared, f"{file_mode:o} ({fix if shared else 'private'})")
    )
    folder_mode = path.parent.stat().st_mode & 0o777
    writable = folder_mode & 0o022  # others could replace the database file
    fix = f"others can replace files in it: chmod 700 {path.parent}"
    checks.append(
        Check("folder permissions", not writable, f"{folder_mode:o} ({fix if writable else 'ok'})")
    )
    try:
        _check_readable(path)
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


def _value_check(conn: Db) -> Check:
    """Load every row through its model, which checks its ranges (models.py); list the failures."""
    bad: list[str] = []
    loaders: dict[str, tuple[str, Any]] = {
        "courses": ("course", _course),
        "sessions": ("S", _session),
        "daily_logs": ("L", lambda r: _log(conn, r)),
        "pegs": ("P", _peg),
        "medications": ("medication", _medication),
    }
    total = 0
    for table, (label, load) in loaders.items():
        for row in conn.execute(f"SELECT * FROM {table}").fetchall():
            total += 1
            try:
                _validated(load(row))
            except (InvalidValue, ValueError, TypeError) as e:
                sep = "" if len(label) == 1 else " "
                bad.append(f"{label}{sep}{row['id']}: {e}")
    if bad:
        more = f" (and {len(bad) - 5} more)" if len(bad) > 5 else ""
        return Check("values", False, "; ".join(bad[:5]) + more)
    return Check("values", True, f"{total} rows, all within their allowed ranges")
