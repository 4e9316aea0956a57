"""`paintrack export --format fhir|fhir-ndjson`: FHIR R4 for a clinic's server (issue 15).

Streams: the Bundle (or each NDJSON file) is written resource by resource into a private
temporary file that is renamed into place when complete, so years of logs export in bounded
memory and a failed export leaves nothing behind. A progress bar shows on a terminal when the
export takes longer than about a second; never in a pipe.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import time
import uuid
from pathlib import Path
from typing import TYPE_CHECKING, Any

from paintrack import fields as F
from paintrack import store
from paintrack.cli.common import err
from paintrack.errors import NothingToExport
from paintrack.export import private_file, private_folder, private_text
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

    with private_folder(target, "NDJSON is a folder") as tmp:
        counts = fhir.write_folder(tmp, diary, private_file, **opts)
    err(f"NDJSON files: {', '.join(f'{k}.ndjson ({v:,})' for k, v in sorted(counts.items()))}")
    return counts
