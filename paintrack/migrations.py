"""Schema changes, recorded in `_sqlite_migrations` by sqlite-utils (style.md §3.7).

Append-only: never edit a migration that has shipped; add the next one. After they run, the store
writes their count to `PRAGMA user_version`, so opening an up-to-date database never loads this
module (or sqlite-utils). docs/schema.md documents every table and column.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from paintrack.migrations_sync import add_sync

migrations = Migrations("paintrack")


@migrations()
def m001_initial(db: Database) -> None:
    # A course is one trial of a therapy; its re-evaluate point is N sessions and/or D days.
    db.table("courses").create(
        {
            "id": int,
            "name": str,
            "therapy": str,
            "condition": str,
            "practitioner": str,
            "start": str,
            "sessions_planned": int,
            "days_planned": int,
            "plan": str,
            "goals": str,
            "ended": str,
            "outcome": str,
            "created_at": str,
        },
        pk="id",
        not_null={"name", "therapy", "start", "created_at"},
    )
    db.execute("CREATE UNIQUE INDEX courses_name ON courses(name COLLATE NOCASE)")
    # A session is one treatment visit of a course.
    db.table("sessions").create(
        {
            "id": int,
            "course_id": int,
            "day": str,
            "time": str,
            "pain_before": int,
            "pain_after": int,
            "minutes": int,
            "needles": int,
            "techniques": str,  # JSON array of codes
            "side_effects": str,  # JSON array of codes
            "points": str,
            "practitioner": str,
            "cost": float,
            "note": str,
            "created_at": str,
        },
        pk="id",
        not_null={"course_id", "day", "pain_before", "pain_after", "created_at"},
        foreign_keys=[("course_id", "courses", "id")],
    )
    db.table("sessions").create_index(["course_id", "day"])
    # A daily log is one check-in; several a day are allowed.
    db.table("daily_logs").create(
        {
            "id": int,
            "day": str,
            "time": str,
            "pain": int,
            "worst": int,
            "least": int,
            "sleep_hours": float,
            "sleep_interference": int,
            "stress": int,
            "note": str,
            "created_at": str,
        },
        pk="id",
        not_null={"day", "pain", "created_at"},
    )
    db.table("daily_logs").create_index(["day"])
    db.table("medications").create(
        {
            "id": int,
            "name": str,
            "kind": str,
            "strength": float,
            "unit": str,
            "mme_factor": float,
            "created_at": str,
        },
        pk="id",
        not_null={"name", "kind", "created_at"},
    )
    db.execute("CREATE UNIQUE INDEX medications_name ON medications(name COLLATE NOCASE)")
    db.table("doses").create(
        {"id": int, "daily_log_id": int, "medication_id": int, "count": float},
        pk="id",
        not_null={"daily_log_id", "medication_id", "count"},
        foreign_keys=[("daily_log_id", "daily_logs", "id"), ("medication_id", "medications", "id")],
    )
    db.table("doses").create_index(["daily_log_id"])
    db.table("activities").create(
        {"id": int, "name": str, "created_at": str}, pk="id", not_null={"name", "created_at"}
    )
    db.execute("CREATE UNIQUE INDEX activities_name ON activities(name COLLATE NOCASE)")
    db.table("activity_ratings").create(
        {"id": int, "daily_log_id": int, "activity_id": int, "rating": int},
        pk="id",
        not_null={"daily_log_id", "activity_id", "rating"},
        foreign_keys=[("daily_log_id", "daily_logs", "id"), ("activity_id", "activities", "id")],
    )
    db.table("activity_ratings").create_index(["daily_log_id"])
    db.table("red_flags").create(
        {"id": int, "daily_log_id": int, "code": str},
        pk="id",
        not_null={"daily_log_id", "code"},
        foreign_keys=[("daily_log_id", "daily_logs", "id")],
    )
    db.table("red_flags").create_index(["daily_log_id"])
    db.table("pegs").create(
        {
            "id": int,
            "day": str,
            "time": str,
            "pain": int,
            "enjoyment": int,
            "general_activity": int,
            "created_at": str,
        },
        pk="id",
        not_null={"day", "pain", "enjoyment", "general_activity", "created_at"},
    )
    db.table("pegs").create_index(["day"])
    # A review decision: the PGIC and continue/change/stop, recorded at the re-evaluate point.
    db.table("reviews").create(
        {
            "id": int,
            "course_id": int,
            "day": str,
            "impression": int,
            "decision": str,
            "verdict": str,
            "created_at": str,
        },
        pk="id",
        not_null={"course_id", "day", "created_at"},
        foreign_keys=[("course_id", "courses", "id")],
    )
    # The change journal behind `undo`: one change per command, its steps' before-images.
    db.table("changes").create(
        {"id": int, "at": str, "command": str, "summary": str}, pk="id", not_null={"at", "command"}
    )
    db.table("change_steps").create(
        {"id": int, "change_id": int, "op": str, "table_name": str, "row_id": int, "before": str},
        pk="id",
        not_null={"change_id", "op", "table_name", "row_id"},
        foreign_keys=[("change_id", "changes", "id")],
    )
    db.table("change_steps").create_index(["change_id"])


@migrations()
def m002_one_name_per_concept(db: Database) -> None:
    # Issue 9, one name per concept (product.md): what a patient records at a review is a
    # *decision* (its continue/change/stop is its *choice*), and a date field is `date`
    # everywhere, as in the CLI (--date) and in every JSON output. Rows are kept as they are;
    # the undo journal is rewritten to match, so an undo after the upgrade still works.
    db.execute("ALTER TABLE reviews RENAME TO decisions")
    db.execute("ALTER TABLE decisions RENAME COLUMN decision TO choice")
    for table in ("sessions", "daily_logs", "pegs", "decisions"):
        db.execute(f"ALTER TABLE {table} RENAME COLUMN day TO date")
    db.execute("DROP INDEX IF EXISTS idx_sessions_course_id_day")
    db.execute("DROP INDEX IF EXISTS idx_daily_logs_day")
    db.execute("DROP INDEX IF EXISTS idx_pegs_day")
    db.execute("CREATE INDEX idx_sessions_course_id_date ON sessions(course_id, date)")
    db.execute("CREATE INDEX idx_daily_logs_date ON daily_logs(date)")
    db.execute("CREATE INDEX idx_pegs_date ON pegs(date)")
    db.execute("UPDATE change_steps SET table_name = 'decisions' WHERE table_name = 'reviews'")
    for old, new, tables in (
        ("day", "date", "'sessions', 'daily_logs', 'pegs', 'decisions'"),
        ("decision", "choice", "'decisions'"),
    ):
        db.execute(
            f"UPDATE change_steps SET before = json_set(json_remove(before, '$.{old}'), "
            f"'$.{new}', json_extract(before, '$.{old}')) "
            f"WHERE before IS NOT NULL AND table_name IN ({tables}) "
            f"AND json_type(before, '$.{old}') IS NOT NULL"
        )


@migrations()
def m003_database_id(db: Database) -> None:
    # Issue 10: FHIR ids were uuid5 of a fixed namespace, the resource kind and the row id, so
    # two patients' exports held the same ids for different people and values (a clinic system
    # keyed on ids would merge them). A random namespace, made once per database and kept in a
    # small key/value table, makes every database's ids its own and keeps them stable for it.
    db.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
    db.execute("INSERT INTO meta (key, value) VALUES ('fhir_namespace', ?)", [str(uuid.uuid4())])


# Frozen copies of the known substances at the time of m004 (reference.py may grow later; a
# migration must do the same thing whenever it runs): CDC 2022 opioids and the NSAIDs by name.
_M004_OPIOIDS = (
    "codeine",
    "fentanyl",
    "hydrocodone",
    "hydromorphone",
    "methadone",
    "morphine",
    "oxycodone",
    "oxymorphone",
    "tapentadol",
    "tramadol",
)
_M004_NSAIDS = ("ibuprofen", "naproxen", "diclofenac", "celecoxib", "aspirin")


def _m004_substance(name: str, kind: str) -> str:
    if kind == "acetaminophen":
        return "acetaminophen"
    words = name.lower()
    for sep in "-/+,;()[]&":
        words = words.replace(sep, " ")
    known = _M004_OPIOIDS if kind == "opioid" else _M004_NSAIDS if kind == "nsaid" else ()
    return next((w for w in words.split() if w in known), name)


@migrations()
def m004_medication_ingredients(db: Database) -> None:
    # Issue 11: a medication is a product with one or more ingredients, each counting towards
    # its own totals (domain.md §6.4): an opioid's MME, acetaminophen's mg. Each medication with
    # a strength becomes its one ingredient (the substance from its name, the MME factor moved
    # along); a medication without a strength has none, as before. A medication or activity can
    # now be stopped. The undo journal follows: a `med add` of before the upgrade also removes
    # the ingredient it now has, and before-images lose the columns that moved.
    db.execute(
        "CREATE TABLE ingredients ("
        "id INTEGER PRIMARY KEY, "
        "medication_id INTEGER NOT NULL REFERENCES medications(id), "
        "substance TEXT NOT NULL, strength FLOAT NOT NULL, unit TEXT NOT NULL, "
        "mme_factor FLOAT, position INTEGER NOT NULL)"
    )
    db.execute("CREATE UNIQUE INDEX ingredients_position ON ingredients(medication_id, position)")
    rows = db.execute(
        "SELECT id, name, kind, strength, unit, mme_factor FROM medications "
        "WHERE strength IS NOT NULL ORDER BY id"
    ).fetchall()
    for med_id, name, kind, strength, unit, factor in rows:
        cur = db.execute(
            "INSERT INTO ingredients (medication_id, substance, strength, unit, mme_factor, "
            "position) VALUES (?, ?, ?, ?, ?, 1)",
            [med_id, _m004_substance(name, kind), strength, unit or "unit", factor],
        )
        added = db.execute(
            "SELECT change_id FROM change_steps WHERE op = 'insert' "
            "AND table_name = 'medications' AND row_id = ? ORDER BY id DESC LIMIT 1",
            [med_id],
        ).fetchone()
        if added is not None:
            db.execute(
                "INSERT INTO change_steps (change_id, op, table_name, row_id, before) "
                "VALUES (?, 'insert', 'ingredients', ?, NULL)",
                [added[0], cur.lastrowid],
            )
    for column in ("strength", "unit", "mme_factor"):
        db.execute(f"ALTER TABLE medications DROP COLUMN {column}")
    db.execute(
        "UPDATE change_steps SET before = json_remove(before, '$.strength', '$.unit', "
        "'$.mme_factor') WHERE table_name = 'medications' AND before IS NOT NULL"
    )
    db.execute("ALTER TABLE medications ADD COLUMN stopped TEXT")
    db.execute("ALTER TABLE activities ADD COLUMN stopped TEXT")


@migrations()
def m005_course_goals(db: Database) -> None:
    # Issue 12: a course's goals are the patient's own list ("walk the dog for 30 minutes",
    # "sit through a meeting"), added and cleared one by one with `course edit --goal`, shown
    # one per line in the summary. The column keeps its name and now holds a JSON array of texts
    # (as `techniques` does): an old goals text becomes a one-item list, exactly as typed, and no
    # goals becomes []. The undo journal's before-images of courses are rewritten the same way,
    # so an undo after the upgrade puts back a list.
    for row_id, goals in db.execute("SELECT id, goals FROM courses").fetchall():
        db.execute("UPDATE courses SET goals = ? WHERE id = ?", (_goal_list(goals), row_id))
    steps = db.execute(
        "SELECT id, before FROM change_steps WHERE table_name = 'courses' AND before IS NOT NULL"
    ).fetchall()
    for step_id, before in steps:
        row = json.loads(before)
        if "goals" in row:
            row["goals"] = _goal_list(row["goals"])
            db.execute(
                "UPDATE change_steps SET before = ? WHERE id = ?", (json.dumps(row), step_id)
            )


def _goal_list(text: str | None) -> str:
    return json.dumps([text] if text and text.strip() else [], ensure_ascii=False)


@migrations()
def m006_application_id(db: Database) -> None:
    # Issue 20: a diary says it is paintrack's in SQLite's own header (PRAGMA application_id,
    # bytes 68-71), so paintrack refuses every other program's SQLite file instead of migrating
    # it, and `file` can tell what it is. The value is frozen here (store.identity reads it):
    # "PTrk". A diary from before has no id and is recognised by its `_sqlite_migrations`.
    db.execute("PRAGMA application_id = 1347711595")  # 0x5054726B


@migrations()
def m007_for_clinician(db: Database) -> None:
    # Issue 22: a note the patient marks for their clinician (`log/session --for-clinician`)
    # comes first on the summary. 0/1 on daily logs and sessions; every existing note unmarked.
    for table in ("daily_logs", "sessions"):
        db.execute(f"ALTER TABLE {table} ADD COLUMN for_clinician INTEGER NOT NULL DEFAULT 0")


@migrations()
def m008_imported_entries(db: Database) -> None:
    # Issue 26: what another tracker recorded (Flaredown, Bearable, Daylio, Apple Health), kept
    # as it said it: a rating on its own scale (a 0-4 is never turned into 0-10, domain.md
    # §1.1), sleep hours, notes, treatments (linked to a listed medication only when the
    # patient confirmed it), moods, activities, tags. Its own table, so no review mixes it in.
    db.execute(
        "CREATE TABLE imported_entries ("
        "id INTEGER PRIMARY KEY, source TEXT NOT NULL, kind TEXT NOT NULL, "
        "date TEXT NOT NULL, time TEXT, name TEXT NOT NULL, value FLOAT, text TEXT, "
        "detail TEXT, scale TEXT, "
        "medication_id INTEGER REFERENCES medications(id), created_at TEXT NOT NULL)"
    )
    db.execute("CREATE INDEX imported_entries_date ON imported_entries(date)")
    # One row per logged day with its medicines and activities, for browsing the file (e.g. in
    # Datasette). A view stores nothing; a later migration that drops or renames a column it
    # reads must drop and re-create it (docs/schema.md).
    db.execute(
        """CREATE VIEW days AS
        SELECT l.date AS date,
          count(*) AS logs,
          round(avg(l.pain), 1) AS pain,
          max(l.worst) AS worst,
          min(l.least) AS least,
          max(l.sleep_hours) AS sleep_hours,
          (SELECT group_concat(name || ' ' || total, '; ') FROM (
             SELECT m.name AS name, sum(d.count) AS total FROM doses d
             JOIN daily_logs x ON x.id = d.daily_log_id
             JOIN medications m ON m.id = d.medication_id
             WHERE x.date = l.date GROUP BY m.name ORDER BY m.name)) AS medicines,
          (SELECT group_concat(name || ' ' || rating, '; ') FROM (
             SELECT a.name AS name, max(r.rating) AS rating FROM activity_ratings r
             JOIN daily_logs x ON x.id = r.daily_log_id
             JOIN activities a ON a.id = r.activity_id
             WHERE x.date = l.date GROUP BY a.name ORDER BY a.name)) AS activities,
          group_concat(l.note, ' | ') AS notes
        FROM daily_logs l GROUP BY l.date"""
    )


@migrations()
def m009_start_draws(db: Database) -> None:
    # Issue 27: a randomised start (domain.md §12.2). `course start NAME --randomise-start 8-27`
    # draws the first session's day from days 8-27 of the course, in the same transaction as the
    # course, before any entry: the admissible days, the drawn one, the seed that drew it
    # (`random.Random(seed).randint(first_day, last_day)`) and, as created_at, the time of the
    # draw. One per course (never redrawn); a correction of the course's start fills `ended`.
    db.execute(
        "CREATE TABLE start_draws ("
        "id INTEGER PRIMARY KEY, "
        "course_id INTEGER NOT NULL UNIQUE REFERENCES courses(id), "
        "first_day INTEGER NOT NULL, last_day INTEGER NOT NULL, drawn_day INTEGER NOT NULL, "
        "seed TEXT NOT NULL, ended TEXT, created_at TEXT NOT NULL)"
    )


@migrations()
def m010_sync_clocks(db: Database) -> None:
    # Issue 23: `paintrack sync` merges the diaries of the patient's devices as a state-based
    # CRDT: row uuids, field registers kept by triggers, this device's clock (migrations_sync).
    add_sync(db, device=uuid.uuid4().hex[:16], diary=uuid.uuid4().hex)


LATEST = len(migrations._migrations)


def apply(conn: Any) -> None:
    """Apply pending migrations on an open sqlite3 connection (inside the caller's transaction)."""
    migrations.apply(Database(conn))
