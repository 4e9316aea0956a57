"""Series → chart text (str). Never prints; plotext is imported lazily inside the functions.

plotext 5.3 (classic API) is pinned for speed, see pyproject.toml. Every chart has a title, real
dates on the x axis, its own legend below the frame (plotext's in-canvas legend hides data), no
background colour (so dark terminals stay dark), Okabe–Ito colours (colour-blind safe) and a
different marker per series, so it reads without colour too. With color=False the text carries
no ANSI escapes at all. A chart never has a line wider than `width`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from paintrack import reference as ref
from paintrack.domain import aggregate as agg
from paintrack.domain.course import Window

if TYPE_CHECKING:
    from rich.console import RenderableType

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


def _trace(
    series: agg.Series, origin: date, label: str, marker: str, color: RGB, style: str = "line"
) -> Trace:
    runs = tuple(
        tuple((float((p.day - origin).days), float(p.value)) for p in run if p.value is not None)
        for run in series.runs()
    )
    return Trace(label, marker, color, runs, style)


def _hline(level: float, x0: float, x1: float, label: str, marker: str, color: RGB) -> Trace:
    return Trace(label, marker, color, (((x0, level), (x1, level)),), layer=0)


def _date_ticks(window: Window, columns: int) -> tuple[list[float], list[str]]:
    """Evenly spaced ISO dates; as many as fit with room around each label."""
    span = window.days - 1
    count = max(1, min(span + 1, columns // 14))
    if count == 1:
        return [0.0], [window.start.isoformat()]
    xs = [round(i * span / (count - 1)) for i in range(count)]
    return [float(x) for x in xs], [(window.start + timedelta(days=x)).isoformat() for x in xs]


def _resolution(bucket_days: int) -> str:
    return {1: "daily", 7: "weekly"}.get(bucket_days, f"{bucket_days // 7}-weekly")


def _no_data(what: str, window: Window) -> str:
    return f"No {what} logged between {window.start} and {window.end}."


def _fit_line(text: str, width: int) -> str:
    return text if len(text) <= width else text[: max(width - 1, 0)] + "…"


def _legend(traces: Sequence[Trace], width: int, color: bool, colorize: Any) -> list[str]:
    """Legend lines below the chart, wrapped between items, each item's marker in its colour."""
    lines: list[str] = []
    plain = painted = ""
    for t in traces:
        if not t.label:
            continue
        mark = "⠒⠒" if t.marker == "braille" else t.marker * 2
        item = _fit_line(f"{mark} {t.label}", width)
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


def _tick_labels(lines: list[str], labels: Sequence[str], width: int) -> None:
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


def _y_ticks(lo: float, hi: float, height: int) -> list[float]:
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


def _draw(
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
    for t in sorted(traces, key=lambda t: t.layer):
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
    ys = _y_ticks(y_range[0], y_range[1], height)
    plt.ylim(ys[0], ys[-1])
    plt.yticks(ys, [f"{y:g}" for y in ys])
    # plotext 5.3 places x tick labels with a hash-seed-dependent nudge, so it only draws the
    # ticks and we write the dates ourselves (_tick_labels), identically on every run.
    plt.xticks(x_ticks[0], [""] * len(x_ticks[0]))
    plt.xlabel(x_label)
    plt.ylabel(y_label)
    body = plt.build()
    plt.clf()
    if not color:
        body = plt.uncolorize(body)
    lines = [_fit_line(title, width)]
    lines += [line.rstrip() for line in body.splitlines()] if not color else body.splitlines()
    _tick_labels(lines, x_ticks[1], width)
    lines += _legend(traces, width, color, plt.colorize)
    lines += [_fit_line(n, width) for n in notes]
    if not color:
        lines = [_fit_line(line.rstrip(), width) for line in lines]
    return "\n".join(lines)


def _columns(width: int) -> int:
    return max(width - Y_MARGIN, 1)


def _y_top(values: Sequence[float], floor: float) -> float:
    return max([floor, *values])


def _session_marks(
    days: Sequence[date], origin: date, y: float, bucket_days: int, anchor: date | None
) -> Trace:
    xs: set[float] = set()
    for d in days:
        if bucket_days > 1:
            start = anchor if anchor is not None else agg.monday_of(origin)
            d = start + timedelta(days=((d - start).days // bucket_days) * bucket_days)
        xs.add(float((d - origin).days))
    return Trace("session day", "▲", SKY, (tuple((x, y) for x in sorted(xs)),), "points")


# --- Charts ------------------------------------------------------------------------------------


def pain_chart(
    daily: agg.Series,
    window: Window,
    *,
    baseline: float | None = None,
    session_days: Sequence[date] = (),
    width: int = 80,
    height: int = 20,
    color: bool = False,
) -> str:
    """Daily mean pain, its 7-day rolling mean, the baseline and 30 %/50 % reduction levels
    (domain.md §1.2), and a mark on each session day. Weekly points when days outnumber columns.
    """
    if daily.is_empty:
        return _no_data("pain", window)
    cols = _columns(width)
    fitted = agg.fit(daily, cols)
    origin = fitted.points[0].day
    res = _resolution(fitted.bucket_days)
    # Daily means as points, so a day without a log is visibly empty; the trend is the line.
    style = "points" if fitted.bucket_days == 1 else "line"
    traces = [_trace(fitted, origin, f"{res} mean", "•", BLUE, style)]
    if fitted.bucket_days == 1:
        traces.append(_trace(agg.rolling_mean(daily), origin, "7-day mean", "braille", ORANGE))
    x1 = float((fitted.points[-1].day - origin).days)
    if baseline is not None:
        traces.append(_hline(baseline, 0, x1, f"baseline {baseline:.1f}", "═", PURPLE))
        # moderate (≥30 %) and substantial (≥50 %) reduction from baseline (domain.md §1.2)
        for (frac, level), marker, colour in zip(
            agg.reduction_levels(baseline), ("─", "·"), (GREEN, VERMILLION), strict=True
        ):
            label = f"{frac * 100:.0f} % less: {level:.1f}"
            traces.append(_hline(level, 0, x1, label, marker, colour))
    if session_days:
        traces.append(_session_marks(session_days, origin, ref.NRS_MIN, fitted.bucket_days, None))
    return _draw(
        f"Pain, {res} mean (0 = no pain, 10 = worst possible) · {window.start} to {window.end}",
        traces,
        x_ticks=_date_ticks(Window(origin, fitted.points[-1].day), cols),
        x_range=(0, x1),
        y_range=(ref.NRS_MIN, ref.NRS_MAX),  # 0–10 NRS (domain.md §1.1)
        y_label="pain",
        x_label="date",
        width=width,
        height=height,
        color=color,
        notes=() if baseline is not None else ("No baseline yet: the reduction lines need one.",),
    )


def _lines_chart(
    what: str,
    title: str,
    series: Sequence[tuple[agg.Series, str]],
    window: Window,
    *,
    y_label: str,
    y_floor: float,
    width: int,
    height: int,
    color: bool,
    rolling: bool = False,
    session_days: Sequence[date] = (),
) -> str:
    if all(s.is_empty for s, _ in series):
        return _no_data(what, window)
    cols = _columns(width)
    fitted = [(agg.fit(s, cols), label) for s, label in series]
    first = fitted[0][0]
    origin, last = first.points[0].day, first.points[-1].day
    res = _resolution(first.bucket_days)
    traces = []
    for i, (s, label) in enumerate(fitted):
        marker, colour = CYCLE[i % len(CYCLE)]
        traces.append(_trace(s, origin, f"{label} ({res})", marker, colour))
        if rolling and s.bucket_days == 1:
            src = series[i][0]
            traces.append(
                _trace(agg.rolling_mean(src), origin, f"{label} 7-day mean", "braille", ORANGE)
            )
    if session_days:
        traces.append(_session_marks(session_days, origin, 0.0, first.bucket_days, None))
    top = _y_top([v for s, _ in fitted for v in s.values], y_floor)
    return _draw(
        f"{title} · {window.start} to {window.end}",
        traces,
        x_ticks=_date_ticks(Window(origin, last), cols),
        x_range=(0, float((last - origin).days)),
        y_range=(0, top),
        y_label=y_label,
        x_label="date",
        width=width,
        height=height,
        color=color,
    )


def function_chart(
    activities: Sequence[agg.Series],
    psfs: agg.Series,
    window: Window,
    *,
    width: int = 80,
    height: int = 20,
    color: bool = False,
) -> str:
    """Each PSFS activity's rating over time and the PSFS mean (domain.md §3.1: 0 unable … 10 as
    before; higher = better)."""
    series = [(psfs, "PSFS mean"), *[(a, a.name) for a in activities]]
    return _lines_chart(
        "activity ratings",
        "Function (PSFS, 0 unable – 10 as before, higher = better)",
        series,
        window,
        y_label="rating",
        y_floor=ref.PSFS_MAX,
        width=width,
        height=height,
        color=color,
    )


def sleep_chart(
    hours: agg.Series,
    interference: agg.Series,
    window: Window,
    *,
    width: int = 80,
    height: int = 20,
    color: bool = False,
) -> str:
    """Hours slept and pain's interference with sleep (BPI 9F, 0–10; domain.md §5)."""
    return _lines_chart(
        "sleep",
        "Sleep: hours slept; pain's interference (0 none – 10 complete)",
        [(hours, "hours slept"), (interference, "interference")],
        window,
        y_label="h / 0-10",
        y_floor=10,
        width=width,
        height=height,
        color=color,
    )


def stress_chart(
    stress: agg.Series,
    window: Window,
    *,
    width: int = 80,
    height: int = 20,
    color: bool = False,
) -> str:
    """Daily mean stress (local 0–10 item, domain.md §5) and its 7-day rolling mean."""
    return _lines_chart(
        "stress",
        "Stress (0 = none, 10 = worst imaginable)",
        [(stress, "stress")],
        window,
        y_label="stress",
        y_floor=10,
        width=width,
        height=height,
        color=color,
        rolling=True,
    )


def meds_chart(
    mme: agg.Series,
    doses: Sequence[agg.Series],
    window: Window,
    *,
    width: int = 80,
    height: int = 20,
    color: bool = False,
) -> str:
    """MME per day (domain.md §6.1) and units taken per day by medication kind, as bars."""
    has_mme = any(v > 0 for v in mme.values)
    has_doses = any(v > 0 for d in doses for v in d.values)
    if not has_mme and not has_doses:
        return _no_data("medication", window)
    cols = max(_columns(width) // 2, 1)  # bars need a gap between them
    panels = []
    panel_height = max(height // 2, MIN_HEIGHT) if has_mme and has_doses else height
    if has_mme:
        s = agg.fit(mme, cols)
        panels.append(
            _bars(
                f"Opioids: MME per day, {_resolution(s.bucket_days)} (an estimate: discuss with "
                "your prescriber)",
                [(s, "MME/day", "█", VERMILLION)],
                width,
                panel_height,
                color,
                cols,
            )
        )
    if has_doses:
        fitted = [agg.fit(d, cols) for d in doses if any(v > 0 for v in d.values)]
        res = _resolution(fitted[0].bucket_days)
        markers = ("█", "▒", "░", "▓")
        colours = (VERMILLION, BLUE, ORANGE, GREEN)
        specs = [
            (
                s,
                s.name,
                markers[ref.MED_KINDS.index(s.name) % 4],
                colours[ref.MED_KINDS.index(s.name) % 4],
            )
            for s in fitted
        ]
        panels.append(
            _bars(
                f"Doses taken per day by kind, {res} mean", specs, width, panel_height, color, cols
            )
        )
    return "\n\n".join(panels)


def _bars(
    title: str,
    specs: Sequence[tuple[agg.Series, str, str, RGB]],
    width: int,
    height: int,
    color: bool,
    cols: int,
) -> str:
    first = specs[0][0]
    origin, last = first.points[0].day, first.points[-1].day
    step = first.bucket_days
    n = len(specs)
    traces = []
    for i, (s, label, marker, colour) in enumerate(specs):
        # Kinds side by side within a day: shift each by a fraction of the bucket.
        offset = (i - (n - 1) / 2) * step / (n + 1) if n > 1 else 0.0
        runs = tuple(
            ((float((p.day - origin).days) + offset, p.value),)
            for p in s.points
            if p.value is not None and p.value > 0
        )
        traces.append(Trace(label, marker, colour, runs, "bars"))
    top = _y_top([v for s, *_ in specs for v in s.values], 1.0)
    span = float((last - origin).days)
    return _draw(
        title,
        traces,
        x_ticks=_date_ticks(Window(origin, last), cols * 2),
        x_range=(-step / 2, span + step / 2),
        y_range=(0, top),
        y_label="per day",
        x_label="date",
        width=width,
        height=height,
        color=color,
    )


def sessions_chart(
    points: Sequence[agg.SessionPoint],
    window: Window,
    *,
    width: int = 80,
    height: int = 20,
    color: bool = False,
) -> str:
    """Pain right before and right after each session, session by session (immediate relief).

    When there are more sessions than fit, the most recent ones are shown and the title says so.
    """
    if not points:
        return f"No sessions logged between {window.start} and {window.end}."
    cols = _columns(width)
    fit = max(cols // 3, 1)
    shown = list(points[-fit:])
    before = tuple((float(p.number), float(p.before)) for p in shown)
    after = tuple((float(p.number), float(p.after)) for p in shown)
    relief = tuple(
        ((float(p.number), float(p.before)), (float(p.number), float(p.after)))
        for p in shown
        if p.before != p.after
    )
    traces = [
        Trace("", "│", SKY, relief, "line"),
        Trace("pain before", "●", VERMILLION, (before,), "points"),
        Trace("pain after", "○", BLUE, (after,), "points"),
    ]
    count = max(1, min(len(shown), cols // 14))
    idx = [round(i * (len(shown) - 1) / (count - 1)) for i in range(count)] if count > 1 else [0]
    ticks = ([float(shown[i].number) for i in idx], [shown[i].day.isoformat() for i in idx])
    more = f" (last {len(shown)} of {len(points)})" if len(shown) < len(points) else ""
    return _draw(
        f"Sessions{more}: pain right before and right after needling (0-10)",
        traces,
        x_ticks=ticks,
        x_range=(float(shown[0].number), float(shown[-1].number)),
        y_range=(ref.NRS_MIN, ref.NRS_MAX),  # 0–10 NRS (domain.md §1.1)
        y_label="pain",
        x_label="session date",
        width=width,
        height=height,
        color=color,
    )


# --- The weekly table ----------------------------------------------------------------------

TABLE_HEADINGS = {
    "pain": "Pain",
    "psfs": "PSFS",
    "peg": "PEG",
    "sleep_hours": "Sleep h",
    "sleep_interference": "Sleep int",
    "stress": "Stress",
    "mme": "MME",
}


def weekly_table_view(table: agg.WeeklyTable) -> RenderableType:
    """A rich Table: one row per week, each measure's mean with its change against baseline."""
    from rich import box
    from rich.table import Table

    out = Table(
        title=f"Weekly means and change against baseline ({table.baseline.start} to "
        f"{table.baseline.end})",
        caption="Each cell: the week's mean, then its change against the baseline mean. "
        "Less is better for pain, PEG, stress and sleep interference; more is better for PSFS "
        "and sleep hours. MME = opioid morphine milligram equivalents per day.",
        box=box.SIMPLE_HEAD,
        padding=(0, 1),
        pad_edge=False,
        show_edge=False,
        collapse_padding=True,
    )
    out.add_column("Week of", no_wrap=True)
    for m in table.measures:
        out.add_column(TABLE_HEADINGS.get(m, m), justify="right", no_wrap=True)
    out.add_row(
        "baseline",
        *["–" if b is None else f"{b:.1f}" for b in table.baseline_means],
        style="bold",
    )
    for row in table.rows:
        cells = []
        for c in row.cells:
            if c.mean is None:
                cells.append("–")
            elif c.change is None:
                cells.append(f"{c.mean:.1f}")
            else:
                cells.append(f"{c.mean:.1f} {c.change:+.1f}")
        out.add_row(f"{row.start.day} {row.start:%b %y}", *cells)
    return out
