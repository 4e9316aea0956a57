"""The fields several concepts share: ids, creation times, dates and times, notes, the label,
the 0–10 ratings."""

from __future__ import annotations

from typing import Any

from paintrack import reference as ref
from paintrack.fields.base import NRS, Field


# --- Shared fields -------------------------------------------------------------------------------
def _id(letter: str | None = None) -> Field:
    shown = f"; shown as `{letter}<id>`" if letter else ""
    return Field("id", "id", "row id", "row id", doc="row id" + shown)


CREATED = Field("created_at", "stamp", "time written", "when the row was written")
DATE_HELP = "2026-03-02, 2026-03-02T18:30, today, yesterday, '3 days ago', 'last monday', 'Mar 3' or 30/11/2026"


def _date(what: str) -> Field:
    return Field(
        "date",
        "date",
        "date",
        f"When: {DATE_HELP}. Default: now.",
        option="--date",
        short="-d",
        metavar="DATE",
        doc=f"the day of the {what} (the time is the `time` column)",
    )


TIME = Field(
    "time",
    "time",
    "time",
    "time of day, HH:MM",
    clearable=True,
    doc="time of day, `HH:MM`, local time; empty when only the day was given",
)
NOTE = Field(
    "note",
    "text",
    "note",
    "A note in your own words.",
    option="--note",
    short="-n",
    metavar="TEXT",
    clearable=True,
    max_len=2000,
    prompt="Note",
    doc="free text",
)
#: A note the patient wants their clinician to read: it comes first on the summary (issue 22).
FOR_CLINICIAN = Field(
    "for_clinician",
    "flag",
    "for the clinician",
    "Mark the note for your clinician: the summary (export) shows it first.",
    option="--for-clinician",
    doc="1 when the patient marked the note for the clinician (`--for-clinician`), else 0",
)


#: `export --label`: not stored, but user text like the rest: one line, and short, so the
#: one-page summary stays one page (docs/sharing.md).
LABEL = Field(
    "label",
    "line",
    "patient label",
    "A patient label for the summary or FHIR Patient (e.g. initials), at most 80 characters.",
    option="--label",
    metavar="TEXT",
    max_len=80,
    doc="a patient label (initials or a name), one line",
)


#: What the ends of paintrack's 0–10 ratings mean (domain.md §1.1, §1.4, §2, §5); on every one
#: of them a lower number is better.
PAIN_ANCHORS = "0 = no pain, 10 = worst possible pain (domain.md §1.1)"
INTERFERENCE_ANCHORS = "0 = does not interfere, 10 = completely interferes (domain.md §1.4, §2)"
STRESS_ANCHORS = "0 = no stress, 10 = worst imaginable (domain.md §5)"


def _nrs(name: str, label: str, help: str, prompt: str | None, **kw: Any) -> Field:
    """A 0–10 rating (domain.md §1.1, §1.4, §2, §5): pain anchors unless told; lower is better."""
    kw.setdefault("anchors", PAIN_ANCHORS)
    return Field(
        name,
        "int",
        label,
        help,
        lo=ref.NRS_MIN,
        hi=ref.NRS_MAX,
        option="--" + name.replace("_", "-"),
        metavar=NRS,
        prompt=prompt,
        better="lower",
        **kw,
    )
