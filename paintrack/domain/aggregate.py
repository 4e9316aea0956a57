"""Series for the terminal charts and the summary's chart. Pure: no I/O, no clock, no plotext.

A series has one point per day (or per bucket) across a window; a day without a log is a gap
(`value is None`) and is never interpolated. Every value comes from `domain.daily` (a day's
mean, the PSFS mean, the PEG score, ISO weeks) and `domain.doses` (MME, units by kind), the same
functions the review and the weekly table use, so a chart never shows another number. Values
are exact fractions; a renderer turns them into floats only to draw them.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction

from paintrack import reference as ref
from paintrack.domain import daily as dl
from paintrack.domain.course import Window
from paintrack.domain.doses import Uncounted, dose_days
from paintrack.models import DailyLog, Medication, Peg, Session

ROLLING_DAYS = ref.BASELINE_DAYS  # a 7-day rolling mean, the same span as the baseline (§1.3)
ROLLING_MIN_DAYS = ref.BASELINE_MIN_DAYS  # ≥4 of 7 days, as for the baseline (domain.md §1.3)
REDUCTIONS = (Fraction(3, 10), Fraction(1, 2))  # moderate and substantial (domain.md §1.2)


@dataclass(frozen=True, slots=True)
class DayValue:
    """One point: a date (or the Monday starting a bucket) and its value; None is a gap."""

    date: date
    value: Fraction | None


@dataclass(frozen=True, slots=True)
class Series:
    """A named run of points in date order, with explicit gaps."""

    name: str
    points: tuple[DayValue, ...]
    bucket_days: int = 1  # 1 = daily points, 7 = weekly (ISO weeks), 28 = four-weekly …

    @property
    def values(self) -> list[Fraction]:
        return [p.value for p in self.points if p.value is not None]

    @property
    def is_empty(self) -> bool:
        return all(p.value is None for p in self.points)

    def runs(self) -> list[list[DayValue]]:
        """The unbroken stretches of data between gaps (what a chart draws as one line)."""
        out: list[list[DayValue]] = []
        current: list[DayValue] = []
        for p in self.points:
            if p.value is None:
                if current:
                    out.append(current)
                current = []
            else:
                current.append(p)
        if current:
            out.append(current)
        return out


@dataclass(frozen=True, slots=True)
class SessionPoint:
    """One session's immediate relief: 'right now' pain before and after (domain.md §1.3, §9)."""

    number: int
    date: date
    before: int
    after: int


def days_of(window: Window) -> list[date]:
    return [window.start + timedelta(days=i) for i in range(window.days)]


def series(name: str, daily: Mapping[date, Fraction], window: Window) -> Series:
    """One point per day of `window`: the day's value, or a gap."""
    return Series(name, tuple(DayValue(d, daily.get(d)) for d in days_of(window)))


def daily_series(logs: Iterable[DailyLog], field: str, window: Window) -> Series:
    """The daily mean of one daily-log value (`daily.LOG_VALUES`) across `window`."""
    return series(field, dl.log_daily(logs, field, window), window)


def activity_series(logs: Iterable[DailyLog], window: Window) -> list[Series]:
    """One daily-mean series per PSFS activity, in the order first rated (domain.md §3.1)."""
    return [series(name, days, window) for name, days in dl.activity_daily(logs, window).items()]


def psfs_series(logs: Iterable[DailyLog], window: Window) -> Series:
    """The PSFS mean per day (`daily.psfs_daily`)."""
    return series("psfs", dl.psfs_daily(logs, window), window)


def peg_series(pegs: Iterable[Peg], window: Window) -> Series:
    """PEG scores (exact mean of 3 items, domain.md §2) per day; weekly, so mostly gaps."""
    return series("peg", dl.peg_daily(pegs, window), window)


@dataclass(frozen=True, slots=True)
class MedicationSeries:
    """The meds chart's data, from one pass of `doses.dose_days` over the window's logs."""

    mme: Series  # MME a day: a logged day without opioid doses is 0, an unlogged day a gap
    kinds: tuple[Series, ...]  # units taken a day per kind that occurs (ref.MED_KINDS order)
    uncounted: tuple[Uncounted, ...]  # doses in no MME total (they add 0), and why


def medication_series(
    logs: Iterable[DailyLog], meds: Mapping[str, Medication], window: Window
) -> MedicationSeries:
    """MME a day and units a day by kind; a medication missing from `meds` counts as 'other'."""
    doses = dose_days((log for log in logs if log.date in window), meds)
    by_kind = {d: dict(x.units) for d, x in doses.days.items()}
    kinds = [k for k in ref.MED_KINDS if any(k in u for u in by_kind.values())]
    return MedicationSeries(
        series("mme", doses.mme(), window),
        tuple(
            series(k, {d: u.get(k, Fraction(0)) for d, u in by_kind.items()}, window) for k in kinds
        ),
        doses.uncounted,
    )


def mme_series(logs: Iterable[DailyLog], meds: Mapping[str, Medication], window: Window) -> Series:
    return medication_series(logs, meds, window).mme


def doses_by_kind(
    logs: Iterable[DailyLog], meds: Mapping[str, Medication], window: Window
) -> list[Series]:
    return list(medication_series(logs, meds, window).kinds)


def rolling_mean(s: Series, days: int = ROLLING_DAYS, min_days: int = ROLLING_MIN_DAYS) -> Series:
    """Trailing mean over `days` points; a gap where fewer than `min_days` of them have data.

    Gaps stay gaps: a missing day is left out of the mean, never filled in.
    """
    points = s.points
    out: list[DayValue] = []
    for i, p in enumerate(points):
        window = [q.value for q in points[max(0, i - days + 1) : i + 1] if q.value is not None]
        value = sum(window, Fraction(0)) / len(window) if len(window) >= min_days else None
        out.append(DayValue(p.date, value))
    return Series(f"{s.name} {days}-day mean", tuple(out), s.bucket_days)


def bucket(s: Series, bucket_days: int = 7) -> Series:
    """Means of the points in ISO weeks (or buckets of whole weeks, `daily.weekly`).

    A bucket whose days are all gaps is a gap; the value is the mean of the days with data
    (days weigh equally). A bucket's point is dated on the Monday that starts it.
    """
    if not s.points or bucket_days <= 1:
        return s
    window = Window(s.points[0].date, s.points[-1].date)
    values = {p.date: p.value for p in s.points if p.value is not None}
    weeks = dl.weekly(values, window, max(bucket_days // 7, 1))
    points = tuple(DayValue(w.start, w.mean) for w in weeks)
    return Series(s.name, points, 7 * max(bucket_days // 7, 1) * s.bucket_days)


def bucket_days_for(days: int, columns: int) -> int:
    """Days per point so that the points fit in `columns`: 1 if they do, else whole weeks."""
    if days <= columns or columns <= 0:
        return 1
    weeks = math.ceil(days / (7 * max(columns, 1)))
    return 7 * weeks


def fit(s: Series, columns: int) -> Series:
    """Daily points if they fit in `columns`, else weekly (or multi-week) bucket means."""
    return bucket(s, bucket_days_for(len(s.points), columns))


def reduction_levels(baseline: Fraction) -> tuple[tuple[Fraction, Fraction], ...]:
    """(fraction, level) for a 30 % and 50 % reduction from baseline (domain.md §1.2)."""
    return tuple((f, baseline * (1 - f)) for f in REDUCTIONS)


def session_points(sessions: Iterable[Session], window: Window | None = None) -> list[SessionPoint]:
    """Sessions in date (then time) order, numbered from 1 within the window."""
    chosen = [s for s in sessions if window is None or s.date in window]
    chosen.sort(key=lambda s: (s.date, s.time or "", s.id or 0))
    return [SessionPoint(i, s.date, s.pain_before, s.pain_after) for i, s in enumerate(chosen, 1)]


def session_dates(sessions: Iterable[Session], window: Window) -> tuple[date, ...]:
    """The distinct dates in `window` with a session, in order."""
    return tuple(sorted({s.date for s in sessions if s.date in window}))
