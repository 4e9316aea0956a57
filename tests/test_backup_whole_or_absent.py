"""`backup` killed at any moment leaves no file or a complete, checked backup; and a backup
left half-written by an older paintrack (a file and its `-journal`) is never taken for a
diary, nor called healthy."""

from __future__ import annotations

import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import Run
from tests.test_damaged_diary import make_diary

KILLS = 20


def _counts(path: Path) -> dict[str, int]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        return {n: conn.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0] for n in names}
    finally:
        conn.close()


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_diary(tmp_path_factory.mktemp("source") / "diary.db", logs=10_000)


# What `paintrack backup` runs, without the CLI's start-up (the kills land in the backup).
BACKUP = (
    "import sys\n"
    "from pathlib import Path\n"
    "from paintrack.store import backup_to, open_db\n"
    "backup_to(open_db(Path(sys.argv[1])), Path(sys.argv[2]))\n"
)


def _backup(source: Path, target: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-c", BACKUP, str(source), str(target)])


def test_a_backup_killed_at_any_moment_leaves_nothing_or_a_whole_backup(
    source: Path, tmp_path: Path
) -> None:
    expected = _counts(source)
    started = time.monotonic()
    assert _backup(source, tmp_path / "timed.db").wait(timeout=60) == 0
    took = time.monotonic() - started
    assert _counts(tmp_path / "timed.db") == expected
    rng = random.Random(20)
    midway = 0
    for i in range(KILLS):
        folder = tmp_path / f"kill{i}"
        folder.mkdir()
        target = folder / "backup.db"
        proc = _backup(source, target)
        if i % 2:  # half the kills at any moment of the run
            time.sleep(rng.uniform(0.0, 1.1) * took)
        else:  # half while the copy is being written and checked (its temporary file exists)
            while proc.poll() is None and not any(folder.iterdir()):
                time.sleep(0.002)
            time.sleep(rng.uniform(0.0, 0.5) * took)
        midway += proc.poll() is None and any(p != target for p in folder.iterdir())
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=60)
        if target.exists():
            assert _counts(target) == expected, f"kill {i}: an incomplete backup"
        assert not Path(f"{target}-journal").exists()
        leftovers = [p for p in folder.iterdir() if p != target]
        assert all(p.name.startswith(".backup.db.partial-") for p in leftovers), leftovers
    # a later backup to the same name clears what a killed one left
    folder = tmp_path / "kill0"
    if (folder / "backup.db").exists():
        (folder / "backup.db").unlink()
    assert _backup(source, folder / "backup.db").wait(timeout=60) == 0
    assert [p.name for p in folder.iterdir()] == ["backup.db"]
    assert midway  # some kills landed while the copy was half-written


def test_a_half_written_backup_with_its_journal_is_refused_and_never_called_healthy(
    run: Run, source: Path, tmp_path: Path
) -> None:
    """What a backup of an older paintrack left when killed: the file, and a hot journal that
    would roll it back to nothing (then read as an empty diary)."""
    target = tmp_path / "kb.db"
    script = (
        "import os, sqlite3, sys\n"
        "src = sqlite3.connect(sys.argv[1]); dest = sqlite3.connect(sys.argv[2]); n = [0]\n"
        "dest.execute('PRAGMA cache_size = 10')\n"  # pages reach the file before the end
        "def step(*a):\n"
        "    n[0] += 1\n"
        "    if n[0] == 5: os._exit(9)\n"
        "src.backup(dest, pages=20, progress=step)\n"
    )
    subprocess.run([sys.executable, "-c", script, str(source), str(target)], check=False)
    journal = Path(f"{target}-journal")
    assert target.stat().st_size > 0 and journal.stat().st_size > 0
    before = target.read_bytes()
    r = run("--db", str(target), "status", code=2)
    assert "is incomplete" in r.stderr and "kb.db-journal" in r.stderr
    r = run("--db", str(target), "doctor", code=1)
    assert "Healthy" not in r.stdout and "FAIL  integrity" in r.stdout
    assert target.read_bytes() == before and journal.exists()  # not rolled back to nothing
