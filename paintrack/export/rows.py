"""The rows of an export file (JSON or CSV, already split into tables) → a Diary of models.

Each row becomes its model, which checks it against its declaration; a value of the wrong type
(text where a number goes, a date that is not ISO) is refused here, naming the column. Every bad
row is collected with where it was found; nothing is imported unless all rows are good.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
from collections.abc import Callable
from typing import Any

from paintrack import fields as F
from paintrack.errors import InvalidValue
from paintrack.export.tabular import CONCEPTS, columns
from paintrack.models import (
    Activity,
    ActivityRating,
    Course,
    DailyLog,
    Decision,
    Diary,
    Dose,
    Ingredient,
    Medication,
    Peg,
    Session,
    StartDraw,
)

#: Tables whose rows other rows point at by id: a null id there is refused.
REFERRED = {
    "courses": "a course (its sessions and decisions point at it)",
    "daily_logs": "a daily log (its doses point at it)",
}
KINDS_SHOWN = ("int", "float", "code", "time", "date")
MODELS: dict[str, type] = {
    "courses": Course,
    "medications": Medication,
    "activities": Activity,
    "sessions": Session,
    "daily_logs": DailyLog,
    "pegs": Peg,
    "decisions": Decision,
    "start_draws": StartDraw,
}
Rows = dict[str, list[tuple[str, dict[str, Any]]]]
Bad = list[tuple[str, InvalidValue]]


def _date(f: F.Field, value: Any, today: dt.date) -> dt.date | None:
    if value is None:
        return None
    allowed = "an ISO date such as 2026-03-02"
    if not isinstance(value, str) or len(value) != 10:
        raise f.error(allowed, value)
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        raise f.error(allowed, value) from None
    if day > today:  # `today`: the latest date anywhere on Earth now (domain.dates)
        raise f.error(f"an ISO date no later than {today} (today somewhere on Earth)", value)
    return day


@functools.cache
def _nullable(model: type) -> frozenset[str]:
    """The fields of `model` that may be None: those whose declared type says so."""
    return frozenset(f.name for f in dataclasses.fields(model) if "None" in str(f.type))


def _typed(f: F.Field, value: Any, today: dt.date, model: type | None = None) -> Any:
    """A JSON (or CSV-read) value as the model holds it, refusing a wrong type and a null
    (an empty CSV cell) where `model` needs a value."""
    k = f.kind
    empty_ok = k in ("codes", "texts", "flag")  # none, or not marked
    if value is None and not empty_ok and model and f.name not in _nullable(model):
        raise f.error(f"given: {f.allowed()}" if k in KINDS_SHOWN else "given", value)
    if k == "date":
        return _date(f, value, today)
    if k == "flag":  # absent in a file of before format 4: not marked
        if value is not None and not isinstance(value, bool):
            raise f.error("true or false", value)
        return bool(value)
    if value is None:
        return () if k in ("codes", "texts") else None
    if k == "texts":
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise f.error("a list of texts", value)
        return tuple(value)
    if k == "codes":
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise f.error("a list of codes", value)
        return tuple(value)
    if k == "float" and isinstance(value, int) and not isinstance(value, bool):
        return float(value)  # JSON may write 2 for 2.0: stored as 2.0 either way
    if k in ("line", "text", "code", "time") and not isinstance(value, str):
        raise f.error("text", value)
    if k == "stamp":
        try:
            dt.datetime.fromisoformat(value)
        except (TypeError, ValueError):
            raise f.error("an ISO date-time such as 2026-03-02T18:30:00", value) from None
    return value


def _model(concept: F.Concept, row: dict[str, Any], today: dt.date, extra: dict[str, Any]) -> Any:
    kwargs: dict[str, Any] = {}
    for f in columns(concept):
        if f.kind == "ref":
            continue
        kwargs[f.name] = _typed(f, row[f.key], today, MODELS[concept.table])
    row_id = kwargs.get("id")
    if row_id is None and concept.table in REFERRED:  # other rows point at its id
        raise concept["id"].error(f"given for {REFERRED[concept.table]}")
    if row_id is not None and (
        isinstance(row_id, bool) or not isinstance(row_id, int) or not 1 <= row_id < 2**63
    ):
        raise concept["id"].error(f"a whole number from 1 to {2**63 - 1} (SQLite's)", row_id)
    return MODELS[concept.table](**kwargs, **extra)


def build(rows: Rows, today: dt.date, kind: str, make: Callable[..., Any]) -> tuple[Any, Bad]:
    """The Diary of the rows (via `make(kind, diary, where)`), and the bad rows."""
    bad: Bad = []
    out: dict[str, list[Any]] = {}
    where: dict[str, list[str]] = {}
    names: dict[str, int] = {}  # course name (lower) → its id in the file
    ingredients = _ingredients(rows, bad)
    for concept in CONCEPTS:
        if concept.table not in MODELS:
            continue
        ids: set[int] = set()
        for loc, row in rows.get(concept.table, []):
            try:
                extra = _refs(concept, row, names)
                if concept is F.MEDICATION:
                    extra |= _of_medication(ingredients, row)
                model = _model(concept, row, today, extra)
                if model.id in ids:
                    raise concept["id"].error(f"unique among the {concept.table}", model.id)
            except (InvalidValue, TypeError) as e:
                bad.append((loc, e if isinstance(e, InvalidValue) else _type_error(concept, e)))
                continue
            ids.add(model.id)
            if concept is F.COURSE:
                names[model.name.lower()] = model.id
            out.setdefault(concept.table, []).append(model)
            where.setdefault(concept.table, []).append(loc)
    logs = _with_children(out.get("daily_logs", []), where.get("daily_logs", []), rows, bad)
    for items in ingredients.values():  # rows naming no medication of the file
        for loc, _, _ in items:
            name = next(r["medication"] for w, r in rows["ingredients"] if w == loc)
            bad.append(
                (
                    loc,
                    F.INGREDIENT["medication"].error("the name of a medication in this file", name),
                )
            )
    diary = Diary(**{t: tuple(v) for t, v in out.items() if t != "daily_logs"}, daily_logs=logs)
    return make(kind, diary, where), bad


def _ingredients(rows: Rows, bad: Bad) -> dict[str, list[tuple[str, int, Ingredient]]]:
    """The file's ingredient rows by their medication's name (lower case): (where, position,
    ingredient). A medication is built with its ingredients, so a combination is whole."""
    ing = F.INGREDIENT
    out: dict[str, list[tuple[str, int, Ingredient]]] = {}
    keys = ("substance", "strength", "unit", "mme_factor")
    for loc, row in rows.get("ingredients", []):
        try:
            name = _name(ing, row, "medication")
            position = row["position"]
            if position is None:
                raise ing["position"].error(f"given: {ing['position'].allowed()}", position)
            ing["position"].check(position)
            item = Ingredient(**{k: _typed(ing[k], row[k], dt.date.max, Ingredient) for k in keys})
        except (InvalidValue, TypeError) as e:
            bad.append((loc, e if isinstance(e, InvalidValue) else _type_error(ing, e)))
            continue
        out.setdefault(name.lower(), []).append((loc, position, item))
    return out


def _of_medication(
    found: dict[str, list[tuple[str, int, Ingredient]]], row: dict[str, Any]
) -> dict[str, Any]:
    name = row.get("name")
    items = found.pop(name.lower(), []) if isinstance(name, str) else []
    return (
        {"ingredients": tuple(x for _, _, x in sorted(items, key=lambda t: t[1]))} if items else {}
    )


def _refs(concept: F.Concept, row: dict[str, Any], names: dict[str, int]) -> dict[str, Any]:
    if "course" not in row:
        return {}
    name = row["course"]
    if not isinstance(name, str) or name.lower() not in names:
        raise concept["course_id"].error("the name of a course in the file", name)
    return {"course_id": names[name.lower()]}


def _type_error(concept: F.Concept, e: TypeError) -> InvalidValue:
    return InvalidValue(concept.table, f"a complete row ({e})")


def _with_children(
    logs: list[DailyLog], where: list[str], rows: Rows, bad: Bad
) -> tuple[DailyLog, ...]:
    """Attach each dose, rating and red flag to its log; then check each log as a whole."""
    by_id = {log.id: i for i, log in enumerate(logs)}
    kids: dict[int, dict[str, list[Any]]] = {}
    makers: dict[str, tuple[F.Concept, Callable[[dict[str, Any]], Any]]] = {
        "doses": (F.DOSE, lambda r: Dose(_name(F.DOSE, r, "medication"), _count(r))),
        "activity_ratings": (
            F.ACTIVITY_RATING,
            lambda r: ActivityRating(
                _name(F.ACTIVITY_RATING, r, "activity"),
                _typed(F.ACTIVITY_RATING["rating"], r["rating"], dt.date.max, ActivityRating),
            ),
        ),
        "red_flags": (F.RED_FLAG, lambda r: _code(r)),
    }
    for table, (concept, make) in makers.items():
        for loc, row in rows.get(table, []):
            try:
                log_id = row["daily_log_id"]
                if not isinstance(log_id, int) or isinstance(log_id, bool) or log_id not in by_id:
                    raise concept["daily_log_id"].error(
                        "the id of a daily log in this file", row["daily_log_id"]
                    )
                item = make(row)
            except InvalidValue as e:
                bad.append((loc, e))
                continue
            kids.setdefault(row["daily_log_id"], {}).setdefault(table, []).append(item)
    out = list(logs)
    for log_id, found in kids.items():
        i = by_id[log_id]
        try:
            out[i] = DailyLog(
                **{
                    **{f: getattr(logs[i], f) for f in _LOG_OWN},
                    "doses": tuple(found.get("doses", [])),
                    "activity_ratings": tuple(found.get("activity_ratings", [])),
                    "red_flags": tuple(found.get("red_flags", [])),
                }
            )
        except InvalidValue as e:
            bad.append((where[i], e))
    return tuple(out)


_LOG_OWN = tuple(f.name for f in F.DAILY_LOG if f.kind != "children" and f.name != "red_flags")


def _name(concept: F.Concept, row: dict[str, Any], key: str) -> str:
    value = row[key]
    if not isinstance(value, str) or not value:
        raise concept[key].error("a name", value)
    return value


def _count(row: dict[str, Any]) -> float:
    return _typed(F.DOSE["count"], row["count"], dt.date.max, Dose)  # type: ignore[no-any-return]


def _code(row: dict[str, Any]) -> str:
    code = row["code"]
    if code is None:
        raise F.RED_FLAG["code"].error(f"given: {F.RED_FLAG['code'].allowed()}", code)
    F.RED_FLAG["code"].check(code)  # domain.md §10.1
    return code  # type: ignore[no-any-return]
