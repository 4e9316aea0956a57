"""The clinician's page (the summary) as facts: who and what, the review, each drug, red flags,
sessions, weekly trends, the patient's notes, the previous course.

Pure: built from `domain.page_input.PageInput` (the course's own review input as of its review
date, its decisions, the previous course); `export.page` says them in order as blocks, and
`markdown`, `html` and `pdf` only lay those blocks out. Each measure's numbers and words are
`domain.measures.present`'s, as on the review screen and in `review --json`; each drug's are
`domain.medication.by_drug`'s; the weekly trend is ISO weeks (`domain.daily.weekly`), as in
`chart --weekly`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from typing import TYPE_CHECKING

from paintrack import reference as ref
from paintrack.domain import aggregate as agg
from paintrack.domain import daily as dl
from paintrack.domain import numbers as num
from paintrack.domain.course import Window
from paintrack.domain.review import Review, review
from paintrack.domain.verdict import VERDICT_WORDS
from paintrack.models import Course, DailyLog, Decision, Session

if TYPE_CHECKING:
    from paintrack.domain.page_input import PageInput, Previous

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
# Okabe–Ito hues, darkened where needed so each mark is ≥ 3:1 and each label ≥ 4.5:1 on white
# (WCAG 2.2 AA, 1.4.3 and 1.4.11); the terminal charts keep the bright ones.
BLUE, ORANGE, GREEN = "#0072B2", "#A85C00", "#00785A"
VERMILLION, PURPLE, GREY = "#B8470A", "#9B3F7A", "#6E6E6E"
ALERT = "#A33A00"  # the red-flag heading and frame: 6.2:1 on white, 5.7:1 on its tint

WEEK_ROWS = 12  # rows of the weekly trend on the page: 12 weeks, or 12 periods of whole weeks

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
    ("Your own impression", "The patient's own impression"),
    ("with your clinician", "with the patient"),
    ("you ", "the patient "),
)


def third_person(text: str) -> str:
    for patient, clinician in THIRD_PERSON:
        text = text.replace(patient, clinician)
    return text


@dataclass(frozen=True, slots=True)
class Note:
    """A note the patient wrote, on a daily log or a session."""

    date: date
    where: str  # "log" | "session"
    text: str
    for_clinician: bool


@dataclass(frozen=True, slots=True)
class Summary:
    label: str | None
    course: Course
    review: Review
    sessions: tuple[Session, ...]  # done by the review date
    decision: Decision | None  # the latest recorded decision (with a choice), if any
    pain: agg.Series  # daily mean pain across `window` (the terminal chart's series)
    window: Window
    logs: tuple[DailyLog, ...]  # the logs inside `window` with a note or a red flag (at least)
    weekly: tuple[dl.Week, ...] = ()  # ISO weeks of daily mean pain across `window`
    weekly_peg: tuple[dl.Week, ...] = ()  # the same weeks, PEG score
    previous: Previous | None = None
    weeks_per_row: int = 1  # a long course's trend in periods of this many weeks
    days_logged: frozenset[date] = frozenset()  # every day with a daily log, in `window`

    @property
    def today(self) -> date:
        return self.review.today

    @property
    def ended(self) -> date | None:
        """The day the course ended, if it had by the review date."""
        end = self.course.ended
        return end if end is not None and end <= self.today else None

    @property
    def too_early(self) -> bool:
        """Before the re-evaluate point of a course still running: no verdict yet."""
        return self.review.course.reached_on is None and self.ended is None

    @property
    def verdict(self) -> str:
        if self.too_early:
            c = self.review.course
            of = f" of {c.sessions_planned}" if c.sessions_planned else ""
            return f"Too early to judge: {c.sessions_done}{of} sessions"
        return VERDICT_WORDS[self.review.verdict]

    @property
    def headline(self) -> str:
        """The review's sentence, told to the clinician about the patient rather than to them."""
        return third_person(self.review.headline)

    @property
    def baseline(self) -> Fraction | None:
        """The review's baseline pain (exact): the chart's baseline line is the table's."""
        return self.review.pain.baseline

    def practitioners(self) -> list[str]:
        """The course's practitioner first, then any other named on a session."""
        names = [self.course.practitioner] if self.course.practitioner else []
        for s in self.sessions:
            if s.practitioner and s.practitioner.casefold() not in map(str.casefold, names):
                names.append(s.practitioner)
        return names

    def notes(self) -> list[Note]:
        """Every note in the course's window up to the review date, newest first."""
        out = [Note(x.date, "log", x.note, x.for_clinician) for x in self.logs if x.note]
        out += [Note(x.date, "session", x.note, x.for_clinician) for x in self.sessions if x.note]
        return sorted(out, key=lambda n: (n.date, n.where), reverse=True)

    def flag_notes(self, day: date, code: str) -> list[str]:
        """The notes of the logs that reported red flag `code` on `day`."""
        return [x.note for x in self.logs if x.date == day and code in x.red_flags and x.note]

    def stopped(self, stop: date | None) -> date | None:
        """A stop date as of the review date (a later stop is not known yet)."""
        return stop if stop is not None and stop <= self.today else None

    def completeness(self) -> list[tuple[str, Window, int]]:
        logged = self.days_logged
        r = self.review
        return [
            (name, w, sum(1 for d in logged if d in w))
            for name, w in (
                ("Baseline week", r.baseline_window),
                ("Last 7 days", r.current_window),
                ("Whole course so far", self.window),
            )
        ]

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


def build(given: PageInput, label: str | None = None, since: date | None = None) -> Summary:
    """The summary of `given.inp.course` as of `given.inp.today` (the review date)."""
    inp = given.inp
    result = review(inp)
    start = min(inp.course.start, result.baseline_window.start)
    if since is not None:
        start = max(start, since)
    window = Window(min(start, inp.today), inp.today)
    if given.pain is None:
        pain = dl.log_daily(inp.logs, "pain", window)
        logs = tuple(x for x in inp.logs if x.date in window)
    else:
        pain = {d: Fraction(t, n) for d, (t, n) in given.pain.items() if d in window}
        noted = {x.id for x in given.noted}  # the review's logs (red flags) and the noted ones
        both = (*given.noted, *(x for x in inp.logs if x.id not in noted))
        logs = tuple(sorted((x for x in both if x.date in window), key=lambda x: x.date))
    latest = next((d for d in reversed(given.decisions) if d.choice is not None), None)
    # at most WEEK_ROWS rows: a long course in periods of whole weeks (as `chart --weekly`)
    per_row = max(1, -(-len(dl.weekly(pain, window)) // WEEK_ROWS))
    return Summary(
        label=label,
        course=inp.course,
        review=result,
        sessions=tuple(s for s in inp.sessions if s.date <= inp.today),
        decision=latest,
        pain=agg.series("pain", pain, window),
        window=window,
        logs=logs,
        days_logged=frozenset(pain),
        weekly=dl.weekly(pain, window, per_row),
        weekly_peg=dl.weekly(dl.peg_daily(inp.pegs), window, per_row),
        weeks_per_row=per_row,
        previous=given.previous,
    )


def mean(x: Fraction | None) -> str:
    return num.mean_text(x)
