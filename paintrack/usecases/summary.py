"""What the clinician's page (the summary) of one course is built from: that course's own review,
with that course's own window.

- The course: the one named, else the active one, else the last one that ended (said in one
  line, `PageInput.chosen`).
- The review date: `--until`, else today; never past the day an ended course ended (its page
  compares its own baseline week with its own last 7 days, and shows only its own red flags).
- Sessions, decisions and the impression count as of the review date, so a page made before
  the re-evaluate point says "Too early to judge: N of M sessions" with N as of that date.
- A previous course of the same condition, ended before this one started, comes along as its
  own review at its own end (one comparison line on the page).
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from paintrack import store
from paintrack.domain.page_input import PageInput as PageInput  # declared there, built here
from paintrack.domain.page_input import Previous as Previous
from paintrack.domain.review import ReviewInput
from paintrack.domain.review import review as compute
from paintrack.errors import InvalidValue, NoData
from paintrack.models import Course, Decision
from paintrack.usecases.courses import named
from paintrack.usecases.review import review_input


def pick(conn: store.Db, name: str | None) -> tuple[Course, str | None]:
    """The course named, else the active one, else the last one that ended (and the line that
    says so)."""
    if name is not None or store.active_course(conn) is not None:
        return named(conn, name), None
    ended = [c for c, _ in store.courses(conn) if c.ended is not None]
    if not ended:
        raise NoData(
            "No course yet. Start one with: paintrack course start NAME (or try `paintrack demo`)."
        )
    last = max(ended, key=lambda c: (c.ended or c.start, c.id or 0))
    return last, (
        f"No active course: this is the summary of '{last.name}', which ended on {last.ended} "
        "(another: --course NAME)."
    )


def review_date(course: Course, until: dt.date | None, today: dt.date) -> dt.date:
    """`until` (else today), never past the course's end; refused before its start."""
    day = until or today
    if course.ended is not None and day > course.ended:
        day = course.ended
    if day < course.start:
        raise InvalidValue("until", f"on or after the course start ({course.start})", str(day))
    return day


def as_of(conn: store.Db, course: Course, day: dt.date) -> tuple[ReviewInput, tuple[Decision, ...]]:
    """The review input of `course` on `day` (as `review` reads it), with its decisions up to
    that day."""
    decisions = tuple(d for d in store.decisions(conn, course.id or 0) if d.date <= day)
    impression = next((d.impression for d in reversed(decisions) if d.impression), None)
    inp = review_input(conn, course, day)
    return dataclasses.replace(inp, impression=impression), decisions


def page_input(
    conn: store.Db, name: str | None, until: dt.date | None, today: dt.date
) -> PageInput:
    course, chosen = pick(conn, name)
    day = review_date(course, until, today)
    inp, decisions = as_of(conn, course, day)
    start = min(inp.logs[0].date, course.start) if inp.logs else course.start
    pain = store.daily_pain(conn, start, day)  # the chart's series, summed in SQL (years stay fast)
    noted = tuple(store.logs_between(conn, start, day, only=store.WITH_NOTE, ratings=False))
    return PageInput(inp, decisions, chosen, previous(conn, course), pain, noted)


def previous(conn: store.Db, course: Course) -> Previous | None:
    """The last course of the same condition that ended before `course` started."""
    if not course.condition:
        return None
    same = [
        c
        for c, _ in store.courses(conn)
        if c.id != course.id
        and (c.condition or "").casefold() == course.condition.casefold()
        and c.ended is not None
        and c.ended <= course.start
    ]
    if not same:
        return None
    last = max(same, key=lambda c: (c.ended or c.start, c.id or 0))
    inp, decisions = as_of(conn, last, last.ended or last.start)
    chosen = next((d for d in reversed(decisions) if d.choice), None)
    return Previous(last, compute(inp), chosen)
