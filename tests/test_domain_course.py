"""The re-evaluate point, windows and dates: pure functions, no database, no clock."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from paintrack.domain.course import (
    baseline_window,
    current_window,
    reevaluate_line,
    reevaluate_point,
)
from paintrack.domain.dates import parse_when
from paintrack.errors import InvalidValue
from paintrack.models import Course

TODAY = date(2026, 11, 25)  # a Wednesday
NOW = datetime(2026, 11, 25, 18, 30)


def course(**kw: object) -> Course:
    base: dict[str, object] = {"name": "c", "start": date(2026, 9, 1), "sessions_planned": 6}
    base.update(kw)
    return Course(**base)  # type: ignore[arg-type]


def sessions(n: int, first: date = date(2026, 9, 8), every: int = 7) -> list[date]:
    return [first + timedelta(days=every * i) for i in range(n)]


def test_point_not_reached_before_the_planned_number_of_sessions() -> None:
    p = reevaluate_point(course(), sessions(5), [], TODAY)
    assert (p.sessions_done, p.reevaluate_due, p.due_reason) == (5, False, None)


def test_point_reached_on_the_nth_session_and_says_why() -> None:
    p = reevaluate_point(course(), sessions(6), [], TODAY)
    assert p.reevaluate_due and p.reached_on == date(2026, 10, 13)
    assert p.due_reason == "6 of 6 sessions done"
    assert "paintrack review" in (reevaluate_line(p) or "")


def test_days_limit_reached_first_wins() -> None:
    c = course(sessions_planned=12, days_planned=30)
    p = reevaluate_point(c, sessions(3), [], TODAY)
    assert p.reevaluate_due and p.reached_on == date(2026, 10, 8)
    assert "30 days since the first session" in (p.due_reason or "")


def test_days_limit_not_reached_until_that_day() -> None:
    c = course(sessions_planned=None, days_planned=30)
    first = TODAY - timedelta(days=29)
    assert not reevaluate_point(c, [first], [], TODAY).reevaluate_due
    assert reevaluate_point(c, [first - timedelta(days=1)], [], TODAY).reevaluate_due


def test_no_sessions_means_no_point_even_with_a_days_limit() -> None:
    p = reevaluate_point(course(days_planned=1), [], [], TODAY)
    assert not p.reevaluate_due and p.first_session is None


def test_decision_on_or_after_the_point_clears_it_but_an_earlier_one_does_not() -> None:
    days = sessions(6)
    assert not reevaluate_point(course(), days, [days[-1]], TODAY).reevaluate_due
    assert reevaluate_point(course(), days, [days[-1] - timedelta(days=1)], TODAY).reevaluate_due


def test_extension_moves_the_point_on() -> None:
    days = sessions(13)
    decided = [days[11]]
    p = reevaluate_point(course(sessions_planned=20), days, decided, TODAY)
    assert not p.reevaluate_due and p.reached_on is None


def test_ended_course_is_never_due() -> None:
    assert not reevaluate_point(course(ended=TODAY), sessions(6), [], TODAY).reevaluate_due


def test_point_as_json_has_the_product_keys() -> None:
    p = reevaluate_point(course(), sessions(6), [], TODAY).as_json()
    assert set(p) == {
        "name",
        "sessions_done",
        "sessions_planned",
        "days_planned",
        "first_session",
        "reevaluate_due",
        "due_reason",
    }
    assert p["first_session"] == "2026-09-08"


@given(st.lists(st.dates(date(2025, 1, 1), TODAY), max_size=30), st.integers(1, 20))
def test_due_exactly_when_enough_sessions_and_no_decision(days: list[date], n: int) -> None:
    p = reevaluate_point(course(sessions_planned=n), days, [], TODAY)
    assert p.reevaluate_due == (len(days) >= n)
    assert p.sessions_done == len(days)


def test_baseline_is_the_seven_days_before_the_first_session() -> None:
    w = baseline_window(date(2026, 9, 8), TODAY)
    assert (w.start, w.end, w.days) == (date(2026, 9, 1), date(2026, 9, 7), 7)
    assert date(2026, 9, 8) not in w and date(2026, 9, 1) in w


def test_baseline_before_any_session_is_the_last_seven_days() -> None:
    w = baseline_window(None, TODAY)
    assert (w.start, w.end) == (TODAY - timedelta(days=6), TODAY)


def test_current_window_is_the_last_seven_days_including_today() -> None:
    w = current_window(TODAY)
    assert (w.start, w.end, w.days) == (date(2026, 11, 19), TODAY, 7)


@pytest.mark.parametrize(
    ("text", "day", "time"),
    [
        ("2026-03-02", date(2026, 3, 2), None),
        ("2026-03-02T18:30", date(2026, 3, 2), "18:30"),
        ("2026-03-02 07:05", date(2026, 3, 2), "07:05"),
        ("today", TODAY, "18:30"),
        ("yesterday", date(2026, 11, 24), None),
        ("3 days ago", date(2026, 11, 22), None),
        ("1 day ago", date(2026, 11, 24), None),
        ("monday", date(2026, 11, 23), None),
        ("Wednesday", TODAY, None),
        ("thursday", date(2026, 11, 19), None),
        ("fri", date(2026, 11, 20), None),
    ],
)
def test_dates_a_patient_types(text: str, day: date, time: str | None) -> None:
    assert parse_when(text, NOW) == (day, time)


@pytest.mark.parametrize(
    "text", ["tomorrow", "2026-11-26", "2026-13-01", "soon", "3 fortnights ago", "", "-1 days ago"]
)
def test_bad_or_future_dates_are_refused_naming_the_field(text: str) -> None:
    with pytest.raises(InvalidValue) as e:
        parse_when(text, NOW)
    assert str(e.value).startswith("--date must be")


@given(st.dates(date(1901, 1, 1), TODAY))
def test_iso_dates_round_trip(day: date) -> None:
    assert parse_when(day.isoformat(), NOW) == (day, None)


@pytest.mark.parametrize("text", ["² days ago", "٣ days ago", "2026-0²-01"])
def test_unicode_digits_are_refused_not_crashing(text: str) -> None:
    with pytest.raises(InvalidValue):
        parse_when(text, NOW)
