"""Any spreadsheet of daily logs, its columns named with `--map FIELD=COLUMN` (`--map date=Day
--map pain="Pain level"`): each mapped column is read as the plain CSV's column of that name
would be, so every cell passes the same checks as every other input (export/importer.py); the
columns not mapped are not read, and a dry run lists them."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

from paintrack.errors import ImportRejected, InvalidValue
from paintrack.export import importer
from paintrack.export.reading import (
    Bad,
    bounded_lines,
    csv_rows,
    first_bad_utf8_line,
    open_file,
    within,
)
from paintrack.importers.base import Incoming

FIELDS = ("date", "pain", *importer.PLAIN_COLUMNS)


def targets(maps: list[str], header: list[str]) -> dict[int, str]:
    """Column index → field, from `FIELD=COLUMN` pairs; InvalidValue names a bad pair."""
    found: dict[int, str] = {}
    where = {h.strip(): i for i, h in enumerate(header)}
    where_lower = {h.strip().lower(): i for i, h in enumerate(header)}
    for pair in maps:
        field, sep, column = pair.partition("=")
        field, column = field.strip().lower().replace("-", "_"), column.strip()
        if not sep or field not in FIELDS:
            raise InvalidValue("map", "FIELD=COLUMN with FIELD one of " + ", ".join(FIELDS), pair)
        if field in found.values():
            raise InvalidValue("map", f"each field mapped once ({field} is twice)", pair)
        at = where.get(column, where_lower.get(column.lower()))
        if at is None:
            shown = ", ".join(h for h in header if h.strip())
            raise InvalidValue("map", f"a column of the header ({shown})", column)
        if at in found:
            raise InvalidValue("map", "each column mapped once", column)
        found[at] = field
    for need in ("date", "pain"):
        if need not in found.values():
            raise InvalidValue("map", f"a column for {need} (--map {need}=COLUMN)")
    return found


def read(path: Path, today: dt.date, maps: list[str]) -> Incoming:
    f = open_file(path)
    text = io.TextIOWrapper(f, encoding="utf-8-sig", newline="")
    bad: Bad = []
    try:
        reader = csv.reader(bounded_lines(text, bad))  # a 1 MiB line at most
        rows = csv_rows(reader, bad, lambda: first_bad_utf8_line(path))
        first = next(rows, None)
    except UnicodeDecodeError:
        text.close()
        raise InvalidValue("FILE", "UTF-8 text (CSV)", str(path)) from None
    if first is None:
        text.close()
        raise ImportRejected(
            str(path), bad or [("line 1", InvalidValue("the_file", "a header row"))]
        )
    header = first[1]
    try:
        chosen = targets(maps, header)
    except InvalidValue:
        text.close()
        raise
    names = [chosen.get(i, "") for i in range(len(header))]
    incoming = Incoming("mapped", "")
    for i, h in enumerate(header):
        if i not in chosen and h.strip():
            incoming.not_mapped[f"column '{h.strip()}' (no --map for it)"] += 1
    parsed, more = importer._plain_csv(within(rows, names, bad), names, today, str(path), bad, text)
    if more:
        text.close()
        raise ImportRejected(str(path), more)
    incoming.parsed = parsed
    return incoming
