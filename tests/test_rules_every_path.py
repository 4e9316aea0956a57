"""One rule, one place, every path (issue 9, point 2): flags, edit and import refuse the same way,
each naming the field as its medium does (an option, a column), with the same reason."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import Run, dump


def _export(run: Run, tmp_path: Path) -> dict:  # type: ignore[type-arg]
    return json.loads(run("export", "-o", "-", "--format", "json").stdout)


def _import(run: Run, tmp_path: Path, doc: dict, db: str) -> str:  # type: ignore[type-arg]
    path = tmp_path / "in.json"
    path.write_text(json.dumps(doc))
    return run("--db", db, "import", str(path), code=2).stderr


def test_a_session_before_its_course_start_is_refused_by_flags_and_by_import(
    run: Run, tmp_path: Path, db_path: Path
) -> None:
    run("course", "start", "back", "--start", "2026-06-10")
    r = run("session", "--pain-before", "6", "--pain-after", "4", "--date", "2026-06-01", code=2)
    reason = "must be on or after the course start (2026-06-10) (got '2026-06-01')"
    assert r.stderr.strip() == f"Error: --date {reason}."
    doc = _export(run, tmp_path)
    doc["sessions"] = [
        {
            "id": 1,
            "course": "back",
            "date": "2026-06-01",
            "time": None,
            "pain_before": 6,
            "pain_after": 4,
            "minutes": None,
            "needles": None,
            "techniques": [],
            "side_effects": [],
            "points": None,
            "practitioner": None,
            "cost": None,
            "note": None,
            "for_clinician": False,
            "created_at": None,
        }
    ]
    other = str(tmp_path / "other.db")
    assert f"sessions[0]: date {reason}" in _import(run, tmp_path, doc, other)
    assert not any(line.startswith('INSERT INTO "courses"') for line in dump(Path(other)))


def test_least_above_pain_is_refused_by_flags_edit_and_a_spreadsheet(
    run: Run, tmp_path: Path, db_path: Path
) -> None:
    run("course", "start", "back")
    reason = "must be at most {pain} (4) (got 7)"
    r = run("log", "--pain", "4", "--least", "7", code=2)
    assert r.stderr.strip() == "Error: --least " + reason.format(pain="--pain") + "."
    run("log", "--pain", "4")
    before = dump(db_path)
    r = run("edit", "L1", "--least", "7", code=2)
    assert r.stderr.strip() == "Error: --least " + reason.format(pain="--pain") + "."
    sheet = tmp_path / "sheet.csv"
    sheet.write_text("date,pain,least\n2026-01-05,4,7\n")
    r = run("import", str(sheet), code=2)
    assert "line 2: least " + reason.format(pain="pain") in r.stderr
    assert dump(db_path) == before


def test_a_sixth_activity_is_refused_by_flags_and_by_import(run: Run, tmp_path: Path) -> None:
    for name in ("walking", "sitting", "lifting", "stairs", "bending"):
        run("activity", "add", name)
    r = run("activity", "add", "gardening", code=2)
    reason = (
        "must be one of at most 5 activities (chosen: walking, sitting, lifting, stairs, bending;"
        " `paintrack activity stop NAME` frees a place)"
    )
    assert r.stderr.strip() == f"Error: NAME {reason} (got 'gardening')."
    doc = _export(run, tmp_path)
    doc["activities"].append({"id": 6, "name": "gardening", "stopped": None, "created_at": None})
    err = _import(run, tmp_path, doc, str(tmp_path / "other.db"))
    assert f"activities[5]: name {reason} (got 'gardening')" in err


def test_overlapping_and_second_active_courses_are_refused_by_flags_and_by_import(
    run: Run, tmp_path: Path
) -> None:
    run("course", "start", "knee", "--start", "2026-05-01")
    run("course", "end", "--date", "2026-06-30")
    r = run("course", "start", "back", "--start", "2026-06-01", code=2)
    overlap = "must be on or after 2026-06-30, when the last course ended (got '2026-06-01')"
    assert r.stderr.strip() == f"Error: --start {overlap}."
    run("course", "start", "back", "--start", "2026-07-01")
    r = run("course", "start", "hip", code=2)
    assert r.stderr.startswith("Error: Your course 'back' (started 2026-07-01) is still going")
    assert "End it first with `paintrack course end`" in r.stderr
    active = "must be a new course only after the active one ends (`paintrack course end` ends"
    doc = _export(run, tmp_path)
    extra = dict(doc["courses"][1], id=3, name="hip", start="2026-08-01")
    doc["courses"].append(extra)
    err = _import(run, tmp_path, doc, str(tmp_path / "o1.db"))
    assert f"courses[2]: name {active} 'back')" in err
    extra.update(start="2026-06-01", ended="2026-06-20")
    err = _import(run, tmp_path, doc, str(tmp_path / "o2.db"))
    assert f"courses[2]: start {overlap}" in err
