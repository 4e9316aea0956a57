"""Where a course stands: the re-evaluate point, the baseline window, status. Pure functions."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from paintrack import reference as ref
from paintrack.frozen import frozen
from paintrack.models import Course, RedFlagEvent, StartDraw

if TYPE_CHECKING:
    from paintrack.domain.doses import MedicationFlag


@frozen
class Window:
    """Days from `start` up to and including `end`."""

    start: date
    end: date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.start <= day <= self.end


def baseline_window(first_session: date | None, today: date) -> Window:
    """The 7 days before the first session (domain.md §1.3); before any session, the last 7 days."""
    anchor = first_session if first_session is not None else today + timedelta(days=1)
    return Window(anchor - timedelta(days=ref.BASELINE_DAYS), anchor - timedelta(days=1))


def current_window(today: date) -> Window:
    """The last 7 days up to the review date: the review day and the 6 days before (product.md)."""
    return Window(today - timedelta(days=ref.BASELINE_DAYS - 1), today)


PRE_BASELINE_DAYS = 28  # regression to the mean: 4 weeks, mirroring domain.md §7 (design choice)


def pre_baseline_window(baseline: Window) -> Window:
    """The 4 weeks before the baseline week, to tell a baseline taken in a flare."""
    return Window(
        baseline.start - timedelta(days=PRE_BASELINE_DAYS), baseline.start - timedelta(days=1)
    )


@frozen
class CoursePoint:
    """product.md's `course` object: progress towards the agreed re-evaluate point."""

    name: str
    sessions_done: int
    sessions_planned: int | None
    days_planned: int | None
    first_session: date | None
    reevaluate_due: bool
    due_reason: str | None
    reached_on: date | None

    def as_json(self) -> dict[str, object]:
        return {
            "name": self.name,
            "sessions_done": self.sessions_done,
            "sessions_planned": self.sessions_planned,
            "days_planned": self.days_planned,
            "first_session": self.first_session.isoformat() if self.first_session else None,
            "reevaluate_due": self.reevaluate_due,
            "due_reason": self.due_reason,
        }


def reevaluate_point(
    course: Course, session_dates: list[date], decision_dates: list[date], today: date
) -> CoursePoint:
    """The point is reached after N sessions or D days from the first session, whichever first.

    It stays due until a decision is recorded on or after the day it was reached; a decision
    that extends the plan (more sessions) moves the point on.
    """
    days = sorted(session_dates)
    first = days[0] if days else None
    reached: list[tuple[date, str]] = []
    n = course.sessions_planned
    if n is not None and len(days) >= n:
        reached.append((days[n - 1], f"{n} of {n} sessions done"))
    if course.days_planned is not None and first is not None:
        point = first + timedelta(days=course.days_planned)
        if point <= today:
            reached.append(
                (point, f"{course.days_planned} days since the first session on {first}")
            )
    reached_on, reason = min(reached) if reached else (None, None)
    decided = reached_on is not None and any(d >= reached_on for d in decision_dates)
    due = reached_on is not None and not decided and course.ended is None
    return CoursePoint(
        name=course.name,
        sessions_done=len(days),
        sessions_planned=n,
        days_planned=course.days_planned,
        first_session=first,
        reevaluate_due=due,
        due_reason=reason if due else None,
        reached_on=reached_on,
    )


def past_plan(point: CoursePoint) -> str | None:
    """Sessions counted past the plan: '9 sessions, 8 planned: the re-evaluate point was
    reached on 2026-11-20' (None while within it)."""
    n, done = point.sessions_planned, point.sessions_done
    if n is None or done <= n or point.reached_on is None:
        return None
    return f"{done} sessions, {n} planned: the re-evaluate point was reached on {point.reached_on}"


def reevaluate_line(point: CoursePoint) -> str | None:
    """The line the daily commands (log, session, peg) print on stderr while a decision is
    pending; status shows the same words in its own output."""
    if not point.reevaluate_due:
        return None
    why = past_plan(point) or f"Re-evaluate point reached ({point.due_reason})"
    return f"{why}: run `paintrack review`."


def peg_reminder(course: Course, last_peg: date | None, today: date) -> str | None:
    """'PEG due: last one 9 days ago' once a week has passed since the last PEG of the course
    (or since its start, with none yet); the PEG recalls the past week (domain.md §2)."""
    if course.ended is not None:
        return None
    if last_peg is None:
        if (today - course.start).days < ref.PEG_EVERY_DAYS:
            return None
        return "PEG due: none logged in this course yet: paintrack peg"
    ago = (today - last_peg).days
    if ago < ref.PEG_EVERY_DAYS:
        return None
    return f"PEG due: last one {ago} days ago: paintrack peg"


@frozen
class Status:
    course: Course
    point: CoursePoint
    today: date
    baseline: Window
    baseline_days_logged: int
    last_log_date: date | None
    red_flags: tuple[RedFlagEvent, ...]
    medication_flags: tuple[MedicationFlag, ...] = ()  # today's and yesterday's (§6.5)
    draw: StartDraw | None = None  # a randomised start (domain.md §12.2)

    @property
    def draw_state(self) -> str | None:
        """The randomised start in one line: the day to book, or what became of it."""
        if self.draw is None:
            return None
        from paintrack.domain.start_draw import draw_state

        return draw_state(self.draw, self.course.start, self.point.first_session, self.today)

    @property
    def days_elapsed(self) -> int:
        return (self.today - self.course.start).days

    @property
    def days_since_last_log(self) -> int | None:
        return None if self.last_log_date is None else (self.today - self.last_log_date).days

    @property
    def baseline_quality(self) -> str:
        """'good' with ≥4 of 7 days logged (domain.md §1.3), else 'thin'; 'collecting' before."""
        if self.point.first_session is None:
            return "collecting"
        return "good" if self.baseline_days_logged >= ref.BASELINE_MIN_DAYS else "thin"

    def as_json(self) -> dict[str, object]:
        c = self.course
        return {
            "course": self.point.as_json(),
            "therapy": c.therapy,
            "condition": c.condition,
            "practitioner": c.practitioner,
            "plan": c.plan,
            "start": c.start.isoformat(),
            "today": self.today.isoformat(),
            "days_elapsed": self.days_elapsed,
            "baseline": {
                "start": self.baseline.start.isoformat(),
                "end": self.baseline.end.isoformat(),
                "days_logged": self.baseline_days_logged,
                "days_needed": ref.BASELINE_MIN_DAYS,
                "quality": self.baseline_quality,
            },
            "last_log": self.last_log_date.isoformat() if self.last_log_date else None,
            "days_since_last_log": self.days_since_last_log,
            "red_flags": [{"date": f.date.isoformat(), "code": f.code} for f in self.red_flags],
            "medication_flags": [f.as_json() for f in self.medication_flags],
            "randomised_start": self._draw_json(),
        }

    def _draw_json(self) -> dict[str, object] | None:
        if self.draw is None:
            return None
        from paintrack.domain.start_draw import as_json

        return {**as_json(self.draw, self.course.start), "state": self.draw_state}


def red_flag_since(course: Course, first_session: date | None) -> date:
    """Red flags are shown from the start of the course's baseline on (never hidden later)."""
    anchor = min(course.start, first_session) if first_session else course.start
    return anchor - timedelta(days=ref.BASELINE_DAYS)
