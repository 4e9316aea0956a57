"""What each table and column of the diary means, in words, from the field declarations
(paintrack/fields/): for the data package (`export --format datapackage`) and for Datasette
(`export --format datasette-metadata`), so both say the same as docs/schema.md."""

from __future__ import annotations

from paintrack import fields as F

#: One line per table (docs/schema.md says more).
TABLES = {
    "courses": "A course: one trial of a therapy for one condition (the active one has no end).",
    "medications": "The medication list, each product under the patient's own name for it.",
    "ingredients": "The substances of a medication, the strength of one unit as on its label "
    "(domain.md §6.4).",
    "activities": "The activities of the Patient-Specific Functional Scale (domain.md §3.1).",
    "sessions": "One treatment visit of a course, with pain before and after.",
    "daily_logs": "One check-in: average, worst and least pain of the last 24 h (0-10), sleep, "
    "stress, a note; several a day are allowed.",
    "doses": "Units of a listed medication taken, counted in a daily log.",
    "activity_ratings": "How well the patient can do one chosen activity (0-10, higher is better).",
    "red_flags": "A red-flag symptom reported in a daily log (docs/red-flags.md).",
    "pegs": "The weekly PEG: pain, enjoyment of life, general activity (0-10; domain.md §2).",
    "decisions": "A decision at a review: the impression of change (PGIC) and continue, change or "
    "stop.",
    "start_draws": "A course's randomised start: the first session's day drawn from a recorded "
    "seed before any entry (domain.md §12.2).",
    "imported_entries": "What another app recorded (Flaredown, Bearable, Daylio, Apple Health), "
    "on its own scale: never a 0-10 rating, never mixed into the review.",
}
#: Where a unit has a name Datasette's units (Pint) and people read.
UNIT_NAMES = {"h": "hour"}


def column(f: F.Field) -> str:
    """A column's description: what it is, its range and anchors, which way is better, its
    unit and its source."""
    parts = [f.doc or f.help]
    if f.anchors:
        parts.append(f.anchors)
    if f.better:
        parts.append(f"{f.better} is better")
    if f.unit:
        parts.append(f"in {UNIT_NAMES.get(f.unit, f.unit)}s")
    text = "; ".join(parts)
    return f"{text} ({f.source})" if f.source and f.source not in text else text
