"""What another tracker recorded, kept as it said it (`paintrack import` of a Flaredown, Bearable,
Daylio or Apple Health export; issue 26).

An imported entry is never a 0–10 rating of paintrack's: a Flaredown symptom rated 0–4, a
Bearable symptom rated mild…extreme or an Apple Health severity keeps its own number, its own
words and its own scale, so the review never mixes it into a 0–10 baseline (domain.md §1.1).
Sleep hours, notes, treatments, moods, activities and tags of the other app are kept the same way,
each with where it came from (`source`).
"""

from __future__ import annotations

from paintrack.fields.base import Concept, Field
from paintrack.fields.shared import CREATED, TIME, _date, _id

#: The apps paintrack reads (paintrack/importers/): an entry's `source`.
SOURCES = ("flaredown", "bearable", "daylio", "apple-health")
#: What an imported entry is. rating: a number or words on the source's own scale (never
#: 0–10 NRS); sleep: hours asleep; note: free text; treatment: a medicine or therapy as the app
#: named it (with `medication_id` once the patient said which listed medication it is);
#: mood, activity, tag, food: the app's own labels.
KINDS = ("rating", "sleep", "note", "treatment", "mood", "activity", "tag", "food", "other")

IMPORTED = Concept(
    "imported entry",
    "imported_entries",
    (
        _id(),
        Field(
            "source",
            "code",
            "source app",
            "the app the entry came from",
            codes=SOURCES,
            required=True,
            doc="the app it came from: " + ", ".join(f"`{s}`" for s in SOURCES),
        ),
        Field(
            "kind",
            "code",
            "kind",
            "what the entry is",
            codes=KINDS,
            required=True,
            doc="what it is: " + ", ".join(f"`{k}`" for k in KINDS),
        ),
        _date("imported entry"),
        TIME,
        Field(
            "name",
            "line",
            "name",
            "the name the app or the patient gave it",
            max_len=200,
            required=True,
            doc="its name in the other app, as written (a symptom, `Mood`, `Sleep`, a treatment)",
        ),
        Field(
            "value",
            "float",
            "value",
            "the number on the source's own scale",
            lo=0,
            hi=1000,
            doc="the number as the source gave it, on `scale` (never converted to 0–10); "
            "sleep: hours asleep; empty when the source gave words only",
        ),
        Field(
            "text",
            "text",
            "text",
            "the value as the file wrote it",
            max_len=2000,
            doc="the value in the file's own words (`moderate`, `Taken`, `7:30`, a note)",
        ),
        Field(
            "detail",
            "text",
            "detail",
            "what else the file said of it",
            max_len=2000,
            doc="more of what the file said (Bearable's detail, a note's title, a dose)",
        ),
        Field(
            "scale",
            "line",
            "scale",
            "the source's own scale",
            max_len=200,
            doc="the scale of `value` in the source's words (e.g. `0-4 (Flaredown)`); empty "
            "for notes and labels",
        ),
        Field(
            "medication",
            "ref",
            "medication",
            "the listed medication the patient said a treatment is",
            column="medication_id",
            doc="for a treatment: the listed medication (`medications.id`) the patient "
            "confirmed it is; empty otherwise",
        ),
        CREATED,
    ),
)
