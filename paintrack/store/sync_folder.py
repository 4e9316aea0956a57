"""The sync folder as files: `DIR/paintrack/<diary>/<device>/NNNNNN.jsonl`, one writer per
device folder, each file written under a temporary name, flushed to disk and renamed, never
rewritten (so a sync tool never sees two writers on one file). Folders 0700, files 0600."""

from __future__ import annotations

import contextlib
import errno
import os
import re
from pathlib import Path
from typing import NamedTuple

from paintrack import reference as ref
from paintrack.errors import BadChangeFile, CannotWrite
from paintrack.store.files import make_private_dirs

CHANGE_FILE = re.compile(ref.SYNC_CHANGE_FILE)
DEVICE = re.compile(ref.SYNC_DEVICE)
DIARY = re.compile(ref.SYNC_DIARY)
MAX_FILE_BYTES = ref.SYNC_MAX_FILE_BYTES
TEMP_PREFIX = ".paintrack-"  # a change file being written; left behind only by a crash


def root(folder: Path) -> Path:
    return folder / "paintrack"


def diaries(folder: Path) -> list[str]:
    """The diaries that have change files in the folder."""
    try:
        return sorted(e.name for e in os.scandir(root(folder)) if DIARY.match(e.name))
    except (FileNotFoundError, NotADirectoryError):
        return []


class Listing(NamedTuple):
    files: dict[str, list[str]]  # device → its change files' names
    others: list[Path]  # anything else: what sync tools leave behind, strays


def listing(folder: Path, diary: str) -> Listing:
    files: dict[str, list[str]] = {}
    others: list[Path] = []
    base = root(folder) / diary
    try:
        devices = list(os.scandir(base))
    except FileNotFoundError:
        return Listing({}, [])
    for d in devices:
        if not d.is_dir() or not DEVICE.match(d.name):
            others.append(Path(d.path))
            continue
        for e in os.scandir(d.path):
            if CHANGE_FILE.match(e.name) and e.is_file():
                files.setdefault(d.name, []).append(e.name)
            else:
                others.append(Path(e.path))
    return Listing(files, others)


def read(path: Path) -> bytes:
    try:
        with open(path, "rb") as f:
            data = f.read(MAX_FILE_BYTES + 1)
    except OSError as e:
        raise BadChangeFile(f"it cannot be read ({e.strerror})") from None
    if len(data) > MAX_FILE_BYTES:
        raise BadChangeFile(f"it is larger than {MAX_FILE_BYTES // 2**20} MiB")
    return data


def next_seq(folder: Path, diary: str, device: str) -> int:
    mine = root(folder) / diary / device
    try:
        numbers = [int(m.group(1)) for n in os.listdir(mine) if (m := CHANGE_FILE.match(n))]
    except FileNotFoundError:
        return 1
    return max(numbers, default=0) + 1


def write(folder: Path, diary: str, device: str, seq: int, data: bytes) -> Path:
    """Write a new change file atomically; CannotWrite (one line) if the folder refuses."""
    mine = root(folder) / diary / device
    target = mine / f"{seq:06d}.jsonl"
    temp = mine / f"{TEMP_PREFIX}{seq:06d}.tmp"
    try:
        make_private_dirs(mine)
        fd = os.open(temp, os.O_CREAT | os.O_TRUNC | os.O_WRONLY, 0o600)
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
            os.fsync(fd)
        finally:
            os.close(fd)
        if os.path.lexists(target):  # never over a file: it would be a second writer
            raise FileExistsError(errno.EEXIST, "exists", str(target))
        os.rename(temp, target)
        _sync_dir(mine)
    except OSError as e:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise _cannot(folder, e) from None
    return target


def _cannot(folder: Path, e: OSError) -> CannotWrite:
    if e.errno in (errno.ENOSPC, errno.EDQUOT):
        return CannotWrite(
            f"the sync folder {folder} is full: nothing was synced and the diary is unchanged. "
            "Free some space there and sync again."
        )
    return CannotWrite(
        f"the sync folder {folder} cannot be written ({e.strerror}): nothing was synced and "
        "the diary is unchanged."
    )


def _sync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError):  # not every file system lets a folder be flushed
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def remove_temps(folder: Path, diary: str, device: str) -> None:
    """Remove this device's own unfinished writes (left by a crash or a kill)."""
    mine = root(folder) / diary / device
    with contextlib.suppress(OSError):
        for name in os.listdir(mine):
            if name.startswith(TEMP_PREFIX):
                with contextlib.suppress(OSError):
                    os.unlink(mine / name)


def remove(paths: list[Path]) -> None:
    for p in paths:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(p)


def inside(path: Path, folder: Path) -> bool:
    """Whether `path` lies in `folder` (both resolved)."""
    try:
        path.resolve().relative_to(folder.resolve())
    except ValueError:
        return False
    return True


SYNC_MARKERS = (".stfolder", ".dropbox", ".nextcloudsync.log", ".owncloudsync.log")


def synced_folder_of(path: Path) -> Path | None:
    """The nearest folder above `path` that a sync tool marks as its own (Syncthing's
    .stfolder, Dropbox's .dropbox, Nextcloud's sync log), if any."""
    for parent in path.resolve().parents:
        if any(os.path.lexists(parent / m) for m in SYNC_MARKERS):
            return parent
    return None
