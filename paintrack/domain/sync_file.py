"""The change files of `paintrack sync`, pure: how one is written, and how a peer's is read.

A change file is JSON Lines: a header, one record a line, and an end line with the count and a
SHA-256 of everything before it, so a file cut short or changed in transit is refused whole
(nothing of it applied) instead of half-applied:

    {"paintrack": "changes", "format": 1, "diary": D, "device": E, "name": "phone", "seq": 3, ...}
    ["daily_logs", "<uuid>", "pain", 4, "<clock>"]
    ["daily_logs", "<uuid>", "~deleted", 1, "<clock>"]
    {"end": 2, "sha256": "…"}

A peer's file is untrusted input: every record is checked as an import's row would be.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from paintrack.domain.sync import (
    AHEAD_MS,
    DEVICE,
    DIARY,
    FORMAT,
    MAX_FILE_BYTES,
    MAX_NAME,
    check_record,
    check_row,
    conflict_markers,
    hlc_ms,
)
from paintrack.errors import BadChangeFile

Record = tuple[str, str, str, Any, str]  # table, row uuid, field, value, clock


@dataclass(frozen=True, slots=True)
class Header:
    diary: str
    device: str
    name: str
    seq: int
    written: str


def dump(header: Header, records: Sequence[Record]) -> bytes:
    """The bytes of one change file."""
    head = {
        "paintrack": "changes",
        "format": FORMAT,
        "diary": header.diary,
        "device": header.device,
        "name": header.name,
        "seq": header.seq,
        "written": header.written,
        "records": len(records),
    }
    lines = [json.dumps(head, ensure_ascii=False)]
    lines += [json.dumps(list(r), ensure_ascii=False, allow_nan=False) for r in records]
    body = ("\n".join(lines) + "\n").encode()
    end = {"end": len(records), "sha256": hashlib.sha256(body).hexdigest()}
    return body + (json.dumps(end) + "\n").encode()


def load(
    data: bytes, diary: str, device: str, seq: int, now_ms: int
) -> tuple[Header, list[Record]]:
    """A peer's change file, checked whole: the folder it lies in (diary, device), its number,
    its end line, every record. BadChangeFile says what is wrong (one line)."""
    if len(data) > MAX_FILE_BYTES:
        raise BadChangeFile(f"it is {len(data) // 2**20} MiB, more than a change file can be")
    if conflict_markers(data):
        raise BadChangeFile("it holds a git merge's conflict markers")
    body, _, last = data.rstrip(b"\n").rpartition(b"\n")
    body += b"\n"
    try:
        end = json.loads(last)
    except (ValueError, UnicodeDecodeError):
        end = None
    if not isinstance(end, dict) or set(end) != {"end", "sha256"}:
        raise BadChangeFile("it has no end line: it was cut short (still being copied?)")
    if end["sha256"] != hashlib.sha256(body).hexdigest():
        raise BadChangeFile("its content does not match its checksum (changed or cut short)")
    lines = body.decode("utf-8", errors="strict").splitlines()
    header = _header(_json(lines[0].encode(), "its header"), diary, device, seq)
    records = [_record(line, now_ms) for line in lines[1:]]
    if len(records) != end["end"]:
        raise BadChangeFile(f"it holds {len(records)} records where its end line says {end['end']}")
    _check_whole_rows(records)
    return header, records


def _json(line: bytes, what: str) -> Any:
    try:
        return json.loads(line)
    except (ValueError, UnicodeDecodeError):
        raise BadChangeFile(f"{what} is not JSON") from None


def _header(head: Any, diary: str, device: str, seq: int) -> Header:
    if not isinstance(head, dict) or head.get("paintrack") != "changes":
        raise BadChangeFile("its first line is not a paintrack change-file header")
    if head.get("format") != FORMAT:
        raise BadChangeFile(
            f"it is in format {head.get('format')!r}; this paintrack reads format {FORMAT}: "
            "upgrade paintrack on this device"
        )
    if head.get("diary") != diary or not DIARY.match(str(head.get("diary"))):
        raise BadChangeFile("it belongs to another diary than the folder it lies in")
    if head.get("device") != device or not DEVICE.match(str(head.get("device"))):
        raise BadChangeFile("it names another device than the folder it lies in")
    if head.get("seq") != seq:
        raise BadChangeFile(f"its number {head.get('seq')!r} is not the one in its name")
    name, written = head.get("name"), head.get("written")
    if not isinstance(name, str) or not 0 < len(name) <= MAX_NAME or not name.isprintable():
        raise BadChangeFile(f"its device name is not one line of at most {MAX_NAME} characters")
    if not isinstance(written, str) or len(written) > 40 or not written.isprintable():
        raise BadChangeFile("its time written is not a time")
    return Header(diary, device, name, seq, written)


def _record(line: str, now_ms: int) -> Record:
    try:
        r = json.loads(line)
    except ValueError:
        raise BadChangeFile("a record is not JSON") from None
    if not isinstance(r, list) or len(r) != 5:
        raise BadChangeFile("a record is not [table, row, field, value, clock]")
    table, uuid, field, value, hlc = r
    check_record(table, uuid, field, value, hlc)
    if hlc_ms(hlc) > now_ms + AHEAD_MS:
        raise BadChangeFile(
            "its clock runs more than a day ahead of this device's: set the date and time of "
            "the device that wrote it"
        )
    return table, uuid, field, value, hlc


def _check_whole_rows(records: Sequence[Record]) -> None:
    """Rows the file holds whole (as written when the row was made) must keep the rules between
    their fields too (pain ≤ worst…)."""
    rows: dict[tuple[str, str], dict[str, Any]] = {}
    for table, uuid, field, value, _ in records:
        rows.setdefault((table, uuid), {})[field] = value
    for (table, _), row in rows.items():
        if "created_at" in row:
            check_row(table, row)
