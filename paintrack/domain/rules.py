"""The rules between rows, each in one function that every input path calls.

Flags, prompts, `edit`, `import` and the demo all reach the store through `paintrack.usecases`,
and the use-cases call these with what the rule needs to see (the course, the other courses,
the listed medications). Pure: no database, no clock. Each raises the declared field's
InvalidValue, so the CLI names the option, a prompt names the field in words and an import names
the column, with the same reason.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from paintrack import fields as F
from paintrack import reference as ref
from paintrack.models import Activity, Course, DailyLog, Decision, Medication


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


def medication_can_be_added(med: Medication, listed: Sequence[Medication]) -> None:
    if any(m.name.lower() == med.name.lower() for m in listed):
        raise F.MEDICATION["name"].error(
            "a medication not already listed (see `paintrack med list`)", med.name
        )


def activity_can_be_added(activity: Activity, chosen: Sequence[Activity]) -> None:
    """At most 5 activities, each once (PSFS, domain.md §3.1)."""
    name = F.ACTIVITY["name"]
    if any(a.name.lower() == activity.name.lower() for a in chosen):
        raise name.error("an activity not already chosen", activity.name)
    if len(chosen) >= ref.MAX_ACTIVITIES:
        names = ", ".join(a.name for a in chosen)
        raise name.error(
            f"one of at most {ref.MAX_ACTIVITIES} activities (chosen: {names})", activity.name
        )


def names_listed(log: DailyLog, meds: Sequence[str], activities: Sequence[str]) -> None:
    """A log's doses and ratings name listed medications and chosen activities."""
    for field, given, listed, hint in (
        (F.DAILY_LOG["doses"], [d.medication for d in log.doses], meds, "paintrack med add"),
        (
            F.DAILY_LOG["activity_ratings"],
            [r.activity for r in log.activity_ratings],
            activities,
            "paintrack activity add",
        ),
    ):
        known = {n.lower() for n in listed}
        for name in given:
            if name.lower() not in known:
                allowed = f"one of: {', '.join(listed)}" if listed else "a listed name (none yet)"
                raise field.error(f"{allowed}; add one with `{hint} {name}`", name)
