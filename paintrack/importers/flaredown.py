"""Flaredown's emailed CSV (rubyforgood/Flaredown, backend/app/jobs/data_export_job.rb): `Date`,
then one column per condition, per symptom and per treatment by the user's own names, then
`Tags` and `Foods` joined with `; `; one row per check-in, oldest first. Conditions and symptoms
are rated 0–4, blank if unrated; a treatment holds its dose text, `Taken` or `Not Taken`. Its
notes come as a separate `date,note` file, newest first.

Kept: each 0–4 rating as an imported rating on Flaredown's scale (never 0–10), each treatment as
written, tags and foods, notes. The header does not say where the symptoms end and the
treatments begin: the treatments start at the first column holding anything but a whole number
(a column of doses that are all whole numbers would read as ratings; docs/data.md says so).
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
from paintrack.importers.sniff import FLAREDOWN_NOTES, is_flaredown

SOURCE = "flaredown"
SCALE = "0-4 (Flaredown: 0 none … 4 the worst)"
SEP = "; "  # DataExportJob::SUBFIELD_SEPARATOR


def read(path: Path, today: dt.date) -> Incoming:
    lines = Lines(path)
    header = lines.header
    lines.close()
    shape = "Date, your conditions, symptoms and treatments, Tags, Foods (or date, note)"
    expect_header(path, is_flaredown(header), "Flaredown", shape)
    if tuple(h.lower() for h in header) == FLAREDOWN_NOTES:
        return Incoming("flaredown", SOURCE, entries=_notes(path))
    first = _first_treatment(path)
    names = header[1:-2]
    incoming = Incoming("flaredown", SOURCE)
    incoming.entries = _checkins(path, first, incoming)
    incoming.treatments = lambda: names[first - 1 :]
    return incoming


def _is_whole(text: str) -> bool:
    t = text.strip()
    return t.isascii() and t.isdigit()


def _first_treatment(path: Path) -> int:
    """The index of the first treatment column: the first column (after `Date`) with a cell that
    is not a whole number; len(header) - 2 (the `Tags` column) if there is none."""
    lines = Lines(path)
    last = len(lines.header) - 2
    first = last
    for _, cells in lines.rows():
        for i in range(1, min(first, len(cells))):
            if cells[i].strip() and not _is_whole(cells[i]):
                first = i
                break
    return first


def _checkins(path: Path, first: int, incoming: Incoming) -> Iterator[tuple[str, Row]]:
    lines = Lines(path)
    header = lines.header
    with checked(lines):
        for line, cells in lines.rows():
            cells = cells + [""] * (len(header) - len(cells))
            where = f"line {line}"
            try:
                day = iso_day(cells[0], header[0])
                found = list(_cells(header, cells, day, first, incoming))
            except InvalidValue as e:
                lines.refuse(line, e)
                continue
            for row in found:
                yield where, row


def _cells(
    header: list[str], cells: list[str], day: str, first: int, incoming: Incoming
) -> Iterator[Row]:
    tags_at = len(header) - 2
    for i in range(1, tags_at):
        text = cells[i].strip()
        if not text:
            continue  # unrated, or not taken that day: nothing was said
        name = header[i]
        if i < first:
            value = int(text)
            if value > 4:
                raise InvalidValue(name, "a whole number from 0 to 4 (Flaredown's scale)", text)
            yield entry(SOURCE, "rating", day, None, name, value=value, text=text, scale=SCALE)
        else:
            yield entry(SOURCE, "treatment", day, None, name, text=text)
    for kind, i in (("tag", tags_at), ("food", tags_at + 1)):
        for item in split_list(cells[i], SEP):
            yield entry(SOURCE, kind, day, None, item)
    if not any(c.strip() for c in cells[1:]):
        incoming.not_mapped["check-ins with nothing filled in"] += 1


def _notes(path: Path) -> Iterator[tuple[str, Row]]:
    lines = Lines(path)
    with checked(lines):
        for line, cells in lines.rows():
            cells = cells + [""] * (2 - len(cells))
            try:
                day = iso_day(cells[0], lines.header[0])
            except InvalidValue as e:
                lines.refuse(line, e)
                continue
            if cells[1].strip():
                yield f"line {line}", entry(SOURCE, "note", day, None, "Note", text=cells[1])
