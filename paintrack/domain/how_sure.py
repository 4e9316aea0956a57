"""The review's "How sure is the change?": the course as a one-patient AB comparison. Pure.

Phases (domain.md §12.1): A = the days before the first session (the baseline window and any
earlier logged days of the course), B = the first session's day to the review date; days weigh
equally (daily means, as §1.3). The numbers come from `domain.single_case`; this module decides
what the design can support and says it in words a patient understands, with a CENT-style line
for the clinician (domain.md §12.3). It never says "proves" or "caused".
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction

from paintrack.domain import numbers as num
from paintrack.domain.course import Window
from paintrack.domain.medication import DrugUse
from paintrack.domain.single_case import Nap, RandomisationTest, nap, randomisation_test
from paintrack.domain.start_draw import DrawDates
from paintrack.models import StartDraw

MIN_PHASE_DAYS = 5  # below 5 days in either phase: "too few days", no number (issue 27, point 1)
NAP_PLACES = 2  # NAP and its interval as "0.80" (the wording); percent = NAP × 100
P_PLACES = 3  # 1/20 → 0.05, 1/7 → 0.143
SE_PLACES = 3
OBSERVATIONAL = "observational-ab"
RANDOMISED = "randomised-start-ab"
NOT_INDEPENDENT = "days are not independent, so this interval is too narrow"  # §12.1


@dataclass(frozen=True, slots=True)
class ConcurrentChange:
    """A medication started, stopped or taken in a different amount during the course (§12.3)."""

    name: str
    change: str  # "started" | "stopped" | "dose changed"
    date: date | None
    detail: str | None = None  # "1.0 → 2.0 a day"

    @property
    def text(self) -> str:
        when = f" {self.date}" if self.date else ""
        detail = f" ({self.detail})" if self.detail else ""
        return f"{self.name} {self.change}{when}{detail}"

    def as_json(self) -> dict[str, object]:
        return {
            "name": self.name,
            "change": self.change,
            "date": self.date.isoformat() if self.date else None,
            "detail": self.detail,
        }


def concurrent_changes(drugs: Sequence[DrugUse], a: Window) -> tuple[ConcurrentChange, ...]:
    """From the medication log: started or stopped from the start of A to the review date, or a
    different number of units a day in the last 7 days than in the baseline week (as shown)."""
    out = []
    for d in drugs:
        if d.started is not None and d.started in a:
            out.append(ConcurrentChange(d.name, "started", d.started))
        if d.stopped is not None and d.stopped in a:
            out.append(ConcurrentChange(d.name, "stopped", d.stopped))
        if d.started or d.stopped:
            continue
        before = num.shown_mean(d.baseline_units_per_day)
        now = num.shown_mean(d.current_units_per_day)
        if before is not None and now is not None and before != now:
            detail = f"{num.mean_text(d.baseline_units_per_day)} → "
            detail += f"{num.mean_text(d.current_units_per_day)} a day"
            out.append(ConcurrentChange(d.name, "dose changed", None, detail))
    return tuple(out)


def _places(x: Fraction | float, places: int) -> float:
    return float(num.half_up(Fraction(x), places))


def _text(x: Fraction | float, places: int) -> str:
    return f"{_places(x, places):.{places}f}"


def p_text(p: Fraction) -> str:
    """0.05, 0.143, 1: up to 3 decimals, no trailing zeros."""
    return f"{_places(p, P_PLACES):g}"


@dataclass(frozen=True, slots=True)
class SingleCase:
    design: str  # OBSERVATIONAL | RANDOMISED
    a: Window  # the days before the first session
    b: Window | None  # the first session's day to the review date (None before any session)
    days_a: int  # days with pain logged in A
    days_b: int
    nap: Nap | None  # None: too few days, or no session yet
    test: RandomisationTest | None  # only with a randomised start that held
    draw: StartDraw | None
    why_not: str | None  # why a number (NAP or p) cannot be given
    changes: tuple[ConcurrentChange, ...]
    dates: DrawDates | None = None  # the draw's days as dates of the course

    @property
    def words(self) -> tuple[str, ...]:
        """One or two sentences for the patient (the screen), then the medication caution."""
        out = []
        if self.nap is None:
            out.append(f"Too few days to say: {self.why_not}")
        else:
            v, (lo, hi) = self.nap.value, self.nap.ci
            pct = int(num.half_up(v, NAP_PLACES) * 100)
            out.append(
                f"On {pct} % of comparisons, a day after the course began hurt less than a "
                f"baseline day (NAP {_text(v, NAP_PLACES)}, 95 % CI {_text(lo, NAP_PLACES)}–"
                f"{_text(hi, NAP_PLACES)}; {NOT_INDEPENDENT})."
            )
        if self.test is not None:
            t = self.test
            what = "a drop this large" if t.observed > 0 else "a result at least this good"
            smallest = f" The smallest possible here is 1/{t.k}." if t.k < 20 else ""
            out.append(
                f"If the course had made no difference, {what} would have come from "
                f"{t.as_extreme} of the {t.k} possible start days (p = {p_text(t.p)}).{smallest} "
                "Pain easing steadily on its own could still look like this."
            )
        elif self.nap is not None:
            out.append(
                "This is an observational comparison: it cannot rule out that pain would have "
                "eased anyway."
            )
            if self.design == RANDOMISED or self.draw is not None:
                out.append(f"No p-value: {self.why_not}")
        if self.changes:
            said = "; ".join(c.text for c in self.changes)
            out.append(f"Medication changed during the course: {said}. That may be part of it.")
        return tuple(out)

    @property
    def cent(self) -> str:
        """The clinician's page's one line (CENT 2015, domain.md §12.3): design, phases,
        outcome, concurrent changes (named in the page's medication section), analysis."""
        if self.design == RANDOMISED and self.draw is not None:
            design = f"AB, randomised start (k = {self.draw.k})"
        else:
            design = "observational AB"
        n = len(self.changes)
        changes = f"{n} medication change{'s' if n != 1 else ''}" if n else "no medication changes"
        if self.nap is None:
            analysis = "too few days for NAP" if self.b else "no session yet"
        else:
            v, (lo, hi) = self.nap.value, self.nap.ci
            analysis = (
                f"NAP {_text(v, NAP_PLACES)}, 95 % CI {_text(lo, NAP_PLACES)}–"
                f"{_text(hi, NAP_PLACES)} (too narrow: days not independent)"
            )
        if self.test is not None:
            analysis += f"; p = {p_text(self.test.p)}"
        return (
            f"CENT: {design}; A {self.days_a}, B {self.days_b} days of daily pain; "
            f"{changes}; {analysis}."
        )

    @property
    def cent_full(self) -> str:
        """The whole CENT-style report in one paragraph (domain.md §12.3): design, phases,
        outcome, concurrent treatment changes, analysis."""
        if self.design == RANDOMISED and self.draw is not None:
            d = self.draw
            design = (
                f"AB with randomised start, k = {d.k} (first session drawn from days "
                f"{d.first_day}–{d.last_day} at {d.created_at}, seed {d.seed})"
            )
        else:
            design = "observational AB, one patient, no randomised start"
        b = f"{self.b.start}–{self.b.end}" if self.b else "not begun"
        changes = "; ".join(c.text for c in self.changes) or "none in the medication log"
        return (
            f"Design: {design}. Phases: A {self.a.start}–{self.a.end} ({self.days_a} days), "
            f"B {b} ({self.days_b} days). Outcome: daily average pain 0–10 NRS, one mean per "
            f"day. Concurrent changes: {changes}. Analysis: {self._analysis()}."
        )

    def _analysis(self) -> str:
        if self.nap is None:
            return f"none, {self.why_not}"
        v, (lo, hi), se = self.nap.value, self.nap.ci, self.nap.se
        se_text = f", Sen/Mee SE {_text(se, SE_PLACES)}" if se is not None else ""
        out = (
            f"NAP {_text(v, NAP_PLACES)}, 95 % CI {_text(lo, NAP_PLACES)}–{_text(hi, NAP_PLACES)}"
            f" (Newcombe{se_text}; these assume independent days: too narrow)"
        )
        if self.test is not None:
            t = self.test
            out += (
                f"; randomisation test on the drop in mean pain p = {p_text(t.p)} "
                f"(k = {t.k}, smallest possible {p_text(t.smallest_p)})"
            )
        elif self.draw is not None and self.why_not:  # without a draw the design says it
            out += f"; no p-value: {self.why_not}"
        return out

    def as_json(self) -> dict[str, object]:
        n, t = self.nap, self.test

        def span(w: Window | None) -> dict[str, str] | None:
            return None if w is None else {"start": w.start.isoformat(), "end": w.end.isoformat()}

        return {
            "design": self.design,
            "nap": None if n is None else _places(n.value, NAP_PLACES),
            "nap_ci": None if n is None else [_places(x, NAP_PLACES) for x in n.ci],
            "nap_se": None if n is None or n.se is None else _places(n.se, SE_PLACES),
            "days_a": self.days_a,
            "days_b": self.days_b,
            "randomisation_p": None if t is None else _places(t.p, P_PLACES),
            "k": None if self.draw is None else self.draw.k,
            "smallest_p": None if self.draw is None else _places(Fraction(1, self.draw.k), 3),
            "starts_as_extreme": None if t is None else t.as_extreme,
            "why_not": self.why_not,
            "phases": {"a": span(self.a), "b": span(self.b)},
            "drawn_day": None if self.dates is None else self.dates.drawn.isoformat(),
            "concurrent_changes": [c.as_json() for c in self.changes],
            "words": list(self.words),
            "cent": self.cent,
            "cent_full": self.cent_full,
        }


def _why_no_p(
    draw: StartDraw | None, dates: DrawDates | None, first_session: date | None
) -> str | None:
    """Why the randomisation test cannot be given, or None when it can (domain.md §12.2)."""
    if draw is None or dates is None:
        return "no randomised start: the first session's day was not drawn at random"
    if draw.ended:
        return f"the randomised start was ended: {draw.ended}"
    if first_session is None:
        return f"no session yet: book the first one on the drawn day, {dates.drawn}"
    if first_session != dates.drawn:
        return (
            f"the first session was on {first_session}, not on the drawn day {dates.drawn}, so "
            "the randomisation test does not hold"
        )
    return None


def single_case(
    pain_days: Mapping[date, Fraction],
    a_start: date,
    first_session: date | None,
    today: date,
    drugs: Sequence[DrugUse] = (),
    draw: StartDraw | None = None,
    course_start: date | None = None,
) -> SingleCase:
    """The AB comparison of daily pain on `today` (domain.md §12); `pain_days` holds each day's
    mean pain from `a_start` on (days outside A and B are ignored)."""
    a_end = (first_session or today + timedelta(days=1)) - timedelta(days=1)
    a = Window(a_start, a_end)
    b = Window(first_session, today) if first_session and first_session <= today else None
    series = {d: v for d, v in sorted(pain_days.items()) if d in a or (b and d in b)}
    a_values = [v for d, v in series.items() if d in a]
    b_values = [v for d, v in series.items() if b is not None and d in b]
    whole = Window(a_start, today)
    changes = concurrent_changes(drugs, whole)
    dates = DrawDates.of(draw, course_start or a_start) if draw is not None else None
    no_p = _why_no_p(draw, dates, first_session)
    design = RANDOMISED if draw is not None and no_p is None else OBSERVATIONAL
    if draw is not None and first_session is None and not draw.ended:
        design = RANDOMISED  # waiting for the drawn day
    m, n = len(a_values), len(b_values)
    if b is None:
        why = "no session yet: the comparison starts with the first session"
        return SingleCase(design, a, None, m, 0, None, None, draw, why, changes, dates)
    if m < MIN_PHASE_DAYS or n < MIN_PHASE_DAYS:
        why = (
            f"too few days ({m} before the first session and {n} since, with pain logged; "
            f"at least {MIN_PHASE_DAYS} each are needed)"
        )
        return SingleCase(design, a, b, m, n, None, None, draw, why, changes, dates)
    effect = nap(a_values, b_values, lower_is_better=True)  # less pain is better (§12.1)
    test = None
    if dates is not None and no_p is None:
        test = randomisation_test(series, dates.first, dates.last, dates.drawn)
    return SingleCase(design, a, b, m, n, effect, test, draw, no_p, changes, dates)
