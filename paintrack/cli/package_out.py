"""`export --format datapackage` (a folder of CSV files and datapackage.json) and
`export --format datasette-metadata` (a JSON file for `datasette DB --metadata FILE`)."""

from __future__ import annotations

import datetime as dt
import shlex
import sys
from pathlib import Path

from paintrack import store
from paintrack.cli.common import err
from paintrack.errors import InvalidValue
from paintrack.export import private_file, private_folder, write_private
from paintrack.models import Diary
from paintrack.store.imported import imported_rows
from paintrack.usecases import transfer

FORMATS = ("datapackage", "datasette-metadata")


def export(
    conn: store.Db,
    name: str,
    output: str,
    force: bool,
    course: str | None,
    span: tuple[dt.date | None, dt.date | None],
    now: dt.datetime,
) -> None:
    """Write either format (the options neither takes are refused by cli/data.py)."""
    if name == "datasette-metadata":
        if course is not None or span != (None, None):
            raise InvalidValue(
                "format", "datapackage (datasette-metadata describes the whole file)", name
            )
        _metadata(conn, output, force)
        return
    if output == "-":
        raise InvalidValue("output", "a new folder for datapackage", output)
    target = Path(output).expanduser()
    data = transfer.export_diary(conn, course, span[0], span[1], now.date())
    counts = _folder(target, conn, data, span, now)
    total = sum(counts.values())
    err(
        f"Wrote {total:,} rows in {len(counts)} CSV files and datapackage.json to {target} (only you can read them)."
    )


def _metadata(conn: store.Db, output: str, force: bool) -> None:
    from paintrack.export import datasette

    content = datasette.metadata(conn.path.stem)
    if output == "-":
        sys.stdout.write(content)
        return
    target = Path(output).expanduser()
    if target.exists() and not force:
        raise InvalidValue("output", "a file that does not exist yet (or add --force)", output)
    if not target.parent.is_dir():
        raise InvalidValue("output", "in a folder that exists", output)
    write_private(target, content.encode("utf-8"), overwrite=force)
    browse = ["datasette", str(conn.path), "--metadata", str(target), "--host", "127.0.0.1"]
    err(f"Wrote Datasette metadata to {target}. Browse: {shlex.join([*browse, '--immutable'])}")


def _folder(
    target: Path,
    conn: store.Db,
    data: Diary,
    span: tuple[dt.date | None, dt.date | None],
    now: dt.datetime,
) -> dict[str, int]:
    """The files written into a private temporary folder, then renamed to `target`."""
    from paintrack.export import package

    with private_folder(target, "a data package is a folder") as tmp:
        rows = imported_rows(conn, span[0], span[1])
        return package.write_folder(
            tmp, data, rows, private_file, now.isoformat(timespec="seconds")
        )
