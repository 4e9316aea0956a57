"""The review: the baseline week against the last 7 days, per measure, and an honest verdict.

Pure: the caller passes `today` and the rows; nothing here reads a clock, a file or a database.
Means are exact fractions, so a threshold such as 30 % is met exactly and never missed by float
error; numbers are rounded to 2 dp only for output (changes toward zero, so a shown 30.00 % always
met the threshold).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction
from functools import lru_cache

from paintrack import reference as ref
from paintrack.domain.course import (
    CoursePoint,
    Window,
    baseline_window,
    current_window,
    red_flag_since,
)
from paintrack.models import Course, DailyLog, Medication, Peg, Session

CATEGORIES = ("worse", "none", "minimal", "moderate", "substantial")  # worst to best
VERDICTS = ("improving", "not-improving", "worse", "insufficient-data")
MEANINGFUL = ("moderate", "substantial")  # the categories that make the verdict "improving"

# Pain, % change from baseline: IMMPACT (Dworkin 2008) and Farrar 2001 (domain.md §1.2).
PAIN_SUBSTANTIAL_PCT = Fraction(50)
PAIN_MODERATE_PCT = Fraction(30)
PAIN_MINIMAL_PCT = Fraction(10)
PAIN_WORSE_PCT = Fraction(10)  # a rise of ≥10 % is "worse" (product.md)
PAIN_ZERO_BASELINE_WORSE_POINTS = Fraction(1)  # ≈1 point minimally important (domain.md §1.2)
PEG_MEANINGFUL_PCT = Fraction(30)  # 30 % = clinically meaningful, CDC 2022 (domain.md §2)
PEG_MID_POINTS = Fraction(1)  # MID ≈1 point, Reed et al. 2024 (domain.md §2)
PSFS_MEAN_POINTS = Fraction(2)  # average score, PSFS form (domain.md §3.1)
PSFS_ACTIVITY_POINTS = Fraction(3)  # a single activity, PSFS form (domain.md §3.1)
SLEEP_POINTS = Fraction(1)  # BPI interference: 1 point minimally important (domain.md §1.2, §5)
ACETAMINOPHEN_CHECK_MG = Fraction(3000)  # > 3,000 mg/day "check label" (domain.md §6.3)
ACETAMINOPHEN_MAX_MG = Fraction(4000)  # ≥ 4,000 mg/day "exceeds max" (domain.md §6.3)
MME_PAUSE = Fraction(50)  # ≥50 MME/day: "pause and carefully reassess", CDC 2022 (domain.md §6.2)
# Regression to the mean: design choices, not from a source. The 28 days mirror domain.md §7.
PRE_BASELINE_DAYS = 28
FLARE_POINTS = Fraction(3, 2)
PEG_MIN_DAYS = 1  # the PEG is weekly (past-week recall, domain.md §2): one per window is enough
MG_PER_UNIT = {"mg": Fraction(1), "g": Fraction(1000), "mcg": Fraction(1, 1000)}
ACETAMINOPHEN_WORDS = ("acetaminophen", "paracetamol", "apap", "tylenol")

Rule = Callable[[Fraction, Fraction], tuple[str | None, str]]
NOT_ENOUGH = "not enough days logged to compare"


@lru_cache(maxsize=4096)
def _exact(x: float) -> Fraction:
    """The number as typed (0.1 is 1/10, not its binary neighbour). Cached: diaries repeat
    the same few values, and parsing is the slow part of a review over years of logs."""
    return Fraction(str(x))


def _mean(values: Iterable[Fraction]) -> Fraction | None:
    vs = list(values)
    return sum(vs, Fraction(0)) / len(vs) if vs else None


def _out(x: Fraction | None) -> float | None:
    return None if x is None else float(round(x, 2))


def _toward_zero(x: Fraction | None) -> float | None:
    return None if x is None else math.trunc(x * 100) / 100


def daily_means(
    items: Iterable[tuple[date, Fraction | None]], window: Window
) -> dict[date, Fraction]:
    """Mean per day of the values inside `window`: several logs in one day count as one day."""
    by_day: dict[date, list[Fraction]] = {}
    for day, value in items:
        if value is not None and day in window:
            by_day.setdefault(day, []).append(value)
    return {day: sum(vs, Fraction(0)) / len(vs) for day, vs in by_day.items()}


def pain_category(baseline: Fraction, current: Fraction) -> str | None:
    """IMMPACT category of the % change (domain.md §1.2).

    From a 0/10 baseline a percent is undefined (domain.md §1.3) and pain cannot fall: a rise of
    ≥1 point, the raw-point minimally important change (domain.md §1.2), is "worse", less "none".
    """
    if baseline == 0:
        return "worse" if current - baseline >= PAIN_ZERO_BASELINE_WORSE_POINTS else "none"
    pct = (current - baseline) / baseline * 100
    if pct <= -PAIN_SUBSTANTIAL_PCT:
        return "substantial"
    if pct <= -PAIN_MODERATE_PCT:
        return "moderate"
    if pct <= -PAIN_MINIMAL_PCT:
        return "minimal"
    return "worse" if pct >= PAIN_WORSE_PCT else "none"


_PAIN_MEANING = {
    "substantial": "substantial improvement (≥50 %, IMMPACT)",
    "moderate": "moderate, clinically meaningful improvement (≥30 %, IMMPACT)",
    "minimal": "minimal improvement (≥10 %, IMMPACT), under the 30 % that counts as meaningful",
    "none": "no important change (less than 10 % either way)",
    "worse": "worse (up 10 % or more)",
}


def _pain_rule(b: Fraction, c: Fraction) -> tuple[str | None, str]:
    cat = pain_category(b, c)
    if b == 0:
        return (
            cat,
            "worse (up 1 point or more from 0/10)" if cat == "worse" else "no pain before or now",
        )
    return cat, _PAIN_MEANING[cat] if cat else ""


def _peg_rule(b: Fraction, c: Fraction) -> tuple[str | None, str]:
    if b and (c - b) / b * 100 <= -PEG_MEANINGFUL_PCT:
        return "moderate", "clinically meaningful improvement (≥30 %, CDC 2022)"
    if c - b <= -PEG_MID_POINTS:
        return "minimal", "≥1 point better (PEG MID, Reed 2024), under 30 %"
    if c - b >= PEG_MID_POINTS:
        return "worse", "≥1 point worse (PEG MID, Reed 2024)"
    return "none", "less than the 1-point PEG MID"


def _points_rule(points: Fraction, better: str, higher_is_better: bool, source: str) -> Rule:
    def rule(b: Fraction, c: Fraction) -> tuple[str | None, str]:
        gain = c - b if higher_is_better else b - c
        if gain >= points:
            return better, f"{better} improvement (≥{points} points, {source})"
        if gain <= -points:
            return "worse", f"worse by {points} points or more ({source})"
        return "none", f"less than the {points}-point change that matters ({source})"

    return rule


def _no_threshold(b: Fraction, c: Fraction) -> tuple[str | None, str]:
    return None, "no validated threshold"


@dataclass(frozen=True, slots=True)
class Measure:
    """One measure, baseline week against the last 7 days (product.md `review --json`)."""

    key: str
    label: str
    baseline: float | None
    current: float | None
    change: float | None  # current − baseline
    change_pct: float | None
    category: str | None
    baseline_days: int
    current_days: int
    days_needed: int
    higher_is_better: bool | None  # None: no agreed direction (sleep hours)
    meaning: str
    threshold: str | None

    def as_json(self) -> dict[str, object]:
        return {
            "baseline": self.baseline,
            "current": self.current,
            "change": self.change,
            "change_pct": self.change_pct,
            "category": self.category,
            "baseline_days": self.baseline_days,
            "current_days": self.current_days,
            "days_needed": self.days_needed,
            "label": self.label,
            "direction": None
            if self.higher_is_better is None
            else "higher-is-better"
            if self.higher_is_better
            else "lower-is-better",
            "meaning": self.meaning,
            "threshold": self.threshold,
        }


def measure(
    key: str,
    label: str,
    base: Mapping[date, Fraction],
    cur: Mapping[date, Fraction],
    rule: Rule,
    *,
    higher_is_better: bool | None,
    threshold: str | None,
    days_needed: int = ref.BASELINE_MIN_DAYS,  # ≥4 of 7 days (domain.md §1.3)
) -> Measure:
    """Compare two windows of daily means; a side with too few days is null."""
    b = _mean(base.values()) if len(base) >= days_needed else None
    c = _mean(cur.values()) if len(cur) >= days_needed else None
    change = pct = None
    cat, meaning = None, NOT_ENOUGH if base or cur else "not logged"
    if b is not None and c is not None:
        change = c - b
        pct = change / b * 100 if b else None
        cat, meaning = rule(b, c)
    return Measure(
        key,
        label,
        _out(b),
        _out(c),
        _toward_zero(change),
        _toward_zero(pct),
        cat,
        len(base),
        len(cur),
        days_needed,
        higher_is_better,
        meaning,
        threshold,
    )


def _opt(x: int | float | None) -> Fraction | None:
    return None if x is None else _exact(x)


def _psfs(log: DailyLog) -> Fraction | None:
    """PSFS score = mean of the activity ratings (domain.md §3.1)."""
    return _mean(Fraction(r.rating) for r in log.ratings)


@dataclass(frozen=True, slots=True)
class MedicationFlag:
    day: date
    code: str  # "acetaminophen-check-label" | "acetaminophen-over-max" | "mme-50"
    value: float  # mg of acetaminophen, or MME, that day
    message: str


@dataclass(frozen=True, slots=True)
class MedicationSummary:
    baseline_mme_per_day: float | None
    current_mme_per_day: float | None
    baseline_dose_days: int
    current_dose_days: int
    baseline_days_logged: int
    current_days_logged: int
    baseline_dose_days_per_week: float | None
    current_dose_days_per_week: float | None
    flags: tuple[MedicationFlag, ...]
    not_counted: tuple[str, ...]  # logged names missing from the list, or without a usable unit
    meaning: str

    def as_json(self) -> dict[str, object]:
        flags = [
            {"date": f.day.isoformat(), "code": f.code, "value": f.value, "message": f.message}
            for f in self.flags
        ]
        return {
            "baseline_mme_per_day": self.baseline_mme_per_day,
            "current_mme_per_day": self.current_mme_per_day,
            "baseline_dose_days": self.baseline_dose_days,
            "current_dose_days": self.current_dose_days,
            "baseline_days_logged": self.baseline_days_logged,
            "current_days_logged": self.current_days_logged,
            "baseline_dose_days_per_week": self.baseline_dose_days_per_week,
            "current_dose_days_per_week": self.current_dose_days_per_week,
            "flags": flags,
            "not_counted": list(self.not_counted),
            "meaning": self.meaning,
        }


@dataclass(frozen=True, slots=True)
class SessionSummary:
    count: int
    mean_immediate_relief: float | None  # pain_before − pain_after, "right now" ratings
    side_effects: dict[str, int]

    def as_json(self) -> dict[str, object]:
        return {
            "count": self.count,
            "mean_immediate_relief": self.mean_immediate_relief,
            "side_effects": dict(self.side_effects),
        }


@dataclass(frozen=True, slots=True)
class ReviewRedFlag:
    day: date
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

    def as_json(self) -> dict[str, object]:
        def span(w: Window) -> dict[str, str]:
            return {"start": w.start.isoformat(), "end": w.end.isoformat()}

        measures = (
            self.pain,
            self.worst_pain,
            self.function,
            self.peg,
            self.sleep,
            self.sleep_hours,
            self.stress,
        )
        out: dict[str, object] = {m.key: m.as_json() for m in measures}
        function = self.function.as_json()
        function["activities"] = [{"activity": a.label, **a.as_json()} for a in self.activities]
        out |= {
            "course": self.course.as_json(),
            "function": function,
            "medication": self.medication.as_json(),
            "sessions": self.sessions.as_json(),
            "impression": self.impression,
            "impression_label": ref.PGIC_LABELS.get(self.impression or 0),
            "verdict": self.verdict,
            "headline": self.headline,
            "red_flags": [{"date": f.day.isoformat(), "code": f.code} for f in self.red_flags],
            "caveats": list(self.caveats),
            "today": self.today.isoformat(),
            "windows": {
                "baseline": span(self.baseline_window),
                "current": span(self.current_window),
                "pre_baseline": span(self.pre_baseline_window),
            },
            "thresholds": {m.key: m.threshold for m in measures},
        }
        return out


@lru_cache(maxsize=1024)
def _count(dose_count: float, med: Medication, opioid: bool) -> Fraction | None:
    """mg in one intake (acetaminophen), or MME (opioid); None when the unit cannot be counted."""
    if med.strength is None:
        return None
    # Fentanyl patches: the CDC factor applies to mcg/h, not mg (domain.md §6.1).
    scale = Fraction(1) if opioid and med.unit == "mcg/h" else MG_PER_UNIT.get(med.unit or "")
    if scale is None or (opioid and med.mme_factor is None):
        return None
    amount = _exact(dose_count) * _exact(med.strength) * scale
    # MME/day = Σ daily dose × factor, CDC 2022 (domain.md §6.1)
    return amount * _exact(med.mme_factor or 1) if opioid else amount


def _medication(
    inp: ReviewInput, bw: Window, cw: Window
) -> tuple[MedicationSummary, list[str], dict[str, Fraction | None]]:
    logged: set[date] = set()
    dosed: dict[date, set[str]] = {}
    mme: dict[date, Fraction] = {}
    apap: dict[date, Fraction] = {}
    not_counted: set[str] = set()
    combos: set[str] = set()
    shown: dict[str, str] = {}  # lower-cased name → as logged
    for log in inp.logs:
        if not bw.start <= log.day <= inp.today:  # the course so far; both windows lie inside
            continue
        logged.add(log.day)
        for dose in log.doses:
            dosed.setdefault(log.day, set()).add(dose.medication.lower())
            shown[dose.medication.lower()] = dose.medication
            med = inp.medications.get(dose.medication.lower())
            if med is None or med.kind not in ("opioid", "acetaminophen"):
                if med is None:
                    not_counted.add(dose.medication)
                elif any(w in med.name.lower() for w in ACETAMINOPHEN_WORDS):
                    combos.add(med.name)
                continue
            amount = _count(dose.count, med, med.kind == "opioid")
            if amount is None:
                not_counted.add(med.name)
                continue
            # Doses are intakes, so two check-ins on one day add up (ratings average instead).
            total = mme if med.kind == "opioid" else apap
            total[log.day] = total.get(log.day, Fraction(0)) + amount
            if med.kind == "opioid" and any(w in med.name.lower() for w in ACETAMINOPHEN_WORDS):
                combos.add(med.name)

    def side(w: Window) -> tuple[Fraction | None, int, int, Fraction | None]:
        days = [d for d in logged if d in w]
        # MME is averaged over every logged day in the window: a logged day without an opioid
        # dose counts as 0 MME; a day without any log is unknown and left out (design choice).
        enough = len(days) >= ref.BASELINE_MIN_DAYS  # domain.md §1.3
        per_day = _mean(mme.get(d, Fraction(0)) for d in days) if enough else None
        dose_days = sum(1 for d in days if d in dosed)
        per_week = Fraction(dose_days * 7, len(days)) if enough else None
        return per_day, dose_days, len(days), per_week

    b_mme, b_dd, b_days, b_pw = side(bw)
    c_mme, c_dd, c_days, c_pw = side(cw)
    flags: list[MedicationFlag] = []
    since = bw.start
    for day in sorted(d for d in apap if since <= d <= inp.today):
        mg = apap[day]
        if mg >= ACETAMINOPHEN_MAX_MG:  # domain.md §6.3
            flags.append(
                MedicationFlag(
                    day,
                    "acetaminophen-over-max",
                    float(mg),
                    (
                        f"{float(mg):g} mg acetaminophen: at or over the 4,000 mg daily maximum. "
                        "Discuss with your prescriber or pharmacist."
                    ),
                )
            )
        elif mg > ACETAMINOPHEN_CHECK_MG:  # domain.md §6.3
            flags.append(
                MedicationFlag(
                    day,
                    "acetaminophen-check-label",
                    float(mg),
                    (
                        f"{float(mg):g} mg acetaminophen: over 3,000 mg, check the label of each "
                        "product. Discuss with your prescriber or pharmacist."
                    ),
                )
            )
    for day in sorted(d for d in mme if since <= d <= inp.today and mme[d] >= MME_PAUSE):
        flags.append(
            MedicationFlag(
                day,
                "mme-50",
                _out(mme[day]) or 0.0,
                (
                    f"{_out(mme[day]):g} MME: at or above 50 MME a day, where the CDC asks clinicians to "
                    "pause and reassess. Discuss with your prescriber."
                ),
            )
        )  # domain.md §6.2
    flags.sort(key=lambda f: (f.day, f.code))
    caveats = [
        f"{name} may contain acetaminophen but is not in the daily acetaminophen total: "
        "check its label and tell your prescriber or pharmacist."
        for name in sorted(combos)
    ]
    if not_counted:
        caveats.append(
            "Doses of " + ", ".join(sorted(not_counted)) + " are not counted in MME or "
            "acetaminophen totals (not in your medication list, or no strength in mg)."
        )
    before = {n for d, ns in dosed.items() if d in bw for n in ns}
    new = sorted({n for d, ns in dosed.items() if d in cw for n in ns} - before)
    summary = MedicationSummary(
        _out(b_mme),
        _out(c_mme),
        b_dd,
        c_dd,
        b_days,
        c_days,
        _out(b_pw),
        _out(c_pw),
        tuple(flags),
        tuple(sorted(not_counted)),
        "MME is an estimate to discuss with your prescriber, never a reason to change a dose "
        "(CDC 2022)",  # domain.md §6
    )
    changes = {"b_mme": b_mme, "c_mme": c_mme, "b_pw": b_pw, "c_pw": c_pw}
    if new and before:
        started = ", ".join(shown[n] for n in new)
        caveats.append(f"Medication started during the course: {started}.")
    return summary, caveats, changes


def _medication_caveat(pain: Measure, ch: Mapping[str, Fraction | None]) -> str | None:
    rose: list[str] = []
    b, c = ch["b_mme"], ch["c_mme"]
    if b is not None and c is not None and c > b:
        rose.append(f"opioid use rose from {_out(b):g} to {_out(c):g} MME a day")
    b, c = ch["b_pw"], ch["c_pw"]
    if b is not None and c is not None and c - b >= 1:  # ≥1 more dose day a week (design choice)
        rose.append(f"days with medication rose from {_out(b):g} to {_out(c):g} a week")
    if not rose:
        return None
    what = " and ".join(rose)
    if pain.change is not None and pain.change < 0:
        return (
            f"Pain dropped while {what}: a pain drop while MME rose is not the same result "
            "as one on steady medication. Discuss with your prescriber."
        )
    return f"Medication changed during the course ({what}); keep it in mind reading the change."


def _thin_caveat(m: Measure, bw: Window, cw: Window) -> str | None:
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


_PAIN_TAIL = {
    "substantial": " — a substantial, clinically meaningful improvement.",
    "moderate": " — a moderate, clinically meaningful improvement.",
    "minimal": " — a small improvement, under the 30 % that counts as meaningful.",
    "none": " — no important change.",
    "worse": " — worse than before the course.",
}


def _headline(verdict: str, point: CoursePoint, pain: Measure, fn: Measure, peg: Measure) -> str:
    if verdict == "insufficient-data":
        if point.first_session is None:
            return "No session logged yet — your baseline week is still being collected."
        return "Not enough pain logs yet to compare with your baseline week — keep logging daily."
    if pain.change_pct is None:
        lead = (
            f"Your baseline pain was 0/10, so a percentage cannot be worked out; "
            f"pain now averages {pain.current:g}/10"
        )
        tail = "."
    else:
        whole = math.floor(abs(pain.change_pct))  # floor: "30 %" is never shown for 29.9 %
        way = "down" if pain.change_pct < 0 else "up"
        lead = (
            f"Pain is {way} {whole} % from your baseline"
            if whole
            else "Pain is about the same as your baseline"
        )
        tail = _PAIN_TAIL[pain.category or "none"]
    others = []
    if fn.category in MEANINGFUL and fn.change is not None:
        others.append(f"your chosen activities are {fn.change:g} points easier")
    if peg.category in MEANINGFUL and peg.change_pct is not None:
        others.append(f"your PEG score is down {math.floor(abs(peg.change_pct))} %")
    if pain.category in MEANINGFUL or not others:
        return lead + tail
    return f"{lead}, but " + " and ".join(others) + ", which is a meaningful improvement."


def review(inp: ReviewInput) -> Review:
    """The review of product.md (`review --json`) for one course on `inp.today`."""
    point, today, logs = inp.point, inp.today, inp.logs
    bw, cw = baseline_window(point.first_session, today), current_window(today)
    pre_w = Window(bw.start - timedelta(days=PRE_BASELINE_DAYS), bw.start - timedelta(days=1))

    in_windows = [log for log in logs if log.day in bw or log.day in cw]

    def series(value: Callable[[DailyLog], Fraction | None]) -> tuple[dict[date, Fraction], ...]:
        items = [(log.day, value(log)) for log in in_windows]
        return daily_means(items, bw), daily_means(items, cw)

    def from_logs(
        key: str,
        label: str,
        value: Callable[[DailyLog], Fraction | None],
        rule: Rule,
        better: bool | None,
        threshold: str | None,
    ) -> Measure:
        b, c = series(value)
        return measure(key, label, b, c, rule, higher_is_better=better, threshold=threshold)

    pain_b, _ = series(lambda log: Fraction(log.pain))
    pain_threshold = "10 / 30 / 50 % reduction = minimal / moderate / substantial (IMMPACT)"
    pain = from_logs(
        "pain",
        "Pain (daily average)",
        lambda log: Fraction(log.pain),
        _pain_rule,
        False,
        pain_threshold,
    )
    worst = from_logs(
        "worst_pain", "Worst pain", lambda log: _opt(log.worst), _pain_rule, False, pain_threshold
    )
    function = from_logs(
        "function",
        "Function (PSFS mean)",
        _psfs,
        _points_rule(PSFS_MEAN_POINTS, "moderate", True, "PSFS"),
        True,
        "+2 points on the mean of your activities (PSFS)",
    )
    sleep = from_logs(
        "sleep",
        "Sleep interference",
        lambda log: _opt(log.sleep_interference),
        _points_rule(SLEEP_POINTS, "minimal", False, "BPI interference, IMMPACT"),
        False,
        "1 point (BPI interference, IMMPACT)",
    )
    sleep_hours = from_logs(
        "sleep_hours", "Sleep hours", lambda log: _opt(log.sleep_hours), _no_threshold, None, None
    )
    stress = from_logs("stress", "Stress", lambda log: _opt(log.stress), _no_threshold, False, None)
    peg_items = [
        (p.day, Fraction(p.pain + p.enjoyment + p.general_activity, 3)) for p in inp.pegs
    ]  # exact mean of 3 items, not Peg.score (rounded; §2)
    peg = measure(
        "peg",
        "PEG (pain, enjoyment, activity)",
        daily_means(peg_items, bw),
        daily_means(peg_items, cw),
        _peg_rule,
        higher_is_better=False,
        threshold="30 % reduction (CDC 2022); MID ≈1 point (Reed 2024)",
        days_needed=PEG_MIN_DAYS,
    )

    names: dict[str, str] = {}
    for log in in_windows:
        for r in log.ratings:
            names[r.activity.lower()] = r.activity

    def rating(key: str) -> Callable[[DailyLog], Fraction | None]:
        return lambda log: next(
            (Fraction(r.rating) for r in log.ratings if r.activity.lower() == key), None
        )

    activities = tuple(
        m
        for m in (
            from_logs(
                f"activity:{k}",
                names[k],
                rating(k),
                _points_rule(PSFS_ACTIVITY_POINTS, "moderate", True, "PSFS"),
                True,
                "+3 points on one activity (PSFS)",
            )
            for k in sorted(names)
        )
        if m.baseline_days or m.current_days
    )

    if point.first_session is None or pain.baseline is None or pain.current is None:
        verdict = "insufficient-data"
    elif any(m.category in MEANINGFUL for m in (pain, function, peg)):
        verdict = "improving"  # product.md: pain ≥30 %, or PSFS +2, or PEG −30 %
    elif pain.category == "worse":
        verdict = "worse"
    else:
        verdict = "not-improving"

    caveats: list[str] = []
    if point.first_session is None:
        caveats.append("No session logged yet: the baseline week is still being collected.")
    elif point.reached_on is None or today < point.reached_on:
        caveats.append(
            "This review comes before the agreed re-evaluate point; the numbers can still change."
        )
    if point.first_session is not None and cw.start <= bw.end:
        caveats.append(
            "The last 7 days overlap the baseline week (the first session was under "
            "a week ago), so both sides share days."
        )
    unlogged = []
    thin = []  # the other daily measures, grouped in one caveat so the list stays readable
    for m in (pain, worst, function, peg, sleep, sleep_hours, stress):
        if m is not pain and m.baseline_days == 0 and m.current_days == 0:
            unlogged.append(m.label)
        elif m is pain or m is peg:
            if (text := _thin_caveat(m, bw, cw)) is not None:
                caveats.append(text)
        elif min(m.baseline_days, m.current_days) < m.days_needed:
            thin.append(f"{m.label} ({m.baseline_days} and {m.current_days} days)")
    if thin:
        caveats.append(
            f"Too few days logged to compare (at least {ref.BASELINE_MIN_DAYS} of 7 are needed in "
            "the baseline week and in the last 7 days): " + "; ".join(thin) + "."
        )
    if unlogged:
        caveats.append("Not logged in either week, so not compared: " + ", ".join(unlogged) + ".")
    b_exact = _mean(pain_b.values()) if pain.baseline is not None else None
    if b_exact == 0:
        caveats.append(
            f"Baseline pain was 0/10, so a percent change cannot be worked out; "
            f"read the change in points ({pain.change:+g})."
        )
    elif b_exact is not None and b_exact < ref.BASELINE_FLOOR:  # domain.md §1.1, §1.3
        caveats.append(
            f"Baseline pain was {pain.baseline:g}/10, under 4/10: floor effect, read "
            "the points rather than the percent (IMMPACT)."
        )
    pre = daily_means(((log.day, Fraction(log.pain)) for log in logs), pre_w)
    pre_mean = _mean(pre.values())
    if (
        b_exact is not None
        and len(pre) >= ref.BASELINE_MIN_DAYS
        and pre_mean is not None
        and b_exact - pre_mean >= FLARE_POINTS
    ):
        caveats.append(
            f"Your baseline week ({_out(b_exact):g}/10) was {_out(b_exact - pre_mean):g} points "
            f"above the 4 weeks before it ({_out(pre_mean):g}/10): a course started in a flare "
            "often improves anyway (regression to the mean), so not all of a drop may be due "
            "to treatment."
        )
    medication, med_caveats, changes = _medication(inp, bw, cw)
    caveats += med_caveats
    if (text := _medication_caveat(pain, changes)) is not None:
        caveats.append(text)
    rated = [
        {r.activity.lower() for log in logs if log.day in w for r in log.ratings} for w in (bw, cw)
    ]
    if all(rated) and rated[0] != rated[1]:
        caveats.append(
            "Different activities were rated before and now (PSFS): the function "
            "mean compares different sets."
        )
    if verdict == "improving" and pain.category == "worse":
        caveats.append("Mixed result: function or PEG improved while pain got worse.")
    if inp.impression is None:
        caveats.append("No global impression of change (PGIC 1–7) recorded yet.")
    elif (inp.impression <= 2 and verdict in ("not-improving", "worse")) or (
        inp.impression >= 5 and verdict == "improving"
    ):
        caveats.append(
            f"Your own impression ({ref.PGIC_LABELS[inp.impression]}) and the "
            "numbers disagree: worth talking through with your clinician."
        )

    done = [s for s in inp.sessions if s.day <= today]
    effects: dict[str, int] = {}
    for s in done:
        for code in s.side_effects:
            effects[code] = effects.get(code, 0) + 1
    relief = _mean(Fraction(s.immediate_relief) for s in done)
    sessions = SessionSummary(len(done), _out(relief), dict(sorted(effects.items())))

    # Red flags are never hidden: from the baseline start (or the course's, if earlier) on.
    since = min(bw.start, red_flag_since(inp.course, point.first_session))
    flags = sorted(
        {
            ReviewRedFlag(log.day, code)
            for log in logs
            if since <= log.day <= today
            for code in log.red_flags
        },
        key=lambda f: (f.day, f.code),
    )
    return Review(
        point,
        today,
        bw,
        cw,
        pre_w,
        pain,
        worst,
        function,
        activities,
        peg,
        sleep,
        sleep_hours,
        stress,
        medication,
        sessions,
        inp.impression,
        verdict,
        _headline(verdict, point, pain, function, peg),
        tuple(flags),
        tuple(caveats),
    )


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
