"""Every field of every concept (product.md), declared once.

A `Field` says what a value is (kind, range from domain.md, unit), how a person gives it (CLI
option, help, prompt), where it is kept (column, export key) and whether `edit --clear` may empty
it. The models check their values with it; the CLI options, prompts, `edit`, the importers, the
CSV/JSON columns, `history` and docs/schema.md are all built from these tables, so a field is
never described twice. Cross-field rules (least ≤ pain ≤ worst) are declared here too, so every
path (flags, prompts, import, edit) refuses the same way.

Bottom layer: the standard library, `errors` and `reference` only; plain classes with slots keep
the import cheap (it is on the path of `paintrack log`).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any

from paintrack import reference as ref
from paintrack.errors import InvalidValue

NRS = f"{ref.NRS_MIN}-{ref.NRS_MAX}"

#: What each kind holds. int/float: numbers in [lo, hi]; line: one line of text; text: free text;
#: date: an ISO date; time: HH:MM; code: one of `codes`; codes: several of `codes`; children:
#: NAME=VALUE pairs kept as rows of `child`; ref: a row of another concept; id, stamp: bookkeeping.
KINDS = ("int", "float", "line", "text", "date", "time", "code", "codes", "children", "ref")
BOOKKEEPING = ("id", "stamp")


class Field:
    """One field of one concept. Everything below the first five arguments is optional."""

    __slots__ = (
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
        self.column = column or name
        self.key = key or name
        self.doc = doc

    def __repr__(self) -> str:
        return f"Field({self.name!r}, {self.kind!r})"

    @property
    def cli(self) -> str:
        """How messages name the field: its option (`--pain`), else `--name-with-dashes`."""
        return self.option or "--" + self.name.replace("_", "-")

    @property
    def repeatable(self) -> bool:
        return self.kind in ("codes", "children")

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
            if not isinstance(value, str):
                raise self.error("text", value)
            if self.max_len is not None and len(value) > self.max_len:
                raise self.error(None, f"{len(value)} characters")
            ok = True
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
        else:
            ok = True
        if not ok:
            raise self.error(None, value)


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


# --- Shared fields -------------------------------------------------------------------------------
def _id(letter: str | None = None) -> Field:
    shown = f"; shown as `{letter}<id>`" if letter else ""
    return Field("id", "id", "row id", "row id", doc="row id" + shown)


CREATED = Field("created_at", "stamp", "time written", "when the row was written")
DATE_HELP = "2026-03-02, 2026-03-02T18:30, today, yesterday, 'N days ago' or a weekday name"


def _date(what: str) -> Field:
    return Field(
        "date",
        "date",
        "date",
        f"When: {DATE_HELP}. Default: now.",
        option="--date",
        short="-d",
        metavar="DATE",
        doc=f"the day of the {what} (the time is the `time` column)",
    )


TIME = Field(
    "time",
    "time",
    "time",
    "time of day, HH:MM",
    clearable=True,
    doc="time of day, `HH:MM`, local time; empty when only the day was given",
)
NOTE = Field(
    "note",
    "text",
    "note",
    "A note in your own words.",
    option="--note",
    short="-n",
    metavar="TEXT",
    clearable=True,
    max_len=2000,
    prompt="Note",
    doc="free text",
)


def _nrs(name: str, label: str, help: str, prompt: str | None, **kw: Any) -> Field:
    """A 0–10 rating (domain.md §1.1, §1.4, §2, §5)."""
    return Field(
        name,
        "int",
        label,
        help,
        lo=ref.NRS_MIN,
        hi=ref.NRS_MAX,
        option="--" + name.replace("_", "-"),
        metavar=NRS,
        prompt=prompt,
        **kw,
    )


# --- Course ---------------------------------------------------------------------------------------
COURSE = Concept(
    "course",
    "courses",
    (
        _id(),
        Field(
            "name",
            "line",
            "course name",
            "A short name, e.g. 'back-2026'.",
            option="NAME",
            required=True,
            max_len=100,
            doc="short unique name (case-insensitive)",
        ),
        Field(
            "therapy",
            "line",
            "therapy",
            "The therapy.",
            option="--therapy",
            metavar="TEXT",
            max_len=500,
            doc="default `acupuncture`",
        ),
        Field(
            "condition",
            "line",
            "condition",
            "What is treated, e.g. 'low back pain'.",
            option="--condition",
            metavar="TEXT",
            max_len=500,
            doc="what is treated",
        ),
        Field(
            "practitioner",
            "line",
            "practitioner",
            "Who treats you.",
            option="--practitioner",
            metavar="TEXT",
            max_len=500,
            doc="who treats",
        ),
        Field(
            "start",
            "date",
            "course start",
            "When the course starts. Default: today.",
            option="--start",
            metavar="DATE",
            doc="date the course starts",
        ),
        Field(
            "sessions_planned",
            "int",
            "number of sessions",
            "Re-evaluate after this many sessions.",
            lo=1,
            hi=ref.MAX_SESSIONS,
            option="--sessions",
            metavar=f"1-{ref.MAX_SESSIONS}",
            source="domain.md §9",
            doc="the re-evaluate point in sessions (raised by a `continue` decision under a plan)",
        ),
        Field(
            "days_planned",
            "int",
            "number of days",
            "...or this many days after the first session.",
            lo=1,
            hi=ref.MAX_DAYS,
            option="--days",
            metavar=f"1-{ref.MAX_DAYS}",
            doc="the re-evaluate point in days after the first session",
        ),
        Field(
            "plan",
            "code",
            "coverage plan",
            "A coverage plan: "
            + "; ".join(f"{p.name} = {p.summary}" for p in ref.PLANS.values())
            + ".",
            option="--plan",
            metavar="PLAN",
            codes=ref.PLANS,
            source="domain.md §8",
            doc="a coverage plan, e.g. `medicare-clbp` (domain.md §8)",
        ),
        Field(
            "goals",
            "text",
            "goals",
            "What success means to you, in your words.",
            option="--goals",
            metavar="TEXT",
            max_len=500,
            doc="what success means, in the patient's words",
        ),
        Field(
            "ended",
            "date",
            "end date",
            "When it ended. Default: today.",
            option="--date",
            short="-d",
            metavar="DATE",
            doc="date the course ended, empty while active",
        ),
        Field(
            "outcome",
            "text",
            "outcome",
            "How it ended, e.g. 'helped, continuing monthly'.",
            option="--outcome",
            metavar="TEXT",
            max_len=500,
            doc="how it ended, in the patient's words",
        ),
        CREATED,
    ),
    (
        Rule(
            "ended",
            ("start",),
            lambda ended, start: ended >= start,
            lambda start: f"on or after the course start {start}",
        ),
    ),
)


# --- Session --------------------------------------------------------------------------------------
SESSION = Concept(
    "session",
    "sessions",
    (
        _id("S"),
        Field(
            "course_id",
            "ref",
            "course",
            "the course",
            key="course",
            doc="the course (`courses.id`); exported as its name, `course`",
        ),
        _date("session"),
        TIME,
        _nrs(
            "pain_before",
            "pain before the session",
            "Pain right before needling (0 none, 10 worst).",
            "Pain right before needling (0 none - 10 worst)",
            required=True,
            source="domain.md §1.3, §9",
            doc="pain right before needling, 0–10",
        ),
        _nrs(
            "pain_after",
            "pain after the session",
            "Pain right after, before you leave.",
            "Pain right after, before you left (0-10)",
            required=True,
            source="domain.md §1.3, §9",
            doc="pain right after needling, 0–10",
        ),
        Field(
            "minutes",
            "int",
            "length in minutes",
            "How long the session lasted.",
            lo=1,
            hi=ref.SESSION_MINUTES_MAX,
            unit="min",
            option="--minutes",
            metavar="MIN",
            clearable=True,
            prompt="How many minutes it lasted",
            source="domain.md §9",
            doc="length of the session",
        ),
        Field(
            "needles",
            "int",
            "number of needles",
            "How many needles.",
            lo=0,
            hi=ref.SESSION_NEEDLES_MAX,
            option="--needles",
            metavar="K",
            clearable=True,
            prompt="How many needles",
            source="domain.md §9",
            doc="number of needles",
        ),
        Field(
            "techniques",
            "codes",
            "technique",
            "Repeatable: " + ", ".join(ref.TECHNIQUES) + ".",
            option="--technique",
            metavar="T",
            codes=ref.TECHNIQUES,
            clearable=True,
            prompt="Techniques (" + ", ".join(ref.TECHNIQUES) + "), or Enter for none",
            doc="JSON array of " + ", ".join(f"`{c}`" for c in ref.TECHNIQUES),
        ),
        Field(
            "side_effects",
            "codes",
            "side effect",
            "Repeatable: " + ", ".join(ref.SIDE_EFFECTS) + ".",
            option="--side-effect",
            metavar="S",
            codes=ref.SIDE_EFFECTS,
            clearable=True,
            prompt="Side effects (" + ", ".join(ref.SIDE_EFFECTS) + "), or Enter for none",
            source="domain.md §10.2",
            doc="JSON array of " + ", ".join(f"`{c}`" for c in ref.SIDE_EFFECTS),
        ),
        Field(
            "points",
            "text",
            "points",
            "Points used, as your practitioner says them.",
            option="--points",
            metavar="TEXT",
            clearable=True,
            max_len=2000,
            doc="points used, free text",
        ),
        Field(
            "practitioner",
            "line",
            "practitioner",
            "Who treated you (default: the course's).",
            option="--practitioner",
            metavar="TEXT",
            clearable=True,
            max_len=2000,
            doc="who treated",
        ),
        Field(
            "cost",
            "float",
            "cost",
            "What it cost.",
            lo=0,
            hi=100_000,
            option="--cost",
            metavar="AMOUNT",
            clearable=True,
            doc="what it cost",
        ),
        NOTE,
        CREATED,
    ),
)


# --- Daily log and its children -------------------------------------------------------------------
DOSE = Concept(
    "dose",
    "doses",
    (
        _id(),
        Field("daily_log_id", "ref", "daily log", "the daily log", doc="the daily log it was counted in"),
        Field(
            "medication",
            "ref",
            "medication",
            "a listed medication",
            column="medication_id",
            doc="the medication (`medications.id`); exported as its name, `medication`",
        ),
        Field(
            "count",
            "float",
            "units taken",
            "units taken",
            lo=0,
            hi=ref.DOSE_COUNT_MAX,
            open_lo=True,
            option="--med",
            doc="units taken (may be fractional, e.g. 0.5)",
        ),
    ),
)
ACTIVITY_RATING = Concept(
    "activity rating",
    "activity_ratings",
    (
        _id(),
        Field("daily_log_id", "ref", "daily log", "the daily log", doc="the daily log"),
        Field(
            "activity",
            "ref",
            "activity",
            "a chosen activity",
            column="activity_id",
            doc="the activity (`activities.id`); exported as its name, `activity`",
        ),
        Field(
            "rating",
            "int",
            "rating",
            "0 unable … 10 as before",
            lo=ref.PSFS_MIN,
            hi=ref.PSFS_MAX,
            option="--activity",
            source="domain.md §3.1",
            doc="0 (unable) to 10 (able as before the problem)",
        ),
    ),
)
RED_FLAG = Concept(
    "red flag",
    "red_flags",
    (
        _id(),
        Field("daily_log_id", "ref", "daily log", "the daily log", doc="the daily log"),
        Field(
            "code",
            "code",
            "red flag",
            "a red-flag code",
            codes=ref.RED_FLAGS,
            option="--red-flag",
            source="domain.md §10.1",
            doc="a red-flag code (docs/red-flags.md)",
        ),
    ),
)

RED_FLAG_HELP = "; ".join(f"{f.code} = {f.label}" for f in ref.RED_FLAGS.values())

DAILY_LOG = Concept(
    "daily log",
    "daily_logs",
    (
        _id("L"),
        _date("log"),
        TIME,
        _nrs(
            "pain",
            "average pain",
            "Average pain over the last 24 h (0 none, 10 worst). Required.",
            "Average pain over the last 24 h (0 none - 10 worst)",
            short="-p",
            required=True,
            source="domain.md §1.4",
            doc="average pain over the last 24 h, 0–10 (required)",
        ),
        _nrs(
            "worst",
            "worst pain",
            "Worst pain in the last 24 h.",
            "Worst pain (0-10)",
            clearable=True,
            source="domain.md §1.4",
            doc="worst pain in the last 24 h, 0–10",
        ),
        _nrs(
            "least",
            "least pain",
            "Least pain in the last 24 h.",
            "Least pain (0-10)",
            clearable=True,
            source="domain.md §1.4",
            doc="least pain in the last 24 h, 0–10",
        ),
        Field(
            "sleep_hours",
            "float",
            "hours slept",
            "Hours slept.",
            lo=0,
            hi=ref.SLEEP_HOURS_MAX,
            unit="h",
            option="--sleep-hours",
            metavar="0-24",
            clearable=True,
            prompt="Hours slept",
            doc="hours slept, 0–24",
        ),
        _nrs(
            "sleep_interference",
            "sleep interference",
            "How much pain interfered with sleep (0 not at all).",
            "How much pain interfered with sleep (0-10)",
            clearable=True,
            source="domain.md §5",
            doc="how much pain interfered with sleep, 0–10",
        ),
        _nrs(
            "stress",
            "stress",
            "Stress (0 none, 10 worst imaginable).",
            "Stress (0-10)",
            clearable=True,
            source="domain.md §5",
            doc="stress, 0–10",
        ),
        Field(
            "doses",
            "children",
            "medication",
            "Repeatable: units taken of a listed medication, e.g. ibuprofen=2.",
            option="--med",
            metavar="NAME=COUNT",
            clearable=True,
            child=DOSE,
            doc="rows of `doses`",
        ),
        Field(
            "activity_ratings",
            "children",
            "activity",
            "Repeatable: how well you can do a chosen activity (0 unable, 10 as before), "
            "e.g. walking=6.",
            option="--activity",
            metavar="NAME=N",
            clearable=True,
            child=ACTIVITY_RATING,
            doc="rows of `activity_ratings`",
        ),
        Field(
            "red_flags",
            "codes",
            "red flag",
            f"Repeatable: a red-flag symptom. Codes: {RED_FLAG_HELP}.",
            option="--red-flag",
            metavar="CODE",
            codes=ref.RED_FLAGS,
            clearable=True,
            prompt="Any red-flag symptom? Code(s), or Enter for none",
            source="domain.md §10.1",
            column="",  # kept as rows of `red_flags`
            doc="rows of `red_flags`",
        ),
        NOTE,
        CREATED,
    ),
    (
        Rule(
            "worst",
            ("pain",),
            lambda worst, pain: worst >= pain,
            lambda pain: f"at least {{pain}} ({pain})",
        ),
        Rule(
            "least",
            ("pain",),
            lambda least, pain: least <= pain,
            lambda pain: f"at most {{pain}} ({pain})",
        ),
    ),
)


# --- PEG ------------------------------------------------------------------------------------------
PEG = Concept(
    "PEG",
    "pegs",
    (
        _id("P"),
        _date("PEG"),
        TIME,
        _nrs(
            "pain",
            "PEG pain",
            "Your pain on average in the past week.",
            "Pain on average in the past week (0 none - 10 worst)",
            required=True,
            source="domain.md §2",
            doc="P: pain on average in the past week, 0–10",
        ),
        _nrs(
            "enjoyment",
            "enjoyment of life",
            "How pain interfered with your enjoyment of life.",
            "How pain interfered with your enjoyment of life (0 not at all - 10 completely)",
            required=True,
            source="domain.md §2",
            doc="E: interference with enjoyment of life, 0–10",
        ),
        _nrs(
            "general_activity",
            "general activity",
            "How pain interfered with your general activity.",
            "How pain interfered with your general activity (0-10)",
            required=True,
            source="domain.md §2",
            doc="G: interference with general activity, 0–10",
        ),
        CREATED,
    ),
)


# --- Medication, activity, decision ---------------------------------------------------------------
MEDICATION = Concept(
    "medication",
    "medications",
    (
        _id(),
        Field(
            "name",
            "line",
            "medication name",
            "The name you will log it by, e.g. ibuprofen.",
            option="NAME",
            required=True,
            max_len=100,
            doc="unique name (case-insensitive) used in `--med NAME=COUNT`",
        ),
        Field(
            "kind",
            "code",
            "kind",
            "One of: " + ", ".join(ref.MED_KINDS) + ".",
            option="--kind",
            metavar="KIND",
            codes=ref.MED_KINDS,
            required=True,
            source="domain.md §6",
            doc=", ".join(f"`{k}`" for k in ref.MED_KINDS),
        ),
        Field(
            "strength",
            "float",
            "strength",
            "Strength of one unit, e.g. 200.",
            lo=0,
            hi=100_000,
            open_lo=True,
            option="--strength",
            metavar="X",
            doc="strength of one unit, e.g. 200 (with `unit`)",
        ),
        Field(
            "unit",
            "code",
            "unit",
            "One of: " + ", ".join(ref.MED_UNITS) + ".",
            option="--unit",
            metavar="UNIT",
            codes=ref.MED_UNITS,
            doc=", ".join(f"`{u}`" for u in ref.MED_UNITS),
        ),
        Field(
            "mme_factor",
            "float",
            "MME factor",
            "Opioids only; known by name from the CDC 2022 table: "
            + ", ".join(f"{k} {v:g}" for k, v in ref.MME_FACTORS.items())
            + ".",
            lo=0,
            hi=100,
            open_lo=True,
            option="--mme-factor",
            metavar="F",
            source="domain.md §6.1",
            doc="CDC 2022 MME conversion factor, opioids only (domain.md §6.1)",
        ),
        CREATED,
    ),
)
ACTIVITY = Concept(
    "activity",
    "activities",
    (
        _id(),
        Field(
            "name",
            "line",
            "activity name",
            "An activity pain makes hard, e.g. walking.",
            option="NAME",
            required=True,
            max_len=60,
            source="domain.md §3.1",
            doc="unique name (case-insensitive) used in `--activity NAME=N`",
        ),
        CREATED,
    ),
)
DECISION = Concept(
    "decision",
    "decisions",
    (
        _id(),
        Field("course_id", "ref", "course", "the course", key="course", doc="the course (`courses.id`); exported as its name, `course`"),
        Field("date", "date", "date", "the day it was recorded", doc="the day it was recorded"),
        Field(
            "impression",
            "int",
            "impression of change",
            "Record your global impression of change (PGIC): "
            + "; ".join(f"{k} = {v}" for k, v in ref.PGIC_LABELS.items())
            + ".",
            lo=1,
            hi=7,
            option="--impression",
            metavar="1-7",
            source="domain.md §4",
            doc="PGIC 1–7 (domain.md §4), empty if not given",
        ),
        Field(
            "choice",
            "code",
            "decision",
            "Record the decision you made with your practitioner.",
            option="--decide",
            metavar="continue|change|stop",
            codes=ref.DECISIONS,
            doc="`continue`, `change` or `stop`, empty if only an impression was recorded",
        ),
        Field(
            "verdict",
            "code",
            "verdict",
            "the review's verdict that day",
            codes=ref.VERDICTS,
            doc="the review's verdict on that day",
        ),
        CREATED,
    ),
)

#: Every concept with a table, in the order an import needs them.
CONCEPTS = (COURSE, MEDICATION, ACTIVITY, SESSION, DAILY_LOG, DOSE, ACTIVITY_RATING, RED_FLAG, PEG, DECISION)
