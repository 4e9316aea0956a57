"""The concepts of product.md as frozen dataclasses, shared by every layer.

Each model checks its own values against its declaration in `paintrack.fields` (ranges, codes,
lengths and the rules between fields), so nothing out of range can be built whichever way it
arrives (CLI, prompts, import, edit, demo). Errors name the field as the option a user types;
`InvalidValue.in_words()` and `.for_column()` name it for a prompt or a file.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from paintrack import fields as F
from paintrack import reference as ref
from paintrack.errors import InvalidValue


def _unique(field: F.Field, names: list[str]) -> None:
    lowered = [n.lower() for n in names]
    if len(set(lowered)) != len(lowered):
        raise field.error("given once per name in one log", ", ".join(names))


@dataclass(frozen=True, slots=True)
class Course:
    name: str
    start: dt.date
    sessions_planned: int | None = ref.DEFAULT_SESSIONS
    days_planned: int | None = None
    therapy: str = "acupuncture"
    condition: str | None = None
    practitioner: str | None = None
    plan: str | None = None
    goals: str | None = None
    ended: dt.date | None = None
    outcome: str | None = None
    id: int | None = None
    created_at: str | None = None

    def __post_init__(self) -> None:
        if not self.name.strip():
            raise F.COURSE["name"].error("a non-empty course name", self.name)
        F.COURSE.check(self)
        if self.sessions_planned is None and self.days_planned is None:
            raise F.COURSE["sessions_planned"].error(
                "given (or --days): a course needs a re-evaluate point"
            )


@dataclass(frozen=True, slots=True)
class Session:
    """One treatment visit. pain_before/after are 'right now' ratings (domain.md §1.3, §9)."""

    course_id: int
    date: dt.date
    pain_before: int
    pain_after: int
    time: str | None = None
    minutes: int | None = None
    needles: int | None = None
    techniques: tuple[str, ...] = ()
    side_effects: tuple[str, ...] = ()
    points: str | None = None
    practitioner: str | None = None
    cost: float | None = None
    note: str | None = None
    id: int | None = None
    created_at: str | None = None

    def __post_init__(self) -> None:
        F.SESSION.check(self)

    @property
    def immediate_relief(self) -> int:
        return self.pain_before - self.pain_after


@dataclass(frozen=True, slots=True)
class Dose:
    """Units of a listed medication taken, counted in the daily log."""

    medication: str
    count: float

    def __post_init__(self) -> None:
        F.DOSE["count"].check(self.count)


@dataclass(frozen=True, slots=True)
class ActivityRating:
    activity: str
    rating: int

    def __post_init__(self) -> None:
        F.ACTIVITY_RATING["rating"].check(self.rating)  # PSFS 0–10 (domain.md §3.1)


@dataclass(frozen=True, slots=True)
class DailyLog:
    """One check-in; pain is the average over the last 24 h (domain.md §1.4 item 5)."""

    date: dt.date
    pain: int
    time: str | None = None
    worst: int | None = None
    least: int | None = None
    sleep_hours: float | None = None
    sleep_interference: int | None = None
    stress: int | None = None
    note: str | None = None
    doses: tuple[Dose, ...] = ()
    activity_ratings: tuple[ActivityRating, ...] = ()
    red_flags: tuple[str, ...] = ()
    id: int | None = None
    created_at: str | None = None

    def __post_init__(self) -> None:
        F.DAILY_LOG.check(self)
        _unique(F.DAILY_LOG["doses"], [d.medication for d in self.doses])
        _unique(F.DAILY_LOG["activity_ratings"], [r.activity for r in self.activity_ratings])


@dataclass(frozen=True, slots=True)
class Peg:
    """The weekly PEG: pain, enjoyment, general activity, past week, 0–10 each (domain.md §2)."""

    date: dt.date
    pain: int
    enjoyment: int
    general_activity: int
    time: str | None = None
    id: int | None = None
    created_at: str | None = None

    def __post_init__(self) -> None:
        F.PEG.check(self)


@dataclass(frozen=True, slots=True)
class Medication:
    name: str
    kind: str
    strength: float | None = None
    unit: str | None = None
    mme_factor: float | None = None
    id: int | None = None
    created_at: str | None = None

    def __post_init__(self) -> None:
        name = F.MEDICATION["name"]
        if not self.name.strip() or "=" in self.name or "," in self.name:
            raise name.error("a medication name without '=' or ','", self.name)
        F.MEDICATION.check(self)
        if (self.strength is None) != (self.unit is None):
            raise F.MEDICATION["strength"].error("given together with --unit")
        if self.kind == "opioid":
            self._check_opioid()
        elif self.mme_factor is not None:
            raise F.MEDICATION["mme_factor"].error("left out unless --kind opioid", self.mme_factor)

    def _check_opioid(self) -> None:
        known = ref.known_mme_factor(self.name)
        if "buprenorphine" in self.name.lower():  # excluded from MME by CDC 2022 (domain.md §6.1)
            raise F.MEDICATION["kind"].error(
                "other for buprenorphine: CDC 2022 gives it no MME factor"
            )
        if known and known[0] == "fentanyl" and self.unit != "mcg/h":
            # the fentanyl factor applies to a transdermal patch in mcg/hr (domain.md §6.1)
            raise F.MEDICATION["unit"].error(
                "mcg/h for fentanyl (its CDC factor is per mcg/h)", self.unit
            )
        # MME/day = Σ daily dose × factor needs the strength (domain.md §6.1)
        if self.strength is None:
            raise F.MEDICATION["strength"].error("given (with --unit) for an opioid, to count MME")
        if self.mme_factor is None:
            raise F.MEDICATION["mme_factor"].error("given for an opioid not in the CDC 2022 table")


@dataclass(frozen=True, slots=True)
class Activity:
    name: str
    id: int | None = None
    created_at: str | None = None

    def __post_init__(self) -> None:
        if not self.name.strip() or "=" in self.name:
            raise F.ACTIVITY["name"].error("an activity name without '='", self.name)
        F.ACTIVITY.check(self)


@dataclass(frozen=True, slots=True)
class Decision:
    """What the patient recorded at a review: the PGIC (domain.md §4) and/or their choice."""

    course_id: int
    date: dt.date
    impression: int | None = None
    choice: str | None = None
    verdict: str | None = None
    id: int | None = None
    created_at: str | None = None

    def __post_init__(self) -> None:
        F.DECISION.check(self)


@dataclass(frozen=True, slots=True)
class RedFlagEvent:
    date: dt.date
    code: str
    log_id: int


Entry = Session | DailyLog | Peg


@dataclass(frozen=True, slots=True)
class Diary:
    """Everything stored (or everything in a file to import), as models. A session's and a
    decision's `course_id` is the id of a course in `courses`; doses and ratings name their
    medication and activity."""

    courses: tuple[Course, ...] = ()
    medications: tuple[Medication, ...] = ()
    activities: tuple[Activity, ...] = ()
    sessions: tuple[Session, ...] = ()
    daily_logs: Sequence[DailyLog] = ()  # a tuple, or store.logs.LazyLogs for big exports
    pegs: tuple[Peg, ...] = ()
    decisions: tuple[Decision, ...] = ()

    def course_name(self, course_id: int) -> str:
        return next(c.name for c in self.courses if c.id == course_id)

    @property
    def rows(self) -> int:
        kids = sum(
            len(x.doses) + len(x.activity_ratings) + len(x.red_flags) for x in self.daily_logs
        )
        tables = (self.courses, self.medications, self.activities, self.sessions)
        return kids + sum(len(t) for t in (*tables, self.daily_logs, self.pegs, self.decisions))


__all__ = [
    "Activity",
    "ActivityRating",
    "Course",
    "DailyLog",
    "Decision",
    "Diary",
    "Dose",
    "Entry",
    "InvalidValue",
    "Medication",
    "Peg",
    "RedFlagEvent",
    "Session",
]
