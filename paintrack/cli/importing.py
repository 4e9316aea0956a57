"""`paintrack import`: which importer (from the content, or `--from`), the patient's say on which
treatment is which listed medication, then the import use case; `--dry-run` rehearses it all in a
transaction that is rolled back, and says what would be added and what is not kept."""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Annotated, Any

import typer

from paintrack import store
from paintrack.cli.common import clock, db_option, opened, out
from paintrack.errors import InvalidValue
from paintrack.importers import IMPORTERS, NAMES, get
from paintrack.importers.base import Incoming
from paintrack.models import DailyLog
from paintrack.render import safe
from paintrack.usecases import imported, transfer

PLAIN_CSV_HELP = (
    "date, pain; optional: time, worst, least, sleep_hours, sleep_interference, stress, note"
)
SHOWN = 5  # rows a dry run shows
NOUNS = {
    "courses": ("course", "courses"),
    "medications": ("medication", "medications"),
    "activities": ("activity", "activities"),
    "sessions": ("session", "sessions"),
    "daily_logs": ("daily log", "daily logs"),
    "doses": ("dose", "doses"),
    "activity_ratings": ("activity rating", "activity ratings"),
    "red_flags": ("red flag", "red flags"),
    "pegs": ("PEG", "PEGs"),
    "decisions": ("decision", "decisions"),
    "start_draws": ("randomised start", "randomised starts"),
    # imported entries, by kind (fields/imported.py)
    "rating": ("imported rating", "imported ratings"),
    "sleep": ("night of sleep", "nights of sleep"),
    "note": ("note", "notes"),
    "treatment": ("treatment", "treatments"),
    "mood": ("mood", "moods"),
    "activity": ("imported activity", "imported activities"),
    "tag": ("tag", "tags"),
    "food": ("food", "foods"),
    "other": ("other entry", "other entries"),
}


def rows(n: int, table: str) -> str:
    one, many = NOUNS.get(table, (table, table))
    return f"{n} {one if n == 1 else many}"


def run(file: Path, source: str | None, dry_run: bool, maps: list[str]) -> None:
    now = clock()
    db = _rehearsal_db() if dry_run else None
    with opened(db) as conn:
        name = _importer(file, source, maps)
        options: dict[str, Any] = {"maps": maps} if name == "mapped" else {}
        incoming: Incoming = IMPORTERS[name].read(file, now.date(), **options)
        conn.rehearsal = dry_run
        if incoming.entries is not None:
            meds = {} if dry_run else _confirm(conn, incoming)
            added = imported.add(conn, incoming.entries, now, file.name, meds)
            _said(file, incoming, added.kinds, added.first, dry_run, already=added.already)
        else:
            parsed = incoming.parsed
            first: list[DailyLog] = []
            logs = _first(
                parsed.logs if parsed.logs is not None else parsed.diary.daily_logs, first
            )
            diary = parsed.diary
            counts = transfer.import_diary(conn, diary, now, file.name, parsed.where_of, logs=logs)
            _said(file, incoming, counts, [_log_row(x) for x in first], dry_run)


def _rehearsal_db() -> str | None:
    """A dry run never creates the database: with none yet, it rehearses on a throwaway one."""
    path, _ = store.resolve_db_path(db_option())
    if path.exists():
        return None
    return str(Path(tempfile.mkdtemp(prefix="paintrack-dry-run-")) / "rehearsal.db")


def _importer(file: Path, source: str | None, maps: list[str]) -> str:
    if source is not None:
        found = get(source)
        if found is None:
            raise InvalidValue("from", "one of " + ", ".join(NAMES), source)
        if maps and found.name != "mapped":
            raise InvalidValue("map", "used with a spreadsheet (--from mapped)", source)
        return found.name
    if maps:
        return "mapped"
    from paintrack.importers import sniff

    return sniff.detect(file)


def _first(logs: Iterable[DailyLog], keep: list[DailyLog]) -> Iterator[DailyLog]:
    for log in logs:
        if len(keep) < SHOWN:
            keep.append(log)
        yield log


def _log_row(log: DailyLog) -> dict[str, Any]:
    return {"kind": "daily log", "date": log.date.isoformat(), "time": log.time, "pain": log.pain}


def _confirm(conn: store.Db, incoming: Incoming) -> dict[str, int]:
    """On a terminal, the patient says which listed medication each imported treatment is (or
    none: it stays an imported treatment note). Never guessed, never without a terminal."""
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        return {}
    meds = [m for m in store.medications(conn) if m.id is not None]
    names = sorted(set(incoming.treatments()), key=str.lower)
    if not meds or not names:
        return {}
    from paintrack.cli.prompts import say

    say("Your listed medications: " + ", ".join(f"{i} {m.name}" for i, m in enumerate(meds, 1)))
    chosen: dict[str, int] = {}
    for name in names:
        say(f"Imported treatment '{name}': which listed medication is it? Number, or Enter: none")
        answer = sys.stdin.readline().strip()
        if answer.isdigit() and 1 <= int(answer) <= len(meds):
            chosen[name.lower()] = meds[int(answer) - 1].id or 0
    return chosen


def _shown(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return safe.line(str(value))  # a note's newline stays on the row's line


def _said(
    file: Path,
    incoming: Incoming,
    counts: dict[str, int],
    first: list[dict[str, Any]],
    dry_run: bool,
    already: int = 0,
) -> None:
    total = sum(counts.values())
    what = IMPORTERS[incoming.importer].title
    shown = ", ".join(rows(n, kind) for kind, n in counts.items() if n)
    if dry_run:
        out(f"Dry run of {file} ({what}): nothing was written.")
        out(f"Would add: {shown}." if total else "Would add nothing: it is all stored already.")
        if first:
            out("First rows to add:" if incoming.entries is not None else "First rows of the file:")
        for row in first:
            cells = (f"{k}={_shown(v)}" for k, v in row.items() if v is not None and k != "source")
            out("  " + "  ".join(cells))
    elif total:
        out(f"Imported {shown} from {file} ({what}). Changed your mind? paintrack undo")
    else:
        out(f"Nothing new in {file}: everything in it is already stored.")
    if already:
        out(f"Already stored, skipped: {already}.")
    for why, n in sorted(incoming.not_mapped.items()):
        out(f"Not kept: {n:,} × {why}.")


def import_(
    file: Annotated[
        Path,
        typer.Argument(
            metavar="FILE",
            help=f"A CSV or JSON from `paintrack export`, a plain CSV with columns {PLAIN_CSV_HELP}, "
            "any spreadsheet with --map, or an export of Flaredown, Bearable, Daylio or Apple Health.",
        ),
    ],
    source: Annotated[
        str | None,
        typer.Option(
            "--from",
            metavar="|".join(NAMES),
            help="Read FILE as this format. Default: found from its content (the header row, "
            "the XML root), never from its name.",
        ),
    ] = None,
    dry_run: Annotated[
        bool,
        typer.Option(
            "--dry-run",
            help="Show what would be added (counts, the first rows) and what is not kept and "
            "why; write nothing.",
        ),
    ] = False,
    maps: Annotated[
        list[str] | None,
        typer.Option(
            "--map",
            metavar="FIELD=COLUMN",
            help="Repeatable: read a spreadsheet's COLUMN as FIELD (date, pain, time, worst, "
            "least, sleep_hours, sleep_interference, stress, note), e.g. --map pain='Pain level'.",
        ),
    ] = None,
) -> None:
    """Import a file written by `export` (again is harmless), a spreadsheet, or another app's export.

    A plain CSV needs a header row with `date` (ISO, e.g. 2026-03-02 or 2026-03-02T18:30) and
    `pain` (0-10); optional columns: time, worst, least, sleep_hours, sleep_interference, stress,
    note. Another spreadsheet: name its columns with --map. Flaredown, Bearable, Daylio and
    Apple Health exports are kept as imported entries on their own scales, never turned into
    0-10 ratings (docs/data.md, "Coming from another app"). If any row is bad nothing is
    imported, and every bad row is listed. `paintrack undo` reverts an import.
    """
    run(file, source, dry_run, maps or [])
