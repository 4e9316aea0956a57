"""What the clinician's summary page is built from: plain data, so `export.summary` reads it
without importing the use-case (`usecases.summary`) that gathers it from the store."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from paintrack.domain.review import Review, ReviewInput
from paintrack.models import Course, DailyLog, Decision


@dataclass(frozen=True, slots=True)
class Previous:
    """The course before this one for the same condition, reviewed at its own end."""

    course: Course
    review: Review
    decision: Decision | None


@dataclass(frozen=True, slots=True)
class PageInput:
    inp: ReviewInput  # what `review --json` reads: the same review, the same numbers
    decisions: tuple[Decision, ...]  # recorded on or before the review date
    chosen: str | None  # why this course, when none was named and none is active
    previous: Previous | None
    # None: take both from inp.logs (a test's diary in memory)
    pain: dict[dt.date, tuple[int, int]] | None = None  # (sum, count) a day, the whole course
    noted: tuple[DailyLog, ...] = ()  # the logs with a note, the whole course
