"""What a dose counts towards: mg, MME and the daily totals. The one place for it. Pure.

A dose is `count` units of a listed medication. Each of the medication's ingredients (today one:
the medication itself; a combination product read off its label will list several, domain.md
§6.4) counts towards its own total: opioids towards MME (CDC 2022, domain.md §6.1), acetaminophen
towards its daily mg (domain.md §6.3). Units are scaled exactly (1 g = 1000 mg, 1 mcg = 1/1000
mg). A fentanyl patch is in mcg/h, and its CDC factor applies to mcg/h directly (domain.md
§6.1). A strength in ml or in `unit` says nothing about mg, so such a dose is not counted, and
the same reason is given wherever it shows (review, chart, weekly table, summary).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from functools import lru_cache
from typing import Final

from paintrack import reference as ref
from paintrack.domain.numbers import amount_text, exact
from paintrack.models import DailyLog, Medication

MG_PER_UNIT: Final = {"mg": Fraction(1), "g": Fraction(1000), "mcg": Fraction(1, 1000)}
PATCH_UNIT: Final = "mcg/h"  # fentanyl transdermal: the factor applies to mcg/h (§6.1)
ACETAMINOPHEN_WORDS: Final = ("acetaminophen", "paracetamol", "apap", "tylenol")  # §6.4
ACETAMINOPHEN_CHECK_MG: Final = Fraction(3000)  # > 3,000 mg/day "check label" (domain.md §6.3)
ACETAMINOPHEN_MAX_MG: Final = Fraction(4000)  # ≥ 4,000 mg/day "exceeds max" (domain.md §6.3)
MME_PAUSE: Final = Fraction(50)  # ≥50 MME/day: CDC 2022 "pause and reassess" (domain.md §6.2)
NOT_LISTED: Final = "not in your medication list"


@dataclass(frozen=True, slots=True)
class Ingredient:
    """One substance in a medication, with the strength of one unit as on the label."""

    kind: str  # what it counts towards: "opioid", "acetaminophen"; others count units only
    name: str
    strength: Fraction | None
    unit: str | None
    mme_factor: Fraction | None


def ingredients(med: Medication) -> tuple[Ingredient, ...]:
    """The medication's ingredients: today the medication itself, one ingredient."""
    strength = None if med.strength is None else exact(med.strength)
    factor = None if med.mme_factor is None else exact(med.mme_factor)
    return (Ingredient(med.kind, med.name, strength, med.unit, factor),)


def ingredient_mg(ing: Ingredient, count: Fraction) -> Fraction | None:
    """mg in `count` units; None when the unit is not a mass (ml, unit, mcg/h)."""
    scale = MG_PER_UNIT.get(ing.unit or "")
    if ing.strength is None or scale is None:
        return None
    return count * ing.strength * scale


def _uncountable(ing: Ingredient) -> str | None:
    """Why this ingredient's total cannot be worked out, in words shown everywhere; None if it can."""
    if ing.strength is None or ing.unit is None:
        return "no strength given"
    if ing.unit == PATCH_UNIT:
        known = ref.known_mme_factor(ing.name)
        if ing.kind != "opioid":
            return "a strength in mcg/h counts only for an opioid patch"
        if known is not None and known[0] != "fentanyl":
            return f"its CDC factor is per mg, not per {PATCH_UNIT}"
        return None
    if ing.unit not in MG_PER_UNIT:
        return f"a strength in {ing.unit} cannot be counted in mg"
    if ing.kind == "opioid" and ing.mme_factor is None:
        return "no MME factor"
    return None


def ingredient_mme(ing: Ingredient, count: Fraction) -> Fraction | None:
    """MME of `count` units of an opioid ingredient: daily dose × factor (domain.md §6.1)."""
    if ing.kind != "opioid" or _uncountable(ing) is not None or ing.mme_factor is None:
        return None
    if ing.unit == PATCH_UNIT:
        assert ing.strength is not None
        return count * ing.strength * ing.mme_factor
    mg = ingredient_mg(ing, count)
    return None if mg is None else mg * ing.mme_factor


@dataclass(frozen=True, slots=True)
class Amount:
    """What one dose adds to its day: MME, acetaminophen mg, and what could not be counted."""

    mme: Fraction = Fraction(0)
    acetaminophen_mg: Fraction = Fraction(0)
    uncounted: str | None = None  # why (part of) the dose is in no total


@lru_cache(maxsize=4096)
def dose_amount(count: float, med: Medication | None) -> Amount:
    """The MME and acetaminophen mg of `count` units of `med` (None: not in the list)."""
    if med is None:
        return Amount(uncounted=NOT_LISTED)
    n = exact(count)
    mme = apap = Fraction(0)
    why: str | None = None
    for ing in ingredients(med):
        if ing.kind not in ("opioid", "acetaminophen"):
            continue  # NSAIDs and others count as units taken, in no mg or MME total
        if (reason := _uncountable(ing)) is not None:
            why = why or reason
        elif ing.kind == "opioid":
            mme += ingredient_mme(ing, n) or 0
        else:
            apap += ingredient_mg(ing, n) or 0
    return Amount(mme, apap, why)


def unlisted_acetaminophen(med: Medication) -> bool:
    """A product whose name says it holds acetaminophen that no ingredient counts (§6.4)."""
    counted = any(i.kind == "acetaminophen" for i in ingredients(med))
    named = any(w in med.name.lower() for w in ACETAMINOPHEN_WORDS)
    return named and not counted


def find(meds: Mapping[str, Medication], name: str) -> Medication | None:
    """The listed medication a dose names, matched without regard to case."""
    med = meds.get(name.lower()) or meds.get(name)
    if med is None:
        lowered = name.lower()
        med = next((m for k, m in meds.items() if k.lower() == lowered), None)
    return med


# --- Days --------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class DayDoses:
    """A logged day's doses added up (doses are intakes: two check-ins a day add up)."""

    mme: Fraction = Fraction(0)
    acetaminophen_mg: Fraction = Fraction(0)
    units: tuple[tuple[str, Fraction], ...] = ()  # units taken by kind ("other": not listed)
    names: frozenset[str] = frozenset()  # lower-cased names dosed that day


@dataclass(frozen=True, slots=True)
class Uncounted:
    name: str  # as the medication list (or the log, if not listed) spells it
    reason: str

    def __str__(self) -> str:
        return f"{self.name} ({self.reason})"


@dataclass(frozen=True, slots=True)
class DoseDays:
    days: dict[date, DayDoses]  # every logged day, in date order; a day without doses is zeros
    uncounted: tuple[Uncounted, ...]  # by name

    def mme(self) -> dict[date, Fraction]:
        return {d: x.mme for d, x in self.days.items()}


def dose_days(logs: Iterable[DailyLog], meds: Mapping[str, Medication]) -> DoseDays:
    """Each logged day's totals: MME, acetaminophen mg, units by kind, names dosed."""
    acc: dict[date, tuple[Fraction, Fraction, dict[str, Fraction], set[str]]] = {}
    uncounted: dict[str, str] = {}
    for log in sorted(logs, key=lambda x: x.date):
        mme, apap, units, names = acc.setdefault(log.date, (Fraction(0), Fraction(0), {}, set()))
        for dose in log.doses:
            med = find(meds, dose.medication)
            amount = dose_amount(dose.count, med)
            if amount.uncounted is not None:
                uncounted.setdefault(med.name if med else dose.medication, amount.uncounted)
            kind = med.kind if med is not None else "other"
            units[kind] = units.get(kind, Fraction(0)) + exact(dose.count)
            names.add(dose.medication.lower())
            mme, apap = mme + amount.mme, apap + amount.acetaminophen_mg
        acc[log.date] = (mme, apap, units, names)
    days = {
        d: DayDoses(m, a, tuple((k, u[k]) for k in ref.MED_KINDS if k in u), frozenset(n))
        for d, (m, a, u, n) in acc.items()
    }
    return DoseDays(days, tuple(Uncounted(k, v) for k, v in sorted(uncounted.items())))


@dataclass(frozen=True, slots=True)
class MedicationFlag:
    """A day over a line of domain.md §6.3 / §6.2: shown at the review and in the summary."""

    date: date
    code: str  # "acetaminophen-check-label" | "acetaminophen-over-max" | "mme-50"
    value: Fraction  # mg of acetaminophen, or MME, that day
    message: str


def flags(day: date, totals: DayDoses) -> tuple[MedicationFlag, ...]:
    """The lines a day's totals cross: facts to discuss, never advice (domain.md §6.5)."""
    out: list[MedicationFlag] = []
    mg = totals.acetaminophen_mg
    if mg >= ACETAMINOPHEN_MAX_MG:
        text = f"{amount_text(mg)} mg acetaminophen: at or over the 4,000 mg daily maximum."
        out.append(MedicationFlag(day, "acetaminophen-over-max", mg, _discuss(text, True)))
    elif mg > ACETAMINOPHEN_CHECK_MG:
        text = (
            f"{amount_text(mg)} mg acetaminophen: over 3,000 mg, check the label of each product."
        )
        out.append(MedicationFlag(day, "acetaminophen-check-label", mg, _discuss(text, True)))
    if totals.mme >= MME_PAUSE:
        text = (
            f"{amount_text(totals.mme)} MME: at or above 50 MME a day, where the CDC asks "
            "clinicians to pause and reassess."
        )
        out.append(MedicationFlag(day, "mme-50", totals.mme, _discuss(text, False)))
    return tuple(out)


def _discuss(text: str, pharmacist: bool) -> str:
    who = "your prescriber or pharmacist" if pharmacist else "your prescriber"
    return f"{text} Discuss with {who}."
