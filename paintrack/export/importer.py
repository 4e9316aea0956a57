"""Files → rows to import, checked row by row (`paintrack import`).

Reads the JSON and CSV that `export` writes, and a plain CSV with a `date` and a `pain` column
(optional columns in PLAIN_COLUMNS) as daily logs. Every row is built into its model
(paintrack.models), which checks its ranges; every bad row is collected with where it is, the
field and what is allowed, and the import stops before anything is written.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from paintrack import reference as ref
from paintrack.domain.dates import parse_when
from paintrack.domain.parse import number, whole
from paintrack.errors import ExitCode, InvalidValue, PaintrackError
from paintrack.export.tabular import FORMAT_VERSION, RECORDS, VERSION_KEY, from_cell
from paintrack.models import (
    Activity,
    ActivityRating,
    Course,
    DailyLog,
    Decision,
    Dose,
    Medication,
    Peg,
    Session,
)
from paintrack.store import EXPORT_TABLES, Conflict, Dataset, log_row

SHOWN = 20  # bad rows listed before "… and N more"
#: A plain CSV's optional columns besides `date` and `pain` (names as in `paintrack log`).
PLAIN_COLUMNS = (
    "time",
    "worst",
    "least",
    "sleep_hours",
    "sleep_interference",
    "stress",
    "note",
)
VERDICTS = ("improving", "not-improving", "worse", "insufficient-data")  # product.md review


@dataclass(frozen=True, slots=True)
class BadRow:
    where: str  # "line 12" (CSV) or "daily_logs[3]" (JSON)
    field: str
    allowed: str
    got: object = None

    def __str__(self) -> str:
        got = "" if self.got is None else f" (got {self.got!r})"
        return f"{self.where}: {self.field} must be {self.allowed}{got}"


class ImportRejected(PaintrackError):
    """At least one bad row: nothing was imported. The message lists them (first 20, a count)."""

    exit_code = ExitCode.USAGE

    def __init__(self, source: str, bad: list[BadRow]) -> None:
        self.bad = bad
        rows = len({b.where for b in bad})
        lines = [f"{rows} bad row{'s' * (rows != 1)} in {source}; nothing was imported:"]
        lines += [f"  {b}" for b in bad[:SHOWN]]
        if len(bad) > SHOWN:
            lines.append(f"  … and {len(bad) - SHOWN} more")
        super().__init__("\n".join(lines))


@dataclass
class Parsed:
    """Rows ready for `store.import_rows`, and where each came from (for error messages)."""

    kind: str  # "json" | "csv" | "plain-csv"
    data: Dataset
    where: dict[str, list[str]] = field(default_factory=dict)

    def locate(self, conflicts: list[Conflict]) -> list[BadRow]:
        return [
            BadRow(
                self.where[c.table][c.index] if self.where.get(c.table) else c.table,
                c.field,
                c.allowed,
                c.got,
            )
            for c in conflicts
        ]


def read(path: Path, today: date) -> Parsed:
    """Parse and check a file; raises ImportRejected listing every bad row."""
    source = str(path)
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as e:
        raise InvalidValue("FILE", "a readable file", f"{path}: {e.strerror}") from None
    except UnicodeDecodeError:
        raise InvalidValue("FILE", "UTF-8 text (CSV or JSON)", str(path)) from None
    if text.lstrip().startswith("{"):
        parsed, bad = _json(text, today)
    else:
        parsed, bad = _csv(text, today)
    if bad:
        raise ImportRejected(source, bad)
    return parsed


# --- The export's JSON and CSV -----------------------------------------------------------------
def _json(text: str, today: date) -> tuple[Parsed, list[BadRow]]:
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as e:
        return Parsed("json", {}), [BadRow(f"line {e.lineno}", "the file", "valid JSON", e.msg)]
    if not isinstance(doc, dict) or doc.get(VERSION_KEY) != FORMAT_VERSION:
        got = doc.get(VERSION_KEY) if isinstance(doc, dict) else None
        allowed = f'a paintrack export with "{VERSION_KEY}": {FORMAT_VERSION}'
        return Parsed("json", {}), [BadRow("line 1", VERSION_KEY, allowed, got)]
    bad: list[BadRow] = []
    unknown = sorted(set(doc) - set(EXPORT_TABLES) - {VERSION_KEY})
    if unknown:
        bad.append(BadRow("line 1", "key", "one of " + ", ".join(EXPORT_TABLES), unknown[0]))
    rows: dict[str, list[tuple[str, dict[str, Any]]]] = {}
    for table in EXPORT_TABLES:
        items = doc.get(table, [])
        if not isinstance(items, list):
            bad.append(BadRow(table, table, "a list of rows", type(items).__name__))
            continue
        for i, item in enumerate(items):
            where = f"{table}[{i}]"
            if not isinstance(item, dict) or set(item) != set(EXPORT_TABLES[table]):
                cols = ", ".join(EXPORT_TABLES[table])
                bad.append(BadRow(where, "keys", f"exactly: {cols}", None))
                continue
            rows.setdefault(table, []).append((where, item))
    parsed, more = _check(rows, today, "json")
    return parsed, bad + more


def _csv(text: str, today: date) -> tuple[Parsed, list[BadRow]]:
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader, None)
    if header is None:
        return Parsed("csv", {}), [BadRow("line 1", "the file", "a header row", "empty file")]
    names = [h.strip().lower().replace("-", "_").replace(" ", "_") for h in header]
    if names and names[0] == "record":
        return _export_csv(reader, names, today)
    return _plain_csv(reader, names, today)


def _export_csv(reader: Any, names: list[str], today: date) -> tuple[Parsed, list[BadRow]]:
    by_record = {v: k for k, v in RECORDS.items()}
    rows: dict[str, list[tuple[str, dict[str, Any]]]] = {}
    bad: list[BadRow] = []
    seen_version = False
    for values in reader:
        where = f"line {reader.line_num}"
        if not any(v.strip() for v in values):
            continue
        cells = dict(zip(names, values, strict=False))
        record = cells.get("record", "")
        if record == VERSION_KEY:
            seen_version = cells.get("id") == str(FORMAT_VERSION)
            if not seen_version:
                bad.append(
                    BadRow(where, "id", f"{FORMAT_VERSION} (the format version)", cells.get("id"))
                )
            continue
        table = by_record.get(record)
        if table is None:
            bad.append(BadRow(where, "record", "one of " + ", ".join(RECORDS.values()), record))
            continue
        missing = [c for c in EXPORT_TABLES[table] if c not in cells]
        if missing:
            bad.append(BadRow(where, missing[0], "a column of the header", None))
            continue
        item: dict[str, Any] = {}
        for col in EXPORT_TABLES[table]:
            try:
                item[col] = from_cell(col, cells[col])
            except ValueError:
                kind = (
                    "a whole number"
                    if col not in ("strength", "mme_factor", "cost", "sleep_hours", "count")
                    else "a number"
                )
                bad.append(BadRow(where, col, kind, cells[col]))
                break
        else:
            stray = [
                c for c, v in cells.items() if v and c not in EXPORT_TABLES[table] and c != "record"
            ]
            if stray:
                bad.append(BadRow(where, stray[0], f"empty in a {record} row", cells[stray[0]]))
                continue
            rows.setdefault(table, []).append((where, item))
    if not seen_version and not bad:
        bad.append(BadRow("line 2", "record", f"'{VERSION_KEY}' (the version row)", None))
    parsed, more = _check(rows, today, "csv")
    return parsed, bad + more


# --- A plain spreadsheet of daily logs -----------------------------------------------------------
def _plain_csv(reader: Any, names: list[str], today: date) -> tuple[Parsed, list[BadRow]]:
    known = ("date", "pain", *PLAIN_COLUMNS)
    bad: list[BadRow] = []
    for name in names:
        if name and name not in known:
            bad.append(BadRow("line 1", "column", "one of " + ", ".join(known), name))
    for need in ("date", "pain"):
        if need not in names:
            bad.append(
                BadRow("line 1", "columns", "a header with 'date' and 'pain'", ",".join(names))
            )
            break
    if bad:
        return Parsed("plain-csv", {}), bad
    now = datetime.combine(today, datetime.max.time())
    rows: list[dict[str, Any]] = []
    where: list[str] = []
    for values in reader:
        line = f"line {reader.line_num}"
        if not any(v.strip() for v in values):
            continue
        cells = {n: v.strip() for n, v in zip(names, values, strict=False) if n}
        try:
            if not cells.get("date"):
                raise InvalidValue("date", "given: an ISO date such as 2026-03-02")
            day, time = parse_when(cells["date"], now, field="date")
            if cells.get("time"):
                time = cells["time"]
            pain = whole("pain", cells.get("pain") or None, ref.NRS_MIN, ref.NRS_MAX)
            if pain is None:
                raise InvalidValue("pain", "given: a whole number from 0 to 10")
            log = DailyLog(
                day=day,
                time=time,
                pain=pain,
                worst=whole("worst", cells.get("worst") or None, 0, 10),
                least=whole("least", cells.get("least") or None, 0, 10),
                sleep_hours=number(
                    "sleep_hours", cells.get("sleep_hours") or None, 0, ref.SLEEP_HOURS_MAX
                ),
                sleep_interference=whole(
                    "sleep_interference", cells.get("sleep_interference") or None, 0, 10
                ),
                stress=whole("stress", cells.get("stress") or None, 0, 10),
                note=cells.get("note") or None,
            )
        except InvalidValue as e:
            bad.append(BadRow(line, e.field, e.allowed, e.got))
            continue
        rows.append({"id": None, **log_row(log), "created_at": None})
        where.append(line)
    # ids for the store to tie children to: none here, so number them privately (never kept)
    for i, row in enumerate(rows):
        row["id"] = -(i + 1)
    data: Dataset = {t: [] for t in EXPORT_TABLES}
    data["daily_logs"] = rows
    return Parsed("plain-csv", data, {"daily_logs": where}), bad


# --- Row checks through the models -------------------------------------------------------------
def _day(value: Any, name: str, today: date, optional: bool = False) -> date | None:
    if value is None and optional:
        return None
    if not isinstance(value, str):
        raise InvalidValue(name, "an ISO date such as 2026-03-02", value)
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise InvalidValue(name, "an ISO date such as 2026-03-02", value) from None
    if len(value) != 10 or day > today:
        raise InvalidValue(name, f"an ISO date no later than today ({today})", value)
    return day


def _stamp(value: Any) -> None:
    if value is None:
        return
    try:
        datetime.fromisoformat(value)
    except (TypeError, ValueError):
        raise InvalidValue(
            "created_at", "an ISO date-time such as 2026-03-02T18:30:00", value
        ) from None


def _text(row: Mapping[str, Any], *names: str) -> None:
    for name in names:
        if row[name] is not None and not isinstance(row[name], str):
            raise InvalidValue(name, "text", row[name])


def _float(row: dict[str, Any], *names: str) -> None:
    """JSON may write 2 for 2.0: the database stores it as 2.0 either way."""
    for name in names:
        if isinstance(row[name], int) and not isinstance(row[name], bool):
            row[name] = float(row[name])


def _codes(row: Mapping[str, Any], name: str) -> tuple[str, ...]:
    value = row[name]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise InvalidValue(name, "a list of codes", value)
    return tuple(value)


def _check_course(r: dict[str, Any], today: date) -> None:
    _text(r, "name", "therapy", "condition", "practitioner", "plan", "goals", "outcome")
    Course(
        name=r["name"] or "",
        start=_day(r["start"], "start", today),  # type: ignore[arg-type]
        sessions_planned=r["sessions_planned"],
        days_planned=r["days_planned"],
        therapy=r["therapy"],
        condition=r["condition"],
        practitioner=r["practitioner"],
        plan=r["plan"],
        goals=r["goals"],
        ended=_day(r["ended"], "ended", today, optional=True),
        outcome=r["outcome"],
    )


def _check_medication(r: dict[str, Any], today: date) -> None:
    _text(r, "name", "kind", "unit")
    _float(r, "strength", "mme_factor")
    Medication(r["name"] or "", r["kind"], r["strength"], r["unit"], r["mme_factor"])


def _check_activity(r: dict[str, Any], today: date) -> None:
    _text(r, "name")
    Activity(r["name"] or "")


def _check_session(r: dict[str, Any], today: date) -> None:
    _text(r, "course", "time", "points", "practitioner", "note")
    _float(r, "cost")
    if not r["course"]:
        raise InvalidValue("course", "the name of a course", r["course"])
    Session(
        course_id=0,
        day=_day(r["day"], "day", today),  # type: ignore[arg-type]
        pain_before=r["pain_before"],
        pain_after=r["pain_after"],
        time=r["time"],
        minutes=r["minutes"],
        needles=r["needles"],
        techniques=_codes(r, "techniques"),
        side_effects=_codes(r, "side_effects"),
        points=r["points"],
        practitioner=r["practitioner"],
        cost=r["cost"],
        note=r["note"],
    )


def _log(r: dict[str, Any], today: date) -> DailyLog:
    _text(r, "time", "note")
    _float(r, "sleep_hours")
    return DailyLog(
        day=_day(r["day"], "day", today),  # type: ignore[arg-type]
        pain=r["pain"],
        time=r["time"],
        worst=r["worst"],
        least=r["least"],
        sleep_hours=r["sleep_hours"],
        sleep_interference=r["sleep_interference"],
        stress=r["stress"],
        note=r["note"],
    )


def _check_peg(r: dict[str, Any], today: date) -> None:
    _text(r, "time")
    Peg(
        day=_day(r["day"], "day", today),  # type: ignore[arg-type]
        pain=r["pain"],
        enjoyment=r["enjoyment"],
        general_activity=r["general_activity"],
        time=r["time"],
    )


def _check_review(r: dict[str, Any], today: date) -> None:
    _text(r, "course", "decision", "verdict")
    if not r["course"]:
        raise InvalidValue("course", "the name of a course", r["course"])
    if r["verdict"] is not None and r["verdict"] not in VERDICTS:
        raise InvalidValue("verdict", "one of " + ", ".join(VERDICTS), r["verdict"])
    Decision(
        course_id=0,
        day=_day(r["day"], "day", today),  # type: ignore[arg-type]
        impression=r["impression"],
        decision=r["decision"],
        verdict=r["verdict"],
    )


CHECKS: dict[str, Callable[[dict[str, Any], date], object]] = {
    "courses": _check_course,
    "medications": _check_medication,
    "activities": _check_activity,
    "sessions": _check_session,
    "daily_logs": _log,
    "pegs": _check_peg,
    "reviews": _check_review,
}


def _check(
    rows: dict[str, list[tuple[str, dict[str, Any]]]], today: date, kind: str
) -> tuple[Parsed, list[BadRow]]:
    bad: list[BadRow] = []
    data: Dataset = {t: [] for t in EXPORT_TABLES}
    where: dict[str, list[str]] = {t: [] for t in EXPORT_TABLES}
    logs: dict[int, tuple[str, DailyLog]] = {}
    for table, check in CHECKS.items():
        ids: set[int] = set()
        for loc, row in rows.get(table, []):
            try:
                row_id = row.get("id")
                if row_id is not None and (
                    isinstance(row_id, bool) or not isinstance(row_id, int) or row_id < 1
                ):
                    raise InvalidValue("id", "a whole number of at least 1", row_id)
                if row_id is None and table == "daily_logs":
                    raise InvalidValue("id", "given for a daily log (its doses point at it)")
                if row_id in ids:
                    raise InvalidValue("id", f"unique among the {table}", row_id)
                _stamp(row.get("created_at"))
                model = check(row, today)
            except InvalidValue as e:
                bad.append(BadRow(loc, e.field, e.allowed, e.got))
                continue
            if row_id is not None:
                ids.add(row_id)
            if isinstance(model, DailyLog) and row_id is not None:
                logs[row_id] = (loc, model)
            data[table].append(row)
            where[table].append(loc)
    children: dict[int, dict[str, list[Any]]] = {}
    child_checks: dict[str, Callable[[dict[str, Any]], object]] = {
        "doses": lambda r: Dose(r["medication"], _as_float(r)),
        "activity_ratings": lambda r: ActivityRating(r["activity"], r["rating"]),
        "red_flags": lambda r: r["code"],
    }
    for table, make in child_checks.items():
        for loc, row in rows.get(table, []):
            try:
                if row["daily_log_id"] not in logs:
                    raise InvalidValue(
                        "daily_log_id", "the id of a daily log in this file", row["daily_log_id"]
                    )
                for name in ("medication", "activity", "code"):
                    if name in row and (not isinstance(row[name], str) or not row[name]):
                        raise InvalidValue(name, "a name", row[name])
                item = make(row)
                if table == "red_flags" and item not in ref.RED_FLAGS:  # domain.md §10.1
                    raise InvalidValue("code", "one of " + ", ".join(ref.RED_FLAGS), item)
            except InvalidValue as e:
                bad.append(BadRow(loc, e.field, e.allowed, e.got))
                continue
            children.setdefault(row["daily_log_id"], {}).setdefault(table, []).append(item)
            data[table].append(row)
            where[table].append(loc)
    for log_id, kids in children.items():  # the log as a whole: one dose per medication, …
        loc, log = logs[log_id]
        try:
            DailyLog(
                day=log.day,
                pain=log.pain,
                doses=tuple(kids.get("doses", [])),
                ratings=tuple(kids.get("activity_ratings", [])),
                red_flags=tuple(kids.get("red_flags", [])),
            )
        except InvalidValue as e:
            bad.append(BadRow(loc, e.field, e.allowed, e.got))
    return Parsed(kind, data, where), bad


def _as_float(row: dict[str, Any]) -> float:
    _float(row, "count")
    return row["count"]  # type: ignore[no-any-return]
