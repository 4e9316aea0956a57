"""Dates as a patient types them. Pure: the caller passes `now`.

Accepted (case-insensitive, never a day in the future):

- ISO: `2026-03-02`, `2026-03-02T18:30`, `2026-03-02 18:30` (the fast path: no regex);
- words: `today`, `now`, `yesterday`, `3 days ago`, `2 weeks ago`, `a week ago`;
- weekdays: `monday` or `mon` (the most recent one, today included), `last monday` (the most
  recent one before today);
- month names: `Mar 3`, `3 Mar`, `March 3`, `3 March 2026`, `March 3, 2026` (without a year: the
  most recent one not in the future);
- numbers: `2026/11/30` (year first), `30/11/2026`, `11/30/2026`, `30.11.26`, `30/11` (day and
  month told apart when only one reading is a date). When both readings are dates (`03/04`),
  `AmbiguousDate` carries both: the CLI picks one by PAINTRACK_DATE_ORDER, asks on a terminal,
  or refuses naming both.

Any of the non-ISO forms may end in a time of day: `yesterday 21:30`, `Mar 3 08:15`.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from paintrack.errors import InvalidValue

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
ALLOWED = (
    "a date: 2026-03-02, 2026-03-02T18:30, today, yesterday, '3 days ago', '2 weeks ago', "
    "a weekday ('monday', 'last monday'), 'Mar 3', '3 March', or 30/11/2026"
)
ORDERS = {"dmy": "day first", "mdy": "month first"}
_MAX_DAYS_AGO = 36500
_TIME = r"(?:\s+(\d{1,2}):(\d{2}))?"
_FUTURE = (  # words for a day to come: refused as the future, not as an unknown form
    r"(?:(?:the )?day after )?tomorrow|tmrw|tonight|next .+|in \d+ .+|in (?:a|an|one) .+"
    r"|.+ from now|.+ later"
)


class AmbiguousDate(InvalidValue):
    """A numeric date with two readings (`03/04`: 3 April or 4 March). `readings` maps the
    order ('dmy', 'mdy') to its date; `time` is the time of day given with it, if any."""

    def __init__(self, field: str, text: str, readings: dict[str, date], time: str | None):
        self.text = text
        self.readings = readings
        self.time = time
        shown = " or ".join(f"{long(d)} ({ORDERS[o]})" for o, d in readings.items())
        isos = " or ".join(d.isoformat() for d in readings.values())
        super().__init__(
            field,
            f"one date, and {text.strip()} could be {shown}: write {isos}, or set "
            "PAINTRACK_DATE_ORDER=dmy (day first) or mdy (month first)",
        )


def _match(pattern: str, text: str) -> re.Match[str] | None:
    return re.fullmatch(pattern, text, re.ASCII)  # 3 is a digit; ３ and ٣ are not


def long(day: date) -> str:
    """'Fri 3 April 2026': a date no one can misread."""
    return f"{WEEKDAYS[day.weekday()][:3].title()} {day.day} {MONTHS[day.month - 1].title()} {day.year}"


def parse_when(text: str, now: datetime, *, field: str = "date") -> tuple[date, str | None]:
    """Resolve `text` to (day, 'HH:MM' or None). Never in the future (see the module's forms)."""
    raw = " ".join(text.strip().lower().split())
    today = now.date()
    if len(raw) >= 10 and raw[:4].isdigit() and raw[4:5] == "-":
        day, time = _parse_iso(text.strip(), field)
    elif raw in ("today", "now"):
        day, time = today, now.strftime("%H:%M")
    else:
        day, time = _natural(raw, text, today, field)
    return _checked(day, time, now, text, field)


def _checked(
    day: date, time: str | None, now: datetime, text: str, field: str
) -> tuple[date, str | None]:
    today = now.date()
    if day > today:
        raise InvalidValue(field, f"today ({today}) or earlier", text)
    if day == today and time is not None and time > now.strftime("%H:%M"):
        raise InvalidValue(field, f"now ({now:%H:%M} today) or earlier", text)
    if day < date(1900, 1, 1):
        raise InvalidValue(field, "after 1900", text)
    return day, time


def _natural(raw: str, text: str, today: date, field: str) -> tuple[date, str | None]:
    """The forms other than ISO and today/now; a trailing HH:MM is the time of day."""
    found = _match(r"(.*?)" + _TIME, raw)
    assert found is not None  # the pattern matches any text
    head, hh, mm = found.groups()
    time = None
    if hh is not None:
        if int(hh) > 23 or int(mm) > 59 or not head:
            raise InvalidValue(field, ALLOWED, text)
        time = f"{int(hh):02d}:{mm}"
    day = _day(head, today, field, text, time)
    if day is None and _match(_FUTURE, head):
        raise InvalidValue(
            field, f"today ({today}) or earlier: a diary records what happened", text
        )
    if day is None:
        raise InvalidValue(field, ALLOWED, text)
    return day, time


def _day(raw: str, today: date, field: str, text: str, time: str | None) -> date | None:
    if raw == "yesterday":
        return today - timedelta(days=1)
    if raw == "today":
        return today
    ago = _match(r"(\d{1,6}|a|an|one) (day|days|week|weeks) ago", raw)
    if ago:
        n = 1 if ago.group(1) in ("a", "an", "one") else int(ago.group(1))
        days = n * (7 if ago.group(2).startswith("week") else 1)
        return today - timedelta(days=days) if days <= _MAX_DAYS_AGO else None
    last, _, name = raw.rpartition(" ") if raw.startswith("last ") else ("", "", raw)
    weekday = _weekday(name)
    if weekday is not None and last in ("", "last"):
        back = (today.weekday() - weekday) % 7
        return today - timedelta(days=back or (7 if last else 0))
    return _month_named(raw, today) or _numeric(raw, today, field, text, time)


def _weekday(name: str) -> int | None:
    if len(name) < 3:
        return None
    return next((i for i, w in enumerate(WEEKDAYS) if w.startswith(name)), None)


def _month(name: str) -> int | None:
    if len(name) < 3:
        return None
    name = "sep" if name == "sept" else name
    return next((i + 1 for i, m in enumerate(MONTHS) if m.startswith(name)), None)


def _month_named(raw: str, today: date) -> date | None:
    """'mar 3', 'march 3, 2026', '3 mar', '3rd of march 2026'."""
    m = _match(r"([a-z]+)\.? (\d{1,2})(?:st|nd|rd|th)?(?:,? (\d{4}))?", raw)
    if m:
        month, day, year = _month(m.group(1)), int(m.group(2)), m.group(3)
    else:
        m = _match(r"(\d{1,2})(?:st|nd|rd|th)?(?: of)? ([a-z]+)\.?(?:,? (\d{4}))?", raw)
        if not m:
            return None
        month, day, year = _month(m.group(2)), int(m.group(1)), m.group(3)
    if month is None:
        return None
    return _dated(int(year) if year else None, month, day, today)


def _dated(year: int | None, month: int, day: int, today: date) -> date | None:
    """The date, or without a year the most recent one not after today (None if no such)."""
    if year is not None:
        try:
            return date(year, month, day)
        except ValueError:
            return None
    for y in range(today.year, today.year - 9, -1):  # 29 February: back to a leap year
        try:
            candidate = date(y, month, day)
        except ValueError:
            continue
        if candidate <= today:
            return candidate
    return None


def _numeric(raw: str, today: date, field: str, text: str, time: str | None) -> date | None:
    """'2026/11/30', '30/11/2026', '11/30/26', '30.11', '3/4' (ambiguous)."""
    m = _match(r"(\d{1,4})[/.-](\d{1,2})(?:[/.-](\d{1,4}))?\.?", raw)
    if not m:
        return None
    a, b, c = m.group(1), int(m.group(2)), m.group(3)
    if len(a) == 4:  # year first: 2026/11/30
        return None if c is None or len(c) > 2 else _dated(int(a), b, int(c), today)
    if len(a) == 3 or (c is not None and len(c) not in (2, 4)):
        return None
    year = None if c is None else int(c) + (2000 if len(c) == 2 else 0)
    readings = {
        order: d
        for order, (day, month) in (("dmy", (int(a), b)), ("mdy", (b, int(a))))
        if 1 <= month <= 12 and (d := _dated(year, month, day, today)) is not None
    }
    if len(set(readings.values())) > 1:
        raise AmbiguousDate(field, text, readings, time)
    return next(iter(readings.values()), None)


def _parse_iso(text: str, field: str) -> tuple[date, str | None]:
    try:
        if len(text) == 10:
            return date.fromisoformat(text), None
        stamp = datetime.fromisoformat(text.replace(" ", "T", 1))
    except ValueError:
        raise InvalidValue(field, ALLOWED, text) from None
    if stamp.tzinfo is not None:
        try:  # 9999-12-31T23:59-14:00 is past the last day Python can hold here
            stamp = stamp.astimezone().replace(tzinfo=None)
        except (OverflowError, ValueError):
            raise InvalidValue(field, ALLOWED, text) from None
    return stamp.date(), stamp.strftime("%H:%M")


def resolved(e: AmbiguousDate, order: str, now: datetime) -> tuple[date, str | None]:
    """The reading of an ambiguous date in `order` ('dmy' or 'mdy'), checked like any date."""
    return _checked(e.readings[order], e.time, now, e.text, e.field)


# The world's clocks span 26 hours: UTC−12 (Baker Island) to UTC+14 (Kiritimati).
EASTERNMOST = timedelta(hours=14)


def latest_anywhere(today: date, utc_offset: timedelta) -> date:
    """The latest date it can be anywhere on Earth while it is `today` here (at `utc_offset`):
    an entry written in another zone and dated by its own clock is not in the future if it is
    no later than this (Sydney's Monday morning is New York's Sunday afternoon)."""
    end_here = datetime.combine(today, datetime.max.time())
    return (end_here - utc_offset + EASTERNMOST).date()


def describe(day: date, today: date) -> str:
    """'today', 'yesterday', 'Mon 2 Mar' style echo of a resolved date, always with ISO."""
    delta = (today - day).days
    words = {0: "today", 1: "yesterday"}.get(
        delta, WEEKDAYS[day.weekday()].title() if 1 < delta < 7 else ""
    )
    return f"{day.isoformat()} ({words})" if words else day.isoformat()
