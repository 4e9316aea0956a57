"""Each measure of the review: how it is judged, and how it is shown. Pure.

`compare()` turns two windows of daily values into a `Measure` (exact means and a category from
domain.md); `present()` is the one presentation of a measure: the rounded numbers (the policy of
`domain.numbers`) and the words that every output prints — the review screen at any width,
`review --json` (`words`), and the md/html/pdf summary. Nothing else words a category.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from typing import Final

from paintrack import reference as ref
from paintrack.domain import numbers as num
from paintrack.domain.course import Window
from paintrack.domain.daily import window_mean

CATEGORIES: Final = ("worse", "none", "minimal", "moderate", "substantial")  # worst to best
MEANINGFUL: Final = ("moderate", "substantial")  # the categories that make "improving"

# Pain, % change from baseline: IMMPACT (Dworkin 2008) and Farrar 2001 (domain.md §1.2).
PAIN_SUBSTANTIAL_PCT: Final = Fraction(50)
PAIN_MODERATE_PCT: Final = Fraction(30)
PAIN_MINIMAL_PCT: Final = Fraction(10)
PAIN_WORSE_PCT: Final = Fraction(10)  # a rise of ≥10 % is "worse" (product.md)
PAIN_ZERO_BASELINE_WORSE_POINTS: Final = Fraction(1)  # ≈1 point minimally important (§1.2)
PEG_MEANINGFUL_PCT: Final = Fraction(30)  # 30 % = clinically meaningful, CDC 2022 (domain.md §2)
PEG_MID_POINTS: Final = Fraction(1)  # MID ≈1 point, Reed et al. 2024 (domain.md §2)
PEG_MIN_DAYS: Final = 1  # the PEG is weekly (past-week recall, domain.md §2): one is enough


@dataclass(frozen=True, slots=True)
class Scale:
    """How a measure is judged: by percent (pain), the PEG's two rules, points, or not at all."""

    kind: str  # "percent" | "peg" | "points" | "none"
    higher_is_better: bool | None  # None: no agreed direction (sleep hours)
    threshold: str | None  # the threshold and its source, for JSON
    points: Fraction = Fraction(0)  # "points": the change that matters
    better: str = "moderate"  # "points": the category a gain of `points` earns
    source: str = ""
    days_needed: int = ref.BASELINE_MIN_DAYS  # ≥4 of 7 days (domain.md §1.3)

    @property
    def shows_percent(self) -> bool:
        return self.kind in ("percent", "peg")


PAIN: Final = Scale(
    "percent", False, "10 / 30 / 50 % reduction = minimal / moderate / substantial (IMMPACT)"
)
PSFS_MEAN: Final = Scale(  # average score, PSFS form (domain.md §3.1)
    "points", True, "+2 points on the mean of your activities (PSFS)", Fraction(2), source="PSFS"
)
PSFS_ACTIVITY: Final = Scale(  # a single activity, PSFS form (domain.md §3.1)
    "points", True, "+3 points on one activity (PSFS)", Fraction(3), source="PSFS"
)
PEG: Final = Scale(
    "peg", False, "30 % reduction (CDC 2022); MID ≈1 point (Reed 2024)", days_needed=PEG_MIN_DAYS
)
SLEEP: Final = Scale(  # BPI interference: 1 point minimally important (domain.md §1.2, §5)
    "points", False, "1 point (BPI interference, IMMPACT)", Fraction(1), "minimal", "BPI, IMMPACT"
)
UNJUDGED_LOWER: Final = Scale("none", False, None)  # stress: lower is better, no threshold
UNJUDGED: Final = Scale("none", None, None)  # sleep hours

#: The review's measures: key (the `review --json` key) → label, scale, and the daily value it
#: compares (a `daily.LOG_VALUES` name, "psfs" or "peg").
MEASURES: Final = {
    "pain": ("Pain (daily average)", PAIN, "pain"),
    "worst_pain": ("Worst pain", PAIN, "worst"),
    "function": ("Function (PSFS mean)", PSFS_MEAN, "psfs"),
    "peg": ("PEG score", PEG, "peg"),
    "sleep": ("Sleep interference", SLEEP, "sleep_interference"),
    "sleep_hours": ("Sleep hours", UNJUDGED, "sleep_hours"),
    "stress": ("Stress", UNJUDGED_LOWER, "stress"),
}


def pain_category(baseline: Fraction, current: Fraction) -> str:
    """IMMPACT category of the % change (domain.md §1.2).

    From a 0/10 baseline a percent is undefined (domain.md §1.3) and pain cannot fall: a rise of
    ≥1 point, the raw-point minimally important change (domain.md §1.2), is "worse", less "none".
    """
    pct = num.percent_change(baseline, current)
    if pct is None:
        return "worse" if current - baseline >= PAIN_ZERO_BASELINE_WORSE_POINTS else "none"
    if pct <= -PAIN_SUBSTANTIAL_PCT:
        return "substantial"
    if pct <= -PAIN_MODERATE_PCT:
        return "moderate"
    if pct <= -PAIN_MINIMAL_PCT:
        return "minimal"
    return "worse" if pct >= PAIN_WORSE_PCT else "none"


def _peg_category(b: Fraction, c: Fraction) -> str:
    pct = num.percent_change(b, c)
    if pct is not None and pct <= -PEG_MEANINGFUL_PCT:
        return "moderate"
    if c - b <= -PEG_MID_POINTS:
        return "minimal"
    return "worse" if c - b >= PEG_MID_POINTS else "none"


def category(scale: Scale, b: Fraction, c: Fraction) -> str | None:
    """The category of a change from `b` to `c` on `scale`; None where there is no threshold."""
    if scale.kind == "percent":
        return pain_category(b, c)
    if scale.kind == "peg":
        return _peg_category(b, c)
    if scale.kind == "none":
        return None
    gain = c - b if scale.higher_is_better else b - c
    if gain >= scale.points:
        return scale.better
    return "worse" if gain <= -scale.points else "none"


@dataclass(frozen=True, slots=True)
class Measure:
    """One measure, baseline week against the last 7 days, exactly (product.md `review --json`)."""

    key: str
    label: str
    scale: Scale
    baseline: Fraction | None  # None: too few days logged
    current: Fraction | None
    baseline_days: int
    current_days: int
    category: str | None
    activity: str | None = None  # the activity's name, for a PSFS activity

    @property
    def compared(self) -> bool:
        return self.baseline is not None and self.current is not None

    @property
    def change(self) -> Fraction | None:
        """current − baseline (negative = less)."""
        if self.baseline is None or self.current is None:
            return None
        return self.current - self.baseline

    @property
    def change_pct(self) -> Fraction | None:
        if self.baseline is None or self.current is None:
            return None
        return num.percent_change(self.baseline, self.current)

    @property
    def logged(self) -> bool:
        return bool(self.baseline_days or self.current_days)

    @property
    def days_needed(self) -> int:
        return self.scale.days_needed

    def as_json(self) -> dict[str, object]:
        return present(self).as_json() | {
            "baseline_days": self.baseline_days,
            "current_days": self.current_days,
            "days_needed": self.days_needed,
            "category": self.category,
            "direction": _direction(self.scale.higher_is_better),
            "threshold": self.scale.threshold,
        }


def _direction(higher_is_better: bool | None) -> str | None:
    if higher_is_better is None:
        return None
    return "higher-is-better" if higher_is_better else "lower-is-better"


def compare(
    key: str,
    label: str,
    scale: Scale,
    daily: Mapping[date, Fraction],
    baseline: Window,
    current: Window,
    activity: str | None = None,
) -> Measure:
    """Two windows of daily values compared; a side with too few days is null (domain.md §1.3)."""
    b = window_mean(daily, baseline, scale.days_needed)
    c = window_mean(daily, current, scale.days_needed)
    cat = category(scale, b, c) if b is not None and c is not None else None
    b_days, c_days = (sum(1 for d in daily if d in w) for w in (baseline, current))
    return Measure(key, label, scale, b, c, b_days, c_days, cat, activity)


# --- Presentation ------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Shown:
    """A measure as every output shows it: rounded numbers, their text, and the words."""

    label: str
    baseline: float | None
    current: float | None
    change: float | None
    change_pct: float | None
    baseline_text: str
    current_text: str
    change_text: str  # "−2.5 (−37 %)" where the threshold is a percent, else "+2.0"
    words: str  # a few words, the same on screen, in JSON and in every summary
    meaning: str  # the words with their threshold and source

    def as_json(self) -> dict[str, object]:
        return {
            "label": self.label,
            "baseline": self.baseline,
            "current": self.current,
            "change": self.change,
            "change_pct": self.change_pct,
            "words": self.words,
            "meaning": self.meaning,
        }


_PAIN_WORDS: Final = {
    "substantial": ("substantial improvement", "≥50 % less, IMMPACT"),
    "moderate": ("moderate improvement", "≥30 % less, clinically meaningful, IMMPACT"),
    "minimal": ("minimal improvement", "≥10 % less, under the 30 % that counts as meaningful"),
    "none": ("no important change", "less than 10 % either way, IMMPACT"),
    "worse": ("worse", "up 10 % or more"),
}
_PEG_WORDS: Final = {
    "moderate": ("improved by ≥30 %", "clinically meaningful, CDC 2022"),
    "minimal": ("improved by ≥1 point", "the PEG MID, Reed 2024; under 30 %"),
    "worse": ("worse by ≥1 point", "the PEG MID, Reed 2024"),
    "none": ("under the 1-point threshold", "the PEG MID, Reed 2024"),
}


def _words(m: Measure) -> tuple[str, str]:
    """(words, detail) for a compared measure."""
    s, cat = m.scale, m.category
    if cat is None:
        return "no validated threshold", "no published threshold for this measure"
    if s.kind == "percent":
        if m.baseline == 0:
            detail = "up 1 point or more from 0/10" if cat == "worse" else "from 0/10, no percent"
            return ("worse" if cat == "worse" else "no important change"), detail
        return _PAIN_WORDS[cat]
    if s.kind == "peg":
        return _PEG_WORDS[cat]
    if cat == "none":
        return f"under the {s.points}-point threshold", s.source
    unit = "point" if s.points == 1 else "points"
    way = "improved" if cat != "worse" else "worse"
    return f"{way} by ≥{s.points} {unit}", s.source


def _not_compared(m: Measure) -> tuple[str, str]:
    if not m.logged:
        return "not logged", "not logged in either week"
    if m.days_needed == PEG_MIN_DAYS:
        return "too few days logged", "the PEG is weekly: one is needed in each week"
    return "too few days logged", f"at least {m.days_needed} of 7 days are needed in each week"


def _threshold(m: Measure) -> Fraction | None:
    """The point threshold a shown change must not appear to cross wrongly (numbers.row_change)."""
    if m.scale.kind == "points":
        return m.scale.points
    if m.scale.kind == "peg":
        return PEG_MID_POINTS
    if m.scale.kind == "percent" and m.baseline == 0:
        return PAIN_ZERO_BASELINE_WORSE_POINTS
    return None


def present(m: Measure) -> Shown:
    """The one presentation of a measure: what the screen, JSON and summaries all show."""
    words, detail = _words(m) if m.compared else _not_compared(m)
    row = num.row_change(m.baseline, m.current, _threshold(m))
    change = num.change_text(row)
    if m.scale.shows_percent and m.change_pct is not None:
        change += f" ({num.pct_text(m.change_pct)})"
    label = m.label if m.activity is None else f"{m.activity} (PSFS)"
    return Shown(
        label=label,
        baseline=num.shown_mean(m.baseline),
        current=num.shown_mean(m.current),
        change=num.shown_change(row),
        change_pct=num.shown_pct(m.change_pct),
        baseline_text=num.mean_text(m.baseline),
        current_text=num.mean_text(m.current),
        change_text=change,
        words=words,
        meaning=f"{words} ({detail})" if detail else words,
    )
