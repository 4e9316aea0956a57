"""paintrack says each thing once, where it helps: the re-evaluate line on the daily commands
only, the nudge and the PEG reminder once a day, a word about a second session or log on one
day, and refusals that say what to do (with commands quoted for a shell, one hint each)."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from tests.conftest import Run, dump
from tests.test_interactive import _answer, _cli, _read_until, _spawn

TODAY = date.today()
PEG = ("peg", "--pain", "5", "--enjoyment", "5", "--general-activity", "5")


@pytest.fixture
def speaking(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PAINTRACK_NO_NUDGE", raising=False)


def _session(run: Run, ago: int, code: int = 0):  # type: ignore[no-untyped-def]
    day = (TODAY - timedelta(days=ago)).isoformat()
    return run("session", "--pain-before", "6", "--pain-after", "4", "--date", day, code=code)


def test_sessions_past_the_plan_are_counted_in_the_reevaluate_line(course: Run) -> None:
    for ago in (4, 3, 2):
        _session(course, ago)
    r = _session(course, 1)
    reached = (TODAY - timedelta(days=2)).isoformat()
    line = f"4 sessions, 3 planned: the re-evaluate point was reached on {reached}"
    assert f"{line}: run `paintrack review`." in " ".join(r.stderr.split())
    assert "3 of 3" not in r.stderr
    assert line in " ".join(course("status").stdout.split())


def test_a_second_session_on_one_date_is_said_in_a_script(course: Run) -> None:
    _session(course, 2)
    r = _session(course, 2)
    said = " ".join(r.stderr.split())
    assert f"Note: {TODAY - timedelta(days=2)} already had a session (S1); S2 is a second" in said
    assert "paintrack delete S2" in said
    assert "already had a session" not in _session(course, 1).stderr


def test_a_second_session_on_one_date_is_asked_on_a_terminal(tmp_path: Path) -> None:
    _cli(tmp_path, "course", "start", "back", "--start", "10 days ago")
    _cli(tmp_path, "session", "--pain-before", "6", "--pain-after", "4", "--date", "yesterday")
    before = dump(tmp_path / "p.db")
    args = ("session", "--pain-before", "5", "--pain-after", "3", "--date", "yesterday")
    proc, fd = _spawn(tmp_path, *args)
    seen = _answer(fd, [("Log a second one that day?", "n")])
    seen += _read_until(fd, "nothing was saved")
    assert proc.wait(timeout=20) == 1 and "already (S1)" in seen
    assert dump(tmp_path / "p.db") == before
    proc, fd = _spawn(tmp_path, *args)
    seen = _answer(fd, [("Log a second one that day?", "y")]) + _read_until(fd, "Logged session")
    assert proc.wait(timeout=20) == 0 and "S2 (2 of 6)" in seen and "Note:" not in seen


def test_a_second_log_for_a_day_says_the_day_is_averaged(course: Run) -> None:
    assert "Note" not in course("log", "5").stderr
    r = course("log", "6")
    said = " ".join(r.stderr.split())
    assert f"Note: 2 logs on {TODAY}; the review uses that day's mean (pain 5, 6 → 5.5)" in said


def test_the_nudge_and_the_peg_reminder_come_once_a_day(speaking: None, course: Run) -> None:
    r = course("status")
    assert "Nothing logged yesterday" in r.stderr
    assert "PEG due: none logged in this course yet: paintrack peg" in r.stderr
    again = course("log", "5")
    assert "Nothing logged yesterday" not in again.stderr and "PEG due" not in again.stderr
    for args in (["history"], ["review"], ["chart"], ["med", "list"]):
        assert "PEG due" not in course(*args).stderr


def test_the_peg_reminder_counts_days_since_the_last_one(
    speaking: None, course: Run, db_path: Path
) -> None:
    course(*PEG, "--date", (TODAY - timedelta(days=9)).isoformat())
    marker = db_path.with_name(db_path.name + "-peg-reminded")
    marker.unlink(missing_ok=True)
    assert "PEG due: last one 9 days ago: paintrack peg" in course("log", "4").stderr
    marker.unlink()
    assert "PEG due" not in course(*PEG).stderr  # the PEG just logged is the week's
    marker.unlink(missing_ok=True)
    assert "PEG due" not in course("log", "4").stderr


def test_no_nudge_when_silenced_nor_with_json(course: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PAINTRACK_NO_NUDGE", raising=False)
    assert course("status", "--json").stderr == ""
    monkeypatch.setenv("PAINTRACK_NO_NUDGE", "1")
    r = course("status")
    assert "Nothing logged yesterday" not in r.stderr and "PEG due" not in r.stderr


@pytest.mark.parametrize("what", ["nudged", "peg-reminded"])
def test_a_planted_link_beside_the_database_is_never_followed(
    speaking: None, course: Run, db_path: Path, tmp_path: Path, what: str
) -> None:
    target = tmp_path / "precious.txt"
    target.write_text("keep me\n")
    marker = db_path.with_name(f"{db_path.name}-{what}")
    marker.unlink(missing_ok=True)
    marker.symlink_to(target)
    course("status")
    course("log", "5")
    assert target.read_text() == "keep me\n"
    assert marker.is_symlink()


def test_course_start_with_one_active_refuses_before_asking(tmp_path: Path) -> None:
    _cli(tmp_path, "course", "start", "knee", "--practitioner", "Dr Lee", "--start", "2026-01-01")
    proc, fd = _spawn(tmp_path, "course", "start", "back")
    seen = _read_until(fd, "paintrack course end")
    assert proc.wait(timeout=20) == 2
    assert "Practitioner" not in seen and "Your course 'knee' (started 2026-01-01)" in seen


def test_refusals_name_what_is_allowed(course: Run, tmp_path: Path) -> None:
    out = str(tmp_path / "all.csv")
    r = course("export", "-o", out, "--label", "M.K.", code=2)
    assert r.stderr == "Error: --label must be used with --format md, html, pdf or fhir, not csv.\n"
    for words in ("tomorrow", "next monday", "in 2 days", "3 days from now"):
        r = course("log", "5", "--date", words, code=2)
        assert f"must be today ({TODAY}) or earlier" in r.stderr, words
    r = course("help", "stauts", code=2)
    assert "did you mean 'status'?" in r.stderr and "session, log" not in r.stderr
    assert "did you mean 'start'?" in course("help", "course", "strat", code=2).stderr
    assert "did you mean 'pain'?" in course("chart", "pian", code=2).stderr


def test_a_date_a_year_before_the_course_is_said(course: Run) -> None:
    r = course("log", "5", "--date", "2020-01-01")
    said = " ".join(r.stderr.split())
    assert "2020-01-01 is more than a year before your course 'back' began" in said
    assert "`paintrack undo`" in said
    assert "more than a year" not in course("log", "5", "--date", "yesterday").stderr


def test_suggested_commands_are_quoted_and_one_per_mistake(course: Run) -> None:
    r = course("log", "5", "--med", "ibuprofn=1", code=2)
    assert "did you mean 'ibuprofen'?" in r.stderr and "med add" not in r.stderr
    r = course("log", "5", "--med", "tylenol extra strength=1", code=2)
    assert "add one with `paintrack med add 'tylenol extra strength'`" in r.stderr
    r = course("activity", "add", "long walks")
    assert "paintrack log --pain N --activity 'long walks=6'" in " ".join(r.stdout.split())
