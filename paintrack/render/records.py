"""Entries as plain dicts and one-line summaries, for history's JSON, CSV and table views."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from paintrack.models import DailyLog, Peg, Session

Entry = Session | DailyLog | Peg

CSV_COLUMNS = (
    "id",
    "kind",
    "date",
    "time",
    "pain",
    "worst",
    "least",
    "sleep_hours",
    "sleep_interference",
    "stress",
    "pain_before",
    "pain_after",
    "minutes",
    "needles",
    "techniques",
    "side_effects",
    "enjoyment",
    "general_activity",
    "peg_score",
    "meds",
    "activities",
    "red_flags",
    "note",
)


def entry_id(e: Entry) -> str:
    letter = "S" if isinstance(e, Session) else "L" if isinstance(e, DailyLog) else "P"
    return f"{letter}{e.id}"


def entry_kind(e: Entry) -> str:
    return "session" if isinstance(e, Session) else "log" if isinstance(e, DailyLog) else "peg"


def entry_dict(e: Entry) -> dict[str, object]:
    base: dict[str, object] = {
        "id": entry_id(e),
        "kind": entry_kind(e),
        "date": e.day.isoformat(),
        "time": e.time,
    }
    if isinstance(e, Session):
        base.update(
            pain_before=e.pain_before,
            pain_after=e.pain_after,
            minutes=e.minutes,
            needles=e.needles,
            techniques=list(e.techniques),
            side_effects=list(e.side_effects),
            points=e.points,
            practitioner=e.practitioner,
            cost=e.cost,
            note=e.note,
        )
    elif isinstance(e, DailyLog):
        base.update(
            pain=e.pain,
            worst=e.worst,
            least=e.least,
            sleep_hours=e.sleep_hours,
            sleep_interference=e.sleep_interference,
            stress=e.stress,
            meds={d.medication: d.count for d in e.doses},
            activities={r.activity: r.rating for r in e.ratings},
            red_flags=list(e.red_flags),
            note=e.note,
        )
    else:
        base.update(
            pain=e.pain,
            enjoyment=e.enjoyment,
            general_activity=e.general_activity,
            peg_score=e.score,
        )
    return base


def summary(e: Entry) -> str:
    if isinstance(e, Session):
        extra = f", {', '.join(e.side_effects)}" if e.side_effects else ""
        return f"session: pain {e.pain_before} → {e.pain_after}{extra}"
    if isinstance(e, DailyLog):
        parts = [f"pain {e.pain}"]
        parts += [
            f"{k} {v:g}" if isinstance(v, float) else f"{k} {v}"
            for k, v in (
                ("worst", e.worst),
                ("least", e.least),
                ("slept", None if e.sleep_hours is None else f"{e.sleep_hours:g} h"),
                ("sleep interference", e.sleep_interference),
                ("stress", e.stress),
            )
            if v is not None
        ]
        parts += [f"{d.medication}×{d.count:g}" for d in e.doses]
        parts += [f"{r.activity} {r.rating}" for r in e.ratings]
        if e.red_flags:
            parts.append("RED FLAG " + ", ".join(e.red_flags))
        return "log: " + ", ".join(parts)
    return f"PEG: {e.score:.1f} (P{e.pain} E{e.enjoyment} G{e.general_activity})"


def entries_csv(entries: Sequence[Entry]) -> str:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=CSV_COLUMNS, extrasaction="ignore", lineterminator="\n")
    w.writeheader()
    for e in entries:
        d = entry_dict(e)
        for key in ("techniques", "side_effects", "red_flags"):
            if key in d:
                d[key] = ";".join(d[key])  # type: ignore[arg-type]
        for key in ("meds", "activities"):
            if key in d:
                d[key] = ";".join(f"{k}={v:g}" for k, v in d[key].items())  # type: ignore[attr-defined]
        w.writerow({k: ("" if v is None else v) for k, v in d.items()})
    return buf.getvalue()
