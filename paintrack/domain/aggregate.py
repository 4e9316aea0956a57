"""Daily and weekly series for charts and the weekly table. Pure: no I/O, no clock, no plotext.

A series has one point per day (or per bucket) across a window; a day without a log is a gap
(`value is None`) and is never interpolated. Several logs on one day are averaged first, so days
weigh equally (product.md, review). Doses are summed per day instead: MME is a daily total.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from paintrack import reference as ref
from paintrack.domain.course import Window
from paintrack.models import DailyLog, Medication, Peg, Session

Measure = Callable[[DailyLog], float | None]

#: Daily-log measures by name; the chart and the weekly table share these names.
MEASURES: dict[str, Measure] = {
    "pain": lambda log: log.pain,  # average pain, 0–10 NRS (domain.md §1.1, §1.4 item 5)
    "worst": lambda log: log.worst,
    "least": lambda log: log.least,
    "sleep_hours": lambda log: log.sleep_hours,
    "sleep_interference": lambda log: log.sleep_interference,  # BPI 9F (domain.md §5)
    "stress": lambda log: log.stress,  # local 0–10 item (domain.md §5)
    "psfs": lambda log: psfs_mean(log),  # PSFS mean of the rated activities (domain.md §3.1)
}
ROLLING_DAYS = ref.BASELINE_DAYS  # a 7-day rolling mean, the same span as the baseline (§1.3)
ROLLING_MIN_DAYS = ref.BASELINE_MIN_DAYS  # ≥4 of 7 days, as for the baseline (domain.md §1.3)
REDUCTIONS = (0.30, 0.50)  # moderate and substantial reduction from baseline (domain.md §1.2)


@dataclass(frozen=True, slots=True)
class DayValue:
    """One point: a day (or the first day of a bucket) and its value; None is a gap."""

    day: date
    value: float | None


@dataclass(frozen=True, slots=True)
class Series:
    """A named run of points in day order, with explicit gaps."""

    name: str
    points: tuple[DayValue, ...]
    bucket_days: int = 1  # 1 = daily points, 7 = weekly, 28 = four-weekly …

    @property
    def values(self) -> list[float]:
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
    day: date
    before: int
    after: int


def psfs_mean(log: DailyLog) -> float | None:
    """Sum of activity ratings / number of activities (domain.md §3.1); None if none rated."""
    if not log.ratings:
        return None
    return sum(r.rating for r in log.ratings) / len(log.ratings)


def span_of(days: Iterable[date]) -> Window | None:
    """The window from the first to the last of `days`, or None when there are none."""
    ordered = sorted(days)
    return Window(ordered[0], ordered[-1]) if ordered else None


def _days(window: Window) -> list[date]:
    return [window.start + timedelta(days=i) for i in range(window.days)]


def _mean(values: Sequence[float]) -> float:
    return math.fsum(values) / len(values)


def daily_values(by_day: Mapping[date, Sequence[float]], window: Window) -> tuple[DayValue, ...]:
    """One point per day of `window`: the mean of that day's values, or a gap."""
    return tuple(DayValue(d, _mean(by_day[d]) if by_day.get(d) else None) for d in _days(window))


def daily_means(logs: Iterable[DailyLog], measure: str | Measure, window: Window) -> Series:
    """Daily mean of one measure across `window`; several logs on a day are averaged."""
    get = MEASURES[measure] if isinstance(measure, str) else measure
    by_day: dict[date, list[float]] = defaultdict(list)
    for log in logs:
        value = get(log)
        if value is not None and log.day in window:
            by_day[log.day].append(float(value))
    name = measure if isinstance(measure, str) else getattr(measure, "__name__", "measure")
    return Series(name, daily_values(by_day, window))


def activity_means(logs: Iterable[DailyLog], window: Window) -> list[Series]:
    """One daily-mean series per PSFS activity, in the order first rated (domain.md §3.1)."""
    by_activity: dict[str, dict[date, list[float]]] = {}
    for log in logs:
        if log.day not in window:
            continue
        for r in log.ratings:
            by_activity.setdefault(r.activity, defaultdict(list))[log.day].append(r.rating)
    return [Series(name, daily_values(days, window)) for name, days in by_activity.items()]


def psfs_daily(logs: Iterable[DailyLog], window: Window) -> Series:
    """The PSFS mean per day: the mean over activities of each activity's daily mean."""
    activities = activity_means(logs, window)
    by_day: dict[date, list[float]] = defaultdict(list)
    for series in activities:
        for p in series.points:
            if p.value is not None:
                by_day[p.day].append(p.value)
    return Series("psfs", daily_values(by_day, window))


def rolling_mean(
    series: Series, days: int = ROLLING_DAYS, min_days: int = ROLLING_MIN_DAYS
) -> Series:
    """Trailing mean over `days` points; a gap where fewer than `min_days` of them have data.

    Gaps stay gaps: a missing day is left out of the mean, never filled in.
    """
    points = series.points
    out: list[DayValue] = []
    for i, p in enumerate(points):
        window = [q.value for q in points[max(0, i - days + 1) : i + 1] if q.value is not None]
        out.append(DayValue(p.day, _mean(window) if len(window) >= min_days else None))
    return Series(f"{series.name} {days}-day mean", tuple(out), series.bucket_days)


def monday_of(day: date) -> date:
    """The Monday starting `day`'s ISO week."""
    return day - timedelta(days=day.weekday())


def bucket(series: Series, bucket_days: int = 7, anchor: date | None = None) -> Series:
    """Means of the points in buckets of `bucket_days` days starting at `anchor`.

    The default anchor is the Monday of the first point's week (ISO weeks). A bucket whose days
    are all gaps is a gap; the value is the mean of the days with data (days weigh equally).
    """
    if not series.points or bucket_days <= 1:
        return series
    first = series.points[0].day
    start = monday_of(first) if anchor is None else anchor
    groups: dict[date, list[float]] = {}
    for p in series.points:
        key = start + timedelta(days=((p.day - start).days // bucket_days) * bucket_days)
        groups.setdefault(key, [])
        if p.value is not None:
            groups[key].append(p.value)
    points = tuple(DayValue(k, _mean(v) if v else None) for k, v in sorted(groups.items()))
    return Series(series.name, points, bucket_days * series.bucket_days)


def bucket_days_for(days: int, columns: int) -> int:
    """Days per point so that the points fit in `columns`: 1 if they do, else whole weeks."""
    if days <= columns or columns <= 0:
        return 1
    weeks = math.ceil(days / (7 * max(columns, 1)))
    return 7 * weeks


def fit(series: Series, columns: int, anchor: date | None = None) -> Series:
    """Daily points if they fit in `columns`, else weekly (or multi-week) bucket means."""
    return bucket(series, bucket_days_for(len(series.points), columns), anchor)


def baseline_mean(
    series: Series, baseline: Window, min_days: int = ref.BASELINE_MIN_DAYS
) -> float | None:
    """Mean of the daily means in the baseline window; None with < 4 days (domain.md §1.3)."""
    values = [p.value for p in series.points if p.day in baseline and p.value is not None]
    return _mean(values) if values and len(values) >= min_days else None


def reduction_levels(baseline: float) -> tuple[tuple[float, float], ...]:
    """(fraction, level) for a 30 % and 50 % reduction from baseline (domain.md §1.2)."""
    return tuple((f, baseline * (1 - f)) for f in REDUCTIONS)


def session_points(sessions: Iterable[Session], window: Window | None = None) -> list[SessionPoint]:
    """Sessions in date (then time) order, numbered from 1 within the window."""
    chosen = [s for s in sessions if window is None or s.day in window]
    chosen.sort(key=lambda s: (s.day, s.time or "", s.id or 0))
    return [SessionPoint(i, s.day, s.pain_before, s.pain_after) for i, s in enumerate(chosen, 1)]


def session_days(sessions: Iterable[Session], window: Window) -> tuple[date, ...]:
    """The distinct days in `window` with a session, in order."""
    return tuple(sorted({s.day for s in sessions if s.day in window}))


def peg_series(pegs: Iterable[Peg], window: Window) -> Series:
    """PEG scores (mean of 3 items, domain.md §2) per day; weekly, so mostly gaps between."""
    by_day: dict[date, list[float]] = defaultdict(list)
    for p in pegs:
        if p.day in window:
            by_day[p.day].append(p.score)
    return Series("peg", daily_values(by_day, window))


def _medication(meds: Mapping[str, Medication], name: str) -> Medication | None:
    med = meds.get(name)
    if med is None:
        lowered = name.lower()
        med = next((m for k, m in meds.items() if k.lower() == lowered), None)
    return med


def _log_days(logs: Iterable[DailyLog], window: Window) -> dict[date, list[DailyLog]]:
    by_day: dict[date, list[DailyLog]] = defaultdict(list)
    for log in logs:
        if log.day in window:
            by_day[log.day].append(log)
    return by_day


def mme_per_day(logs: Iterable[DailyLog], meds: Mapping[str, Medication], window: Window) -> Series:
    """MME/day = Σ count × strength × MME factor over the day's opioid doses (domain.md §6.1).

    A logged day without opioid doses is 0; a day without any log is a gap.
    """
    by_day = _log_days(logs, window)
    totals: dict[date, list[float]] = {}
    for day, day_logs in by_day.items():
        total = 0.0
        for log in day_logs:
            for dose in log.doses:
                med = _medication(meds, dose.medication)
                if med is not None and med.mme_factor is not None and med.strength is not None:
                    total += dose.count * med.strength * med.mme_factor
        totals[day] = [total]
    return Series("mme", daily_values(totals, window))


def doses_by_kind(
    logs: Iterable[DailyLog], meds: Mapping[str, Medication], window: Window
) -> list[Series]:
    """Units taken per day for each medication kind that occurs (ref.MED_KINDS order).

    A medication missing from `meds` counts as 'other'. A logged day without doses of a kind
    is 0; a day without any log is a gap.
    """
    by_day = _log_days(logs, window)
    counts: dict[str, dict[date, float]] = defaultdict(dict)
    for day, day_logs in by_day.items():
        for log in day_logs:
            for dose in log.doses:
                med = _medication(meds, dose.medication)
                kind = med.kind if med is not None else "other"
                counts[kind][day] = counts[kind].get(day, 0.0) + dose.count
    out: list[Series] = []
    for kind in ref.MED_KINDS:
        if kind not in counts:
            continue
        per_day = {d: [counts[kind].get(d, 0.0)] for d in by_day}
        out.append(Series(kind, daily_values(per_day, window)))
    return out


# --- The weekly table (chart --weekly) ---------------------------------------------------------

TABLE_MEASURES: tuple[str, ...] = (
    "pain",
    "psfs",
    "peg",
    "sleep_hours",
    "sleep_interference",
    "stress",
    "mme",
)


@dataclass(frozen=True, slots=True)
class Cell:
    """A week's mean of one measure, its change against the baseline mean, and days with data."""

    mean: float | None
    change: float | None  # mean − baseline (product.md: negative = less pain)
    days: int


@dataclass(frozen=True, slots=True)
class WeekRow:
    start: date
    end: date
    cells: tuple[Cell, ...]  # in WeeklyTable.measures order


@dataclass(frozen=True, slots=True)
class WeeklyTable:
    measures: tuple[str, ...]
    baseline: Window
    baseline_means: tuple[float | None, ...]
    rows: tuple[WeekRow, ...]


def _table_series(
    logs: Sequence[DailyLog],
    pegs: Sequence[Peg],
    meds: Mapping[str, Medication],
    window: Window,
) -> dict[str, Series]:
    series = {m: daily_means(logs, m, window) for m in TABLE_MEASURES if m in MEASURES}
    series["psfs"] = psfs_daily(logs, window)
    series["peg"] = peg_series(pegs, window)
    series["mme"] = mme_per_day(logs, meds, window)
    return series


def weekly_table(
    logs: Sequence[DailyLog],
    pegs: Sequence[Peg],
    meds: Mapping[str, Medication],
    baseline: Window,
    window: Window,
) -> WeeklyTable:
    """Weekly means per measure over `window`, each with its change against the baseline mean.

    Weeks are 7-day buckets anchored on the baseline's first day, so the baseline is one row
    and each later row is a course week. The baseline mean needs ≥4 logged days (domain.md
    §1.3); PEG is asked weekly (domain.md §2), so one PEG in the baseline is enough.
    """
    whole = Window(min(window.start, baseline.start), max(window.end, baseline.end))
    series = _table_series(logs, pegs, meds, whole)
    base: list[float | None] = []
    for m in TABLE_MEASURES:
        base.append(baseline_mean(series[m], baseline, 1 if m == "peg" else ref.BASELINE_MIN_DAYS))
    columns: list[list[tuple[date, Cell]]] = []
    for m, b in zip(TABLE_MEASURES, base, strict=True):
        inside = Series(m, tuple(p for p in series[m].points if p.day in window))
        weekly = bucket(inside, 7, anchor=baseline.start)
        counts = _bucket_counts(inside, baseline.start)
        col = []
        for p in weekly.points:
            change = None if p.value is None or b is None else p.value - b
            col.append((p.day, Cell(p.value, change, counts.get(p.day, 0))))
        columns.append(col)
    starts = [d for d, _ in columns[0]] if columns else []
    rows = tuple(
        WeekRow(
            start=max(s, window.start),
            end=min(s + timedelta(days=6), window.end),
            cells=tuple(col[i][1] for col in columns),
        )
        for i, s in enumerate(starts)
    )
    return WeeklyTable(TABLE_MEASURES, baseline, tuple(base), rows)


def _bucket_counts(series: Series, anchor: date) -> dict[date, int]:
    counts: dict[date, int] = defaultdict(int)
    for p in series.points:
        if p.value is not None:
            counts[anchor + timedelta(days=((p.day - anchor).days // 7) * 7)] += 1
    return counts
