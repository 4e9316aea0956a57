"""Pure aggregation: no database, no plotext. Hand-computed means, rolling means, buckets, gaps."""

from __future__ import annotations

import math
from datetime import date, timedelta
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from paintrack.domain import aggregate as agg
from paintrack.domain import daily as dl
from paintrack.domain.course import Window
from paintrack.domain.weekly import Cell, weekly_table
from paintrack.models import ActivityRating, DailyLog, Dose, Medication, Peg, Session

D0 = date(2026, 3, 2)  # a Monday


def day(n: int) -> date:
    return D0 + timedelta(days=n)


def values(series: agg.Series) -> list[Fraction | None]:
    return [p.value for p in series.points]


def test_daily_means_average_several_logs_and_leave_gaps() -> None:
    logs = [DailyLog(day(0), 4), DailyLog(day(0), 7), DailyLog(day(2), 5)]
    s = agg.daily_series(logs, "pain", Window(day(0), day(3)))
    assert values(s) == [5.5, None, 5.0, None]
    assert [p.date for p in s.points] == [day(0), day(1), day(2), day(3)]
    assert [[p.value for p in r] for r in s.runs()] == [[5.5], [5.0]]


def test_daily_means_skip_missing_optional_values_and_outside_window() -> None:
    logs = [DailyLog(day(0), 4, stress=3), DailyLog(day(0), 5), DailyLog(day(9), 5, stress=9)]
    assert values(agg.daily_series(logs, "stress", Window(day(0), day(1)))) == [3.0, None]


def test_rolling_mean_hand_computed_and_needs_four_of_seven_days() -> None:
    pts = [1, 2, 3, None, 5, 6, 7, 8, None, None, None, None, None, None, 9]
    s = agg.Series("pain", tuple(agg.DayValue(day(i), _f(v)) for i, v in enumerate(pts)))
    r = values(agg.rolling_mean(s))
    assert r[:3] == [None, None, None]  # fewer than 4 values so far
    assert r[4] == pytest.approx((1 + 2 + 3 + 5) / 4)
    assert r[6] == pytest.approx((1 + 2 + 3 + 5 + 6 + 7) / 6)
    assert r[7] == pytest.approx((2 + 3 + 5 + 6 + 7 + 8) / 6)
    assert r[11] is None  # only 3 days with data in 5..11
    assert r[14] is None  # a long gap stays a gap


def _f(v: float | None) -> Fraction | None:
    return None if v is None else Fraction(v)


def test_weekly_buckets_are_iso_weeks_wherever_the_series_starts() -> None:
    # Wednesday start: ISO weeks begin on the Monday before.
    pts = [(2, 4.0), (3, 6.0), (7, 2.0), (8, None), (13, 4.0), (15, None)]
    s = agg.Series("pain", tuple(agg.DayValue(day(i), _f(v)) for i, v in pts))
    w = agg.bucket(s, 7)
    assert [(p.date, p.value) for p in w.points] == [(day(0), 5), (day(7), 3), (day(14), None)]
    assert w.bucket_days == 7
    later = agg.Series("pain", s.points[2:])  # starting on day 7 changes no week
    assert [(p.date, p.value) for p in agg.bucket(later, 7).points] == [
        (day(7), 3),
        (day(14), None),
    ]


def test_multi_week_buckets_start_on_a_monday_fixed_in_time() -> None:
    for first in range(0, 60, 5):
        assert dl.week_start(day(first), 4).weekday() == 0
    assert dl.week_start(day(3), 4) == dl.week_start(day(3) + timedelta(days=1), 4)
    a = dl.week_start(day(0), 4)
    assert dl.week_start(a + timedelta(days=27), 4) == a != dl.week_start(a + timedelta(28), 4)


def test_bucket_days_for_fits_columns() -> None:
    assert agg.bucket_days_for(70, 70) == 1
    assert agg.bucket_days_for(71, 70) == 7
    assert agg.bucket_days_for(3650, 70) == 56  # 522 weeks into 70 columns: 8 weeks each


def test_baseline_mean_and_reduction_levels() -> None:
    daily = dl.log_daily([DailyLog(day(i), 6 + i % 2) for i in range(4)], "pain")
    assert dl.window_mean(daily, Window(day(0), day(6))) == Fraction(13, 2)
    assert dl.window_mean(daily, Window(day(1), day(6))) is None  # 3 days < 4 (domain.md §1.3)
    (f30, l30), (f50, l50) = agg.reduction_levels(Fraction(6))
    assert (f30, f50) == (Fraction(3, 10), Fraction(1, 2))
    assert (l30, l50) == (Fraction(21, 5), Fraction(3))


def test_daily_means_from_store_sums_equal_those_from_logs() -> None:
    logs = [DailyLog(day(0), 4), DailyLog(day(0), 7), DailyLog(day(2), 5)]
    assert dl.from_sums({day(0): (11, 2), day(2): (5, 1)}) == dl.log_daily(logs, "pain")


MEDS = {
    "Oxycodone": Medication("Oxycodone", "opioid", 10, "mg", 1.5),
    "ibuprofen": Medication("ibuprofen", "nsaid", 200, "mg"),
    "paracetamol": Medication("paracetamol", "acetaminophen", 500, "mg"),
}


def test_mme_per_day_sums_the_days_doses() -> None:
    logs = [
        DailyLog(day(0), 5, doses=(Dose("oxycodone", 2), Dose("ibuprofen", 1))),
        DailyLog(day(0), 5, doses=(Dose("Oxycodone", 1),)),
        DailyLog(day(1), 5, doses=(Dose("ibuprofen", 2),)),
    ]
    s = agg.mme_series(logs, MEDS, Window(day(0), day(2)))
    # 3 tablets × 10 mg × 1.5 = 45 MME (domain.md §6.1); day 1 logged, no opioid; day 2 a gap
    assert values(s) == [45.0, 0.0, None]


def test_doses_by_kind() -> None:
    logs = [
        DailyLog(day(0), 5, doses=(Dose("Oxycodone", 1), Dose("ibuprofen", 2))),
        DailyLog(day(0), 5, doses=(Dose("ibuprofen", 1), Dose("mystery", 1))),
        DailyLog(day(2), 5, doses=(Dose("paracetamol", 2),)),
    ]
    kinds = {s.name: values(s) for s in agg.doses_by_kind(logs, MEDS, Window(day(0), day(2)))}
    assert kinds == {
        "opioid": [1.0, None, 0.0],
        "nsaid": [3.0, None, 0.0],
        "acetaminophen": [0.0, None, 2.0],
        "other": [1.0, None, 0.0],
    }


def test_psfs_activities_and_sessions() -> None:
    logs = [
        DailyLog(
            day(0),
            5,
            activity_ratings=(ActivityRating("walking", 4), ActivityRating("sitting", 6)),
        ),
        DailyLog(day(0), 5, activity_ratings=(ActivityRating("Walking", 6),)),
    ]
    w = Window(day(0), day(1))
    acts = {s.name: values(s) for s in agg.activity_series(logs, w)}
    assert acts == {"walking": [5.0, None], "sitting": [6.0, None]}  # matched without case
    # the mean over activities of each one's daily mean: (5 + 6) / 2, not (4 + 6 + 6) / 3
    assert values(agg.psfs_series(logs, w)) == [5.5, None]
    sessions = [Session(1, day(3), 6, 3), Session(1, day(1), 7, 4, time="09:00")]
    pts = agg.session_points(sessions)
    assert [(p.number, p.date, p.before, p.after) for p in pts] == [
        (1, day(1), 7, 4),
        (2, day(3), 6, 3),
    ]
    assert agg.session_dates(sessions, Window(day(0), day(2))) == (day(1),)


def test_weekly_table_against_hand_computed_numbers() -> None:
    baseline = Window(day(0), day(6))
    window = Window(day(0), day(15))
    logs = [DailyLog(day(i), p, stress=4) for i, p in enumerate([6, 7, 6, 7])]  # mean 6.5
    logs += [DailyLog(day(7), 4), DailyLog(day(7), 6), DailyLog(day(9), 2, stress=8)]
    pegs = [Peg(day(5), 6, 6, 6), Peg(day(12), 3, 3, 6)]  # scores 6.0 and 4.0
    t = weekly_table(logs, pegs, MEDS, baseline, window)
    i = {m: n for n, m in enumerate(t.measures)}
    assert t.baseline_means[i["pain"]] == pytest.approx(6.5)
    assert t.baseline_means[i["peg"]] == pytest.approx(6.0)
    assert [r.start for r in t.rows] == [day(0), day(7), day(14)]
    assert t.rows[-1].end == day(15)
    week2 = t.rows[1].cells
    # day 7: (4+6)/2 = 5, day 9: 2 → (5 + 2) / 2 = 3.5; change 3.5 − 6.5 = −3.0
    assert week2[i["pain"]] == Cell(Fraction(7, 2), Fraction(-3), 2)
    assert week2[i["stress"]] == Cell(Fraction(8), Fraction(4), 1)
    assert week2[i["peg"]] == Cell(Fraction(4), Fraction(-2), 1)
    assert t.rows[2].cells[i["pain"]] == Cell(None, None, 0)
    assert t.baseline_means[i["psfs"]] is None  # nothing rated


# --- Properties -----------------------------------------------------------------------------

day_pain = st.lists(st.tuples(st.integers(0, 40), st.integers(0, 10)), max_size=60)


@settings(max_examples=60, deadline=None)
@given(day_pain)
def test_daily_means_cover_the_window_and_stay_in_range(entries: list[tuple[int, int]]) -> None:
    w = Window(day(0), day(40))
    s = agg.daily_series([DailyLog(day(d), p) for d, p in entries], "pain", w)
    assert len(s.points) == 41
    logged = {d for d, _ in entries}
    for i, p in enumerate(s.points):
        assert (p.value is None) == (i not in logged)  # gaps exactly where nothing was logged
        if p.value is not None:
            ps = [x for d, x in entries if d == i]
            assert min(ps) <= p.value <= max(ps)


@settings(max_examples=60, deadline=None)
@given(day_pain, st.integers(1, 4))
def test_bucket_preserves_range_and_gaps(entries: list[tuple[int, int]], size: int) -> None:
    s = agg.daily_series([DailyLog(day(d), p) for d, p in entries], "pain", Window(day(0), day(40)))
    b = agg.bucket(s, size * 7)
    if not s.values:
        assert b.is_empty
        return
    assert min(s.values) <= min(b.values) and max(b.values) <= max(s.values)
    for p in b.points:
        assert p.date.weekday() == 0  # buckets start on a Monday
        span = timedelta(days=size * 7)
        inside = [q.value for q in s.points if p.date <= q.date < p.date + span]
        assert (p.value is None) == all(v is None for v in inside)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.one_of(st.none(), st.floats(0, 10)), max_size=40))
def test_rolling_mean_is_a_mean_of_the_last_seven(raw: list[float | None]) -> None:
    s = agg.Series("x", tuple(agg.DayValue(day(i), _f(v)) for i, v in enumerate(raw)))
    r = agg.rolling_mean(s)
    for i, p in enumerate(r.points):
        window = [v for v in raw[max(0, i - 6) : i + 1] if v is not None]
        if len(window) < 4:
            assert p.value is None
        else:
            assert p.value is not None and math.isclose(
                p.value, sum(window) / len(window), abs_tol=1e-9
            )
