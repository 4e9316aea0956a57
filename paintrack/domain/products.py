"""A medication from what a patient types: its ingredients off the label, its kind from the
substances paintrack knows, each opioid's CDC 2022 MME factor, and the notes worth saying when
it is added (domain.md §6.1, §6.3, §6.4). Pure: `build` checks and returns; the use-case writes.

Two forms: `NAME --strength X --unit mg` (one ingredient, its substance read from the name) and
`NAME --ingredient GENERIC=STRENGTH[UNIT]...` (a combination, as on the label). `--kind` is
needed only where no substance is one paintrack knows; an unknown opioid needs `--mme-factor`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from paintrack import fields as F
from paintrack import reference as ref
from paintrack.domain.values import close_substance, command, did_you_mean
from paintrack.errors import InvalidValue
from paintrack.frozen import replace
from paintrack.models import Ingredient, Medication, label_substance, product_kind

#: An unknown substance this close to a known one is refused unless --kind says what it is
#: (`oxycodon` would silently count towards nothing); a looser match is only suggested.
REFUSE_CUTOFF = 0.85
M, ING = F.MEDICATION, F.INGREDIENT
FACTOR_HELP = (
    "it converts this opioid's mg to morphine milligram equivalents (CDC 2022, domain.md §6.1); "
    "your prescriber or pharmacist can give it"
)


@dataclass(frozen=True, slots=True)
class Product:
    medication: Medication
    notes: tuple[str, ...]  # facts worth saying when it is added (never advice)


def build(values: Mapping[str, Any]) -> Product:
    """The medication of `values` (name, kind, strength, unit, mme_factor, ingredients)."""
    name: str = values["name"]
    kind: str | None = values.get("kind")
    given = tuple(values.get("ingredients") or ())
    strength, unit = values.get("strength"), values.get("unit")
    if given and (strength is not None or unit is not None):
        raise ING["strength"].error(
            "left out with --ingredient (each ingredient has its strength, e.g. oxycodone=5mg)"
        )
    if kind == "opioid" and "buprenorphine" in name.lower():
        raise M["kind"].error("other for buprenorphine: CDC 2022 gives it no MME factor")
    if given:
        ings = [_canonical(i, kind) for i in given]
    elif strength is not None or unit is not None:
        if strength is None or unit is None:
            raise ING["strength"].error("given together with --unit")
        kind = kind or _kind_of_name(name)
        ings = [Ingredient(_name_substance(name, kind), strength, unit)]
    else:
        kind = kind or _kind_of_name(name, strength_given=False)
        ings = []
    kind = _kind(name, kind, ings)
    ings = _factors(name, kind, ings, values.get("mme_factor"))
    med = Medication(name, kind, ingredients=tuple(ings))
    return Product(med, _notes(med, values.get("mme_factor")))


def with_ingredients(med: Medication, ingredients: tuple[Ingredient, ...]) -> Medication:
    """The same medication with other ingredients (the one-ingredient form follows)."""
    return replace(med, strength=None, unit=None, mme_factor=None, ingredients=ingredients)


def _canonical(ing: Ingredient, kind: str | None) -> Ingredient:
    """A known substance under its one name (paracetamol → acetaminophen, §6.4); an unknown
    one close to a known one is refused unless --kind is given (it would count for nothing)."""
    known = ing.known
    if known is not None:
        return replace(ing, substance=known)
    near = close_substance(ing.substance, REFUSE_CUTOFF)
    if near is not None and kind is None:
        raise M["ingredients"].error(
            f"a substance paintrack knows (did you mean '{near}'?); if '{ing.substance}' is "
            "right, give --kind for it",
            f"{ing.substance}={ing.strength:g}{ing.unit}",
        )
    return replace(ing, substance=ing.substance.strip())


def _kind_of_name(name: str, strength_given: bool = True) -> str:
    """The kind a product's name says (`med add acetaminophen`), or why --kind is needed."""
    named = ref.substances_in(name)
    if len(named) > 1 and strength_given:
        each = " ".join(f"--ingredient {s}=STRENGTH" for s in named)
        raise M["ingredients"].error(
            f"given for each substance of '{name}' ({', '.join(named)}): {each}"
        )
    kinds = {ref.SUBSTANCES[s] for s in named}
    found = next((k for k in ("opioid", "acetaminophen", "nsaid", "other") if k in kinds), None)
    if found is None:
        near = close_substance(name)
        hint = f" (did you mean '{near}'?)" if near else ""
        raise M["kind"].error(
            f"given for a medication paintrack does not know ('{name}'){hint}: one of "
            + ", ".join(ref.MED_KINDS)
            + "; or give its ingredients from the label: --ingredient GENERIC=STRENGTH[UNIT]"
        )
    return found


def _name_substance(name: str, kind: str) -> str:
    """The one ingredient's substance, from the name; a named substance of another kind than
    --kind is refused (`med add ibuprofen --kind acetaminophen`)."""
    named = ref.substances_in(name)
    if named and kind != "other" and all(ref.SUBSTANCES[s] != kind for s in named):
        holds = product_kind(tuple(Ingredient(s, 1, "mg") for s in named[:1]))
        raise M["kind"].error(f"{holds} for {name}, or left out", kind)
    return label_substance(name, kind)


def _kind(name: str, kind: str | None, ings: list[Ingredient]) -> str:
    """The product's kind: from the substances paintrack knows; --kind only for the rest."""
    derived = product_kind(tuple(ings))
    unknown = [i for i in ings if i.known is None]
    if kind is None:
        if derived is None:
            subs = ", ".join(i.substance for i in ings)
            raise M["kind"].error(
                f"given: paintrack does not know {subs or name}; one of " + ", ".join(ref.MED_KINDS)
            )
        return derived
    # --kind opioid with an unknown substance: that one is the opioid (it needs a factor)
    unknown_opioid = kind == "opioid" and bool(unknown) and derived != "opioid"
    if derived is not None and kind != derived and not unknown_opioid:
        subs = ", ".join(i.substance for i in ings)
        holds = f" ({subs})" if subs.lower() != name.lower() else ""
        raise M["kind"].error(f"{derived} for {name}{holds}, or left out", kind)
    return kind


def _factors(
    name: str, kind: str, ings: list[Ingredient], factor: float | None
) -> list[Ingredient]:
    """Each opioid ingredient's factor: CDC 2022 for a known one (domain.md §6.1), the one
    given for an opioid paintrack does not know; one --mme-factor fits only one opioid."""
    opioids = [n for n, i in enumerate(ings) if ref.SUBSTANCES.get(i.known or "") == "opioid"]
    unknown = [n for n, i in enumerate(ings) if i.known is None]
    if kind == "opioid" and not opioids:
        if len(unknown) > 1:
            raise M["ingredients"].error(
                f"a generic name paintrack knows for the opioid of {name} (it knows "
                + ", ".join(ref.MME_FACTORS)
                + "); or add that opioid as a medication of its own with --mme-factor"
            )
        opioids = unknown
    f_field = ING["mme_factor"]
    if factor is not None:
        if not opioids:
            raise f_field.error("left out unless the medication holds an opioid", factor)
        if len(opioids) > 1:
            both = " and ".join(ings[n].substance for n in opioids)
            raise f_field.error(
                f"left out for {name}, which holds {both}: one factor cannot fit two opioids "
                "(each known opioid takes its CDC 2022 factor)",
                factor,
            )
    out = list(ings)
    for n in opioids:
        i = ings[n]
        cdc = ref.MME_FACTORS.get(i.known or "")
        chosen = factor if factor is not None else cdc
        if chosen is None:
            near = close_substance(i.substance)
            hint = f"; did you mean '{near}'? then: --ingredient {near}=STRENGTH" if near else ""
            raise f_field.error(
                f"given for an opioid not in the CDC 2022 table ('{i.substance}'{hint}): "
                + FACTOR_HELP
            )
        out[n] = replace(i, mme_factor=chosen)
    return out


def _notes(med: Medication, factor: float | None) -> tuple[str, ...]:
    """What is worth saying at `med add`: totals that cannot be counted, a factor that is not
    CDC's, how a patch is logged, an acetaminophen product without acetaminophen listed."""
    out: list[str] = []
    named = ref.substances_in(med.name)
    if not med.ingredients and med.kind == "acetaminophen":
        out.append(
            f"Warning: without a strength, {med.name}'s acetaminophen is in no daily total, so "
            "paintrack cannot tell you when a day passes 3,000 or 4,000 mg (domain.md §6.3, "
            "§6.5). Add it with its strength from the label, e.g. --strength 500 --unit mg."
        )
    elif not med.ingredients:
        out.append(f"Note: without a strength, {med.name} is counted in units taken, not in mg.")
    for i in med.ingredients:
        cdc = ref.MME_FACTORS.get(i.known or "")
        if factor is not None and cdc is not None and cdc != i.mme_factor:
            out.append(f"Note: the CDC 2022 factor for {i.known} is {cdc:g}; you gave {factor:g}.")
        if i.known == "fentanyl":
            out.append("Log one patch as --med NAME=1 on each day it is worn.")
        if i.known is None and i.mme_factor is None and len(med.ingredients) > 1:
            out.append(
                f"Note: paintrack does not know '{i.substance}': it counts in no MME or "
                "acetaminophen total (its mg a day are still shown per drug)."
            )
    sounds = any(w in med.name.lower() for w in ("tylenol", "paracetamol", "apap"))
    if sounds and med.ingredients and all(i.known != ref.ACETAMINOPHEN for i in med.ingredients):
        out.append(
            f"Note: '{med.name}' sounds like a product with acetaminophen; if its label lists "
            "it, give each ingredient (--ingredient acetaminophen=325mg …) so it counts in "
            "the day's acetaminophen from all products (domain.md §6.3)."
        )
    if not named and (near := close_substance(med.name)) is not None:
        out.append(
            f"Note: did you mean '{near}'? Correct the name with: "
            + command("med", "rename", med.name, near)
        )
    return tuple(out)


def suggestion(name: str, listed: Sequence[str]) -> str:
    """' (did you mean 'ibuprofen'?)' for a name close to one on the list, else ''."""
    return did_you_mean(name, listed)


def renamed(med: Medication, name: str) -> Medication:
    """The medication under a new name. A one-ingredient medication whose substance was read
    from its old name (`ibuprofin`) reads it from the new one (`ibuprofen`), with that
    substance's kind and CDC factor, so a corrected name counts where it belongs."""
    ings = med.ingredients
    if len(ings) != 1 or ings[0].substance.lower() != med.name.lower():
        return replace(med, name=name)
    named = ref.substances_in(name)
    one, kind = replace(ings[0], substance=name), med.kind
    if len(named) == 1:
        kind = ref.SUBSTANCES[named[0]]
        factor = ings[0].mme_factor if kind == "opioid" else None
        if kind == "opioid" and factor is None:
            factor = ref.MME_FACTORS[named[0]]
        one = replace(ings[0], substance=named[0], mme_factor=factor)
    try:
        label = {"strength": None, "unit": None, "mme_factor": None}
        return replace(med, name=name, kind=kind, ingredients=(one,), **label)
    except InvalidValue:  # the new substance cannot be counted in its unit: only the name
        return replace(med, name=name)
