"""Where a course stands (status), its review, and the decision the patient records."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from paintrack import reference as ref
from paintrack import store
from paintrack.domain.course import PRE_BASELINE_DAYS, baseline_window, current_window
from paintrack.domain.daily import from_sums
from paintrack.domain.review import Review, ReviewInput, continue_allowed
from paintrack.domain.review import review as compute
from paintrack.errors import InvalidValue
from paintrack.fields import DECISION
from paintrack.models import Course, Decision
from paintrack.usecases.courses import point, require_active


def review_input(
    conn: store.Db, course: Course, today: dt.date, *, every_log: bool = False
) -> ReviewInput:
    """The rows the review needs, from 28 days before the baseline up to `today`.

    Between the baseline week and the last 7 days only logs with red flags or counted doses are
    read, unless `every_log` (the clinician summary draws the whole trend from them).
    """
    cid = course.id or 0
    p = point(conn, course, today)
    baseline = baseline_window(p.first_session, today)
    start = min(baseline.start, course.start) - dt.timedelta(
        days=PRE_BASELINE_DAYS + ref.BASELINE_DAYS
    )
    current = current_window(today)
    if not every_log and current.start - baseline.end > dt.timedelta(days=1):
        middle = (baseline.end + dt.timedelta(days=1), current.start - dt.timedelta(days=1))
        logs = [
            *store.logs_between(conn, start, baseline.end),
            # the review reads ratings only inside its windows
            *store.logs_between(conn, *middle, only=store.FLAGGED_OR_COUNTED, ratings=False),
            *store.logs_between(conn, current.start, today),
        ]
    else:
        logs = store.logs_between(conn, start, today)
    return ReviewInput(
        course=course,
        point=p,
        today=today,
        logs=logs,
        pegs=store.pegs_between(conn, start, today),
        sessions=store.sessions(conn, cid),
        medications={m.name.lower(): m for m in store.medications(conn)},
        impression=store.latest_impression(conn, cid),
        dose_spans=store.dose_spans(conn, baseline.start, today),  # every log, for by_drug
        pain_days=from_sums(store.daily_pain(conn, start, today)),  # AB phases (domain.md §12)
        draw=store.start_draw(conn, cid),  # a randomised start, if one was drawn (§12.2)
    )


@dataclass(frozen=True, slots=True)
class Reviewed:
    course: Course
    review: Review
    decision: Decision | None  # the latest recorded decision (with a choice), if any
    other_scales: str | None = None  # imported ratings of the baseline week, not in it


def other_scales(conn: store.Db, course: Course, today: dt.date) -> str | None:
    """A sentence when ratings imported from another app fall in the baseline week: they are on
    their own scale (a 0-4, mild…severe) and never part of the 0-10 baseline (domain.md §1.1,
    §1.3; issue 26)."""
    from paintrack.store.imported import imported_between

    window = baseline_window(point(conn, course, today).first_session, today)
    found = imported_between(conn, window.start, window.end, "rating")
    if not found:
        return None
    n = sum(int(r["n"]) for r in found)
    scales = sorted({f"{r['source']} {r['scale'] or '(no number)'}" for r in found})
    names = sorted({str(r["name"]) for r in found}, key=str.lower)
    shown = ", ".join(names[:5]) + (f" and {len(names) - 5} more" if len(names) > 5 else "")
    verb = "is" if n == 1 else "are"
    return (
        f"Your baseline is your 0-10 logs only: {n} rating{'s' * (n != 1)} imported for that "
        f"week ({shown}) {verb} on another scale ({'; '.join(scales)}) and not mixed in."
    )


def review(conn: store.Db, today: dt.date) -> Reviewed:
    course = require_active(conn)
    result = compute(review_input(conn, course, today))
    latest = store.latest_decision(conn, course.id or 0)
    return Reviewed(course, result, latest, other_scales(conn, course, today))


def may_continue(
    conn: store.Db, reviewed: Reviewed, today: dt.date
) -> tuple[bool, str, int | None]:
    """Whether `continue` may be recorded now, why, and the sessions it extends to (§8)."""
    in_year = store.sessions_in_year(conn, today)
    return continue_allowed(reviewed.review, reviewed.course, in_year)


@dataclass(frozen=True, slots=True)
class Decided:
    before: Reviewed  # the review the decision was made on
    after: Reviewed  # the review once recorded (the re-evaluate point may have moved)
    decision: Decision
    why: str | None  # under a plan: what `continue` did (or would need)


def decide(conn: store.Db, impression: int | None, choice: str | None, now: dt.datetime) -> Decided:
    """Record the PGIC and/or the decision on today's review; under a plan, `continue` is only
    allowed when improving and extends the course (domain.md §8)."""
    today = now.date()
    before = review(conn, today)
    course = before.course
    extension, why = None, None
    if choice == "continue":
        allowed, why, extension = may_continue(conn, before, today)
        if not allowed:
            raise DECISION["choice"].error(f"change or stop here: {why}", "continue")
        if course.plan is None:
            why = None
    record = Decision(
        course.id or 0, today, impression=impression, choice=choice, verdict=before.review.verdict
    )
    said = [f"impression {impression}" if impression else "", choice or ""]
    with store.writing(conn, "review", now):
        store.insert_decision(conn, record, now)
        if extension is not None:
            store.update_course(
                conn, course.id or 0, {"sessions_planned": extension, "days_planned": None}
            )
        store.set_change_summary(conn, "review: " + ", ".join(x for x in said if x))
    if impression is None and choice is None:
        raise InvalidValue("impression", "given, or --decide")
    return Decided(before, review(conn, today), record, why)
