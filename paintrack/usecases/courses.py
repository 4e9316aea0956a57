"""Courses: start one (with its re-evaluate point), end it, find it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from paintrack import reference as ref
from paintrack import store
from paintrack.domain import rules
from paintrack.domain.course import (
    CoursePoint,
    Status,
    baseline_window,
    peg_reminder,
    red_flag_since,
    reevaluate_line,
    reevaluate_point,
)
from paintrack.domain.start_draw import OPTION, draw_day
from paintrack.errors import ExitCode, InvalidValue, NoData, NotFound, PaintrackError
from paintrack.fields import COURSE
from paintrack.frozen import frozen, replace
from paintrack.models import Course, StartDraw
from paintrack.usecases import medication


def require_active(conn: store.Db) -> Course:
    course = store.active_course(conn)
    if course is None:
        raise NoData(
            "No active course. Start one with: paintrack course start NAME --sessions N "
            "(or try `paintrack demo`)."
        )
    return course


class StillActive(PaintrackError):
    """`course start` while a course is active: said before anything is asked."""

    exit_code = ExitCode.USAGE


def none_active(conn: store.Db) -> None:
    """Refuse a new course while one is active, in a patient's words (one at a time)."""
    course = store.active_course(conn)
    if course is not None:
        raise StillActive(
            f"Your course '{course.name}' (started {course.start}) is still going; one course "
            "runs at a time. End it first with `paintrack course end`, then run this again."
        )


def named(conn: store.Db, name: str | None) -> Course:
    """The course called `name` (any case), or the active one when `name` is None."""
    if name is None:
        return require_active(conn)
    found = store.course_named(conn, name)
    if found is None:
        known = ", ".join(c.name for c, _ in store.courses(conn)) or "none yet"
        raise NotFound(f"No course named '{name}' (courses: {known}).")
    return found


def point(conn: store.Db, course: Course, today: dt.date) -> CoursePoint:
    """Where the course stands against its re-evaluate point (domain.course), as of `today`:
    sessions and decisions after it do not count yet (a summary made with --until)."""
    cid = _id(course)
    sessions = [d for d in store.session_dates(conn, cid) if d <= today]
    decided = [d for d in store.decision_dates(conn, cid) if d <= today]
    return reevaluate_point(course, sessions, decided, today)


def status(conn: store.Db, today: dt.date) -> Status:
    course = require_active(conn)
    p = point(conn, course, today)
    window = baseline_window(p.first_session, today)
    return Status(
        course=course,
        point=p,
        today=today,
        baseline=window,
        baseline_days_logged=store.days_logged(conn, window.start, window.end),
        last_log_date=store.last_log_date(conn),
        red_flags=tuple(store.red_flags_since(conn, red_flag_since(course, p.first_session))),
        medication_flags=medication.recent(conn, today),  # domain.md §6.5: repeated here
        draw=store.start_draw(conn, _id(course)),  # a randomised start (domain.md §12.2)
    )


def reevaluate_notice(conn: store.Db, today: dt.date) -> str | None:
    """The one line every command prints while a decision is pending (product.md)."""
    course = store.active_course(conn)
    return None if course is None else reevaluate_line(point(conn, course, today))


def peg_due(conn: store.Db, today: dt.date) -> str | None:
    """The weekly PEG reminder of the active course, if a week has passed (domain.course)."""
    course = store.active_course(conn)
    if course is None:
        return None
    since = course.start - dt.timedelta(days=ref.BASELINE_DAYS)  # a baseline PEG counts
    return peg_reminder(course, store.last_peg_date(conn, since, today), today)


FAR_BACK = dt.timedelta(days=365)  # a year before the course: likely a typo (design choice)


def far_before(conn: store.Db, day: dt.date) -> Course | None:
    """The active course, if `day` is more than a year before it began (`2020-01-01` for
    `2026-01-01`): worth a question, or a word, before it is written."""
    course = store.active_course(conn)
    return course if course is not None and day < course.start - FAR_BACK else None


def missing_yesterday(conn: store.Db, today: dt.date) -> dt.date | None:
    """Yesterday, if it falls in the active course and has no daily log (the nudge)."""
    course = store.active_course(conn)
    yesterday = today - dt.timedelta(days=1)
    if course is None or yesterday < course.start:
        return None
    return None if store.days_logged(conn, yesterday, yesterday) else yesterday


@frozen
class Started:
    course: Course
    default_point: bool  # no --sessions/--days/--plan: the default 6 sessions were used
    draw: StartDraw | None = None  # --randomise-start (domain.md §12.2)


def plan_point(values: Mapping[str, Any]) -> tuple[int | None, int | None, bool]:
    """(sessions, days, default used) from what was given: a plan sets both (domain.md §8);
    nothing given means the default 6 sessions (a usual course is 6–12, domain.md §9)."""
    n, d, plan = values.get("sessions_planned"), values.get("days_planned"), values.get("plan")
    if plan is not None:
        if n is not None or d is not None:
            raise COURSE["plan"].error("used without --sessions/--days (the plan sets them)", plan)
        return ref.PLANS[plan].sessions, ref.PLANS[plan].days, False
    if n is None and d is None:
        return ref.DEFAULT_SESSIONS, None, True
    return n, d, False


def start(
    conn: store.Db,
    values: Mapping[str, Any],
    now: dt.datetime,
    randomise: tuple[int, int] | None = None,
) -> Started:
    """Start a course from its field values (name, start, sessions_planned, …); with
    `randomise` (days A, B), draw its first session's day in the same transaction."""
    n, d, default = plan_point(values)
    given = {k: v for k, v in values.items() if v is not None}
    given.setdefault("start", now.date())
    course = Course(**{**given, "sessions_planned": n, "days_planned": d})
    rules.course_can_start(course, [c for c, _ in store.courses(conn)])
    if randomise is not None:
        _may_draw(conn, course.start, now.date())
    with store.writing(conn, f"course start {course.name}", now):
        course_id = store.insert_course(conn, course, now)
        if randomise is not None:
            import secrets  # here: it loads hashlib and random, and `log` never draws

            seed = secrets.token_hex(16)  # recorded: anyone can redo the draw from it
            first, last = randomise
            draw = StartDraw(course_id, first, last, draw_day(seed, first, last), seed)
            store.insert_draw(conn, draw, now)
        store.set_change_summary(conn, f"course start '{course.name}'")
    return Started(store.course_by_id(conn, course_id), default, store.start_draw(conn, course_id))


def _may_draw(conn: store.Db, start: dt.date, today: dt.date) -> None:
    """The draw comes before any entry of the course (domain.md §12.2): a course starting
    today or later, with nothing logged on or after its start."""
    if start < today:
        raise InvalidValue(OPTION, f"for a course that starts today or later (not {start})")
    logged = [
        d for d in (store.last_log_date(conn), store.last_peg_date(conn, start, dt.date.max)) if d
    ]
    if logged and max(logged) >= start:
        raise InvalidValue(
            OPTION,
            f"drawn before any entry of the course: something is already logged on "
            f"{max(logged)}, on or after its start ({start})",
        )


@frozen
class Ended:
    course: Course


def end(conn: store.Db, ended: dt.date, outcome: str | None, now: dt.datetime) -> Ended:
    course = require_active(conn)
    if outcome is not None:
        COURSE["outcome"].check(outcome)
    rules.course_can_end(course, ended, store.session_dates(conn, _id(course)))
    with store.writing(conn, f"course end {course.name}", now):
        store.update_course(conn, _id(course), {"ended": ended, "outcome": outcome})
        store.set_change_summary(conn, f"course end '{course.name}'")
    return Ended(store.course_by_id(conn, _id(course)))


@frozen
class CourseEdited:
    old: Course
    new: Course
    ended_draw: str | None = None  # a correction of the start ends a randomised start

    @property
    def changed(self) -> list[str]:
        """The names of the fields whose values changed, in declaration order."""
        return [f.name for f in COURSE if getattr(self.old, f.name) != getattr(self.new, f.name)]


EDITABLE = ("sessions_planned", "days_planned", "start", "condition", "practitioner", "therapy")


def edit(
    conn: store.Db,
    name: str | None,
    changes: Mapping[str, Any],
    clear: Sequence[str],
    now: dt.datetime,
) -> CourseEdited:
    """Correct a course (the active one when `name` is None): the given fields change, the
    `clear`ed ones are emptied, `goals` given are added (each once). The model checks each
    value; the rules hold as at the start: courses never overlap, sessions stay within it."""
    old = named(conn, name)
    values: dict[str, Any] = {k: v for k, v in changes.items() if k in EDITABLE}
    goals = () if "goals" in clear else old.goals
    for name_ in clear:
        f = COURSE.by_name.get(name_)
        if f is None or not f.clearable:
            raise InvalidValue("clear", "one of " + ", ".join(CLEARABLE), name_)
        if name_ != "goals":
            values[name_] = None
    added = tuple(g for g in changes.get("goals", ()) if g not in goals)
    values["goals"] = goals + added
    new = replace(old, **values)  # the model checks every field again
    others = [c for c, _ in store.courses(conn) if c.id != old.id]
    rules.course_can_start(new, others)
    rules.course_holds_its_sessions(new, store.session_dates(conn, _id(old)))
    result = CourseEdited(old, new)
    draw = store.start_draw(conn, _id(old))
    if draw is not None and not draw.ended and "start" in result.changed:
        why = f"the course's start was corrected from {old.start} to {new.start} on {now.date()}"
        result = CourseEdited(old, new, why)
    if result.changed:
        with store.writing(conn, f"course edit {old.name}", now):
            if draw is not None and result.ended_draw:
                store.end_draw(conn, draw, result.ended_draw)
            store.update_course(conn, _id(old), {k: getattr(new, k) for k in result.changed})
            store.set_change_summary(conn, f"course edit '{old.name}'")
    return result


CLEARABLE = tuple(f.name for f in COURSE if f.clearable)


def last_practitioner(conn: store.Db) -> str | None:
    """The practitioner of the most recent course that names one: a new course's default."""
    found = [c for c, _ in store.courses(conn) if c.practitioner]
    return max(found, key=lambda c: (c.start, c.id or 0)).practitioner if found else None


def _id(course: Course) -> int:
    if course.id is None:
        raise InvalidValue("NAME", "a stored course", course.name)
    return course.id
