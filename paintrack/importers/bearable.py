"""Bearable's CSV export (its layout as its users describe it; Bearable publishes none): `date,
date formatted, weekday, time of day, category, rating/amount, detail, notes`, one row per thing
tracked. `Sleep` rows rate `H:MM` with detail `Asleep HH:MM - HH:MM`; `Symptom` rows' detail is
`Name (Mild…Extreme)` rated 1–4; `Energy` is rated `v. low…v. high`, `Sleep quality`
`poor/ok/good/great`; lists are joined with ` | `.

Kept: sleep as hours asleep (`7:30` is 7.5 h, exactly as written), each symptom as an imported
rating on Bearable's 1–4 scale (never 0–10), energy, mood and sleep quality as rated, medication
and treatment items, factors as tags, notes. Any other category is kept as written (`other`). The
date is the `date` column's own (its day and time as written, in the file's zone); `time of day`
is kept only when it is a clock time.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path

from paintrack.errors import InvalidValue
from paintrack.importers.base import (
    Incoming,
    Lines,
    Row,
    checked,
    entry,
    expect_header,
    iso_day,
    split_list,
)
from paintrack.importers.daylio import clock_time
from paintrack.importers.sniff import BEARABLE

SOURCE = "bearable"
SEP = " | "
SEVERITY = {"mild": 1, "moderate": 2, "severe": 3, "extreme": 4}
SYMPTOM_SCALE = "1-4 (Bearable: 1 mild, 2 moderate, 3 severe, 4 extreme)"
RATED = {  # categories rated on a scale of Bearable's own
    "energy": "Bearable energy: v. low … v. high",
    "sleep quality": "Bearable sleep quality: poor, ok, good, great",
    "mood": "Bearable mood",
}
LISTS = {"medication": "treatment", "medications": "treatment", "treatments": "treatment"}
LISTS |= {"factors": "tag", "tags": "tag"}
SYMPTOM = re.compile(r"^(?P<name>.*?)\s*\((?P<level>[^()]*)\)\s*$")


def read(path: Path, today: dt.date) -> Incoming:
    incoming = Incoming("bearable", SOURCE)
    incoming.entries = _entries(path)
    incoming.treatments = lambda: _treatments(path)
    return incoming


def hours(text: str) -> float:
    """`7:30` → 7.5 (hours and minutes as Bearable writes a night's sleep)."""
    h, sep, m = text.strip().partition(":")
    if not (sep and h.isascii() and h.isdigit() and m.isascii() and m.isdigit() and len(m) == 2):
        raise ValueError(text)
    if int(m) > 59:
        raise ValueError(text)
    return round(int(h) + int(m) / 60, 2)


def _when(cells: dict[str, str]) -> tuple[str, str | None]:
    raw = cells.get("date", "")
    day = iso_day(raw, "date")
    time = raw.strip()[11:16] if len(raw.strip()) >= 16 else None
    if time is None:
        try:
            time = clock_time(cells.get("time of day", ""))
        except ValueError:
            time = None  # `am`, `pm`, `all day`: a part of the day, not a time
    return day, time


def _entries(path: Path) -> Iterator[tuple[str, Row]]:
    lines = Lines(path)
    names = [h.strip().lower() for h in lines.header]
    if tuple(names[: len(BEARABLE)]) != BEARABLE:
        lines.close()
        expect_header(path, False, "Bearable", ", ".join(BEARABLE))
    with checked(lines):
        for line, values in lines.rows():
            cells = dict(zip(names, values, strict=False))
            try:
                found = list(_row(cells))
            except InvalidValue as e:
                lines.refuse(line, e)
                continue
            for row in found:
                yield f"line {line}", row


def _row(cells: dict[str, str]) -> Iterator[Row]:
    day, time = _when(cells)
    category = cells.get("category", "").strip()
    rating, detail = cells.get("rating/amount", "").strip(), cells.get("detail", "").strip()
    low = category.lower()
    if low == "sleep":
        try:
            value = hours(rating)
        except ValueError:
            raise InvalidValue(
                "rating/amount", "hours and minutes H:MM, e.g. 7:30", rating
            ) from None
        yield entry(
            SOURCE, "sleep", day, time, "Sleep", value=value, text=rating, detail=detail, scale="h"
        )
    elif low == "symptom":
        yield from _symptoms(day, time, rating, detail)
    elif low in RATED:
        number = float(rating) if _number(rating) else None
        text = detail or (rating if number is None else None)
        yield entry(
            SOURCE, "rating", day, time, category, value=number, text=text, scale=RATED[low]
        )
    elif low in LISTS:
        for item in split_list(detail, SEP):
            yield entry(SOURCE, LISTS[low], day, time, item, text=rating or None)
    elif category and (rating or detail):
        yield entry(SOURCE, "other", day, time, category, text=rating or None, detail=detail)
    note = cells.get("notes", "")
    if note.strip():
        yield entry(SOURCE, "note", day, time, "Note", text=note, detail=category or None)


def _number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _symptoms(day: str, time: str | None, rating: str, detail: str) -> Iterator[Row]:
    items = split_list(detail, SEP)
    for item in items:
        found = SYMPTOM.match(item)
        name, level = (found["name"], found["level"].strip()) if found else (item, "")
        value = SEVERITY.get(level.lower())
        if len(items) == 1 and rating:
            if not (rating.isascii() and rating.isdigit() and 1 <= int(rating) <= 4):
                raise InvalidValue(
                    "rating/amount", "a whole number from 1 to 4 (Bearable's scale)", rating
                )
            value = int(rating)
        yield entry(
            SOURCE,
            "rating",
            day,
            time,
            name or item,
            value=value,
            text=level or None,
            scale=SYMPTOM_SCALE,
        )


def _treatments(path: Path) -> list[str]:
    found: set[str] = set()
    for _, row in _entries(path):
        if row["kind"] == "treatment":
            found.add(row["name"])
    return sorted(found)
