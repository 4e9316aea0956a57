"""How sure is the change? The statistics of a one-patient AB comparison. Pure and exact.

A course with a baseline and then treatment is an AB single-case design (domain.md §12):

- `nap()`: non-overlap of all pairs (Parker & Vannest 2009), exact as a fraction, ties counted
  ½; its variance is the exactly unbiased estimator of Sen (1967) / Mee (1990) as the R package
  SingleCaseES computes it (`NAP(SE = "unbiased")`), and its 95 % interval is SingleCaseES's:
  Newcombe's (2006) symmetrised score inversion ("method 5"). Both assume independent days, which
  daily pain is not, so the interval is too narrow (domain.md §12.1): every output says so.
- `randomisation_test()`: the AB randomisation test (Edgington; Onghena; domain.md §12.2): the
  same series split at each admissible start, p = #{s : stat(s) ≥ stat(observed)} / k.

Counting is sort-based (bisection over the sorted phases), so a course of years stays fast.
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction
from statistics import NormalDist

CONFIDENCE = 0.95  # the interval shown (issue: "95 % CI")
_BISECTIONS = 200  # float bisection steps for the interval's roots: far past double precision


@dataclass(frozen=True, slots=True)
class Nap:
    """NAP of B over A: 1/2 = no difference, 1 = every B day better than every A day."""

    value: Fraction
    variance: Fraction  # Sen/Mee unbiased; can fall below 0 for tiny phases (then no SE)
    ci: tuple[float, float]  # Newcombe's score interval, as SingleCaseES gives it
    m: int  # days in A
    n: int  # days in B

    @property
    def se(self) -> float | None:
        return math.sqrt(self.variance) if self.variance >= 0 else None

    @property
    def tau(self) -> Fraction:
        """Tau (non-overlap) = 2·NAP − 1 (domain.md §12.1)."""
        return 2 * self.value - 1


def nap(a: Sequence[Fraction], b: Sequence[Fraction], *, lower_is_better: bool = True) -> Nap:
    """NAP = (1/mn) Σ_i Σ_j [I(B_j better than A_i) + ½·I(B_j = A_i)] (domain.md §12.1).

    With Q_ij that pair's score, the variance is SingleCaseES's unbiased one:
    V = (NAP − (m+n−1)·NAP² + n·Q1 + m·Q2 − 2·X) / ((m−1)(n−1)), where Q1 = Σ_i (Σ_j Q_ij)² / mn²,
    Q2 = Σ_j (Σ_i Q_ij)² / m²n and X = Σ Q_ij² / mn. Needs at least 2 days in each phase.
    The values are daily means (denominators far below 10⁶), as everywhere in paintrack.
    """
    m, n = len(a), len(b)
    if m < 2 or n < 2:
        raise ValueError("NAP's variance needs at least 2 days in each phase")
    # Ranks from floats, counts in integers: a daily mean is a fraction with a small
    # denominator (logs in a day), so two means are equal exactly when their floats are, and
    # different ones never share a float. Pair scores are kept doubled (2·Q_ij is 0, 1 or 2),
    # so every sum is a whole number and the fractions below are exact.
    sign = -1 if lower_is_better else 1  # "better" = higher after the sign
    xs = sorted(sign * v.numerator / v.denominator for v in a)
    ys = sorted(sign * v.numerator / v.denominator for v in b)
    strict = ties = col_sq = 0  # col_sq: Σ_j (2 · column sum over A)²
    for y in ys:
        below, upto = bisect_left(xs, y), bisect_right(xs, y)
        strict, ties = strict + below, ties + upto - below
        col_sq += (2 * below + upto - below) ** 2
    row_sq = 0  # Σ_i (2 · row sum over B)²
    for x in xs:
        below, upto = bisect_left(ys, x), bisect_right(ys, x)
        row_sq += (2 * (n - upto) + upto - below) ** 2
    mn = m * n
    value = Fraction(2 * strict + ties, 2 * mn)
    q1 = Fraction(row_sq, 4 * m * n * n)
    q2 = Fraction(col_sq, 4 * m * m * n)
    x2 = Fraction(4 * strict + ties, 4 * mn)  # Q_ij² is 1, ¼ or 0
    variance = (value - (m + n - 1) * value**2 + n * q1 + m * q2 - 2 * x2) / ((m - 1) * (n - 1))
    return Nap(value, variance, nap_interval(value, m, n), m, n)


def nap_interval(
    value: Fraction, m: int, n: int, confidence: float = CONFIDENCE
) -> tuple[float, float]:
    """Newcombe's (2006) method 5, the interval SingleCaseES reports for NAP: the two roots of
    f(x) = mn(NAP − x)²(2 − x)(1 + x) − z²·x(1 − x)·(2 + h + (1 + 2h)·x(1 − x)), h = (m+n)/2 − 1,
    one in [0, NAP] and one in [NAP, 1] (0 or 1 itself at the edges)."""
    est = float(value)
    h = (m + n) / 2 - 1
    z = NormalDist().inv_cdf(1 - (1 - confidence) / 2)

    def f(x: float) -> float:
        return m * n * (est - x) ** 2 * (2 - x) * (1 + x) - z * z * x * (1 - x) * (
            2 + h + (1 + 2 * h) * x * (1 - x)
        )

    def root(lo: float, hi: float) -> float:  # f changes sign between lo and hi
        f_lo = f(lo)
        for _ in range(_BISECTIONS):
            mid = (lo + hi) / 2
            if mid in (lo, hi):
                break
            if (f(mid) > 0) == (f_lo > 0):
                lo, f_lo = mid, f(mid)
            else:
                hi = mid
        return (lo + hi) / 2

    lower = root(0.0, est) if est > 0 else 0.0
    upper = root(est, 1.0) if est < 1 else 1.0
    return lower, upper


# --- The randomisation test (domain.md §12.2) ----------------------------------------------------
@dataclass(frozen=True, slots=True)
class RandomisationTest:
    """p = as_extreme / k: the starts whose split gives a drop at least the observed one."""

    observed: Fraction  # mean(A) − mean(B) at the drawn start: the drop in daily pain
    as_extreme: int  # starts s with stat(s) ≥ observed (the drawn one included)
    k: int  # admissible starts

    @property
    def p(self) -> Fraction:
        return Fraction(self.as_extreme, self.k)

    @property
    def smallest_p(self) -> Fraction:
        """1/k: p ≤ 0.05 needs k ≥ 20 (domain.md §12.2)."""
        return Fraction(1, self.k)


def randomisation_test(
    series: Mapping[date, Fraction], first: date, last: date, drawn: date
) -> RandomisationTest | None:
    """The AB randomisation test on daily means: each admissible start from `first` to `last`
    splits the same `series`; p = #{s : drop(s) ≥ drop(drawn)} / k (domain.md §12.2).

    A start that leaves one side without any day has no statistic; it is counted as at least as
    extreme (the conservative choice: p can only grow). None when the drawn split itself has no
    statistic. Prefix sums keep it O(days + k).
    """
    if not first <= drawn <= last:
        raise ValueError("the drawn day lies outside the admissible window")
    days = sorted(series)
    values = [series[d] for d in days]
    total, count = sum(values, Fraction(0)), len(values)
    prefix = [Fraction(0)]
    for v in values:
        prefix.append(prefix[-1] + v)

    def stat(start: date) -> Fraction | None:
        i = bisect_left(days, start)  # days before `start`
        if i == 0 or i == count:
            return None
        return prefix[i] / i - (total - prefix[i]) / (count - i)

    observed = stat(drawn)
    if observed is None:
        return None
    k = (last - first).days + 1
    starts = (first + timedelta(days=i) for i in range(k))
    as_extreme = 0
    for s in starts:
        value = stat(s)
        as_extreme += value is None or value >= observed
    return RandomisationTest(observed, as_extreme, k)
