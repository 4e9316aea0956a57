"""The diary's rows as models: courses, sessions, medication, activities, daily logs, PEGs,
review decisions, and history by entry id."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from paintrack import reference as ref
from paintrack.domain.course import CoursePoint, baseline_window, current_window, reevaluate_point
from paintrack.errors import InvalidValue, NoData, NotFound
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
from paintrack.store.db import (
    Db,
    _day,
    _delete,
    _insert,
    _stamp,
    _stored,
    _update,
)

if TYPE_CHECKING:
    from paintrack.domain.review import ReviewInput


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
    last_end = _day(conn.execute("SELECT max(ended) FROM courses").fetchone()[0])
    if last_end is not None and course.start < last_end:  # courses never overlap
        raise InvalidValue(
            "start", f"on or after {last_end}, when the last course ended", course.start.isoformat()
        )
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
    last = conn.execute(
        "SELECT max(day) FROM sessions WHERE course_id = ?", (course.id,)
    ).fetchone()[0]
    floor = max(course.start, _day(last) or course.start)
    if ended < floor:
        what = "the course's last session" if floor != course.start else "the course start"
        raise InvalidValue("date", f"on or after {what} ({floor})", ended.isoformat())
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
def log_row(log: DailyLog) -> dict[str, Any]:
    """A daily log's own columns (children are rows of their own)."""
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
    log_id = _insert(conn, "daily_logs", {**log_row(log), "created_at": _stamp(now)})
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


def logs_between(
    conn: Db, start: date, end: date, *, only: str = "", ratings: bool = True
) -> list[DailyLog]:
    """Daily logs from `start` to `end` with their doses, ratings and red flags, in 4 queries.

    `only` narrows the logs with an SQL condition on `l` (FLAGGED_OR_COUNTED); `ratings=False`
    leaves activity ratings out, for logs read only for their doses and red flags.
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
        if key == "ratings" and not ratings:
            continue
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
            # the review reads ratings only inside its windows
            *logs_between(conn, *middle, only=FLAGGED_OR_COUNTED, ratings=False),
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
        _update(conn, "daily_logs", row_id, log_row(new))
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
