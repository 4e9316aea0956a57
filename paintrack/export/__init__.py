"""Exporters by format name (style.md §3.11): what each needs, its file suffix, text or bytes.

Light on purpose: `paintrack.cli.data` imports this at start-up, so an exporter's module (and its
heavy library: fpdf2, fhir codes) is imported only when that format is asked for.
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module
from pathlib import Path
from typing import Any


@dataclass(frozen=True, slots=True)
class Exporter:
    """`module.function(x)` turns a Summary (needs="summary") or a store Dataset (needs="data")
    into str (text formats) or bytes (binary=True)."""

    module: str
    function: str
    suffix: str
    binary: bool
    needs: str  # "summary" | "data"
    takes_label: bool = False  # summaries carry the label inside; fhir takes it as an argument
    takes_ids: bool = False  # takes `namespace=`: the database's own id namespace (FHIR ids)

    @property
    def render(self) -> Callable[..., Any]:
        module = import_module(f"paintrack.export.{self.module}")
        return getattr(module, self.function)  # type: ignore[no-any-return]


EXPORTERS: dict[str, Exporter] = {
    "md": Exporter("markdown", "render", ".md", False, "summary"),
    "html": Exporter("html", "render", ".html", False, "summary"),
    "pdf": Exporter("pdf", "render", ".pdf", True, "summary"),
    "csv": Exporter("tabular", "to_csv", ".csv", False, "data"),
    "json": Exporter("tabular", "to_json", ".json", False, "data"),
    "fhir": Exporter(
        "fhir", "render", ".fhir.json", False, "data", takes_label=True, takes_ids=True
    ),
}


def format_for(filename: str) -> str | None:
    """The format a file name asks for: the longest matching suffix wins (.fhir.json → fhir)."""
    name = filename.lower()
    found = [(len(e.suffix), k) for k, e in EXPORTERS.items() if name.endswith(e.suffix)]
    return max(found)[1] if found else None


class NotRegularFile(OSError):
    """The path holds something that is not a regular file (a device, a FIFO, a folder…)."""


def write_private(path: Path, content: bytes, *, overwrite: bool) -> None:
    """Write `content` to `path` 0600, atomically: a temporary file in the same folder, then
    renamed into place, so a crash or a full disk never leaves half a file (the temporary file is
    removed). Without `overwrite`, an existing file is never replaced (FileExistsError), even one
    created a moment ago by another process; with it, only a regular file is (NotRegularFile:
    a device such as /dev/null, a FIFO or a folder is never replaced, even as root)."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")  # 0600
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(content)
            f.flush()
            os.fsync(f.fileno())
        if overwrite:
            _replaceable(path)
            os.replace(tmp, path)
        else:
            os.link(tmp, path)  # fails if `path` exists: no check-then-write race
            os.unlink(tmp)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def _replaceable(path: Path) -> None:
    """Checked again right before the rename (the CLI checked first): a regular file or nothing."""
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return
    if not stat.S_ISREG(mode):
        raise NotRegularFile(f"{path} is not a regular file")
