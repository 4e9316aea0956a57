"""A diary that cannot be written still reads where SQLite can, and the advice names the real
cause: the file, a read-only mount, or a `-shm` left read-only (which paintrack gives back)."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import Run


@pytest.fixture(autouse=True)
def unfolded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("COLUMNS", raising=False)  # piped: whole lines, long paths unbroken


def _pending_wal(path: Path, pain: int = 3) -> None:
    """A writer that stopped without closing: the last log only in `-wal`, no checkpoint."""
    script = (
        "import os, sqlite3, sys\n"
        "c = sqlite3.connect(sys.argv[1])\n"
        'c.execute("INSERT INTO daily_logs (date, pain, created_at) '
        f"VALUES ('2026-12-01', {pain}, 'x')\")\n"
        "c.commit()\n"
        "os._exit(0)\n"
    )
    subprocess.run([sys.executable, "-c", script, str(path)], check=True)
    assert Path(f"{path}-wal").stat().st_size > 0


def test_chmod_400_reads_refuses_to_write_then_600_writes_again(run: Run, db_path: Path) -> None:
    run("course", "start", "back")
    _pending_wal(db_path)
    db_path.chmod(0o400)
    assert "2026-12-01" in run("history").stdout  # the pending log is read
    r = run("log", "4", code=1)
    assert f"chmod u+w {db_path}" in r.stderr and r.stderr.count("\n") == 1
    assert "read-only" in run("doctor", code=1).stdout
    db_path.chmod(0o600)
    run("log", "5")
    assert "FAIL  write access" not in run("doctor").stdout


def test_a_shm_left_read_only_is_given_back_its_write_bit(run: Run, db_path: Path) -> None:
    """SQLite makes `-wal`/`-shm` with the diary's mode: read while it was 0400, they stay
    0400 after `chmod 600`, and (for anyone but root) every write would fail."""
    run("course", "start", "back")
    _pending_wal(db_path)
    shm = Path(f"{db_path}-shm")
    assert shm.exists()
    shm.chmod(0o400)
    r = run("doctor", code=1)  # the real cause, not the diary (which is 0600)
    assert f"{shm} is read-only" in r.stdout and f"chmod u+w {shm}" in r.stdout
    reader = sqlite3.connect(db_path)  # keeps -shm in place after the log's connection closes
    reader.execute("SELECT count(*) FROM daily_logs").fetchone()
    run("log", "4")
    assert shm.stat().st_mode & 0o777 == 0o600
    reader.close()
    assert "FAIL  write access" not in run("doctor").stdout


@pytest.fixture
def read_only_mount() -> Iterator[Path]:
    """A tmpfs mounted read-only over a diary with a pending -wal and no -shm (needs root)."""
    folder = Path(tempfile.mkdtemp(prefix="paintrack-rom-"))
    if os.geteuid() != 0:
        pytest.skip("mounting a read-only filesystem needs root (CI runs the suite as root)")
    made = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", str(folder)])
    if made.returncode != 0:
        pytest.skip(
            "this system does not allow mounting a tmpfs (a container without CAP_SYS_ADMIN)"
        )
    try:
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], check=False)
        folder.rmdir()


def test_a_pending_wal_on_a_read_only_mount_reads_and_says_the_mount_is_read_only(
    run: Run, read_only_mount: Path
) -> None:
    path = read_only_mount / "diary.db"
    run("--db", str(path), "course", "start", "back")
    _pending_wal(path, pain=7)
    Path(f"{path}-shm").unlink()
    subprocess.run(["mount", "-o", "remount,ro", str(read_only_mount)], check=True)
    before = {p.name for p in Path(tempfile.gettempdir()).iterdir()}
    r = subprocess.run(
        [sys.executable, "-m", "paintrack", "--db", str(path), "history", "--json"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert r.returncode == 0 and '"pain": 7' in r.stdout, r.stderr
    after = {p.name for p in Path(tempfile.gettempdir()).iterdir()}
    assert not {n for n in after - before if n.startswith("paintrack-read-")}  # copy removed
    r = run("--db", str(path), "log", "4", code=1)
    assert "read-only disk or mount" in r.stderr and "chmod" not in r.stderr
    assert "read-only disk or mount" in run("--db", str(path), "doctor", code=1).stdout
    conn = sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True)
    assert conn.execute("SELECT count(*) FROM daily_logs").fetchone()[0] == 0  # still only in -wal
    conn.close()
