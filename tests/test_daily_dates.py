"""Dates as patients type them (issue 12, point 2): words, weekdays, month names, numbers, and
an ambiguous 03/04 that is asked about on a terminal and refused otherwise, naming both."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from paintrack.domain.dates import MONTHS, AmbiguousDate, long, parse_when
from paintrack.errors import InvalidValue
from tests.conftest import Run

NOW = datetime(2026, 3, 10, 12, 0)  # a Tuesday
past = st.dates(min_value=date(1990, 1, 1), max_value=NOW.date())


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("yesterday", date(2026, 3, 9)),
        ("3 days ago", date(2026, 3, 7)),
        ("2 weeks ago", date(2026, 2, 24)),
        ("a week ago", date(2026, 3, 3)),
        ("tuesday", date(2026, 3, 10)),  # a weekday name: the most recent, today included
        ("last tuesday", date(2026, 3, 3)),  # `last`: the one before today
        ("last monday", date(2026, 3, 9)),
        ("Fri", date(2026, 3, 6)),
        ("Mar 3", date(2026, 3, 3)),
        ("3 Mar", date(2026, 3, 3)),
        ("March 3", date(2026, 3, 3)),
        ("December 25", date(2025, 12, 25)),  # the most recent one not in the future
        ("march 3, 2025", date(2025, 3, 3)),
        ("30/11/2025", date(2025, 11, 30)),
        ("11/30/2025", date(2025, 11, 30)),
        ("2025/11/30", date(2025, 11, 30)),
        ("30.11.25", date(2025, 11, 30)),
        ("30/11", date(2025, 11, 30)),
        ("29 feb", date(2024, 2, 29)),
        ("4/4", date(2025, 4, 4)),  # day = month: one reading
    ],
)
def test_natural_dates_resolve_to_the_most_recent_matching_day(text: str, expected: date) -> None:
    assert parse_when(text, NOW)[0] == expected


def test_a_time_of_day_may_follow_any_form() -> None:
    assert parse_when("yesterday 21:30", NOW) == (date(2026, 3, 9), "21:30")
    assert parse_when("Mar 3 8:05", NOW) == (date(2026, 3, 3), "08:05")
    with pytest.raises(InvalidValue):
        parse_when("yesterday 25:00", NOW)


@pytest.mark.parametrize(
    "text", ["30/11/2026", "Dec 25 2026", "tomorrow", "13/13", "mar 33", "last week", "３ days ago"]
)
def test_future_and_unreadable_dates_are_refused(text: str) -> None:
    with pytest.raises(InvalidValue):
        parse_when(text, NOW)


@given(past)
def test_any_past_day_written_in_words_or_unambiguous_numbers_reads_back(day: date) -> None:
    forms = [
        day.isoformat(),
        f"{MONTHS[day.month - 1]} {day.day}, {day.year}",
        f"{day.day} {MONTHS[day.month - 1][:3]} {day.year}",
        f"{day.year}/{day.month}/{day.day}",
    ]
    if day.day > 12:
        forms += [f"{day.day}/{day.month}/{day.year}", f"{day.month}/{day.day}/{day.year}"]
    for text in forms:
        assert parse_when(text, NOW)[0] == day, text
    ago = (NOW.date() - day).days
    assert parse_when(f"{ago} days ago", NOW)[0] == day


@given(st.integers(1, 12), st.integers(1, 12))
def test_two_numbers_that_can_both_be_the_month_are_ambiguous_naming_both(a: int, b: int) -> None:
    text = f"{a:02d}/{b:02d}/2025"
    if a == b:
        assert parse_when(text, NOW)[0] == date(2025, a, a)
        return
    with pytest.raises(AmbiguousDate) as e:
        parse_when(text, NOW)
    assert e.value.readings == {"dmy": date(2025, b, a), "mdy": date(2025, a, b)}
    message = str(e.value)
    assert date(2025, b, a).isoformat() in message and date(2025, a, b).isoformat() in message
    assert long(date(2025, b, a)) in message and "PAINTRACK_DATE_ORDER" in message


def test_off_a_terminal_an_ambiguous_date_is_refused_and_nothing_is_written(
    course: Run, snapshot_db: object
) -> None:
    before = snapshot_db()  # type: ignore[operator]
    r = course("log", "--pain", "4", "--date", "03/04", code=2)
    assert "day first" in r.stderr and "month first" in r.stderr
    assert r.stderr.count("\n") == 1
    assert snapshot_db() == before  # type: ignore[operator]


@pytest.mark.parametrize(("order", "month"), [("dmy", 4), ("mdy", 3)])
def test_paintrack_date_order_reads_an_ambiguous_date_without_asking(
    course: Run, monkeypatch: pytest.MonkeyPatch, order: str, month: int
) -> None:
    monkeypatch.setenv("PAINTRACK_DATE_ORDER", order)
    today = date.today()
    year = today.year - 1
    r = course("log", "--pain", "4", "--date", f"03/04/{year}")
    day = date(year, month, 3 if month == 4 else 4)
    assert day.isoformat() in r.stdout  # the resolved date is echoed
    assert json.loads(course("history", "--json").stdout)[0]["date"] == day.isoformat()


def test_a_bad_date_order_setting_is_named(course: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PAINTRACK_DATE_ORDER", "ymd")
    r = course("log", "--pain", "4", "--date", "03/04", code=2)
    assert "PAINTRACK_DATE_ORDER" in r.stderr and "dmy" in r.stderr


def test_natural_dates_work_on_every_date_option_and_are_echoed(course: Run) -> None:
    r = course("log", "--pain", "4", "--date", "2 weeks ago")
    two_weeks = date.today() - timedelta(days=14)
    assert two_weeks.isoformat() in r.stdout
    r = course("history", "--since", "3 weeks ago", "--until", "last " + _weekday_name())
    assert (
        "--since 3 weeks ago:" in r.stderr and long(date.today() - timedelta(days=21)) in r.stderr
    )
    assert "L1" in r.stdout


def _weekday_name() -> str:
    return ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")[
        date.today().weekday()
    ]
