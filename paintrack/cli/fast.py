"""The daily commands without Typer: `log`, `session`, `peg` and `status` with plain arguments.

A patient runs `paintrack log 5` every day; Typer, click and rich take longer to import than
the whole command takes to run. Here the arguments are read from the same specs that cli.root
turns into Typer options (cli.entries, cli.status, built from paintrack.fields), and the same
command functions are called with the same values, so the messages, the checks and the writes
are theirs. Only what is plain is taken: options of the command and their values, the one
positional argument. Anything else (help, an unknown or repeated option, a missing value,
nothing given at all: a prompt or its error, completion, the root's own options) returns None
before anything is done, and the Typer app runs instead: the same behaviour, only slower.
tests/test_fast_path.py runs the logging and bad-input cases through both and compares them.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from typing import Any

from paintrack import fields as F
from paintrack.cli import common
from paintrack.cli.specs import Arg, Flag, Opt, Spec

# Each daily command: its module in paintrack.cli, its function, its specs (only the module
# of the command that runs is imported).
WHERE = {
    "log": ("entries", "log", "LOG_OPTIONS"),
    "session": ("entries", "session", "SESSION_OPTIONS"),
    "peg": ("entries", "peg", "PEG_OPTIONS"),
    "status": ("status", "status", "OPTIONS"),
    "sync": ("sync", "sync", "OPTIONS"),
}
COMMANDS = tuple(WHERE)
Named = F.Field | Opt | Flag  # what an option's name stands for


class Context:
    """What a command reads from its context (common.current_context): the two attributes of
    click's that it uses."""

    __slots__ = ("command_path", "params")

    def __init__(self, command_path: str, params: dict[str, Any]) -> None:
        self.command_path, self.params = command_path, params


def command(name: str) -> tuple[Callable[..., None], tuple[Spec, ...]]:
    """The function and specs of a daily command: the ones cli.root registers with Typer."""
    import importlib

    module, function, specs = WHERE[name]
    loaded = importlib.import_module(f"paintrack.cli.{module}")
    return getattr(loaded, function), getattr(loaded, specs)


def _options(specs: Sequence[Spec]) -> dict[str, tuple[str, Named]] | None:
    """`--pain` (and its short form) → (parameter name, spec); None when a spec is not plain
    (a required option or a NAME argument: Typer says what is missing)."""
    options: dict[str, tuple[str, Named]] = {}
    for spec in specs:
        if isinstance(spec, Arg):
            continue
        if isinstance(spec, Flag) or _flag(spec):
            name, names = _flag_names(spec)
        else:
            opt = spec if isinstance(spec, Opt) else Opt(spec)
            option = opt.field.option
            if not option or option.isupper() or opt.required:
                return None
            name, names = opt.name, (option, opt.field.short)
        for n in names:
            if n:
                options[n] = (name, spec)
    return options


def _flag(spec: Spec) -> bool:
    """A field that is on or off (`--for-clinician`), taken like a Flag."""
    return isinstance(spec, F.Field | Opt) and _field(spec).kind == "flag"


def _field(spec: F.Field | Opt) -> F.Field:
    return spec.field if isinstance(spec, Opt) else spec


def _flag_names(spec: Spec) -> tuple[str, tuple[str | None, ...]]:
    if isinstance(spec, Flag):
        return spec.name, (spec.option, spec.short)
    assert isinstance(spec, F.Field | Opt)
    f = _field(spec)
    return spec.name, (f.option, f.short)


def _defaults(specs: Sequence[Spec]) -> dict[str, Any]:
    """What Typer passes for what was not given: False for a flag, None otherwise."""
    out: dict[str, Any] = {}
    for spec in specs:
        out[spec.name] = False if isinstance(spec, Flag) or _flag(spec) else None
    return out


def parse(specs: Sequence[Spec], args: Sequence[str]) -> dict[str, Any] | None:
    """The values of `args` as Typer passes them to the command (texts; a list of texts for a
    repeatable option), or None for anything that is not plain."""
    options = _options(specs)
    if options is None:
        return None
    positional = [s for s in specs if isinstance(s, Arg)]
    values, seen = _defaults(specs), set()
    rest = list(args)
    while rest:
        arg = rest.pop(0)
        if not arg.startswith("-") or arg == "-":
            if not positional:
                return None
            values[positional.pop(0).name] = arg
            continue
        key, eq, inline = arg.partition("=") if arg.startswith("--") else (arg, "", "")
        if key not in options:
            return None  # --help, -h, --, an unknown option: the Typer app answers
        name, spec = options[key]
        if isinstance(spec, Flag) or _flag(spec):
            if eq or name in seen:
                return None
            values[name] = True
            seen.add(name)
            continue
        field = spec.field if isinstance(spec, Opt) else spec
        if name in seen and not field.repeatable:
            return None  # given twice: Typer keeps the last, quietly; leave that to it
        seen.add(name)
        if not eq:
            if not rest:
                return None  # a missing value: Typer's usage error
            inline = rest.pop(0)
        values[name] = [*(values[name] or []), inline] if field.repeatable else inline
    return values


def plan(argv: Sequence[str]) -> tuple[Callable[..., None], dict[str, Any]] | None:
    """The command and the values it is called with, when the fast path takes `argv`."""
    if not argv or argv[0] not in COMMANDS or os.environ.get("_PAINTRACK_COMPLETE"):
        return None
    fn, specs = command(argv[0])
    values = parse(specs, argv[1:])
    if values is None:
        return None
    if argv[0] not in ("status", "sync") and all(v is None or v is False for v in values.values()):
        return None  # nothing given: a prompt on a terminal, else the error; Typer's either way
    return fn, values


def main(argv: Sequence[str]) -> int | None:
    """Run a daily command given plainly and return its exit code; None (nothing done) for
    everything else, which the Typer app runs."""
    planned = plan(argv)
    if planned is None:
        return None
    fn, values = planned
    with common.running_fast(Context(f"paintrack {argv[0]}", values)):
        return run(lambda: fn(**values))


def run(call: Callable[[], None]) -> int:
    """Call the command and end it as the Typer app does (cli.root.main, and click's own
    handling under it): the exit code, a line on stderr where the app prints one."""
    try:
        try:
            call()
            code = 0
        except SystemExit as e:  # common.exit_with: an error already said in one line
            code = e.code if isinstance(e.code, int) else 1
        sys.stdout.flush()  # here, so a full disk or a closed pipe is reported, not ignored
    except OSError as e:
        return common.output_failed(e)
    except EOFError:  # Ctrl-D at a prompt, as click handles it
        common.echo("", err=True)
        return common.cancelled()
    except KeyboardInterrupt:  # click ends a command on Ctrl-C with 130, silently
        return 130
    except Exception as e:
        if common.aborted(e):  # a confirmation answered no
            return common.cancelled()
        return common.internal_error(e)
    return code
