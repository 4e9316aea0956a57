"""Series → chart text (str). Never prints; plotext is imported lazily (`render.plot.draw`).

Every chart has a title, real dates on the x axis, its own legend below the frame, no
background colour (so dark terminals stay dark), Okabe–Ito colours (colour-blind safe) and a
different marker per series, so it reads without colour too. With color=False the text carries
no ANSI escapes at all. A chart never has a line wider than `width`. Numbers in labels and the
weekly table are the shown numbers of `domain.numbers`, as in the review and the summary.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from datetime import date
from fractions import Fraction
from typing import TYPE_CHECKING

from paintrack import reference as ref
from paintrack.domain import aggregate as agg
from paintrack.domain import numbers as num
from paintrack.domain.course import Window
from paintrack.domain.doses import Uncounted
from paintrack.domain.weekly import WeeklyTable
from paintrack.render import plot, safe
from paintrack.render.daytable import week_label
from paintrack.render.plot import (
    BLUE,
    GREEN,
    MIN_HEIGHT,
    ORANGE,
    PURPLE,
    SKY,
    VERMILLION,
    Trace,
)

if TYPE_CHECKING:
    from rich.console import RenderableType


# --- Charts ------------------------------------------------------------------------------------


def pain_chart(
    daily: agg.Series,
    window: Window,
    *,
    baseline: Fraction | None = None,
    session_dates: Sequence[date] = (),
    width: int = 80,
    height: int = 20,
    color: bool = False,
) -> str:
    """Daily mean pain, its 7-day rolling mean, the baseline and 30 %/50 % reduction levels
    (domain.md §1.2), and a mark on each session day. Weekly points when days outnumber columns.
    """
    if daily.is_empty:
        return plot.no_data("pain", window)
    cols = plot.columns(width)
    fitted = agg.fit(daily, cols)
    origin = fitted.points[0].date
    res = plot.resolution(fitted.bucket_days)
    # Daily means as points, so a day without a log is visibly empty; the trend is the line.
    style = "points" if fitted.bucket_days == 1 else "line"
    traces = [plot.trace(fitted, origin, f"{res} mean", "•", BLUE, style)]
    if fitted.bucket_days == 1:
        traces.append(plot.trace(agg.rolling_mean(daily), origin, "7-day mean", "braille", ORANGE))
    x1 = float((fitted.points[-1].date - origin).days)
    if baseline is not None:
        label = f"baseline {num.mean_text(baseline)}"
        traces.append(plot.hline(float(baseline), 0, x1, label, "═", PURPLE))
        # moderate (≥30 %) and substantial (≥50 %) reduction from baseline (domain.md §1.2)
        for (frac, level), marker, colour in zip(
            agg.reduction_levels(baseline), ("─", "·"), (GREEN, VERMILLION), strict=True
        ):
            label = f"{frac * 100} % less: {num.mean_text(level)}"
            traces.append(plot.hline(float(level), 0, x1, label, marker, colour))
    if session_dates:
        traces.extend(plot.session_marks(session_dates, origin, ref.NRS_MIN, fitted.bucket_days))
    return plot.draw(
        f"Pain, {res} mean (0 = no pain, 10 = worst possible) · {window.start} to {window.end}",
        traces,
        x_ticks=plot.date_ticks(Window(origin, fitted.points[-1].date), cols),
        x_range=(0, x1),
        y_range=(ref.NRS_MIN, ref.NRS_MAX),  # 0–10 NRS (domain.md §1.1)
        y_label="pain",
        x_label="date",
        width=width,
        height=height,
        color=color,
        notes=() if baseline is not None else ("No baseline yet: the reduction lines need one.",),
    )


def meds_chart(
    mme: agg.Series,
    doses: Sequence[agg.Series],
    window: Window,
    *,
    uncounted: Sequence[Uncounted] = (),
    width: int = 80,
    height: int = 20,
    color: bool = False,
) -> str:
    """MME per day (domain.md §6.1) and units taken per day by medication kind, as bars.

    Doses MME cannot count (`doses.dose_days(...).uncounted`) add 0 and are named below.
    """
    has_mme = any(v > 0 for v in mme.values)
    has_doses = any(v > 0 for d in doses for v in d.values)
    if not has_mme and not has_doses:
        return plot.no_data("medication", window)
    notes = [plot.fit_line(line, width) for line in _uncounted_lines(uncounted, width)]
    cols = max(plot.columns(width) // 2, 1)  # bars need a gap between them
    panels = []
    panel_height = max(height // 2, MIN_HEIGHT) if has_mme and has_doses else height
    if has_mme:
        s = agg.fit(mme, cols)
        panels.append(
            plot.bars(
                f"Opioids: MME per day, {plot.resolution(s.bucket_days)} (an estimate: discuss with "
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
        res = plot.resolution(fitted[0].bucket_days)
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
            plot.bars(
                f"Doses taken per day by kind, {res} mean", specs, width, panel_height, color, cols
            )
        )
    return "\n\n".join(panels) + "".join("\n" + n for n in notes)


def _uncounted_lines(uncounted: Sequence[Uncounted], width: int) -> list[str]:
    if not uncounted:
        return []
    text = "Not counted in MME: " + "; ".join(safe.line(str(u)) for u in uncounted) + "."
    return textwrap.wrap(text, max(width, 20), break_on_hyphens=False)


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
    cols = plot.columns(width)
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
    ticks = ([float(shown[i].number) for i in idx], [shown[i].date.isoformat() for i in idx])
    more = f" (last {len(shown)} of {len(points)})" if len(shown) < len(points) else ""
    return plot.draw(
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


def _cell(mean: Fraction | None, change: Fraction | None) -> str:
    if mean is None:
        return num.NONE_TEXT
    if change is None:
        return num.mean_text(mean)
    row = num.row_change(mean - change, mean)  # the difference of the shown means
    return f"{num.mean_text(mean)} {num.change_text(row)}"


def weekly_table_view(table: WeeklyTable) -> RenderableType:
    """A rich Table: one row per ISO week, each measure's mean with its change against baseline.

    The numbers are `domain.numbers`' shown numbers: means half up, changes toward zero.
    """
    from rich import box
    from rich.table import Table

    caption = (
        "Weeks run Monday to Sunday. Each cell: the week's mean, then its change against the "
        "baseline mean. Less is better for pain, PEG, stress and sleep interference; more is "
        "better for PSFS and sleep hours. MME = opioid morphine milligram equivalents per day."
    )
    if table.uncounted:
        caption += " Not counted in MME: " + "; ".join(str(u) for u in table.uncounted) + "."
    out = Table(
        title=f"Weekly means and change against baseline ({table.baseline.start} to "
        f"{table.baseline.end})",
        caption=safe.rich(caption),  # medication names: text, never markup
        box=box.SIMPLE_HEAD,
        padding=(0, 1),
        pad_edge=False,
        show_edge=False,
        collapse_padding=True,
    )
    out.add_column("Week of", no_wrap=True)
    for m in table.measures:
        out.add_column(TABLE_HEADINGS.get(m, m), justify="right", no_wrap=True)
    out.add_row("baseline", *[_cell(b, None) for b in table.baseline_means], style="bold")
    years = len({row.start.year for row in table.rows}) > 1
    for row in table.rows:
        cells = [_cell(c.mean, c.change) for c in row.cells]
        out.add_row(week_label(row.start, years), *cells)
    return out
