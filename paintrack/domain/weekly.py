"""The weekly table (`chart --weekly`): ISO weeks of each measure against its baseline. Pure.

Rows are ISO weeks, Monday to Sunday, as in the summary's weekly trend (`daily.weekly`), clipped
to the window asked for. The baseline row is the review's baseline: the same window and the
same `daily.window_mean` (≥4 logged days, domain.md §1.3; one PEG is enough, domain.md §2), so
the table's baseline pain is the review's. MME comes from `doses.dose_days`, as everywhere.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction

from paintrack import reference as ref
from paintrack.domain import daily as dl
from paintrack.domain.course import Window
from paintrack.domain.doses import Uncounted, dose_days
from paintrack.models import DailyLog, Medication, Peg

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

    mean: Fraction | None
    change: Fraction | None  # mean − baseline (product.md: negative = less pain)
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
    baseline_means: tuple[Fraction | None, ...]
    rows: tuple[WeekRow, ...]
    uncounted: tuple[Uncounted, ...] = ()  # doses in no MME total, and why


def table_daily(
    logs: Sequence[DailyLog], pegs: Sequence[Peg], meds: Mapping[str, Medication], window: Window
) -> tuple[dict[str, dl.Daily], tuple[Uncounted, ...]]:
    """Each table measure's daily values over `window`, and the doses MME cannot count."""
    out = {m: dl.log_daily(logs, m, window) for m in TABLE_MEASURES if m in dl.LOG_VALUES}
    out["psfs"] = dl.psfs_daily(logs, window)
    out["peg"] = dl.peg_daily(pegs, window)
    doses = dose_days((log for log in logs if log.date in window), meds)
    out["mme"] = doses.mme()
    return out, doses.uncounted


def weekly_table(
    logs: Sequence[DailyLog],
    pegs: Sequence[Peg],
    meds: Mapping[str, Medication],
    baseline: Window,
    window: Window,
) -> WeeklyTable:
    """Weekly means per measure over `window`, each with its change against the baseline mean."""
    whole = Window(min(window.start, baseline.start), max(window.end, baseline.end))
    daily, uncounted = table_daily(logs, pegs, meds, whole)
    base = tuple(
        dl.window_mean(daily[m], baseline, 1 if m == "peg" else ref.BASELINE_MIN_DAYS)
        for m in TABLE_MEASURES
    )
    columns = [dl.weekly(daily[m], window) for m in TABLE_MEASURES]
    rows = []
    for i, week in enumerate(columns[0]):
        cells = []
        for col, b in zip(columns, base, strict=True):
            w = col[i]
            change = None if w.mean is None or b is None else w.mean - b
            cells.append(Cell(w.mean, change, w.days))
        end = min(week.start + timedelta(days=6), window.end)
        rows.append(WeekRow(max(week.start, window.start), end, tuple(cells)))
    return WeeklyTable(TABLE_MEASURES, baseline, base, tuple(rows), uncounted)
