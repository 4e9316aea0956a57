"""What every command shares: the database, the clock, errors at one boundary, output.

Kept light: the standard library only, so `paintrack log` starts fast. Typer is imported here
only to ask (a prompt, a confirmation), and its echo is used once it is loaded (the Typer app, its
test runner): the daily commands' fast path (cli.fast) runs these same functions without it.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import Any, NoReturn, TypeVar

from paintrack import store
from paintrack.domain.dates import ORDERS, AmbiguousDate, long, parse_when, resolved
from paintrack.errors import InvalidValue, PaintrackError
from paintrack.render import safe
from paintrack.render.text import fold, paint, use_color, width

_state: dict[str, Any] = {"db": None, "notice": True, "now": None, "fast": None}
_ANSI = re.compile(r"\033\[[;?0-9]*[a-zA-Z]")


def echo(message: str, *, err: bool = False) -> None:
    """One line of output, as click's echo writes it: off a terminal, without colour codes.
    Under the Typer app it is click's echo itself (its test runner redirects that)."""
    if "typer" in sys.modules:
        import typer

        typer.echo(message, err=err)
        return
    stream = sys.stderr if err else sys.stdout
    text = message + "\n"
    try:
        tty = stream.isatty()
    except Exception:
        tty = False
    stream.write(text if tty else _ANSI.sub("", text))
    stream.flush()


def exit_with(code: int) -> NoReturn:
    """End the command with `code`: Typer's Exit under the app, SystemExit on the fast path."""
    if _state["fast"] is None:
        import typer

        raise typer.Exit(code)
    raise SystemExit(code)


def set_db_option(value: str | None) -> None:
    with user_errors():  # --db "" never quietly means the default diary, for any command
        store.resolve_db_path(value)
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
    echo(safe.styled(message, colour=use_color(sys.stderr)), err=True)


def out(message: str) -> None:
    """A message on stdout, made safe as `err` is, each line folded to the terminal's width (a
    phone's 40 columns); piped output without COLUMNS is left unfolded, so a script reads whole
    lines and paths."""
    message = safe.styled(message, colour=use_color(sys.stdout))
    echo(fold(message, width()) if folding() else message)


def folding(stream: Any = None) -> bool:
    """Whether output to `stream` (stdout) is for a screen of known width: a terminal, or
    COLUMNS set."""
    stream = sys.stdout if stream is None else stream
    return bool(os.environ.get("COLUMNS")) or bool(getattr(stream, "isatty", lambda: False)())


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


def cancelled() -> int:
    """An answer refused or Ctrl-C/Ctrl-D at a prompt: one line; the exit code (1)."""
    # At a terminal the cursor is after "^C": start the message on its own line.
    sys.stderr.write(("\n" if sys.stderr.isatty() else "") + "Cancelled: nothing was saved.\n")
    return 1


def aborted(e: BaseException) -> bool:
    """Whether `e` is Typer's Abort (a refused confirmation), without importing Typer."""
    if "typer" not in sys.modules:
        return False
    import typer

    return isinstance(e, typer.Abort)


def internal_error(e: BaseException) -> int:
    """Anything unexpected is a bug: one line without a traceback (PAINTRACK_DEBUG=1 raises it
    again, for the traceback). Call it inside the `except`. Returns the exit code (1)."""
    if os.environ.get("PAINTRACK_DEBUG"):
        raise
    sys.stderr.write(
        f"Internal error ({type(e).__name__}): {safe.terminal(str(e))}. Nothing was saved "
        "by this command. "
        "Run again with PAINTRACK_DEBUG=1 for details.\n"
    )
    return 1


@contextmanager
def running_fast(context: Any) -> Iterator[None]:
    """A command run by cli.fast: `context` stands for click's (current_context), and errors
    end it with SystemExit rather than Typer's Exit (exit_with)."""
    saved = _state["fast"]
    _state["fast"] = context
    try:
        yield
    finally:
        _state["fast"] = saved


@contextmanager
def user_errors() -> Iterator[None]:
    """Turn expected failures into one line on stderr and their exit code (errors.ExitCode)."""
    try:
        yield
    except PaintrackError as e:
        err(error_line(str(e)))
        exit_with(int(e.exit_code))
    except Exception as e:
        if not store.is_damage(e):  # a damaged page met half-way: said once, never a trace
            raise
        found = store.damaged(Path(_state.get("path") or "the diary"), e)
        err(error_line(str(found)))
        exit_with(int(found.exit_code))


@contextmanager
def opened(
    path: str | Path | None = None, *, daily: bool = False, reevaluate: bool = True
) -> Iterator[store.Db]:
    """Open the database for one command; afterwards, on stderr: the dates it read from words,
    and for the daily commands (`daily`: log, session, peg, status) the re-evaluate line if it is
    due (unless `reevaluate=False`: status shows it itself), the nudge if yesterday has no log
    and the PEG reminder, each of those two at most once a day. Never with --json."""
    _state["echoes"] = []
    lines: list[str | None] = []
    with user_errors():
        db_path, _ = store.resolve_db_path(path if path is not None else db_option())
        _state["path"] = db_path
        conn = store.open_db(
            db_path, now=clock(), create=not _reading_only(), whole=machine_output()
        )
        try:
            yield conn
            if daily and _state["notice"] and not machine_output():
                from paintrack.cli.daily import said_after

                lines = said_after(conn, clock().date(), reevaluate)
        finally:
            conn.close()
    color = use_color(sys.stderr)
    for echo in _state.pop("echoes", []):
        err(fold(echo, width()))
    for text in lines:
        if text:
            err("\n".join(paint(x, "yellow", color=color) for x in fold(text, width()).split("\n")))


MACHINE_OUTPUT = ("as_json", "as_jsonl", "as_csv")
# Commands that never create a diary (a mistyped --db says so instead): reads, and those that
# only make sense on a diary that exists.
READING = (
    "status,history,review,chart,export,course list,course show,med list,activity list,"
    "remind check,backup,compact"
)


def _reading_only() -> bool:
    path = getattr(current_context(), "command_path", "").partition(" ")[2]
    return path in READING.split(",")


def machine_output() -> bool:
    """Whether the running command prints for a program (--json, --jsonl, --csv)."""
    ctx = current_context()
    return ctx is not None and any(ctx.params.get(k) for k in MACHINE_OUTPUT)


def current_context() -> Any:
    """The running command's path and parameters: click's context under the Typer app, the fast
    path's own (cli.fast.Context) otherwise; None outside a command."""
    if "typer" in sys.modules:
        from typer._click.globals import get_current_context

        ctx = get_current_context(silent=True)
        if ctx is not None:
            return ctx
    return _state["fast"]


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
    """--date text → (day, time). Default: now. A date typed in words is echoed on stderr."""
    if text is None:
        return now.date(), now.strftime("%H:%M")
    try:
        day, time = parse_when(text, now, field=option)
    except AmbiguousDate as e:
        day, time = pick_date(e, now)
    if text.strip() != day.isoformat():
        note_after(f"--{option} {text.strip()}: {long(day)}")
    return day, time


def note_after(text: str) -> None:
    """A line for stderr once the command's own output is out (a date read from words)."""
    _state.setdefault("echoes", []).append(text)


def date_order() -> str | None:
    """PAINTRACK_DATE_ORDER (dmy or mdy): how to read 03/04 without asking."""
    value = os.environ.get("PAINTRACK_DATE_ORDER", "").strip().lower()
    if value and value not in ORDERS:
        raise InvalidValue("PAINTRACK_DATE_ORDER", "dmy (day first) or mdy (month first)", value)
    return value or None


def locale_order() -> str | None:
    """The order the user's locale writes dates in (dmy, mdy), if it says: the default answer."""
    import locale

    saved = locale.setlocale(locale.LC_TIME)
    try:
        locale.setlocale(locale.LC_TIME, "")
        parts = [int(p) for p in re.findall(r"\d+", date(2001, 2, 3).strftime("%x"))]
    except (locale.Error, ValueError):
        return None
    finally:
        locale.setlocale(locale.LC_TIME, saved)
    return _order_of(parts)


def _order_of(parts: list[int]) -> str | None:
    """[3, 2, 1] (3 Feb 2001 as the locale writes it) → 'dmy'; [2, 3, 1] → 'mdy'; else None."""
    if len(parts) < 2:
        return None
    return {(3, 2): "dmy", (2, 3): "mdy"}.get((parts[0], parts[1]))


def pick_date(e: AmbiguousDate, now: datetime) -> tuple[date, str | None]:
    """An ambiguous 03/04: read by PAINTRACK_DATE_ORDER, else asked on a terminal, else refused."""
    order = date_order()
    if order is None:
        if not interactive():
            raise e
        order = _ask_order(e)
    return resolved(e, order, now)


def _ask_order(e: AmbiguousDate) -> str:
    import typer

    orders = list(e.readings)
    default = locale_order()
    echo(fold(f"{e.text.strip()} could be:", width()))
    for i, o in enumerate(orders, start=1):
        echo(fold(f"  {i}  {long(e.readings[o])} ({ORDERS[o]})", width()))
    first = str(orders.index(default) + 1) if default in orders else None
    while True:
        answer = str(typer.prompt("Which one (1 or 2)", default=first)).strip()
        if answer in ("1", "2"):
            return orders[int(answer) - 1]
        echo("  Type 1 or 2 (PAINTRACK_DATE_ORDER=dmy or mdy stops this question).", err=True)


T = TypeVar("T")


def confirming(call: Callable[[bool], T]) -> T:
    """`call(False)`; if the entry falls inside an ended course, ask on a terminal and then
    `call(True)`; off a terminal the refusal stands (domain.rules.InsideEndedCourse)."""
    from paintrack.domain.rules import InsideEndedCourse

    try:
        return call(False)
    except InsideEndedCourse as e:
        if not interactive():
            raise
        import typer

        typer.confirm(fold(e.question, width()), abort=True)
        return call(True)


def emit_json(value: object) -> None:
    """The one JSON document of a command, on stdout (messages go to stderr: `err`)."""
    echo(safe.json_document(json.dumps(value, indent=2, sort_keys=True, ensure_ascii=False)))


def dated(values: dict[str, Any], now: datetime) -> dict[str, Any]:
    """Values with `date` and `time` set to now when no --date was given."""
    if "date" not in values:
        values = {**values, "date": now.date(), "time": now.strftime("%H:%M")}
    return values
