"""How a command takes its values, without Typer: the specs that cli.options turns into Typer
options and cli.fast parses itself, so both read one declaration (paintrack.fields).

`typed()` turns the texts given into typed values (domain.values), for both.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from paintrack import fields as F
from paintrack.cli.common import pick_date
from paintrack.domain import values as V
from paintrack.domain.dates import AmbiguousDate


class Opt:
    """A field as one command shows it: optionally not required, or with its own help."""

    __slots__ = ("field", "help", "name", "required")

    def __init__(
        self,
        field: F.Field,
        *,
        required: bool | None = None,
        help: str | None = None,
        name: str | None = None,
    ) -> None:
        self.field = field
        self.required = field.required if required is None else required
        self.help = help or field.help
        self.name = name or field.name


class Arg:
    """An optional positional argument: `paintrack log 5`."""

    __slots__ = ("help", "metavar", "name")

    def __init__(self, name: str, metavar: str, help: str) -> None:
        self.name, self.metavar, self.help = name, metavar, help


class Flag:
    """An on/off option such as `--json`."""

    __slots__ = ("help", "name", "option", "short")

    def __init__(self, name: str, option: str, help: str, short: str | None = None) -> None:
        self.name, self.option, self.help, self.short = name, option, help, short


Spec = F.Field | Opt | Arg | Flag
JSON = Flag("as_json", "--json", "Print JSON (stable keys) instead of text.")


def typed(
    concept: F.Concept, given: dict[str, Any], now: Any, names: Sequence[str] | None = None
) -> dict[str, Any]:
    """The given texts of `concept`'s fields as typed values (None and [] left out).

    A date field gives its day and its time (`--date 2026-03-02T18:30`).
    """
    out: dict[str, Any] = {}
    for name in names if names is not None else list(given):
        raw = given.get(name)
        if raw is None or raw == [] or raw is False:
            continue
        f = concept[name]
        if f.kind == "flag":  # given: on
            out[name] = True
            continue
        try:
            if f.kind == "date" and f.name == "date" and "time" in concept.by_name:
                out["date"], out["time"] = V.when(f, raw, now)
            else:
                out[name] = V.parse(f, raw, now)
        except AmbiguousDate as e:  # 03/04: by PAINTRACK_DATE_ORDER, asked, or refused
            day, time = pick_date(e, now)
            out[name] = day
            if f.name == "date" and "time" in concept.by_name:
                out["time"] = time
    return out
