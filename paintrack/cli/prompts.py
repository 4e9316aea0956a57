"""Asking for each value on a terminal, built from the field declarations.

Each answer is read by the same parser as a flag (domain.values) and checked when it is given,
the rules between fields included (least ≤ pain ≤ worst): a bad answer is asked again with the
reason in the prompt's own words, never a flag name. A daily log's defaults are only what the
patient said recently (domain.defaults: the day before at most, never a dose count); a default
that would break a rule with the answers so far is not offered. Ctrl-C (or end of input)
cancels: nothing is written.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

import typer

from paintrack import fields as F
from paintrack import reference as ref
from paintrack import store
from paintrack.cli.common import clock
from paintrack.domain import dates, defaults
from paintrack.domain import values as V
from paintrack.errors import InvalidValue
from paintrack.models import ActivityRating, Course, DailyLog, Dose
from paintrack.render import safe
from paintrack.render.text import fold, width

HOW = "Enter keeps the [value], '-' leaves one out, Ctrl-C cancels."


def _shown(value: object) -> str:
    if value is None or value == () or value == []:
        return ""
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, list | tuple):
        return ",".join(str(v) for v in value)
    return str(value)


def say(text: str) -> None:
    typer.echo(fold(text, width()))


def ask_value(
    label: str,
    default: object,
    read: Callable[[str], Any],
    *,
    required: bool = False,
) -> Any:
    """Ask until the answer reads (`read` raises InvalidValue otherwise). None: left out."""
    shown = _shown(default)
    asked = fold(f"{label} [{safe.line(shown)}]" if shown else label, width() - 2)
    *before, last = asked.split("\n")
    while True:
        for line in before:  # a long question on a phone: its first lines, then the prompt
            typer.echo(line)
        answer = str(typer.prompt(last, default=shown, show_default=False)).strip()
        if answer in ("", "-"):
            if required:
                typer.echo("  An answer is needed here.", err=True)
                continue
            return None
        try:
            return read(answer)
        except InvalidValue as e:
            typer.echo(fold(f"  {e.in_words()}", width()), err=True)


def ask_fields(
    concept: F.Concept, names: Sequence[str], defaults: dict[str, Any], values: dict[str, Any]
) -> dict[str, Any]:
    """Ask for each named field of `concept` in turn, checking it and the rules among the
    answers so far; returns `values` with the answers added."""
    for name in names:
        f = concept[name]
        assert f.prompt is not None, name

        def read(text: str, f: F.Field = f) -> Any:
            value = V.parse(f, [text] if f.repeatable else text)
            given = {**values, f.name: value}
            concept.check(given, only=list(given))
            return value

        value = ask_value(
            f.prompt, _fitting(concept, values, name, defaults), read, required=f.required
        )
        if value is not None and value != ():
            values[name] = value
    return values


def _fitting(
    concept: F.Concept, values: dict[str, Any], name: str, defaults: dict[str, Any]
) -> Any:
    """The default for `name`, unless with the answers so far it would break a rule."""
    default = defaults.get(name)
    if default is None:
        return None
    try:
        concept.check({**values, name: default}, only=[*values, name])
    except InvalidValue:
        return None
    return default


def ask_log(conn: store.Db, day: dt.date | None = None, time: str | None = None) -> dict[str, Any]:
    """Ask for a daily log of `day` (today when None) at `time`; the defaults are those of
    the latest log of that day or the day before, within 36 hours (domain.defaults)."""
    L = F.DAILY_LOG
    now = clock()
    if day is None:
        day, time = now.date(), now.strftime("%H:%M")
    if day == now.date():
        say("How are you today? " + HOW)
    else:
        say(f"How were you on {dates.long(day)}? " + HOW)
    recent = defaults.recent_log(
        store.logs_between(conn, day - dt.timedelta(days=1), day), day, time
    )
    names = ("pain", "worst", "least", "sleep_hours", "sleep_interference", "stress")
    said = {n: getattr(recent, n) for n in names} if recent else {}
    values = ask_fields(L, names, said, {})
    values["doses"] = _doses(conn, day)
    values["activity_ratings"] = _ratings(conn, day, recent)
    say("Red-flag symptom codes: " + ", ".join(ref.RED_FLAGS) + ".")
    values = ask_fields(L, ("red_flags", "note"), {}, values)
    return values


def _doses(conn: store.Db, day: dt.date) -> tuple[Dose, ...]:
    """Each medication still taken on `day`, asked with no default: a count is said or
    nothing is logged (domain.defaults)."""
    count = F.DOSE["count"]
    doses = []
    for m in store.medications(conn):
        if not defaults.still_taken(m, day):
            continue  # stopped: kept in history, no longer asked about

        def read(text: str) -> float:
            return 0.0 if text.strip() in ("0", "0.0") else V.number(count, text)

        n = ask_value(f"Units of {safe.line(m.name)} taken", None, read)
        if n:
            doses.append(Dose(m.name, n))
    return tuple(doses)


def _ratings(conn: store.Db, day: dt.date, recent: DailyLog | None) -> tuple[ActivityRating, ...]:
    last = {r.activity.lower(): r.rating for r in recent.activity_ratings} if recent else {}
    rating = F.ACTIVITY_RATING["rating"]
    out = []
    for a in store.activities(conn):
        if not defaults.still_taken(a, day):
            continue
        r = ask_value(
            f"{safe.line(a.name)}: how well can you do it (0 unable - 10 as before)",
            last.get(a.name.lower()),
            lambda text: V.whole(rating, text),
        )
        if r is not None:
            out.append(ActivityRating(a.name, r))
    return tuple(out)


def ask_session(conn: store.Db, course: Course) -> dict[str, Any]:
    S = F.SESSION
    say(f"Your session of '{safe.line(course.name)}'. " + HOW)
    names = ("pain_before", "pain_after", "minutes", "needles", "techniques", "side_effects")
    defaults = store.last_values(conn, S, names[:-1])  # side effects are asked afresh
    return ask_fields(S, (*names, "note"), defaults, {})


def ask_peg(conn: store.Db) -> dict[str, Any]:
    P = F.PEG
    say("The weekly PEG, about the past week. " + HOW)
    names = ("pain", "enjoyment", "general_activity")
    return ask_fields(P, names, store.last_values(conn, P, names), {})
