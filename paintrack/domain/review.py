"""The review: the baseline week against the last 7 days, per measure, and an honest verdict.

Pure: the caller passes `today` and the rows; nothing here reads a clock, a file or a database.
`review()` assembles named parts: the measures (`domain.measures`, from the daily values of
`domain.daily`), the medication (`domain.medication`, from `domain.doses`), the verdict, its
headline and the caveats (`domain.verdict`), the sessions and the red flags. Every number is
exact until shown; what is shown follows `domain.numbers` (means half up to 1 decimal, changes
and percents toward zero), and `Review.as_json()` carries those same shown numbers.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from fractions import Fraction

from paintrack import reference as ref
from paintrack.domain import numbers as num
from paintrack.domain import verdict as v
from paintrack.domain.course import (
    CoursePoint,
    Window,
    baseline_window,
    current_window,
    pre_baseline_window,
    red_flag_since,
)
from paintrack.domain.daily import activity_daily, log_daily, peg_daily, psfs_daily
from paintrack.domain.how_sure import SingleCase, single_case
from paintrack.domain.measures import (
    CATEGORIES,
    MEANINGFUL,
    MEASURES,
    PSFS_ACTIVITY,
    Measure,
    compare,
    pain_category,
    present,
)
from paintrack.domain.medication import (
    MedicationFlag,
    MedicationSummary,
    medication,
    medication_caveat,
)
from paintrack.models import Course, DailyLog, Medication, Peg, Session, StartDraw


@dataclass(frozen=True, slots=True)
class SessionSummary:
    count: int
    mean_immediate_relief: Fraction | None  # pain_before − pain_after, "right now" ratings
    side_effects: dict[str, int]

    def as_json(self) -> dict[str, object]:
        return {
            "count": self.count,
            "mean_immediate_relief": num.shown_mean(self.mean_immediate_relief),
            "side_effects": dict(self.side_effects),
        }


@dataclass(frozen=True, slots=True)
class ReviewRedFlag:
    date: date
    code: str


@dataclass(frozen=True, slots=True)
class ReviewInput:
    course: Course
    point: CoursePoint  # from domain.course.reevaluate_point
    today: date
    logs: Sequence[DailyLog]  # at least [baseline.start − 28 days, today]; filtered here
    pegs: Sequence[Peg]
    sessions: Sequence[Session]
    medications: Mapping[str, Medication]  # by lower-cased name
    impression: int | None  # latest PGIC 1–7 (domain.md §4)
    # per medication: first dose ever, first and last in the course (domain.medication.Spans)
    dose_spans: Mapping[str, tuple[date, date, date]] | None = None
    # each day's mean pain from the course's (or baseline's) start to `today`, for the AB
    # comparison (domain.md §12); None: taken from `logs`
    pain_days: Mapping[date, Fraction] | None = None
    draw: StartDraw | None = None  # the course's randomised start, if one was drawn (§12.2)


@dataclass(frozen=True, slots=True)
class Review:
    course: CoursePoint
    today: date
    baseline_window: Window
    current_window: Window
    pre_baseline_window: Window
    pain: Measure
    worst_pain: Measure
    function: Measure  # PSFS mean
    activities: tuple[Measure, ...]  # PSFS per activity
    peg: Measure
    sleep: Measure  # sleep interference 0–10
    sleep_hours: Measure
    stress: Measure
    medication: MedicationSummary
    sessions: SessionSummary
    impression: int | None
    verdict: str
    headline: str
    red_flags: tuple[ReviewRedFlag, ...]
    caveats: tuple[str, ...]
    single_case: SingleCase | None = None  # "How sure is the change?" (domain.md §12)

    @property
    def measures(self) -> tuple[Measure, ...]:
        """The daily measures and the PEG, in table order (activities apart)."""
        return (
            self.pain,
            self.worst_pain,
            self.function,
            self.peg,
            self.sleep,
            self.sleep_hours,
            self.stress,
        )

    @property
    def rows(self) -> tuple[Measure, ...]:
        """What a review table shows, in order: each activity under the function mean; a
        measure logged in neither week is left out, except pain, which is always there."""
        out: list[Measure] = []
        for m in self.measures:
            if m.key == "pain" or m.logged:
                out.append(m)
            if m.key == "function":
                out += [a for a in self.activities if a.logged]
        return tuple(out)

    def as_json(self) -> dict[str, object]:
        def span(w: Window) -> dict[str, str]:
            return {"start": w.start.isoformat(), "end": w.end.isoformat()}

        out: dict[str, object] = {m.key: m.as_json() for m in self.measures}
        function = self.function.as_json()
        function["activities"] = [{"activity": a.activity, **a.as_json()} for a in self.activities]
        out |= {
            "course": self.course.as_json(),
            "function": function,
            "medication": self.medication.as_json(),
            "sessions": self.sessions.as_json(),
            "impression": self.impression,
            "impression_label": ref.PGIC_LABELS.get(self.impression or 0),
            "verdict": self.verdict,
            "headline": self.headline,
            "red_flags": [{"date": f.date.isoformat(), "code": f.code} for f in self.red_flags],
            "caveats": list(self.caveats),
            "today": self.today.isoformat(),
            "windows": {
                "baseline": span(self.baseline_window),
                "current": span(self.current_window),
                "pre_baseline": span(self.pre_baseline_window),
            },
            "thresholds": {m.key: m.scale.threshold for m in self.measures},
            "single_case": None if self.single_case is None else self.single_case.as_json(),
        }
        return out


@dataclass(frozen=True, slots=True)
class _Measures:
    pain: Measure
    worst_pain: Measure
    function: Measure
    activities: tuple[Measure, ...]
    peg: Measure
    sleep: Measure
    sleep_hours: Measure
    stress: Measure


def _measures(inp: ReviewInput, bw: Window, cw: Window) -> _Measures:
    logs = [log for log in inp.logs if log.date in bw or log.date in cw]

    def daily(field: str) -> dict[date, Fraction]:
        if field == "psfs":
            return psfs_daily(logs)
        return peg_daily(inp.pegs) if field == "peg" else log_daily(logs, field)

    m = {k: compare(k, label, s, daily(f), bw, cw) for k, (label, s, f) in MEASURES.items()}
    by_activity = activity_daily(logs)
    activities = tuple(
        compare(f"activity:{name.lower()}", name, PSFS_ACTIVITY, days, bw, cw, activity=name)
        for name, days in sorted(by_activity.items(), key=lambda kv: kv[0].lower())
    )
    return _Measures(
        m["pain"],
        m["worst_pain"],
        m["function"],
        activities,
        m["peg"],
        m["sleep"],
        m["sleep_hours"],
        m["stress"],
    )


def _sessions(sessions: Sequence[Session], today: date) -> SessionSummary:
    done = [s for s in sessions if s.date <= today]
    effects: dict[str, int] = {}
    for s in done:
        for code in s.side_effects:
            effects[code] = effects.get(code, 0) + 1
    relief = num.mean(Fraction(s.immediate_relief) for s in done)
    return SessionSummary(len(done), relief, dict(sorted(effects.items())))


def _red_flags(inp: ReviewInput, bw: Window) -> tuple[ReviewRedFlag, ...]:
    """Never hidden: from the baseline start (or the course's, if earlier) on (product.md)."""
    since = min(bw.start, red_flag_since(inp.course, inp.point.first_session))
    found = {
        ReviewRedFlag(log.date, code)
        for log in inp.logs
        if since <= log.date <= inp.today
        for code in log.red_flags
    }
    return tuple(sorted(found, key=lambda f: (f.date, f.code)))


def review(inp: ReviewInput) -> Review:
    """The review of product.md (`review --json`) for one course on `inp.today`."""
    point, today = inp.point, inp.today
    bw, cw = baseline_window(point.first_session, today), current_window(today)
    pre = pre_baseline_window(bw)
    ms = _measures(inp, bw, cw)
    verdict = v.verdict(point, ms.pain, ms.function, ms.peg)
    med, med_caveats = medication(inp.logs, inp.medications, bw, cw, today, inp.dose_spans)
    in_windows = [log for log in inp.logs if log.date in bw or log.date in cw]
    daily = (ms.pain, ms.worst_pain, ms.function, ms.peg, ms.sleep, ms.sleep_hours, ms.stress)
    caveats = [
        *v.timing_caveats(point, today, bw, cw),
        *v.data_caveats(daily, bw, cw),
        *v.baseline_caveats(ms.pain, inp.logs, pre),
        *med_caveats,
        *filter(None, [medication_caveat(ms.pain, med), v.activity_caveat(in_windows, bw, cw)]),
        *v.impression_caveats(verdict, ms.pain, inp.impression),
    ]
    return Review(
        point,
        today,
        bw,
        cw,
        pre,
        ms.pain,
        ms.worst_pain,
        ms.function,
        ms.activities,
        ms.peg,
        ms.sleep,
        ms.sleep_hours,
        ms.stress,
        med,
        _sessions(inp.sessions, today),
        inp.impression,
        verdict,
        v.headline(verdict, point, ms.pain, ms.function, ms.peg),
        _red_flags(inp, bw),
        tuple(caveats),
        _single_case(inp, bw, med),
    )


def _single_case(inp: ReviewInput, bw: Window, med: MedicationSummary) -> SingleCase:
    """A = from the course's start (or the baseline's, if earlier) to the first session."""
    a_start = min(inp.course.start, bw.start)
    pain = inp.pain_days
    if pain is None:
        pain = log_daily((log for log in inp.logs if a_start <= log.date <= inp.today), "pain")
    first = inp.point.first_session
    draw, start = inp.draw, inp.course.start
    return single_case(pain, a_start, first, inp.today, med.by_drug, draw, start)


def continue_allowed(
    review: Review, course: Course, sessions_last_365_days: int
) -> tuple[bool, str, int | None]:
    """Whether `continue` may be recorded, why, and the new sessions_planned (or None).

    Under medicare-clbp (NCD 30.3.3, domain.md §8): only when improving; +8 sessions, never
    past 20 in a year. CMS does not define "improving" in numbers, so this is not an
    eligibility decision. Without a plan, continuing is always allowed and nothing is extended.
    """
    if course.plan is None:
        return True, "No coverage plan: continuing is up to you and your practitioner.", None
    plan = ref.PLANS[course.plan]
    if review.verdict != "improving":
        return (
            False,
            (
                f"Under the {plan.name} plan, continuing needs an improvement; the verdict is "
                f"{review.verdict}. Medicare: treatment must stop if the patient is not improving or "
                "is regressing. Discuss changing or stopping with your practitioner."
            ),
            None,
        )
    base = course.sessions_planned if course.sessions_planned is not None else plan.sessions
    room = plan.yearly_cap - sessions_last_365_days
    new = min(base + plan.extension, review.course.sessions_done + room)
    if new <= base:
        return (
            False,
            (
                f"{sessions_last_365_days} sessions in the last 365 days: the {plan.name} plan allows "
                f"at most {plan.yearly_cap} a year, so no more can be added."
            ),
            None,
        )
    capped = "" if new == base + plan.extension else f" (capped at {plan.yearly_cap} a year)"
    return (
        True,
        (
            f"Improving: {new - base} more sessions{capped}, {new} planned in all. Medicare does not "
            "define improvement in numbers; your practitioner decides eligibility."
        ),
        new,
    )


__all__ = [
    "CATEGORIES",
    "MEANINGFUL",
    "MedicationFlag",
    "MedicationSummary",
    "Review",
    "ReviewInput",
    "ReviewRedFlag",
    "SessionSummary",
    "continue_allowed",
    "pain_category",
    "present",
    "review",
]
