"""NAP, its unbiased variance and interval, and the AB randomisation test, against hand counts
(domain.md §12) and against a plain all-pairs implementation of SingleCaseES's formulas."""

from __future__ import annotations

import math
import random
from datetime import date, timedelta
from fractions import Fraction
from statistics import NormalDist

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from paintrack.domain.single_case import nap, randomisation_test

F = Fraction
DAY0 = date(2026, 3, 1)


def fr(*xs: int) -> list[Fraction]:
    return [F(x) for x in xs]


def all_pairs(a: list[Fraction], b: list[Fraction], lower: bool) -> tuple[Fraction, Fraction]:
    """NAP and the Sen/Mee unbiased variance straight from the Q matrix, as SingleCaseES's
    calc_NAP writes them (Q_ij for A day i, B day j)."""
    m, n = len(a), len(b)
    q = [
        [(F(1) if (y < x if lower else y > x) else F(1, 2) if y == x else F(0)) for y in b]
        for x in a
    ]
    est = sum((sum(row) for row in q), F(0)) / (m * n)
    q1 = sum(sum(row) ** 2 for row in q) / (m * n * n)
    q2 = sum(sum(q[i][j] for i in range(m)) ** 2 for j in range(n)) / (m * m * n)
    x = sum((v * v for row in q for v in row), F(0)) / (m * n)
    var = (est - (m + n - 1) * est**2 + n * q1 + m * q2 - 2 * x) / ((m - 1) * (n - 1))
    return est, var


def newcombe(est: float, m: int, n: int, x: float) -> float:
    h = (m + n) / 2 - 1
    z = NormalDist().inv_cdf(0.975)
    return m * n * (est - x) ** 2 * (2 - x) * (1 + x) - z * z * x * (1 - x) * (
        2 + h + (1 + 2 * h) * x * (1 - x)
    )


def test_worked_example_of_domain_12_1_increase_desirable() -> None:
    # SingleCaseES vignette data. Each B day against the 6 A days (20,20,26,25,22,23):
    # 28→6, 25→4.5 (one tie), 24→4, 27→6, 30→6, 30→6, 29→6: 38.5 of 42 pairs.
    r = nap(fr(20, 20, 26, 25, 22, 23), fr(28, 25, 24, 27, 30, 30, 29), lower_is_better=False)
    assert r.value == F(77, 84) == F(11, 12)
    assert round(float(r.value), 3) == 0.917
    assert (r.m, r.n) == (6, 7)
    # Row sums (per A day): 20,20 → 7 each, 26 → 5, 25 → 5.5, 22 → 7, 23 → 7;
    # Q1 = (4·49 + 25 + 30.25)/(6·49) = 251.25/294; column sums 6,4.5,4,6,6,6,6:
    # Q2 = (5·36 + 20.25 + 16)/(36·7) = 216.25/252; X = (38 + 0.25)/42;
    # V = (11/12 − 12·(11/12)² + 7·Q1 + 6·Q2 − 2X)/30.
    q1, q2, x = F(25125, 29400), F(21625, 25200), F(153, 168)
    by_hand = (F(11, 12) - 12 * F(11, 12) ** 2 + 7 * q1 + 6 * q2 - 2 * x) / 30
    assert r.variance == by_hand == F(1, 210)
    assert r.se == pytest.approx(0.0690, abs=5e-5)
    lo, hi = r.ci
    assert 0 < lo < r.value < hi < 1
    assert newcombe(11 / 12, 6, 7, lo) == pytest.approx(0, abs=1e-9)
    assert newcombe(11 / 12, 6, 7, hi) == pytest.approx(0, abs=1e-9)
    assert (round(lo, 3), round(hi, 3)) == (0.597, 0.986)


def test_pain_lower_is_better_mirrors_the_example() -> None:
    a, b = fr(20, 20, 26, 25, 22, 23), fr(28, 25, 24, 27, 30, 30, 29)
    mirrored = nap([-v for v in a], [-v for v in b], lower_is_better=True)
    assert mirrored.value == F(11, 12)
    assert mirrored.variance == F(1, 210)


def test_ties_count_one_half_by_hand() -> None:
    # Pain (lower is better). A sorted 5,6,6,6,7. B day 5: 4 A days higher + 1 tie = 4.5;
    # 6: 1 + 3 ties = 2.5 (twice); 4 and 3: all 5 higher. 19.5 of 25 pairs.
    r = nap(fr(6, 6, 7, 5, 6), fr(5, 6, 4, 6, 3))
    assert r.value == F(39, 50)
    assert r.variance == all_pairs(fr(6, 6, 7, 5, 6), fr(5, 6, 4, 6, 3), True)[1]


def test_all_tied_is_one_half_with_the_hand_variance() -> None:
    # Every Q_ij = 1/2: Q1 = Q2 = X = 1/4, so V = (1/2 − 9/4 + 5/4 + 5/4 − 1/2)/16 = 1/64.
    r = nap(fr(5, 5, 5, 5, 5), fr(5, 5, 5, 5, 5))
    assert r.value == F(1, 2)
    assert r.variance == F(1, 64)
    assert r.tau == 0


def test_complete_separation() -> None:
    r = nap(fr(8, 7, 9, 8, 8), fr(3, 2, 4, 3, 2))
    assert r.value == 1 and r.variance == 0 and r.se == 0
    assert r.ci[1] == 1.0 and 0 < r.ci[0] < 1


def test_fewer_than_two_days_is_refused() -> None:
    with pytest.raises(ValueError):
        nap(fr(5), fr(4, 3))


values = st.lists(st.integers(0, 10).map(Fraction), min_size=2, max_size=12)


@settings(max_examples=60, deadline=None)
@given(values, values, st.booleans())
def test_sorted_counting_equals_all_pairs(
    a: list[Fraction], b: list[Fraction], lower: bool
) -> None:
    r = nap(a, b, lower_is_better=lower)
    assert (r.value, r.variance) == all_pairs(a, b, lower)
    assert 0 <= r.value <= 1
    assert nap(a, b, lower_is_better=not lower).value == 1 - r.value
    lo, hi = r.ci
    assert 0 <= lo <= float(r.value) <= hi <= 1


# --- The randomisation test (domain.md §12.2) ---------------------------------------------------
def series(*values: int, start: date = DAY0) -> dict[date, Fraction]:
    return {start + timedelta(days=i): F(v) for i, v in enumerate(values)}


def day(n: int) -> date:
    """Day n of the series (1-based), as the course counts."""
    return DAY0 + timedelta(days=n - 1)


def test_randomisation_by_hand_enumeration() -> None:
    # 7,7,7,7,7 then 3,3,3,3,3; admissible starts days 4–8 (k = 5). Drops mean(A) − mean(B):
    # s=4: 7 − 29/7 = 20/7; s=5: 7 − 22/6 = 10/3; s=6: 7 − 3 = 4; s=7: 38/6 − 3 = 10/3;
    # s=8: 41/7 − 3 = 20/7.
    pain = series(7, 7, 7, 7, 7, 3, 3, 3, 3, 3)
    drawn6 = randomisation_test(pain, day(4), day(8), day(6))
    assert drawn6 is not None
    assert (drawn6.observed, drawn6.as_extreme, drawn6.k) == (F(4), 1, 5)
    assert drawn6.p == F(1, 5) == drawn6.smallest_p
    drawn5 = randomisation_test(pain, day(4), day(8), day(5))
    assert drawn5 is not None
    assert drawn5.observed == F(10, 3)
    assert drawn5.p == F(3, 5)  # s = 5, 6 and 7: ties count as "at least as large"
    drawn4 = randomisation_test(pain, day(4), day(8), day(4))
    assert drawn4 is not None and drawn4.p == 1


def test_twenty_starts_give_one_in_twenty() -> None:
    pain = series(*([8] * 14), *([4] * 20))
    t = randomisation_test(pain, day(8), day(27), day(15))
    assert t is not None and t.k == 20 and t.as_extreme == 1 and t.p == F(1, 20)


def test_a_start_without_days_on_one_side_counts_as_extreme() -> None:
    pain = series(7, 7, 7, 3, 3, 3)  # days 1–6 only; starts 2–9, days 7–9 leave B empty
    t = randomisation_test(pain, day(2), day(9), day(4))
    assert t is not None
    assert t.as_extreme == 1 + 3  # the drawn day, and the three starts with no B days


def test_drawn_day_outside_window_is_an_error() -> None:
    with pytest.raises(ValueError):
        randomisation_test(series(1, 2, 3), day(2), day(3), day(1))


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.integers(0, 10), min_size=10, max_size=40),
    st.integers(2, 8),
    st.integers(0, 30),
    st.randoms(use_true_random=False),
)
def test_p_is_a_multiple_of_one_over_k(
    pain: list[int], first: int, extra: int, rnd: random.Random
) -> None:
    last = min(first + extra, len(pain))
    drawn = rnd.randint(first, last)
    s = series(*pain)
    t = randomisation_test(s, day(first), day(last), day(drawn))
    assert t is not None
    k = last - first + 1
    assert t.k == k
    assert (t.p * k).denominator == 1
    assert F(1, k) <= t.p <= 1
    # Shuffling values inside each phase leaves the observed statistic (and the rule) alone.
    a = [v for d, v in s.items() if d < day(drawn)]
    b = [v for d, v in s.items() if d >= day(drawn)]
    rnd.shuffle(a)
    rnd.shuffle(b)
    shuffled = randomisation_test(series(*map(int, a + b)), day(first), day(last), day(drawn))
    assert shuffled is not None and shuffled.observed == t.observed
    flat = randomisation_test(series(*([pain[0]] * len(pain))), day(first), day(last), day(drawn))
    assert flat is not None and flat.p == 1


def test_interval_is_inside_zero_one_for_small_phases() -> None:
    r = nap(fr(4, 5), fr(3, 4))
    assert all(0 <= x <= 1 for x in r.ci)
    assert not math.isnan(r.ci[0])
