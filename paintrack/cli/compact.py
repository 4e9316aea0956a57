"""`paintrack compact`: forget the undo journal and rewrite the file, so deleted and edited text
is really gone (store.compact)."""

from __future__ import annotations

from typing import Annotated

import typer

from paintrack import store
from paintrack.cli import common
from paintrack.cli.common import opened, out
from paintrack.errors import InvalidValue


def compact(
    yes: Annotated[
        bool, typer.Option("--yes", "-y", help="Do not ask (needed when not on a terminal).")
    ] = False,
) -> None:
    """Make deleted and edited text really gone: forget what `undo` could bring back and
    rewrite the file (asks first)."""
    with opened() as conn:
        n = store.journal_size(conn)
        if not yes:
            if not common.interactive():
                raise InvalidValue("yes", "given to compact without a terminal to confirm on")
            typer.confirm(
                f"This forgets the {n} change{'s' * (n != 1)} `paintrack undo` could revert, and "
                "rewrites the file so deleted and edited text is gone. Continue?",
                abort=True,
            )
        from paintrack.usecases import sync as syncing

        folded = syncing.compact_changes(conn, common.clock())  # before the file is rewritten
        done = store.compact(conn)
        out(
            f"Compacted {conn.path}: {done.changes} undo step{'s' * (done.changes != 1)} "
            f"forgotten, {done.before / 1024:,.0f} KiB -> {done.after / 1024:,.0f} KiB. "
            "Deleted and edited text is gone from it and from backups made from now on."
        )
        if folded is not None:
            out(
                f"Folded this device's {folded} change file{'s' * (folded != 1)} in the sync "
                "folder into one, without deleted text; your other devices' copies go when they "
                "compact too (docs/devices.md)."
            )
        copies = store.older_copies(conn.path)
        if copies:
            out("Older copies may still hold it; delete them if you no longer need them:")
            for p in copies:
                out(f"  {p}")
