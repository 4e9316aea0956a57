"""What a field is: `Field`, `Rule`, `Concept`, and the fields several concepts share
(see the package's docstring for what is built from them)."""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any

from paintrack import reference as ref
from paintrack.errors import InvalidValue

NRS = f"{ref.NRS_MIN}-{ref.NRS_MAX}"

#: What each kind holds. int/float: numbers in [lo, hi]; line: one line of text; text: free text;
#: date: an ISO date; time: HH:MM; code: one of `codes`; codes: several of `codes`; children:
#: NAME=VALUE pairs kept as rows of `child`; ref: a row of another concept; texts: a list of
#: free texts (a course's goals), kept as a JSON array; flag: on or off (an option without a
#: value, kept as 0/1); id, stamp: bookkeeping.
KINDS = (
    "int",
    "float",
    "line",
    "text",
    "texts",
    "date",
    "time",
    "code",
    "codes",
    "children",
    "ref",
    "flag",
)
BOOKKEEPING = ("id", "stamp")


class Field:
    """One field of one concept. Everything below the first five arguments is optional."""

    __slots__ = (
        "anchors",
        "better",
        "brief",
        "child",
        "clearable",
        "codes",
        "column",
        "doc",
        "help",
        "hi",
        "key",
        "kind",
        "label",
        "lo",
        "max_len",
        "metavar",
        "name",
        "open_lo",
        "option",
        "prompt",
        "required",
        "short",
        "source",
        "unit",
    )

    def __init__(
        self,
        name: str,
        kind: str,
        label: str,
        help: str,
        *,
        lo: float | None = None,
        hi: float | None = None,
        open_lo: bool = False,
        unit: str | None = None,
        option: str | None = None,
        short: str | None = None,
        metavar: str | None = None,
        clearable: bool = False,
        required: bool = False,
        max_len: int | None = None,
        codes: Mapping[str, object] | Sequence[str] | None = None,
        child: Concept | None = None,
        prompt: str | None = None,
        source: str | None = None,
        column: str | None = None,
        key: str | None = None,
        doc: str | None = None,
        brief: str | None = None,
        anchors: str | None = None,
        better: str | None = None,
    ) -> None:
        assert kind in KINDS or kind in BOOKKEEPING, kind
        self.name = name
        self.kind = kind
        self.label = label
        self.help = help
        self.lo, self.hi, self.open_lo = lo, hi, open_lo
        self.unit = unit
        self.option = option
        self.short = short
        self.metavar = metavar
        self.clearable = clearable
        self.required = required
        self.max_len = max_len
        self.codes: tuple[str, ...] = tuple(codes or ())
        self.child = child
        self.prompt = prompt
        self.source = source
        self.column = name if column is None else column
        self.key = key or name
        self.doc = doc
        self.brief = brief or label  # the word of a one-line summary: `worst 7`, `slept 6.5 h`
        self.anchors = anchors  # what the ends of a scale mean: "0 = no pain, 10 = worst …"
        assert better in (None, "lower", "higher"), better
        self.better = better  # which way is better, for people reading the data elsewhere

    def __repr__(self) -> str:
        return f"Field({self.name!r}, {self.kind!r})"

    @property
    def cli(self) -> str:
        """How messages name the field: its option (`--pain`), else `--name-with-dashes`."""
        return self.option or "--" + self.name.replace("_", "-")

    @property
    def repeatable(self) -> bool:
        return self.kind in ("codes", "children", "texts")

    def allowed(self) -> str:
        """What the field accepts, in the words every error message uses."""
        k = self.kind
        if k == "int":
            return f"a whole number from {self.lo:g} to {self.hi:g}"
        if k == "float":
            low = f"more than {self.lo:g}" if self.open_lo else f"from {self.lo:g}"
            return f"a number {low} to {self.hi:g}"
        if k in ("code", "codes"):
            return "one of " + ", ".join(self.codes)
        if k == "time":
            return "a time of day HH:MM from 00:00 to 23:59"
        if k == "date":
            return "an ISO date such as 2026-03-02"
        if k in ("line", "text"):
            return f"at most {self.max_len} characters"
        if k == "flag":
            return "on or off (true or false)"
        if k == "texts":
            return f"texts of at most {self.max_len} characters each"
        return f"a {self.label}"

    def error(
        self, allowed: str | None = None, got: object | None = None, *refs: Field
    ) -> InvalidValue:
        """An InvalidValue naming this field; `refs` are the fields `allowed` names as {name}."""
        return InvalidValue(
            self.cli,
            self.allowed() if allowed is None else allowed,
            got,
            label=self.label,
            name=self.key,
            refs={f.name: (f.cli, f"the {f.label}") for f in refs},
        )

    def json(self, value: Any) -> Any:
        """The value as JSON holds it: ISO dates, lists of codes, {name: value} for children."""
        if value is None:
            return None
        if self.kind == "date":
            return value.isoformat()
        if self.kind in ("codes", "texts"):
            return list(value)
        if self.kind == "children" and self.child is not None:
            name, amount = [f.name for f in self.child if f.name not in ("id", "daily_log_id")]
            return {getattr(x, name): getattr(x, amount) for x in value}
        return value

    def _check_text(self, value: object, one_line: bool) -> None:
        """Text of at most max_len characters, with no control characters (but newlines, CR
        and tabs in free text)."""
        if not isinstance(value, str):
            raise self.error("text", value)
        if self.max_len is not None and len(value) > self.max_len:
            raise self.error(None, f"{len(value)} characters")
        bad = (_LINE_BAD if one_line else _TEXT_BAD).search(value)
        if bad:
            what = "one line of text" if one_line else "text"
            code = ord(bad.group())
            shown = f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
            where = "a newline" if code == 0x0A else f"the control character {shown}"
            raise self.error(f"{what} without control characters", _Said(f"text with {where}"))

    def check_or(self, value: object, shown: object) -> None:
        """Check `value`; on failure name `shown` (the text as typed) as what was given."""
        try:
            self.check(value)
        except InvalidValue:
            raise self.error(None, shown) from None

    def check(self, value: object) -> None:
        """Refuse a value of the wrong type or out of range (None is always allowed here)."""
        if value is None:
            return
        k = self.kind
        if k == "int":
            ok = type(value) is int and self.lo <= value <= self.hi  # type: ignore[operator]
        elif k == "float":
            ok = _number_ok(value, self.lo, self.hi, self.open_lo)
        elif k in ("line", "text"):
            self._check_text(value, k == "line")
            ok = True
        elif k == "texts":
            if not isinstance(value, tuple):
                raise self.error("a list of texts", value)
            for v in value:
                self._check_text(v, False)
                if not v.strip():
                    raise self.error("texts that are not empty", v)
            ok = len(value) <= MAX_TEXTS
        elif k == "code":
            ok = value in self.codes
        elif k == "codes":
            if not isinstance(value, tuple):
                raise self.error("a list of codes", value)
            for v in value:
                if v not in self.codes:
                    raise self.error(None, v)
            ok = True
        elif k == "time":
            ok = _time_ok(value)
        elif k == "flag":
            ok = isinstance(value, bool)
        else:
            ok = True
        if not ok:
            raise self.error(None, value)


# Names, practitioner, condition, label, medication, activity: one line, no control characters.
# Free text (notes, goals, outcome) may hold newlines, CR and tabs, never other controls (issue 10).
_LINE_BAD = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_TEXT_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


class _Said:
    """What was given, in words (not quoted back like the text itself)."""

    __slots__ = ("words",)

    def __init__(self, words: str) -> None:
        self.words = words

    def __str__(self) -> str:
        return self.words


MAX_TEXTS = 20  # goals of one course: a patient's own few, not a document


def _number_ok(value: object, lo: float | None, hi: float | None, open_lo: bool) -> bool:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        return False
    assert lo is not None and hi is not None
    return lo <= value <= hi and not (open_lo and value == lo)


def _time_ok(value: object) -> bool:
    if not isinstance(value, str) or len(value) != 5 or not value.isascii() or value[2] != ":":
        return False
    hh, mm = value[:2], value[3:]
    return hh.isdigit() and mm.isdigit() and int(hh) <= 23 and int(mm) <= 59


class Rule:
    """A rule between fields of one concept: `holds(blamed, *others)` must be true when all
    the values are given; otherwise the blamed field is refused with `allowed(*others)`."""

    __slots__ = ("allowed", "blame", "holds", "others")

    def __init__(
        self,
        blame: str,
        others: tuple[str, ...],
        holds: Callable[..., bool],
        allowed: Callable[..., str],
    ) -> None:
        self.blame, self.others, self.holds, self.allowed = blame, others, holds, allowed

    @property
    def names(self) -> tuple[str, ...]:
        return (self.blame, *self.others)


class Concept:
    """A concept of product.md: its table, its fields in column order, its rules."""

    __slots__ = ("by_name", "fields", "name", "rules", "table")

    def __init__(
        self, name: str, table: str, fields: Sequence[Field], rules: Sequence[Rule] = ()
    ) -> None:
        self.name, self.table = name, table
        self.fields = tuple(fields)
        self.rules = tuple(rules)
        self.by_name = {f.name: f for f in self.fields}

    def __getitem__(self, name: str) -> Field:
        return self.by_name[name]

    def __iter__(self) -> Iterator[Field]:
        return iter(self.fields)

    @property
    def columns(self) -> tuple[str, ...]:
        """The stored columns of this concept's table (children live in tables of their own)."""
        return tuple(f.column for f in self.fields if f.kind not in ("children",) and _stored(f))

    @property
    def keys(self) -> tuple[str, ...]:
        """The keys of an exported row (references by name, not by row id)."""
        return tuple(f.key for f in self.fields if f.kind != "children" and _stored(f))

    @property
    def options(self) -> tuple[Field, ...]:
        return tuple(f for f in self.fields if f.option)

    def check(self, values: Mapping[str, Any] | object, only: Sequence[str] | None = None) -> None:
        """Check each field and then each rule whose fields are all given.

        `values` is a mapping or a model (read by attribute). With `only`, check just those
        fields and the rules among fields that are all in `only` (a prompt asking one by one).
        """
        get = values.get if isinstance(values, Mapping) else lambda n: getattr(values, n, None)
        names = self.by_name if only is None else only
        for name in names:
            f = self.by_name[name]
            value = get(name)
            if value is None and f.required and f.kind not in BOOKKEEPING:
                raise f.error("given")
            f.check(value)
        for rule in self.rules:
            if only is not None and not set(rule.names) <= set(only):
                continue
            args = [get(n) for n in rule.names]
            if any(a is None for a in args) or rule.holds(*args):
                continue
            others = [self.by_name[n] for n in rule.others]
            raise self.by_name[rule.blame].error(rule.allowed(*args[1:]), args[0], *others)


def _stored(f: Field) -> bool:
    return f.column != ""
