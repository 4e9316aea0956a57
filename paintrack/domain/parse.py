"""Text a patient typed → values, with one-line errors naming the option and what is allowed."""

from __future__ import annotations

import math
from collections.abc import Sequence

from paintrack.errors import InvalidValue


def whole(option: str, text: str | None, lo: int, hi: int) -> int | None:
    if text is None:
        return None
    t = text.strip()
    if t.endswith(".0") or t.endswith(",0"):  # spreadsheets write whole numbers as 4.0
        t = t[:-2]
    digits = t[1:] if t.startswith("-") else t
    if not (digits.isascii() and digits.isdigit()):
        raise InvalidValue(option, f"a whole number from {lo} to {hi}", text)
    value = int(t)
    if not lo <= value <= hi:
        raise InvalidValue(option, f"a whole number from {lo} to {hi}", text)
    return value


def number(
    option: str, text: str | None, lo: float, hi: float, *, open_lo: bool = False
) -> float | None:
    if text is None:
        return None
    low = f"more than {lo:g}" if open_lo else f"from {lo:g}"
    allowed = f"a number {low} to {hi:g}"
    try:
        value = float(text.strip().replace(",", "."))
    except ValueError:
        raise InvalidValue(option, allowed, text) from None
    if not math.isfinite(value) or value > hi or value < lo or (open_lo and value == lo):
        raise InvalidValue(option, allowed, text)
    return value


def pairs(option: str, items: Sequence[str], what: str) -> list[tuple[str, str]]:
    """`--med ibuprofen=2` → [('ibuprofen', '2')]."""
    out = []
    for item in items:
        name, sep, value = item.partition("=")
        if not sep or not name.strip() or not value.strip():
            raise InvalidValue(option, f"NAME=VALUE, e.g. {what}", item)
        out.append((name.strip(), value.strip()))
    return out


def codes(option: str, items: Sequence[str], allowed: Sequence[str]) -> tuple[str, ...]:
    out = []
    for item in items:
        for code in item.split(","):
            c = code.strip().lower()
            if c not in allowed:
                raise InvalidValue(option, "one of " + ", ".join(allowed), code.strip())
            if c not in out:
                out.append(c)
    return tuple(out)
