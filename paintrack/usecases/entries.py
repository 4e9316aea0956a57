"""What a patient logs (daily logs, sessions, PEGs) and corrects (edit, delete, undo)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from paintrack import fields as F
from paintrack import reference as ref
from paintrack import store
from paintrack.domain import rules, values
from paintrack.domain.values import ENTRY_LETTERS, parse_ref
from paintrack.errors import InvalidValue, NotFound
from paintrack.frozen import frozen, replace
from paintrack.models import Course, DailyLog, Entry, Peg, RedFlagEvent, Session
from paintrack.usecases import medication
from paintrack.usecases.courses import require_active

if TYPE_CHECKING:
    from paintrack.domain.doses import MedicationFlag

CONCEPTS: dict[type, F.Concept] = {DailyLog: F.DAILY_LOG, Session: F.SESSION, Peg: F.PEG}
KIND = {Session: "session", DailyLog: "log", Peg: "peg"}
LETTER = {Session: "S", DailyLog: "L", Peg: "P"}


def entry_id(e: Entry) -> str:
    return f"{LETTER[type(e)]}{e.id}"


Confirm = Callable[[str], bool]  # asks the patient a yes/no question (None: nobody to ask)


def check_names(
    conn: store.Db, log: DailyLog, confirm: Confirm | None = None, before: DailyLog | None = None
) -> None:
    """A log's doses and ratings name listed medications and activities (domain.rules); one of
    a medication (or activity) stopped before the log's day needs `confirm`, else is refused.
    `before`: the log as it was (an edit), whose doses on its day were confirmed already."""
    if not (log.doses or log.activity_ratings):
        return
    meds = store.medications(conn) if log.doses else []
    acts = store.activities(conn) if log.activity_ratings else []
    holding = {i.known: m.name for m in meds for i in m.ingredients if i.known}
    rules.names_listed(log, [m.name for m in meds], [a.name for a in acts], holding)
    late = rules.used_after_stop(log, meds, acts)
    if before is not None and before.date == log.date:
        had = {d.medication.lower() for d in before.doses}
        had |= {r.activity.lower() for r in before.activity_ratings}
        late = [(k, x) for k, x in late if x.name.lower() not in had]
    if late:
        _confirm_late(log, late, confirm)


def _confirm_late(
    log: DailyLog, late: list[tuple[str, rules.Listed]], confirm: Confirm | None
) -> None:
    said = "; ".join(f"{x.name} was stopped on {x.stopped}" for _, x in late)
    if confirm is not None and confirm(f"{said}. Log it on {log.date} anyway?"):
        return
    kind, item = late[0]
    noun, verb, command = (
        ("medication", "take", "med") if kind == "dose" else ("activity", "rate", "activity")
    )
    field = F.DAILY_LOG["doses" if kind == "dose" else "activity_ratings"]
    raise field.error(
        f"a {noun} you still {verb} on {log.date} ({said}); on a terminal paintrack asks to "
        f"confirm, and if you {verb} it again: {values.command(command, 'resume', item.name)}",
        item.name,
    )


@frozen
class Logged:
    log: DailyLog  # as stored, with its id
    red_flags: tuple[RedFlagEvent, ...]
    # the lines of domain.md §6.5 this log's doses took its day over: said at once
    medication_flags: tuple[MedicationFlag, ...] = ()
    # every log of the day, this one included, when it is not the day's first (averaged)
    same_day: tuple[DailyLog, ...] = ()


def not_in_ended_course(conn: store.Db, entry: Entry, confirmed: bool) -> None:
    """Unless confirmed, refuse an entry dated inside an ended course (domain.rules)."""
    if not confirmed:
        concept = CONCEPTS[type(entry)]
        courses = [c for c, _ in store.courses(conn)]
        rules.outside_ended_courses(concept["date"], entry.date, courses, concept.name)


def add_log(
    conn: store.Db,
    log: DailyLog,
    now: dt.datetime,
    confirm: Confirm | None = None,
    *,
    confirmed: bool = False,
) -> Logged:
    """Log a day; the record is kept as given (the dose was taken), and the result says which
    daily line (§6.5) its doses crossed. `confirm` asks about a dose after a stop date;
    `confirmed`: an entry inside an ended course was confirmed."""
    check_names(conn, log, confirm)
    not_in_ended_course(conn, log, confirmed)
    with store.writing(conn, "log", now):
        log_id = store.insert_log(conn, log, now)
        store.set_change_summary(conn, f"log L{log_id} on {log.date}")
    stored = replace(log, id=log_id)
    flags = tuple(RedFlagEvent(log.date, c, log_id) for c in log.red_flags)
    day = tuple(x for x in store.logs_between(conn, log.date, log.date, ratings=False))
    return Logged(stored, flags, medication.moment(conn, stored), day if len(day) > 1 else ())


@frozen
class SessionLogged:
    session: Session
    course: Course
    sessions_done: int
    in_year: int  # sessions of any course in the 365 days up to this one (domain.md §8)
    yearly_cap: int | None  # the course plan's cap, if it has a plan
    same_day: tuple[str, ...] = ()  # the sessions already on that date (S3), if no one was asked


def session_for(course: Course, values: Mapping[str, Any]) -> Session:
    """The session of `course` from its field values; the practitioner defaults to the course's."""
    given = {k: v for k, v in values.items() if v is not None}
    given.setdefault("practitioner", course.practitioner)
    session = Session(course_id=course.id or 0, **given)
    rules.session_in_course(course, session.date)
    return session


def add_session(
    conn: store.Db,
    values: Mapping[str, Any],
    now: dt.datetime,
    confirm: Confirm | None = None,
    *,
    confirmed: bool = False,
) -> SessionLogged:
    """Log a session of the active course. A second one on a date that has one already is
    asked about (`confirm`), or, with nobody to ask, logged and said (`same_day`)."""
    course = require_active(conn)
    session = session_for(course, values)
    not_in_ended_course(conn, session, confirmed)
    before = tuple(
        entry_id(s) for s in store.sessions(conn, course.id or 0) if s.date == session.date
    )
    if before and confirm is not None:
        question = (
            f"A session is logged on {session.date} already ({', '.join(before)}). "
            "Log a second one that day?"
        )
        if not confirm(question):
            raise F.SESSION["date"].error("a day without a session, or confirmed", session.date)
        before = ()
    with store.writing(conn, "session", now):
        sid = store.insert_session(conn, session, now)
        store.set_change_summary(conn, f"session S{sid} on {session.date}")
    cap = ref.PLANS[course.plan].yearly_cap if course.plan else None
    return SessionLogged(
        replace(session, id=sid),
        course,
        len(store.session_dates(conn, course.id or 0)),
        store.sessions_in_year(conn, session.date),
        cap,
        before,
    )


@frozen
class PegLogged:
    peg: Peg
    also_on: dt.date | None  # another PEG in the 7 days up to this one: once a week is enough


def add_peg(conn: store.Db, peg: Peg, now: dt.datetime, *, confirmed: bool = False) -> PegLogged:
    not_in_ended_course(conn, peg, confirmed)
    recent = store.last_peg_date(conn, peg.date - dt.timedelta(days=6), peg.date)
    with store.writing(conn, "peg", now):
        pid = store.insert_peg(conn, peg, now)
        store.set_change_summary(conn, f"PEG P{pid} on {peg.date}")
    return PegLogged(replace(peg, id=pid), recent)


def find(conn: store.Db, ref_text: str) -> Entry:
    letter, row_id = parse_ref(ref_text)
    found = store.entry(conn, letter, row_id)
    if found is None:
        kind = ENTRY_LETTERS[letter]
        raise NotFound(f"No {kind} {letter}{row_id}; see `paintrack history` for ids.")
    return found


@frozen
class Edited:
    old: Entry
    new: Entry
    changed: bool


def edit(
    conn: store.Db,
    ref_text: str,
    changes: Mapping[str, Any],
    clear: Sequence[str],
    now: dt.datetime,
    confirm: Confirm | None = None,
    *,
    confirmed: bool = False,
) -> Edited:
    """Change the given fields of an entry (and empty the `clear`ed ones); rules re-checked."""
    old = find(conn, ref_text)
    concept = CONCEPTS[type(old)]
    values = dict(changes)
    for name in clear:
        f = concept.by_name.get(name)
        if f is None or not f.clearable:
            raise _not_for(old, name)
        values[name] = () if f.repeatable else None
    for name in values:
        if name not in concept.by_name or not (concept[name].option or name == "time"):
            raise _not_for(old, name)
    if not values:
        raise InvalidValue(
            "ID", "followed by at least one value to change (see `paintrack edit --help`)", ref_text
        )
    new = replace(old, **values)  # the model checks every field and rule again
    if isinstance(new, Session) and new.date != old.date:
        rules.session_in_course(store.course_by_id(conn, new.course_id), new.date)
    if isinstance(new, DailyLog):
        check_names(conn, new, confirm, old if isinstance(old, DailyLog) else None)
    if new.date != old.date:
        not_in_ended_course(conn, new, confirmed)
    if new == old:
        return Edited(old, new, False)
    with store.writing(conn, f"edit {entry_id(old)}", now):
        store.update_entry(conn, old, new)
        store.set_change_summary(conn, f"edit {entry_id(old)}")
    return Edited(old, new, True)


def _not_for(old: Entry, name: str) -> InvalidValue:
    concept = CONCEPTS[type(old)]
    f = next((c.by_name[name] for c in CONCEPTS.values() if name in c.by_name), None)
    option = f.cli if f is not None else "--" + name.replace("_", "-")
    if name in concept.by_name and not concept[name].clearable:
        return InvalidValue("clear", f"a field that can be emptied, not {option}", name)
    return InvalidValue(option, f"left out when editing a {KIND[type(old)]} ({entry_id(old)})")


def delete(conn: store.Db, ref_text: str, now: dt.datetime) -> Entry:
    old = find(conn, ref_text)
    with store.writing(conn, f"delete {entry_id(old)}", now):
        store.delete_entry(conn, old)
        store.set_change_summary(conn, f"delete {entry_id(old)}")
    return old


@frozen
class Undone:
    what: str
    before: tuple[str, str] | None  # (when, what) of the change now last, if any


def undo(conn: store.Db) -> Undone:
    what = store.undo(conn)
    return Undone(what, store.last_change(conn))
