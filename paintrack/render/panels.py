"""Charts of small panels, one measure each: function (one panel per activity and the PSFS
mean), sleep (hours; interference), stress and the weekly PEG. Never prints.

One measure per panel, so no marker ever lands on another series' marker: each panel draws its
values as points over their 7-day trend (daily data) and the measure's baseline mean as a
reference line beneath both (domain.md §1.3), on the measure's own scale.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

from paintrack import reference as ref
from paintrack.domain import aggregate as agg
from paintrack.domain import numbers as num
from paintrack.domain.course import Window
from paintrack.render import plot, safe
from paintrack.render.plot import BLUE, MIN_HEIGHT, ORANGE, PURPLE, Trace

PANEL_HEIGHT = 12  # rows of one panel's plot when several are stacked: 0-10 at every 2nd row


@dataclass(frozen=True, slots=True)
class Panel:
    """One measure: its series, its title, its scale and its baseline mean (None: too few)."""

    series: agg.Series
    title: str
    y_label: str
    y_top: float
    baseline: Fraction | None = None
    higher_is_better: bool = False
    points: str = ""  # what a point is ('PEG score'); default: the daily (or weekly) mean


def _panel(p: Panel, window: Window, *, width: int, height: int, color: bool) -> str:
    cols = plot.columns(width)
    fitted = agg.fit(p.series, cols)
    origin, last = fitted.points[0].date, fitted.points[-1].date
    res = plot.resolution(fitted.bucket_days)
    x1 = float((last - origin).days)
    traces: list[Trace] = []
    if p.baseline is not None:
        label = f"baseline {num.mean_text(p.baseline)}"
        traces.append(plot.hline(float(p.baseline), 0, x1, label, "═", PURPLE))
    daily = fitted.bucket_days == 1
    trend = agg.rolling_mean(p.series)
    if daily and not trend.is_empty:
        traces.append(plot.trace(trend, origin, "7-day mean", "braille", ORANGE))
    traces.append(
        plot.trace(
            fitted, origin, p.points or f"{res} mean", "•", BLUE, "points" if daily else "line"
        )
    )
    top = plot.y_top(p.series.values, p.y_top)
    better = " (higher = better)" if p.higher_is_better else ""
    return plot.draw(
        f"{p.title}{better} · {window.start} to {window.end}",
        traces,
        x_ticks=plot.date_ticks(Window(origin, last), cols),
        x_range=(0, x1),
        y_range=(0, top),
        y_label=p.y_label,
        x_label="date",
        width=width,
        height=height,
        color=color,
        notes=() if p.baseline is not None else ("No baseline for this measure yet.",),
    )


def panels(
    what: str, items: Sequence[Panel], window: Window, *, width: int, height: int, color: bool
) -> str:
    """The panels with data, stacked; one line when none has any."""
    shown = [p for p in items if not p.series.is_empty]
    if not shown:
        return plot.no_data(what, window)
    each = height if len(shown) == 1 else max(min(height, PANEL_HEIGHT), MIN_HEIGHT)
    return "\n\n".join(_panel(p, window, width=width, height=each, color=color) for p in shown)


def function_chart(
    activities: Sequence[agg.Series],
    psfs: agg.Series,
    window: Window,
    *,
    baselines: Mapping[str, Fraction | None] | None = None,
    width: int = 80,
    height: int = 20,
    color: bool = False,
) -> str:
    """One panel per PSFS activity (0 unable … 10 as before, domain.md §3.1), then the PSFS
    mean, each with its baseline mean. `baselines` maps an activity's name ('psfs' for the
    mean) to its baseline."""
    base = baselines or {}
    items = [
        Panel(
            a,
            f"Function: {safe.line(a.name)} (0 unable – 10 as before)",
            "rating",
            ref.PSFS_MAX,
            base.get(a.name),
            True,
        )
        for a in activities
    ]
    items.append(
        Panel(
            psfs,
            "Function: PSFS mean of your activities",
            "rating",
            ref.PSFS_MAX,
            base.get("psfs"),
            True,
        )
    )
    return panels("activity ratings", items, window, width=width, height=height, color=color)


def sleep_chart(
    hours: agg.Series,
    interference: agg.Series,
    window: Window,
    *,
    baselines: Mapping[str, Fraction | None] | None = None,
    width: int = 80,
    height: int = 20,
    color: bool = False,
) -> str:
    """Hours slept, and pain's interference with sleep (BPI 9F, 0–10; domain.md §5), each on
    its own panel and scale."""
    base = baselines or {}
    items = [
        Panel(hours, "Sleep: hours slept", "hours", 10, base.get("sleep_hours"), True),
        Panel(
            interference,
            "Sleep: pain's interference (0 none – 10 complete)",
            "0-10",
            10,
            base.get("sleep_interference"),
        ),
    ]
    return panels("sleep", items, window, width=width, height=height, color=color)


def stress_chart(
    stress: agg.Series,
    window: Window,
    *,
    baseline: Fraction | None = None,
    width: int = 80,
    height: int = 20,
    color: bool = False,
) -> str:
    """Daily mean stress (local 0–10 item, domain.md §5), its 7-day mean and baseline."""
    item = Panel(stress, "Stress (0 = none, 10 = worst imaginable)", "stress", 10, baseline)
    return panels("stress", [item], window, width=width, height=height, color=color)


def peg_chart(
    peg: agg.Series,
    window: Window,
    *,
    baseline: Fraction | None = None,
    width: int = 80,
    height: int = 20,
    color: bool = False,
) -> str:
    """The weekly PEG score (mean of its 3 items, 0–10, domain.md §2) and its baseline; a
    fall of 30 % is clinically meaningful (domain.md §2)."""
    item = Panel(
        peg, "PEG score, weekly (0 best – 10 worst)", "PEG", 10, baseline, points="PEG score"
    )
    return panels("PEG", [item], window, width=width, height=height, color=color)
