"""What a daily log holds, a few words each (`pain 5`, `slept 6.5 h`, `ibuprofen ×2`), built from
the field declarations; below both `records` (history, CSV) and `text` (what `log` says)."""

from __future__ import annotations

from typing import Any

from paintrack import fields as F
from paintrack.models import DailyLog
from paintrack.render import safe

HIDDEN = ("id", "created_at", "course_id")  # bookkeeping, not what the patient logged
SUMMARY_SKIP = ("date", "time", "note", "points", "practitioner", "cost")


def shown_fields(concept: F.Concept) -> list[F.Field]:
    return [f for f in concept if f.name not in HIDDEN]


def _part(f: F.Field, value: Any) -> str | None:
    if value is None or value == ():
        return None
    if f.kind == "children":
        if f.name == "doses":
            return ", ".join(f"{safe.line(d.medication)} ×{d.count:g}" for d in value)
        return ", ".join(f"{safe.line(r.activity)} {r.rating}" for r in value)
    if f.kind == "codes":
        text = ", ".join(value)
        return f"RED FLAG {text}" if f.name == "red_flags" else text
    if f.kind == "flag":
        return f.label if value else None
    shown = f"{value:g}" if isinstance(value, float) else safe.line(str(value))
    return f"{f.brief} {shown}" + (f" {f.unit}" if f.unit == "h" else "")


def log_parts(log: DailyLog) -> list[str]:
    """What a daily log holds, a few words each: `pain 5`, `slept 6.5 h`, `ibuprofen ×2`."""
    return [
        p
        for f in shown_fields(F.DAILY_LOG)
        if f.name not in SUMMARY_SKIP and (p := _part(f, getattr(log, f.name))) is not None
    ]
