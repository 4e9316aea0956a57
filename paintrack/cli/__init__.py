"""The `paintrack` command: the root app and the wiring of every command group.

Each command module registers its commands on `app` (or a sub-app). Commands only parse, call
the store and domain, and print what a renderer returns.
"""

from __future__ import annotations

import os
import sys
from typing import Annotated

import typer

from paintrack import __version__
from paintrack.cli import common
from paintrack.render import safe

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
    context_settings={"help_option_names": ["-h", "--help"]},
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
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
) -> None:
    common.set_db_option(db)


# Registration order is the order in --help.
from paintrack.cli import chart, course, data, entries, history, lists, misc, review, status  # noqa: E402

app.add_typer(course.app, name="course")
app.command("session")(entries.session)
app.command("log")(entries.log)
app.command("peg")(entries.peg)
app.add_typer(lists.med_app, name="med")
app.add_typer(lists.activity_app, name="activity")
app.command("status")(status.status)
app.command("review")(review.review)
app.command("chart")(chart.chart)
app.command("history")(history.history)
app.command("edit")(history.edit)
app.command("delete")(history.delete)
app.command("undo")(history.undo)
app.command("demo")(misc.demo)
app.command("paths")(misc.paths)
app.command("export")(data.export)
app.command("import")(data.import_)
app.command("backup")(data.backup)
app.command("doctor")(data.doctor)


def main() -> None:
    """Entry point: the one place where the process exits.

    Typer runs without its standalone handling so that a usage error (an unknown option, a
    missing argument) is one line naming it and where help is, like every other error; anything
    unexpected is a bug, reported in one line without a traceback (PAINTRACK_DEBUG=1 shows it).
    """
    try:
        code = app(standalone_mode=False)
        sys.stdout.flush()  # here, so a full disk or a closed pipe is reported, not ignored
    except OSError as e:  # the output could not be written (issue 10)
        sys.exit(common.output_failed(e))
    except typer.Abort:
        sys.stderr.write("Cancelled: nothing was saved.\n")
        sys.exit(1)
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
        if os.environ.get("PAINTRACK_DEBUG"):
            raise
        sys.stderr.write(
            f"Internal error ({type(e).__name__}): {safe.terminal(str(e))}. Nothing was saved "
            "by this command. "
            "Run again with PAINTRACK_DEBUG=1 for details.\n"
        )
        sys.exit(1)
    sys.exit(code if isinstance(code, int) else 0)
