"""The one place that reads and writes the database.

Hot path on the standard library's sqlite3: an up-to-date database is recognised by its
`PRAGMA user_version` and never loads sqlite-utils; migrations (sqlite-utils) load only when the
schema is behind. Every command's writes go through `writing()`: one transaction, and a change
journal (`changes`, `change_steps`) of before-images that `undo` replays backwards.
"""

from __future__ import annotations

import dataclasses
import json
import os
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from paintrack.domain import reference as ref
from paintrack.domain.course import CoursePoint, baseline_window, current_window, reevaluate_point
from paintrack.errors import BadDatabase, InvalidValue, NoData, NotFound
from paintrack.models import (
    Activity,
    ActivityRating,
    Course,
    DailyLog,
    Decision,
    Dose,
    Medication,
    Peg,
    RedFlagEvent,
    Session,
)

if TYPE_CHECKING:
    from paintrack.domain.review import ReviewInput

SCHEMA_VERSION = 1  # = number of migrations in paintrack/migrations.py (a test checks)
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
        _check_readable(path)
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


def _check_readable(path: Path) -> None:
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


def _insert(conn: Db, table: str, values: dict[str, Any]) -> int:
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


def _update(conn: Db, table: str, row_id: int, values: dict[str, Any]) -> None:
    before = _row(conn, table, row_id)
    sets = ", ".join(f"{c} = ?" for c in values)
    conn.execute(f"UPDATE {table} SET {sets} WHERE id = ?", (*values.values(), row_id))
    _step(conn, "update", table, row_id, before)


def _delete(conn: Db, table: str, row_id: int) -> None:
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


def _stamp(now: datetime) -> str:
    return now.isoformat(timespec="seconds")


def _day(value: str | None) -> date | None:
    return None if value is None else date.fromisoformat(value)


M = TypeVar("M")


def _stored(cls: type[M], **values: Any) -> M:
    """A model from a stored row, without validating it again: a value changed outside paintrack
    must not lock the patient out of `edit` and `delete` (`doctor` reports it; see _validated)."""
    obj = object.__new__(cls)
    for name, default in _defaults(cls):  # type: ignore[arg-type]
        object.__setattr__(obj, name, values.get(name, default))
    return obj


@cache
def _defaults(cls: type) -> tuple[tuple[str, Any], ...]:
    return tuple(
        (f.name, None if f.default is dataclasses.MISSING else f.default)
        for f in dataclasses.fields(cls)
    )


def _validated(obj: Any) -> Any:
    """Rebuild a stored model (and the models inside it) through its checks."""
    for f in dataclasses.fields(obj):
        value = getattr(obj, f.name)
        if isinstance(value, tuple):
            for item in value:
                if dataclasses.is_dataclass(item):
                    _validated(item)
    return dataclasses.replace(obj)


# --- Courses -----------------------------------------------------------------------------------
def _course(row: sqlite3.Row) -> Course:
    return _stored(
        Course,
        id=row["id"],
        name=row["name"],
        therapy=row["therapy"],
        condition=row["condition"],
        practitioner=row["practitioner"],
        start=date.fromisoformat(row["start"]),
        sessions_planned=row["sessions_planned"],
        days_planned=row["days_planned"],
        plan=row["plan"],
        goals=row["goals"],
        ended=_day(row["ended"]),
        outcome=row["outcome"],
    )


def active_course(conn: Db) -> Course | None:
    row = conn.execute(
        "SELECT * FROM courses WHERE ended IS NULL ORDER BY id DESC LIMIT 1"
    ).fetchone()
    return None if row is None else _course(row)


def require_active_course(conn: Db) -> Course:
    course = active_course(conn)
    if course is None:
        raise NoData(
            "No active course. Start one with: paintrack course start NAME --sessions N "
            "(or try `paintrack demo`)."
        )
    return course


def courses(conn: Db) -> list[tuple[Course, int]]:
    rows = conn.execute(
        "SELECT c.*, (SELECT count(*) FROM sessions s WHERE s.course_id = c.id) AS n "
        "FROM courses c ORDER BY c.start, c.id"
    ).fetchall()
    return [(_course(r), r["n"]) for r in rows]


def course_named(conn: Db, name: str | None) -> Course:
    if name is None:
        return require_active_course(conn)
    row = conn.execute("SELECT * FROM courses WHERE name = ? COLLATE NOCASE", (name,)).fetchone()
    if row is None:
        known = ", ".join(c.name for c, _ in courses(conn)) or "none yet"
        raise NotFound(f"No course named '{name}' (courses: {known}).")
    return _course(row)


def course_by_id(conn: Db, course_id: int) -> Course:
    row = conn.execute("SELECT * FROM courses WHERE id = ?", (course_id,)).fetchone()
    if row is None:
        raise NotFound(f"No course with id {course_id}.")
    return _course(row)


def insert_course(conn: Db, course: Course, now: datetime) -> int:
    current = active_course(conn)
    if current is not None:
        raise InvalidValue(
            "NAME",
            f"a new course only after the active one ends (`paintrack course end` ends '{current.name}')",
        )
    if conn.execute(
        "SELECT 1 FROM courses WHERE name = ? COLLATE NOCASE", (course.name,)
    ).fetchone():
        raise InvalidValue("NAME", "a name not used by another course", course.name)
    return _insert(
        conn,
        "courses",
        {
            "name": course.name,
            "therapy": course.therapy,
            "condition": course.condition,
            "practitioner": course.practitioner,
            "start": course.start.isoformat(),
            "sessions_planned": course.sessions_planned,
            "days_planned": course.days_planned,
            "plan": course.plan,
            "goals": course.goals,
            "created_at": _stamp(now),
        },
    )


def end_course(conn: Db, course: Course, ended: date, outcome: str | None) -> None:
    if ended < course.start:
        raise InvalidValue(
            "date", f"on or after the course start {course.start}", ended.isoformat()
        )
    _update(conn, "courses", _id(course.id), {"ended": ended.isoformat(), "outcome": outcome})


def extend_course(conn: Db, course: Course, sessions_planned: int) -> None:
    """Move the re-evaluate point to `sessions_planned`; the extension is counted in sessions."""
    values = {"sessions_planned": sessions_planned, "days_planned": None}
    _update(conn, "courses", _id(course.id), values)


def latest_decision(conn: Db, course_id: int) -> Decision | None:
    row = conn.execute(
        "SELECT * FROM reviews WHERE course_id = ? AND decision IS NOT NULL "
        "ORDER BY day DESC, id DESC LIMIT 1",
        (course_id,),
    ).fetchone()
    if row is None:
        return None
    return Decision(
        id=row["id"],
        course_id=row["course_id"],
        day=date.fromisoformat(row["day"]),
        impression=row["impression"],
        decision=row["decision"],
        verdict=row["verdict"],
    )


def _id(value: int | None) -> int:
    if value is None:
        raise ValueError("stored model without id")
    return value


# --- Sessions ----------------------------------------------------------------------------------
def _session_values(s: Session) -> dict[str, Any]:
    return {
        "course_id": s.course_id,
        "day": s.day.isoformat(),
        "time": s.time,
        "pain_before": s.pain_before,
        "pain_after": s.pain_after,
        "minutes": s.minutes,
        "needles": s.needles,
        "techniques": json.dumps(list(s.techniques)),
        "side_effects": json.dumps(list(s.side_effects)),
        "points": s.points,
        "practitioner": s.practitioner,
        "cost": s.cost,
        "note": s.note,
    }


def _session(row: sqlite3.Row) -> Session:
    return _stored(
        Session,
        id=row["id"],
        course_id=row["course_id"],
        day=date.fromisoformat(row["day"]),
        time=row["time"],
        pain_before=row["pain_before"],
        pain_after=row["pain_after"],
        minutes=row["minutes"],
        needles=row["needles"],
        techniques=tuple(json.loads(row["techniques"] or "[]")),
        side_effects=tuple(json.loads(row["side_effects"] or "[]")),
        points=row["points"],
        practitioner=row["practitioner"],
        cost=row["cost"],
        note=row["note"],
    )


def insert_session(conn: Db, session: Session, now: datetime) -> int:
    return _insert(conn, "sessions", {**_session_values(session), "created_at": _stamp(now)})


def sessions(conn: Db, course_id: int) -> list[Session]:
    rows = conn.execute(
        "SELECT * FROM sessions WHERE course_id = ? ORDER BY day, time, id", (course_id,)
    ).fetchall()
    return [_session(r) for r in rows]


def session_days(conn: Db, course_id: int) -> list[date]:
    rows = conn.execute("SELECT day FROM sessions WHERE course_id = ? ORDER BY day", (course_id,))
    return [date.fromisoformat(r[0]) for r in rows]


# --- Medications and activities ----------------------------------------------------------------
def _medication(row: sqlite3.Row) -> Medication:
    return _stored(
        Medication,
        id=row["id"],
        name=row["name"],
        kind=row["kind"],
        strength=row["strength"],
        unit=row["unit"],
        mme_factor=row["mme_factor"],
    )


def medications(conn: Db) -> list[Medication]:
    return [
        _medication(r)
        for r in conn.execute("SELECT * FROM medications ORDER BY name COLLATE NOCASE")
    ]


def insert_medication(conn: Db, med: Medication, now: datetime) -> int:
    if conn.execute(
        "SELECT 1 FROM medications WHERE name = ? COLLATE NOCASE", (med.name,)
    ).fetchone():
        raise InvalidValue(
            "NAME", "a medication not already listed (see `paintrack med list`)", med.name
        )
    values = {
        "name": med.name,
        "kind": med.kind,
        "strength": med.strength,
        "unit": med.unit,
        "mme_factor": med.mme_factor,
        "created_at": _stamp(now),
    }
    return _insert(conn, "medications", values)


def activities(conn: Db) -> list[Activity]:
    rows = conn.execute("SELECT id, name FROM activities ORDER BY id")
    return [Activity(id=r["id"], name=r["name"]) for r in rows]


def insert_activity(conn: Db, activity: Activity, now: datetime) -> int:
    existing = activities(conn)
    if any(a.name.lower() == activity.name.lower() for a in existing):
        raise InvalidValue("NAME", "an activity not already chosen", activity.name)
    if len(existing) >= ref.MAX_ACTIVITIES:  # PSFS: up to 5 activities (domain.md §3.1)
        names = ", ".join(a.name for a in existing)
        raise InvalidValue(
            "NAME",
            f"one of at most {ref.MAX_ACTIVITIES} activities (chosen: {names})",
            activity.name,
        )
    return _insert(conn, "activities", {"name": activity.name, "created_at": _stamp(now)})


def _ids_by_name(
    conn: Db, table: str, names: Sequence[str], option: str, hint: str
) -> dict[str, int]:
    found: dict[str, int] = {}
    for name in names:
        row = conn.execute(
            f"SELECT id FROM {table} WHERE name = ? COLLATE NOCASE", (name,)
        ).fetchone()
        if row is None:
            listed = [r[0] for r in conn.execute(f"SELECT name FROM {table} ORDER BY name")]
            allowed = f"one of: {', '.join(listed)}" if listed else "a listed name (none yet)"
            raise InvalidValue(option, f"{allowed}; add one with `{hint} {name}`", name)
        found[name] = row[0]
    return found


# --- Daily logs --------------------------------------------------------------------------------
def _log_values(log: DailyLog) -> dict[str, Any]:
    return {
        "day": log.day.isoformat(),
        "time": log.time,
        "pain": log.pain,
        "worst": log.worst,
        "least": log.least,
        "sleep_hours": log.sleep_hours,
        "sleep_interference": log.sleep_interference,
        "stress": log.stress,
        "note": log.note,
    }


def insert_log(conn: Db, log: DailyLog, now: datetime) -> int:
    log_id = _insert(conn, "daily_logs", {**_log_values(log), "created_at": _stamp(now)})
    _insert_log_children(conn, log_id, log)
    return log_id


def _insert_log_children(conn: Db, log_id: int, log: DailyLog) -> None:
    med_ids = _ids_by_name(
        conn, "medications", [d.medication for d in log.doses], "med", "paintrack med add"
    )
    for dose in log.doses:
        _insert(
            conn,
            "doses",
            {
                "daily_log_id": log_id,
                "medication_id": med_ids[dose.medication],
                "count": dose.count,
            },
        )
    act_ids = _ids_by_name(
        conn, "activities", [r.activity for r in log.ratings], "activity", "paintrack activity add"
    )
    for rating in log.ratings:
        values = {
            "daily_log_id": log_id,
            "activity_id": act_ids[rating.activity],
            "rating": rating.rating,
        }
        _insert(conn, "activity_ratings", values)
    for code in log.red_flags:
        _insert(conn, "red_flags", {"daily_log_id": log_id, "code": code})


def _log(conn: Db, row: sqlite3.Row) -> DailyLog:
    """One stored log with its children (entries, edit); ranges use logs_between."""
    return _log_from(
        row,
        conn.execute(
            "SELECT m.name, d.count FROM doses d JOIN medications m ON m.id = d.medication_id "
            "WHERE d.daily_log_id = ? ORDER BY d.id",
            (row["id"],),
        ).fetchall(),
        conn.execute(
            "SELECT a.name, r.rating FROM activity_ratings r "
            "JOIN activities a ON a.id = r.activity_id WHERE r.daily_log_id = ? ORDER BY r.id",
            (row["id"],),
        ).fetchall(),
        [
            c
            for (c,) in conn.execute(
                "SELECT code FROM red_flags WHERE daily_log_id = ? ORDER BY id", (row["id"],)
            )
        ],
    )


def _log_from(
    row: sqlite3.Row, doses: Sequence[Any], ratings: Sequence[Any], flags: Sequence[str]
) -> DailyLog:
    return _stored(
        DailyLog,
        id=row["id"],
        day=date.fromisoformat(row["day"]),
        time=row["time"],
        pain=row["pain"],
        worst=row["worst"],
        least=row["least"],
        sleep_hours=row["sleep_hours"],
        sleep_interference=row["sleep_interference"],
        stress=row["stress"],
        note=row["note"],
        doses=tuple(_stored(Dose, medication=n, count=c) for n, c in doses),
        ratings=tuple(_stored(ActivityRating, activity=n, rating=r) for n, r in ratings),
        red_flags=tuple(flags),
    )


def last_log(conn: Db) -> DailyLog | None:
    row = conn.execute(
        "SELECT * FROM daily_logs ORDER BY day DESC, time DESC, id DESC LIMIT 1"
    ).fetchone()
    return None if row is None else _log(conn, row)


def last_log_day(conn: Db) -> date | None:
    return _day(conn.execute("SELECT max(day) FROM daily_logs").fetchone()[0])


def days_logged(conn: Db, start: date, end: date) -> int:
    row = conn.execute(
        "SELECT count(DISTINCT day) FROM daily_logs WHERE day BETWEEN ? AND ?",
        (start.isoformat(), end.isoformat()),
    ).fetchone()
    return int(row[0])


def red_flags_since(conn: Db, since: date) -> list[RedFlagEvent]:
    rows = conn.execute(
        "SELECT l.day, f.code, l.id FROM red_flags f JOIN daily_logs l ON l.id = f.daily_log_id "
        "WHERE l.day >= ? ORDER BY l.day, f.id",
        (since.isoformat(),),
    )
    return [RedFlagEvent(date.fromisoformat(d), c, i) for d, c, i in rows]


# Logs that matter to a review between its windows: red flags, and doses that count towards
# MME or the acetaminophen total (domain.md §6.2, §6.3); NSAIDs alone do not.
FLAGGED_OR_COUNTED = (
    " AND (l.id IN (SELECT daily_log_id FROM red_flags) OR l.id IN (SELECT d2.daily_log_id"
    " FROM doses d2 JOIN medications m2 ON m2.id = d2.medication_id WHERE m2.kind != 'nsaid'))"
)


def logs_between(conn: Db, start: date, end: date, *, only: str = "") -> list[DailyLog]:
    """Daily logs from `start` to `end` with their doses, ratings and red flags, in 4 queries.

    `only` narrows the logs with an SQL condition on `l` (FLAGGED_OR_COUNTED).
    """
    span = (start.isoformat(), end.isoformat())
    rows = conn.execute(
        f"SELECT l.* FROM daily_logs l WHERE l.day BETWEEN ? AND ?{only} ORDER BY day, time, id",
        span,
    ).fetchall()
    children: dict[str, dict[int, list[Any]]] = {"doses": {}, "ratings": {}, "flags": {}}
    queries = {
        "doses": "SELECT d.daily_log_id, m.name, d.count FROM doses d "
        "JOIN medications m ON m.id = d.medication_id",
        "ratings": "SELECT r.daily_log_id, a.name, r.rating FROM activity_ratings r "
        "JOIN activities a ON a.id = r.activity_id",
        "flags": "SELECT f.daily_log_id, f.code, NULL FROM red_flags f",
    }
    # The children of exactly these logs: by day range, or by id when `only` picked a few.
    ids = json.dumps([r["id"] for r in rows]) if only else None
    for key, sql in queries.items():
        alias = sql.split("FROM ")[1].split()[1]
        args: tuple[str, ...]
        if ids is None:
            where = "JOIN daily_logs l ON l.id = {a}.daily_log_id WHERE l.day BETWEEN ? AND ?"
            args = span
        else:
            where, args = "WHERE {a}.daily_log_id IN (SELECT value FROM json_each(?))", (ids,)
        found = conn.execute(f"{sql} {where.format(a=alias)} ORDER BY {alias}.id", args)
        for log_id, a, b in found:
            children[key].setdefault(log_id, []).append((a, b))
    return [
        _log_from(
            r,
            children["doses"].get(r["id"], []),
            children["ratings"].get(r["id"], []),
            [c for c, _ in children["flags"].get(r["id"], [])],
        )
        for r in rows
    ]


def daily_pain(conn: Db, start: date, end: date) -> dict[date, list[float]]:
    """Mean pain per day, aggregated in SQL (years of logs stay fast)."""
    rows = conn.execute(
        "SELECT day, avg(pain) FROM daily_logs WHERE day BETWEEN ? AND ? GROUP BY day ORDER BY day",
        (start.isoformat(), end.isoformat()),
    )
    return {date.fromisoformat(d): [float(v)] for d, v in rows}


def first_log_day(conn: Db) -> date | None:
    return _day(conn.execute("SELECT min(day) FROM daily_logs").fetchone()[0])


def pegs_between(conn: Db, start: date, end: date) -> list[Peg]:
    rows = conn.execute(
        "SELECT * FROM pegs WHERE day BETWEEN ? AND ? ORDER BY day, time, id",
        (start.isoformat(), end.isoformat()),
    )
    return [_peg(r) for r in rows]


# --- PEG ---------------------------------------------------------------------------------------
def insert_peg(conn: Db, peg: Peg, now: datetime) -> int:
    values = {
        "day": peg.day.isoformat(),
        "time": peg.time,
        "pain": peg.pain,
        "enjoyment": peg.enjoyment,
        "general_activity": peg.general_activity,
        "created_at": _stamp(now),
    }
    return _insert(conn, "pegs", values)


def last_peg_day(conn: Db, start: date, end: date) -> date | None:
    row = conn.execute(
        "SELECT max(day) FROM pegs WHERE day BETWEEN ? AND ?", (start.isoformat(), end.isoformat())
    ).fetchone()
    return _day(row[0])


def _peg(row: sqlite3.Row) -> Peg:
    return _stored(
        Peg,
        id=row["id"],
        day=date.fromisoformat(row["day"]),
        time=row["time"],
        pain=row["pain"],
        enjoyment=row["enjoyment"],
        general_activity=row["general_activity"],
    )


# --- Review decisions --------------------------------------------------------------------------
def insert_decision(conn: Db, decision: Decision, now: datetime) -> int:
    values = {
        "course_id": decision.course_id,
        "day": decision.day.isoformat(),
        "impression": decision.impression,
        "decision": decision.decision,
        "verdict": decision.verdict,
        "created_at": _stamp(now),
    }
    return _insert(conn, "reviews", values)


def decision_days(conn: Db, course_id: int) -> list[date]:
    rows = conn.execute(
        "SELECT day FROM reviews WHERE course_id = ? AND decision IS NOT NULL", (course_id,)
    )
    return [date.fromisoformat(r[0]) for r in rows]


def latest_impression(conn: Db, course_id: int) -> int | None:
    row = conn.execute(
        "SELECT impression FROM reviews WHERE course_id = ? AND impression IS NOT NULL "
        "ORDER BY day DESC, id DESC LIMIT 1",
        (course_id,),
    ).fetchone()
    return None if row is None else int(row[0])


def sessions_in_year(conn: Db, until: date) -> int:
    """Sessions of any course in the 365 days up to `until` (the yearly cap, domain.md §8)."""
    start = date.fromordinal(until.toordinal() - 364)
    row = conn.execute(
        "SELECT count(*) FROM sessions WHERE day BETWEEN ? AND ?",
        (start.isoformat(), until.isoformat()),
    ).fetchone()
    return int(row[0])


def review_input(conn: Db, course: Course, today: date, *, every_log: bool = False) -> ReviewInput:
    """The rows the review needs, from 28 days before the baseline up to `today`.

    Between the baseline week and the last 7 days only logs with red flags or counted doses are
    read, unless `every_log` (the clinician summary draws the whole trend from them).
    """
    from paintrack.domain.review import PRE_BASELINE_DAYS, ReviewInput

    cid = _id(course.id)
    point = course_point(conn, course, today)
    baseline = baseline_window(point.first_session, today)
    start = min(baseline.start, course.start) - timedelta(
        days=PRE_BASELINE_DAYS + ref.BASELINE_DAYS
    )
    current = current_window(today)
    if not every_log and current.start - baseline.end > timedelta(days=1):  # skip the quiet middle
        middle = (baseline.end + timedelta(days=1), current.start - timedelta(days=1))
        logs = [
            *logs_between(conn, start, baseline.end),
            *logs_between(conn, *middle, only=FLAGGED_OR_COUNTED),
            *logs_between(conn, current.start, today),
        ]
    else:
        logs = logs_between(conn, start, today)
    return ReviewInput(
        course=course,
        point=point,
        today=today,
        logs=logs,
        pegs=pegs_between(conn, start, today),
        sessions=sessions(conn, cid),
        medications={m.name.lower(): m for m in medications(conn)},
        impression=latest_impression(conn, cid),
    )


def course_point(conn: Db, course: Course, today: date) -> CoursePoint:
    cid = _id(course.id)
    return reevaluate_point(course, session_days(conn, cid), decision_days(conn, cid), today)


# --- History: entries by their user-facing reference ---------------------------------------------
KINDS = {"S": ("session", "sessions"), "L": ("log", "daily_logs"), "P": ("peg", "pegs")}


def parse_ref(text: str) -> tuple[str, int]:
    """'L12' → ('L', 12). The letter says the kind: S session, L daily log, P PEG."""
    t = text.strip().upper()
    if len(t) < 2 or t[0] not in KINDS or not (t[1:].isascii() and t[1:].isdigit()):
        raise InvalidValue("ID", "an entry id from `paintrack history`, like L12, S3 or P2", text)
    return t[0], int(t[1:])


def entry(conn: Db, ref_text: str) -> Session | DailyLog | Peg:
    letter, row_id = parse_ref(ref_text)
    table = KINDS[letter][1]
    row = conn.execute(f"SELECT * FROM {table} WHERE id = ?", (row_id,)).fetchone()
    if row is None:
        raise NotFound(f"No {KINDS[letter][0]} {letter}{row_id}; see `paintrack history` for ids.")
    if letter == "S":
        return _session(row)
    if letter == "L":
        return _log(conn, row)
    return _peg(row)


def entries(
    conn: Db, since: date | None = None, until: date | None = None
) -> list[Session | DailyLog | Peg]:
    lo = (since or date.min).isoformat()
    hi = (until or date.max).isoformat()
    found: list[Session | DailyLog | Peg] = []
    for r in conn.execute("SELECT * FROM sessions WHERE day BETWEEN ? AND ?", (lo, hi)).fetchall():
        found.append(_session(r))
    for r in conn.execute(
        "SELECT * FROM daily_logs WHERE day BETWEEN ? AND ?", (lo, hi)
    ).fetchall():
        found.append(_log(conn, r))
    for r in conn.execute("SELECT * FROM pegs WHERE day BETWEEN ? AND ?", (lo, hi)).fetchall():
        found.append(_peg(r))
    kind_order = {Session: 0, DailyLog: 1, Peg: 2}
    found.sort(key=lambda e: (e.day, e.time or "", kind_order[type(e)], e.id or 0))
    return found


def update_entry(conn: Db, old: Session | DailyLog | Peg, new: Session | DailyLog | Peg) -> None:
    """Replace a stored entry's values with `new` (same kind and id); children are rewritten."""
    row_id = _id(old.id)
    if isinstance(new, Session):
        _update(conn, "sessions", row_id, _session_values(new))
    elif isinstance(new, DailyLog):
        _update(conn, "daily_logs", row_id, _log_values(new))
        _delete_log_children(conn, row_id)
        _insert_log_children(conn, row_id, new)
    else:
        values = {
            "day": new.day.isoformat(),
            "time": new.time,
            "pain": new.pain,
            "enjoyment": new.enjoyment,
            "general_activity": new.general_activity,
        }
        _update(conn, "pegs", row_id, values)


def _delete_log_children(conn: Db, log_id: int) -> None:
    for table in ("doses", "activity_ratings", "red_flags"):
        for (child_id,) in conn.execute(
            f"SELECT id FROM {table} WHERE daily_log_id = ?", (log_id,)
        ).fetchall():
            _delete(conn, table, child_id)


def delete_entry(conn: Db, old: Session | DailyLog | Peg) -> None:
    row_id = _id(old.id)
    if isinstance(old, Session):
        _delete(conn, "sessions", row_id)
    elif isinstance(old, DailyLog):
        _delete_log_children(conn, row_id)
        _delete(conn, "daily_logs", row_id)
    else:
        _delete(conn, "pegs", row_id)


def last_change(conn: Db) -> tuple[str, str] | None:
    row = conn.execute(
        "SELECT at, coalesce(summary, command) FROM changes ORDER BY id DESC LIMIT 1"
    ).fetchone()
    return None if row is None else (row[0], row[1])


# --- Export, import, backup, doctor --------------------------------------------------------------
from dataclasses import dataclass  # noqa: E402  (kept in this section: see issue 6)


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
    for sig_id, sig in _log_signatures(data).items():
        if stored_logs.get(sig):
            stored_logs[sig] -= 1
            continue
        row = next(r for r in data["daily_logs"] if r["id"] == sig_id)
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
