"""The logging commands through the real CLI against a real SQLite file."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from paintrack.cli.common import freeze
from tests.conftest import Run, dump

NOW = datetime.now().replace(microsecond=0)  # read once: the CLI's clock is held to it
TODAY = NOW.date()


@pytest.fixture(autouse=True)
def _held_clock() -> Iterator[None]:
    with freeze(NOW):
        yield


def test_course_start_without_a_point_defaults_to_six_sessions_and_says_so(run: Run) -> None:
    r = run("course", "start", "back")
    assert "re-evaluate after 6 sessions" in r.stdout
    assert json.loads(run("status", "--json").stdout)["course"]["sessions_planned"] == 6


def test_medicare_plan_sets_twelve_sessions_in_ninety_days(run: Run) -> None:
    run("course", "start", "clbp", "--plan", "medicare-clbp")
    c = json.loads(run("status", "--json").stdout)["course"]
    assert (c["sessions_planned"], c["days_planned"]) == (12, 90)


def test_plan_with_explicit_sessions_is_refused(run: Run) -> None:
    r = run("course", "start", "x", "--plan", "medicare-clbp", "--sessions", "4", code=2)
    assert "--plan must be used without --sessions/--days" in r.stderr


def test_a_second_active_course_is_refused(course: Run) -> None:
    r = course("course", "start", "other", code=2)
    assert "paintrack course end" in r.stderr


def test_log_echoes_the_resolved_date_and_values(course: Run) -> None:
    r = course(
        "log",
        "--pain",
        "5",
        "--worst",
        "7",
        "--sleep-hours",
        "6.5",
        "--med",
        "ibuprofen=2",
        "--activity",
        "walking=4",
        "--date",
        "yesterday",
    )
    yesterday = (TODAY - timedelta(days=1)).isoformat()
    assert (
        f"for {yesterday} (yesterday): pain 5, worst 7, slept 6.5 h, ibuprofen ×2, walking 4."
        in " ".join(r.stdout.split())
    )


def test_several_logs_a_day_are_kept(course: Run) -> None:
    course("log", "--pain", "5")
    course("log", "--pain", "7")
    logs = json.loads(course("history", "--json").stdout)
    assert [e["pain"] for e in logs if e["kind"] == "log"] == [5, 7]


def test_status_json_carries_the_course_object(course: Run) -> None:
    for days in range(8, 1, -1):
        course("log", "--pain", "6", "--date", f"{days} days ago")
    course("session", "--pain-before", "6", "--pain-after", "4", "--date", "yesterday")
    s = json.loads(course("status", "--json").stdout)
    assert s["course"] == {
        "name": "back",
        "sessions_done": 1,
        "sessions_planned": 3,
        "days_planned": None,
        "first_session": (TODAY - timedelta(days=1)).isoformat(),
        "reevaluate_due": False,
        "due_reason": None,
    }
    assert s["baseline"]["days_logged"] == 7 and s["baseline"]["quality"] == "good"


def test_reevaluate_line_on_the_daily_commands_once_the_point_is_reached(course: Run) -> None:
    for n in range(3):
        r = course(
            "session", "--pain-before", "6", "--pain-after", "4", "--date", f"{3 - n} days ago"
        )
    assert "Re-evaluate point reached (3 of 3 sessions done): run `paintrack review`" in r.stderr
    peg = ["peg", "--pain", "4", "--enjoyment", "4", "--general-activity", "4"]
    for args in (["log", "--pain", "4"], peg):
        r = course(*args)
        assert r.stderr.count("Re-evaluate point reached") == 1, args
    for args in (["med", "list"], ["history"], ["review"], ["chart"], ["status", "--json"]):
        assert "Re-evaluate" not in course(*args).stderr, args
    r = course("status")  # says it once, in its own output (issue 12)
    assert "Re-evaluate point reached" not in r.stderr
    assert r.stdout.count("reached (3 of 3 sessions done)") == 1
    assert json.loads(course("status", "--json").stdout)["course"]["reevaluate_due"] is True


def test_red_flag_shows_a_panel_and_status_keeps_showing_it(course: Run) -> None:
    r = course("log", "--pain", "8", "--red-flag", "leg-weakness")
    assert "RED FLAG" in r.stderr and "emergency" in r.stderr
    course("log", "--pain", "5")
    s = course("status")
    assert "RED FLAG" in s.stdout and "Severe or worsening leg weakness" in s.stdout
    assert json.loads(course("status", "--json").stdout)["red_flags"] == [
        {"date": TODAY.isoformat(), "code": "leg-weakness"}
    ]


def test_log_help_lists_every_red_flag_code(run: Run) -> None:
    from paintrack.reference import RED_FLAGS

    text = " ".join(run("log", "--help").stdout.split())
    for code in RED_FLAGS:
        assert code in text


def test_known_opioid_gets_its_cdc_factor_and_unknown_needs_one(run: Run) -> None:
    r = run("med", "add", "Oxycodone ER", "--kind", "opioid", "--strength", "10", "--unit", "mg")
    assert "MME factor 1.5 (CDC 2022)" in r.stdout
    r = run(
        "med", "add", "mysterium", "--kind", "opioid", "--strength", "5", "--unit", "mg", code=2
    )
    assert "--mme-factor must be given for an opioid not in the CDC 2022 table" in r.stderr
    run(
        "med",
        "add",
        "mysterium",
        "--kind",
        "opioid",
        "--strength",
        "5",
        "--unit",
        "mg",
        "--mme-factor",
        "2",
    )
    meds = json.loads(run("med", "list", "--json").stdout)
    assert [(m["name"], m["mme_factor"]) for m in meds] == [
        ("mysterium", 2.0),
        ("Oxycodone ER", 1.5),
    ]


def test_a_sixth_activity_is_refused(run: Run) -> None:
    for name in ("walking", "sitting", "lifting", "gardening", "driving"):
        run("activity", "add", name)
    r = run("activity", "add", "dancing", code=2)
    assert "at most 5 activities" in r.stderr


def test_peg_logs_the_mean_score(run: Run) -> None:
    r = run("peg", "--pain", "6", "--enjoyment", "5", "--general-activity", "4")
    assert "score 5.0" in r.stdout


def test_edit_changes_only_given_values_and_undo_reverts_it(course: Run, db_path: Path) -> None:
    course("log", "--pain", "5", "--worst", "7", "--note", "stiff")
    before = dump(db_path)
    r = course("edit", "L1", "--pain", "4")
    assert "was: log: pain 5, worst 7" in r.stdout and "now: log: pain 4, worst 7" in r.stdout
    assert json.loads(course("history", "--json").stdout)[0]["note"] == "stiff"
    course("undo")
    assert dump(db_path) == before


def test_a_peg_edits_like_any_entry_and_a_rating_of_0_is_a_value(course: Run) -> None:
    course("peg", "--pain", "6", "--enjoyment", "5", "--general-activity", "4")
    r = course("edit", "P1", "--enjoyment", "0")
    assert "now: PEG: 3.3 (P6 E0 G4)" in r.stdout, r.stdout


def test_edit_refuses_an_option_of_another_kind(course: Run) -> None:
    course("log", "--pain", "5")
    r = course("edit", "L1", "--pain-before", "4", code=2)
    assert "--pain-before must be left out when editing a daily log (L1)" in r.stderr


def test_delete_without_terminal_needs_yes_and_undo_brings_it_back(
    course: Run, db_path: Path
) -> None:
    course("session", "--pain-before", "6", "--pain-after", "3", "--side-effect", "bruise")
    before = dump(db_path)
    course("delete", "S1", code=2)
    assert dump(db_path) == before
    course("delete", "S1", "--yes")
    assert json.loads(course("history", "--json").stdout) == []
    course("undo")
    assert dump(db_path) == before


def test_delete_confirms_and_no_keeps_the_entry(
    course: Run, db_path: Path, monkeypatch: object
) -> None:
    from paintrack.cli import common

    course("log", "--pain", "5")
    before = dump(db_path)
    monkeypatch.setattr(common, "interactive", lambda: True)  # type: ignore[attr-defined]
    r = course("delete", "L1", input="n\n", code=1)
    assert "Delete L1 on" in r.stdout
    assert dump(db_path) == before
    course("delete", "L1", input="y\n")
    assert json.loads(course("history", "--json").stdout) == []


def test_undo_with_nothing_to_undo_says_so(run: Run) -> None:
    r = run("undo", code=3)
    assert "Nothing to undo" in r.stderr


def test_history_csv_has_one_header_and_a_row_per_entry(course: Run) -> None:
    course("log", "--pain", "5", "--med", "ibuprofen=2", "--date", "2 days ago")
    course("peg", "--pain", "6", "--enjoyment", "5", "--general-activity", "4")
    lines = course("history", "--csv").stdout.splitlines()
    assert lines[0].startswith("id,kind,date,time,pain")
    assert len(lines) == 3 and ",ibuprofen=2," in lines[1] and lines[2].startswith("P1,peg")


def test_commands_without_a_course_explain_how_to_start(run: Run) -> None:
    r = run("status", code=3)
    assert "paintrack course start" in r.stderr
    r = run("session", "--pain-before", "5", "--pain-after", "3", code=3)
    assert "No active course" in r.stderr


def test_course_end_records_outcome_and_list_shows_it(course: Run) -> None:
    course("course", "end", "--outcome", "helped")
    courses = json.loads(course("course", "list", "--json").stdout)
    assert courses[0]["ended"] == TODAY.isoformat() and courses[0]["outcome"] == "helped"
    assert "ended" in course("course", "list").stdout


def test_course_show_lists_sessions(course: Run) -> None:
    course("session", "--pain-before", "7", "--pain-after", "4")
    r = course("course", "show")
    assert "low back pain" in r.stdout and "S1" in r.stdout


def test_demo_never_touches_the_users_database(run: Run, db_path: Path) -> None:
    r = run("demo")
    assert "demo-back" in r.stdout and "8 of 8" in r.stdout
    flat = " ".join(r.stdout.split())
    assert "Pain is down" in flat and "a moderate, clinically meaningful improvement" in flat
    assert "Pain, daily mean" in r.stdout  # the chart
    assert r.stdout.rstrip().endswith("paintrack export -o summary.pdf")
    assert not db_path.exists()


def test_demo_with_db_builds_a_course_with_eight_sessions(run: Run, tmp_path: Path) -> None:
    target = tmp_path / "demo.db"
    run("demo", "--db", str(target))
    s = json.loads(run("--db", str(target), "status", "--json").stdout)
    assert s["course"]["sessions_done"] == 8 and s["baseline"]["days_logged"] == 6  # one missed
    meds = json.loads(run("--db", str(target), "med", "list", "--json").stdout)
    assert {m["name"] for m in meds} == {"ibuprofen", "tramadol"}
    review = json.loads(run("--db", str(target), "review", "--json").stdout)
    assert (review["verdict"], review["pain"]["category"]) == ("improving", "moderate")
    assert review["caveats"] == ["No global impression of change (PGIC 1–7) recorded yet."]
    side = [
        e
        for e in json.loads(run("--db", str(target), "history", "--json").stdout)
        if e.get("side_effects")
    ]
    assert len(side) == 1


def test_db_option_beats_the_environment(
    run: Run, tmp_path: Path, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("COLUMNS", raising=False)  # piped, unfolded: a long temp path stays whole
    other = tmp_path / "other.db"
    run("--db", str(other), "course", "start", "x")
    assert other.exists() and not db_path.exists()
    assert f"{other}  (from --db" in run("--db", str(other), "paths").stdout


def test_fentanyl_needs_mcg_per_hour_and_own_factors_are_not_called_cdc(run: Run) -> None:
    r = run(
        "med", "add", "fentanyl", "--kind", "opioid", "--strength", "25", "--unit", "mcg", code=2
    )
    assert "--unit must be mcg/h for fentanyl" in r.stderr
    assert (
        "(CDC 2022)"
        in run(
            "med",
            "add",
            "fentanyl patch",
            "--kind",
            "opioid",
            "--strength",
            "25",
            "--unit",
            "mcg/h",
        ).stdout
    )
    r = run(
        "med",
        "add",
        "oxycodone",
        "--kind",
        "opioid",
        "--strength",
        "5",
        "--unit",
        "mg",
        "--mme-factor",
        "3",
    )
    assert "MME factor 3 (your factor, not from CDC 2022)" in r.stdout
    r = run(
        "med",
        "add",
        "buprenorphine",
        "--kind",
        "opioid",
        "--strength",
        "2",
        "--unit",
        "mg",
        "--mme-factor",
        "1",
        code=2,
    )
    assert "--kind must be other for buprenorphine" in r.stderr


def test_edit_cannot_move_a_session_before_its_course_started(course: Run, db_path: Path) -> None:
    course("session", "--pain-before", "6", "--pain-after", "4")
    before = dump(db_path)
    r = course("edit", "S1", "--date", "40 days ago", code=2)
    assert "--date must be on or after the course start" in r.stderr
    assert dump(db_path) == before


def test_a_new_course_cannot_overlap_the_last_one_and_an_end_cannot_precede_its_sessions(
    course: Run, db_path: Path
) -> None:
    course("session", "--pain-before", "6", "--pain-after", "4", "--date", "10 days ago")
    before = dump(db_path)
    r = course("course", "end", "--date", "20 days ago", code=2)
    assert "--date must be on or after the course's last session" in r.stderr
    assert dump(db_path) == before
    course("course", "end", "--date", "5 days ago")
    r = course("course", "start", "second", "--start", "12 days ago", code=2)
    assert "--start must be on or after" in r.stderr and "when the last course ended" in r.stderr
    course("course", "start", "second", "--start", "5 days ago")


def test_whole_numbers_written_as_decimals_are_accepted(course: Run) -> None:
    course("log", "--pain", "4.0")
    assert json.loads(course("history", "--json").stdout)[0]["pain"] == 4
    course("log", "--pain", "4.5", code=2)
