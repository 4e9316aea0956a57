"""The medication list (each medication with its ingredients) and the chosen activities."""

from __future__ import annotations

from paintrack import reference as ref
from paintrack.fields.base import Concept, Field
from paintrack.fields.daily import DOSE
from paintrack.fields.shared import (
    CREATED,
    _id,
)

# --- Medication and its ingredients (domain.md §6.4) ------------------------------------------------
INGREDIENT = Concept(
    "ingredient",
    "ingredients",
    (
        _id(),
        DOSE["medication"],  # the same reference as a dose's: by name in exports
        Field(
            "substance",
            "line",
            "substance",
            "The generic name on the label, e.g. oxycodone.",
            required=True,
            max_len=100,
            source="domain.md §6.4",
            doc="the generic name on the label; a substance paintrack knows is kept under its one "
            "name (paracetamol and APAP are `acetaminophen`, domain.md §6.4)",
        ),
        Field(
            "strength",
            "float",
            "strength",
            "Strength of one unit, e.g. 200 (a one-ingredient medication; a combination "
            "gives each with --ingredient).",
            lo=0,
            hi=100_000,
            open_lo=True,
            option="--strength",
            metavar="X",
            required=True,
            doc="strength of one unit as on the label (with `unit`)",
        ),
        Field(
            "unit",
            "code",
            "unit",
            "One of: " + ", ".join(ref.MED_UNITS) + " (mcg/h: a patch).",
            option="--unit",
            metavar="UNIT",
            codes=ref.MED_UNITS,
            required=True,
            doc=", ".join(f"`{u}`" for u in ref.MED_UNITS)
            + "; totals count mg, g and mcg (and a fentanyl patch's mcg/h), domain.md §6.1, §6.3",
        ),
        Field(
            "mme_factor",
            "float",
            "MME factor",
            "Opioids only, and only for one paintrack does not know; known by name from the CDC "
            "2022 table: "
            + ", ".join(f"{k} {v:g}" for k, v in ref.MME_FACTORS.items())
            + ". Your prescriber or pharmacist can give it for another opioid.",
            lo=0,
            hi=100,
            open_lo=True,
            option="--mme-factor",
            metavar="F",
            source="domain.md §6.1",
            doc="CDC 2022 MME conversion factor, opioid ingredients only (domain.md §6.1)",
        ),
        Field(
            "position",
            "int",
            "position",
            "its place among the ingredients on the label",
            lo=1,
            hi=ref.MAX_INGREDIENTS,
            doc="1 for the first ingredient on the label, 2 for the next, …",
        ),
    ),
)
MEDICATION = Concept(
    "medication",
    "medications",
    (
        _id(),
        Field(
            "name",
            "line",
            "medication name",
            "The name you will log it by, e.g. ibuprofen or percocet.",
            option="NAME",
            required=True,
            max_len=100,
            doc="unique name (case-insensitive) used in `--med NAME=COUNT`: the patient's own "
            "name for the product",
        ),
        Field(
            "kind",
            "code",
            "kind",
            "One of: "
            + ", ".join(ref.MED_KINDS)
            + ". Needed only for a substance paintrack does not know; it knows "
            + ", ".join(ref.SUBSTANCES)
            + " (and paracetamol, APAP).",
            option="--kind",
            metavar="KIND",
            codes=ref.MED_KINDS,
            required=True,
            source="domain.md §6",
            doc=", ".join(f"`{k}`" for k in ref.MED_KINDS)
            + "; a combination product is `opioid` if it holds one, else `acetaminophen`, …",
        ),
        Field(
            "ingredients",
            "children",
            "ingredient",
            "Repeatable: one substance of a combination product, as on its label, "
            "e.g. --ingredient oxycodone=5mg --ingredient acetaminophen=325mg.",
            option="--ingredient",
            metavar="GENERIC=STRENGTH[UNIT]",
            child=INGREDIENT,
            source="domain.md §6.4",
            doc="rows of `ingredients`",
        ),
        Field(
            "stopped",
            "date",
            "stop date",
            "The day you stopped taking it.",
            doc="the day the patient stopped taking it (`paintrack med stop`); empty while taken",
        ),
        CREATED,
    ),
)
ACTIVITY = Concept(
    "activity",
    "activities",
    (
        _id(),
        Field(
            "name",
            "line",
            "activity name",
            "An activity pain makes hard, e.g. walking.",
            option="NAME",
            required=True,
            max_len=60,
            source="domain.md §3.1",
            doc="unique name (case-insensitive) used in `--activity NAME=N`",
        ),
        Field(
            "stopped",
            "date",
            "stop date",
            "The day you stopped rating it.",
            doc="the day the patient stopped rating it (`paintrack activity stop`); empty while "
            "rated",
        ),
        CREATED,
    ),
)
