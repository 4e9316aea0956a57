"""`paintrack session`, `paintrack log`, `paintrack peg`: what a patient logs. The hot path.

Parse (options from paintrack.fields), call the use-case, print what the renderer returns.
Only the standard library and paintrack's own plain-text renderer load here: cli.root makes the
Typer options from the specs below, cli.fast parses the same specs itself and calls these same
functions without loading Typer.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import date, datetime
from types import ModuleType
from typing import Any

from paintrack import fields as F
from paintrack.cli import common, daily
from paintrack.cli.common import clock, dated, opened, out
from paintrack.cli.specs import Arg, Opt, Spec, typed
from paintrack.models import DailyLog, Peg
from paintrack.render import text as render
from paintrack.usecases import entries
from paintrack.usecases.courses import require_active

S, L, P = F.SESSION, F.DAILY_LOG, F.PEG
SESSION_OPTIONS: tuple[Spec, ...] = (
    Opt(S["pain_before"], required=False),
    Opt(S["pain_after"], required=False),
    S["date"],
    *(S[n] for n in ("minutes", "needles", "techniques", "side_effects")),
    *(S[n] for n in ("points", "practitioner", "cost", "note", "for_clinician")),
)
PAIN_ARGUMENT = Arg(  # `paintrack log 5` = `paintrack log --pain 5`
    "pain_shorthand", "[PAIN]", "Shorthand for --pain: `paintrack log 5`."
)
LOG_OPTIONS: tuple[Spec, ...] = (
    PAIN_ARGUMENT,
    Opt(L["pain"], required=False),
    *(L[n] for n in ("worst", "least", "sleep_hours", "sleep_interference", "stress")),
    *(L[n] for n in ("doses", "activity_ratings", "red_flags", "date", "note", "for_clinician")),
)
PEG_OPTIONS: tuple[Spec, ...] = (
    *(Opt(P[n], required=False) for n in ("pain", "enjoyment", "general_activity")),
    P["date"],
)


def _prompts() -> ModuleType:
    """The prompts (Typer's), loaded only to ask: with values given, nothing of Typer loads."""
    from paintrack.cli import prompts

    return prompts


def _given(given: dict[str, Any]) -> bool:
    """Whether any value was given (`--date` alone is not one: it says which day to ask about)."""
    return any(v not in (None, [], False) for k, v in given.items() if k != "date")


Ask = Callable[[date | None, str | None], dict[str, Any]]


def _values(concept: F.Concept, given: dict[str, Any], now: datetime, ask: Ask) -> dict[str, Any]:
    """The typed values of the flags, or, with none given on a terminal, the answers to `ask`
    about the day of `--date` (today without one)."""
    if not _given(given) and common.interactive():
        when = typed(concept, {"date": given.get("date")}, now)
        return {**ask(when.get("date"), when.get("time")), **when}
    values = typed(concept, given, now)
    _required(concept, values)
    return values


def _required(concept: F.Concept, values: dict[str, Any]) -> None:
    for f in concept:
        if f.required and f.option and values.get(f.name) is None:
            what = {"pain": "your average pain over the last 24 h, 0 to 10"}.get(
                f.name, f.allowed()
            )
            raise f.error(f"given: {what}")


def session(**given: Any) -> None:
    """Log a treatment session of the active course (pain before and after, side effects)."""
    now = clock()
    with opened(daily=True) as conn:
        values = _values(
            S, given, now, lambda day, time: _prompts().ask_session(conn, require_active(conn))
        )
        logged = common.confirming(
            lambda ok: entries.add_session(conn, dated(values, now), now, confirmer(), confirmed=ok)
        )
        out(render.session_logged(logged, now.date(), cols=render.width()))
        if logged.same_day:
            common.err(render.second_session(logged))


def log(pain_shorthand: str | None = None, **given: Any) -> None:
    """Log how you are today (`paintrack log 5` logs pain 5). With no values on a terminal,
    asks for each one."""
    now = clock()
    with opened(daily=True) as conn:
        if pain_shorthand is not None:
            if given.get("pain") is not None:
                raise L["pain"].error("given once: `paintrack log 5` or `--pain 5`", pain_shorthand)
            given["pain"] = pain_shorthand
        values = _values(L, given, now, lambda day, time: _prompts().ask_log(conn, day, time))
        log = DailyLog(**dated(values, now))
        daily.far_back(conn, log.date)
        logged = common.confirming(
            lambda ok: entries.add_log(conn, log, now, confirmer(), confirmed=ok)
        )
        out(render.log_summary(logged.log, f"L{logged.log.id}", now.date()))
        if logged.same_day:
            common.err(render.second_log(logged.same_day))
        color, cols = render.use_color(sys.stderr), render.width()
        if logged.red_flags:
            common.err(render.red_flag_panel(logged.red_flags, color=color, cols=cols))
        if logged.medication_flags:  # domain.md §6.5: at once, on stderr, the record kept
            common.err(
                render.medication_panel(logged.medication_flags, now.date(), color=color, cols=cols)
            )


def confirmer() -> Callable[[str], bool] | None:
    """A yes/no question on the terminal (no answer means no), or None with no one to ask."""
    if not common.interactive():
        return None

    def ask(question: str) -> bool:
        import typer  # only when there is a question: the answer is Typer's prompt

        return bool(typer.confirm(question, default=False, abort=True))

    return ask


def peg(**given: Any) -> None:
    """Log the weekly PEG: pain, enjoyment of life, general activity, over the past week."""
    now = clock()
    with opened(daily=True) as conn:
        values = _values(P, given, now, lambda day, time: _prompts().ask_peg(conn))
        peg = Peg(**dated(values, now))
        daily.far_back(conn, peg.date)
        logged = common.confirming(lambda ok: entries.add_peg(conn, peg, now, confirmed=ok))
        out(render.peg_logged(logged, now.date()))
