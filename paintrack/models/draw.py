"""A randomised start (domain.md §12.2), as stored: one row per course that drew one."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from paintrack.errors import InvalidValue


@dataclass(frozen=True, slots=True)
class StartDraw:
    """A randomised start (domain.md §12.2): the first session's day, drawn uniformly from days
    `first_day`–`last_day` of the course (the dates `first`–`last`) when the course was started,
    before any entry. Never redrawn or edited; `ended` says why it no longer holds, if so."""

    course_id: int
    first_day: int  # day 1 = the course's start
    last_day: int
    first: dt.date
    last: dt.date
    drawn: dt.date
    seed: str  # the seed of the draw, so anyone can repeat it
    drawn_at: str  # when it was drawn (ISO date-time, UTC)
    ended: str | None = None
    id: int | None = None

    def __post_init__(self) -> None:
        if not 1 <= self.first_day <= self.last_day:
            raise InvalidValue("--randomise-start", "days A-B with 1 ≤ A ≤ B")
        if not self.first <= self.drawn <= self.last:
            raise InvalidValue("drawn", f"a day from {self.first} to {self.last}")

    @property
    def k(self) -> int:
        """The number of admissible days."""
        return (self.last - self.first).days + 1
