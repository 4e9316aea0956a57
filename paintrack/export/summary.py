"""The clinician summary as data: who and what, the review, the pain trend, sessions, medication.

Pure: built from a ReviewInput (the rows the review reads), the recorded decisions and an optional
patient label; `markdown`, `html` and `pdf` only lay it out. Each measure's numbers and words are
`domain.measures.present`'s, as on the review screen and in `review --json`; the weekly trend is
ISO weeks (`domain.daily.weekly`), as in `chart --weekly`. The chart is computed here once, as
shapes in a box of any size, from the same `domain.aggregate` series as the terminal pain chart
(daily means, 7-day rolling mean, baseline and 30 %/50 % reduction levels, session days), so the
SVG and the PDF draw the same thing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction

from paintrack import reference as ref
from paintrack.domain import aggregate as agg
from paintrack.domain import daily as dl
from paintrack.domain import numbers as num
from paintrack.domain.course import Window
from paintrack.domain.measures import Measure, present
from paintrack.domain.review import Review, ReviewInput, review
from paintrack.domain.verdict import VERDICT_WORDS
from paintrack.models import Course, Decision, Session

#: Where each threshold comes from (domain.md §1.2, §2, §3.1, §5, §6); printed as a footnote.
SOURCES = (
    "Pain: 10 / 30 / 50 % reduction = minimal / moderate / substantial (IMMPACT, Dworkin et al. "
    "2008; Farrar et al. 2001).",
    "Function: PSFS +2 points on the mean, +3 on one activity (Stratford et al. 1995).",
    "PEG: 30 % reduction clinically meaningful (CDC 2022); MID about 1 point (Reed et al. 2024).",
    "Sleep interference: 1 point (BPI interference, IMMPACT). Sleep hours, stress: no validated "
    "threshold.",
    "MME/day: CDC 2022 conversion factors, an estimate only. Acetaminophen: over 3,000 mg/day "
    "check label, 4,000 mg/day maximum (McNeil; Health Canada).",
)
DISCLAIMER = (
    "From the patient's own diary (paintrack). Facts and published thresholds, not a diagnosis "
    "or a treatment recommendation."
)
# Okabe–Ito colours, as in the terminal charts (render/charts.py).
BLUE, ORANGE, GREEN = "#0072B2", "#E69F00", "#009E73"
VERMILLION, PURPLE, GREY = "#D55E00", "#CC79A7", "#888888"


# The review speaks to the patient; the summary is read by their clinician.
THIRD_PERSON = (
    ("from your baseline", "from baseline"),
    ("as your baseline", "as baseline"),
    ("with your baseline week", "with the baseline week"),
    ("your baseline week", "the baseline week"),
    ("Your baseline pain", "Baseline pain"),
    ("your chosen activities", "the patient's chosen activities"),
    ("your PEG score", "the PEG score"),
    ("keep logging daily", "more daily logs are needed"),
)


@dataclass(frozen=True, slots=True)
class Row:
    """One line of the review table, formatted for print."""

    label: str
    baseline: str
    current: str
    change: str
    words: str
    indent: bool = False


@dataclass(frozen=True, slots=True)
class Completeness:
    name: str
    window: Window
    logged: int

    def __str__(self) -> str:
        return (
            f"{self.name} ({self.window.start} to {self.window.end}): "
            f"{self.logged} of {self.window.days} days logged"
        )


@dataclass(frozen=True, slots=True)
class Summary:
    label: str | None
    course: Course
    review: Review
    sessions: tuple[Session, ...]
    decision: Decision | None  # the latest recorded decision (or impression)
    pain: agg.Series  # daily mean pain across `window` (the terminal chart's series)
    window: Window
    completeness: tuple[Completeness, ...]
    weekly: tuple[dl.Week, ...] = ()  # ISO weeks of daily mean pain across `window`

    @property
    def verdict(self) -> str:
        return VERDICT_WORDS[self.review.verdict]

    @property
    def headline(self) -> str:
        """The review's sentence, told to the clinician about the patient rather than to them."""
        text = self.review.headline
        for patient, clinician in THIRD_PERSON:
            text = text.replace(patient, clinician)
        return text

    @property
    def baseline(self) -> Fraction | None:
        """The review's baseline pain (exact): the chart's baseline line is the table's."""
        return self.review.pain.baseline

    def reduction_text(self) -> str | None:
        """'baseline 6.7; 30 % less = 4.7; 50 % less = 3.3' (domain.md §1.2)."""
        base = self.baseline
        if base is None:
            return None
        levels = [
            f"{f * 100} % less = {num.mean_text(lvl)}" for f, lvl in agg.reduction_levels(base)
        ]
        return f"baseline {num.mean_text(base)}; " + "; ".join(levels)

    def who(self) -> list[tuple[str, str]]:
        c, point = self.course, self.review.course
        planned = f" of {point.sessions_planned} planned" if point.sessions_planned else ""
        days = f", re-evaluate after {point.days_planned} days" if point.days_planned else ""
        lines = [("Patient", self.label)] if self.label else []
        lines += [
            ("Condition", c.condition or "not given"),
            ("Therapy", c.therapy),
            ("Practitioner", c.practitioner or "not given"),
            *([("Goals", "; ".join(c.goals))] if c.goals else []),
            ("Course", f"{c.name}: {c.start} to {c.ended or 'ongoing'}"),
            ("Sessions", f"{point.sessions_done}{planned}{days}"),
            ("Review date", self.review.today.isoformat()),
        ]
        return lines

    def red_flags(self) -> list[str]:
        out = []
        for f in self.review.red_flags:
            flag = ref.RED_FLAGS.get(f.code)  # domain.md §10.1
            if flag is None:
                out.append(f"{f.date}: {f.code}")
                continue
            urgency = "emergency services now" if flag.emergency else "a clinician today"
            out.append(f"{f.date}: {flag.label} (the patient was told to contact {urgency})")
        return out

    def rows(self) -> list[Row]:
        """The review's table rows (`Review.rows`), as `present` shows them everywhere."""
        return [_row(m) for m in self.review.rows]

    def session_lines(self) -> list[tuple[int, str, int, int, int]]:
        return [
            (p.number, p.date.isoformat(), p.before, p.after, p.before - p.after)
            for p in agg.session_points(self.sessions)
        ]

    def relief(self) -> str:
        s = self.review.sessions
        if not s.count:
            return "No sessions logged yet."
        mean = num.mean_text(s.mean_immediate_relief)
        return (
            f"{s.count} sessions; pain right after needling was on average {mean} points "
            "lower than right before (a 'right now' rating, not the daily average)."
        )

    def side_effects(self) -> str:
        effects = self.review.sessions.side_effects
        if not effects:
            return "None reported."
        return "; ".join(
            f"{ref.SIDE_EFFECTS.get(code, code)}: {n} session{'s' * (n != 1)}"  # domain.md §10.2
            for code, n in effects.items()
        )

    def medication(self) -> list[str]:
        m = self.review.medication
        b, c = m.baseline, m.current
        lines = [
            f"Opioids, MME per day (estimate): {num.mean_text(b.mme_per_day)} in the baseline "
            f"week, {num.mean_text(c.mme_per_day)} in the last 7 days.",
            f"Days with any pain medication, per week: {num.mean_text(b.dose_days_per_week)} "
            f"before, {num.mean_text(c.dose_days_per_week)} now.",
        ]
        lines += [f"{f.date}: {f.message}" for f in m.flags]
        if not m.flags:
            lines.append("No acetaminophen or MME flags.")
        return lines

    def impression(self) -> str:
        imp = self.review.impression
        if imp is None:
            return "PGIC not recorded yet."
        return f"PGIC {imp} of 7: {ref.PGIC_LABELS[imp]}."  # domain.md §4

    def decision_text(self) -> str:
        d = self.decision
        if d is None or d.choice is None:
            return "No decision recorded yet (continue / change / stop)."
        return f"Decision recorded {d.date}: {d.choice}."

    def footnotes(self) -> tuple[str, ...]:
        return SOURCES


def _row(m: Measure) -> Row:
    s = present(m)
    return Row(
        s.label, s.baseline_text, s.current_text, s.change_text, s.words, m.activity is not None
    )


def build(
    inp: ReviewInput,
    decisions: list[Decision],
    label: str | None = None,
    since: date | None = None,
) -> Summary:
    """The summary of `inp.course` as of `inp.today` (the review date)."""
    result = review(inp)
    bw = result.baseline_window
    start = min(inp.course.start, bw.start)
    if since is not None:
        start = max(start, since)
    start = min(start, inp.today)
    window = Window(start, inp.today)
    pain = dl.log_daily(inp.logs, "pain", window)
    logged = {log.date for log in inp.logs}

    def count(w: Window) -> int:
        return sum(1 for d in logged if d in w)

    completeness = (
        Completeness("Baseline week", bw, count(bw)),
        Completeness("Last 7 days", result.current_window, count(result.current_window)),
        Completeness("Whole course so far", window, count(window)),
    )
    latest = next((d for d in reversed(decisions) if d.choice is not None), None)
    return Summary(
        label=label,
        course=inp.course,
        review=result,
        sessions=tuple(s for s in inp.sessions if s.date <= inp.today),
        decision=latest,
        pain=agg.series("pain", pain, window),
        window=window,
        completeness=completeness,
        weekly=dl.weekly(pain, window),
    )


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
    color: str = "#333333"
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
    texts = [Text(right + font * 0.4, f.y(v) + font * 0.35, t, font, c) for v, t, c in levels]
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
