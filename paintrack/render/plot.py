"""Drawing for the terminal charts: traces, axes, ticks and legends with plotext. Never prints.

plotext 5.3 (classic API) is pinned for speed, see pyproject.toml; it is imported inside `draw`
only. `render.charts` says what to draw (series, reference lines, marks); this module draws it:
real dates on the x axis, the legend below the frame (plotext's in-canvas legend hides data), no
background colour, and never a line wider than `width`.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction
from typing import Any

from paintrack.domain import aggregate as agg
from paintrack.domain.course import Window
from paintrack.domain.daily import week_start

RGB = tuple[int, int, int]
# Okabe & Ito (2008) colour-blind-safe palette; readable on dark and light backgrounds.
BLUE: RGB = (0, 114, 178)
ORANGE: RGB = (230, 159, 0)
GREEN: RGB = (0, 158, 115)
VERMILLION: RGB = (213, 94, 0)
PURPLE: RGB = (204, 121, 167)
SKY: RGB = (86, 180, 233)
CYCLE: tuple[tuple[str, RGB], ...] = (
    ("•", BLUE),
    ("+", ORANGE),
    ("x", GREEN),
    ("o", VERMILLION),
    ("*", PURPLE),
    ("#", SKY),
)
MIN_WIDTH = 30  # below this a chart is unreadable; we still never exceed `width`
MIN_HEIGHT = 8
Y_MARGIN = 7  # columns taken by y tick labels and the frame


@dataclass(frozen=True, slots=True)
class Trace:
    """One thing to draw: runs of (x, y) points, drawn as lines, points or bars."""

    label: str
    marker: str
    color: RGB
    runs: tuple[tuple[tuple[float, float], ...], ...]
    style: str = "line"  # "line" | "points" | "bars"
    layer: int = 1  # reference lines (layer 0) are drawn first, so data stays on top


def trace(
    series: agg.Series, origin: date, label: str, marker: str, color: RGB, style: str = "line"
) -> Trace:
    runs = tuple(
        tuple((float((p.date - origin).days), float(p.value)) for p in run if p.value is not None)
        for run in series.runs()
    )
    return Trace(label, marker, color, runs, style)


def hline(level: float, x0: float, x1: float, label: str, marker: str, color: RGB) -> Trace:
    return Trace(label, marker, color, (((x0, level), (x1, level)),), layer=0)


def date_ticks(window: Window, columns: int) -> tuple[list[float], list[str]]:
    """Evenly spaced ISO dates; as many as fit with room around each label."""
    span = window.days - 1
    count = max(1, min(span + 1, columns // 14))
    if count == 1:
        return [0.0], [window.start.isoformat()]
    xs = [round(i * span / (count - 1)) for i in range(count)]
    return [float(x) for x in xs], [(window.start + timedelta(days=x)).isoformat() for x in xs]


def resolution(bucket_days: int) -> str:
    return {1: "daily", 7: "weekly"}.get(bucket_days, f"{bucket_days // 7}-weekly")


def no_data(what: str, window: Window) -> str:
    return f"No {what} logged between {window.start} and {window.end}."


def fit_line(text: str, width: int) -> str:
    return text if len(text) <= width else text[: max(width - 1, 0)] + "…"


def legend(traces: Sequence[Trace], width: int, color: bool, colorize: Any) -> list[str]:
    """Legend lines below the chart, wrapped between items, each item's marker in its colour."""
    lines: list[str] = []
    plain = painted = ""
    for t in traces:
        if not t.label:
            continue
        mark = (
            "⠒⠒" if t.marker == "braille" else t.marker if t.marker in "23456789" else t.marker * 2
        )
        item = fit_line(f"{mark} {t.label}", width)
        shown = (colorize(mark, t.color) + item[len(mark) :]) if color else item
        if plain and len(plain) + 3 + len(item) > width:
            lines.append(painted)
            plain = painted = ""
        plain += ("   " if plain else "") + item
        painted += ("   " if painted else "") + shown
    if plain:
        lines.append(painted)
    return lines


ESCAPES = re.compile(r"\x1b\[[0-9;]*m")


def tick_labels(lines: list[str], labels: Sequence[str], width: int) -> None:
    """Write `labels` under the '┬' ticks of the x axis row, centred, never overlapping."""
    axis = next((i for i, line in enumerate(lines) if "└" in ESCAPES.sub("", line)), None)
    if axis is None or axis + 1 >= len(lines):
        return
    cols = [i for i, c in enumerate(ESCAPES.sub("", lines[axis])) if c == "┬"]
    row = [" "] * width
    free = 0
    for col, label in zip(cols, labels, strict=False):
        start = min(max(col - len(label) // 2, 0), width - len(label))
        if start < free or start < 0:
            continue
        row[start : start + len(label)] = label
        free = start + len(label) + 1
    lines[axis + 1] = "".join(row).rstrip()


def y_ticks(lo: float, hi: float, height: int) -> list[float]:
    """Round tick values (1, 2, 5 × 10ⁿ steps), about one per three rows."""
    most = max(2, height // 3)
    step = 1.0
    for s in (0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000):
        step = float(s)
        if (hi - lo) / step <= most:
            break
    ticks = [lo]
    while ticks[-1] < hi - 1e-9:
        ticks.append(round(ticks[-1] + step, 6))
    return ticks


def draw(
    title: str,
    traces: Sequence[Trace],
    *,
    x_ticks: tuple[list[float], list[str]],
    x_range: tuple[float, float],
    y_range: tuple[float, float],
    y_label: str,
    x_label: str,
    width: int,
    height: int,
    color: bool,
    notes: Sequence[str] = (),
) -> str:
    import plotext as plt

    plt.clf()
    plt.limit_size(False, False)
    plt.plot_size(max(width, 1), max(height, MIN_HEIGHT))
    plt.theme("pro" if color else "clear")  # "pro": coloured series, no canvas/axes background
    # Reference lines first, then the lines, the points last: a day's point is never hidden
    # under a baseline or a trend that passes through its cell.
    for t in sorted(traces, key=lambda t: (t.layer, t.style == "points")):
        paint = t.color if color else None
        for run in t.runs:
            xs = [p[0] for p in run]
            ys = [p[1] for p in run]
            if t.style == "bars":
                plt.bar(xs, ys, marker=t.marker, color=paint, width=0.6, minimum=y_range[0])
            elif t.style == "points" or len(run) == 1:
                plt.scatter(xs, ys, marker=t.marker, color=paint)
            else:
                plt.plot(xs, ys, marker=t.marker, color=paint)
    lo, hi = x_range
    pad = 0.5 if hi - lo < 1 else 0.0
    plt.xlim(lo - pad, hi + pad)
    ys = y_ticks(y_range[0], y_range[1], height)
    plt.ylim(ys[0], ys[-1])
    plt.yticks(ys, [f"{y:g}" for y in ys])
    # plotext 5.3 places x tick labels with a hash-seed-dependent nudge, so it only draws the
    # ticks and we write the dates ourselves (tick_labels), identically on every run.
    plt.xticks(x_ticks[0], [""] * len(x_ticks[0]))
    plt.xlabel(x_label)
    plt.ylabel(y_label)
    body = plt.build()
    plt.clf()
    if not color:
        body = plt.uncolorize(body)
    lines = textwrap.wrap(title, width) or [""]  # wrapped, so its dates stay on a phone
    lines += [line.rstrip() for line in body.splitlines()] if not color else body.splitlines()
    tick_labels(lines, x_ticks[1], width)
    lines += legend(traces, width, color, plt.colorize)
    lines += [x for n in notes for x in textwrap.wrap(n, width)]
    if not color:
        lines = [fit_line(line.rstrip(), width) for line in lines]
    return "\n".join(lines)


def columns(width: int) -> int:
    return max(width - Y_MARGIN, 1)


def y_top(values: Sequence[float | Fraction], floor: float) -> float:
    return float(max([floor, *values]))


def session_marks(days: Sequence[date], origin: date, y: float, bucket_days: int) -> list[Trace]:
    """A mark on each session day, or on the bucket (ISO week, or weeks) holding it; a bucket
    holding several sessions shows their number (2 to 9, 9 for more), so no session is lost."""
    counts: dict[float, int] = {}
    for d in days:
        if bucket_days > 1:
            d = week_start(d, bucket_days // 7)
        x = float((d - origin).days)
        counts[x] = min(counts.get(x, 0) + 1, 9)
    what = "session day" if bucket_days == 1 else "week with a session"
    traces = []
    for n in sorted(set(counts.values())):
        marker = "▲" if n == 1 else str(n)
        label = (
            what if n == 1 else f"= {n} sessions that week" if n < 9 else "= 9 or more that week"
        )
        points = tuple((x, y) for x in sorted(counts) if counts[x] == n)
        traces.append(Trace(label, marker, SKY, (points,), "points"))
    return traces


def bars(
    title: str,
    specs: Sequence[tuple[agg.Series, str, str, RGB]],
    width: int,
    height: int,
    color: bool,
    cols: int,
) -> str:
    """Bars per day (or bucket), several series side by side within a day."""
    first = specs[0][0]
    origin, last = first.points[0].date, first.points[-1].date
    step = first.bucket_days
    n = len(specs)
    traces = []
    for i, (s, label, marker, colour) in enumerate(specs):
        # Kinds side by side within a day: shift each by a fraction of the bucket.
        offset = (i - (n - 1) / 2) * step / (n + 1) if n > 1 else 0.0
        runs = tuple(
            ((float((p.date - origin).days) + offset, float(p.value)),)
            for p in s.points
            if p.value is not None and p.value > 0
        )
        traces.append(Trace(label, marker, colour, runs, "bars"))
    top = y_top([v for s, *_ in specs for v in s.values], 1.0)
    span = float((last - origin).days)
    return draw(
        title,
        traces,
        x_ticks=date_ticks(Window(origin, last), cols * 2),
        x_range=(-step / 2, span + step / 2),
        y_range=(0, top),
        y_label="per day",
        x_label="date",
        width=width,
        height=height,
        color=color,
    )
