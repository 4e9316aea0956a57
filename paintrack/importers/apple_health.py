"""Apple Health's `export.xml`: `<HealthData>` holding `<Record type … unit … startDate endDate
value>` with dates like `2024-03-01 08:00:00 -0800`, read as it streams
(`xml.etree.ElementTree.iterparse`, each element cleared once read), so a file of hundreds of MB
needs little memory.

Kept: symptoms (category types rated `HKCategoryValueSeverity…`: not present, mild, moderate,
severe) as imported ratings on Apple's scale, never 0–10; and hours asleep a day from
`HKCategoryTypeIdentifierSleepAnalysis`: the asleep intervals of every device (phone and watch
write the same night twice) merged into one timeline, so no minute counts twice, less the time
any device recorded as awake; in bed is not asleep. A night counts on the day it ends, in the
file's own zone. Everything else (steps, heart rate, workouts …) is counted and not kept.
"""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from paintrack.errors import ImportRejected, InvalidValue
from paintrack.export.reading import MAX_BAD_KEPT, Bad, open_file
from paintrack.importers.base import Incoming, Row, entry

SOURCE = "apple-health"
SLEEP = "HKCategoryTypeIdentifierSleepAnalysis"
ASLEEP = (
    "HKCategoryValueSleepAnalysisAsleep",
    "HKCategoryValueSleepAnalysisAsleepUnspecified",
    "HKCategoryValueSleepAnalysisAsleepCore",
    "HKCategoryValueSleepAnalysisAsleepDeep",
    "HKCategoryValueSleepAnalysisAsleepREM",
)
AWAKE = "HKCategoryValueSleepAnalysisAwake"
SEVERITY = {  # HKCategoryValueSeverity (Apple's words and order, 0 = not present)
    "HKCategoryValueSeverityNotPresent": (0, "not present"),
    "HKCategoryValueSeverityMild": (1, "mild"),
    "HKCategoryValueSeverityModerate": (2, "moderate"),
    "HKCategoryValueSeveritySevere": (3, "severe"),
    "HKCategoryValueSeverityUnspecified": (None, "present, severity not given"),
}
SCALE = "Apple Health severity: 0 not present, 1 mild, 2 moderate, 3 severe"
STAMP = "%Y-%m-%d %H:%M:%S %z"
Interval = tuple[dt.datetime, dt.datetime]


def read(path: Path, today: dt.date) -> Incoming:
    incoming = Incoming("apple-health", SOURCE)
    incoming.entries = _entries(path, incoming.not_mapped)
    return incoming


def _stamp(record: ET.Element, name: str) -> dt.datetime:
    text = record.get(name) or ""
    try:
        return dt.datetime.strptime(text, STAMP)
    except ValueError:
        raise InvalidValue(name, "a date such as 2024-03-01 08:00:00 -0800", text) from None


def symptom_name(kind: str) -> str:
    """`HKCategoryTypeIdentifierLowerBackPain` → `Lower back pain`."""
    words = re.findall(
        r"[A-Z][a-z]+|[A-Z]+(?![a-z])|\d+", kind.removeprefix("HKCategoryTypeIdentifier")
    )
    text = " ".join(words)
    return text[:1].upper() + text[1:].lower() if text else kind


def _entries(path: Path, not_mapped: Counter[str]) -> Iterator[tuple[str, Row]]:
    bad: Bad = []
    asleep: list[Interval] = []
    awake: list[Interval] = []
    with open_file(path) as f:
        _no_entities(f.peek(1 << 16)[: 1 << 16], path)
        root: ET.Element | None = None
        depth = n = 0
        try:
            for event, elem in ET.iterparse(f, events=("start", "end")):
                depth += 1 if event == "start" else -1
                if root is None:
                    root = _root(elem, path)
                if event != "end" or depth != 1:
                    continue  # a Record's children are read with it, at its end
                if elem.tag in ("ExportDate", "Me"):
                    root.clear()  # the export's own facts: not the patient's records
                    continue
                if elem.tag != "Record":
                    not_mapped[f"<{elem.tag}> elements (paintrack has no field for them)"] += 1
                    root.clear()
                    continue
                n += 1
                where = f"Record {n} ({elem.get('type')}, startDate {elem.get('startDate')})"
                try:
                    found = _record(elem, asleep, awake, not_mapped)
                except InvalidValue as e:
                    if len(bad) < MAX_BAD_KEPT:
                        bad.append((where, e))
                    found = None
                root.clear()  # everything read so far: memory stays flat
                if found is not None and not bad:
                    yield where, found
        except ET.ParseError as e:
            line = e.position[0]
            bad.append((f"line {line}", InvalidValue("the_file", "well-formed XML", str(e))))
    if bad:
        raise ImportRejected(str(path), bad)
    yield from _sleep(asleep, awake)


def _root(elem: ET.Element, path: Path) -> ET.Element:
    if elem.tag != "HealthData":
        error = InvalidValue("the_file", "an Apple Health export (<HealthData>)", elem.tag)
        raise ImportRejected(str(path), [(f"<{elem.tag}>", error)])
    return elem


def _no_entities(head: bytes, path: Path) -> None:
    """Apple's DOCTYPE declares elements and attributes only: an entity declaration (which could
    make a small file expand without end) is refused before parsing."""
    if b"<!ENTITY" in head:
        raise ImportRejected(
            str(path),
            [
                (
                    "the DOCTYPE",
                    InvalidValue("the_file", "an XML file without <!ENTITY declarations"),
                )
            ],
        )


def _record(
    record: ET.Element, asleep: list[Interval], awake: list[Interval], not_mapped: Counter[str]
) -> Row | None:
    kind = record.get("type") or ""
    value = record.get("value") or ""
    if kind == SLEEP:
        span = (_stamp(record, "startDate"), _stamp(record, "endDate"))
        if span[1] < span[0]:
            raise InvalidValue(
                "endDate",
                f"at or after its startDate ({record.get('startDate')})",
                record.get("endDate"),
            )
        if value in ASLEEP:
            asleep.append(span)
        elif value == AWAKE:
            awake.append(span)
        else:
            not_mapped["sleep intervals in bed, not asleep (in bed is not sleep)"] += 1
        return None
    if kind.startswith("HKCategoryTypeIdentifier") and value in SEVERITY:
        start = _stamp(record, "startDate")
        number, words = SEVERITY[value]
        source = record.get("sourceName")
        return entry(
            SOURCE,
            "rating",
            start.date().isoformat(),
            start.strftime("%H:%M"),
            symptom_name(kind),
            value=number,
            text=words,
            detail=f"recorded by {source}" if source else None,
            scale=SCALE,
        )
    short = kind.removeprefix("HKQuantityTypeIdentifier").removeprefix("HKCategoryTypeIdentifier")
    not_mapped[f"{short or 'untyped'} records (paintrack has no field for them)"] += 1
    return None


def merged(spans: list[Interval]) -> list[Interval]:
    """The union of intervals, as non-overlapping intervals in time order."""
    out: list[Interval] = []
    for start, end in sorted(spans):
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def minus(spans: list[Interval], cuts: list[Interval]) -> list[Interval]:
    """`spans` without the time in `cuts` (both merged, in time order): one pass over each."""
    out: list[Interval] = []
    i = 0
    for start, end in spans:
        while i < len(cuts) and cuts[i][1] <= start:
            i += 1
        j = i
        while j < len(cuts) and cuts[j][0] < end:
            if cuts[j][0] > start:
                out.append((start, cuts[j][0]))
            start = max(start, cuts[j][1])
            j += 1
        if start < end:
            out.append((start, end))
    return out


def _sleep(asleep: list[Interval], awake: list[Interval]) -> Iterator[tuple[str, Row]]:
    """Hours asleep per day (the day each interval ends, in its own zone), one entry a day."""
    per_day: dict[dt.date, float] = {}
    for start, end in minus(merged(asleep), merged(awake)):
        day = end.date()
        per_day[day] = per_day.get(day, 0.0) + (end - start).total_seconds()
    for day in sorted(per_day):
        hours = round(per_day[day] / 3600, 2)
        shown = f"{int(per_day[day] // 3600)}:{int(per_day[day] % 3600 // 60):02d}"
        row = entry(
            SOURCE,
            "sleep",
            day.isoformat(),
            None,
            "Sleep",
            value=hours,
            text=shown,
            detail="asleep, every device merged, awake time taken out",
            scale="h",
        )
        yield f"sleep of {day.isoformat()}", row
