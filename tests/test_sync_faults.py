"""Faults during `paintrack sync` (issue 23, point 4): a kill -9 at any moment, a full sync
folder, two syncs at once. Neither database nor the folder is ever damaged, and no entry a
command acknowledged is lost."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

from paintrack import store
from paintrack.domain import sync_file
from paintrack.models import DailyLog
from paintrack.usecases import sync as syncing
from tests.conftest import Run
from tests.test_issue10 import full_disk  # noqa: F401  (the fixture: a real 1 MiB tmpfs)
from tests.test_sync_devices import Device, unfolded  # noqa: F401  (autouse)

NOW = dt.datetime(2026, 12, 6, 12, 0)


def _log(path: Path, note: str) -> None:
    """One acknowledged entry: written and committed, as `paintrack log` does."""
    conn = store.open_db(path, now=NOW)
    try:
        with store.writing(conn, "log", NOW):
            store.insert_log(conn, DailyLog(date=NOW.date(), pain=4, note=note), NOW)
    finally:
        conn.close()


def _sync_in_child(path: Path, folder: Path) -> int:
    """Fork; the child syncs `path` with `folder` and exits. Returns the child's pid."""
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        code = 0
        try:
            conn = store.open_db(path, now=NOW)
            syncing.sync(conn, folder, dt.datetime.now(), "laptop", lambda: "host")
            conn.close()
        except BaseException as e:
            os.write(2, f"sync in child: {e!r}\n".encode())
            code = 1
        os._exit(code)
    return pid


def _wait(pid: int, seconds: float = 60.0) -> int:
    """The child's exit code; a child still running after `seconds` is killed and fails."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return os.waitstatus_to_exitcode(status)
        time.sleep(0.005)
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    raise AssertionError(f"a sync did not finish within {seconds:g} s")


def _notes(path: Path) -> set[str]:
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return {r[0] for r in conn.execute("SELECT note FROM daily_logs")}
    finally:
        conn.close()


def _folder_is_whole(folder: Path, checked: set[Path]) -> None:
    """Every change file in the folder is whole; no unfinished write is left under its name.
    (Files are never rewritten, so each is checked once, when it appears.)"""
    for f in set(folder.rglob("*.jsonl")) - checked:
        checked.add(f)
        diary, device = f.parent.parent.name, f.parent.name
        sync_file.load(f.read_bytes(), diary, device, int(f.name[:6]), 2**60)


def test_kill_9_at_random_moments_of_a_sync_loses_and_breaks_nothing(
    run: Run, tmp_path: Path
) -> None:
    folder = tmp_path / "Sync"
    folder.mkdir()
    phone = Device(run, tmp_path / "phone.db", folder, "phone")
    laptop = tmp_path / "laptop.db"
    phone("course", "start", "back", "--start", "60 days ago")
    for i in range(40):
        phone("log", "--pain", str(i % 11), "--date", f"{i} days ago", "--note", f"p{i}")
    phone.sync()
    assert _wait(_sync_in_child(laptop, folder)) == 0  # the year comes in
    _log(laptop, "l-first")
    pid = _sync_in_child(laptop, folder)
    start = time.perf_counter()
    assert _wait(pid) == 0
    took = time.perf_counter() - start  # a sync of one new log, to spread the kills over
    rng = random.Random(23)
    acknowledged: set[str] = set(_notes(laptop))
    kills = 0
    checked: set[Path] = set()
    for i in range(200):
        _log(laptop, f"l{i}")
        acknowledged.add(f"l{i}")
        pid = _sync_in_child(laptop, folder)
        time.sleep(rng.uniform(0, took))
        if os.waitpid(pid, os.WNOHANG)[0] == 0:  # still syncing: kill -9 it there
            os.kill(pid, signal.SIGKILL)
            kills += 1
            os.waitpid(pid, 0)
        assert acknowledged <= _notes(laptop)
        _folder_is_whole(folder, checked)
    assert kills >= 100
    assert _wait(_sync_in_child(laptop, folder)) == 0
    phone.sync()
    assert acknowledged <= _notes(phone.path)
    assert _notes(laptop) == _notes(phone.path)


def test_a_full_sync_folder_is_one_clear_error_and_changes_nothing(
    run: Run,
    tmp_path: Path,
    full_disk: Path,  # noqa: F811
) -> None:
    phone = Device(run, tmp_path / "phone.db", full_disk, "phone")
    phone("course", "start", "back")
    phone("log", "--pain", "4", "--note", "x" * 1500)
    with contextlib.suppress(OSError), (full_disk / "filler").open("wb") as f:
        while True:
            f.write(b"\0" * 65536)
    r = phone.sync(code=1)
    assert r.stderr.count("\n") == 1 and "the sync folder" in r.stderr and "is full" in r.stderr
    assert not list(full_disk.rglob("*.jsonl")) and not list(full_disk.rglob(".paintrack-*"))
    assert "has not synced yet" in phone("sync", "--status").stdout
    (full_disk / "filler").unlink()
    assert "wrote" in phone.sync().stdout


@contextlib.contextmanager
def _holding_the_write_lock(path: Path) -> Iterator[None]:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
    finally:
        conn.execute("ROLLBACK")
        conn.close()


def test_two_syncs_at_once_run_one_after_the_other(run: Run, tmp_path: Path) -> None:
    folder = tmp_path / "Sync"
    folder.mkdir()
    laptop = Device(run, tmp_path / "laptop.db", folder, "laptop")
    laptop("course", "start", "back")
    laptop("log", "--pain", "4")
    finished: list[float] = []
    with _holding_the_write_lock(laptop.path):  # a first sync is under way

        def second() -> None:  # a whole process: forking with a connection open is unsafe
            command = [sys.executable, "-m", "paintrack", "--db", str(laptop.path), "sync"]
            done = subprocess.run([*command, str(folder)], capture_output=True, timeout=60)
            assert done.returncode == 0, done.stderr
            finished.append(time.perf_counter())

        waiting = threading.Thread(target=second)
        waiting.start()
        time.sleep(0.5)
        released = time.perf_counter()
        assert not finished  # it waits for the first one
    waiting.join(timeout=30)
    assert finished and finished[0] >= released
    assert len(list(folder.rglob("*.jsonl"))) == 1
