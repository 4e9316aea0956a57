"""Daylio's CSV export (MichaelCurrin/daylio-csv-parser, docs/csv-format.md): `full_date, date,
weekday, time, mood, activities, note_title, note`; `time` as `10:00 pm` or `18:52` (the phone's
12- or 24-hour clock); `mood` is the user's own label; activities joined with ` | `; newest
first; several entries a day.

Kept: the mood as the label written (Daylio lets each user name and number its moods, so no
number is made up for it), each activity as an imported label (never a paintrack activity
rating: those are 0–10 abilities, domain.md §3.1), the note and its title, each at its own time.
"""

from __future__ import annotations

import datetime as dt
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
from paintrack.importers.sniff import DAYLIO

SOURCE = "daylio"
SEP = " | "
MOOD_SCALE = "Daylio mood: the user's own labels"


def read(path: Path, today: dt.date) -> Incoming:
    return Incoming("daylio", SOURCE, entries=_entries(path))


def clock_time(text: str) -> str | None:
    """`10:00 pm`, `12:05 am`, `18:52` → HH:MM (24-hour); empty → None. ValueError otherwise."""
    t = text.strip().lower().replace(".", "")
    if not t:
        return None
    half = None
    for suffix in ("am", "pm"):
        if t.endswith(suffix):
            half, t = suffix, t[: -len(suffix)].strip()
    hh, _, mm = t.partition(":")
    if not (hh.isascii() and hh.isdigit() and mm.isascii() and mm.isdigit() and len(mm) == 2):
        raise ValueError(text)
    h, m = int(hh), int(mm)
    if half is not None:
        if not 1 <= h <= 12:
            raise ValueError(text)
        h = h % 12 + (12 if half == "pm" else 0)
    if h > 23 or m > 59:
        raise ValueError(text)
    return f"{h:02d}:{m:02d}"


def _entries(path: Path) -> Iterator[tuple[str, Row]]:
    lines = Lines(path)
    low = tuple(h.lower() for h in lines.header)
    if low[: len(DAYLIO)] != DAYLIO:
        lines.close()
        expect_header(path, False, "Daylio", ", ".join(DAYLIO) + ", note_title, note")
    col = {h.lower(): i for i, h in enumerate(lines.header)}
    with checked(lines):
        for line, cells in lines.rows():
            cells = cells + [""] * (len(lines.header) - len(cells))
            try:
                found = list(_row(cells, col))
            except InvalidValue as e:
                lines.refuse(line, e)
                continue
            for row in found:
                yield f"line {line}", row


def _row(cells: list[str], col: dict[str, int]) -> Iterator[Row]:
    def cell(name: str) -> str:
        return cells[col[name]] if name in col else ""

    day = iso_day(cell("full_date"), "full_date")
    try:
        time = clock_time(cell("time"))
    except ValueError:
        raise InvalidValue("time", "a time such as 10:00 pm or 18:52", cell("time")) from None
    mood = cell("mood").strip()
    if mood:
        yield entry(SOURCE, "mood", day, time, "Mood", text=mood, scale=MOOD_SCALE)
    for item in split_list(cell("activities"), SEP):
        yield entry(SOURCE, "activity", day, time, item)
    title, note = cell("note_title").strip(), cell("note")
    if note.strip() or title:
        text = note if note.strip() else title
        yield entry(
            SOURCE, "note", day, time, "Note", text=text, detail=title if note.strip() else None
        )
