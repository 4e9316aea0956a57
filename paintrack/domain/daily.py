"""One value per day, per window and per week: the single definition behind every output. Pure.

The review, the terminal charts, the weekly table and the clinician summary all take their
numbers from these functions, so a day, a week or a baseline has one value everywhere:

- a day's value is the mean of that day's logs (several check-ins a day are allowed), so days
  weigh equally in anything longer (product.md, review);
- a window's value is the mean of its days' values, given only with enough days logged
  (≥4 of 7 for daily measures, domain.md §1.3; one for the weekly PEG, domain.md §2);
- a week is an ISO week, Monday to Sunday, everywhere; a bucket of several weeks starts on a
  Monday counted from a fixed Monday, so buckets never depend on where a chart starts;
- the PSFS mean of a day is the mean over activities of each activity's daily mean (domain.md
  §3.1: the score is the mean of the activity scores); with one log a day it is that log's
  mean rating, and an activity rated twice in a day counts once;
- the PEG score is the exact mean of its 3 items (domain.md §2), rounded only when shown.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import date, timedelta
from fractions import Fraction

from paintrack import reference as ref
from paintrack.domain.course import Window
from paintrack.domain.numbers import Number, exact, mean
from paintrack.frozen import frozen
from paintrack.models import DailyLog, Peg

Daily = dict[date, Fraction]  # a day's value, for the days that have one, in date order
LogValue = Callable[[DailyLog], Number | None]  # one value read off a daily log
EPOCH_MONDAY = date(2001, 1, 1)  # a Monday: multi-week buckets are counted from it

#: The daily-log values by field name; the review, charts and the weekly table read these.
LOG_VALUES: dict[str, LogValue] = {
    "pain": lambda log: log.pain,  # average pain, 0–10 NRS (domain.md §1.1, §1.4 item 5)
    "worst": lambda log: log.worst,
    "least": lambda log: log.least,
    "sleep_hours": lambda log: log.sleep_hours,
    "sleep_interference": lambda log: log.sleep_interference,  # BPI 9F (domain.md §5)
    "stress": lambda log: log.stress,  # local 0–10 item (domain.md §5)
}


def from_sums(sums: Mapping[date, tuple[Number, int]]) -> Daily:
    """Each day's mean from (sum, count), as the store aggregates pain in SQL."""
    return {d: exact(s) / n for d, (s, n) in sorted(sums.items()) if n}


def daily_means(items: Iterable[tuple[date, Number | None]], window: Window | None = None) -> Daily:
    """The mean per day of the values given (inside `window`, if one is given)."""
    sums: dict[date, tuple[Number, int]] = {}
    for day, value in items:
        if value is None or (window is not None and day not in window):
            continue
        s, n = sums.get(day, (0, 0))
        # Whole numbers add as ints (exact, and far quicker than Fractions over years of
        # logs); anything else as the Fraction it was typed as.
        sums[day] = (s + (value if type(value) is int else exact(value)), n + 1)
    return from_sums(sums)


def log_daily(logs: Iterable[DailyLog], field: str, window: Window | None = None) -> Daily:
    """The daily mean of one daily-log value (a `LOG_VALUES` name)."""
    get = LOG_VALUES[field]
    return daily_means(((log.date, get(log)) for log in logs), window)


def inside(daily: Mapping[date, Fraction], window: Window) -> Daily:
    return {d: v for d, v in daily.items() if d in window}


def window_mean(
    daily: Mapping[date, Fraction], window: Window, days_needed: int = ref.BASELINE_MIN_DAYS
) -> Fraction | None:
    """The mean of the days in `window` with a value; None with fewer than `days_needed`."""
    values = [v for d, v in daily.items() if d in window]
    return mean(values) if values and len(values) >= days_needed else None


# --- Function (PSFS) and PEG ------------------------------------------------------------------
def activity_daily(logs: Iterable[DailyLog], window: Window | None = None) -> dict[str, Daily]:
    """Each PSFS activity's daily mean rating, in the order first rated (domain.md §3.1).

    An activity is matched without regard to case and named as first written.
    """
    names: dict[str, str] = {}
    items: dict[str, list[tuple[date, Number | None]]] = {}
    for log in logs:
        if window is not None and log.date not in window:
            continue
        for r in log.activity_ratings:
            key = r.activity.lower()
            names.setdefault(key, r.activity)
            items.setdefault(key, []).append((log.date, r.rating))
    return {names[k]: daily_means(v) for k, v in items.items()}


def log_psfs(log: DailyLog) -> Fraction | None:
    """One log's PSFS score: the mean of its activity ratings (domain.md §3.1) — the same as
    `psfs_daily` gives for a day with that one log."""
    ratings = log.activity_ratings
    return Fraction(sum(r.rating for r in ratings), len(ratings)) if ratings else None


def psfs_daily(logs: Iterable[DailyLog], window: Window | None = None) -> Daily:
    """The PSFS mean per day: the mean over activities of each activity's daily mean."""
    by_day: dict[date, list[Fraction]] = {}
    for days in activity_daily(logs, window).values():
        for d, v in days.items():
            by_day.setdefault(d, []).append(v)
    return {d: sum(vs, Fraction(0)) / len(vs) for d, vs in sorted(by_day.items())}


def peg_score(peg: Peg) -> Fraction:
    """The PEG score: the exact mean of pain, enjoyment and general activity (domain.md §2)."""
    return Fraction(peg.pain + peg.enjoyment + peg.general_activity, 3)


def peg_daily(pegs: Iterable[Peg], window: Window | None = None) -> Daily:
    return daily_means(((p.date, peg_score(p)) for p in pegs), window)


# --- Weeks -------------------------------------------------------------------------------------
def week_start(day: date, weeks: int = 1) -> date:
    """The Monday starting `day`'s ISO week, or its bucket of `weeks` weeks."""
    if weeks <= 1:
        return day - timedelta(days=day.weekday())
    span = 7 * weeks
    return EPOCH_MONDAY + timedelta(days=(day - EPOCH_MONDAY).days // span * span)


@frozen
class Week:
    """One ISO week (or bucket of weeks): the mean of its days with a value, and how many."""

    start: date  # a Monday, possibly before the window's first day
    mean: Fraction | None  # None: no day with a value (a gap)
    days: int


def weekly(daily: Mapping[date, Fraction], window: Window, weeks: int = 1) -> tuple[Week, ...]:
    """Every week (or bucket) that overlaps `window`, in order; days weigh equally."""
    groups: dict[date, list[Fraction]] = {}
    start = week_start(window.start, weeks)
    while start <= window.end:
        groups[start] = []
        start = week_start(start + timedelta(days=7 * max(weeks, 1)), weeks)
    for d, v in daily.items():
        if d in window:
            groups[week_start(d, weeks)].append(v)
    return tuple(Week(s, mean(vs), len(vs)) for s, vs in groups.items())
