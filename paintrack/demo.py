"""The built-in demo: a realistic course, built deterministically relative to today.

A baseline week, then 8 sessions over 6 weeks of acupuncture for chronic low back pain, with
daily logs (a few days missed, as real diaries have), weekly PEGs, two medications, three
activities and one side effect. Pain falls from about 6.4 to about 3.9 (a moderate change).

Pure: `build(now)` returns the diary as models; `paintrack demo` writes it through the same
use-case as `paintrack import`, so the demo obeys every rule a patient's own entries do.
"""

from __future__ import annotations

import datetime as dt
import random

from paintrack.models import (
    Activity,
    ActivityRating,
    Course,
    DailyLog,
    Diary,
    Dose,
    Medication,
    Peg,
    Session,
)

SESSION_OFFSETS = (0, 3, 7, 14, 21, 28, 35, 41)  # days after the first session: 8 over 6 weeks
MISSED = {-3, 5, 12, 19, 26, 33}  # days without a log, relative to the first session
COURSE_ID = 1


def _clamp(x: float, lo: int = 0, hi: int = 10) -> int:
    return max(lo, min(hi, round(x)))


def build(now: dt.datetime) -> Diary:
    """The demo diary as of `now`: the last session is today."""
    rng = random.Random(2026)
    today = now.date()
    first = today - dt.timedelta(days=SESSION_OFFSETS[-1])
    start = first - dt.timedelta(days=8)
    course = Course(
        name="demo-back",
        start=start,
        sessions_planned=8,
        condition="chronic low back pain",
        practitioner="J. Lee, L.Ac.",
        goals=("walk the dog for 30 minutes", "sit through a work meeting"),
        id=COURSE_ID,
    )
    logs, pegs = _days(rng, start, first, today)
    return Diary(
        courses=(course,),
        medications=(
            Medication("ibuprofen", "nsaid", 200, "mg", id=1),
            Medication("tramadol", "opioid", 50, "mg", mme_factor=0.2, id=2),
        ),
        activities=tuple(
            Activity(name, id=i) for i, name in enumerate(("walking", "sitting", "lifting"), 1)
        ),
        sessions=_sessions(rng, first),
        daily_logs=logs,
        pegs=pegs,
    )


def _days(
    rng: random.Random, start: dt.date, first: dt.date, today: dt.date
) -> tuple[tuple[DailyLog, ...], tuple[Peg, ...]]:
    """Pain about 6.4 in the baseline week, easing to about 3.9 by week 6, with noise."""
    logs: list[DailyLog] = []
    pegs: list[Peg] = []
    for i in range((today - start).days + 1):
        day = start + dt.timedelta(days=i)
        rel = (day - first).days
        if rel in MISSED:
            continue
        progress = max(0.0, min(1.0, rel / 38))
        level = 6.4 - 2.6 * progress + rng.uniform(-0.8, 0.8)
        pain = _clamp(level)
        bad = pain >= 7
        doses = [Dose("ibuprofen", 3 if bad else 2 if progress < 0.5 else 1)]
        if bad or (progress < 0.3 and rng.random() < 0.4):
            doses.append(Dose("tramadol", 1))
        logs.append(
            DailyLog(
                date=day,
                time="21:00",
                pain=pain,
                worst=_clamp(pain + rng.choice((1, 2, 2))),
                least=_clamp(pain - rng.choice((1, 2))),
                sleep_hours=round(5.6 + 1.3 * progress + rng.uniform(-0.5, 0.5), 1),
                sleep_interference=_clamp(6 - 3 * progress + rng.uniform(-1, 1)),
                stress=_clamp(6 - 2 * progress + rng.uniform(-1, 1)),
                doses=tuple(doses),
                activity_ratings=(
                    ActivityRating("walking", _clamp(3 + 3.5 * progress + rng.uniform(-0.6, 0.6))),
                    ActivityRating("sitting", _clamp(4 + 3 * progress + rng.uniform(-0.6, 0.6))),
                    ActivityRating("lifting", _clamp(2 + 2 * progress + rng.uniform(-0.6, 0.6))),
                ),
                id=len(logs) + 1,
            )
        )
        if (day - start).days % 7 == 6:  # PEG once a week (domain.md §2)
            g = _clamp(level + 0.3)
            pegs.append(
                Peg(day, _clamp(level), _clamp(level - 0.4), g, time="21:05", id=len(pegs) + 1)
            )
    return tuple(logs), tuple(pegs)


def _sessions(rng: random.Random, first: dt.date) -> tuple[Session, ...]:
    out = []
    for n, offset in enumerate(SESSION_OFFSETS, start=1):
        progress = offset / 41
        before = _clamp(6.6 - 2.4 * progress + rng.uniform(-0.5, 0.5))
        out.append(
            Session(
                course_id=COURSE_ID,
                date=first + dt.timedelta(days=offset),
                time="10:30",
                pain_before=before,
                pain_after=_clamp(before - rng.choice((1, 2, 2, 3))),
                minutes=rng.choice((30, 40, 45)),
                needles=rng.randint(8, 14),
                techniques=("manual", "electro") if n >= 4 else ("manual",),
                side_effects=("bruise",) if n == 3 else (),
                points="BL23, BL25, GB30, KI3",
                practitioner="J. Lee, L.Ac.",
                note="felt heavy and relaxed afterwards" if n == 1 else None,
                id=n,
            )
        )
    return tuple(out)


def describe(diary: Diary) -> str:
    first, last = diary.sessions[0].date, diary.sessions[-1].date
    return (
        f"Demo course 'demo-back': baseline week from {first - dt.timedelta(days=7)}, "
        f"8 sessions from {first} to {last}, daily logs, weekly PEGs, ibuprofen and tramadol, "
        "walking/sitting/lifting ratings, one bruise."
    )
