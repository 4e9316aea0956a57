"""Exact numbers, and the one rounding policy of every output. Pure.

Means are exact fractions, so a threshold such as 30 % is met exactly and never missed by float
error (64/7 → 32/5 is exactly −30 %, which floats make −29.999…). Rounding happens once, for
output, and the screen, `--json`, the charts' labels, the weekly table and md/html/pdf all call
these functions, so they show the same numbers:

- a mean (baseline, current, a week, MME a day, relief): 1 decimal, half away from zero;
- a change (current − baseline): the difference of the two shown means, so a row adds up
  (6.7 → 3.7 is −3.0); where that difference and the exact change fall on different sides of a
  point threshold, the exact change to 2 decimals toward zero instead (+1.96, never a "+2.0"
  that did not meet the 2-point threshold);
- a percent change: a whole percent, toward zero, so a shown "−30 %" always met the 30 %
  threshold and −29.9 % shows as −29 %, never −30 %.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from fractions import Fraction
from functools import lru_cache

MINUS = "\u2212"  # a real minus sign in text (PDF folds it to "-")
NONE_TEXT = "–"  # a number that cannot be given (too few days, nothing logged)
MEAN_PLACES = 1
CHANGE_PLACES = 1
PCT_PLACES = 0

Number = int | float | Fraction


@lru_cache(maxsize=4096)
def _from_float(x: float) -> Fraction:
    return Fraction(str(x))


def exact(x: Number) -> Fraction:
    """The number as typed: 0.1 is 1/10, not its binary neighbour. Floats are cached: diaries
    repeat the same few values, and parsing is the slow part of a review over years of logs."""
    if isinstance(x, Fraction):
        return x
    if isinstance(x, int):
        return Fraction(x)
    return _from_float(x)


def mean(values: Iterable[Fraction]) -> Fraction | None:
    """The exact mean, or None for no values."""
    total, n = Fraction(0), 0
    for v in values:
        total += v
        n += 1
    return total / n if n else None


def percent_change(baseline: Fraction, current: Fraction) -> Fraction | None:
    """(current − baseline) / baseline × 100; undefined (None) from a 0 baseline (domain.md §1.3)."""
    return (current - baseline) / baseline * 100 if baseline else None


def half_up(x: Fraction, places: int) -> Fraction:
    """`x` to `places` decimals, halves away from zero (2.25 → 2.3, −2.25 → −2.3)."""
    scale = 10**places
    n = math.floor(abs(x) * scale + Fraction(1, 2))
    return Fraction(n if x >= 0 else -n, scale)


def toward_zero(x: Fraction, places: int) -> Fraction:
    """`x` to `places` decimals, cut toward zero (−2.57 → −2.5, 29.99 → 29)."""
    scale = 10**places
    return Fraction(math.trunc(x * scale), scale)


# --- The numbers shown (and put in JSON) -------------------------------------------------------
def shown_mean(x: Fraction | None) -> float | None:
    return None if x is None else float(half_up(x, MEAN_PLACES))


def row_change(
    baseline: Fraction | None, current: Fraction | None, threshold: Fraction | None = None
) -> tuple[Fraction, int] | None:
    """The change a row shows and its decimals (see the policy above); None without both."""
    if baseline is None or current is None:
        return None
    shown = half_up(current, MEAN_PLACES) - half_up(baseline, MEAN_PLACES)
    exact_change = current - baseline
    if threshold and (abs(shown) >= threshold) != (abs(exact_change) >= threshold):
        return toward_zero(exact_change, CHANGE_PLACES + 1), CHANGE_PLACES + 1
    return shown, CHANGE_PLACES


def shown_change(row: tuple[Fraction, int] | None) -> float | None:
    return None if row is None else float(row[0])


def shown_pct(x: Fraction | None) -> float | None:
    return None if x is None else float(toward_zero(x, PCT_PLACES))


# --- The same numbers as text ------------------------------------------------------------------
def _text(value: float, places: int, signed: bool) -> str:
    if value == 0:
        return f"{0:.{places}f}"  # never "−0.0" or "+0.0"
    text = f"{value:+.{places}f}" if signed else f"{value:.{places}f}"
    return text.replace("-", MINUS)


def mean_text(x: Fraction | None) -> str:
    """A mean as shown: '6.4', or '–' when there is none."""
    v = shown_mean(x)
    return NONE_TEXT if v is None else _text(v, MEAN_PLACES, signed=False)


def change_text(row: tuple[Fraction, int] | None) -> str:
    """A change as shown (`row_change`), signed: '+2.0', '−2.5', '+1.96', '0.0', or '–'."""
    return NONE_TEXT if row is None else _text(float(row[0]), row[1], signed=True)


def pct_text(x: Fraction | None) -> str:
    """A percent change as shown, signed: '−37 %', '+10 %', '0 %', or '–'."""
    v = shown_pct(x)
    return NONE_TEXT if v is None else _text(v, PCT_PLACES, signed=True) + " %"


def amount_text(x: Fraction) -> str:
    """A total as shown, without a needless '.0': '3250', '8.6' (mg, MME)."""
    text = mean_text(x)
    return text[:-2] if text.endswith(".0") else text
