"""The review's verdict, its one-sentence headline, and the caveats that go with it. Pure.

Numbers in the headline and the caveats are the shown numbers of `domain.measures.present` and
`domain.numbers`, so the sentence never says 38 % where the table says 37 %.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from fractions import Fraction
from typing import Final

from paintrack import reference as ref
from paintrack.domain import numbers as num
from paintrack.domain.course import CoursePoint, Window
from paintrack.domain.daily import daily_means, window_mean
from paintrack.domain.measures import MEANINGFUL, PEG_MIN_DAYS, Measure, present
from paintrack.models import DailyLog

FLARE_POINTS: Final = Fraction(3, 2)  # baseline this far above the 4 weeks before (design choice)
VERDICT_WORDS: Final = {  # the verdict as a clinician reads it in a summary
    "improving": "Improving",
    "not-improving": "Not improving",
    "worse": "Worse",
    "insufficient-data": "Not enough data yet",
}


def verdict(point: CoursePoint, pain: Measure, function: Measure, peg: Measure) -> str:
    """product.md: improving when pain is moderate or better, or PSFS +2, or PEG −30 %."""
    if point.first_session is None or not pain.compared:
        return "insufficient-data"
    if any(m.category in MEANINGFUL for m in (pain, function, peg)):
        return "improving"
    return "worse" if pain.category == "worse" else "not-improving"


_PAIN_TAIL: Final = {
    "substantial": " — a substantial, clinically meaningful improvement.",
    "moderate": " — a moderate, clinically meaningful improvement.",
    "minimal": " — a minimal improvement, under the 30 % that counts as meaningful.",
    "none": " — no important change.",
    "worse": " — worse than before the course.",
}


def headline(verdict: str, point: CoursePoint, pain: Measure, fn: Measure, peg: Measure) -> str:
    if verdict == "insufficient-data":
        if point.first_session is None:
            return "No session logged yet — your baseline week is still being collected."
        return "Not enough pain logs yet to compare with your baseline week — keep logging daily."
    shown = present(pain)
    if shown.change_pct is None:
        lead = (
            "Your baseline pain was 0/10, so a percentage cannot be worked out; "
            f"pain now averages {shown.current_text}/10"
        )
        tail = "."
    else:
        way = "down" if shown.change_pct < 0 else "up"
        whole = abs(int(shown.change_pct))
        lead = (
            f"Pain is {way} {whole} % from your baseline"
            if whole
            else ("Pain is about the same as your baseline")
        )
        tail = _PAIN_TAIL[pain.category or "none"]
    others = []
    if fn.category in MEANINGFUL and fn.change is not None:
        easier = present(fn).change_text.lstrip("+")
        others.append(f"your chosen activities are {easier} points easier")
    peg_pct = present(peg).change_pct
    if peg.category in MEANINGFUL and peg_pct is not None:
        others.append(f"your PEG score is down {abs(int(peg_pct))} %")
    if pain.category in MEANINGFUL or not others:
        return lead + tail
    return f"{lead}, but " + " and ".join(others) + ", which is a meaningful improvement."


# --- Caveats -----------------------------------------------------------------------------------
def timing_caveats(point: CoursePoint, today: date, bw: Window, cw: Window) -> list[str]:
    if point.first_session is None:
        return ["No session logged yet: the baseline week is still being collected."]
    out = []
    if point.reached_on is None or today < point.reached_on:
        out.append(
            "This review comes before the agreed re-evaluate point; the numbers can still change."
        )
    if cw.start <= bw.end:
        out.append(
            "The last 7 days overlap the baseline week (the first session was under "
            "a week ago), so both sides share days."
        )
    return out


def _thin(m: Measure, bw: Window, cw: Window) -> str | None:
    need = m.days_needed
    parts = [
        f"{n} of {w.days} days in {name} ({w.start} to {w.end})"
        for n, w, name in (
            (m.baseline_days, bw, "the baseline week"),
            (m.current_days, cw, "the last 7 days"),
        )
        if n < need
    ]
    if not parts:
        return None
    why = (
        "the PEG is weekly and needs one in each week"
        if need == PEG_MIN_DAYS
        else f"at least {need} are needed"
    )
    return f"{m.label}: only " + " and ".join(parts) + f" logged; {why}, so it is not compared."


def data_caveats(measures: Sequence[Measure], bw: Window, cw: Window) -> list[str]:
    """Pain and PEG each say what is missing; the other measures share one grouped caveat."""
    out: list[str] = []
    unlogged, thin = [], []
    for m in measures:
        if m.key != "pain" and not m.logged:
            unlogged.append(m.label)
        elif m.key in ("pain", "peg"):
            if (text := _thin(m, bw, cw)) is not None:
                out.append(text)
        elif min(m.baseline_days, m.current_days) < m.days_needed:
            thin.append(f"{m.label} ({m.baseline_days} and {m.current_days} days)")
    if thin:
        out.append(
            f"Too few days logged to compare (at least {ref.BASELINE_MIN_DAYS} of 7 are needed in "
            "the baseline week and in the last 7 days): " + "; ".join(thin) + "."
        )
    if unlogged:
        out.append("Not logged in either week, so not compared: " + ", ".join(unlogged) + ".")
    return out


def baseline_caveats(pain: Measure, logs: Sequence[DailyLog], pre: Window) -> list[str]:
    """A 0/10 or under-4 baseline (domain.md §1.1, §1.3), or one taken in a flare."""
    b = pain.baseline
    if b is None:
        return []
    shown = present(pain)
    if b == 0:
        return [
            "Baseline pain was 0/10, so a percent change cannot be worked out; "
            f"read the change in points ({shown.change_text})."
        ]
    out = []
    if b < ref.BASELINE_FLOOR:
        out.append(
            f"Baseline pain was {shown.baseline_text}/10, under 4/10: floor effect, read "
            "the points rather than the percent (IMMPACT)."
        )
    before = window_mean(daily_means(((log.date, log.pain) for log in logs), pre), pre)
    if before is not None and b - before >= FLARE_POINTS:
        out.append(
            f"Your baseline week ({shown.baseline_text}/10) was {num.mean_text(b - before)} "
            f"points above the 4 weeks before it ({num.mean_text(before)}/10): a course started "
            "in a flare often improves anyway (regression to the mean), so not all of a drop "
            "may be due to treatment."
        )
    return out


def activity_caveat(logs: Sequence[DailyLog], bw: Window, cw: Window) -> str | None:
    rated = [
        {r.activity.lower() for log in logs if log.date in w for r in log.activity_ratings}
        for w in (bw, cw)
    ]
    if all(rated) and rated[0] != rated[1]:
        return (
            "Different activities were rated before and now (PSFS): the function "
            "mean compares different sets."
        )
    return None


def impression_caveats(verdict: str, pain: Measure, impression: int | None) -> list[str]:
    out = []
    if verdict == "improving" and pain.category == "worse":
        out.append("Mixed result: function or PEG improved while pain got worse.")
    if impression is None:
        out.append("No global impression of change (PGIC 1–7) recorded yet.")
    elif (impression <= 2 and verdict in ("not-improving", "worse")) or (
        impression >= 5 and verdict == "improving"
    ):
        out.append(
            f"Your own impression ({ref.PGIC_LABELS[impression]}) and the "
            "numbers disagree: worth talking through with your clinician."
        )
    return out
