"""Exporters by format name (style.md §3.11): what each needs, its file suffix, text or bytes.

Light on purpose: `paintrack.cli.data` imports this at start-up, so an exporter's module (and its
heavy library: Typst, fhir codes) is imported only when that format is asked for.
"""

from __future__ import annotations

import os
import shutil
import stat
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import import_module
from pathlib import Path
from typing import Any, TextIO

from paintrack.errors import InvalidValue


@dataclass(frozen=True, slots=True)
class Exporter:
    """`module.function(x)` turns a Summary (needs="summary") or a store Dataset (needs="data")
    into str (text formats) or bytes (binary=True)."""

    module: str
    function: str
    suffix: str
    binary: bool
    needs: str  # "summary" | "data" | "package" (a folder) | "database" (its metadata)
    takes_label: bool = False  # summaries carry the label inside; fhir takes it as an argument

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
    "fhir": Exporter("fhir", "render", ".fhir.json", False, "data", takes_label=True),
    # Bulk Data NDJSON: a folder of `<Type>.ndjson` files, written by cli/fhir_out.py
    "fhir-ndjson": Exporter("fhir", "write_folder", ".ndjson", False, "data", takes_label=True),
    # Frictionless Data Package: a folder of one CSV per table and datapackage.json (issue 26)
    "datapackage": Exporter("package", "write_folder", ".datapackage", False, "package"),
    # Datasette metadata describing the database itself (cli/package_out.py writes both)
    "datasette-metadata": Exporter("datasette", "metadata", ".metadata.json", False, "database"),
}


def format_for(filename: str) -> str | None:
    """The format a file name asks for: the longest matching suffix wins (.fhir.json → fhir)."""
    name = filename.lower()
    found = [(len(e.suffix), k) for k, e in EXPORTERS.items() if name.endswith(e.suffix)]
    return max(found)[1] if found else None


class NotRegularFile(OSError):
    """The path holds something that is not a regular file (a device, a FIFO, a folder…)."""


@contextmanager
def private_text(path: Path, *, overwrite: bool) -> Iterator[TextIO]:
    """A text file to stream into, 0600, published at `path` atomically when the block ends
    (a temporary file in the same folder, renamed); removed if the block fails (a full disk
    leaves nothing behind). Without `overwrite`, an existing file is never replaced
    (FileExistsError); with it, only a regular file is (NotRegularFile)."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")  # 0600
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            yield f
            f.flush()
            os.fsync(f.fileno())
        _publish(tmp, path, overwrite)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def private_file(path: Path) -> TextIO:
    """A new file in a private folder, 0600 (never over an existing one)."""
    fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    return os.fdopen(fd, "w", encoding="utf-8", newline="")


@contextmanager
def private_folder(target: Path, what: str) -> Iterator[Path]:
    """A new folder to write files into (`private_file`), 0700, published at `target` when the
    block ends (a temporary folder beside it, renamed); removed if the block fails. `what` says
    in the refusal why it must be new ("NDJSON is a folder")."""
    if target.exists():
        raise InvalidValue("output", f"a folder that does not exist yet ({what})", str(target))
    if not target.parent.is_dir():
        raise InvalidValue("output", "in a folder that exists", str(target))
    tmp = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp"))
    try:
        yield tmp
        os.rename(tmp, target)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def write_private(path: Path, content: bytes, *, overwrite: bool) -> None:
    """Write `content` to `path` 0600, atomically, as `private_text` does."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")  # 0600
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(content)
            f.flush()
            os.fsync(f.fileno())
        _publish(tmp, path, overwrite)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def _publish(tmp: str, path: Path, overwrite: bool) -> None:
    """The finished temporary file becomes `path`. With `overwrite`, only over a regular file
    or nothing (checked again right before the rename: a device such as /dev/null, a FIFO or a
    folder is never replaced, even as root); without, never over anything (no check-then-write
    race: `link` fails if `path` exists)."""
    if overwrite:
        try:
            mode = os.lstat(path).st_mode
        except FileNotFoundError:
            mode = stat.S_IFREG
        if not stat.S_ISREG(mode):
            raise NotRegularFile(f"{path} is not a regular file")
        os.replace(tmp, path)
    else:
        os.link(tmp, path)
        os.unlink(tmp)
