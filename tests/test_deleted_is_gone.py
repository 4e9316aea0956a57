"""`paintrack compact`: deleted and edited text is gone from the file's bytes and from every
backup made afterwards; it asks first on a terminal."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import Run
from tests.test_interactive import _read_until

SECRETS = (b"SECRET-ALPHA", b"SECRET-BRAVO")


def _bytes(path: Path) -> bytes:
    """The file and its -wal: everything SQLite keeps of it."""
    wal = Path(f"{path}-wal")
    return path.read_bytes() + (wal.read_bytes() if wal.exists() else b"")


@pytest.fixture
def edited(run: Run, db_path: Path) -> Path:
    run("course", "start", "back")
    run("log", "4", "--note", "SECRET-ALPHA at work")
    run("edit", "L1", "--note", "fine now")
    run("log", "5", "--note", "SECRET-BRAVO at home")
    run("delete", "L2", "--yes")
    assert all(s in _bytes(db_path) for s in SECRETS)  # kept for undo until compacted
    return db_path


def test_compact_removes_deleted_and_edited_text_from_the_file_and_later_backups(
    run: Run, edited: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("COLUMNS", raising=False)
    run("backup")  # an older copy: compact names it
    r = run("compact", "--yes")
    assert "undo steps forgotten" in r.stdout and "-backup-" in r.stdout
    data = _bytes(edited)
    assert not any(s in data for s in SECRETS)
    assert b"fine now" in data
    run("backup", str(tmp_path / "after.db"))
    assert not any(s in (tmp_path / "after.db").read_bytes() for s in SECRETS)
    assert "Nothing to undo" in run("undo", code=3).stderr
    assert "fine now" in run("history").stdout


def test_compact_off_a_terminal_needs_yes_and_changes_nothing(run: Run, edited: Path) -> None:
    before = _bytes(edited)
    r = run("compact", code=2)
    assert (
        r.stderr.strip()
        == "Error: --yes must be given to compact without a terminal to confirm on."
    )
    assert _bytes(edited) == before


def test_compact_asks_on_a_terminal_and_no_keeps_the_journal(edited: Path) -> None:
    main, child = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "paintrack", "--db", str(edited), "compact"],
        stdin=child,
        stdout=child,
        stderr=child,
        env={**os.environ, "NO_COLOR": "1"},
        start_new_session=True,
    )
    os.close(child)
    shown = _read_until(main, "Continue?")
    assert "forgets the 5 changes" in shown
    os.write(main, b"n\r")
    assert proc.wait(timeout=30) == 1
    os.close(main)
    assert all(s in _bytes(edited) for s in SECRETS)
