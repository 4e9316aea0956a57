"""Sleep from several devices: merged intervals never count a minute twice (Apple Health), and
Daylio's 12-hour clock reads as the 24-hour one."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from paintrack.importers.apple_health import merged, minus
from paintrack.importers.daylio import clock_time

T0 = dt.datetime(2024, 3, 1, 22, 0, tzinfo=dt.timezone(dt.timedelta(hours=-8)))
SPANS = st.lists(
    st.tuples(st.integers(0, 720), st.integers(0, 240)).map(
        lambda p: (T0 + dt.timedelta(minutes=p[0]), T0 + dt.timedelta(minutes=p[0] + p[1]))
    ),
    max_size=12,
)


def minutes(spans: list[tuple[dt.datetime, dt.datetime]]) -> set[int]:
    """Every minute any span covers (the truth the merge must match)."""
    out: set[int] = set()
    for a, b in spans:
        out |= set(range(int((a - T0).total_seconds() // 60), int((b - T0).total_seconds() // 60)))
    return out


def total(spans: list[tuple[dt.datetime, dt.datetime]]) -> int:
    return sum(int((b - a).total_seconds() // 60) for a, b in spans)


@settings(max_examples=30, deadline=None)
@given(SPANS, SPANS)
def test_merged_sleep_counts_each_minute_once_and_awake_time_is_taken_out(
    asleep: list[tuple[dt.datetime, dt.datetime]], awake: list[tuple[dt.datetime, dt.datetime]]
) -> None:
    union = merged(asleep)
    assert total(union) == len(minutes(asleep))
    assert merged(asleep + asleep) == union  # a phone and a watch writing the same night
    left = minus(union, merged(awake))
    assert total(left) == len(minutes(asleep) - minutes(awake))


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 23), st.integers(0, 59))
def test_a_12_hour_time_reads_as_its_24_hour_time(hour: int, minute: int) -> None:
    twelve = f"{(hour % 12) or 12}:{minute:02d} {'pm' if hour >= 12 else 'am'}"
    assert clock_time(twelve) == clock_time(f"{hour}:{minute:02d}") == f"{hour:02d}:{minute:02d}"
