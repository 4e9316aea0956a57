"""Reading a file to import, within limits (docs/data.md, "Limits"; issue 10).

A file is opened only if it is a regular file (never a folder, a device such as /dev/zero, or a
pipe, which is opened without blocking) of at most MAX_FILE_BYTES, and never read beyond that
even if it grows. CSV rows are read one at a time: a cell over MAX_CELL_CHARS, a row with more
cells than the header, bytes that are not UTF-8 or CSV the csv module cannot read become one bad
row naming its line, never an internal error.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import stat
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any

from paintrack.domain.dates import latest_anywhere
from paintrack.errors import ImportRejected, InvalidValue

# Limits of what `import` reads (docs/data.md, "Limits"): a file is read as it streams, never
# more than this, and a cell, a row or a JSON document bigger than these is refused by line.
MAX_FILE_BYTES = 200 * 1024 * 1024  # 200 MB: decades of daily logs fit in a few MB
MAX_CELL_CHARS = 128 * 1024  # 131,072 characters in one CSV cell (csv's own default)
MAX_CELLS = 256  # cells in one CSV row (an export has about 50 columns)
MAX_BAD_KEPT = 100  # bad rows kept for the message (it shows 20); the rest are counted
# An export (JSON, or CSV with a `record` column) is held whole while its rows are checked
# against each other, so it is refused above this size before it is read: measured, the worst
# 15 MB exports (430,000 red flags; 284,000 doses) peaked at 280 MiB, and 12 MiB leaves room
# under the 300 MiB promised. That is 47,000 daily logs with a dose each: 40 years of three
# logs a day. A plain CSV of daily logs is streamed row by row up to MAX_FILE_BYTES.
MAX_EXPORT_BYTES = 12 * 1024 * 1024
MAX_LINE_CHARS = 1024 * 1024  # one CSV line: an export's longest row is a few KB
csv.field_size_limit(MAX_CELL_CHARS)

Bad = list[tuple[str, InvalidValue]]


def refusal(where: str, name: str, allowed: str, got: object = None) -> tuple[str, InvalidValue]:
    return where, InvalidValue(name, allowed, got)


class Refused:
    """Bad rows, the first MAX_BAD_KEPT kept for the message and the rest counted."""

    def __init__(self) -> None:
        self.bad: Bad = []
        self.more = 0

    def add(self, where: str, name: str, allowed: str, got: object = None) -> None:
        if len(self.bad) < MAX_BAD_KEPT:
            self.bad.append(refusal(where, name, allowed, got))
        else:
            self.more += 1

    def rejected(self, source: str, more: Bad | None = None) -> ImportRejected | None:
        """The error listing them with `more` (found later), or None when there is none."""
        bad = self.bad + (more or [])
        if not bad:
            return None
        extra = self.more + max(0, len(bad) - MAX_BAD_KEPT)
        return ImportRejected(source, bad[:MAX_BAD_KEPT], more=extra)


def latest(today: dt.date) -> dt.date:
    """The latest date an entry may have: dated in another zone, it may be a day or two ahead
    of `today` here (domain.dates.latest_anywhere)."""
    offset = dt.datetime.now().astimezone().utcoffset() or dt.timedelta()
    return latest_anywhere(today, offset)


def open_file(path: Path) -> io.BufferedReader:
    """The file, if it is a regular file of at most MAX_FILE_BYTES: never a folder, a device
    such as /dev/zero, or a pipe (opened without blocking, so a FIFO cannot hang the import)."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError as e:
        raise InvalidValue("FILE", "a readable file", f"{path}: {e.strerror}") from None
    st = os.fstat(fd)
    if not stat.S_ISREG(st.st_mode):
        os.close(fd)
        what = "a folder" if stat.S_ISDIR(st.st_mode) else "a device, pipe or socket"
        raise InvalidValue("FILE", f"a regular file, not {what}", str(path))
    if st.st_size > MAX_FILE_BYTES:
        os.close(fd)
        raise InvalidValue("FILE", _size_allowed(), f"{path}: {st.st_size:,} bytes")
    os.set_blocking(fd, True)
    return io.BufferedReader(_Bounded(fd))


def _size_allowed() -> str:
    return f"at most {MAX_FILE_BYTES // 1024 // 1024} MB (see docs/data.md, Limits)"


class _Bounded(io.RawIOBase):
    """A file read up to MAX_FILE_BYTES: a file that grows while it is read stops there."""

    def __init__(self, fd: int) -> None:
        self.fd, self.total = fd, 0

    def readable(self) -> bool:
        return True

    def fileno(self) -> int:
        return self.fd

    def readinto(self, buffer: Any) -> int:
        n = os.readv(self.fd, [buffer])
        self.total += n
        if self.total > MAX_FILE_BYTES:
            raise InvalidValue("FILE", _size_allowed(), "a file that grew while it was read")
        return n

    def close(self) -> None:
        if not self.closed:
            os.close(self.fd)
        super().close()


def export_size_ok(f: io.BufferedReader, source: str) -> None:
    """Refuse an export over MAX_EXPORT_BYTES before reading it."""
    size = os.fstat(f.fileno()).st_size
    if size > MAX_EXPORT_BYTES:
        allowed = (
            f"at most {MAX_EXPORT_BYTES // 1024 // 1024} MB for a paintrack export (a plain CSV "
            "of daily logs may be bigger; see docs/data.md, Limits)"
        )
        raise InvalidValue("FILE", allowed, f"{size:,} bytes")


def bounded_lines(text: IO[str], bad: Bad) -> Iterator[str]:
    """The lines of `text`, each read at most MAX_LINE_CHARS at a time: a longer line is a bad
    row naming it and ends the file (a 150 MB line is never held whole)."""
    n = 0
    while True:
        line = text.readline(MAX_LINE_CHARS + 1)
        if not line:
            return
        n += 1
        if len(line) > MAX_LINE_CHARS:
            allowed = f"at most {MAX_LINE_CHARS:,} characters (1 MiB; docs/data.md, Limits)"
            bad.append(refusal(f"line {n}", "line", allowed))
            return
        yield line


def csv_rows(reader: Any, bad: Bad, bad_utf8: Callable[[], int]) -> Iterator[tuple[int, list[str]]]:
    """(line, cells) of each row that holds something. A row the csv module cannot read (a
    cell over MAX_CELL_CHARS, a NUL byte, bytes that are not UTF-8) is the file's last."""
    while True:
        try:
            values = next(reader)
        except StopIteration:
            return
        except csv.Error as e:
            where = f"line {reader.line_num}"
            if "field larger" in str(e):
                allowed = f"at most {MAX_CELL_CHARS:,} characters (128 KiB; docs/data.md, Limits)"
                bad.append(refusal(where, "cell", allowed))
            else:
                bad.append(refusal(where, "the_file", "readable CSV", str(e)))
            return
        except UnicodeDecodeError:  # text is decoded ahead of the rows: find the line
            bad.append(refusal(f"line {bad_utf8()}", "the_file", "UTF-8 text"))
            return
        if any(v.strip() for v in values):
            yield reader.line_num, values


def first_bad_utf8_line(path: Path) -> int:
    """The first line of the file that is not UTF-8 (only read when one is found)."""
    with open_file(path) as f:
        for n, raw in enumerate(f, start=1):
            try:
                raw.decode("utf-8")
            except UnicodeDecodeError:
                return n
    return 1


def within(
    rows: Iterator[tuple[int, list[str]]], names: list[str], bad: Bad
) -> Iterator[tuple[int, list[str]]]:
    """Rows with no more cells than the header has columns (trailing empty cells aside)."""
    for line, values in rows:
        if len(values) > len(names) and any(v.strip() for v in values[len(names) :]):
            allowed = f"at most {min(len(names), MAX_CELLS)} (the columns of the header)"
            bad.append(refusal(f"line {line}", "cells", allowed, len(values)))
            continue
        yield line, values
