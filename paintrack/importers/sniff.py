"""Which importer a file needs, from its content (never its name): the XML root element, or the
CSV header row each app writes (the layouts in docs/data.md, "Coming from another app")."""

from __future__ import annotations

from pathlib import Path

from paintrack.export.reading import open_file
from paintrack.importers.base import header_of

BEARABLE = (
    "date",
    "date formatted",
    "weekday",
    "time of day",
    "category",
    "rating/amount",
    "detail",
    "notes",
)
DAYLIO = ("full_date", "date", "weekday", "time", "mood", "activities")
FLAREDOWN_NOTES = ("date", "note")
HEAD = 4096  # bytes read to find the XML root (after Apple's DOCTYPE it may come later)


def _lower(header: list[str]) -> tuple[str, ...]:
    return tuple(h.strip().lower() for h in header)


def is_flaredown(header: list[str]) -> bool:
    """`Date`, a column per condition, symptom and treatment, then `Tags`, `Foods` (or its
    notes file: `date,note`)."""
    low = _lower(header)
    return (len(low) >= 3 and low[0] == "date" and low[-2:] == ("tags", "foods")) or (
        low == FLAREDOWN_NOTES
    )


def xml_root(path: Path) -> str | None:
    """The name of the root element of an XML file, or None if it does not start as XML."""
    with open_file(path) as f:
        head = f.read(HEAD)
        start = head.lstrip(b"\xef\xbb\xbf \t\r\n")
        if not start.startswith(b"<"):
            return None
        while b"<HealthData" not in head and len(head) < 1024 * 1024:  # past a long DOCTYPE
            more = f.read(HEAD * 16)
            if not more:
                break
            head += more
    text = head.decode("utf-8", "replace")
    at = 0
    while True:
        at = text.find("<", at)
        if at < 0 or at + 1 >= len(text):
            return None
        if text[at + 1] not in "?!":
            name = text[at + 1 :].split(None, 1)[0].split(">")[0].split("/")[0]
            return name or None
        if text.startswith("<!DOCTYPE", at):
            close = text.find("]>", at) if "[" in text[at : text.find(">", at)] else -1
            at = close + 2 if close >= 0 else text.find(">", at) + 1
            if at <= 0:
                return None
            continue
        at = text.find(">", at) + 1
        if at <= 0:
            return None


def detect(path: Path) -> str:
    """The name of the importer for `path` (paintrack's own when no other app's fits; its
    reader then says what it expected)."""
    with open_file(path) as f:
        if f.peek(64)[:64].lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{"):
            return "paintrack"  # JSON: paintrack's own export
    if xml_root(path) == "HealthData":
        return "apple-health"
    header = header_of(path)
    low = _lower(header)
    if low[: len(BEARABLE)] == BEARABLE:
        return "bearable"
    if low[: len(DAYLIO)] == DAYLIO:
        return "daylio"
    if is_flaredown(header):
        return "flaredown"
    return "paintrack"
