"""`chart --table`: the charts' values as plain text, one line per day (or per ISO week with
`--weekly`), each value named, so a screen reader reads each line whole and any terminal width
wraps it without losing a number. Also the stacked form of `chart --weekly` on a narrow
terminal. Never prints; no rich, no plotext.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from fractions import Fraction

from paintrack import reference as ref
from paintrack.domain import daily as dl
from paintrack.domain import numbers as num
from paintrack.domain.course import Window
from paintrack.render import safe


@dataclass(frozen=True, slots=True)
class Column:
    """One measure of the table: its label ('pain', 'walking'), unit suffix, daily values."""

    label: str
    daily: dl.Daily
    unit: str = ""
    weekly_baseline: bool = False  # PEG: one in the baseline week is enough (domain.md §2)

    def baseline(self, window: Window) -> Fraction | None:
        days = 1 if self.weekly_baseline else ref.BASELINE_MIN_DAYS  # domain.md §1.3
        return dl.window_mean(self.daily, window, days)


def week_label(start: date, years: bool) -> str:
    """'26 Oct' (and the year when the rows span more than one)."""
    return f"{start.day} {start:%b}" + (f" {start.year}" if years else "")


def _value(label: str, value: Fraction | None, unit: str) -> str:
    return f"{label} {num.mean_text(value)}{unit}"


def daily_lines(columns: Sequence[Column], window: Window) -> list[str]:
    """'2026-10-26 Mon: pain 5.3, sleep 6.5 h' for each day of `window`; a day without any
    value says so."""
    lines = []
    for i in range(window.days):
        day = date.fromordinal(window.start.toordinal() + i)
        parts = [_value(c.label, c.daily[day], c.unit) for c in columns if day in c.daily]
        lines.append(f"{day} {day:%a}: " + (", ".join(parts) if parts else "nothing logged"))
    return [safe.line(x) for x in lines]


def weekly_lines(columns: Sequence[Column], window: Window, baseline: Window) -> list[str]:
    """The baseline's means, then each ISO week's mean and change against it."""
    bases = [c.baseline(baseline) for c in columns]
    head = ", ".join(_value(c.label, b, c.unit) for c, b in zip(columns, bases, strict=True))
    lines = [f"Baseline {baseline.start} to {baseline.end}: {head}"]
    weeks = [dl.weekly(c.daily, window) for c in columns]
    years = window.start.year != window.end.year
    for i, week in enumerate(weeks[0] if weeks else ()):
        parts = []
        for c, b, col in zip(columns, bases, weeks, strict=True):
            w = col[i]
            if w.mean is None:
                continue
            text = _value(c.label, w.mean, c.unit)
            if b is not None:
                text += f" ({num.change_text(num.row_change(b, w.mean))})"
            parts.append(text)
        label = week_label(week.start, years)
        lines.append(f"Week of {label}: " + (", ".join(parts) if parts else "nothing logged"))
    lines.append(
        "Weeks run Monday to Sunday; in brackets, the change against the baseline mean. Less is "
        "better for pain, PEG, stress and sleep interference; more for function and sleep hours."
    )
    return [safe.line(x) for x in lines]
