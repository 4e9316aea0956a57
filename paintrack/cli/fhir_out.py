"""`paintrack export --format fhir|fhir-ndjson`: FHIR R4 for a clinic's server (issue 15).

Streams: the Bundle (or each NDJSON file) is written resource by resource into a private
temporary file that is renamed into place when complete, so years of logs export in bounded
memory and a failed export leaves nothing behind. A progress bar shows on a terminal when the
export takes longer than about a second; never in a pipe.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from paintrack import fields as F
from paintrack import store
from paintrack.cli.common import err
from paintrack.errors import InvalidValue, NothingToExport
from paintrack.export import private_text
from paintrack.models import Diary

if TYPE_CHECKING:
    from rich.progress import Progress, TaskID


def check_label(label: str | None) -> None:
    """A label FHIR can carry as Patient.name.text (domain.md §11.2): its declaration's one
    short line (fields.LABEL, which `export` checks first), and not empty."""
    if label is None:
        return
    F.LABEL.check(label)
    if not label.strip():
        raise F.LABEL.error("some text: initials or a name", label)


class Ticker:
    """Counts resources; after about a second on a terminal, shows a rich progress bar."""

    def __init__(self, total: int) -> None:
        self.total = total
        self.count = 0
        self.started = time.monotonic()
        self.progress: Progress | None = None
        self.task: TaskID | None = None
        self.enabled = sys.stderr.isatty() and not os.environ.get("PAINTRACK_NO_PROGRESS")

    def __call__(self) -> None:
        self.count += 1
        if self.count % 500 or not self.enabled:
            return
        if self.progress is None and time.monotonic() - self.started > 1.0:
            from rich.progress import Progress

            self.progress = Progress(transient=True)
            self.progress.start()
            self.task = self.progress.add_task("Writing FHIR", total=self.total)
        if self.progress is not None and self.task is not None:
            self.progress.update(self.task, completed=min(self.count, self.total))

    def close(self) -> None:
        if self.progress is not None:
            self.progress.stop()


def _estimate(diary: Diary) -> int:
    """About how many resources the diary becomes (for the progress bar)."""
    per_log = sum(
        3 + len(x.doses) + len(x.red_flags) + bool(x.activity_ratings) for x in diary.daily_logs
    )
    return 3 + 3 * len(diary.sessions) + per_log + 2 * len(diary.pegs) + len(diary.decisions)


def namespace(conn: store.Db) -> uuid.UUID:
    """The database's own FHIR id namespace (migration m003_database_id; issue 10)."""
    return store.fhir_namespace(conn)


def export(
    conn: store.Db,
    diary: Diary,
    fmt: str,
    output: str,
    force: bool,
    label: str | None,
    bundle: str,
    now: dt.datetime,
) -> str:
    """Write the FHIR export; returns what was written, for the one line on stderr."""
    from paintrack.export import fhir

    check_label(label)
    if not (diary.sessions or diary.daily_logs or diary.pegs or diary.decisions):
        raise NothingToExport(
            "Nothing to export yet: no sessions, daily logs, PEGs or decisions in this diary."
        )
    ns, stamp = namespace(conn), now.astimezone()
    ticker = Ticker(_estimate(diary))
    opts: dict[str, Any] = {"namespace": ns, "now": stamp, "label": label, "tick": ticker}
    try:
        if fmt == "fhir-ndjson":
            counts = _folder(Path(output).expanduser(), diary, opts)
            return f"{sum(counts.values()):,} resources in {len(counts)} NDJSON files"
        if output == "-":
            n = fhir.write(sys.stdout, diary, bundle=bundle, **opts)
        else:
            with private_text(Path(output).expanduser(), overwrite=force) as f:
                n = fhir.write(f, diary, bundle=bundle, **opts)
        return f"a FHIR {bundle} Bundle of {n:,} entries"
    finally:
        ticker.close()


def _folder(target: Path, diary: Diary, opts: dict[str, Any]) -> dict[str, int]:
    """NDJSON files written into a private temporary folder, then renamed to `target`."""
    from paintrack.export import fhir

    if target.exists():
        raise InvalidValue(
            "output", "a folder that does not exist yet (NDJSON is a folder)", str(target)
        )
    if not target.parent.is_dir():
        raise InvalidValue("output", "in a folder that exists", str(target))
    tmp = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp"))

    def opener(path: Path) -> TextIO:
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        return os.fdopen(fd, "w", encoding="utf-8", newline="\n")

    try:
        counts = fhir.write_folder(tmp, diary, opener, **opts)
        os.rename(tmp, target)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    err(f"NDJSON files: {', '.join(f'{k}.ndjson ({v:,})' for k, v in sorted(counts.items()))}")
    return counts
