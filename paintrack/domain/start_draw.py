"""A randomised start (domain.md §12.2): the window, the draw from a recorded seed, what it
means for the course on a given day. Pure: the caller makes the seed (`secrets`) and passes
`today`; the same seed always draws the same day, so anyone can check the draw.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from paintrack import reference as ref
from paintrack.errors import InvalidValue
from paintrack.frozen import frozen
from paintrack.models import StartDraw

OPTION = "--randomise-start"
_WINDOW = re.compile(r"\s*(\d{1,4})\s*[-–]\s*(\d{1,4})\s*")


def parse_window(text: str) -> tuple[int, int]:
    """'8-27' → (8, 27): days of the course, day 1 its start. The first admissible day leaves a
    full baseline week before it (day 8, domain.md §1.3, §12.2); at least 2 days to draw from."""
    found = _WINDOW.fullmatch(text)
    lo, hi = ref.MIN_DRAW_DAY, ref.MAX_DRAW_DAY
    allowed = f"days A-B of the course with {lo} ≤ A < B ≤ {hi}, e.g. {lo}-27"
    if found is None:
        raise InvalidValue(OPTION, allowed, text)
    first, last = int(found[1]), int(found[2])
    if not lo <= first < last <= hi:
        raise InvalidValue(OPTION, allowed, text)
    return first, last


def draw_day(seed: str, first_day: int, last_day: int) -> int:
    """The drawn day: uniform on first_day..last_day, from the seed alone (Python's
    `random.Random(seed).randint(first_day, last_day)`, stable across Python versions)."""
    import random  # here: `paintrack log` loads this module but never draws

    return random.Random(seed).randint(first_day, last_day)


def course_day(start: date, n: int) -> date:
    """Day n of a course that starts on `start` (day 1)."""
    return start + timedelta(days=n - 1)


@frozen
class DrawDates:
    """A draw's days as dates of the course."""

    first: date
    last: date
    drawn: date

    @classmethod
    def of(cls, draw: StartDraw, start: date) -> DrawDates:
        return cls(
            course_day(start, draw.first_day),
            course_day(start, draw.last_day),
            course_day(start, draw.drawn_day),
        )


def draw_state(draw: StartDraw, start: date, first_session: date | None, today: date) -> str:
    """One line for `status` (and `course start`): the day to book, or what became of it."""
    d = DrawDates.of(draw, start)
    window = f"drawn at random from days {draw.first_day}–{draw.last_day}, k = {draw.k}"
    if draw.ended:
        return f"ended: {draw.ended} (no p-value at review)"
    if first_session is None:
        when = "today" if d.drawn == today else f"{d.drawn:%a} {d.drawn}"
        late = " — that day has passed: no p-value at review" if d.drawn < today else ""
        return f"book your first session for {when} (day {draw.drawn_day}, {window}){late}"
    if first_session == d.drawn:
        return f"first session on the drawn day {d.drawn} ({window}): a p-value at review"
    return f"first session on {first_session}, not on the drawn day {d.drawn}: no p-value at review"


def as_json(draw: StartDraw, start: date) -> dict[str, object]:
    d = DrawDates.of(draw, start)
    return {
        "first_day": draw.first_day,
        "last_day": draw.last_day,
        "k": draw.k,
        "drawn_day": draw.drawn_day,
        "drawn_date": d.drawn.isoformat(),
        "window": {"start": d.first.isoformat(), "end": d.last.isoformat()},
        "seed": draw.seed,
        "drawn_at": draw.created_at,
        "ended": draw.ended,
    }


def booking_lines(draw: StartDraw, start: date) -> list[str]:
    """What `course start --randomise-start` tells the patient."""
    d = DrawDates.of(draw, start)
    return [
        f"Randomised start: drawn at random from days {draw.first_day}–{draw.last_day} of the "
        f"course ({d.first} to {d.last}, k = {draw.k}; seed {draw.seed}).",
        f"Book your first session for {d.drawn} ({d.drawn:%A}, day {draw.drawn_day}). Keep that "
        "day: only then can the review say how likely a drop this large would be by chance.",
    ] + (
        [
            f"With {draw.k} possible days the smallest possible p is 1/{draw.k}: a window of 20 "
            "days or more is needed for p = 0.05 (domain.md §12.2)."
        ]
        if draw.k < 20
        else []
    )
