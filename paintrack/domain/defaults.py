"""What a prompt may offer as a default: only what the patient said recently. Pure.

A default is pressed through with Enter, so an old value becomes a new entry that was never
said. Defaults therefore come from one log only: the latest one on the day asked about or the
day before, and no more than 36 hours before the moment asked about. A medication count is
never a default (a dose is said each day or not at all); a medication or activity stopped on
or before the day is not asked about (`still_taken`).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta

from paintrack.models import Activity, DailyLog, Medication

RECENT = timedelta(hours=36)


def moment(day: date, time: str | None) -> datetime:
    """The moment of an entry; one without a time of day counts as the end of its day (a log
    of yesterday with no time is still yesterday's)."""
    if time is None:
        return datetime.combine(day, datetime.max.time())
    return datetime.fromisoformat(f"{day.isoformat()}T{time}")


def recent_log(logs: Sequence[DailyLog], day: date, time: str | None) -> DailyLog | None:
    """The log whose values a prompt for `day` (at `time`) may offer: the latest one dated
    `day` or the day before, no later than the moment asked about and at most 36 hours
    before it; None when there is none."""
    asked = moment(day, time)
    out = None
    for log in logs:
        if not day - timedelta(days=1) <= log.date <= day:
            continue
        at = moment(log.date, log.time)
        if (
            at <= asked
            and asked - at <= RECENT
            and (out is None or at >= moment(out.date, out.time))
        ):
            out = log
    return out


def still_taken(item: Medication | Activity, day: date | None = None) -> bool:
    """The one definition of a medication (or activity) still taken (or rated) on `day`, so
    asked about when logging it: not stopped on or before that day. Without a day: today, and
    as a stop day is never after today (rules.can_stop), that is never stopped. A dose on the
    stop day itself may still be logged (rules.used_after_stop); it is only not asked."""
    return item.stopped is None or (day is not None and item.stopped > day)
