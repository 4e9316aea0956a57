"""`paintrack paths` and `paintrack demo`."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path
from typing import Annotated

import typer

from paintrack import store
from paintrack.cli import common
from paintrack.cli.common import clock, opened, out


def paths() -> None:
    """Print where paintrack keeps your data, and why there."""
    path, source = store.resolve_db_path(common.db_option())
    out(f"database     {path}  (from {source}; {'exists' if path.exists() else 'not created yet'})")
    out(f"data folder  {store.data_dir()}  (the default place)")
    out("backups      made next to the database before a schema upgrade (*.bak-schema*)")


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
    """Build a realistic demo course and show it, without touching your own data."""
    from paintrack.demo import seed

    target = db or common.db_option()
    with tempfile.TemporaryDirectory(prefix="paintrack-demo-") as tmp:
        path = Path(target) if target else Path(tmp) / "demo.db"
        now = clock()
        with opened(path) as conn:
            if store.active_course(conn) is not None or store.last_log_day(conn) is not None:
                from paintrack.errors import InvalidValue

                raise InvalidValue("db", "a new or empty file for the demo", str(path))
            with store.writing(conn, "demo", now):
                summary = seed(conn, now)
                store.set_change_summary(conn, "demo data")
        out(summary)
        out("")
        from paintrack.cli.status import status

        common_db = common.db_option()
        common.set_db_option(str(path))
        try:
            status()
        finally:
            common.set_db_option(common_db)
        out("")
        where = f"--db {path}" if target else "(in a temporary file, now deleted)"
        out(f"This was the demo {where}. Start your own course with:")
        out("  paintrack course start my-course --sessions 8 --condition 'low back pain'")
        sys.stdout.flush()
