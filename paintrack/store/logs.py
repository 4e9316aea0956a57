"""Daily logs (with their doses, ratings and red flags), PEGs, and entries by their id
(`L12`, `S3`, `P2`) for history, edit and delete. SQL only."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Iterator, Sequence
from typing import Any, overload

from paintrack import fields as F
from paintrack.errors import NotFound
from paintrack.models import ActivityRating, DailyLog, Dose, Entry, Peg, RedFlagEvent, Session
from paintrack.store.db import Db, day_of, delete_row, insert_row, update_row
from paintrack.store.diary import ids_by_name, session_of, with_stamp
from paintrack.store.rows import from_db, plain, stored, values


# --- Daily logs --------------------------------------------------------------------------------
def insert_log(conn: Db, log: DailyLog, now: dt.datetime) -> int:
    log_id = insert_row(conn, "daily_logs", with_stamp(values(F.DAILY_LOG, log), log, now))
    _insert_log_children(conn, log_id, log)
    return log_id


def _insert_log_children(conn: Db, log_id: int, log: DailyLog) -> None:
    med_ids = ids_by_name(conn, "medications") if log.doses else {}
    for dose in log.doses:
        med = _known(med_ids, dose.medication, "medication")
        values = {"daily_log_id": log_id, "medication_id": med, "count": dose.count}
        insert_row(conn, "doses", values)
    act_ids = ids_by_name(conn, "activities") if log.activity_ratings else {}
    for rating in log.activity_ratings:
        act = _known(act_ids, rating.activity, "activity")
        values = {"daily_log_id": log_id, "activity_id": act, "rating": rating.rating}
        insert_row(conn, "activity_ratings", values)
    for code in log.red_flags:
        insert_row(conn, "red_flags", {"daily_log_id": log_id, "code": code})


def _known(ids: dict[str, int], name: str, what: str) -> int:
    found = ids.get(name.lower())
    if found is None:  # the use-cases check names first; this is the last guard
        raise NotFound(f"No {what} named '{name}'.")
    return found


_CHILDREN = {
    "doses": "SELECT d.daily_log_id, m.name, d.count FROM doses d "
    "JOIN medications m ON m.id = d.medication_id",
    "ratings": "SELECT r.daily_log_id, a.name, r.rating FROM activity_ratings r "
    "JOIN activities a ON a.id = r.activity_id",
    "flags": "SELECT f.daily_log_id, f.code, NULL FROM red_flags f",
}


def _log_from(
    row: sqlite3.Row, doses: Sequence[Any], ratings: Sequence[Any], flags: Sequence[str]
) -> DailyLog:
    return stored(
        DailyLog,
        F.DAILY_LOG,
        row,
        doses=tuple(plain(Dose, medication=n, count=c) for n, c in doses),
        activity_ratings=tuple(plain(ActivityRating, activity=n, rating=r) for n, r in ratings),
        red_flags=tuple(flags),
    )


def logs_of(conn: Db, rows: list[sqlite3.Row], *, ratings: bool = True) -> list[DailyLog]:
    """Logs with their children, in one query per kind of child (by the logs' ids)."""
    ids = json.dumps([r["id"] for r in rows])
    kids: dict[str, dict[int, list[Any]]] = {}
    for key, sql in _CHILDREN.items():
        kids[key] = {}
        if (key == "ratings" and not ratings) or not rows:
            continue
        alias = sql.split("FROM ")[1].split()[1]
        found = conn.execute(
            f"{sql} WHERE {alias}.daily_log_id IN (SELECT value FROM json_each(?)) "
            f"ORDER BY {alias}.id",
            (ids,),
        )
        for log_id, a, b in found:
            kids[key].setdefault(log_id, []).append((a, b))
    return [
        _log_from(
            r,
            kids["doses"].get(r["id"], []),
            kids["ratings"].get(r["id"], []),
            [c for c, _ in kids["flags"].get(r["id"], [])],
        )
        for r in rows
    ]


class LazyLogs(Sequence[DailyLog]):
    """The daily logs of a date span, read from the database a chunk at a time as they are
    iterated, in id order: an export of years of logs never holds them all (issue 15)."""

    CHUNK = 2000

    def __init__(self, conn: Db, start: str, end: str) -> None:
        self.conn, self.span = conn, (start, end)
        sql = "SELECT count(*) FROM daily_logs WHERE date BETWEEN ? AND ?"
        self.total = int(conn.execute(sql, self.span).fetchone()[0])

    def __len__(self) -> int:
        return self.total

    def __iter__(self) -> Iterator[DailyLog]:
        last = 0
        while True:
            rows = self.conn.execute(
                "SELECT * FROM daily_logs WHERE date BETWEEN ? AND ? AND id > ? ORDER BY id LIMIT ?",
                (*self.span, last, self.CHUNK),
            ).fetchall()
            if not rows:
                return
            yield from logs_of(self.conn, rows)
            last = rows[-1]["id"]

    @overload
    def __getitem__(self, i: int) -> DailyLog: ...
    @overload
    def __getitem__(self, i: slice) -> Sequence[DailyLog]: ...
    def __getitem__(self, i: int | slice) -> DailyLog | Sequence[DailyLog]:
        return list(self)[i]  # reads them all: for the rare caller that indexes


def last_log(conn: Db) -> DailyLog | None:
    row = conn.execute(
        "SELECT * FROM daily_logs ORDER BY date DESC, time DESC, id DESC LIMIT 1"
    ).fetchone()
    return None if row is None else logs_of(conn, [row])[0]


def last_values(conn: Db, concept: F.Concept, names: Sequence[str]) -> dict[str, Any]:
    """Per field, the last value given for it in `concept`'s table (a prompt's default)."""
    out: dict[str, Any] = {}
    for name in names:
        col = concept[name].column
        row = conn.execute(
            f"SELECT {col} FROM {concept.table} WHERE {col} IS NOT NULL "
            "ORDER BY date DESC, time DESC, id DESC LIMIT 1"
        ).fetchone()
        if row is not None:
            out[name] = from_db(concept[name], row[0])
    return out


_LAST_CHILD = {
    "doses": "SELECT m.name, c.count FROM doses c JOIN medications m ON m.id = c.medication_id",
    "activity_ratings": "SELECT a.name, c.rating FROM activity_ratings c "
    "JOIN activities a ON a.id = c.activity_id",
}


def last_child_values(conn: Db, table: str) -> dict[str, float]:
    """Per medication (doses) or activity (activity_ratings), by lower-cased name, the last
    count or rating logged: the default a prompt offers."""
    rows = conn.execute(
        f"{_LAST_CHILD[table]} JOIN daily_logs l ON l.id = c.daily_log_id "
        "ORDER BY l.date, l.time, l.id, c.id"
    )
    return {name.lower(): value for name, value in rows}


def last_log_date(conn: Db) -> dt.date | None:
    return day_of(conn.execute("SELECT max(date) FROM daily_logs").fetchone()[0])


def first_log_date(conn: Db) -> dt.date | None:
    return day_of(conn.execute("SELECT min(date) FROM daily_logs").fetchone()[0])


def days_logged(conn: Db, start: dt.date, end: dt.date) -> int:
    row = conn.execute(
        "SELECT count(DISTINCT date) FROM daily_logs WHERE date BETWEEN ? AND ?",
        (start.isoformat(), end.isoformat()),
    ).fetchone()
    return int(row[0])


def red_flags_since(conn: Db, since: dt.date) -> list[RedFlagEvent]:
    rows = conn.execute(
        "SELECT l.date, f.code, l.id FROM red_flags f JOIN daily_logs l ON l.id = f.daily_log_id "
        "WHERE l.date >= ? ORDER BY l.date, f.id",
        (since.isoformat(),),
    )
    return [RedFlagEvent(dt.date.fromisoformat(d), c, i) for d, c, i in rows]


# Logs that matter to a review between its windows: red flags, and doses that count towards
# MME or the acetaminophen total (domain.md §6.2, §6.3); NSAIDs alone do not.
WITH_NOTE = " AND l.note IS NOT NULL AND l.note != ''"  # the clinician's page reads these
FLAGGED_OR_COUNTED = (
    " AND (l.id IN (SELECT daily_log_id FROM red_flags) OR l.id IN (SELECT d2.daily_log_id"
    " FROM doses d2 JOIN medications m2 ON m2.id = d2.medication_id WHERE m2.kind != 'nsaid'))"
)


def logs_between(
    conn: Db, start: dt.date, end: dt.date, *, only: str = "", ratings: bool = True
) -> list[DailyLog]:
    """Daily logs from `start` to `end` with their doses, ratings and red flags, in 4 queries.

    `only` narrows the logs with an SQL condition on `l` (FLAGGED_OR_COUNTED); `ratings=False`
    leaves activity ratings out, for logs read only for their doses and red flags.
    """
    rows = conn.execute(
        f"SELECT l.* FROM daily_logs l WHERE l.date BETWEEN ? AND ?{only} ORDER BY date, time, id",
        (start.isoformat(), end.isoformat()),
    ).fetchall()
    return logs_of(conn, rows, ratings=ratings)


def daily_pain(conn: Db, start: dt.date, end: dt.date) -> dict[dt.date, tuple[int, int]]:
    """(sum of pain, number of logs) per day, aggregated in SQL (years of logs stay fast)."""
    rows = conn.execute(
        "SELECT date, sum(pain), count(*) FROM daily_logs WHERE date BETWEEN ? AND ? "
        "GROUP BY date ORDER BY date",
        (start.isoformat(), end.isoformat()),
    )
    return {dt.date.fromisoformat(d): (int(s), int(n)) for d, s, n in rows}


# --- PEG ---------------------------------------------------------------------------------------
def peg_of(row: sqlite3.Row) -> Peg:
    return stored(Peg, F.PEG, row)


def insert_peg(conn: Db, peg: Peg, now: dt.datetime) -> int:
    return insert_row(conn, "pegs", with_stamp(values(F.PEG, peg), peg, now))


def pegs_between(conn: Db, start: dt.date, end: dt.date) -> list[Peg]:
    rows = conn.execute(
        "SELECT * FROM pegs WHERE date BETWEEN ? AND ? ORDER BY date, time, id",
        (start.isoformat(), end.isoformat()),
    )
    return [peg_of(r) for r in rows]


def last_peg_date(conn: Db, start: dt.date, end: dt.date) -> dt.date | None:
    row = conn.execute(
        "SELECT max(date) FROM pegs WHERE date BETWEEN ? AND ?",
        (start.isoformat(), end.isoformat()),
    ).fetchone()
    return day_of(row[0])


# --- Entries by their user-facing reference ------------------------------------------------------
TABLES = {"S": "sessions", "L": "daily_logs", "P": "pegs"}


def entry(conn: Db, letter: str, row_id: int) -> Entry | None:
    row = conn.execute(f"SELECT * FROM {TABLES[letter]} WHERE id = ?", (row_id,)).fetchone()
    if row is None:
        return None
    if letter == "S":
        return session_of(row)
    if letter == "L":
        return logs_of(conn, [row])[0]
    return peg_of(row)


KINDS = {"session": "sessions", "log": "daily_logs", "peg": "pegs"}  # in their order on a day
CHUNK = 500


def entries(
    conn: Db,
    since: dt.date | None = None,
    until: dt.date | None = None,
    *,
    kinds: Sequence[str] = tuple(KINDS),
    limit: int | None = None,
) -> Iterator[Entry]:
    """Sessions, logs and PEGs (of `kinds`) from `since` to `until`, in date and time order;
    with `limit`, the last `limit` of them. Streamed: one ordered query of (date, time, kind,
    id), and the entries themselves read CHUNK at a time, so 100,000 logs never sit in memory."""
    span = ((since or dt.date.min).isoformat(), (until or dt.date.max).isoformat())
    picked = [k for k in KINDS if k in kinds]
    keys = " UNION ALL ".join(
        f"SELECT date, coalesce(time, '') AS t, {list(KINDS).index(k)} AS k, id FROM {KINDS[k]} "
        "WHERE date BETWEEN ? AND ?"
        for k in picked
    )
    params: list[Any] = [*span] * len(picked)
    if not keys:
        return
    if limit is None:
        sql = f"{keys} ORDER BY date, t, k, id"
    else:
        sql = (
            f"SELECT * FROM ({keys} ORDER BY date DESC, t DESC, k DESC, id DESC LIMIT ?) "
            "ORDER BY date, t, k, id"
        )
        params.append(limit)
    cursor = conn.execute(sql, params)
    while chunk := cursor.fetchmany(CHUNK):
        yield from _entries_of(conn, [(r[2], r[3]) for r in chunk])


def _entries_of(conn: Db, keys: list[tuple[int, int]]) -> list[Entry]:
    """The entries of (kind index, id) keys, in that order, in one query per kind."""
    found: dict[tuple[int, int], Entry] = {}
    for index, table in enumerate(KINDS.values()):
        ids = [i for k, i in keys if k == index]
        if not ids:
            continue
        rows = conn.execute(
            f"SELECT * FROM {table} WHERE id IN (SELECT value FROM json_each(?))",
            (json.dumps(ids),),
        ).fetchall()
        if table == "daily_logs":
            models: list[Entry] = list(logs_of(conn, rows))
        else:
            models = [session_of(r) if table == "sessions" else peg_of(r) for r in rows]
        found.update(((index, m.id or 0), m) for m in models)
    return [found[k] for k in keys]


def update_entry(conn: Db, old: Entry, new: Entry) -> None:
    """Replace a stored entry's values with `new` (same kind and id); children are rewritten."""
    row_id = _id(old.id)
    if isinstance(new, Session):
        update_row(conn, "sessions", row_id, values(F.SESSION, new))
    elif isinstance(new, DailyLog):
        update_row(conn, "daily_logs", row_id, values(F.DAILY_LOG, new))
        _delete_log_children(conn, row_id)
        _insert_log_children(conn, row_id, new)
    else:
        update_row(conn, "pegs", row_id, values(F.PEG, new))


def _delete_log_children(conn: Db, log_id: int) -> None:
    for table in ("doses", "activity_ratings", "red_flags"):
        for (child_id,) in conn.execute(
            f"SELECT id FROM {table} WHERE daily_log_id = ?", (log_id,)
        ).fetchall():
            delete_row(conn, table, child_id)


def delete_entry(conn: Db, old: Entry) -> None:
    row_id = _id(old.id)
    if isinstance(old, Session):
        delete_row(conn, "sessions", row_id)
    elif isinstance(old, DailyLog):
        _delete_log_children(conn, row_id)
        delete_row(conn, "daily_logs", row_id)
    else:
        delete_row(conn, "pegs", row_id)


def _id(value: int | None) -> int:
    if value is None:
        raise ValueError("stored model without id")
    return value
