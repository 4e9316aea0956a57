"""A damaged diary (bytes flipped in real pages) is said once, never written into, and its rows
can be got out: `doctor --recover` and `backup` save every row that can be read."""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import Run

LOGS = 3000


def make_diary(path: Path, logs: int = LOGS) -> Path:
    """A real diary (made by the CLI) holding `logs` daily logs with notes."""
    r = subprocess.run(
        [sys.executable, "-m", "paintrack", "--db", str(path), "course", "start", "back"],
        capture_output=True,
        text=True,
    )
    assert r.returncode == 0, r.stderr
    conn = sqlite3.connect(path)
    conn.executemany(
        "INSERT INTO daily_logs (date, time, pain, note, created_at) VALUES (?, ?, ?, ?, ?)",
        [
            ("2020-01-01", "08:00", i % 11, f"note {i} " + "x" * 60, "2020-01-01T08:00:00")
            for i in range(logs)
        ],
    )
    conn.commit()
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    return path


def damage(path: Path, pages: int = 2) -> set[int]:
    """Overwrite the start of `pages` leaf pages of daily_logs in the middle of the file (what
    a failing disk does); returns the ids of the logs that were on them."""
    conn = sqlite3.connect(path)
    size = conn.execute("PRAGMA page_size").fetchone()[0]
    leaves = [
        r[0]
        for r in conn.execute(
            "SELECT pageno FROM dbstat WHERE name = 'daily_logs' AND pagetype = 'leaf' "
            "ORDER BY pageno"
        )
    ]
    chosen = leaves[len(leaves) // 2 : len(leaves) // 2 + pages]
    before = {r[0] for r in conn.execute("SELECT id FROM daily_logs")}
    conn.close()
    with path.open("r+b") as f:
        for page in chosen:
            f.seek((page - 1) * size)
            f.write(b"\xa5" * 48)
    readable = set()
    conn = sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True)
    for rowid in sorted(before):
        try:
            if conn.execute("SELECT 1 FROM daily_logs WHERE id = ?", (rowid,)).fetchone():
                readable.add(rowid)
        except sqlite3.DatabaseError:
            pass
    conn.close()
    assert before - readable, "the damage must hit some rows"
    return before - readable


@pytest.fixture(autouse=True)
def unfolded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("COLUMNS", raising=False)  # piped: whole lines, long paths unbroken


@pytest.fixture(scope="module")
def damaged_template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, set[int]]:
    path = make_diary(tmp_path_factory.mktemp("damaged") / "diary.db")
    return path, damage(path)


@pytest.fixture
def damaged(damaged_template: tuple[Path, set[int]], tmp_path: Path) -> tuple[Path, set[int]]:
    path = tmp_path / "diary.db"
    shutil.copy(damaged_template[0], path)
    path.chmod(0o600)
    return path, damaged_template[1]


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _one_damage_line(stderr: str) -> None:
    assert stderr.count("\n") == 1 and "is damaged" in stderr and "paintrack doctor" in stderr


def test_reads_that_meet_the_damage_say_so_once_and_json_is_never_half_written(
    run: Run, damaged: tuple[Path, set[int]]
) -> None:
    path, _ = damaged
    for args in (["history", "--json"], ["history", "--csv"], ["history"]):
        r = run("--db", str(path), *args, code=1)
        _one_damage_line(r.stderr)
        if args != ["history"]:
            assert r.stdout == ""  # never a truncated document
    r = run("--db", str(path), "export", "-o", str(path.parent / "all.json"), code=1)
    _one_damage_line(r.stderr)
    assert not (path.parent / "all.json").exists()


def test_writes_refuse_a_damaged_diary(run: Run, damaged: tuple[Path, set[int]]) -> None:
    path, _ = damaged
    before = _digest(path)
    for args in (["log", "4"], ["med", "add", "x", "--kind", "other"], ["undo"]):
        _one_damage_line(run("--db", str(path), *args, code=1).stderr)
    assert _digest(path) == before


def test_doctor_finds_it_and_recover_saves_every_readable_row(
    run: Run, damaged: tuple[Path, set[int]], tmp_path: Path
) -> None:
    path, lost = damaged
    r = run("--db", str(path), "doctor", code=1)
    assert "FAIL  integrity" in r.stdout and "doctor --recover" in r.stdout
    before = _digest(path)
    out = tmp_path / "saved.db"
    r = run("--db", str(path), "doctor", "--recover", str(out))
    assert _digest(path) == before  # the damaged diary is only read
    assert f"{LOGS - len(lost):,} daily_logs" in r.stdout
    assert f"daily_logs rows {min(lost)}-{max(lost)}" in r.stdout
    assert out.stat().st_mode & 0o777 == 0o600
    conn = sqlite3.connect(out)
    ids = {r[0] for r in conn.execute("SELECT id FROM daily_logs")}
    notes = dict(conn.execute("SELECT id, note FROM daily_logs").fetchall())
    conn.close()
    assert ids == set(range(1, LOGS + 1)) - lost
    assert all(notes[i] == f"note {i - 1} " + "x" * 60 for i in ids)
    assert "Healthy." in run("--db", str(out), "doctor").stdout
    run("--db", str(out), "log", "5")  # a diary again
    assert (
        "already exists" in run("--db", str(path), "doctor", "--recover", str(out), code=2).stderr
    )


def test_a_backup_of_a_damaged_diary_says_so_and_keeps_every_readable_row(
    run: Run, damaged: tuple[Path, set[int]], tmp_path: Path
) -> None:
    path, lost = damaged
    target = tmp_path / "copy.db"
    r = run("--db", str(path), "backup", str(target), code=1)
    _one_damage_line(r.stderr)
    assert f"daily_logs rows {min(lost)}-{max(lost)}" in r.stderr
    conn = sqlite3.connect(target)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("SELECT count(*) FROM daily_logs").fetchone()[0] == LOGS - len(lost)
    conn.close()
    history = json.loads(run("--db", str(target), "history", "--json").stdout)
    assert len(history) == LOGS - len(lost)


def test_a_damaged_diary_of_an_older_schema_is_not_upgraded(run: Run, tmp_path: Path) -> None:
    from tests.test_migrations import schema1_db

    path = schema1_db(tmp_path / "old.db")
    damage(path, pages=1)
    before = _digest(path)
    _one_damage_line(run("--db", str(path), "status", code=1).stderr)
    assert _digest(path) == before  # no WAL switch, no migration
    assert [p.name for p in tmp_path.iterdir()] == ["old.db"]  # no .bak beside it
