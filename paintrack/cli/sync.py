"""`paintrack sync [DIR] [--status]`: one diary on every device, through the folder the
patient's own sync tool shares (docs/devices.md)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from paintrack.cli.common import clock, err, opened, out


def sync(
    folder: Annotated[
        Path | None,
        typer.Argument(
            metavar="[DIR]",
            help="The folder your sync tool (Syncthing, Nextcloud, Dropbox, git) shares between "
            "your devices; remembered after the first time. Never the folder of the database.",
            show_default=False,
        ),
    ] = None,
    status: Annotated[
        bool,
        typer.Option(
            "--status", help="Only show the devices seen and what the last sync brought in."
        ),
    ] = False,
    name: Annotated[
        str | None,
        typer.Option(
            "--name",
            metavar="NAME",
            help="What other devices call this one (e.g. phone, laptop). Default: the host name.",
        ),
    ] = None,
) -> None:
    """Exchange this diary's changes with your other devices through a shared folder.

    Writes this device's new entries, edits and deletions to DIR/paintrack/ as small files and
    merges those of your other devices; your sync tool carries the files. Run it on each
    device; running it twice changes nothing."""
    from paintrack.domain.sync import MAX_NAME
    from paintrack.errors import InvalidValue
    from paintrack.usecases import sync as syncing

    if name is not None and not (0 < len(name.strip()) <= MAX_NAME and name.isprintable()):
        raise_name = InvalidValue("--name", f"one line of at most {MAX_NAME} characters", name)
        with opened():
            raise raise_name
    with opened() as conn:
        if status:
            for line in syncing.describe(conn, clock()):
                out(line)
            return
        report = syncing.sync(conn, folder, clock(), name.strip() if name else None, _host())
    for line in report.refused:
        err(line)
    for line in syncing.summary(report):
        out(line)


def _host() -> str:
    import socket

    host = socket.gethostname().split(".")[0] or "this device"
    return host[:60] if host.isprintable() else "this device"
