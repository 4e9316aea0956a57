"""Everything stored (or everything in a file to import), as models: `export` and `import`."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from paintrack.frozen import frozen

if TYPE_CHECKING:  # annotations only: the models package imports this module
    from paintrack.models import Activity, Course, DailyLog, Decision, Medication, Peg, Session
    from paintrack.models.draw import StartDraw


@frozen
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
    start_draws: tuple[StartDraw, ...] = ()

    def course_name(self, course_id: int) -> str:
        return next(c.name for c in self.courses if c.id == course_id)

    @property
    def rows(self) -> int:
        kids = sum(
            len(x.doses) + len(x.activity_ratings) + len(x.red_flags) for x in self.daily_logs
        ) + sum(len(m.ingredients) for m in self.medications)
        tables = (self.courses, self.medications, self.activities, self.sessions, self.start_draws)
        return kids + sum(len(t) for t in (*tables, self.daily_logs, self.pegs, self.decisions))
