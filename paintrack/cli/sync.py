"""`paintrack sync [DIR] [--status] [--name NAME]`: one diary on every device, through the folder
the patient's own sync tool shares (docs/devices.md). Its options are specs (cli.specs), so
the fast path (cli.fast) runs it without Typer, as it runs `log`."""

from __future__ import annotations

from pathlib import Path

from paintrack import fields as F
from paintrack.cli.common import clock, err, opened, out
from paintrack.cli.specs import Arg, Flag, Spec

NAME = F.Field(
    "name",
    "line",
    "device name",
    "What other devices call this one (e.g. phone, laptop). Default: the host name.",
    option="--name",
    metavar="NAME",
    max_len=60,
)
OPTIONS: tuple[Spec, ...] = (
    Arg(
        "folder",
        "[DIR]",
        "The folder your sync tool (Syncthing, Nextcloud, Dropbox, git) shares between your "
        "devices; remembered after the first time. Never the folder of the database.",
    ),
    Flag("status", "--status", "Only show the devices seen and what the last sync brought in."),
    NAME,
)


def sync(folder: str | None = None, status: bool = False, name: str | None = None) -> None:
    """Exchange this diary's changes with your other devices through a shared folder.

    Writes this device's new entries, edits and deletions to DIR/paintrack/ as small files and
    merges those of your other devices; your sync tool carries the files. Run it on each
    device; running it twice changes nothing."""
    from paintrack.usecases import sync as syncing

    with opened() as conn:
        if name is not None:
            NAME.check(name.strip() or None)
            if not name.strip():
                raise NAME.error("a name that is not empty", name)
        if status:
            for line in syncing.describe(conn, clock()):
                out(line)
            return
        where = Path(folder) if folder is not None else None
        report = syncing.sync(conn, where, clock(), name.strip() if name else None, _host)
    for line in report.refused:
        err(line)
    for line in syncing.summary(report):
        out(line)


def _host() -> str:
    import socket

    host = socket.gethostname().split(".")[0] or "this device"
    return host[:60] if host.isprintable() else "this device"
