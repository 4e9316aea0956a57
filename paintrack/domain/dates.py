"""Dates as a patient types them. Pure: the caller passes `now`."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from paintrack.errors import InvalidValue

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
ALLOWED = "2026-03-02, 2026-03-02T18:30, today, yesterday, 'N days ago' or a weekday name"


def parse_when(text: str, now: datetime, *, field: str = "date") -> tuple[date, str | None]:
    """Resolve `text` to (day, 'HH:MM' or None). Never in the future.

    A weekday name means the most recent one (today if today is that day).
    """
    raw = text.strip().lower()
    today = now.date()
    time: str | None = None
    if raw in ("today", "now"):
        day, time = today, now.strftime("%H:%M")
    elif raw == "yesterday":
        day = today - timedelta(days=1)
    elif (
        raw.endswith(" ago")
        and raw.split()[0].isascii()
        and raw.split()[0].isdigit()
        and len(raw.split()[0]) <= 6
        and raw.split()[1] in ("day", "days")
    ):
        parts = raw.split()
        if len(parts) != 3:
            raise InvalidValue(field, "a date: " + ALLOWED, text)
        n = int(parts[0])
        if n > 36500:
            raise InvalidValue(field, "a date: " + ALLOWED, text)
        day = today - timedelta(days=n)
    elif raw in WEEKDAYS or (raw[:3] in {w[:3] for w in WEEKDAYS} and len(raw) == 3):
        target = next(i for i, w in enumerate(WEEKDAYS) if w.startswith(raw[:3]))
        day = today - timedelta(days=(today.weekday() - target) % 7)
    else:
        day, time = _parse_iso(text.strip(), field)
    if day > today:
        raise InvalidValue(field, f"today ({today}) or earlier", text)
    if day == today and time is not None and time > now.strftime("%H:%M"):
        raise InvalidValue(field, f"now ({now:%H:%M} today) or earlier", text)
    if day < date(1900, 1, 1):
        raise InvalidValue(field, "after 1900", text)
    return day, time


def _parse_iso(text: str, field: str) -> tuple[date, str | None]:
    try:
        if len(text) == 10:
            return date.fromisoformat(text), None
        stamp = datetime.fromisoformat(text.replace(" ", "T", 1))
    except ValueError:
        raise InvalidValue(field, "a date: " + ALLOWED, text) from None
    if stamp.tzinfo is not None:
        stamp = stamp.astimezone().replace(tzinfo=None)
    return stamp.date(), stamp.strftime("%H:%M")


def describe(day: date, today: date) -> str:
    """'today', 'yesterday', 'Mon 2 Mar' style echo of a resolved date, always with ISO."""
    delta = (today - day).days
    words = {0: "today", 1: "yesterday"}.get(delta, f"{day:%A}" if 1 < delta < 7 else "")
    return f"{day.isoformat()} ({words})" if words else day.isoformat()
