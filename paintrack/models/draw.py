"""A randomised start (domain.md §12.2), as stored: one row per course that drew one."""

from __future__ import annotations

from paintrack import fields as F
from paintrack.frozen import frozen


@frozen
class StartDraw:
    """The first session's day, drawn uniformly from days `first_day`–`last_day` of the course
    (day 1 = its start) with `random.Random(seed)`, when the course was started, before any
    entry (`created_at` is the time of the draw). Never redrawn or edited; `ended` says why it
    no longer holds (a correction of the course's start), if so."""

    course_id: int
    first_day: int
    last_day: int
    drawn_day: int
    seed: str
    ended: str | None = None
    id: int | None = None
    created_at: str | None = None

    def __post_init__(self) -> None:
        F.START_DRAW.check(self)

    @property
    def k(self) -> int:
        """The number of admissible days (domain.md §12.2: p ≤ 0.05 needs k ≥ 20)."""
        return self.last_day - self.first_day + 1
