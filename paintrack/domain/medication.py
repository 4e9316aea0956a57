"""The review's medication part: MME a day before and now, dose days, each drug's use, the days
over a line of domain.md §6.5, caveats. Pure.

Every number comes from `domain.doses` (a dose's MME and mg, a day's totals) and `domain.daily`
(a window's mean), the same functions the meds chart and the weekly table use. MME a day, and
each drug's units and mg a day, are means over the window's logged days, a logged day without
a dose counting 0; a day without any log is unknown and left out (product.md, round two).
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
    NO_STRENGTH,
    DoseDays,
    MedicationFlag,
    dose_days,
    find,
    flags,
    ingredients_text,
    mg_reason,
    part_mg,
    part_mme,
    parts,
    unlisted_acetaminophen,
)
from paintrack.domain.measures import Measure
from paintrack.models import DailyLog, Medication

MME_MEANING = (
    "MME is an estimate to discuss with your prescriber, never a reason to change a dose "
    "(CDC 2022)"  # domain.md §6
)
MORE_DOSE_DAYS = 1  # ≥1 more day a week with a dose is worth a caveat (design choice)
#: Per medication (lower-cased name): first dose ever, first and last dose in the course so far
#: (from every log: the review reads only some of the logs between its two weeks).
Spans = Mapping[str, tuple[date, date, date]]


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
class IngredientUse:
    """One ingredient of a drug: mg (and, for an opioid, MME) a day before and now."""

    substance: str
    strength: Fraction
    unit: str
    kind: str  # what it counts towards (domain.doses.ingredient_kind)
    baseline_mg_per_day: Fraction | None
    current_mg_per_day: Fraction | None
    baseline_mme_per_day: Fraction | None
    current_mme_per_day: Fraction | None
    not_counted: str | None  # why its mg cannot be counted (ml, a patch's mcg/h), if so

    def as_json(self) -> dict[str, object]:
        return {
            "substance": self.substance,
            "strength": float(self.strength),
            "unit": self.unit,
            "kind": self.kind,
            "baseline_mg_per_day": num.shown_mean(self.baseline_mg_per_day),
            "current_mg_per_day": num.shown_mean(self.current_mg_per_day),
            "baseline_mme_per_day": num.shown_mean(self.baseline_mme_per_day),
            "current_mme_per_day": num.shown_mean(self.current_mme_per_day),
            "not_counted": self.not_counted,
        }


@dataclass(frozen=True, slots=True)
class DrugUse:
    """One drug dosed during the course so far, before and now (issue 11, for the clinician).

    Units and mg a day are means over each window's logged days (a logged day without a dose
    counting 0), None with fewer than 4 logged days (domain.md §1.3), as MME a day is.
    `started` is its first dose ever when that is after the baseline start; `stopped` is the
    medication's stop date.
    """

    name: str
    kind: str
    ingredients: str | None  # "oxycodone 5 mg + acetaminophen 325 mg"; None without a strength
    baseline_units_per_day: Fraction | None
    current_units_per_day: Fraction | None
    per_ingredient: tuple[IngredientUse, ...]
    baseline_days_used: int
    current_days_used: int
    first_used: date | None
    last_used: date | None
    started: date | None
    stopped: date | None
    not_counted: str | None = None  # why none of its mg can be counted ("no strength given")

    def as_json(self) -> dict[str, object]:
        def iso(d: date | None) -> str | None:
            return None if d is None else d.isoformat()

        return {
            "name": self.name,
            "kind": self.kind,
            "ingredients": self.ingredients,
            "baseline_units_per_day": num.shown_mean(self.baseline_units_per_day),
            "current_units_per_day": num.shown_mean(self.current_units_per_day),
            "per_ingredient": [i.as_json() for i in self.per_ingredient],
            "baseline_days_used": self.baseline_days_used,
            "current_days_used": self.current_days_used,
            "first_used": iso(self.first_used),
            "last_used": iso(self.last_used),
            "started": iso(self.started),
            "stopped": iso(self.stopped),
            "not_counted": self.not_counted,
        }


@dataclass(frozen=True, slots=True)
class MedicationSummary:
    baseline: MedicationSide
    current: MedicationSide
    flags: tuple[MedicationFlag, ...]
    not_counted: tuple[str, ...]  # logged names missing from the list, or in no countable unit
    meaning: str = MME_MEANING
    by_drug: tuple[DrugUse, ...] = ()  # each drug dosed in the course so far, by name

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
            "flags": [f.as_json() for f in self.flags],
            "not_counted": list(self.not_counted),
            "meaning": self.meaning,
            "by_drug": [d.as_json() for d in self.by_drug],
        }


def _side(doses: DoseDays, w: Window) -> MedicationSide:
    days = [d for d in doses.days if d in w]
    mme = window_mean(doses.mme(), w)  # ≥4 logged days (domain.md §1.3)
    return MedicationSide(mme, sum(1 for d in days if doses.days[d].names), len(days))


def _ingredient_uses(
    med: Medication, units: dict[date, Fraction], baseline: Window, current: Window
) -> tuple[IngredientUse, ...]:
    out = []
    for p in parts(med):
        mg = {d: part_mg(p, n) for d, n in units.items()}
        mme = {d: part_mme(p, n) for d, n in units.items()}

        def mean(values: dict[date, Fraction | None], w: Window) -> Fraction | None:
            if any(v is None for v in values.values()):
                return None
            return window_mean({d: v for d, v in values.items() if v is not None}, w)

        opioid = p.kind == "opioid"
        out.append(
            IngredientUse(
                p.substance,
                p.strength,
                p.unit,
                p.kind,
                mean(mg, baseline),
                mean(mg, current),
                mean(mme, baseline) if opioid else None,
                mean(mme, current) if opioid else None,
                mg_reason(p),
            )
        )
    return tuple(out)


def by_drug(
    doses: DoseDays,
    meds: Mapping[str, Medication],
    baseline: Window,
    current: Window,
    spans: Spans | None = None,
) -> tuple[DrugUse, ...]:
    """Each listed drug dosed during the course so far (the days in `doses`), by name."""
    out = []
    dosed = {n for day in doses.days.values() for n in day.names} | set(spans or {})
    for key in sorted(dosed):
        med = find(meds, key)
        if med is None:
            continue  # not in the list: said in `not_counted`
        units = {
            d: sum((t.units for t in day.taken if t.name.lower() == med.name.lower()), Fraction(0))
            for d, day in doses.days.items()
        }
        used = sorted(d for d, n in units.items() if n)
        seen = (used[0], used[0], used[-1]) if used else None
        span = (spans or {}).get(med.name.lower(), seen)
        if span is None:
            continue
        ever, first, last = span
        out.append(
            DrugUse(
                med.name,
                med.kind,
                ingredients_text(med),
                window_mean(units, baseline),
                window_mean(units, current),
                _ingredient_uses(med, units, baseline, current),
                sum(1 for d in used if d in baseline),
                sum(1 for d in used if d in current),
                first,
                last,
                ever if ever > baseline.start else None,
                med.stopped,
                NO_STRENGTH if not med.ingredients else None,
            )
        )
    return tuple(out)


def medication(
    logs: Sequence[DailyLog],
    meds: Mapping[str, Medication],
    baseline: Window,
    current: Window,
    today: date,
    spans: Spans | None = None,
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
        by_drug=by_drug(doses, meds, baseline, current, spans),
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
    limited = [u for u in doses.uncounted if u.reason == NO_STRENGTH]
    if limited:
        out.append(
            "No strength is listed for "
            + ", ".join(u.name for u in limited)
            + ": its doses are in no MME or acetaminophen total, so the daily lines of "
            "domain.md §6.5 cannot be checked for it (add the strength from its label)."
        )
    others = [u for u in doses.uncounted if u.reason != NO_STRENGTH]
    if others:
        out.append(
            "Doses of " + ", ".join(str(u) for u in others) + " are not counted in MME "
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


__all__ = [
    "DrugUse",
    "IngredientUse",
    "MedicationFlag",
    "MedicationSide",
    "MedicationSummary",
    "by_drug",
    "medication",
]
