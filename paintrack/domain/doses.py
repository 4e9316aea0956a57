"""What a dose counts towards: mg, MME and the daily totals. The one place for it. Pure.

A dose is `count` units of a listed medication. Each of the medication's ingredients (one for a
medication given a strength, several for a combination product read off its label, domain.md
§6.4; none without a strength) counts towards its own total: an opioid towards MME (CDC 2022,
§6.1), acetaminophen towards the day's acetaminophen from all products (§6.3), and every
ingredient towards its own mg, per drug (an NSAID's mg a day for the clinician). Units are
scaled exactly (1 g = 1000 mg, 1 mcg = 1/1000 mg). A fentanyl patch is in mcg/h, and its CDC
factor applies to mcg/h directly (§6.1). A strength in ml or in `unit` says nothing about mg, so
such an ingredient is in no mg or MME total, and the same reason is given wherever it shows
(review, chart, weekly table, summary). The lines a day's totals may cross are
`reference.DOSE_LINES` (§6.5); `flags` says which, in facts, never advice.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from functools import lru_cache
from typing import Final

from paintrack import reference as ref
from paintrack.domain.numbers import exact, half_up, shown_mean
from paintrack.models import DailyLog, Ingredient, Medication

MG_PER_UNIT: Final = {"mg": Fraction(1), "g": Fraction(1000), "mcg": Fraction(1, 1000)}
PATCH_UNIT: Final = ref.PATCH_UNIT  # fentanyl transdermal: the factor applies to mcg/h (§6.1)
ACETAMINOPHEN_WORDS: Final = ("acetaminophen", "paracetamol", "apap", "tylenol")  # §6.4
NOT_LISTED: Final = "not in your medication list"
NO_STRENGTH: Final = "no strength given"
COUNTED: Final = ("opioid", "acetaminophen")  # the kinds with a daily total (§6.2, §6.3)


@dataclass(frozen=True, slots=True)
class Part:
    """An ingredient as the totals see it: what it counts towards, and exact numbers."""

    kind: str  # "opioid", "acetaminophen", "nsaid" or "other"
    substance: str
    strength: Fraction
    unit: str
    mme_factor: Fraction | None


def ingredient_kind(med: Medication, ing: Ingredient) -> str:
    """What an ingredient counts towards: its substance's kind where paintrack knows it, an
    opioid when it carries an MME factor, else the medication's kind for its one ingredient."""
    known = ref.SUBSTANCES.get(ing.known or "")
    if known is not None:
        return known
    if ing.mme_factor is not None:
        return "opioid"
    return med.kind if len(med.ingredients) == 1 else "other"


@lru_cache(maxsize=512)
def parts(med: Medication) -> tuple[Part, ...]:
    return tuple(
        Part(
            ingredient_kind(med, i),
            i.known or i.substance,
            exact(i.strength),
            i.unit,
            None if i.mme_factor is None else exact(i.mme_factor),
        )
        for i in med.ingredients
    )


def ingredients_text(med: Medication) -> str | None:
    """'oxycodone 5 mg + acetaminophen 325 mg', as on the label; None without a strength."""
    if not med.ingredients:
        return None
    return " + ".join(f"{i.substance} {i.strength:g} {i.unit}" for i in med.ingredients)


def mg_reason(part: Part) -> str | None:
    """Why an ingredient's mg cannot be counted, in the words shown everywhere; None if it can."""
    if part.unit == PATCH_UNIT:
        return f"a patch's {PATCH_UNIT} is a rate, not mg"
    if part.unit not in MG_PER_UNIT:
        return f"a strength in {part.unit} cannot be counted in mg"
    return None


def part_mg(part: Part, count: Fraction) -> Fraction | None:
    """mg in `count` units; None when the unit is not a mass (ml, unit, mcg/h)."""
    scale = MG_PER_UNIT.get(part.unit)
    return None if scale is None else count * part.strength * scale


def _uncountable(part: Part) -> str | None:
    """Why this ingredient is in no MME or acetaminophen total; None if it counts."""
    if part.unit == PATCH_UNIT:
        if part.kind != "opioid":
            return "a strength in mcg/h counts only for an opioid patch"
        if part.substance in ref.MME_FACTORS and part.substance != "fentanyl":
            return f"its CDC factor is per mg, not per {PATCH_UNIT}"
    elif (reason := mg_reason(part)) is not None:
        return reason
    if part.kind == "opioid" and part.mme_factor is None:
        return "no MME factor"
    return None


def part_mme(part: Part, count: Fraction) -> Fraction | None:
    """MME of `count` units of an opioid ingredient: daily dose × factor (domain.md §6.1)."""
    if part.kind != "opioid" or _uncountable(part) is not None or part.mme_factor is None:
        return None
    if part.unit == PATCH_UNIT:
        return count * part.strength * part.mme_factor
    mg = part_mg(part, count)
    return None if mg is None else mg * part.mme_factor


@dataclass(frozen=True, slots=True)
class Amount:
    """What one dose adds to its day: MME, acetaminophen mg, and what could not be counted."""

    mme: Fraction = Fraction(0)
    acetaminophen_mg: Fraction = Fraction(0)
    uncounted: str | None = None  # why (part of) the dose is in no total


@lru_cache(maxsize=4096)
def dose_amount(count: float, med: Medication | None) -> Amount:
    """The MME and acetaminophen mg of `count` units of `med` (None: not in the list), each
    ingredient towards its own total (domain.md §6.4)."""
    if med is None:
        return Amount(uncounted=NOT_LISTED)
    if not med.ingredients:
        return Amount(uncounted=NO_STRENGTH if med.kind in COUNTED else None)
    n = exact(count)
    mme = apap = Fraction(0)
    why: str | None = None
    for part in parts(med):
        if part.kind not in COUNTED:
            continue  # NSAIDs and others: their own mg per drug, in no shared total
        if (reason := _uncountable(part)) is not None:
            why = why or reason
        elif part.kind == "opioid":
            mme += part_mme(part, n) or 0
        else:
            apap += part_mg(part, n) or 0
    return Amount(mme, apap, why)


def unlisted_acetaminophen(med: Medication) -> bool:
    """A product whose name says it holds acetaminophen that no ingredient counts (§6.4)."""
    counted = any(p.kind == "acetaminophen" for p in parts(med))
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
class Taken:
    """One medication on one day: units taken, and what they add to the two totals."""

    name: str
    units: Fraction
    mme: Fraction
    acetaminophen_mg: Fraction


@dataclass(frozen=True, slots=True)
class DayDoses:
    """A logged day's doses added up (doses are intakes: two check-ins a day add up)."""

    mme: Fraction = Fraction(0)
    acetaminophen_mg: Fraction = Fraction(0)
    units: tuple[tuple[str, Fraction], ...] = ()  # units taken by kind ("other": not listed)
    names: frozenset[str] = frozenset()  # lower-cased names dosed that day
    taken: tuple[Taken, ...] = ()  # per medication, in the order first dosed that day


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


def _day(logs: list[DailyLog], meds: Mapping[str, Medication], why: dict[str, str]) -> DayDoses:
    units: dict[str, Fraction] = {}
    taken: dict[str, list[Fraction]] = {}
    shown: dict[str, str] = {}
    for log in logs:
        for dose in log.doses:
            med = find(meds, dose.medication)
            amount = dose_amount(dose.count, med)
            name = med.name if med else dose.medication
            if amount.uncounted is not None:
                why.setdefault(name, amount.uncounted)
            kind = med.kind if med is not None else "other"
            n = exact(dose.count)
            units[kind] = units.get(kind, Fraction(0)) + n
            key = dose.medication.lower()
            shown.setdefault(key, name)
            t = taken.setdefault(key, [Fraction(0)] * 3)
            t[0], t[1], t[2] = t[0] + n, t[1] + amount.mme, t[2] + amount.acetaminophen_mg
    per = tuple(Taken(shown[k], u, m, a) for k, (u, m, a) in taken.items())
    return DayDoses(
        sum((t.mme for t in per), Fraction(0)),
        sum((t.acetaminophen_mg for t in per), Fraction(0)),
        tuple((k, units[k]) for k in ref.MED_KINDS if k in units),
        frozenset(taken),
        per,
    )


def dose_days(logs: Iterable[DailyLog], meds: Mapping[str, Medication]) -> DoseDays:
    """Each logged day's totals: MME, acetaminophen mg, units by kind, names, per medication."""
    by_day: dict[date, list[DailyLog]] = {}
    for log in sorted(logs, key=lambda x: x.date):
        by_day.setdefault(log.date, []).append(log)
    why: dict[str, str] = {}
    days = {d: _day(day_logs, meds, why) for d, day_logs in by_day.items()}
    return DoseDays(days, tuple(Uncounted(k, v) for k, v in sorted(why.items())))


# --- The lines of domain.md §6.5 -----------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class MedicationFlag:
    """A day over a line of domain.md §6.3 / §6.2: said when the dose that takes the day there
    is logged, by `status` that day and the next, at the review and in the summary."""

    date: date
    code: str  # "acetaminophen-check-label" | "acetaminophen-over-max" | "mme-50"
    value: Fraction  # mg of acetaminophen, or MME, that day
    message: str
    products: tuple[tuple[str, Fraction, Fraction], ...] = ()  # (name, units, amount) that day

    @property
    def line(self) -> ref.DoseLine:
        return next(x for x in ref.DOSE_LINES if x.code == self.code)

    def as_json(self) -> dict[str, object]:
        line = self.line
        return {
            "date": self.date.isoformat(),
            "code": self.code,
            "value": shown_mean(self.value),
            "message": self.message,
            "threshold": line.limit,
            "unit": line.unit,
            "source": line.source,
            "from": [
                {"medication": n, "units": shown_mean(u), "amount": shown_mean(a)}
                for n, u, a in self.products
            ],
        }


def total_text(x: Fraction) -> str:
    """A day's total as the warnings write it, rounded as every mean is: '4,500', '62.5'."""
    text = f"{float(half_up(x, 1)):,.1f}"
    return text[:-2] if text.endswith(".0") else text


def _over(value: Fraction, line: ref.DoseLine) -> bool:
    return value >= line.limit if line.inclusive else value > line.limit


def _message(line: ref.DoseLine, value: Fraction) -> str:
    what = "mg acetaminophen from all products" if line.total == "acetaminophen" else "MME"
    return f"{total_text(value)} {what}, {line.says} ({line.source})."


def flags(day: date, totals: DayDoses) -> tuple[MedicationFlag, ...]:
    """The lines a day's totals cross, each total's highest only (domain.md §6.5)."""
    out: list[MedicationFlag] = []
    done: set[str] = set()
    for line in ref.DOSE_LINES:
        value = totals.mme if line.total == "mme" else totals.acetaminophen_mg
        if line.total in done or not _over(value, line):
            continue
        done.add(line.total)
        attr = "mme" if line.total == "mme" else "acetaminophen_mg"
        products = tuple(
            (t.name, t.units, getattr(t, attr)) for t in totals.taken if getattr(t, attr)
        )
        out.append(MedicationFlag(day, line.code, value, _message(line, value), products))
    return tuple(out)


def crossed(day: date, before: DayDoses, after: DayDoses) -> tuple[MedicationFlag, ...]:
    """The lines a day is over once a log's doses are added, for each total that log raised:
    what `paintrack log` says at once (domain.md §6.5). A total it did not raise is not
    repeated; one it raised further over a line is."""
    raised = {
        "mme": after.mme > before.mme,
        "acetaminophen": after.acetaminophen_mg > before.acetaminophen_mg,
    }
    return tuple(f for f in flags(day, after) if raised[f.line.total])


def day_flags(
    logs: Iterable[DailyLog], meds: Mapping[str, Medication], days: Iterable[date]
) -> tuple[MedicationFlag, ...]:
    """The flags of the given days (status repeats today's and yesterday's)."""
    found = dose_days(logs, meds).days
    return tuple(f for d in sorted(days) if d in found for f in flags(d, found[d]))


def moment_flags(
    day_logs: Iterable[DailyLog], meds: Mapping[str, Medication], log_id: int
) -> tuple[MedicationFlag, ...]:
    """What the log `log_id` just took its day to: the day's logs with and without it."""
    logs = list(day_logs)
    day = next((x.date for x in logs if x.id == log_id), None)
    if day is None:
        return ()
    without = [x for x in logs if x.id != log_id and x.date == day]
    after = dose_days([x for x in logs if x.date == day], meds).days[day]
    before = dose_days(without, meds).days.get(day, DayDoses())
    return crossed(day, before, after)
