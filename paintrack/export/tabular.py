"""Everything stored, as one JSON document or one CSV file, and back (docs/data.md).

The shape is `store.dataset`'s: a list of rows per table. JSON keeps it as is under a
`paintrack_export` version key. CSV has one header row (`record` + every column of every table) and
one row per stored row; `record` says the kind. Both are written so that `importer` reads back
exactly the values written: floats as Python writes them (shortest exact form), ISO dates, lists
of codes joined with ';', an empty cell for null.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from paintrack.store import EXPORT_TABLES, LIST_COLUMNS, Dataset

FORMAT_VERSION = 1
VERSION_KEY = "paintrack_export"
#: CSV `record` value per table (the singular of the table name).
RECORDS: dict[str, str] = {
    "courses": "course",
    "medications": "medication",
    "activities": "activity",
    "sessions": "session",
    "daily_logs": "daily_log",
    "doses": "dose",
    "activity_ratings": "activity_rating",
    "red_flags": "red_flag",
    "pegs": "peg",
    "reviews": "review",
}
INT_COLUMNS = frozenset(
    {
        "id",
        "sessions_planned",
        "days_planned",
        "pain_before",
        "pain_after",
        "minutes",
        "needles",
        "pain",
        "worst",
        "least",
        "sleep_interference",
        "stress",
        "daily_log_id",
        "rating",
        "enjoyment",
        "general_activity",
        "impression",
    }
)
FLOAT_COLUMNS = frozenset({"strength", "mme_factor", "cost", "sleep_hours", "count"})


def csv_columns() -> list[str]:
    """`record`, then each column the first time a table has it, in table order."""
    columns = ["record"]
    for cols in EXPORT_TABLES.values():
        columns += [c for c in cols if c not in columns]
    return columns


def to_json(data: Dataset) -> str:
    doc: dict[str, Any] = {VERSION_KEY: FORMAT_VERSION}
    doc |= {table: data.get(table, []) for table in EXPORT_TABLES}
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return ";".join(value)
    if isinstance(value, float):
        return repr(value)
    return str(value)


def to_csv(data: Dataset) -> str:
    buf = io.StringIO()
    columns = csv_columns()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(columns)
    writer.writerow([VERSION_KEY, FORMAT_VERSION, *[""] * (len(columns) - 2)])
    for table in EXPORT_TABLES:
        for row in data.get(table, []):
            writer.writerow([RECORDS[table], *(_cell(row.get(c)) for c in columns[1:])])
    return buf.getvalue()


def from_cell(column: str, text: str) -> Any:
    """A CSV cell back to its value; raises ValueError when it is not of the column's type."""
    if text == "":
        return [] if column in LIST_COLUMNS else None
    if column in LIST_COLUMNS:
        return [c.strip() for c in text.split(";") if c.strip()]
    if column in INT_COLUMNS:
        t = text.strip()
        if not (t.lstrip("-").isascii() and t.lstrip("-").isdigit()):
            raise ValueError(text)
        return int(t)
    if column in FLOAT_COLUMNS:
        return float(text.strip())
    return text
