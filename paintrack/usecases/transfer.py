"""The whole diary in: `import` of a file (and the demo), through the same rules as every
other path. What is already stored (the same content, ids and creation times aside) is skipped,
so importing twice changes nothing; ids are kept where free, so export → import into an empty
database → export gives the same bytes.

An older export of the same diary merges: a row it holds that the diary holds too (the same id
and creation time for entries, the same name and creation time for courses, medications and
activities) but that was changed since (a course ended, a medication stopped, a log edited) is
the diary's newer version, kept as it is; only rows the diary has not got are added.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from paintrack import frozen, store
from paintrack.domain import rules
from paintrack.errors import ImportRejected, InvalidValue
from paintrack.fields import COURSE, DECISION, SESSION, START_DRAW
from paintrack.models import Course, DailyLog, Diary, Medication, Peg, StartDraw


def _key(model: Any, *skip: str) -> tuple[Any, ...]:
    """What 'the same row' means: every value but id, created_at and `skip`; names any case."""
    out = []
    for f in frozen.fields(model):
        if f.name in ("id", "created_at", *skip):
            continue
        v = getattr(model, f.name)
        out.append(v.lower() if f.name == "name" and isinstance(v, str) else v)
    return tuple(out)


def _log_key(log: DailyLog) -> tuple[Any, ...]:
    return (
        _key(log, "doses", "activity_ratings", "red_flags"),
        tuple(sorted((d.medication.lower(), d.count) for d in log.doses)),
        tuple(sorted((r.activity.lower(), r.rating) for r in log.activity_ratings)),
        tuple(sorted(log.red_flags)),
    )


@dataclass
class _Import:
    conn: store.Db
    now: dt.datetime
    bad: list[tuple[str, int, InvalidValue]] = field(default_factory=list)
    added: dict[str, int] = field(default_factory=dict)

    def refuse(self, table: str, i: int, error: InvalidValue) -> None:
        self.bad.append((table, i, error))

    def keep_id(self, model: Any, table: str) -> Any:
        """The model with its id if that id is free here (else the database picks one)."""
        if model.id is not None and (model.id < 1 or store.row_exists(self.conn, table, model.id)):
            return frozen.replace(model, id=None)
        return model

    def changed_since(self, model: Any, table: str) -> bool:
        """The same entry of the same diary (id and creation time), changed since the file."""
        stamp = getattr(model, "created_at", None)
        if model.id is None or stamp is None or isinstance(model.id, bool) or model.id < 1:
            return False
        return bool(store.created_at(self.conn, table, model.id) == stamp)

    def count(self, table: str, n: int = 1) -> None:
        self.added[table] = self.added.get(table, 0) + n


def import_diary(
    conn: store.Db,
    incoming: Diary,
    now: dt.datetime,
    source: str,
    where: Callable[[str, int], str],
    summary: str | None = None,
    logs: Iterable[DailyLog] | None = None,
) -> dict[str, int]:
    """Add what `incoming` holds that is not stored yet, in one journaled transaction.

    Every row passes the rules of its path (domain.rules); if any is refused nothing is written
    and ImportRejected lists them, `where(table, index)` naming each ("line 12").
    `logs`, when given, are the daily logs instead of `incoming.daily_logs`, read one by one as
    they are written (a plain CSV streams; it may raise ImportRejected itself at its end).
    Returns the rows added per table.
    """
    job = _Import(conn, now)
    with store.writing(conn, f"import {source}", now):
        courses = _named(job, incoming)
        _of_courses(job, "sessions", incoming.sessions, courses)
        _logs(job, incoming.daily_logs if logs is None else logs)
        _pegs(job, incoming.pegs)
        _of_courses(job, "decisions", incoming.decisions, courses)
        _draws(job, incoming.start_draws, courses)
        if job.bad:
            raise ImportRejected(source, [(where(t, i), e) for t, i, e in job.bad])
        total = sum(job.added.values())
        store.set_change_summary(conn, summary or f"import {source} ({total} rows)")
    return job.added


def _named(job: _Import, incoming: Diary) -> dict[int, Course]:
    """Courses, medications and activities, matched by name. Returns incoming id → stored."""
    conn, now = job.conn, job.now
    have_courses, have_meds, have_acts = store.names(conn)
    by_id: dict[int, Course] = {}
    for i, c in enumerate(incoming.courses):
        old = next((x for x in have_courses if x.name.lower() == c.name.lower()), None)
        if old is None:
            try:
                rules.course_can_start(c, have_courses)
            except InvalidValue as e:
                job.refuse("courses", i, e)
                continue
            cid = store.insert_course(conn, job.keep_id(c, "courses"), now)
            old = store.course_by_id(conn, cid)
            have_courses.append(old)
            job.count("courses")
        elif _key(old) != _key(c) and not _same_origin(old, c):
            job.refuse("courses", i, _differs(COURSE.by_name, old, c))
        if c.id is not None:
            by_id[c.id] = old
    _add_named(job, "medications", incoming.medications, have_meds, _check_med)
    _add_named(job, "activities", incoming.activities, have_acts, rules.activity_can_be_added)
    return by_id


def _check_med(med: Medication, listed: list[Medication]) -> None:
    rules.medication_can_be_added(med, listed)


def _add_named(
    job: _Import,
    table: str,
    items: Iterable[Any],
    have: list[Any],
    check: Callable[[Any, list[Any]], None],
) -> None:
    insert = store.insert_medication if table == "medications" else store.insert_activity
    for i, item in enumerate(items):
        old = next((x for x in have if x.name.lower() == item.name.lower()), None)
        if old is None:
            try:
                check(item, have)
            except InvalidValue as e:
                job.refuse(table, i, e)
                continue
            insert(job.conn, job.keep_id(item, table), job.now)
            have.append(item)
            job.count(table)
        elif _key(old) != _key(item) and not _same_origin(old, item):
            fields = {f.name: f for f in frozen.fields(item)}
            job.refuse(table, i, _differs(fields, old, item))


def _same_origin(old: Any, new: Any) -> bool:
    """Named rows of the same diary (one created when the other was): the stored is newer."""
    return old.created_at is not None and old.created_at == new.created_at


def _differs(fields: dict[str, Any], old: Any, new: Any) -> InvalidValue:
    name = next(
        k for k in fields if k not in ("id", "created_at") and getattr(old, k) != getattr(new, k)
    )
    got = getattr(new, name)
    if name == "ingredients":  # a medication's label, as `med list` shows it
        got = " + ".join(f"{i.substance} {i.strength:g} {i.unit}" for i in got) or "none"
    return InvalidValue(
        name,
        f"the stored value for '{old.name}'",
        got.isoformat() if isinstance(got, dt.date) else got,
    )


def _counts(items: Iterable[Any], key: Callable[[Any], Any]) -> dict[Any, int]:
    out: dict[Any, int] = {}
    for item in items:
        k = key(item)
        out[k] = out.get(k, 0) + 1
    return out


def _of_courses(
    job: _Import,
    table: str,
    items: Iterable[Any],
    courses: dict[int, Course],
) -> None:
    """Sessions and decisions: each mapped to its stored course and checked by the rule of its
    path (a session within its course, a decision on or after its start), unless stored."""
    concept, read, rule, insert = _COURSE_ROWS[table]
    stored = [x for c in courses.values() for x in read(job.conn, c.id or 0)]
    have = _counts(stored, lambda x: _key(x))
    for i, item in enumerate(items):
        course = courses.get(item.course_id)
        if course is None:
            error = concept["course_id"].error("a course in the file", item.course_id)
            job.refuse(table, i, error)
            continue
        item = frozen.replace(item, course_id=course.id or 0)
        if have.get(_key(item)):
            have[_key(item)] -= 1
            continue
        if job.changed_since(item, table):
            continue
        try:
            rule(course, item)
        except InvalidValue as e:
            job.refuse(table, i, e)
            continue
        if not job.bad:
            insert(job.conn, job.keep_id(item, table), job.now)
            job.count(table)


_COURSE_ROWS: dict[str, tuple[Any, Any, Callable[[Course, Any], None], Any]] = {
    "sessions": (
        SESSION,
        store.sessions,
        lambda course, s: rules.session_in_course(course, s.date),
        store.insert_session,
    ),
    "decisions": (DECISION, store.decisions, rules.decision_in_course, store.insert_decision),
}


def _draws(job: _Import, draws: Iterable[StartDraw], courses: dict[int, Course]) -> None:
    """A course's randomised start: added when the course has none; the same one again is
    skipped; another one is refused, as a draw is never redone (domain.md §12.2)."""
    for i, item in enumerate(draws):
        course = courses.get(item.course_id)
        if course is None:
            job.refuse(
                "start_draws",
                i,
                START_DRAW["course_id"].error("a course in the file", item.course_id),
            )
            continue
        item = frozen.replace(item, course_id=course.id or 0)
        have = store.start_draw(job.conn, item.course_id)
        if have is not None and _key(have, "ended") == _key(item, "ended"):
            continue
        if have is not None:
            error = START_DRAW["drawn_day"].error(
                f"the course's own draw (day {have.drawn_day}): a randomised start is never redrawn",
                item.drawn_day,
            )
            job.refuse("start_draws", i, error)
        elif not job.bad:
            store.insert_draw(job.conn, job.keep_id(item, "start_draws"), job.now)
            job.count("start_draws")


def _logs(job: _Import, logs: Iterable[DailyLog]) -> None:
    have = _counts(store.logs_between(job.conn, dt.date.min, dt.date.max), _log_key)
    meds = [m.name for m in store.medications(job.conn)]
    acts = [a.name for a in store.activities(job.conn)]
    for i, log in enumerate(logs):
        if have.get(_log_key(log)):
            have[_log_key(log)] -= 1
            continue
        if job.changed_since(log, "daily_logs"):
            continue
        try:
            rules.names_listed(log, meds, acts)
        except InvalidValue as e:
            job.refuse("daily_logs", i, e)
            continue
        if not job.bad:
            store.insert_log(job.conn, job.keep_id(log, "daily_logs"), job.now)
            job.count("daily_logs")
            job.count("doses", len(log.doses))
            job.count("activity_ratings", len(log.activity_ratings))
            job.count("red_flags", len(log.red_flags))


def _pegs(job: _Import, pegs: Iterable[Peg]) -> None:
    have = _counts(store.pegs_between(job.conn, dt.date.min, dt.date.max), lambda p: _key(p))
    for p in pegs:
        if have.get(_key(p)):
            have[_key(p)] -= 1
        elif not job.bad and not job.changed_since(p, "pegs"):
            store.insert_peg(job.conn, job.keep_id(p, "pegs"), job.now)
            job.count("pegs")


def export_diary(
    conn: store.Db,
    course_name: str | None,
    since: dt.date | None,
    until: dt.date | None,
    today: dt.date,
    *,
    lazy: bool = False,
) -> Diary:
    """All data, or one course's with its baseline week (domain.md §1.3), as models."""
    from paintrack.domain.course import baseline_window
    from paintrack.usecases.courses import named

    course = named(conn, course_name) if course_name else None
    start = None
    if course is not None:
        days = store.session_dates(conn, course.id or 0)
        start = baseline_window(days[0] if days else None, today).start
    return store.diary(conn, course, since, until, baseline_start=start, lazy=lazy)


def demo(conn: store.Db, diary: Diary, now: dt.datetime) -> None:
    """Write the demo diary (paintrack.demo) through the import rules, as one change."""
    import_diary(conn, diary, now, "demo", lambda t, i: f"{t}[{i}]", "demo data")
