"""The rules between rows, each in one function that every input path calls.

Flags, prompts, `edit`, `import` and the demo all reach the store through `paintrack.usecases`,
and the use-cases call these with what the rule needs to see (the course, the other courses,
the listed medications). Pure: no database, no clock. Each raises the declared field's
InvalidValue, so the CLI names the option, a prompt names the field in words and an import names
the column, with the same reason.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import TypeVar

from paintrack import fields as F
from paintrack import reference as ref
from paintrack.domain.values import command, did_you_mean
from paintrack.errors import InvalidValue
from paintrack.models import Activity, Course, DailyLog, Decision, Medication

L = TypeVar("L", bound=Medication | Activity)


def session_in_course(course: Course, day: dt.date) -> None:
    """A session belongs to its course: on or after the course starts."""
    if day < course.start:
        raise F.SESSION["date"].error(
            f"on or after the course start ({course.start})", day.isoformat()
        )


def decision_in_course(course: Course, decision: Decision) -> None:
    if decision.date < course.start:
        raise F.DECISION["date"].error(
            f"on or after the course start ({course.start})", decision.date.isoformat()
        )


def course_can_start(course: Course, others: Sequence[Course]) -> None:
    """One active course at a time; names unique; courses never overlap (a new one starts on
    or after the day the last one ended), so one course's baseline never holds another's."""
    name = F.COURSE["name"]
    if course.ended is None:
        active = [c for c in others if c.ended is None]
        if active:
            raise name.error(
                "a new course only after the active one ends "
                f"(`paintrack course end` ends '{active[0].name}')"
            )
    if any(c.name.lower() == course.name.lower() for c in others):
        raise name.error("a name not used by another course", course.name)
    last = dt.date.max
    for c in sorted(others, key=lambda c: c.start):
        ends = c.ended or last
        if not (course.start < ends and c.start < (course.ended or last)):
            continue  # no overlap (a course may start on the day another ended)
        if c.start <= course.start and c.ended is not None:
            raise F.COURSE["start"].error(
                f"on or after {c.ended}, when the last course ended", course.start.isoformat()
            )
        raise F.COURSE["ended"].error(
            f"on or before {c.start}, when the course '{c.name}' starts",
            None if course.ended is None else course.ended.isoformat(),
        )


def course_can_end(course: Course, ended: dt.date, session_days: Iterable[dt.date]) -> None:
    """A course ends on or after its start and its last session."""
    days = list(session_days)
    floor = max([course.start, *days])
    if ended < floor:
        what = "the course's last session" if floor != course.start else "the course start"
        raise F.COURSE["ended"].error(f"on or after {what} ({floor})", ended.isoformat())


def course_holds_its_sessions(course: Course, session_days: Iterable[dt.date]) -> None:
    """A course edited keeps its sessions: it starts on or before the first, ends on or after
    the last."""
    days = sorted(session_days)
    if days and course.start > days[0]:
        raise F.COURSE["start"].error(
            f"on or before the course's first session ({days[0]})", course.start.isoformat()
        )
    if course.ended is not None:
        course_can_end(course, course.ended, days)


class InsideEndedCourse(InvalidValue):
    """An entry dated inside a course that has ended: its decision was made on numbers this
    entry would change. The CLI asks on a terminal (`question`); elsewhere it is refused."""

    def __init__(self, field: F.Field, course: Course, day: dt.date, what: str) -> None:
        self.course, self.day = course, day
        self.question = (
            f"{day} is inside the course '{course.name}' ({course.start} to {course.ended}), "
            f"decided on {course.ended}: a {what} there changes the numbers of that decision. "
            "Add it anyway?"
        )
        super().__init__(
            field.cli,
            f"a day outside the course '{course.name}' ({course.start} to {course.ended}): it "
            f"was decided on {course.ended}, and a {what} dated inside it would change the "
            "numbers it was decided on (on a terminal you are asked)",
            day.isoformat(),
            label=field.label,
            name=field.key,
        )


def outside_ended_courses(
    field: F.Field, day: dt.date, courses: Iterable[Course], what: str
) -> None:
    """A log, session or PEG is not dated inside a course that has ended (from its start up
    to the day before it ended: the end day belongs to what comes next as well)."""
    for c in courses:
        if c.ended is not None and c.start <= day < c.ended:
            raise InsideEndedCourse(field, c, day, what)


def medication_can_be_added(med: Medication, listed: Sequence[Medication]) -> None:
    if any(m.name.lower() == med.name.lower() for m in listed):
        raise F.MEDICATION["name"].error(
            "a medication not already listed (see `paintrack med list`)", med.name
        )


def activity_can_be_added(activity: Activity, chosen: Sequence[Activity]) -> None:
    """At most 5 activities rated at a time, each once (PSFS, domain.md §3.1); a stopped one
    stays in history and frees its place."""
    name = F.ACTIVITY["name"]
    if any(a.name.lower() == activity.name.lower() for a in chosen):
        raise name.error("an activity not already chosen", activity.name)
    active = [a for a in chosen if a.stopped is None]
    if activity.stopped is None and len(active) >= ref.MAX_ACTIVITIES:
        names = ", ".join(a.name for a in active)
        raise name.error(
            f"one of at most {ref.MAX_ACTIVITIES} activities (chosen: {names}; "
            "`paintrack activity stop NAME` frees a place)",
            activity.name,
        )


# --- Correcting the list: stop, rename, remove (issue 11) -------------------------------------------
Listed = Medication | Activity
COMMAND = {"medication": "med", "activity": "activity"}


def listed_item(what: str, name: str, items: Sequence[L]) -> L:
    """The medication (or activity) called `name`, any case; else an error listing them."""
    found = next((x for x in items if x.name.lower() == name.strip().lower()), None)
    if found is None:
        names = [x.name for x in items]
        shown = ", ".join(names) or "none yet"
        raise InvalidValue(
            "NAME", f"a {what} on your list ({shown}){did_you_mean(name, names)}", name
        )
    return found


def can_rename(what: str, item: Listed, new: str, items: Sequence[Listed]) -> None:
    field = (F.MEDICATION if what == "medication" else F.ACTIVITY)["name"]
    taken = [x for x in items if x.name.lower() == new.lower() and x.name != item.name]
    if taken and taken[0].name.lower() != item.name.lower():
        raise field.error(f"a name not already on your list ('{taken[0].name}' is)", new)


def can_remove(what: str, item: Listed, uses: int, first: dt.date | None) -> None:
    """Only a never-logged one may go; one that was logged is stopped, so history stays true."""
    if uses:
        logged = "dosed" if what == "medication" else "rated"
        raise InvalidValue(
            "NAME",
            f"a {what} never logged: '{item.name}' was {logged} {uses} time"
            f"{'s' if uses != 1 else ''} since {first}; stop it instead, and it stays in your "
            f"history and totals: paintrack {COMMAND[what]} stop '{item.name}'",
            item.name,
        )


def can_stop(item: Listed, day: dt.date, last_use: dt.date | None, today: dt.date) -> None:
    if day > today:
        raise InvalidValue("--date", f"today ({today}) or earlier", day.isoformat())
    if last_use is not None and day < last_use:
        raise InvalidValue(
            "--date",
            f"on or after the last day '{item.name}' was logged ({last_use}); "
            "delete or edit that log first if it is wrong",
            day.isoformat(),
        )


def used_after_stop(
    log: DailyLog, meds: Sequence[Medication], activities: Sequence[Activity]
) -> list[tuple[str, Listed]]:
    """The doses and ratings of `log` that name a medication or activity stopped before its
    day: ("dose" | "rating", the item). A dose on the stop day itself is allowed."""
    out: list[tuple[str, Listed]] = []
    for kind, names, items in (
        ("dose", [d.medication for d in log.doses], meds),
        ("rating", [r.activity for r in log.activity_ratings], activities),
    ):
        by_name = {x.name.lower(): x for x in items}
        for name in names:
            item = by_name.get(name.lower())
            if item is not None and item.stopped is not None and item.stopped < log.date:
                out.append((kind, item))
    return out


def names_listed(
    log: DailyLog,
    meds: Sequence[str],
    activities: Sequence[str],
    holding: Mapping[str, str] | None = None,
) -> None:
    """A log's doses and ratings name listed medications and chosen activities. `holding` maps
    a substance to the listed product that holds it (`--med oxycodone` → percocet)."""
    for field, given, listed, hint in (
        (F.DAILY_LOG["doses"], [d.medication for d in log.doses], meds, "med"),
        (
            F.DAILY_LOG["activity_ratings"],
            [r.activity for r in log.activity_ratings],
            activities,
            "activity",
        ),
    ):
        known = {n.lower() for n in listed}
        for name in given:
            if name.lower() not in known:
                allowed = f"one of: {', '.join(listed)}" if listed else "a listed name (none yet)"
                near = did_you_mean(name, listed)
                substance = ref.substance(name)
                product = (holding or {}).get(substance or "") if field.name == "doses" else None
                if product is not None and not near:
                    near = f" (did you mean '{product}'? it holds {substance})"
                if not near:  # one suggestion per mistake: the close name, else how to add it
                    near = f"; add one with `{command(hint, 'add', name)}`"
                raise field.error(f"{allowed}{near}", name)
