"""What every importer returns, and the reading they share (within the limits of
export/reading.py: a regular file, at most 200 MB, a cell at most 128 KiB)."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from paintrack.errors import ImportRejected, InvalidValue
from paintrack.export.reading import (
    MAX_BAD_KEPT,
    Bad,
    bounded_lines,
    csv_rows,
    first_bad_utf8_line,
    open_file,
    refusal,
    within,
)

Row = dict[str, Any]
Entries = Iterator[tuple[str, Row]]


@dataclass
class Incoming:
    """A file read: `entries` (another app's records, streamed: read while they are written) or
    `parsed` (paintrack's own diary: export.importer.Parsed). `not_mapped` counts, as the
    entries are read, what paintrack does not keep and why; `treatments` lists the names of
    treatments the patient may link to listed medications."""

    importer: str
    source: str  # the app, as `imported_entries.source`; "" for paintrack's own files
    entries: Entries | None = None
    parsed: Any = None
    not_mapped: Counter[str] = field(default_factory=Counter)
    treatments: Callable[[], list[str]] = lambda: []


def entry(
    source: str,
    kind: str,
    day: str,
    time: str | None,
    name: str,
    *,
    value: float | None = None,
    text: str | None = None,
    detail: str | None = None,
    scale: str | None = None,
) -> Row:
    """One imported entry (fields/imported.py), values as the file gave them."""
    return {
        "source": source,
        "kind": kind,
        "date": day,
        "time": time,
        "name": name,
        "value": value,
        "text": text or None,
        "detail": detail or None,
        "scale": scale,
        "medication_id": None,
    }


def iso_day(text: str, column: str) -> str:
    """An ISO date (the first 10 characters of a date-time as written, its own zone)."""
    day = text.strip()[:10]
    try:
        return dt.date.fromisoformat(day).isoformat()
    except ValueError:
        raise InvalidValue(column, "an ISO date such as 2024-03-01", text) from None


def split_list(text: str, sep: str) -> list[str]:
    """A list the app joined with `sep` (`; `, ` | `), each item trimmed, empty ones dropped."""
    return [x.strip() for x in text.split(sep.strip()) if x.strip()]


class Lines:
    """A CSV file's rows (line, cells), streamed; bad rows (and CSV the csv module cannot read)
    collected in `bad` with their line. `close()` when done."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.bad: Bad = []
        self.more = 0
        self._file = open_file(path)
        try:
            self._text = io.TextIOWrapper(self._file, encoding="utf-8-sig", newline="")
            reader = csv.reader(bounded_lines(self._text, self.bad))  # a 1 MiB line at most
            self._rows = csv_rows(reader, self.bad, lambda: first_bad_utf8_line(path))
            first = next(self._rows, None)
        except UnicodeDecodeError:
            self.close()
            raise InvalidValue("FILE", "UTF-8 text (CSV)", str(path)) from None
        if first is None:
            self.close()
            found = self.bad or [refusal("line 1", "the_file", "a header row")]
            raise ImportRejected(str(path), found)
        self.header = [h.strip() for h in first[1]]

    def rows(self) -> Iterator[tuple[int, list[str]]]:
        try:
            yield from within(self._rows, self.header, self.bad)
        finally:
            self.close()

    def refuse(self, line: int | str, e: InvalidValue) -> None:
        where = line if isinstance(line, str) else f"line {line}"
        if len(self.bad) < MAX_BAD_KEPT:
            self.bad.append((where, e))
        else:
            self.more += 1

    def close(self) -> None:
        self._file.close()


@contextmanager
def checked(lines: Lines) -> Iterator[None]:
    """Raise ImportRejected after the block if any row was bad (the import's transaction then
    writes nothing)."""
    try:
        yield
    finally:
        lines.close()
    if lines.bad:
        raise ImportRejected(str(lines.path), lines.bad, more=lines.more)


def expect_header(path: Path, fits: bool, app: str, columns: str) -> None:
    """Refuse a file forced with --from whose header row is not the app's (line 1)."""
    if not fits:
        error = InvalidValue("columns", f"{app}'s header row: {columns}")
        raise ImportRejected(str(path), [("line 1", error)])


def header_of(path: Path) -> list[str]:
    """The first row of a CSV file, for detection (empty if it is not UTF-8 CSV)."""
    try:
        lines = Lines(path)
    except (InvalidValue, ImportRejected):
        return []
    lines.close()
    return lines.header
