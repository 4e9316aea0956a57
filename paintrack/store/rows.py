"""Models ↔ stored rows, built from the field declarations (paintrack.fields).

A field's kind says how it is stored: dates as ISO text, lists of codes as a JSON array, the
rest as they are. Children (doses, activity ratings, red flags) are rows of their own tables and
are read by `diary`. Stored rows are turned back into models without validating them again: a
value changed outside paintrack must not lock the patient out of `edit` and `delete` (`doctor`
reports it, through `validated`).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from functools import cache
from typing import Any, TypeVar

from paintrack import fields as F
from paintrack import frozen
from paintrack.models import Course, DailyLog, Decision, Medication, Peg, Session

M = TypeVar("M")

#: The model of each concept that has a table of its own and a model of its own.
MODELS: dict[str, type] = {
    "courses": Course,
    "sessions": Session,
    "daily_logs": DailyLog,
    "pegs": Peg,
    "medications": Medication,
    "decisions": Decision,
}


def _to_db(kind: str) -> Callable[[Any], Any]:
    if kind == "date":
        return lambda v: None if v is None else v.isoformat()
    if kind in ("codes", "texts"):
        return lambda v: json.dumps(list(v), ensure_ascii=False)
    if kind == "flag":
        return lambda v: 1 if v else 0
    return lambda v: v


def from_db(field: F.Field, value: Any) -> Any:
    """One stored column's value as the model holds it."""
    return _from_db(field.kind)(value)


def _from_db(kind: str) -> Callable[[Any], Any]:
    if kind == "date":
        return lambda v: None if v is None else dt.date.fromisoformat(v)
    if kind in ("codes", "texts"):
        return _json_list
    if kind == "flag":
        return bool
    return lambda v: v


def _json_list(value: Any) -> tuple[Any, ...]:
    """A stored JSON array as a tuple; text that is not one (written by another program) is
    read as a list of that one text, so the row still shows and `doctor` can report it."""
    try:
        found = json.loads(value or "[]")
    except (TypeError, ValueError):
        return (str(value),)
    return tuple(found) if isinstance(found, list) else (str(value),)


@cache
def _plan(
    concept: F.Concept,
) -> tuple[tuple[str, str, Callable[[Any], Any], Callable[[Any], Any]], ...]:
    """(attribute, column, to_db, from_db) of each stored column of the concept's own table."""
    return tuple(
        (f.name, f.column, _to_db(f.kind), _from_db(f.kind))
        for f in concept.fields
        if f.kind != "children" and f.column and f.kind != "id" and f.kind != "stamp"
    )


def values(concept: F.Concept, model: object) -> dict[str, Any]:
    """A model's own columns, without id and created_at (the journal sets those)."""
    return {col: to(getattr(model, name)) for name, col, to, _ in _plan(concept)}


def stored(cls: type[M], concept: F.Concept, row: Any, **extra: Any) -> M:
    """A model from a stored row, without validating it again."""
    obj = object.__new__(cls)
    for name, default in _defaults(cls):  # type: ignore[arg-type]
        object.__setattr__(obj, name, default)
    for name, col, _, back in _plan(concept):
        object.__setattr__(obj, name, back(row[col]))
    object.__setattr__(obj, "id", row["id"])
    object.__setattr__(obj, "created_at", row["created_at"])
    for name, value in extra.items():
        object.__setattr__(obj, name, value)
    return obj


def plain(cls: type[M], **values: Any) -> M:
    """A small stored model (a dose, a rating) from its values, without validating it again."""
    obj = object.__new__(cls)
    for name, value in values.items():
        object.__setattr__(obj, name, value)
    return obj


@cache
def _defaults(cls: Any) -> tuple[tuple[str, Any], ...]:
    return tuple(
        (f.name, None if f.default is frozen.MISSING else f.default) for f in frozen.fields(cls)
    )


def validated(obj: Any) -> Any:
    """Rebuild a stored model (and the models inside it) through its checks."""
    for f in frozen.fields(obj):
        value = getattr(obj, f.name)
        if isinstance(value, tuple):
            for item in value:
                if frozen.is_record(item):
                    validated(item)
    return frozen.replace(obj)
