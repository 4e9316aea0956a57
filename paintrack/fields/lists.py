"""The medication list and the chosen activities."""

from __future__ import annotations

from paintrack import reference as ref
from paintrack.fields.base import (
    CREATED,
    Concept,
    Field,
    _id,
)

# --- Medication, activity, decision ---------------------------------------------------------------
MEDICATION = Concept(
    "medication",
    "medications",
    (
        _id(),
        Field(
            "name",
            "line",
            "medication name",
            "The name you will log it by, e.g. ibuprofen.",
            option="NAME",
            required=True,
            max_len=100,
            doc="unique name (case-insensitive) used in `--med NAME=COUNT`",
        ),
        Field(
            "kind",
            "code",
            "kind",
            "One of: " + ", ".join(ref.MED_KINDS) + ".",
            option="--kind",
            metavar="KIND",
            codes=ref.MED_KINDS,
            required=True,
            source="domain.md §6",
            doc=", ".join(f"`{k}`" for k in ref.MED_KINDS),
        ),
        Field(
            "strength",
            "float",
            "strength",
            "Strength of one unit, e.g. 200.",
            lo=0,
            hi=100_000,
            open_lo=True,
            option="--strength",
            metavar="X",
            doc="strength of one unit, e.g. 200 (with `unit`)",
        ),
        Field(
            "unit",
            "code",
            "unit",
            "One of: " + ", ".join(ref.MED_UNITS) + ".",
            option="--unit",
            metavar="UNIT",
            codes=ref.MED_UNITS,
            doc=", ".join(f"`{u}`" for u in ref.MED_UNITS),
        ),
        Field(
            "mme_factor",
            "float",
            "MME factor",
            "Opioids only; known by name from the CDC 2022 table: "
            + ", ".join(f"{k} {v:g}" for k, v in ref.MME_FACTORS.items())
            + ".",
            lo=0,
            hi=100,
            open_lo=True,
            option="--mme-factor",
            metavar="F",
            source="domain.md §6.1",
            doc="CDC 2022 MME conversion factor, opioids only (domain.md §6.1)",
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
        CREATED,
    ),
)
