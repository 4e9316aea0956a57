"""The Typer app of `paintrack`: the root app and the wiring of every command group.

`paintrack.cli.main` comes here for everything the fast path (cli.fast) does not take.

Each command module registers its commands on `app` (or a sub-app). Commands only parse, call
the store and domain, and print what a renderer returns.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated, Any

import typer

from paintrack import __version__
from paintrack.cli import common
from paintrack.cli.options import fields
from paintrack.cli.shell import SHELLS, choices
from paintrack.render import safe


class _Settings(dict):  # type: ignore[type-arg]
    """Context settings, with the help's width read when a command runs: the terminal's (40 on
    a phone), where Click would make help at least 50 columns wide."""

    def keys(self) -> list[str]:  # type: ignore[override]
        return [*super().keys(), "terminal_width"]

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self.keys())

    def items(self) -> list[tuple[str, object]]:  # type: ignore[override]
        return [(k, self[k]) for k in self.keys()]

    def __getitem__(self, key: str) -> object:
        if key == "terminal_width":
            from paintrack.render.text import width

            return min(width(), 80)
        return super().__getitem__(key)


app = typer.Typer(
    name="paintrack",
    help=(
        "A private pain diary for a trial course of acupuncture (or a similar therapy). "
        "Log sessions and days, see the trend, and get an honest verdict at the re-evaluate "
        "point you agreed with your practitioner. Everything stays in one local file."
    ),
    no_args_is_help=True,
    rich_markup_mode=None,  # plain help and errors: fast, and pastes cleanly into docs
    pretty_exceptions_show_locals=False,  # locals would hold health data
    add_completion=False,
    context_settings=_Settings(help_option_names=["-h", "--help"]),
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"paintrack {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            metavar="PATH",
            help="The database file. Beats PAINTRACK_DB, which beats the platform data folder.",
        ),
    ] = None,
    version: Annotated[
        bool,
        typer.Option("--version", "-V", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    common.set_db_option(db)


def help_(
    ctx: typer.Context,
    command: Annotated[
        list[str] | None,
        typer.Argument(metavar="[COMMAND]...", help="A command, e.g. `log` or `course start`."),
    ] = None,
) -> None:
    """Show the help of paintrack or of one command (the same as COMMAND --help)."""
    from paintrack.cli import shell

    with common.user_errors():
        text = shell.help_text(ctx, command or [])
    typer.echo(text)


def completion(
    shell_name: Annotated[
        str,
        typer.Argument(metavar="bash|zsh|fish", help="Your shell.", autocompletion=choices(SHELLS)),
    ],
) -> None:
    """Print the shell completion script: commands, options, your medication and activity
    names, red-flag and side-effect codes. Add to ~/.bashrc: eval "$(paintrack completion bash)"
    """
    from paintrack.cli import shell

    with common.user_errors():
        text = shell.script(shell_name, app)
    typer.echo(text)


# Registration order is the order in --help.
from paintrack.cli import (  # noqa: E402
    chart,
    compact,
    course,
    data,
    entries,
    history,
    importing,
    lists,
    misc,
    remind,
    review,
    status,
    sync,
)

app.add_typer(course.app, name="course")
app.command("session")(fields(*entries.SESSION_OPTIONS)(entries.session))
app.command("log")(fields(*entries.LOG_OPTIONS)(entries.log))
app.command("peg")(fields(*entries.PEG_OPTIONS)(entries.peg))
app.add_typer(lists.med_app, name="med")
app.add_typer(lists.activity_app, name="activity")
app.command("status")(fields(*status.OPTIONS)(status.status))
app.command("review")(review.review)
app.command("chart")(chart.chart)
app.command("history")(history.history)
app.command("edit")(history.edit)
app.command("delete")(history.delete)
app.command("undo")(history.undo)
app.command("demo")(misc.demo)
app.command("paths")(misc.paths)
app.command("export")(data.export)
app.command("import")(importing.import_)
app.command("backup")(data.backup)
app.command("doctor")(data.doctor)
app.command("sync")(fields(*sync.OPTIONS)(sync.sync))
app.command("compact")(compact.compact)
app.add_typer(remind.app, name="remind")
app.command("help")(help_)
app.command("completion")(completion)


def _named(argv: list[str]) -> str | None:
    """The command `argv` runs (after the root's own `--db PATH`), when it names one plainly;
    None for the root's help or version, a typo, `help` and `completion` (they read them all)."""
    rest = argv
    while rest and rest[0].startswith("--db"):
        rest = rest[2:] if rest[0] == "--db" else rest[1:] if rest[0].startswith("--db=") else []
    if not rest or rest[0] in ("help", "completion") or os.environ.get("_PAINTRACK_COMPLETE"):
        return None
    names = {c.name for c in app.registered_commands} | {g.name for g in app.registered_groups}
    return rest[0] if rest[0] in names else None


def _listing(argv: list[str]) -> bool:
    """Whether `argv` asks for the root's help, which lists each command by its help alone."""
    return argv in ([], ["--help"], ["-h"]) and not os.environ.get("_PAINTRACK_COMPLETE")


def _stand_in(info: Any) -> Any:
    """A command (or group) as the root's help lists it: its name and help, no options."""
    import copy

    info = copy.copy(info)
    if getattr(info, "typer_instance", None) is None:  # a command: its docstring, no options

        def listed() -> None:
            pass

        listed.__doc__ = info.callback.__doc__
        info.callback = listed
    else:
        sub = info.typer_instance.info
        info.typer_instance = typer.Typer(help=sub.help, no_args_is_help=sub.no_args_is_help)
    return info


@contextmanager
def _only(name: str | None) -> Iterator[None]:
    """Build only the command that runs: Typer makes every command's options from its
    signature before it parses anything (about 0.5 ms a command, 40 of them), and one command
    never needs another's. The whole app for `name=None`."""
    saved = app.registered_commands, app.registered_groups
    if name is None and _listing(sys.argv[1:]):
        app.registered_commands = [_stand_in(c) for c in saved[0]]
        app.registered_groups = [_stand_in(g) for g in saved[1]]
    elif name is not None:
        app.registered_commands = [c for c in saved[0] if c.name == name]
        app.registered_groups = [g for g in saved[1] if g.name == name]
    try:
        yield
    finally:
        app.registered_commands, app.registered_groups = saved


def main() -> None:
    """The Typer app, as the process: everything cli.fast does not take comes here.

    Typer runs without its standalone handling so that a usage error (an unknown option, a
    missing argument) is one line naming it and where help is, like every other error; anything
    unexpected is a bug, reported in one line without a traceback (PAINTRACK_DEBUG=1 shows it).
    """
    if os.environ.get("_PAINTRACK_COMPLETE"):
        from paintrack.cli import shell

        shell.prepare()  # the shells' completion classes, and click's `bash_source` spelling
    try:
        with _only(_named(sys.argv[1:])):
            code = app(standalone_mode=False)
        sys.stdout.flush()  # here, so a full disk or a closed pipe is reported, not ignored
    except OSError as e:  # the output could not be written (issue 10)
        sys.exit(common.output_failed(e))
    except typer.Abort:
        sys.exit(common.cancelled())
    except KeyboardInterrupt:  # Ctrl-C outside a prompt: a write under way is rolled back
        sys.stderr.write(("\n" if sys.stderr.isatty() else "") + "Cancelled.\n")
        sys.exit(130)
    except Exception as e:
        usage = getattr(e, "format_message", None)
        if callable(usage) and type(e).__name__ == "NoArgsIsHelpError":  # bare `paintrack`
            sys.stdout.write(usage() + "\n")
            sys.exit(0)
        if callable(usage) and isinstance(getattr(e, "exit_code", None), int):
            ctx = getattr(e, "ctx", None)
            where = ctx.command_path if ctx is not None else "paintrack"
            sys.stderr.write(f"Error: {safe.terminal(usage())} (see `{where} --help`)\n")
            sys.exit(e.exit_code)  # type: ignore[attr-defined]
        sys.exit(common.internal_error(e))
    sys.exit(code if isinstance(code, int) else 0)
