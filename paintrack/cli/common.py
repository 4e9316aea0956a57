"""What every command shares: the database, the clock, errors at one boundary, output.

Kept light: typer and the standard library only, so `paintrack log` starts fast.
"""

from __future__ import annotations

import contextlib
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import Annotated, Any

import typer

from paintrack import store
from paintrack.domain.dates import parse_when
from paintrack.errors import PaintrackError
from paintrack.render import safe
from paintrack.render.text import paint, use_color
from paintrack.usecases.courses import reevaluate_notice

_state: dict[str, Any] = {"db": None, "notice": True, "now": None}


def set_db_option(value: str | None) -> None:
    _state["db"] = value


def db_option() -> str | None:
    return _state["db"]  # type: ignore[no-any-return]


def clock() -> datetime:
    """The one place that reads the clock; the domain receives dates from here. (Tests may
    hold it still with `freeze`, so a run across midnight cannot change what "today" is.)"""
    held: datetime | None = _state["now"]
    return held if held is not None else datetime.now().replace(microsecond=0)


@contextmanager
def freeze(now: datetime) -> Iterator[None]:
    saved = _state["now"]
    _state["now"] = now
    try:
        yield
    finally:
        _state["now"] = saved


def interactive() -> bool:
    """Whether a person can answer a prompt (stdin is a terminal)."""
    return sys.stdin.isatty()


def err(message: str) -> None:
    """A message on stderr. Every control character is shown as a visible escape (user text
    cannot move the cursor or set a title), but the colours a renderer painted on a terminal."""
    typer.echo(safe.styled(message, colour=use_color(sys.stderr)), err=True)


def out(message: str) -> None:
    """A line of output on stdout, made safe as `err` is."""
    typer.echo(safe.styled(message, colour=use_color(sys.stdout)))


def error_line(message: str) -> str:
    """`Error: …`; the message's user text (a name, a file name) with its controls made visible."""
    return (
        paint("Error:", "bold", "red", color=use_color(sys.stderr)) + " " + safe.terminal(message)
    )


def output_failed(e: OSError) -> int:
    """An OSError that escaped a command (stdout on a full disk, a closed pipe): one line on
    stderr, never a traceback; stdout is pointed at /dev/null so the exit cannot fail again.
    Returns the exit code. (What the command wrote to the database before is kept.)"""
    import os

    with contextlib.suppress(OSError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    if isinstance(e, BrokenPipeError):  # `paintrack history | head`: the reader had enough
        return 1
    what = f"{e.filename}: " if e.filename else "cannot write the output: "
    with contextlib.suppress(OSError):
        sys.stderr.write(error_line(f"{what}{e.strerror or e}.") + "\n")
    return 1


@contextmanager
def user_errors() -> Iterator[None]:
    """Turn expected failures into one line on stderr and their exit code (errors.ExitCode)."""
    try:
        yield
    except PaintrackError as e:
        err(error_line(str(e)))
        raise typer.Exit(int(e.exit_code)) from None


@contextmanager
def opened(path: str | Path | None = None) -> Iterator[store.Db]:
    """Open the database for one command; afterwards, the re-evaluate line if it is due."""
    with user_errors():
        db_path, _ = store.resolve_db_path(path or db_option())
        conn = store.open_db(db_path, now=clock())
        try:
            yield conn
            notice = reevaluate_notice(conn, clock().date())
        finally:
            conn.close()
    if notice and _state["notice"]:
        err(paint(notice, "yellow", color=use_color(sys.stderr)))


@contextmanager
def using_db(path: str, *, notice: bool) -> Iterator[None]:
    """Run commands against `path` (the demo does), optionally without the re-evaluate line."""
    saved = dict(_state)
    _state.update(db=path, notice=notice)
    try:
        yield
    finally:
        _state.update(saved)


def when(text: str | None, now: datetime, option: str = "date") -> tuple[date, str | None]:
    """--date text → (day, time). Default: now."""
    if text is None:
        return now.date(), now.strftime("%H:%M")
    return parse_when(text, now, field=option)


def emit_json(value: object) -> None:
    """The one JSON document of a command, on stdout (messages go to stderr: `err`)."""
    out(safe.json_document(json.dumps(value, indent=2, sort_keys=True, ensure_ascii=False)))


def dated(values: dict[str, Any], now: datetime) -> dict[str, Any]:
    """Values with `date` and `time` set to now when no --date was given."""
    if "date" not in values:
        values = {**values, "date": now.date(), "time": now.strftime("%H:%M")}
    return values


JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON (stable keys) instead of text.")]
