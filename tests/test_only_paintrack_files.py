"""paintrack opens only its own diaries: every other file is refused in one line and left exactly
as it was; commands that only read never create a diary; odd --db paths never hang."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from paintrack import store
from paintrack.store.identity import APPLICATION_ID
from tests.conftest import Run
from tests.test_migrations import schema1_db

READS = [
    ["status"],
    ["history", "--json"],
    ["review"],
    ["chart"],
    ["export", "-o", "-", "--format", "json"],
    ["course", "list"],
    ["med", "list"],
]
WRITES = [["log", "4"], ["course", "start", "x"], ["backup"], ["import", "nothing.csv"]]


def test_a_new_diary_carries_paintracks_application_id(run: Run, db_path: Path) -> None:
    run("course", "start", "back")
    assert db_path.read_bytes()[68:72] == b"PTrk"
    conn = sqlite3.connect(db_path)
    assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    conn.close()


def test_a_schema_1_diary_is_recognised_and_gains_the_id_in_a_recorded_migration(
    run: Run, db_path: Path
) -> None:
    schema1_db(db_path)
    run("status")
    conn = sqlite3.connect(db_path)
    assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    names = [r[0] for r in conn.execute("SELECT name FROM _sqlite_migrations")]
    conn.close()
    assert "m006_application_id" in names
    assert len(list(db_path.parent.glob("paintrack.db.bak-schema1-*"))) == 1


def test_a_schema_5_diary_without_the_id_is_upgraded_with_a_backup(run: Run, db_path: Path) -> None:
    run("course", "start", "back")
    conn = sqlite3.connect(db_path)  # as the last release left it: no id, schema 5
    conn.execute("PRAGMA application_id = 0")
    conn.execute("PRAGMA user_version = 5")
    conn.execute("DELETE FROM _sqlite_migrations WHERE name = 'm006_application_id'")
    conn.commit()
    conn.close()
    assert "back" in run("course", "list").stdout
    conn = sqlite3.connect(db_path)
    assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    conn.close()
    assert len(list(db_path.parent.glob("paintrack.db.bak-schema5-*"))) == 1


def _foreign(path: Path, kind: str) -> None:
    if kind == "text":
        path.write_text("name,pain\nme,4\n")
        return
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
    conn.execute("INSERT INTO notes (body) VALUES ('not yours')")
    if kind == "newer":
        conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        conn.execute(f"PRAGMA user_version = {store.SCHEMA_VERSION + 1}")
    elif kind == "other-id":
        conn.execute("PRAGMA application_id = 42")
    else:
        conn.execute(f"PRAGMA user_version = {int(kind.removeprefix('version-'))}")
    conn.commit()
    conn.close()


@pytest.mark.parametrize(
    "kind", ["version-0", "version-2", "version-5", "other-id", "newer", "text"]
)
def test_a_file_that_is_not_a_paintrack_diary_is_refused_by_every_command_untouched(
    run: Run, tmp_path: Path, kind: str
) -> None:
    path = tmp_path / "app.db"
    _foreign(path, kind)
    before = path.read_bytes()
    for args in [*READS, *WRITES]:
        r = run("--db", str(path), *args, code=2)
        line = r.stderr.strip()
        assert "\n" not in line and str(path) in line, (args, r.stderr)
        assert (
            "not a paintrack diary" in line or "newer paintrack" in line or "not an SQLite" in line
        )
    assert "FAIL" in run("--db", str(path), "doctor", code=1).stdout
    assert path.read_bytes() == before  # not one byte: no WAL switch, no migration
    assert sorted(p.name for p in tmp_path.iterdir()) == ["app.db"]  # no -wal, no .bak


def test_reading_commands_never_create_a_diary(run: Run, tmp_path: Path) -> None:
    missing = tmp_path / "typo" / "paintrak.db"
    for args in READS:
        r = run("--db", str(missing), *args, code=3)
        assert r.stderr.count("\n") == 1 and "paintrack course start" in r.stderr
    assert "no database" in run("--db", str(missing), "doctor", code=1).stdout
    assert not missing.parent.exists()


def test_odd_db_paths_are_refused_in_one_line(run: Run, tmp_path: Path) -> None:
    for args in (["status"], ["paths"], ["log", "4"], ["import", "--dry-run", "x.csv"]):
        r = run("--db", "", *args, code=2)
        assert r.stderr.strip() == "Error: --db must be a file path, not empty text (got '')."
    assert "a device" in run("--db", os.devnull, "log", "4", code=2).stderr
    assert "is a folder" in run("--db", str(tmp_path), "status", code=2).stderr


def test_a_fifo_is_refused_without_waiting_for_a_writer(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.db"
    os.mkfifo(fifo)
    for args in (["status"], ["log", "4"], ["backup"]):
        r = subprocess.run(
            [sys.executable, "-m", "paintrack", "--db", str(fifo), *args],
            capture_output=True,
            text=True,
            timeout=30,
        )
        assert r.returncode == 2 and "named pipe" in r.stderr and r.stderr.count("\n") == 1
    r = subprocess.run(
        [sys.executable, "-m", "paintrack", "--db", str(fifo), "doctor"],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert r.returncode == 1 and "named pipe" in r.stdout


def test_backup_and_compact_of_a_mistyped_path_create_nothing(run: Run, tmp_path: Path) -> None:
    missing = tmp_path / "paintrak.db"
    for args in (["backup"], ["compact", "--yes"]):
        assert "paintrack course start" in run("--db", str(missing), *args, code=3).stderr
    link = tmp_path / "link.db"
    link.symlink_to(tmp_path / "nowhere.db")
    r = run("--db", str(link), "log", "4", code=2)
    assert "which does not exist" in r.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.db"]
