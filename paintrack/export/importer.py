"""Files → a Diary to import (`paintrack import`), checked row by row.

Reads the JSON and CSV that `export` writes (format 3; format 2, whose course `goals` was one
text, now a one-item list; and format 1 of the first release: its `reviews`, `day` and
`decision` are today's `decisions`, `date` and `choice`), and a plain CSV
with a `date` and a `pain` column (and any other daily-log field, PLAIN_COLUMNS) as daily logs.
Every row is built into its model (paintrack.models), which checks it against its declaration;
every bad row is collected with where it is, and the import stops before anything is written.
The rules between rows (a session within its course, …) are the import use-case's.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from array import array
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from paintrack import fields as F
from paintrack.domain import values as V
from paintrack.domain.dates import parse_when
from paintrack.errors import ImportRejected, InvalidValue
from paintrack.export import json_stream
from paintrack.export.reading import (
    MAX_BAD_KEPT,
    MAX_CELLS,
    Bad,
    Refused,
    bounded_lines,
    csv_rows,
    export_size_ok,
    first_bad_utf8_line,
    latest,
    open_file,
    within,
)
from paintrack.export.reading import refusal as _bad
from paintrack.export.rows import build
from paintrack.export.tabular import (
    CONCEPTS,
    FORMAT_VERSION,
    RECORDS,
    SHEET_KEY,
    TABLES,
    VERSION_KEY,
    columns,
    missing_in,
)
from paintrack.models import DailyLog, Diary

#: A plain CSV's optional columns besides `date` and `pain` (names as in `paintrack log`).
PLAIN_COLUMNS = tuple(
    f.name
    for f in F.DAILY_LOG
    if f.kind in ("int", "float", "text", "time") and f.name not in ("pain", "id")
)
#: Format 1 (the first release) → format 2: renamed tables and columns (docs/schema.md).
RENAMED_TABLES = {"reviews": "decisions"}
RENAMED_COLUMNS = {"day": "date", "decision": "choice"}
VERSIONS = (
    1,
    2,
    3,
    FORMAT_VERSION,
)  # 3: `ingredients`, `stopped`; 4: `for_clinician` (docs/data.md)
Rows = dict[str, list[tuple[str, dict[str, Any]]]]


@dataclass
class Parsed:
    """The diary read from a file, and where each row came from (for error messages).

    A plain CSV's daily logs are not in `diary`: `logs` yields them one by one while the import
    writes them (one transaction, so a bad row further down still means nothing is written), and
    raises ImportRejected at the end if any row was bad."""

    kind: str  # "json" | "csv" | "plain-csv"
    diary: Diary
    where: dict[str, list[str]] = field(default_factory=dict)
    logs: Iterable[DailyLog] | None = None
    lines: array[int] = field(default_factory=lambda: array("Q"))  # each streamed log's line

    def where_of(self, table: str, index: int) -> str:
        if table == "daily_logs" and self.logs is not None and index < len(self.lines):
            return f"line {self.lines[index]}"
        found = self.where.get(table, [])
        return found[index] if index < len(found) else table


def read(path: Path, today: dt.date) -> Parsed:
    """Parse and check a file; raises ImportRejected listing every bad row (a plain CSV's rows
    are checked as `Parsed.logs` is read)."""
    opened = open_file(path)
    f: io.BufferedReader | None = opened
    try:
        assert f is not None
        start = f.peek(64)[:64].lstrip(b"\xef\xbb\xbf \t\r\n")
        if start.startswith(b"{"):
            export_size_ok(f, str(path))
            return _json(f.read().decode("utf-8-sig"), today, str(path))
        else:
            text = io.TextIOWrapper(f, encoding="utf-8-sig", newline="")
            parsed, bad = _csv(text, today, str(path), lambda: export_size_ok(opened, str(path)))
            if parsed.logs is not None:
                f = None  # the stream owns the file now, and closes it
    except UnicodeDecodeError:
        raise InvalidValue("FILE", "UTF-8 text (CSV or JSON)", str(path)) from None
    finally:
        if f is not None:
            f.close()
    if bad:
        raise ImportRejected(str(path), bad)
    return parsed


# --- The export's JSON and CSV -----------------------------------------------------------------
def _row(table: str, item: Any, version: int) -> dict[str, Any] | None:
    """A row of `table` as format FORMAT_VERSION has it, or None if it is not one."""
    cols = TABLES[table]
    if not isinstance(item, dict):
        return None
    if version == 1:
        item = {RENAMED_COLUMNS.get(k, k): v for k, v in item.items()}
    added = missing_in(version, table)  # an older format's file has not got them
    if added and not set(added) & set(item):
        item = {**item, **dict.fromkeys(added)}
    if table == "courses" and version in (1, 2):
        item = {**item, "goals": one_goal(item.get("goals"))}
    return item if set(item) == set(cols) else None


def _table(key: str, version: int | None) -> str | None:
    table = RENAMED_TABLES.get(key, key) if version in (1, None) else key
    return table if table in TABLES else None


def _json(text: str, today: dt.date, source: str) -> Parsed:
    """The export's JSON, read one row at a time (export.json_stream): a row that is not one is
    refused as it is read, so only good rows are held. Raises ImportRejected."""
    refused, rows = Refused(), Rows()
    version: int | None = None
    early: list[tuple[str, int, Any]] = []  # rows before the version key (a hand-edited file)
    try:
        for key, i, value in json_stream.top_level(text):
            if key == VERSION_KEY and i is None:
                version = _version(value, source)
                for k, j, item in early:
                    _keep(rows, refused, k, j, item, version)
                early = []
            elif _table(key, version) is None:
                refused.add("line 1", "key", "one of " + ", ".join(TABLES), key)
            elif i is None:
                if value != []:
                    refused.add(key, key, "a list of rows", type(value).__name__)
            elif version is not None:
                _keep(rows, refused, key, i, value, version)
            elif any(_row(t, value, v) for v in VERSIONS if (t := _table(key, v))):
                early.append((key, i, value))
            else:
                refused.add(
                    f"{key}[{i}]", "keys", "exactly: " + ", ".join(TABLES[_table(key, None) or key])
                )
    except json_stream.JsonError as e:
        raise ImportRejected(
            source, [_bad(f"line {e.line}", "the_file", e.allowed, e.msg)]
        ) from None
    if version is None:
        _version(None, source)
    parsed, more = _build(rows, today, "json")
    rejected = refused.rejected(source, more)
    if rejected is not None:
        raise rejected
    return parsed


def _version(value: Any, source: str) -> int:
    if value not in VERSIONS or isinstance(value, bool):
        allowed = f'a paintrack export with "{VERSION_KEY}": {FORMAT_VERSION} (or 1, 2)'
        raise ImportRejected(source, [_bad("line 1", VERSION_KEY, allowed, value)])
    return int(value)


def _keep(rows: Rows, refused: Refused, key: str, i: int, item: Any, version: int) -> None:
    table = _table(key, version) or key
    row = _row(table, item, version)
    if row is None:
        refused.add(f"{key}[{i}]", "keys", "exactly: " + ", ".join(TABLES[table]))
    else:
        rows.setdefault(table, []).append((f"{table}[{i}]", row))


def _empty(kind: str) -> Parsed:
    return Parsed(kind, Diary())


def _csv(
    text: IO[str], today: dt.date, source: str, size_ok: Callable[[], None]
) -> tuple[Parsed, Bad]:
    bad: Bad = []
    reader = csv.reader(bounded_lines(text, bad))
    rows = csv_rows(reader, bad, lambda: first_bad_utf8_line(Path(source)))
    header = next(rows, None)
    if header is None:
        return _empty("csv"), bad or [_bad("line 1", "the_file", "a header row", "empty file")]
    names = [h.strip().lower().replace("-", "_").replace(" ", "_") for h in header[1]]
    if len(names) > MAX_CELLS:
        return _empty("csv"), [_bad("line 1", "columns", f"at most {MAX_CELLS}", len(names))]
    twice = sorted({n for n in names if n and names.count(n) > 1})
    if twice:  # csv would silently keep the last of them
        n = names.count(twice[0])
        return _empty("csv"), [_bad("line 1", twice[0], "the name of one column only", n)]
    if names and names[0] == "record":
        size_ok()  # an export is held whole while checked: refused by size first
        parsed, more = _export_csv(within(rows, names, bad), names, today)
        return parsed, bad + more
    return _plain_csv(within(rows, names, bad), names, today, source, bad, text)


def one_goal(text: object) -> object:
    """Formats 1 and 2 kept a course's goals as one text: now a one-item list (none: [])."""
    if text is None or text == "":
        return []
    return [text] if isinstance(text, str) else text


def from_cell(f: F.Field, text: str, version: str | None = None) -> Any:
    """A CSV cell back to its value; raises ValueError when it is not of the field's type."""
    if text == "":
        return [] if f.kind in ("codes", "texts") else None
    if f.kind == "texts":
        if version in ("1", "2"):
            return [text]
        found = json.loads(text)  # a JSONDecodeError is a ValueError
        if not isinstance(found, list):
            raise ValueError(text)
        return found
    if f.kind == "codes":
        return [c.strip() for c in text.split(";") if c.strip()]
    if f.kind == "flag":
        if text.strip() not in ("0", "1"):
            raise ValueError(text)
        return text.strip() == "1"
    if f.kind in ("int", "id", "ref") and f.name != "medication" and f.name != "activity":
        t = text.strip()
        if f.name == "course_id":
            return text
        if not (t.lstrip("-").isascii() and t.lstrip("-").isdigit()):
            raise ValueError(text)
        return int(t)
    if f.kind == "float":
        return float(text.strip())
    return text


def _export_csv(
    lines: Iterable[tuple[int, list[str]]], names: list[str], today: dt.date
) -> tuple[Parsed, Bad]:
    names = [RENAMED_COLUMNS.get(n, n) for n in names]
    by_record = {v: k for k, v in RECORDS.items()} | {"review": "decisions"}
    rows: Rows = {}
    bad: Bad = []
    version: str | None = None
    for line, values in lines:
        where = f"line {line}"
        cells = dict(zip(names, values, strict=False))
        record = cells.get("record", "")
        if record == SHEET_KEY:  # cells changed for a spreadsheet: not the exact values
            allowed = f"'{VERSION_KEY}': an export written without --spreadsheet"
            return _empty("csv"), [_bad(where, "record", allowed, record)]
        if record == VERSION_KEY:
            version = cells.get("id")
            if version not in [str(v) for v in VERSIONS]:
                bad.append(_bad(where, "id", f"{FORMAT_VERSION} (the format version)", version))
            continue
        table = by_record.get(record)
        if table is None:
            bad.append(_bad(where, "record", "one of " + ", ".join(RECORDS.values()), record))
            continue
        older = int(version) if version in [str(v) for v in VERSIONS] else FORMAT_VERSION
        cells = {**dict.fromkeys(missing_in(older, table), ""), **cells}
        item = _csv_row(table, cells, where, bad, version)
        if item is not None:
            rows.setdefault(table, []).append((where, item))
    if version is None and not bad:
        bad.append(_bad("line 2", "record", f"'{VERSION_KEY}' (the version row)"))
    parsed, more = _build(rows, today, "csv")
    return parsed, bad + more


def _csv_row(
    table: str, cells: dict[str, str], where: str, bad: Bad, version: str | None
) -> dict[str, Any] | None:
    concept = next(c for c in CONCEPTS if c.table == table)
    fields = {f.key: f for f in columns(concept)}
    missing = [c for c in TABLES[table] if c not in cells]
    if missing:
        bad.append(_bad(where, missing[0], "a column of the header"))
        return None
    item: dict[str, Any] = {}
    for col in TABLES[table]:
        f = fields[col]
        try:
            item[col] = from_cell(f, cells[col], version)
        except ValueError:
            kinds = {"float": "a number", "texts": "a JSON array of texts", "flag": "1 or 0"}
            kind = kinds.get(f.kind, "a whole number")
            bad.append(_bad(where, col, kind, cells[col]))
            return None
    stray = [c for c, v in cells.items() if v and c not in TABLES[table] and c != "record"]
    if stray:
        record = RECORDS[table]
        bad.append(_bad(where, stray[0], f"empty in a {record} row", cells[stray[0]]))
        return None
    return item


# --- A plain spreadsheet of daily logs -----------------------------------------------------------
def _plain_csv(
    lines: Iterator[tuple[int, list[str]]],
    names: list[str],
    today: dt.date,
    source: str,
    bad: Bad,
    stream: IO[str],
) -> tuple[Parsed, Bad]:
    known = ("date", "pain", *PLAIN_COLUMNS)
    bad += [
        _bad("line 1", "column", "one of " + ", ".join(known), n)
        for n in names
        if n and n not in known
    ]
    if "date" not in names or "pain" not in names:
        bad.append(_bad("line 1", "columns", "a header with 'date' and 'pain'", ",".join(names)))
    if bad:
        return _empty("plain-csv"), bad
    parsed = Parsed("plain-csv", Diary())
    parsed.logs = _plain_logs(lines, names, today, source, bad, parsed.lines, stream)
    return parsed, []


def _plain_logs(
    lines: Iterator[tuple[int, list[str]]],
    names: list[str],
    today: dt.date,
    source: str,
    bad: Bad,
    at: array[int],
    stream: IO[str],
) -> Iterator[DailyLog]:
    """Each row's daily log, read as the import writes it (so a million rows never sit in
    memory); once a row is bad, the rest are only checked. Raises ImportRejected at the end if
    any row was bad (the import's one transaction then writes nothing)."""
    now = dt.datetime.combine(latest(today), dt.datetime.max.time())
    more = n = 0
    try:
        for line, values in lines:
            cells = {k: v.strip() for k, v in zip(names, values, strict=False) if k and v.strip()}
            try:
                log = _plain_log(cells, now, -(n + 1))
            except InvalidValue as e:
                if len(bad) < MAX_BAD_KEPT:
                    bad.append((f"line {line}", e))
                else:
                    more += 1
                continue
            n += 1
            if not bad:
                at.append(line)
                yield log
    finally:
        stream.close()
    if bad:
        raise ImportRejected(source, bad, more=more)


def _plain_log(cells: dict[str, str], now: dt.datetime, row_id: int) -> DailyLog:
    """A daily log from a spreadsheet row, each cell read as its flag would be (domain.values);
    the id is negative: a plain CSV has no ids, and the store picks them."""
    L = F.DAILY_LOG
    if "date" not in cells:
        raise L["date"].error("given: an ISO date such as 2026-03-02")
    day, time = parse_when(cells.pop("date"), now, field="date")
    if "pain" not in cells:
        raise L["pain"].error("given: a whole number from 0 to 10")
    values = {name: V.parse(L[name], text, now) for name, text in cells.items()}
    return DailyLog(**{"date": day, "time": time, **values, "id": row_id})


# --- Rows → models ---------------------------------------------------------------------------------
def _build(rows: Rows, today: dt.date, kind: str) -> tuple[Parsed, Bad]:
    parsed, bad = build(rows, latest(today), kind, Parsed)
    return parsed, bad
