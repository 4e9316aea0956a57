"""`paintrack paths` and `paintrack demo`."""

from __future__ import annotations

import shlex
import sys
import tempfile
import textwrap
from pathlib import Path
from typing import Annotated

import typer

from paintrack import store
from paintrack.cli import common
from paintrack.cli.common import clock, opened, out
from paintrack.errors import InvalidValue
from paintrack.render.text import fold, width


def paths() -> None:
    """Print where paintrack keeps your data, and why there."""
    path, source = store.resolve_db_path(common.db_option())
    state = "exists" if path.exists() else "not created yet"
    cols, pad = width(), " " * 13
    for label, value in (
        ("database", f"{path}  (from {source}; {state})"),
        ("data folder", f"{store.data_dir()}  (the default place)"),
        ("backups", "made next to the database before a schema upgrade (*.bak-schema*)"),
    ):  # each folded between words (a path after a '/'), never mid-word
        line = f"{label:<11}  {value}"
        out(fold(line, cols, pad) if common.folding() else line)


def _command_name() -> str:
    """`paintrack` when that name runs this paintrack from the shell's PATH; else the full
    path of the command being run (`.venv/bin/paintrack` right after installing), so the
    demo's closing hint works as printed."""
    import shutil

    here = Path(sys.argv[0]).resolve() if sys.argv and sys.argv[0] else None
    found = shutil.which("paintrack")
    if here is None or here.name != "paintrack" or (found and Path(found).resolve() == here):
        return "paintrack"
    return str(here)


def demo(
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            metavar="PATH",
            help="Build the demo here. Default: a temporary file, never your data.",
        ),
    ] = None,
) -> None:
    """Build a realistic demo course and show its status, pain chart and review.

    Without --db it uses a temporary file and never touches your own data.
    """
    from paintrack import demo as demo_data
    from paintrack.cli.chart import chart
    from paintrack.cli.review import show_review
    from paintrack.cli.status import status
    from paintrack.usecases import transfer

    target = db or common.db_option()
    with tempfile.TemporaryDirectory(prefix="paintrack-demo-") as tmp:
        path = Path(target) if target else Path(tmp) / "demo.db"
        now = clock()
        with common.using_db(str(path), notice=False), opened(path) as conn:
            if store.active_course(conn) is not None or store.last_log_date(conn) is not None:
                raise InvalidValue("db", "a new or empty file for the demo", str(path))
            diary = demo_data.build(now)
            transfer.demo(conn, diary, now)
        out(textwrap.fill(demo_data.describe(diary), width()))
        with common.using_db(str(path), notice=False):
            for title, show in (("STATUS", status), ("PAIN CHART", chart), ("REVIEW", show_review)):
                out(f"\n── {title} " + "─" * max(0, width() - len(title) - 4))
                show()
        out("")
        where = f"kept in {path}" if target else "in a temporary file, now deleted"
        out(f"That was the demo ({where}). To start your own course:")
        me = _command_name()
        out(f"  {me} course start my-course --sessions 8 --condition 'low back pain'")
        out("At the review, hand your clinician a one-page summary:")
        out(f"  {me} export -o summary.pdf")
        if me != "paintrack":
            folder = shlex.quote(str(Path(me).parent))
            out(
                f'(paintrack is not on your PATH; to type just `paintrack`: export PATH={folder}:"$PATH")'
            )
