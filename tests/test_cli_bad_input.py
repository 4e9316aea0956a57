"""Bad input never hurts: one line naming the field and what is allowed, exit 2, nothing written."""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import Run, dump

BAD = [
    (["log", "--pain", "11"], "--pain must be a whole number from 0 to 10 (got '11')."),
    (["log", "--pain", "five"], "--pain must be a whole number from 0 to 10 (got 'five')."),
    (
        ["log", "--pain", "4", "--sleep-hours", "-1"],
        "--sleep-hours must be a number from 0 to 24 (got '-1').",
    ),
    (["log", "--pain", "4", "--date", "2099-01-01"], "--date must be today"),
    (["log", "--pain", "4", "--med", "aspirin=2"], "--med must be one of: ibuprofen, tramadol"),
    (["log", "--pain", "4", "--med", "ibuprofen"], "--med must be NAME=VALUE"),
    (
        ["log", "--pain", "4", "--activity", "walking=12"],
        "--activity must be a whole number from 0 to 10",
    ),
    (["log", "--pain", "4", "--red-flag", "sneeze"], "--red-flag must be one of breathless"),
    (["log", "--worst", "4"], "--pain must be given"),
    (
        ["session", "--pain-before", "4", "--pain-after", "-2"],
        "--pain-after must be a whole number from 0 to 10",
    ),
    (
        ["session", "--pain-before", "4", "--pain-after", "2", "--technique", "laser"],
        "--technique must be one of manual",
    ),
    (
        ["peg", "--pain", "4", "--enjoyment", "4", "--general-activity", "x"],
        "--general-activity must be a whole number",
    ),
    (
        ["med", "add", "x", "--kind", "vitamin"],
        "--kind must be one of opioid, nsaid, acetaminophen, other",
    ),
    (["edit", "Q1", "--pain", "3"], "ID must be an entry id"),
    (
        ["course", "start", "y", "--sessions", "0"],
        "--sessions must be a whole number from 1 to 100",
    ),
]


@pytest.mark.parametrize(("args", "message"), BAD, ids=[" ".join(a) for a, _ in BAD])
def test_bad_value_is_one_line_naming_the_field_and_writes_nothing(
    course: Run, db_path: Path, args: list[str], message: str
) -> None:
    before = dump(db_path)
    r = course(*args, code=2)
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ") and message in lines[0], r.stderr
    assert r.stdout == ""
    assert dump(db_path) == before


def test_not_a_database_file_is_refused_and_untouched(run: Run, tmp_path: Path) -> None:
    f = tmp_path / "letter.txt"
    f.write_text("Dear doctor")
    r = run("--db", str(f), "log", "--pain", "3", code=2)
    assert "is not an SQLite database" in r.stderr and f.read_text() == "Dear doctor"


def test_a_folder_as_db_is_refused(run: Run, tmp_path: Path) -> None:
    r = run("--db", str(tmp_path), "status", code=2)
    assert "is a folder" in r.stderr


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read any file")
def test_an_unreadable_db_is_refused(run: Run, tmp_path: Path) -> None:
    f = tmp_path / "p.db"
    run("--db", str(f), "course", "start", "x")
    f.chmod(0)
    r = run("--db", str(f), "status", code=2)
    assert "cannot be read" in r.stderr


def test_a_database_from_a_newer_paintrack_is_refused(run: Run, db_path: Path) -> None:
    run("course", "start", "x")
    conn = sqlite3.connect(db_path)
    conn.execute("PRAGMA user_version = 99")
    conn.close()
    before = dump(db_path)
    r = run("log", "--pain", "3", code=2)
    assert "newer paintrack" in r.stderr and dump(db_path) == before


WORDS = [
    "log",
    "session",
    "peg",
    "course",
    "start",
    "end",
    "med",
    "add",
    "activity",
    "status",
    "history",
    "edit",
    "delete",
    "undo",
    "--pain",
    "--worst",
    "--least",
    "--sleep-hours",
    "--stress",
    "--med",
    "--activity",
    "--red-flag",
    "--date",
    "--pain-before",
    "--pain-after",
    "--enjoyment",
    "--general-activity",
    "--kind",
    "--json",
    "--csv",
    "--since",
    "--note",
    "--sessions",
    "--days",
    "--plan",
    "--technique",
    "--side-effect",
    "--minutes",
    "--yes",
    "ibuprofen=2",
    "walking=6",
    "fever",
    "L1",
    "S1",
    "P1",
    "x",
    "today",
    "tomorrow",
    "3 days ago",
    "review",
    "--impression",
    "--decide",
    "continue",
    "stop",
    "chart",
    "--weekly",
    "all",
    "pain",
]
VALUES = st.one_of(
    st.sampled_from(WORDS),
    st.integers(-5, 30).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.text(max_size=6),
)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(VALUES, min_size=1, max_size=7))
def test_random_arguments_never_crash_and_failures_write_nothing(
    course: Run, db_path: Path, args: list[str]
) -> None:
    if args[0] in ("demo",):
        return
    course("log", "--pain", "5")  # something to edit and delete
    before = dump(db_path)
    result = course.runner.invoke(
        __import__("paintrack.cli", fromlist=["app"]).app, args, prog_name="paintrack"
    )
    assert result.exit_code in (0, 1, 2, 3), (args, result.exit_code, result.stderr)
    assert "Traceback" not in result.stderr + result.stdout, args
    if result.exception is not None:
        assert isinstance(result.exception, SystemExit), (args, repr(result.exception))
    if result.exit_code != 0:
        assert dump(db_path) == before, args


def test_a_value_changed_outside_paintrack_can_still_be_fixed_with_edit(
    course: Run, db_path: Path
) -> None:
    course("log", "--pain", "5")
    conn = sqlite3.connect(db_path)
    with conn:
        conn.execute("UPDATE daily_logs SET pain = 15 WHERE id = 1")
    conn.close()
    assert (
        "L1: --pain must be a whole number from 0 to 10 (got 15)" in course("doctor", code=1).stdout
    )
    course("history")
    course("edit", "L1", "--pain", "6")
    assert json.loads(course("history", "--json").stdout)[0]["pain"] == 6
    course("doctor")


def test_another_programs_sqlite_file_is_refused_and_left_alone(run: Run, tmp_path: Path) -> None:
    other = tmp_path / "recipes.db"
    conn = sqlite3.connect(other)
    with conn:
        conn.execute("CREATE TABLE recipes (name TEXT)")
        conn.execute("INSERT INTO recipes VALUES ('soup')")
    conn.close()
    before = dump(other)
    r = run("--db", str(other), "status", code=2)
    assert "another program" in r.stderr and r.stderr.count("\n") == 1
    assert dump(other) == before and not list(tmp_path.glob("recipes.db.bak*"))


def test_an_existing_empty_file_is_refused_and_a_new_path_becomes_a_private_database(
    run: Run, tmp_path: Path
) -> None:
    """Issue 10, point 7: a 0-byte file (a failed backup) is never taken for a new diary."""
    empty = tmp_path / "mine.db"
    empty.touch(mode=0o644)
    result = run("--db", str(empty), "status", code=2)
    assert "empty file (0 bytes)" in result.stderr and empty.stat().st_size == 0
    new = tmp_path / "new.db"
    run("--db", str(new), "course", "start", "x")
    assert oct(new.stat().st_mode & 0o777) == "0o600"
