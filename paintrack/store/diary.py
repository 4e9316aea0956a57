"""Courses, their sessions and decisions, the medication list and the activities, as models.
SQL only: the rules that decide what may be written live in `paintrack.usecases`."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from typing import Any

from paintrack import fields as F
from paintrack.errors import NotFound
from paintrack.models import (
    Activity,
    Course,
    Decision,
    Ingredient,
    Medication,
    Session,
)
from paintrack.store.db import Db, day_of, delete_row, insert_row, stamp, update_row
from paintrack.store.rows import plain, stored, values


# --- Courses -----------------------------------------------------------------------------------
def course_of(row: sqlite3.Row) -> Course:
    return stored(Course, F.COURSE, row)


def active_course(conn: Db) -> Course | None:
    row = conn.execute(
        # Two devices may each have started one (sync): the one started last is in use, the
        # same on every device (store.sync.running lists them in this order).
        "SELECT * FROM courses WHERE ended IS NULL "
        "ORDER BY start DESC, created_at DESC, uuid DESC LIMIT 1"
    ).fetchone()
    return None if row is None else course_of(row)


def courses(conn: Db) -> list[tuple[Course, int]]:
    """Every course with its number of sessions, oldest first."""
    rows = conn.execute(
        "SELECT c.*, (SELECT count(*) FROM sessions s WHERE s.course_id = c.id) AS n "
        "FROM courses c ORDER BY c.start, c.id"
    ).fetchall()
    return [(course_of(r), r["n"]) for r in rows]


def course_named(conn: Db, name: str) -> Course | None:
    row = conn.execute("SELECT * FROM courses WHERE name = ? COLLATE NOCASE", (name,)).fetchone()
    return None if row is None else course_of(row)


def course_by_id(conn: Db, course_id: int) -> Course:
    row = conn.execute("SELECT * FROM courses WHERE id = ?", (course_id,)).fetchone()
    if row is None:
        raise NotFound(f"No course with id {course_id}.")
    return course_of(row)


def last_course_end(conn: Db) -> dt.date | None:
    return day_of(conn.execute("SELECT max(ended) FROM courses").fetchone()[0])


def insert_course(conn: Db, course: Course, now: dt.datetime) -> int:
    return insert_row(conn, "courses", with_stamp(values(F.COURSE, course), course, now))


def update_course(conn: Db, course_id: int, changes: dict[str, Any]) -> None:
    """Change some of a course's columns (`changes` by field name, values as in the model)."""
    new = {F.COURSE[k].column: _column_value(F.COURSE[k], v) for k, v in changes.items()}
    update_row(conn, "courses", course_id, new)


def _column_value(field: F.Field, value: Any) -> Any:
    if field.kind == "date":
        return None if value is None else value.isoformat()
    if field.kind in ("codes", "texts"):
        return json.dumps(list(value), ensure_ascii=False)
    return value


def with_stamp(row: dict[str, Any], model: Any, now: dt.datetime) -> dict[str, Any]:
    """Add the created_at the model carries (an import keeps it), else now; and a kept id."""
    out = {**row, "created_at": model.created_at or stamp(now)}
    if model.id is not None:
        out = {"id": model.id, **out}
    return out


def row_exists(conn: Db, table: str, row_id: int) -> bool:
    return conn.execute(f"SELECT 1 FROM {table} WHERE id = ?", (row_id,)).fetchone() is not None


def created_at(conn: Db, table: str, row_id: int) -> str | None:
    """When row `row_id` of `table` was created (None if there is no such row): with its id,
    what tells the same entry of the same diary, however it was changed since."""
    row = conn.execute(f"SELECT created_at FROM {table} WHERE id = ?", (row_id,)).fetchone()
    return None if row is None else str(row[0])


# --- Sessions ----------------------------------------------------------------------------------
def session_of(row: sqlite3.Row) -> Session:
    return stored(Session, F.SESSION, row)


def insert_session(conn: Db, session: Session, now: dt.datetime) -> int:
    return insert_row(conn, "sessions", with_stamp(values(F.SESSION, session), session, now))


def sessions(conn: Db, course_id: int) -> list[Session]:
    rows = conn.execute(
        "SELECT * FROM sessions WHERE course_id = ? ORDER BY date, time, id", (course_id,)
    ).fetchall()
    return [session_of(r) for r in rows]


def session_dates(conn: Db, course_id: int) -> list[dt.date]:
    rows = conn.execute("SELECT date FROM sessions WHERE course_id = ? ORDER BY date", (course_id,))
    return [dt.date.fromisoformat(r[0]) for r in rows]


def sessions_in_year(conn: Db, until: dt.date) -> int:
    """Sessions of any course in the 365 days up to `until` (the yearly cap, domain.md §8)."""
    start = dt.date.fromordinal(until.toordinal() - 364)
    row = conn.execute(
        "SELECT count(*) FROM sessions WHERE date BETWEEN ? AND ?",
        (start.isoformat(), until.isoformat()),
    ).fetchone()
    return int(row[0])


# --- Medications (with their ingredients) and activities -----------------------------------------
def medications(conn: Db) -> list[Medication]:
    """Every medication, active and stopped, by name; each with its ingredients in label order."""
    rows = conn.execute("SELECT * FROM medications ORDER BY name COLLATE NOCASE").fetchall()
    parts: dict[int, list[Ingredient]] = {}
    for med_id, substance, strength, unit, factor in conn.execute(
        "SELECT medication_id, substance, strength, unit, mme_factor FROM ingredients "
        "ORDER BY medication_id, position, id"
    ):
        one = plain(
            Ingredient, substance=substance, strength=strength, unit=unit, mme_factor=factor
        )
        parts.setdefault(med_id, []).append(one)
    return [medication_of(r, tuple(parts.get(r["id"], ()))) for r in rows]


def medication_of(row: sqlite3.Row, ingredients: tuple[Ingredient, ...]) -> Medication:
    """A stored medication; a one-ingredient one also carries its label (strength, unit)."""
    one = ingredients[0] if len(ingredients) == 1 else None
    label = {
        "strength": one.strength if one else None,
        "unit": one.unit if one else None,
        "mme_factor": one.mme_factor if one else None,
    }
    return stored(Medication, F.MEDICATION, row, ingredients=ingredients, **label)


def insert_medication(conn: Db, med: Medication, now: dt.datetime) -> int:
    med_id = insert_row(conn, "medications", with_stamp(values(F.MEDICATION, med), med, now))
    _insert_ingredients(conn, med_id, med)
    return med_id


def _insert_ingredients(conn: Db, med_id: int, med: Medication) -> None:
    for position, i in enumerate(med.ingredients, start=1):
        row = {"medication_id": med_id, "position": position}
        row |= {k: getattr(i, k) for k in ("substance", "strength", "unit", "mme_factor")}
        insert_row(conn, "ingredients", row)


def ingredient_ids(conn: Db, med_id: int) -> list[int]:
    rows = conn.execute(
        "SELECT id FROM ingredients WHERE medication_id = ? ORDER BY position, id", (med_id,)
    )
    return [r[0] for r in rows]


def replace_medication(conn: Db, med_id: int, med: Medication) -> None:
    """Write `med`'s name, kind, stop date and ingredients over the stored medication's."""
    update_row(conn, "medications", med_id, values(F.MEDICATION, med))
    old = ingredient_ids(conn, med_id)
    for position, (i, row_id) in enumerate(zip(med.ingredients, old, strict=False), start=1):
        row = {k: getattr(i, k) for k in ("substance", "strength", "unit", "mme_factor")}
        update_row(conn, "ingredients", row_id, {**row, "position": position})
    for row_id in old[len(med.ingredients) :]:
        delete_row(conn, "ingredients", row_id)
    for position, i in enumerate(med.ingredients[len(old) :], start=len(old) + 1):
        row = {k: getattr(i, k) for k in ("substance", "strength", "unit", "mme_factor")}
        insert_row(conn, "ingredients", {"medication_id": med_id, "position": position, **row})


def delete_medication(conn: Db, med_id: int) -> None:
    for row_id in ingredient_ids(conn, med_id):
        delete_row(conn, "ingredients", row_id)
    delete_row(conn, "medications", med_id)


def activities(conn: Db) -> list[Activity]:
    rows = conn.execute("SELECT * FROM activities ORDER BY id")
    return [
        plain(
            Activity,
            id=r["id"],
            name=r["name"],
            stopped=day_of(r["stopped"]),
            created_at=r["created_at"],
        )
        for r in rows
    ]


def insert_activity(conn: Db, activity: Activity, now: dt.datetime) -> int:
    row = values(F.ACTIVITY, activity)
    return insert_row(conn, "activities", with_stamp(row, activity, now))


def replace_activity(conn: Db, activity_id: int, activity: Activity) -> None:
    update_row(conn, "activities", activity_id, values(F.ACTIVITY, activity))


def delete_activity(conn: Db, activity_id: int) -> None:
    delete_row(conn, "activities", activity_id)


_USES = {
    "medications": "SELECT count(*), min(l.date), max(l.date) FROM doses c "
    "JOIN daily_logs l ON l.id = c.daily_log_id WHERE c.medication_id = ?",
    "activities": "SELECT count(*), min(l.date), max(l.date) FROM activity_ratings c "
    "JOIN daily_logs l ON l.id = c.daily_log_id WHERE c.activity_id = ?",
}


def uses(conn: Db, table: str, row_id: int) -> tuple[int, dt.date | None, dt.date | None]:
    """How often a medication was dosed (or an activity rated), and the first and last day."""
    n, first, last = conn.execute(_USES[table], (row_id,)).fetchone()
    return int(n), day_of(first), day_of(last)


def dose_spans(
    conn: Db, since: dt.date, until: dt.date
) -> dict[str, tuple[dt.date, dt.date, dt.date]]:
    """Per medication (lower-cased name) dosed from `since` to `until`: its first dose ever (up
    to `until`) and its first and last dose in that span, from every log (the review reads only
    some of the logs between its two weeks)."""
    span = "CASE WHEN l.date >= ? THEN l.date END"
    rows = conn.execute(
        f"SELECT m.name, min(l.date), min({span}), max({span}) FROM doses d "
        "JOIN daily_logs l ON l.id = d.daily_log_id JOIN medications m ON m.id = d.medication_id "
        "WHERE l.date <= ? GROUP BY m.id",
        (since.isoformat(), since.isoformat(), until.isoformat()),
    )
    day = dt.date.fromisoformat
    return {
        name.lower(): (day(ever), day(first), day(last))
        for name, ever, first, last in rows
        if last is not None
    }


def ids_by_name(conn: Db, table: str) -> dict[str, int]:
    return {name.lower(): i for i, name in conn.execute(f"SELECT id, name FROM {table}")}


# --- Decisions ---------------------------------------------------------------------------------
def decision_of(row: sqlite3.Row) -> Decision:
    return stored(Decision, F.DECISION, row)


def insert_decision(conn: Db, decision: Decision, now: dt.datetime) -> int:
    return insert_row(conn, "decisions", with_stamp(values(F.DECISION, decision), decision, now))


def decisions(conn: Db, course_id: int) -> list[Decision]:
    rows = conn.execute(
        "SELECT * FROM decisions WHERE course_id = ? ORDER BY date, id", (course_id,)
    ).fetchall()
    return [decision_of(r) for r in rows]


def decision_dates(conn: Db, course_id: int) -> list[dt.date]:
    rows = conn.execute(
        "SELECT date FROM decisions WHERE course_id = ? AND choice IS NOT NULL", (course_id,)
    )
    return [dt.date.fromisoformat(r[0]) for r in rows]


def latest_decision(conn: Db, course_id: int) -> Decision | None:
    row = conn.execute(
        "SELECT * FROM decisions WHERE course_id = ? AND choice IS NOT NULL "
        "ORDER BY date DESC, id DESC LIMIT 1",
        (course_id,),
    ).fetchone()
    return None if row is None else decision_of(row)


def latest_impression(conn: Db, course_id: int) -> int | None:
    row = conn.execute(
        "SELECT impression FROM decisions WHERE course_id = ? AND impression IS NOT NULL "
        "ORDER BY date DESC, id DESC LIMIT 1",
        (course_id,),
    ).fetchone()
    return None if row is None else int(row[0])
