"""The concepts of product.md as frozen dataclasses, shared by every layer.

Each model checks its own values, so nothing out of range can reach the database whichever way
it arrives (CLI, import, demo). Errors name the field as the option a user types.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from paintrack import reference as ref
from paintrack.errors import InvalidValue


def check_int(name: str, value: int | None, lo: int, hi: int) -> None:
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int) or not lo <= value <= hi:
        raise InvalidValue(name, f"a whole number from {lo} to {hi}", value)


def check_number(
    name: str, value: float | None, lo: float, hi: float, *, open_lo: bool = False
) -> None:
    if value is None:
        return
    bad = isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value)
    if bad or value > hi or value < lo or (open_lo and value == lo):
        low = f"more than {lo:g}" if open_lo else f"from {lo:g}"
        raise InvalidValue(name, f"a number {low} to {hi:g}", value)


def check_time(value: str | None) -> None:
    if value is None:
        return
    ok = (
        len(value) == 5
        and value.isascii()
        and value[2] == ":"
        and value[:2].isdigit()
        and value[3:].isdigit()
    )
    if not ok or int(value[:2]) > 23 or int(value[3:]) > 59:
        raise InvalidValue("date", "a time of day HH:MM from 00:00 to 23:59", value)


def check_text(name: str, value: str | None, most: int = 2000) -> None:
    if value is not None and len(value) > most:
        raise InvalidValue(name, f"at most {most} characters", f"{len(value)} characters")


def _choices(name: str, values: tuple[str, ...], allowed: Mapping[str, object]) -> None:
    for v in values:
        if v not in allowed:
            raise InvalidValue(name, "one of " + ", ".join(allowed), v)


@dataclass(frozen=True, slots=True)
class Course:
    name: str
    start: date
    sessions_planned: int | None = ref.DEFAULT_SESSIONS
    days_planned: int | None = None
    therapy: str = "acupuncture"
    condition: str | None = None
    practitioner: str | None = None
    plan: str | None = None
    goals: str | None = None
    ended: date | None = None
    outcome: str | None = None
    id: int | None = None

    def __post_init__(self) -> None:
        if not self.name.strip():
            raise InvalidValue("NAME", "a non-empty course name", self.name)
        check_text("NAME", self.name, 100)
        check_int("sessions", self.sessions_planned, 1, ref.MAX_SESSIONS)
        check_int("days", self.days_planned, 1, ref.MAX_DAYS)
        if self.sessions_planned is None and self.days_planned is None:
            raise InvalidValue("sessions", "given (or --days): a course needs a re-evaluate point")
        if self.plan is not None and self.plan not in ref.PLANS:
            raise InvalidValue("plan", "one of " + ", ".join(ref.PLANS), self.plan)
        for name in ("therapy", "condition", "practitioner", "goals", "outcome"):
            check_text(name, getattr(self, name), 500)
        if self.ended is not None and self.ended < self.start:
            raise InvalidValue(
                "date", f"on or after the course start {self.start}", str(self.ended)
            )


@dataclass(frozen=True, slots=True)
class Session:
    """One treatment visit. pain_before/after are 'right now' ratings (domain.md §1.3, §9)."""

    course_id: int
    day: date
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

    def __post_init__(self) -> None:
        check_int("pain_before", self.pain_before, ref.NRS_MIN, ref.NRS_MAX)  # domain.md §1.1
        check_int("pain_after", self.pain_after, ref.NRS_MIN, ref.NRS_MAX)
        check_time(self.time)
        check_int("minutes", self.minutes, 1, ref.SESSION_MINUTES_MAX)  # domain.md §9
        check_int("needles", self.needles, 0, ref.SESSION_NEEDLES_MAX)  # domain.md §9
        _choices("technique", self.techniques, ref.TECHNIQUES)
        _choices("side_effect", self.side_effects, ref.SIDE_EFFECTS)  # domain.md §10.2
        check_number("cost", self.cost, 0, 100_000)
        for name in ("points", "practitioner", "note"):
            check_text(name, getattr(self, name))

    @property
    def immediate_relief(self) -> int:
        return self.pain_before - self.pain_after


@dataclass(frozen=True, slots=True)
class Dose:
    """Units of a listed medication taken, counted in the daily log."""

    medication: str
    count: float

    def __post_init__(self) -> None:
        check_number("med", self.count, 0, ref.DOSE_COUNT_MAX, open_lo=True)


@dataclass(frozen=True, slots=True)
class ActivityRating:
    activity: str
    rating: int

    def __post_init__(self) -> None:
        check_int("activity", self.rating, ref.PSFS_MIN, ref.PSFS_MAX)  # domain.md §3.1


@dataclass(frozen=True, slots=True)
class DailyLog:
    """One check-in; pain is the average over the last 24 h (domain.md §1.4 item 5)."""

    day: date
    pain: int
    time: str | None = None
    worst: int | None = None
    least: int | None = None
    sleep_hours: float | None = None
    sleep_interference: int | None = None
    stress: int | None = None
    note: str | None = None
    doses: tuple[Dose, ...] = ()
    ratings: tuple[ActivityRating, ...] = ()
    red_flags: tuple[str, ...] = ()
    id: int | None = None

    def __post_init__(self) -> None:
        for name in ("pain", "worst", "least"):  # BPI items 3–5, 0–10 (domain.md §1.4)
            check_int(name, getattr(self, name), ref.NRS_MIN, ref.NRS_MAX)
        if self.worst is not None and self.worst < self.pain:
            raise InvalidValue("worst", f"at least --pain ({self.pain})", self.worst)
        if self.least is not None and self.least > self.pain:
            raise InvalidValue("least", f"at most --pain ({self.pain})", self.least)
        check_time(self.time)
        check_number("sleep_hours", self.sleep_hours, 0, ref.SLEEP_HOURS_MAX)
        check_int("sleep_interference", self.sleep_interference, 0, 10)  # BPI 9F (domain.md §5)
        check_int("stress", self.stress, 0, 10)  # local 0–10 item (domain.md §5)
        check_text("note", self.note)
        _choices("red_flag", self.red_flags, ref.RED_FLAGS)  # domain.md §10.1
        for group, names in (
            ("med", [d.medication for d in self.doses]),
            ("activity", [r.activity for r in self.ratings]),
        ):
            lowered = [n.lower() for n in names]
            if len(set(lowered)) != len(lowered):
                raise InvalidValue(group, "given once per name in one log", ", ".join(names))


@dataclass(frozen=True, slots=True)
class Peg:
    """The weekly PEG: pain, enjoyment, general activity, past week, 0–10 each (domain.md §2)."""

    day: date
    pain: int
    enjoyment: int
    general_activity: int
    time: str | None = None
    id: int | None = None

    def __post_init__(self) -> None:
        for name in ("pain", "enjoyment", "general_activity"):
            check_int(name, getattr(self, name), 0, 10)
        check_time(self.time)

    @property
    def score(self) -> float:
        """Mean of the three items (LOINC 91147-9; domain.md §2)."""
        return round((self.pain + self.enjoyment + self.general_activity) / 3, 2)


@dataclass(frozen=True, slots=True)
class Medication:
    name: str
    kind: str
    strength: float | None = None
    unit: str | None = None
    mme_factor: float | None = None
    id: int | None = None

    def __post_init__(self) -> None:
        if not self.name.strip() or "=" in self.name or "," in self.name:
            raise InvalidValue("NAME", "a medication name without '=' or ','", self.name)
        check_text("NAME", self.name, 100)
        if self.kind not in ref.MED_KINDS:
            raise InvalidValue("kind", "one of " + ", ".join(ref.MED_KINDS), self.kind)
        check_number("strength", self.strength, 0, 100_000, open_lo=True)
        if self.unit is not None and self.unit not in ref.MED_UNITS:
            raise InvalidValue("unit", "one of " + ", ".join(ref.MED_UNITS), self.unit)
        if (self.strength is None) != (self.unit is None):
            raise InvalidValue("strength", "given together with --unit")
        if self.kind == "opioid":
            known = ref.known_mme_factor(self.name)
            if (
                "buprenorphine" in self.name.lower()
            ):  # excluded from MME by CDC 2022 (domain.md §6.1)
                raise InvalidValue(
                    "kind", "other for buprenorphine: CDC 2022 gives it no MME factor"
                )
            if known and known[0] == "fentanyl" and self.unit != "mcg/h":
                # the fentanyl factor applies to a transdermal patch in mcg/hr (domain.md §6.1)
                raise InvalidValue(
                    "unit", "mcg/h for fentanyl (its CDC factor is per mcg/h)", self.unit
                )
            # MME/day = Σ daily dose × factor needs the strength (domain.md §6.1)
            if self.strength is None:
                raise InvalidValue("strength", "given (with --unit) for an opioid, to count MME")
            if self.mme_factor is None:
                raise InvalidValue("mme_factor", "given for an opioid not in the CDC 2022 table")
            check_number("mme_factor", self.mme_factor, 0, 100, open_lo=True)
        elif self.mme_factor is not None:
            raise InvalidValue("mme_factor", "left out unless --kind opioid", self.mme_factor)


@dataclass(frozen=True, slots=True)
class Activity:
    name: str
    id: int | None = None

    def __post_init__(self) -> None:
        if not self.name.strip() or "=" in self.name:
            raise InvalidValue("NAME", "an activity name without '='", self.name)
        check_text("NAME", self.name, 60)


@dataclass(frozen=True, slots=True)
class Decision:
    """A review's recorded outcome: the PGIC (domain.md §4) and the patient's decision."""

    course_id: int
    day: date
    impression: int | None = None
    decision: str | None = None
    verdict: str | None = None
    id: int | None = None

    def __post_init__(self) -> None:
        check_int("impression", self.impression, 1, 7)  # PGIC 1–7 (domain.md §4)
        if self.decision is not None and self.decision not in DECISIONS:
            raise InvalidValue("decide", "one of " + ", ".join(DECISIONS), self.decision)


DECISIONS = ("continue", "change", "stop")


@dataclass(frozen=True, slots=True)
class RedFlagEvent:
    day: date
    code: str
    log_id: int
