"""Datasette metadata for the diary's database (`export --format datasette-metadata`): each
table and column described from the field declarations (what it is, range, 0-10 anchors, which
way is better, unit, domain.md source), the undo journal and housekeeping tables hidden, and
the view `days` explained. Use: `datasette DB --metadata FILE` (docs/data.md)."""

from __future__ import annotations

import json
from typing import Any

from paintrack import fields as F
from paintrack.export import describe
from paintrack.export.package import PACKAGE

#: Not the patient's data: the undo journal, sqlite-utils' migrations, facts about the file.
HIDDEN = ("changes", "change_steps", "_sqlite_migrations", "meta")
DAYS = {
    "description": "One row per logged day (a view of daily_logs, doses and activity_ratings).",
    "columns": {
        "date": "the day",
        "logs": "how many check-ins that day",
        "pain": "mean of the day's average pain, 0-10 (0 = no pain, 10 = worst possible "
        "pain; lower is better; domain.md §1.1)",
        "worst": "the day's worst pain, 0-10 (lower is better)",
        "least": "the day's least pain, 0-10 (lower is better)",
        "sleep_hours": "hours slept (the most given that day)",
        "medicines": "each medication and the units taken that day",
        "activities": "each activity and its rating that day, 0-10 (higher is better; "
        "domain.md §3.1)",
        "notes": "the day's notes, joined with ' | '",
    },
    "units": {"sleep_hours": "hour"},
}


def table(concept: F.Concept) -> dict[str, Any]:
    cols = {f.column: describe.column(f) for f in concept if f.kind != "children" and f.column}
    units = {
        f.column: describe.UNIT_NAMES.get(f.unit, f.unit) for f in concept if f.unit and f.column
    }
    out: dict[str, Any] = {"description": describe.TABLES[concept.table], "columns": cols}
    if units:
        out["units"] = units
    return out


def metadata(database: str) -> str:
    """The metadata JSON for the database file named `database` (its stem: Datasette's name)."""
    tables: dict[str, Any] = {c.table: table(c) for c in PACKAGE}
    tables["days"] = DAYS
    tables |= {t: {"hidden": True} for t in HIDDEN}
    doc = {
        "title": "paintrack diary",
        "description": "A pain diary kept with paintrack. Pain and the other 0-10 ratings: 0 is "
        "none, 10 the worst (lower is better); activity ratings: higher is better. Imported "
        "entries keep another app's own scale. docs/schema.md describes every column.",
        "databases": {database: {"tables": tables}},
    }
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
