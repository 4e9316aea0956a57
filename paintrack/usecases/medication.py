"""A day's medication totals against the lines of domain.md §6.5, read from the store: what
`log` says the moment a dose takes the day over one, and what `status` repeats for today and
yesterday. The arithmetic is `domain.doses`' (loaded only when there are doses to count)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from paintrack import store
from paintrack.models import DailyLog

if TYPE_CHECKING:
    from paintrack.domain.doses import MedicationFlag


def _listed(conn: store.Db) -> dict[str, object]:
    return {m.name.lower(): m for m in store.medications(conn)}


def moment(conn: store.Db, log: DailyLog) -> tuple[MedicationFlag, ...]:
    """The lines the stored log `log` just took its day over (facts, never advice)."""
    if not log.doses or log.id is None:
        return ()
    from paintrack.domain.doses import moment_flags

    day_logs = store.logs_between(conn, log.date, log.date, ratings=False)
    return moment_flags(day_logs, _listed(conn), log.id)  # type: ignore[arg-type]


def recent(conn: store.Db, today: dt.date) -> tuple[MedicationFlag, ...]:
    """Today's and yesterday's days over a line, for `status` (domain.md §6.5)."""
    yesterday = today - dt.timedelta(days=1)
    logs = store.logs_between(conn, yesterday, today, ratings=False)
    if not any(log.doses for log in logs):
        return ()
    from paintrack.domain.doses import day_flags

    return day_flags(logs, _listed(conn), (yesterday, today))  # type: ignore[arg-type]
