"""The pain chart of the clinician's page as shapes in a box of any size, computed once from the
same `domain.aggregate` series as the terminal pain chart (daily means, 7-day rolling mean,
baseline and 30 %/50 % reduction levels, session days), so the SVG (HTML) and the PDF draw the
same thing; and the trend in words, the chart's alternative text everywhere.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction

from paintrack import reference as ref
from paintrack.domain import aggregate as agg
from paintrack.domain import numbers as num
from paintrack.export.summary import BLUE, GREEN, GREY, ORANGE, PURPLE, VERMILLION, Summary
from paintrack.render import safe


# --- The pain chart as shapes ------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Line:
    x1: float
    y1: float
    x2: float
    y2: float
    color: str
    width: float = 0.5
    dash: bool = False


@dataclass(frozen=True, slots=True)
class Text:
    x: float
    y: float  # baseline of the text
    text: str
    size: float
    color: str = "#1a1a1a"
    anchor: str = "start"  # "start" | "middle" | "end"


@dataclass(frozen=True, slots=True)
class Chart:
    width: float
    height: float
    lines: tuple[Line, ...]
    polylines: tuple[tuple[tuple[tuple[float, float], ...], str, float], ...]
    dots: tuple[tuple[float, float, float, str], ...]
    marks: tuple[tuple[float, float, float, str], ...]  # session days: x, y, size, colour
    texts: tuple[Text, ...]


@dataclass(frozen=True, slots=True)
class _Frame:
    """Where the plot sits in the chart's box, and data → box coordinates."""

    left: float
    top: float
    width: float
    height: float
    start: date
    days: int

    def x(self, day: date) -> float:
        return self.left + self.width * (day - self.start).days / self.days

    def y(self, v: float | Fraction) -> float:
        span = ref.NRS_MAX - ref.NRS_MIN  # 0–10 NRS (domain.md §1.1)
        return self.top + self.height * (1 - (float(v) - ref.NRS_MIN) / span)


def _axes(f: _Frame, font: float) -> tuple[list[Line], list[Text]]:
    lines: list[Line] = []
    texts: list[Text] = []
    right, bottom = f.left + f.width, f.top + f.height
    for v in range(ref.NRS_MIN, ref.NRS_MAX + 1, 2):
        lines.append(Line(f.left, f.y(v), right, f.y(v), "#DDDDDD", 0.3))
        texts.append(Text(f.left - font * 0.5, f.y(v) + font * 0.35, str(v), font, anchor="end"))
    lines.append(Line(f.left, f.top, f.left, bottom, GREY, 0.4))
    lines.append(Line(f.left, bottom, right, bottom, GREY, 0.4))
    ticks = 6
    for i in range(ticks):
        day = f.start + timedelta(days=round(f.days * i / (ticks - 1)))
        lines.append(Line(f.x(day), bottom, f.x(day), bottom + font * 0.4, GREY, 0.4))
        texts.append(Text(f.x(day), bottom + font * 1.4, day.isoformat(), font, anchor="middle"))
    return lines, texts


def _levels(f: _Frame, base: Fraction, font: float) -> tuple[list[Line], list[Text]]:
    """The baseline and the 30 % / 50 % reduction levels (domain.md §1.2), labelled."""
    levels = [(base, f"baseline {num.mean_text(base)}", PURPLE)]
    levels += [
        (lvl, f"{frac * 100} % less: {num.mean_text(lvl)}", colour)
        for (frac, lvl), colour in zip(agg.reduction_levels(base), (GREEN, VERMILLION), strict=True)
    ]
    right = f.left + f.width
    lines = [Line(f.left, f.y(v), right, f.y(v), c, 0.6, dash=True) for v, _, c in levels]
    texts, below = [], -font  # labels top to bottom, each at least a line under the one above
    for v, t, c in levels:  # the baseline first: the highest level
        y = max(f.y(v) + font * 0.35, below + font * 1.05)
        texts.append(Text(right + font * 0.4, y, t, font, c))
        below = y
    return lines, texts


LEGEND = (
    "• daily mean pain   — 7-day mean   ▲ session   - - baseline and 30 % / 50 % "
    "less than baseline   (0 = no pain, 10 = worst possible)"
)


def chart(s: Summary, width: float, height: float, font: float) -> Chart:
    """Daily mean pain (dots), 7-day rolling mean (line), baseline and 30 %/50 % reduction levels
    (domain.md §1.2), session days (triangles): the terminal pain chart, as vector shapes."""
    left, right, top, bottom = font * 2.6, font * 9.5, font * 0.6, font * 4.2
    f = _Frame(
        left,
        top,
        width - left - right,
        height - top - bottom,
        s.window.start,
        max(s.window.days - 1, 1),
    )
    lines, texts = _axes(f, font)
    if s.baseline is not None:
        more_lines, more_texts = _levels(f, s.baseline, font)
        lines += more_lines
        texts += more_texts
    polylines = tuple(
        (tuple((f.x(p.date), f.y(p.value)) for p in run if p.value is not None), ORANGE, 1.2)
        for run in agg.rolling_mean(s.pain).runs()
        if len(run) > 1
    )
    dots = tuple(
        (f.x(p.date), f.y(p.value), font * 0.22, BLUE) for p in s.pain.points if p.value is not None
    )
    marks = tuple(
        (f.x(d), f.top + f.height - font * 0.1, font * 0.45, "#555555")
        for d in agg.session_dates(s.sessions, s.window)
    )
    texts.append(Text(left, height - font * 0.6, LEGEND, font * 0.95))
    return Chart(width, height, tuple(lines), polylines, dots, marks, tuple(texts))


def _escape(text: str) -> str:
    """Text as SVG/HTML text: `& < > " '` escaped, control characters shown as visible escapes
    such as `\\x1b` (render/safe.py)."""
    return html.escape(safe.terminal(text))


def svg(c: Chart, alt: str, standalone: bool = False) -> str:
    """The chart's shapes as inline SVG (user units = the chart's own), named and described."""
    ns = ' xmlns="http://www.w3.org/2000/svg"' if standalone else ""
    out = [
        f'<svg{ns} viewBox="0 0 {c.width:g} {c.height:g}" role="img" '
        'aria-labelledby="chart-title chart-desc">',
        '<title id="chart-title">Daily pain, 0 to 10</title>',
        f'<desc id="chart-desc">{_escape(alt)}</desc>',
    ]
    for ln in c.lines:
        dash = ' stroke-dasharray="3 2"' if ln.dash else ""
        out.append(
            f'<line x1="{ln.x1:.1f}" y1="{ln.y1:.1f}" x2="{ln.x2:.1f}" y2="{ln.y2:.1f}" '
            f'stroke="{ln.color}" stroke-width="{ln.width:g}"{dash}/>'
        )
    for points, colour, width in c.polylines:
        pts = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
        out.append(
            f'<polyline points="{pts}" fill="none" stroke="{colour}" stroke-width="{width:g}"/>'
        )
    for x, y, r, colour in c.dots:
        out.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" fill="{colour}"/>')
    for x, y, size, colour in c.marks:
        out.append(
            f'<polygon points="{x:.1f},{y - size:.1f} {x - size / 2:.1f},{y:.1f} '
            f'{x + size / 2:.1f},{y:.1f}" fill="{colour}"/>'
        )
    for t in c.texts:
        out.append(
            f'<text x="{t.x:.1f}" y="{t.y:.1f}" font-size="{t.size:g}" fill="{t.color}" '
            f'text-anchor="{t.anchor}">{_escape(t.text)}</text>'
        )
    out.append("</svg>")
    return "\n".join(out)
