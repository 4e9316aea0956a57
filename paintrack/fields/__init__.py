"""Every field of every concept (product.md), declared once.

A `Field` says what a value is (kind, range from domain.md, unit), how a person gives it (CLI
option, help, prompt), where it is kept (column, export key) and whether `edit --clear` may empty
it. The models check their values with it; the CLI options, prompts, `edit`, the importers, the
CSV/JSON columns, `history` and docs/schema.md are all built from these tables, so a field is
never described twice. Cross-field rules (least ≤ pain ≤ worst) are declared here too, so every
path (flags, prompts, import, edit) refuses the same way.

Bottom layer: the standard library, `errors` and `reference` only; plain classes with slots keep
the import cheap (it is on the path of `paintrack log`).
"""

from __future__ import annotations

from paintrack.fields.base import BOOKKEEPING, KINDS, NRS, Concept, Field, Rule
from paintrack.fields.course import COURSE, DECISION, SESSION
from paintrack.fields.daily import ACTIVITY_RATING, DAILY_LOG, DOSE, PEG, RED_FLAG, RED_FLAG_HELP
from paintrack.fields.draw import START_DRAW
from paintrack.fields.imported import IMPORTED
from paintrack.fields.lists import ACTIVITY, INGREDIENT, MEDICATION
from paintrack.fields.shared import CREATED, DATE_HELP, LABEL, NOTE, TIME

CONCEPTS = (
    COURSE,
    MEDICATION,
    INGREDIENT,
    ACTIVITY,
    SESSION,
    DAILY_LOG,
    DOSE,
    ACTIVITY_RATING,
    RED_FLAG,
    PEG,
    DECISION,
    IMPORTED,
    START_DRAW,
)

__all__ = [
    "ACTIVITY",
    "ACTIVITY_RATING",
    "BOOKKEEPING",
    "CONCEPTS",
    "COURSE",
    "CREATED",
    "DAILY_LOG",
    "DATE_HELP",
    "DECISION",
    "DOSE",
    "IMPORTED",
    "INGREDIENT",
    "KINDS",
    "LABEL",
    "MEDICATION",
    "NOTE",
    "NRS",
    "PEG",
    "RED_FLAG",
    "RED_FLAG_HELP",
    "SESSION",
    "START_DRAW",
    "TIME",
    "Concept",
    "Field",
    "Rule",
]
