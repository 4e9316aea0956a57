"""`paintrack backup` and `paintrack doctor`."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tests.export_fixtures import no_network

__all__ = ["no_network"]


def test_backup_is_private_and_consistent_while_another_process_writes(
    run, course, db_path, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    run("log", "--pain", "4")
    writer = sqlite3.connect(db_path, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("INSERT INTO daily_logs (date, pain, created_at) VALUES ('2026-01-01', 9, 'x')")
    target = tmp_path / "copy.db"
    run("backup", str(target))
    writer.execute("ROLLBACK")
    writer.close()
    assert target.stat().st_mode & 0o777 == 0o600
    copy = sqlite3.connect(target)
    assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert [r[0] for r in copy.execute("SELECT pain FROM daily_logs")] == [
        4
    ]  # not the uncommitted 9
    copy.close()
    assert run("--db", str(target), "history", "--json").stdout.count('"pain": 4') == 1
    r = run("backup", str(target), code=2)
    assert "does not exist yet" in r.stderr


def test_backup_default_name_is_next_to_the_database(run, course, db_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.delenv("COLUMNS", raising=False)  # piped, unfolded: a long temp path stays whole
    out = run("backup").stdout
    made = [p for p in db_path.parent.iterdir() if "-backup-" in p.name]
    assert len(made) == 1 and str(made[0]) in out


def test_doctor_healthy_then_finds_values_out_of_range_and_open_permissions(
    run, course, db_path: Path
) -> None:  # type: ignore[no-untyped-def]
    run("log", "--pain", "4")
    r = run("doctor")
    assert "Healthy." in r.stdout and "FAIL" not in r.stdout
    conn = sqlite3.connect(db_path)
    conn.execute("UPDATE daily_logs SET pain = 12")
    conn.commit()
    conn.close()
    db_path.chmod(0o644)
    r = run("doctor", code=1)
    assert (
        "FAIL  values" in r.stdout
        and "L1: --pain must be a whole number from 0 to 10 (got 12)" in r.stdout
    )
    assert "FAIL  file permissions" in r.stdout


def test_doctor_reports_a_missing_or_broken_file(run, tmp_path) -> None:  # type: ignore[no-untyped-def]
    assert "no database" in run("--db", str(tmp_path / "none.db"), "doctor", code=1).stdout
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"not a database at all, just text")
    bad.chmod(0o600)
    assert "FAIL  integrity" in run("--db", str(bad), "doctor", code=1).stdout
