"""A randomised start (domain.md §12.2): the first session's day, drawn when the course starts."""

from __future__ import annotations

from paintrack import reference as ref
from paintrack.fields.base import Concept, Field, Rule
from paintrack.fields.course import COURSE_REF
from paintrack.fields.shared import CREATED, _id


def _day(name: str, what: str) -> Field:
    return Field(
        name,
        "int",
        what,
        what,
        lo=1,
        hi=ref.MAX_DRAW_DAY,
        doc=f"{what} (day 1 = the course's start)",
    )


START_DRAW = Concept(
    "start_draw",
    "start_draws",
    (
        _id(),
        COURSE_REF,
        _day("first_day", "first admissible day"),
        _day("last_day", "last admissible day"),
        _day("drawn_day", "drawn day of the first session"),
        Field(
            "seed",
            "line",
            "seed",
            "the seed of the draw",
            max_len=100,
            doc="the seed: `random.Random(seed).randint(first_day, last_day)` gives `drawn_day`",
        ),
        Field(
            "ended",
            "line",
            "ended",
            "why the randomisation no longer holds",
            max_len=500,
            doc="why the randomisation was ended (a correction), empty while it holds",
        ),
        # created_at: when it was drawn, in the same transaction as the course's start
        CREATED,
    ),
    (
        Rule(
            "last_day",
            ("first_day",),
            lambda last, first: last > first,
            lambda first: f"after the first admissible day ({first}): at least 2 days to draw from",
        ),
        Rule(
            "drawn_day",
            ("first_day", "last_day"),
            lambda drawn, first, last: first <= drawn <= last,
            lambda first, last: f"a day from {first} to {last}",
        ),
    ),
)
