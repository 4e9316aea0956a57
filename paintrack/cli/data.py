"""`paintrack export`, `import`, `backup`, `doctor`: the patient's data in and out, and its health.

Thin: parse, call the store and `paintrack.export`, print. Exporters (Typst, FHIR) and the
importer are imported inside the commands, so other commands never pay for them.
"""

from __future__ import annotations

import os
import stat
import sys
from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from paintrack import fields as F
from paintrack import store
from paintrack.cli import common
from paintrack.cli.common import clock, err, opened, out, user_errors, when
from paintrack.errors import CannotWrite, Damaged, InvalidValue, PaintrackError
from paintrack.export import EXPORTERS, Exporter, NotRegularFile, format_for, write_private
from paintrack.render import safe
from paintrack.render.text import fold, width
from paintrack.usecases import transfer

FORMATS = "|".join(EXPORTERS)


OutputOpt = Annotated[
    str,
    typer.Option(
        "--output", "-o", metavar="FILE", help="Where to write; '-' for stdout (text formats)."
    ),
]
FmtOpt = Annotated[
    str | None,
    typer.Option(
        "--format",
        "-f",
        metavar=FORMATS,
        help="md/html/pdf: the one-page clinician summary; csv/json: all your data; fhir: a "
        "FHIR R4 Bundle; fhir-ndjson: FHIR Bulk Data NDJSON files in a new folder; datapackage: "
        "a CSV per table and datapackage.json in a new folder; datasette-metadata: column "
        "descriptions for `datasette DB --metadata FILE`. Default: "
        "from the file name (.md .html .pdf .csv .json .fhir.json .ndjson).",
    ),
]
CourseOpt = Annotated[
    str | None,
    typer.Option(metavar="NAME", help="Which course. Default: the active one (summaries)."),
]
SinceOpt = Annotated[str | None, typer.Option(metavar="DATE", help="From this date on.")]
UntilOpt = Annotated[
    str | None,
    typer.Option(metavar="DATE", help="Up to this date (a summary reviews as of this date)."),
]
ForceOpt = Annotated[
    bool,
    typer.Option("--force", help="Replace FILE if it is a file (never a folder, device or pipe)."),
]
LabelOpt = Annotated[str | None, typer.Option(metavar="TEXT", help=F.LABEL.help)]
SpreadsheetOpt = Annotated[
    bool,
    typer.Option(
        "--spreadsheet",
        help="With csv: a file to open in a spreadsheet: a cell that would run as a formula "
        "starts with ', controls show as \\x1b. Not for import (the plain csv is exact).",
    ),
]
BundleOpt = Annotated[
    str,
    typer.Option(
        metavar="collection|transaction",
        help="FHIR only: a collection (default) or a transaction Bundle a FHIR server loads "
        "idempotently (docs/summary-and-fhir.md).",
    ),
]


def export(
    output: OutputOpt,
    fmt: FmtOpt = None,
    course: CourseOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    force: ForceOpt = False,
    label: LabelOpt = None,
    bundle: BundleOpt = "collection",
    spreadsheet: SpreadsheetOpt = False,
) -> None:
    """Export the clinician summary (md/html/pdf), all data (csv/json) or a FHIR file."""
    now = clock()
    with opened() as conn:
        name = _format(fmt, output)
        exporter = EXPORTERS[name]
        label = _label(label)
        target = _checked(name, exporter, output, force, label, bundle, spreadsheet)
        lo = when(since, now, "since")[0] if since else None
        hi = when(until, now, "until")[0] if until else None
        if lo and hi and lo > hi:
            raise InvalidValue("since", f"on or before --until ({hi})", str(lo))
        if exporter.needs in ("package", "database"):  # a folder of tables; Datasette's metadata
            from paintrack.cli import package_out

            package_out.export(conn, name, output, force, course, (lo, hi), now)
            return
        if exporter.needs == "summary":
            content, what = _summary(conn, exporter, course, lo, hi, now.date(), label)
        elif name in ("fhir", "fhir-ndjson"):
            from paintrack.cli import fhir_out

            data = transfer.export_diary(conn, course, lo, hi, now.date(), lazy=True)
            try:
                what = fhir_out.export(conn, data, name, output, force, label, bundle, now)
            except OSError as e:  # a full disk, a replaced file: one line, nothing left behind
                raise _cannot_write(Path(output), e, output) from None
            if output != "-":
                err(f"Wrote {what} to {output} (only you can read it).")
            return
        else:
            data = transfer.export_diary(conn, course, lo, hi, now.date())
            extra = {"label": label} if exporter.takes_label else {}
            content = exporter.render(
                data, **extra, **({"spreadsheet": True} if spreadsheet else {})
            )
            what = f"{data.rows} rows" + (f" of '{course}'" if course else "")
        _write(target, content, name, what, force, output)


def _label(label: str | None) -> str | None:
    """The --label, checked as its declaration says (one line, at most 80 characters)."""
    if label is None:
        return None
    F.LABEL.check(label.strip())
    if not label.strip():
        raise F.LABEL.error("some text: initials or a name", label)
    return label.strip()


def _checked(
    name: str,
    exporter: Exporter,
    output: str,
    force: bool,
    label: str | None,
    bundle: str,
    spreadsheet: bool,
) -> Path | None:
    """The options that only make sense together, checked; the file to write (None: stdout or
    an NDJSON folder)."""
    if bundle not in ("collection", "transaction") or (bundle != "collection" and name != "fhir"):
        raise InvalidValue("bundle", "collection or transaction, with --format fhir", bundle)
    if output == "-" and name == "fhir-ndjson":
        raise InvalidValue("output", "a new folder for fhir-ndjson", output)
    if output == "-" and exporter.binary:
        raise InvalidValue("output", f"a file name for {name} (it is not text)", output)
    if label is not None and not (exporter.needs == "summary" or exporter.takes_label):
        raise InvalidValue("label", f"used with --format md, html, pdf or fhir, not {name}")
    if spreadsheet and name != "csv":
        raise InvalidValue("spreadsheet", "used with --format csv", name)
    folder = name in ("fhir-ndjson", "datapackage")
    return None if output == "-" or folder else _target(output, force)


def _summary(
    conn: store.Db,
    exporter: Exporter,
    course: str | None,
    lo: date | None,
    hi: date | None,
    today: date,
    label: str | None,
) -> tuple[str | bytes, str]:
    """The clinician's page of the course (named, active, else the last ended) as of `hi`."""
    from paintrack.export import summary
    from paintrack.usecases.summary import page_input

    given = page_input(conn, course, hi, today)
    if given.chosen:
        err(given.chosen)
    made = summary.build(given, label, lo)
    say = {"say": err} if exporter.module == "pdf" else {}
    return exporter.render(made, **say), f"the summary of '{given.inp.course.name}'"


def _write(
    target: Path | None, content: str | bytes, name: str, what: str, force: bool, output: str
) -> None:
    raw = content if isinstance(content, bytes) else content.encode("utf-8")
    if target is None:
        text = content if isinstance(content, str) else ""
        if sys.stdout.isatty():  # a screen, not a file: controls shown, never run (issue 10)
            text = safe.terminal(text.replace("\r\n", "\n"))
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    try:
        write_private(target, raw, overwrite=force)
    except OSError as e:
        raise _cannot_write(target, e, output) from None
    err(
        fold(
            f"Wrote {what} to {target} ({name}, {len(raw):,} bytes; only you can read it).", width()
        )
    )


_NOT_REGULAR = "a regular file or a new name (never a folder, device, pipe or socket)"


def _cannot_write(target: Path, e: OSError, output: str) -> PaintrackError:
    """Why an export could not be written, in one line (the partial file is already gone)."""
    if isinstance(e, FileExistsError):
        return InvalidValue("output", "a file that does not exist yet (or add --force)", output)
    if isinstance(e, NotRegularFile):
        return InvalidValue("output", _NOT_REGULAR, output)
    return store.cannot_write(target, e, "export") or CannotWrite(
        f"export {target} could not be written: {e.strerror}. Nothing was written."
    )


def _format(fmt: str | None, output: str) -> str:
    if fmt is not None:
        if fmt.lower() not in EXPORTERS:
            raise InvalidValue("format", "one of " + ", ".join(EXPORTERS), fmt)
        return fmt.lower()
    if output == "-":
        raise InvalidValue("format", "given when writing to stdout (-o -)")
    found = format_for(output)
    if found is None:
        raise InvalidValue(
            "format",
            "given, or a file name ending in .md .html .pdf .csv .json or .fhir.json",
            output,
        )
    return found


def _target(output: str, force: bool) -> Path:
    """Where to write: a new name in a folder that exists, or (with --force) a regular file.
    A symbolic link to a regular file is written through; a device such as /dev/null, a FIFO,
    a socket or a folder is never replaced, even as root."""
    path = Path(output).expanduser()
    try:
        st = path.stat()
    except FileNotFoundError:
        if path.is_symlink():
            raise InvalidValue("output", "a file name, not a link to nothing", output) from None
        if not path.parent.is_dir():
            raise InvalidValue("output", "in a folder that exists", output) from None
        return path
    except OSError as e:
        raise InvalidValue(
            "output", "a path paintrack can use", f"{output}: {e.strerror}"
        ) from None
    if stat.S_ISDIR(st.st_mode):
        raise InvalidValue("output", "a file name, not a folder", output)
    if not stat.S_ISREG(st.st_mode):
        raise InvalidValue("output", _NOT_REGULAR, output)
    if not force:
        raise InvalidValue("output", "a file that does not exist yet (or add --force)", output)
    return path.resolve() if path.is_symlink() else path


def backup(
    file: Annotated[
        Path | None,
        typer.Argument(
            metavar="FILE", help="Where to write the copy. Default: next to the database, dated."
        ),
    ] = None,
) -> None:
    """Write a consistent copy of the database (safe while another paintrack is writing)."""
    now = clock()
    with opened() as conn:
        target = file or conn.path.with_name(f"{conn.path.stem}-backup-{now:%Y%m%d-%H%M%S}.db")
        n = 1
        while file is None and target.exists():  # two backups in one second: number the second
            n += 1
            target = conn.path.with_name(f"{conn.path.stem}-backup-{now:%Y%m%d-%H%M%S}-{n}.db")
        if os.path.lexists(target):  # a dangling symlink too: never written through
            raise InvalidValue("FILE", "a file (or link) that does not exist yet", str(target))
        if not target.parent.is_dir():
            raise InvalidValue("FILE", "in a folder that exists", str(target))
        made = store.backup_to(conn, target)
        if made.damage is None:
            out(
                f"Backed up {made.rows:,} rows to {target}, checked (only you can read it). "
                f"To use it: paintrack --db {target} status"
            )
            return
        lost = made.salvage.lost_text() if made.salvage else ""
        out(f"Saved the {made.rows:,} rows that could be read to {target} (only you can read it).")
        raise Damaged(
            f"--db {conn.path} is damaged ({made.damage}); the backup holds every row that "
            f"could be read{'; not read: ' + lost if lost else ''}. See `paintrack doctor`."
        )


def doctor(
    recover: Annotated[
        Path | None,
        typer.Option(
            metavar="NEW.db",
            help="Write every row of the diary that can still be read to a new diary, and say "
            "what could not be read (for a damaged diary; the diary itself is only read).",
        ),
    ] = None,
) -> None:
    """Check the database: integrity, schema version, permissions, values out of range."""
    if recover is not None:
        _recover(recover)
        return
    with user_errors():
        path, source = store.resolve_db_path(common.db_option())
        checks = store.integrity(path)
    out(f"database  {path}  (from {source})")
    for c in checks:
        out(f"{'ok  ' if c.ok else 'FAIL'}  {c.name:<17} {c.detail}")
    healthy = all(c.ok for c in checks)
    damaged = any(c.name == "integrity" and not c.ok for c in checks)
    out(
        "Healthy."
        if healthy
        else "Problems found (see FAIL above). "
        + (
            "Save every readable row: paintrack doctor --recover NEW.db"
            if damaged
            else "`paintrack backup` first, then fix them."
        )
    )
    raise typer.Exit(0 if healthy else 1)


def _recover(target: Path) -> None:
    with user_errors():
        path, _ = store.resolve_db_path(common.db_option())
        if not path.exists():
            raise InvalidValue("db", "a diary that exists", str(path))
        found = store.recover_to(path, target.expanduser())
    saved = ", ".join(f"{n:,} {t}" for t, n in found.saved.items() if n)
    out(f"Saved {found.rows:,} rows of {path} to {target} (only you can read it): {saved}.")
    lost = found.lost_text()
    out(f"Could not be read: {lost}." if lost else "Every row could be read: nothing was lost.")
    if found.orphans:
        out(
            f"{found.orphans:,} saved rows point at rows that were lost (e.g. doses of a lost log)."
        )
    out(f"Check it, then use it: paintrack --db {target} doctor")
