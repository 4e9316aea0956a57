"""A heavy course for the clinician's page: 12 sessions, 5 drugs (oxycodone+acetaminophen among
them, tramadol stopped mid-course), 5 activities, goals, 10 notes in 8 scripts, a red flag with
its note, PGIC and a decision, `course end --outcome`; and before it an ended course of the same
condition (the comparison line), all written as models through the import rules."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

from paintrack import store
from paintrack.models import (
    Activity,
    ActivityRating,
    Course,
    DailyLog,
    Decision,
    Diary,
    Dose,
    Ingredient,
    Medication,
    Peg,
    Session,
)
from paintrack.usecases import transfer

NOW = dt.datetime(2026, 11, 20, 20, 0)
START = dt.date(2026, 9, 1)  # the heavy course: baseline week, then 12 sessions, ended 11-10
FIRST = dt.date(2026, 9, 8)
ENDED = dt.date(2026, 11, 10)
SESSION_DAYS = tuple(
    FIRST + dt.timedelta(days=d) for d in (0, 3, 7, 10, 14, 17, 21, 28, 35, 42, 49, 56)
)
STOPPED = dt.date(2026, 10, 6)  # tramadol
RED_FLAG_DAY = dt.date(2026, 10, 14)
AFTER = dt.date(2026, 11, 15)  # a red flag after the course ended: not on its page
RED_FLAG_NOTE = "burning pain down the left leg"
OUTCOME = "helped: walking again, continuing monthly"
ACTIVITIES = ("walking", "sitting", "lifting", "gardening", "sleeping through")
GOALS = ("walk to the market and back", "garden for an hour", "sleep through the night")
#: Ten notes in eight scripts: Latin, Cyrillic, Greek, Chinese, Japanese, Arabic, Hebrew, Devanagari.
NOTES = {
    dt.date(2026, 9, 3): ("Боль хуже утром", True),
    dt.date(2026, 9, 12): ("Ο πόνος μειώθηκε μετά τη συνεδρία", False),
    dt.date(2026, 9, 20): ("睡眠好多了", True),
    dt.date(2026, 9, 27): ("散歩が楽になった", False),
    dt.date(2026, 10, 4): ("الألم أخف اليوم", True),
    dt.date(2026, 10, 11): ("הכאב פחות חזק", False),
    RED_FLAG_DAY: (RED_FLAG_NOTE, True),
    dt.date(2026, 10, 21): ("दर्द कम है", False),
    dt.date(2026, 10, 28): ("gardened for 40 minutes", False),
}
SESSION_NOTE = (SESSION_DAYS[5], "needles near the knee felt hot; ask about electro", True)

MEDS = (
    Medication("ibuprofen", "nsaid", 200, "mg", id=1),
    Medication("Tylenol", "acetaminophen", 500, "mg", id=2),
    Medication(
        "Percocet",
        "opioid",
        ingredients=(Ingredient("oxycodone", 5, "mg", 1.5), Ingredient("acetaminophen", 325, "mg")),
        id=3,
    ),
    Medication("tramadol", "opioid", 50, "mg", mme_factor=0.2, stopped=STOPPED, id=4),
    Medication("gabapentin", "other", 300, "mg", id=5),
)


def _log(
    rng: random.Random, day: dt.date, progress: float, notes: dict[dt.date, tuple[str, bool]]
) -> DailyLog:
    pain = max(1, min(9, round(7 - 3.5 * progress + rng.uniform(-0.6, 0.6))))
    doses = [Dose("ibuprofen", 2), Dose("gabapentin", 1)]
    if day < STOPPED:
        doses.append(Dose("tramadol", 2 if progress < 0.2 else 1))
    if progress < 0.5:
        doses.append(Dose("Percocet", 6 if day.day % 9 == 0 else 2))
        doses.append(Dose("Tylenol", 4 if day.day % 9 == 0 else 1))
    ratings = tuple(
        ActivityRating(a, max(0, min(10, round(3 + 4 * progress + i * 0.3 + rng.uniform(-1, 1)))))
        for i, a in enumerate(ACTIVITIES)
    )
    note, for_clinician = notes.get(day, (None, False))
    return DailyLog(
        day,
        pain,
        worst=min(10, pain + 2),
        sleep_hours=round(5.5 + 1.5 * progress, 1),
        stress=max(0, 6 - round(2 * progress)),
        note=note,
        doses=tuple(doses),
        activity_ratings=ratings,
        red_flags=("leg-weakness",) if day == RED_FLAG_DAY else ("fever",) if day == AFTER else (),
        for_clinician=for_clinician,
    )


def _previous() -> tuple[Course, list[Session], list[DailyLog]]:
    """An earlier course for the same condition, ended with its outcome."""
    course = Course(
        "knee-spring",
        dt.date(2026, 3, 2),
        sessions_planned=6,
        condition="Knee osteoarthritis",
        practitioner="Dr. Ana Souza",
        ended=dt.date(2026, 4, 20),
        outcome="little change",
        id=1,
    )
    first = dt.date(2026, 3, 9)
    sessions = [Session(1, first + dt.timedelta(days=7 * i), 7, 6, minutes=30) for i in range(6)]
    logs = [
        DailyLog(course.start + dt.timedelta(days=d), 7 if d < 30 else 6)
        for d in range((course.ended - course.start).days + 1)  # type: ignore[operator]
    ]
    return course, sessions, logs


def diary(extra_notes: int = 0) -> Diary:
    """The heavy course; `extra_notes` more notes on the days after its last one (page 2)."""
    rng = random.Random(22)
    last = max(NOTES)
    notes = NOTES | {
        last + dt.timedelta(days=i + 1): (f"extra note {i + 1}", False) for i in range(extra_notes)
    }
    course = Course(
        "knee-autumn",
        START,
        sessions_planned=12,
        condition="knee osteoarthritis",
        practitioner="Dr. Ana Souza",
        goals=GOALS,
        ended=ENDED,
        outcome=OUTCOME,
        id=2,
    )
    prev, prev_sessions, prev_logs = _previous()
    span = (ENDED - FIRST).days
    logs = [
        _log(rng, day, max(0.0, (day - FIRST).days / span), notes)
        for day in (START + dt.timedelta(days=d) for d in range((NOW.date() - START).days))
        if day.weekday() != 6 or day < FIRST or day in notes  # a few days missed
    ]
    sessions = [
        Session(
            2,
            day,
            7 - i // 3,
            4 - i // 4,
            minutes=30 + 5 * (i % 3),
            needles=8 + i % 5,
            techniques=("manual", "electro") if i >= 4 else ("manual",),
            side_effects=("soreness",) if i in (1, 6) else ("bruise",) if i == 9 else (),
            practitioner="Sam Okafor" if i in (7, 8) else None,
            note=SESSION_NOTE[1] if day == SESSION_NOTE[0] else None,
            for_clinician=day == SESSION_NOTE[0],
        )
        for i, day in enumerate(SESSION_DAYS)
    ]
    pegs = [Peg(FIRST - dt.timedelta(days=1), 7, 7, 6)]
    pegs += [
        Peg(FIRST + dt.timedelta(days=7 * w), 6 - w // 3, 6 - w // 3, 5 - w // 3)
        for w in range(1, 9)
    ]
    return Diary(
        courses=(prev, course),
        medications=MEDS,
        activities=tuple(Activity(a, id=i) for i, a in enumerate(ACTIVITIES, 1)),
        sessions=(*prev_sessions, *sessions),
        daily_logs=(*prev_logs, *logs),
        pegs=tuple(pegs),
        decisions=(Decision(2, ENDED - dt.timedelta(days=3), impression=2, choice="continue"),),
    )


def write_heavy(path: Path, extra_notes: int = 0) -> Path:
    conn = store.open_db(path, now=NOW)
    try:
        transfer.demo(conn, diary(extra_notes), NOW)
    finally:
        conn.close()
    return path
