"""Everything stored, as one JSON document or one CSV file, and back (docs/data.md).

The tables and their columns come from the field declarations (paintrack.fields): a table per
concept, a column per stored field, references by name (a session's `course`, a dose's
`medication`), a daily log's children pointing at it by `daily_log_id`. JSON keeps a list of
rows per table under a `paintrack_export` version key. CSV has one header row (`record` + every
column of every table) and one row per stored row; `record` says the kind. Both are written so
that `importer` reads back exactly the values written: floats as Python writes them (shortest
exact form), ISO dates, lists of codes joined with ';', lists of texts (goals) as a JSON
array, an empty cell for null or no goals.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from typing import Any

from paintrack import fields as F
from paintrack.models import Diary
from paintrack.render import safe

# 2: `decisions` (was `reviews`), `date` (was `day`), `choice` (was `decision`);
# 3: `ingredients` (a medication's substances), `stopped` on medications and activities
# (issue 11); a course's `goals` is a list of texts (was one text), in CSV a JSON array (issue 12).
# 4: `for_clinician` on sessions and daily logs (issue 22): true/false in JSON, 1/0 in CSV;
# `start_draws`, a course's randomised start (issue 27): a table older files have no rows of.
FORMAT_VERSION = 4
VERSION_KEY = "paintrack_export"
SHEET_KEY = "paintrack_spreadsheet"  # the version row of `export --spreadsheet` (not importable)
CHILDREN = (F.DOSE, F.ACTIVITY_RATING, F.RED_FLAG)
#: A medication's ingredients: rows of their own, after the medications, naming theirs.
MED_CHILDREN = (F.INGREDIENT,)
#: A one-ingredient medication's label on its own row too (formats 1 and 2 kept it there, and a
#: spreadsheet reads it at a glance); empty for a combination. The ingredients are the truth.
LABEL = (F.INGREDIENT["strength"], F.INGREDIENT["unit"], F.INGREDIENT["mme_factor"])
#: Keys a file of an older format has not got (an import reads them as empty).
ADDED: dict[int, dict[str, tuple[str, ...]]] = {
    3: {"medications": ("stopped",), "activities": ("stopped",)},
    4: {"sessions": ("for_clinician",), "daily_logs": ("for_clinician",)},
}
#: The tables of an export, in the order an import needs them.
CONCEPTS = (
    F.COURSE,
    F.MEDICATION,
    F.INGREDIENT,
    F.ACTIVITY,
    F.SESSION,
    F.DAILY_LOG,
    *CHILDREN,
    F.PEG,
    F.DECISION,
    F.START_DRAW,
)
#: CSV `record` value per table (the singular of the table name).
RECORDS: dict[str, str] = {
    "courses": "course",
    "medications": "medication",
    "ingredients": "ingredient",
    "activities": "activity",
    "sessions": "session",
    "daily_logs": "daily_log",
    "doses": "dose",
    "activity_ratings": "activity_rating",
    "red_flags": "red_flag",
    "pegs": "peg",
    "decisions": "decision",
    "start_draws": "start_draw",
}
LIST_KINDS = ("codes", "texts")
#: Columns holding a list of free texts: a CSV cell holds them as a JSON array (a goal may
#: contain ';' or a newline, so joining them would not read back).
TEXTS_KEYS = frozenset(f.key for c in CONCEPTS for f in c if f.kind == "texts")


def columns(concept: F.Concept) -> tuple[F.Field, ...]:
    """The exported fields of a table: a child row has no id of its own (it is its log's, or
    its medication's); a medication's row carries its one ingredient's label after its kind."""
    child = concept in CHILDREN or concept in MED_CHILDREN
    own = tuple(
        f for f in concept if f.kind != "children" and f.column and not (child and f.name == "id")
    )
    if concept is F.MEDICATION:
        at = [f.name for f in own].index("kind") + 1
        return (*own[:at], *LABEL, *own[at:])
    return own


def missing_in(version: int, table: str) -> tuple[str, ...]:
    """The keys of `table` a file of format `version` has not got (read as empty)."""
    return tuple(k for v, added in ADDED.items() if version < v for k in added.get(table, ()))


TABLES: dict[str, tuple[str, ...]] = {c.table: tuple(f.key for f in columns(c)) for c in CONCEPTS}


def rows(diary: Diary) -> Iterator[tuple[str, dict[str, Any]]]:
    """(table, row) for every row of the diary, table by table, in id order."""
    names = {c.id: c.name for c in diary.courses}
    for concept in CONCEPTS:
        if concept in CHILDREN or concept in MED_CHILDREN:
            continue
        items = getattr(diary, concept.table)
        for item in items:
            row = {f.key: f.json(getattr(item, f.name)) for f in columns(concept)}
            if "course" in row:
                row["course"] = names.get(item.course_id)
            yield concept.table, row
        if concept is F.DAILY_LOG:
            yield from _children(diary)
        if concept is F.MEDICATION:
            yield from _ingredients(diary)


def _ingredients(diary: Diary) -> Iterator[tuple[str, dict[str, Any]]]:
    keys = ("substance", "strength", "unit", "mme_factor")
    for med in diary.medications:
        for position, i in enumerate(med.ingredients, start=1):
            row = {"medication": med.name, **{k: getattr(i, k) for k in keys}}
            yield "ingredients", {**row, "position": position}


def _children(diary: Diary) -> Iterator[tuple[str, dict[str, Any]]]:
    logs = diary.daily_logs
    for log in logs:
        for d in log.doses:
            yield "doses", {"daily_log_id": log.id, "medication": d.medication, "count": d.count}
    for log in logs:
        for r in log.activity_ratings:
            yield (
                "activity_ratings",
                {"daily_log_id": log.id, "activity": r.activity, "rating": r.rating},
            )
    for log in logs:
        for c in log.red_flags:
            yield "red_flags", {"daily_log_id": log.id, "code": c}


def tables(diary: Diary) -> dict[str, list[dict[str, Any]]]:
    """The diary as a list of rows per table (the JSON export's shape)."""
    out: dict[str, list[dict[str, Any]]] = {t: [] for t in TABLES}
    for table, row in rows(diary):
        out[table].append(row)
    return out


def to_json(diary: Diary) -> str:
    """The JSON export; DEL, C1 and bidi controls written as `\\uXXXX` (the same values)."""
    doc: dict[str, Any] = {VERSION_KEY: FORMAT_VERSION, **tables(diary)}
    return safe.json_document(json.dumps(doc, indent=2, ensure_ascii=False)) + "\n"


def csv_columns() -> list[str]:
    """`record`, then each column the first time a table has it, in table order."""
    out = ["record"]
    for cols in TABLES.values():
        out += [c for c in cols if c not in out]
    return out


def _cell(value: Any, key: str = "") -> str:
    if value is None or (key in TEXTS_KEYS and not value):
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if key in TEXTS_KEYS:
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list | tuple):
        return ";".join(value)
    if isinstance(value, float):
        return repr(value)
    return str(value)


def to_csv(diary: Diary, *, spreadsheet: bool = False) -> str:
    """The CSV export: exact values, so `import` reads back what was written. `spreadsheet`:
    for opening in a spreadsheet instead (`export --spreadsheet`): a text cell that would run as
    a formula (`= + - @`, tab, CR) starts with `'` and controls show as visible escapes (render/
    safe.py); its version row says `paintrack_spreadsheet`, and import refuses it."""
    buf = io.StringIO()
    cols = csv_columns()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(cols)
    writer.writerow(
        [SHEET_KEY if spreadsheet else VERSION_KEY, FORMAT_VERSION, *[""] * (len(cols) - 2)]
    )
    for table, row in rows(diary):
        cells = [RECORDS[table], *(_cell(row.get(c), c) for c in cols[1:])]
        writer.writerow([safe.spreadsheet(c) for c in cells] if spreadsheet else cells)
    return buf.getvalue()
