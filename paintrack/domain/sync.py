"""The merge rules of `paintrack sync`, pure: clocks, what a peer's record may hold, the names of
files a sync tool leaves behind, and how rules two devices break together are resolved.

Every field of every row is a last-writer-wins register ordered by (clock, device): the clock is
a hybrid logical clock (Kulkarni et al. 2014), 12 hex digits of milliseconds and 4 of a counter,
so text order is time order. A delete is a tombstone register, `~deleted`: a row is gone when
its tombstone is later than every field it holds, so a delete beats every edit made before it,
and an edit made after a delete (on a device that had not seen it) brings the row back with
that edit. docs/devices.md says this in a patient's words.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from paintrack import fields as F
from paintrack import reference as ref
from paintrack.errors import BadChangeFile, PaintrackError

DELETED = "~deleted"
HLC = re.compile(r"[0-9a-f]{16}\Z")
UUID = re.compile(r"[0-9a-f]{32}\Z")
DEVICE = re.compile(ref.SYNC_DEVICE)
DIARY = re.compile(ref.SYNC_DIARY)
CHANGE_FILE = re.compile(ref.SYNC_CHANGE_FILE)
FORMAT = 1  # the change files' format; a newer one is refused with a word to upgrade
MAX_FILE_BYTES = ref.SYNC_MAX_FILE_BYTES
MAX_NAME = 60  # a device's name as `sync --status` shows it
AHEAD_MS = 24 * 3600 * 1000  # a peer's clock may run a day ahead of ours, no more


def later(a: tuple[str, str], b: tuple[str, str] | None) -> bool:
    """Whether register clock a = (hlc, device) beats b (None: nothing yet)."""
    return b is None or a > b


def hlc_ms(hlc: str) -> int:
    return int(hlc[:12], 16)


def hlc_of(ms: int, n: int = 0) -> str:
    return f"{ms:012x}{n:04x}"


# --- What a peer's record may hold ---------------------------------------------------------------
def _columns() -> dict[str, dict[str, F.Field]]:
    found: dict[str, dict[str, F.Field]] = {}
    for concept in F.CONCEPTS:
        found[concept.table] = {
            f.column: f for f in concept if f.column and f.kind not in ("id", "children")
        }
    return found


COLUMNS = _columns()
CONCEPT = {c.table: c for c in F.CONCEPTS}


def check_record(table: object, uuid: object, field: object, value: object, hlc: object) -> None:
    """Refuse a record that names no synced table or field, or holds a value paintrack would
    refuse from the patient (ranges, codes, lengths, control characters)."""
    if not isinstance(table, str) or table not in COLUMNS:
        raise BadChangeFile(f"a record names no table paintrack syncs ({_shown(table)})")
    if not isinstance(uuid, str) or not UUID.match(uuid):
        raise BadChangeFile(f"a record's row id is not 32 hex digits ({_shown(uuid)})")
    if not isinstance(hlc, str) or not HLC.match(hlc):
        raise BadChangeFile(f"a record's clock is not 16 hex digits ({_shown(hlc)})")
    if field == DELETED:
        if value != 1:
            raise BadChangeFile("a deletion record must hold 1")
        return
    f = COLUMNS[table].get(field) if isinstance(field, str) else None
    if f is None:
        raise BadChangeFile(f"a {table} record names no field paintrack syncs ({_shown(field)})")
    try:
        check_value(f, value)
    except PaintrackError as e:
        raise BadChangeFile(f"{table}.{f.column}: {e}") from None


def check_value(f: F.Field, value: Any) -> None:
    if value is None:
        if f.required:
            raise f.error("given")
        return
    if f.kind == "ref":
        if not isinstance(value, str) or not UUID.match(value):
            raise f.error("a row id of 32 hex digits", value)
    elif f.kind == "stamp":
        if not isinstance(value, str) or len(value) > 40 or not value.isprintable():
            raise f.error("a time written such as 2026-03-02T18:30:00", value)
    elif f.kind == "date":
        try:
            dt.date.fromisoformat(value)
        except (TypeError, ValueError):
            raise f.error(None, value) from None
    elif f.kind in ("codes", "texts"):
        f.check(tuple(_json_list(f, value)))
    elif f.kind == "flag":  # stored as 0 or 1
        if type(value) is not int or value not in (0, 1):
            raise f.error("0 or 1", value)
    else:
        f.check(value)


def _json_list(f: F.Field, value: Any) -> list[Any]:
    try:
        found = json.loads(value) if isinstance(value, str) and len(value) < 200_000 else None
    except ValueError:
        found = None
    if not isinstance(found, list):
        raise f.error("a JSON list", value)
    return found


def check_row(table: str, row: Mapping[str, Any]) -> None:
    """The rules between a row's fields (worst ≥ pain…), for a row a file holds whole."""
    concept = CONCEPT[table]
    values: dict[str, Any] = {}
    for f in concept:
        if f.column in row and f.kind not in ("ref", "stamp"):
            value = row[f.column]
            if f.kind == "date" and value is not None:
                value = dt.date.fromisoformat(value)
            elif f.kind in ("codes", "texts") and value is not None:
                value = tuple(json.loads(value))
            elif f.kind == "flag" and value is not None:
                value = bool(value)
            values[f.name] = value
    try:
        concept.check(values, only=list(values))
    except PaintrackError as e:
        raise BadChangeFile(f"a {concept.name}: {e}") from None


def _shown(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:39] + "…"


# --- Files in the sync folder --------------------------------------------------------------------
LEFTOVERS = (
    (re.compile(r"\.sync-conflict-"), "Syncthing conflict copy"),
    (re.compile(r"^\.syncthing\..*\.tmp\Z"), "Syncthing temporary file"),
    (re.compile(r"^~\$"), "temporary file"),
    (re.compile(r"conflicted copy", re.I), "Dropbox conflicted copy"),
    (re.compile(r"\.(orig|rej|BACKUP|BASE|LOCAL|REMOTE)\b"), "merge tool copy"),
)


def leftover(name: str) -> str | None:
    """What a file that is not a change file is ("Syncthing conflict copy"…); None for ours."""
    if CHANGE_FILE.match(name):
        return None
    for pattern, what in LEFTOVERS:
        if pattern.search(name):
            return what
    return "unknown file"


def conflict_markers(data: bytes) -> bool:
    """A git merge left its conflict markers in the file."""
    return b"\n<<<<<<< " in b"\n" + data or b"\n>>>>>>> " in data


# --- What a sync brought, in words ---------------------------------------------------------------
NOUNS = {
    "daily_logs": ("log", "logs"),
    "sessions": ("session", "sessions"),
    "pegs": ("PEG", "PEGs"),
    "courses": ("course", "courses"),
    "medications": ("medication", "medications"),
    "activities": ("activity", "activities"),
    "decisions": ("decision", "decisions"),
    "edit": ("edit", "edits"),
    "delete": ("deletion", "deletions"),
}


def brought(counts: Mapping[str, int]) -> str:
    """'3 logs and 1 edit' from {"daily_logs": 3, "edit": 1}; '' when nothing."""
    parts = [f"{counts[k]} {word[counts[k] != 1]}" for k, word in NOUNS.items() if counts.get(k)]
    if not parts:
        return ""
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


@dataclass(frozen=True, slots=True)
class Named:
    uuid: str
    name: str  # as the device that wrote it last gave it
    clock: tuple[str, str]  # (hlc, device) of that name


def unique_names(rows: Iterable[Named]) -> dict[str, str]:
    """Names for rows whose names must differ (courses, medications, activities; any case):
    when two devices gave one name to two rows, the row named first keeps it and the other is
    shown as 'NAME (2)', the same on every device. Nothing is dropped."""
    shown: dict[str, str] = {}
    taken: set[str] = set()
    ordered = sorted(rows, key=lambda r: (r.clock, r.uuid))
    for row in ordered:
        if row.name.lower() not in taken:
            shown[row.uuid] = row.name
            taken.add(row.name.lower())
    for row in ordered:
        if row.uuid in shown:
            continue
        k = 2
        while f"{row.name} ({k})".lower() in taken:
            k += 1
        shown[row.uuid] = f"{row.name} ({k})"
        taken.add(shown[row.uuid].lower())
    return shown


def conflicts(active_courses: Sequence[str], active_activities: Sequence[str]) -> list[str]:
    """What two devices broke together and how it stands now, in words (empty: nothing)."""
    found = []
    if len(active_courses) > 1:
        found.append(
            f"{len(active_courses)} courses are running at once ({', '.join(active_courses)}): "
            f"two devices each started one. '{active_courses[0]}' (started last) is the one in "
            "use; `paintrack course end` ends it, and then the next one is."
        )
    if len(active_activities) > 5:  # at most 5 rated at a time (domain.md §3.1)
        found.append(
            f"{len(active_activities)} activities are chosen ({', '.join(active_activities)}), "
            "more than 5, because two devices each added one: stop one with "
            "`paintrack activity stop NAME`."
        )
    return found
