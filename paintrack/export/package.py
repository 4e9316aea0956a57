"""The diary as a Frictionless Data Package (`export --format datapackage -o DIR`): one CSV per
table, and `datapackage.json` describing each (Table Schema: types, constraints, units and
descriptions from the field declarations, primary and foreign keys), so any tool that reads the
standard (frictionless, pandas, R, a spreadsheet) knows what every column is.

Values are exact: whole numbers as whole numbers, decimals as Python writes them, ISO dates,
a course's goals as a JSON array, lists of codes joined with `;`, an empty cell for nothing.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TextIO

from paintrack import fields as F
from paintrack.export import describe
from paintrack.export.tabular import CONCEPTS, FORMAT_VERSION, columns, tables
from paintrack.models import Diary

PACKAGE = (*CONCEPTS, F.IMPORTED)
#: What a reference by name or id points at: (table, its key).
REFERS = {
    "course": ("courses", "name"),
    "medication": ("medications", "name"),
    "activity": ("activities", "name"),
    "daily_log_id": ("daily_logs", "id"),
}
TIME_PATTERN = "([01][0-9]|2[0-3]):[0-5][0-9]"


def field_schema(f: F.Field) -> dict[str, Any]:
    """One Table Schema field from a declaration."""
    out: dict[str, Any] = {"name": f.key, "description": describe.column(f)}
    cons: dict[str, Any] = {}
    k = f.kind
    if k in ("id", "int") or (k == "ref" and f.key.endswith("_id")):
        out["type"] = "integer"
    elif k == "float":
        out["type"] = "number"
    elif k == "date":
        out["type"] = "date"
    elif k == "stamp":
        out["type"] = "datetime"
    elif k == "texts":
        out["type"] = "array"
    elif k == "flag":
        out["type"] = "boolean"
    else:
        out["type"] = "string"
    if k in ("int", "float") and f.lo is not None and f.hi is not None:
        cons |= {"minimum": f.lo, "maximum": f.hi}
        if k == "int":
            cons = {n: int(v) for n, v in cons.items()}
    if k in ("line", "text") and f.max_len:
        cons["maxLength"] = f.max_len
    if k == "code":
        cons["enum"] = list(f.codes)
    if k == "time":
        cons["pattern"] = TIME_PATTERN
    if k == "id":
        cons |= {"required": True, "unique": True, "minimum": 1}
    if f.required and k not in ("id", "stamp"):
        cons["required"] = True
    if f.unit:
        out["unit"] = f.unit
    if k == "codes":
        out["description"] += "; several are joined with ';'"
    if cons:
        out["constraints"] = cons
    return out


def table_schema(concept: F.Concept) -> dict[str, Any]:
    cols = columns(concept)
    schema: dict[str, Any] = {"fields": [field_schema(f) for f in cols]}
    if any(f.kind == "id" for f in cols):
        schema["primaryKey"] = ["id"]
    keys = []
    for f in cols:
        if f.kind == "ref" and f.key in REFERS:
            table, key = REFERS[f.key]
            keys.append({"fields": f.key, "reference": {"resource": table, "fields": key}})
    if keys:
        schema["foreignKeys"] = keys
    schema["missingValues"] = [""]
    return schema


def descriptor(created: str) -> dict[str, Any]:
    """datapackage.json: the package and each table's resource."""
    return {
        "profile": "tabular-data-package",
        "name": "paintrack-diary",
        "title": "A paintrack pain diary",
        "description": "Everything a paintrack diary holds, one CSV per table "
        f"(paintrack export format {FORMAT_VERSION}; docs/data.md, docs/schema.md).",
        "created": created,
        "resources": [
            {
                "name": c.table,
                "path": f"{c.table}.csv",
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "description": describe.TABLES[c.table],
                "schema": table_schema(c),
            }
            for c in PACKAGE
        ],
    }


def cell(value: Any, f: F.Field) -> str:
    if value is None:
        return ""
    if f.kind == "texts":
        return json.dumps(list(value), ensure_ascii=False)
    if isinstance(value, list | tuple):
        return ";".join(value)
    if isinstance(value, float):
        return repr(value)
    return str(value)


def imported_row(row: dict[str, Any], names: dict[int, str]) -> dict[str, Any]:
    """A stored imported entry with its medication by name, as the package's other tables."""
    return {**row, "medication": names.get(row.get("medication_id") or 0)}


def write_folder(
    folder: Path,
    diary: Diary,
    imported: Iterable[dict[str, Any]],
    opener: Callable[[Path], TextIO],
    created: str,
) -> dict[str, int]:
    """The CSV files and datapackage.json into `folder`; returns rows per table."""
    names = {m.id: m.name for m in diary.medications if m.id is not None}
    rows: dict[str, Iterable[dict[str, Any]]] = dict(tables(diary))
    rows["imported_entries"] = (imported_row(r, names) for r in imported)
    counts = {}
    for concept in PACKAGE:
        cols = columns(concept)
        with opener(folder / f"{concept.table}.csv") as f:
            counts[concept.table] = _csv(f, cols, rows[concept.table])
    with opener(folder / "datapackage.json") as f:
        f.write(json.dumps(descriptor(created), indent=2, ensure_ascii=False) + "\n")
    return counts


def _csv(f: TextIO, cols: tuple[F.Field, ...], rows: Iterable[dict[str, Any]]) -> int:
    writer = csv.writer(f, lineterminator="\r\n")
    writer.writerow([c.key for c in cols])
    n = 0
    for row in rows:
        writer.writerow([cell(row.get(c.key), c) for c in cols])
        n += 1
    return n
