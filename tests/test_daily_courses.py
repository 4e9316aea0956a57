"""Corrections and goals (issue 12, point 7): `course edit` through the use-case's rules, goals
as a list (migration m005), entries inside an ended course, the last practitioner offered."""

from __future__ import annotations

import json
import sqlite3
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlite_utils import Database

from paintrack import migrations
from tests.conftest import Run, dump
from tests.test_interactive import _answer, _cli, _read_until, _spawn

TODAY = date.today()


def _show(run: Run, *name: str) -> dict[str, object]:
    return json.loads(run("course", "show", *name, "--json").stdout)  # type: ignore[no-any-return]


def test_course_edit_changes_each_field_and_undo_reverts_it(course: Run) -> None:
    r = course("course", "edit", "--sessions", "8", "--days", "60", "--condition", "sciatica", "--practitioner", "J. Lee", "--therapy", "electroacupuncture", "--start", "31 days ago")  # fmt: skip
    assert "number of sessions: 3 → 8" in r.stdout and "paintrack undo" in r.stdout
    shown = _show(course)
    assert (shown["sessions_planned"], shown["days_planned"], shown["condition"]) == (
        8,
        60,
        "sciatica",
    )
    assert (shown["practitioner"], shown["therapy"]) == ("J. Lee", "electroacupuncture")
    assert shown["start"] == (TODAY - timedelta(days=31)).isoformat()
    course("undo")
    assert _show(course)["sessions_planned"] == 3 and _show(course)["condition"] == "low back pain"


def test_goals_are_added_once_cleared_and_replaced(course: Run) -> None:
    course(
        "course",
        "edit",
        "--goal",
        "walk the dog for 30 minutes",
        "--goal",
        "sit; through a meeting",
    )
    course("course", "edit", "--goal", "walk the dog for 30 minutes")  # already there
    assert _show(course)["goals"] == ["walk the dog for 30 minutes", "sit; through a meeting"]
    course("course", "edit", "--clear", "goal", "--goal", "sleep through the night")
    assert _show(course)["goals"] == ["sleep through the night"]
    course("course", "edit", "--clear", "goal")
    assert _show(course)["goals"] == []
    assert "nothing changed" in course("course", "edit", "--clear", "goal").stdout


def test_goals_round_trip_through_csv_and_json_exports(course: Run, tmp_path: Path) -> None:
    goals = ["walk; 30 minutes", 'say "no" twice', "one\nmore line"]
    course("course", "edit", *[x for g in goals for x in ("--goal", g)])
    for fmt in ("json", "csv"):
        target = tmp_path / f"all.{fmt}"
        course("export", "-o", str(target))
        fresh = tmp_path / f"fresh-{fmt}.db"
        course("--db", str(fresh), "import", str(target))
        assert (
            json.loads(course("--db", str(fresh), "course", "show", "--json").stdout)["goals"]
            == goals
        )


def test_a_format_2_export_with_goals_text_imports_as_one_goal(run: Run, tmp_path: Path) -> None:
    doc = {"paintrack_export": 2, "courses": [{"id": 1, "name": "c", "therapy": "acupuncture", "condition": None, "practitioner": None, "start": "2026-01-05", "sessions_planned": 6, "days_planned": None, "plan": None, "goals": "walk the dog; sit", "ended": None, "outcome": None, "created_at": "2026-01-05T10:00:00"}]}  # fmt: skip
    path = tmp_path / "old.json"
    path.write_text(json.dumps(doc))
    run("import", str(path))
    assert _show(run)["goals"] == ["walk the dog; sit"]


def test_goal_limits_are_named(course: Run) -> None:
    r = course("course", "edit", "--goal", "x" * 501, code=2)
    assert r.stderr.startswith("Error: --goal must be texts of at most 500 characters")


@pytest.mark.parametrize(
    ("args", "option"),
    [
        (["--start", "today"], "--start"),  # its sessions would fall before the start
        (["--clear", "sessions"], "--sessions"),  # no re-evaluate point left
        (["--sessions", "0"], "--sessions"),
        (["--clear", "therapy"], "--clear"),
    ],
)
def test_course_edit_keeps_the_rules_and_writes_nothing_when_refused(
    course: Run, args: list[str], option: str, db_path: Path
) -> None:
    course("session", "--pain-before", "6", "--pain-after", "4", "--date", "5 days ago")
    before = dump(db_path)
    r = course("course", "edit", *args, code=2)
    assert r.stderr.startswith(f"Error: {option}") and r.stderr.count("\n") == 1
    assert dump(db_path) == before


def test_course_edit_never_lets_courses_overlap(run: Run) -> None:
    run("course", "start", "first", "--start", "60 days ago")
    run("course", "end", "--date", "30 days ago")
    run("course", "start", "second", "--start", "20 days ago")
    r = run("course", "edit", "second", "--start", "40 days ago", code=2)
    assert r.stderr.startswith("Error: --start must be on or after")
    r = run("course", "edit", "first", "--start", "10 days ago", code=2)
    assert "Error:" in r.stderr
    assert run("course", "edit", "first", "--condition", "knee").stdout.startswith(
        "Edited course 'first'"
    )


@pytest.fixture
def ended(run: Run) -> Run:
    run("course", "start", "old", "--start", "40 days ago", "--sessions", "2")
    run("session", "--pain-before", "6", "--pain-after", "4", "--date", "35 days ago")
    run("course", "end", "--date", "20 days ago", "--outcome", "stopped")
    run("course", "start", "new", "--start", "10 days ago")
    return run


@pytest.mark.parametrize(
    "args",
    [
        ["log", "5", "--date", "25 days ago"],
        [
            "peg",
            "--pain",
            "5",
            "--enjoyment",
            "5",
            "--general-activity",
            "5",
            "--date",
            "25 days ago",
        ],
    ],
)
def test_an_entry_inside_an_ended_course_is_refused_off_a_terminal(
    ended: Run, args: list[str], db_path: Path
) -> None:
    before = dump(db_path)
    r = ended(*args, code=2)
    decided = (TODAY - timedelta(days=20)).isoformat()
    assert f"it was decided on {decided}" in r.stderr and "'old'" in r.stderr
    assert dump(db_path) == before
    ended("log", "5", "--date", "20 days ago")  # the day it ended belongs to what follows
    ended("log", "5", "--date", "45 days ago")  # before it: its baseline is its own


def test_editing_an_entry_into_an_ended_course_is_refused(ended: Run) -> None:
    ended("log", "5", "--date", "5 days ago")
    r = ended("edit", "L1", "--date", "30 days ago", code=2)
    assert "decided on" in r.stderr


def test_on_a_terminal_it_asks_and_logs_when_confirmed(tmp_path: Path) -> None:
    _cli(tmp_path, "course", "start", "old", "--start", "40 days ago")
    _cli(tmp_path, "course", "end", "--date", "20 days ago")
    proc, fd = _spawn(tmp_path, "log", "5", "--date", "25 days ago")
    _answer(fd, [("[y/N]:", "y")])
    _read_until(fd, "Logged L1")
    assert proc.wait(timeout=30) == 0
    proc, fd = _spawn(tmp_path, "log", "6", "--date", "24 days ago")
    _answer(fd, [("[y/N]:", "n")])
    assert proc.wait(timeout=30) == 1
    logs = json.loads(_cli(tmp_path, "history", "--json"))
    assert [e["pain"] for e in logs] == [5]


def test_a_new_course_offers_the_last_practitioner_on_a_terminal(tmp_path: Path) -> None:
    _cli(tmp_path, "course", "start", "old", "--start", "40 days ago", "--practitioner", "Dr Lee")
    _cli(tmp_path, "course", "end", "--date", "20 days ago")
    proc, fd = _spawn(tmp_path, "course", "start", "new")
    seen = _answer(fd, [("Practitioner ('-' for none) [Dr Lee]", "")])
    _read_until(fd, "Started course 'new'")
    assert proc.wait(timeout=30) == 0 and "Dr Lee" in seen
    courses = json.loads(_cli(tmp_path, "course", "list", "--json"))
    assert [c["practitioner"] for c in courses] == ["Dr Lee", "Dr Lee"]


def test_m005_turns_goals_text_into_a_list_in_rows_and_the_undo_journal(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    db = Database(sqlite3.connect(path))
    migrations.migrations.apply(db, stop_before="m005_course_goals")
    db.execute(
        "INSERT INTO courses (id, name, therapy, start, goals, created_at) VALUES "
        "(1, 'a', 'acupuncture', '2026-01-01', 'walk the dog\nand sit', 'x'), "
        "(2, 'b', 'acupuncture', '2026-02-01', NULL, 'x'), (3, 'c', 'acupuncture', '2026-03-01', '  ', 'x')"
    )
    db.execute("INSERT INTO changes (id, at, command) VALUES (1, 'x', 'course edit a')")
    before = {"id": 1, "name": "a", "goals": "old goal", "start": "2026-01-01"}
    db.execute(
        "INSERT INTO change_steps (change_id, op, table_name, row_id, before) VALUES (1, 'update', 'courses', 1, ?)",
        (json.dumps(before),),
    )
    migrations.migrations.apply(db)
    goals = [json.loads(r[0]) for r in db.execute("SELECT goals FROM courses ORDER BY id")]
    assert goals == [["walk the dog\nand sit"], [], []]
    step = json.loads(db.execute("SELECT before FROM change_steps").fetchone()[0])
    assert step == {**before, "goals": json.dumps(["old goal"])}
