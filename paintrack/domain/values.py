"""Text a person typed (a flag, a prompt answer, a spreadsheet cell) → the value of a declared
field (paintrack.fields). One parser per kind, so every input path reads text the same way and
refuses it with the same message. Pure: dates resolve against the `now` the caller passes.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Sequence
from typing import Any

from paintrack import fields as F
from paintrack import reference as ref
from paintrack.domain.dates import parse_when
from paintrack.errors import InvalidValue
from paintrack.models import ActivityRating, Dose, Ingredient

_EXAMPLES = {"doses": "ibuprofen=2", "activity_ratings": "walking=6"}
SUGGEST_CUTOFF = 0.65  # difflib ratio for "did you mean": oxycodon, ibuprofin, OxyContin


def whole(field: F.Field, text: str) -> int:
    t = text.strip()
    if t.endswith(".0") or t.endswith(",0"):  # spreadsheets write whole numbers as 4.0
        t = t[:-2]
    digits = t[1:] if t.startswith("-") else t
    if not (digits.isascii() and digits.isdigit()) or len(digits) > 18:  # int() refuses 4300+
        raise field.error(None, text)
    value = int(t)
    field.check_or(value, text)
    return value


def number(field: F.Field, text: str) -> float:
    try:
        value = float(text.strip().replace(",", "."))
    except ValueError:
        raise field.error(None, text) from None
    if not math.isfinite(value):
        raise field.error(None, text)
    field.check_or(value, text)
    return value


def codes(field: F.Field, items: Sequence[str]) -> tuple[str, ...]:
    """Codes, repeated or comma-separated, case-insensitive, each once, in the order given."""
    out: list[str] = []
    for item in items:
        for code in item.split(","):
            c = code.strip().lower()
            if not c:
                continue
            if c not in field.codes:
                raise field.error(None, code.strip())
            if c not in out:
                out.append(c)
    return tuple(out)


def code(field: F.Field, text: str) -> str:
    c = text.strip().lower()
    if field is F.MEDICATION["kind"]:
        c = ref.KIND_SYNONYMS.get(c, c)  # --kind paracetamol is acetaminophen (domain.md §6.4)
    elif field is F.INGREDIENT["unit"]:
        c = ref.UNIT_SYNONYMS.get(c, c)  # µg, mcg/hr as labels write them
    if c not in field.codes:
        if field is F.MEDICATION["kind"]:
            raise field.error(field.allowed() + did_you_mean(c, field.codes), text)
        raise field.error(None, text)
    return c


def command(*words: str) -> str:
    """A command to copy into a shell, each word quoted where it needs it:
    `paintrack med add 'tylenol extra strength'`."""
    import shlex

    return shlex.join(("paintrack", *words))


def close_match(text: str, candidates: Sequence[str], cutoff: float = SUGGEST_CUTOFF) -> str | None:
    """The candidate `text` most likely misspells (any case), or None (difflib, standard
    library: loaded only when something was not found)."""
    import difflib

    by_lower = {c.lower(): c for c in candidates}
    hits = difflib.get_close_matches(text.strip().lower(), list(by_lower), n=1, cutoff=cutoff)
    return by_lower[hits[0]] if hits else None


def did_you_mean(text: str, candidates: Sequence[str], cutoff: float = SUGGEST_CUTOFF) -> str:
    """' (did you mean 'oxycodone'?)', or '' when nothing is close."""
    hit = close_match(text, candidates, cutoff)
    return f" (did you mean '{hit}'?)" if hit is not None and hit.lower() != text.lower() else ""


def close_substance(text: str, cutoff: float = SUGGEST_CUTOFF) -> str | None:
    """The known substance a name (or one of its words) most likely misspells: 'oxycodon',
    'OxyContin ER' → oxycodone. None when it names a known one, or none is close."""
    if ref.substances_in(text):
        return None
    known = [*ref.SUBSTANCES, *ref.SUBSTANCE_SYNONYMS]
    for word in (text, *text.replace("/", " ").replace("-", " ").split()):
        if len(word) >= 4 and (hit := close_match(word, known, cutoff)) is not None:
            return ref.SUBSTANCE_SYNONYMS.get(hit, hit)
    return None


_STRENGTH = re.compile(r"^\s*([0-9]+(?:[.,][0-9]+)?)\s*([^\s0-9.,][^\s]*)?\s*$")


def ingredient(field: F.Field, text: str) -> Ingredient:
    """`oxycodone=5mg`, `acetaminophen = 325 mg`, `fentanyl=25mcg/h` → an Ingredient (the
    unit is mg when left out). Errors name `--ingredient` and say what it allows."""
    example = "GENERIC=STRENGTH[UNIT], e.g. oxycodone=5mg"
    name, sep, rest = text.partition("=")
    m = _STRENGTH.match(rest)
    if not sep or not name.strip() or m is None:
        raise field.error(example, text)
    strength = F.INGREDIENT["strength"]
    amount = float(m.group(1).replace(",", "."))
    if not 0 < amount <= (strength.hi or 0):
        raise field.error(f"{example}, with a strength {strength.allowed()}", text)
    unit = ref.UNIT_SYNONYMS.get((m.group(2) or "mg").lower(), (m.group(2) or "mg").lower())
    if unit not in ref.MED_UNITS:
        raise field.error(f"{example}, with a unit of {', '.join(ref.MED_UNITS)}", text)
    try:
        return Ingredient(name.strip(), amount, unit)
    except InvalidValue as e:
        raise field.error(f"GENERIC=STRENGTH[UNIT] with {e.label} {e.allowed}", text) from None


def pairs(field: F.Field, items: Sequence[str]) -> list[tuple[str, str]]:
    """`--med ibuprofen=2` → [('ibuprofen', '2')]."""
    out = []
    for item in items:
        name, sep, value = item.partition("=")
        if not sep or not name.strip() or not value.strip():
            example = _EXAMPLES.get(field.name, "name=value")
            raise field.error(f"NAME=VALUE, e.g. {example}", item)
        out.append((name.strip(), value.strip()))
    return out


def children(field: F.Field, items: Sequence[str]) -> tuple[Any, ...]:
    """Doses (`ibuprofen=2`) or activity ratings (`walking=6`) from NAME=VALUE pairs."""
    if field.name == "doses":
        count = F.DOSE["count"]
        return tuple(Dose(n, number(count, v)) for n, v in pairs(field, items))
    if field.name == "ingredients":
        return tuple(ingredient(field, item) for item in items)
    rating = F.ACTIVITY_RATING["rating"]
    return tuple(ActivityRating(n, whole(rating, v)) for n, v in pairs(field, items))


def when(field: F.Field, text: str, now: dt.datetime) -> tuple[dt.date, str | None]:
    """A date as typed (see domain.dates) → (day, 'HH:MM' or None)."""
    return parse_when(text, now, field=field.cli.lstrip("-") if field.option else field.name)


def parse(field: F.Field, raw: str | Sequence[str], now: dt.datetime | None = None) -> Any:
    """The value of `field` from text: one string, or a list for repeatable fields."""
    k = field.kind
    if k == "children":
        return children(field, _items(raw))
    if k == "codes":
        return codes(field, _items(raw))
    if k == "texts":  # repeated: one text each, kept as typed (blank ones left out)
        found = tuple(t for t in _items(raw) if t.strip())
        field.check(found)
        return found
    assert isinstance(raw, str)
    if k == "int":
        return whole(field, raw)
    if k == "float":
        return number(field, raw)
    if k == "code":
        return code(field, raw)
    if k == "date":
        assert now is not None, "dates resolve against now"
        return when(field, raw, now)[0]
    if k in ("line", "text"):
        field.check(raw)
        return raw
    if k == "time":
        field.check(raw)
        return raw
    raise InvalidValue(field.cli, f"given another way ({k} fields are not typed)")


def _items(raw: str | Sequence[str]) -> list[str]:
    return [raw] if isinstance(raw, str) else list(raw)


ENTRY_LETTERS = {"S": "session", "L": "log", "P": "peg"}


def parse_ref(text: str) -> tuple[str, int]:
    """'L12' → ('L', 12). The letter says the kind: S session, L daily log, P PEG."""
    t = text.strip().upper()
    digits = t[1:]
    if len(t) < 2 or t[0] not in ENTRY_LETTERS or not (digits.isascii() and digits.isdigit()):
        raise InvalidValue("ID", "an entry id from `paintrack history`, like L12, S3 or P2", text)
    if len(digits) > 18:  # beyond SQLite's integers (2**63): no such entry
        raise InvalidValue("ID", "an entry id from `paintrack history`, like L12, S3 or P2", text)
    return t[0], int(digits)
