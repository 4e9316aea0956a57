"""A course's randomised start (domain.md §12.2): written once, with the course; only ended."""

from __future__ import annotations

import datetime as dt
import sqlite3

from paintrack import fields as F
from paintrack.models import StartDraw
from paintrack.store.db import Db, insert_row, update_row
from paintrack.store.diary import with_stamp
from paintrack.store.rows import stored, values


def draw_of(row: sqlite3.Row) -> StartDraw:
    return stored(StartDraw, F.START_DRAW, row)


def insert_draw(conn: Db, draw: StartDraw, now: dt.datetime) -> int:
    return insert_row(conn, "start_draws", with_stamp(values(F.START_DRAW, draw), draw, now))


def start_draws(conn: Db, course_id: int) -> list[StartDraw]:
    """The course's draw as a list (none or one: the table keeps one per course)."""
    rows = conn.execute("SELECT * FROM start_draws WHERE course_id = ?", (course_id,))
    return [draw_of(r) for r in rows.fetchall()]


def start_draw(conn: Db, course_id: int) -> StartDraw | None:
    found = start_draws(conn, course_id)
    return found[0] if found else None


def end_draw(conn: Db, draw: StartDraw, why: str) -> None:
    """The only change a draw may see: it ends, saying why (journaled, so `undo` restores it)."""
    update_row(conn, "start_draws", draw.id or 0, {"ended": why})


def every_draw(conn: Db, course_ids: list[int]) -> list[StartDraw]:
    """The draws of these courses, in id order (an export)."""
    marks = ", ".join("?" for _ in course_ids)
    rows = conn.execute(
        f"SELECT * FROM start_draws WHERE course_id IN ({marks}) ORDER BY id", course_ids
    )
    return [draw_of(r) for r in rows.fetchall()]
