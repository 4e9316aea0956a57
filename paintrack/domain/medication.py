"""The review's medication part: MME a day before and now, dose days, flags, caveats. Pure.

Every number comes from `domain.doses` (a dose's MME and mg, a day's totals) and `domain.daily`
(a window's mean), the same functions the meds chart and the weekly table use. MME a day is the
mean over the window's logged days, a logged day without an opioid dose counting 0; a day
without any log is unknown and left out (product.md, round two).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from fractions import Fraction

from paintrack.domain import numbers as num
from paintrack.domain.course import Window
from paintrack.domain.daily import window_mean
from paintrack.domain.doses import (
    DoseDays,
    MedicationFlag,
    dose_days,
    find,
    flags,
    unlisted_acetaminophen,
)
from paintrack.domain.measures import Measure
from paintrack.models import DailyLog, Medication

MME_MEANING = (
    "MME is an estimate to discuss with your prescriber, never a reason to change a dose "
    "(CDC 2022)"  # domain.md §6
)
MORE_DOSE_DAYS = 1  # ≥1 more day a week with a dose is worth a caveat (design choice)


@dataclass(frozen=True, slots=True)
class MedicationSide:
    """One window: MME a day (None with too few days logged), days dosed, days logged."""

    mme_per_day: Fraction | None
    dose_days: int
    days_logged: int

    @property
    def dose_days_per_week(self) -> Fraction | None:
        if self.mme_per_day is None:  # the same ≥4 logged days (domain.md §1.3)
            return None
        return Fraction(self.dose_days * 7, self.days_logged)


@dataclass(frozen=True, slots=True)
class MedicationSummary:
    baseline: MedicationSide
    current: MedicationSide
    flags: tuple[MedicationFlag, ...]
    not_counted: tuple[str, ...]  # logged names missing from the list, or in no countable unit
    meaning: str = MME_MEANING

    def as_json(self) -> dict[str, object]:
        b, c = self.baseline, self.current
        return {
            "baseline_mme_per_day": num.shown_mean(b.mme_per_day),
            "current_mme_per_day": num.shown_mean(c.mme_per_day),
            "baseline_dose_days": b.dose_days,
            "current_dose_days": c.dose_days,
            "baseline_days_logged": b.days_logged,
            "current_days_logged": c.days_logged,
            "baseline_dose_days_per_week": num.shown_mean(b.dose_days_per_week),
            "current_dose_days_per_week": num.shown_mean(c.dose_days_per_week),
            "flags": [
                {
                    "date": f.date.isoformat(),
                    "code": f.code,
                    "value": num.shown_mean(f.value),
                    "message": f.message,
                }
                for f in self.flags
            ],
            "not_counted": list(self.not_counted),
            "meaning": self.meaning,
        }


def _side(doses: DoseDays, w: Window) -> MedicationSide:
    days = [d for d in doses.days if d in w]
    mme = window_mean(doses.mme(), w)  # ≥4 logged days (domain.md §1.3)
    return MedicationSide(mme, sum(1 for d in days if doses.days[d].names), len(days))


def medication(
    logs: Sequence[DailyLog],
    meds: Mapping[str, Medication],
    baseline: Window,
    current: Window,
    today: date,
) -> tuple[MedicationSummary, list[str]]:
    """The summary of the course so far (baseline start to `today`), and its caveats."""
    course_logs = [log for log in logs if baseline.start <= log.date <= today]
    doses = dose_days(course_logs, meds)
    found = sorted(
        (f for d, day in doses.days.items() for f in flags(d, day)), key=lambda f: (f.date, f.code)
    )
    summary = MedicationSummary(
        _side(doses, baseline),
        _side(doses, current),
        tuple(found),
        tuple(u.name for u in doses.uncounted),
    )
    return summary, _caveats(doses, meds, baseline, current)


def _caveats(
    doses: DoseDays, meds: Mapping[str, Medication], baseline: Window, current: Window
) -> list[str]:
    named = {n for day in doses.days.values() for n in day.names}
    combos = sorted(
        m.name for k, m in meds.items() if k.lower() in named and unlisted_acetaminophen(m)
    )
    out = [
        f"{name} may contain acetaminophen but is not in the daily acetaminophen total: "
        "check its label and tell your prescriber or pharmacist."
        for name in combos
    ]
    if doses.uncounted:
        out.append(
            "Doses of " + ", ".join(str(u) for u in doses.uncounted) + " are not counted in MME "
            "or acetaminophen totals."
        )
    before = {n for d, day in doses.days.items() if d in baseline for n in day.names}
    now = {n for d, day in doses.days.items() if d in current for n in day.names}
    new = sorted(now - before)
    if new and before:
        shown = [m.name if (m := find(meds, n)) else n for n in new]
        out.append("Medication started during the course: " + ", ".join(shown) + ".")
    return out


def medication_caveat(pain: Measure, med: MedicationSummary) -> str | None:
    """A pain drop while medication rose is not the same result as one on steady medication."""
    rose: list[str] = []
    b, c = med.baseline.mme_per_day, med.current.mme_per_day
    if b is not None and c is not None and c > b:
        rose.append(f"opioid use rose from {num.mean_text(b)} to {num.mean_text(c)} MME a day")
    bw, cw = med.baseline.dose_days_per_week, med.current.dose_days_per_week
    if bw is not None and cw is not None and cw - bw >= MORE_DOSE_DAYS:
        rose.append(
            f"days with medication rose from {num.mean_text(bw)} to {num.mean_text(cw)} a week"
        )
    if not rose:
        return None
    what = " and ".join(rose)
    if pain.change is not None and pain.change < 0:
        return (
            f"Pain dropped while {what}: a pain drop while MME rose is not the same result "
            "as one on steady medication. Discuss with your prescriber."
        )
    return f"Medication changed during the course ({what}); keep it in mind reading the change."


__all__ = ["MedicationFlag", "MedicationSide", "MedicationSummary", "medication"]
