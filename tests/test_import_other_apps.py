"""Bringing history from another tracker: found from the content, kept on its own scale, never
twice, all or nothing, undoable, and previewed by --dry-run without writing."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Run, dump

APPS = Path(__file__).parent / "fixtures" / "apps"


def entries(db: Path, **where: str) -> list[dict[str, Any]]:
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    cond = " AND ".join(f"{k} = ?" for k in where) or "1"
    rows = conn.execute(
        f"SELECT * FROM imported_entries WHERE {cond} ORDER BY id", tuple(where.values())
    )
    found = [dict(r) for r in rows]
    conn.close()
    return found


def renamed(tmp_path: Path, name: str) -> Path:
    """The fixture under a name that says nothing: detection reads the content."""
    target = tmp_path / f"export-{name.replace('.', '-')}.txt"
    shutil.copy(APPS / name, target)
    return target


@pytest.mark.parametrize(
    ("name", "app"),
    [
        ("flaredown.csv", "Flaredown"),
        ("flaredown-notes.csv", "Flaredown"),
        ("daylio.csv", "Daylio"),
        ("bearable.csv", "Bearable"),
        ("apple-health.xml", "Apple Health"),
    ],
)
def test_each_app_is_found_from_its_content_imported_once_and_undone(
    run: Run, db_path: Path, tmp_path: Path, name: str, app: str
) -> None:
    file = renamed(tmp_path, name)
    first = run("import", str(file)).stdout
    assert f"({app}" in first and "Imported" in first
    stored = dump(db_path)
    again = run("import", str(file)).stdout
    assert "Nothing new" in again and dump(db_path) == stored
    run("undo")
    assert entries(db_path) == []


def test_a_dry_run_writes_nothing_not_even_a_new_database(run: Run, db_path: Path) -> None:
    result = run("import", "--dry-run", str(APPS / "apple-health.xml")).stdout
    assert "nothing was written" in result
    assert "Would add: 4 imported ratings, 2 nights of sleep." in result
    assert "StepCount records (paintrack has no field for them)" in result
    assert "in bed is not sleep" in result
    assert not db_path.exists()
    run("import", str(APPS / "daylio.csv"))
    before = dump(db_path)
    shown = run("import", "--dry-run", str(APPS / "flaredown.csv")).stdout
    assert "6 imported ratings, 5 treatments, 4 tags, 3 foods" in shown
    assert "name=Crohn's disease  value=2" in shown
    assert dump(db_path) == before


def test_flaredown_ratings_stay_0_to_4_and_blank_means_unrated(run: Run, db_path: Path) -> None:
    run("import", str(APPS / "flaredown.csv"))
    ratings = entries(db_path, kind="rating")
    assert [(r["date"], r["name"], r["value"]) for r in ratings] == [
        ("2024-03-01", "Crohn's disease", 2),
        ("2024-03-01", "Headache", 3),
        ("2024-03-02", "Headache", 1),
        ("2024-03-02", "Fatigue", 0),
        ("2024-03-03", "Crohn's disease", 4),
        ("2024-03-03", "Fatigue", 2),
    ]
    assert {r["scale"] for r in ratings} == {"0-4 (Flaredown: 0 none … 4 the worst)"}
    treatments = entries(db_path, kind="treatment")
    assert [(t["name"], t["text"]) for t in treatments][:2] == [
        ("Ibuprofen", "200 mg"),
        ("Yoga", "Taken"),
    ]
    assert all(t["medication_id"] is None for t in treatments)  # no terminal: never linked
    conn = sqlite3.connect(db_path)
    assert conn.execute("SELECT count(*) FROM daily_logs").fetchone()[0] == 0  # no 0-10 made up
    conn.close()


def test_daylio_12_hour_times_and_bearable_hours_and_minutes(run: Run, db_path: Path) -> None:
    run("import", str(APPS / "daylio.csv"))
    moods = entries(db_path, kind="mood")
    assert [(m["date"], m["time"], m["text"]) for m in moods] == [
        ("2024-03-02", "22:00", "rad"),
        ("2024-03-02", "00:05", "meh"),
        ("2024-03-01", "18:52", "awful"),
        ("2024-03-01", "12:30", "good"),
    ]
    assert all(m["value"] is None for m in moods)  # the user's own labels: no number invented
    run("import", str(APPS / "bearable.csv"))
    sleep = entries(db_path, source="bearable", kind="sleep")
    assert [(s["date"], s["value"], s["text"]) for s in sleep] == [
        ("2024-03-01", 7.5, "7:30"),
        ("2024-03-02", 6.08, "6:05"),
    ]
    severe = entries(db_path, source="bearable", kind="rating", name="Headache")[0]
    assert (severe["value"], severe["text"]) == (3, "Severe") and severe["scale"].startswith("1-4")


def test_apple_health_sleep_merges_phone_and_watch_without_double_counting(
    run: Run, db_path: Path
) -> None:
    run("import", str(APPS / "apple-health.xml"))
    sleep = entries(db_path, kind="sleep")
    # Night 1: phone 23:00-06:00 and watch stages 23:10-06:20 → 23:00-06:20, less 10 min awake.
    # Night 2: the same 23:30-07:00 from phone and watch → 7.5 h, not 15.
    assert [(s["date"], s["value"], s["text"]) for s in sleep] == [
        ("2024-03-02", 7.17, "7:10"),
        ("2024-03-03", 7.5, "7:30"),
    ]
    severity = [(r["name"], r["value"], r["text"]) for r in entries(db_path, kind="rating")]
    assert severity == [
        ("Headache", 2, "moderate"),
        ("Lower back pain", 1, "mild"),
        ("Headache", 0, "not present"),
        ("Nausea", None, "present, severity not given"),
    ]


@pytest.mark.parametrize(
    ("name", "text", "where"),
    [
        ("flaredown.csv", "Date,Headache,Tags,Foods\n2024-03-01,2,,\n2024-03-02,5,,\n", "line 3"),
        ("daylio.csv", None, "line 2"),
        ("bearable.csv", None, "line 3"),
        ("apple-health.xml", None, "Record 2 (HKCategoryTypeIdentifierHeadache"),
    ],
)
def test_a_bad_row_names_its_place_and_nothing_is_written(
    run: Run, db_path: Path, tmp_path: Path, name: str, text: str | None, where: str
) -> None:
    run("import", str(APPS / "flaredown-notes.csv"))
    before = dump(db_path)
    original = (APPS / name).read_text()
    if text is None:
        text = {
            "daylio.csv": original.replace("10:00 pm", "25:00 pm"),
            "bearable.csv": original.replace(",3,Headache (Severe)", ",9,Headache (Severe)"),
            "apple-health.xml": original.replace(
                'startDate="2024-03-01 08:00:00 -0800" endDate="2024-03-01 10:00:00 -0800"',
                'startDate="March 1st" endDate="2024-03-01 10:00:00 -0800"',
            ),
        }[name]
    bad = tmp_path / "bad"
    bad.write_text(text)
    result = run("import", str(bad), code=2)
    assert f"  {where}" in result.stderr and "nothing was imported" in result.stderr
    assert dump(db_path) == before


def test_from_forces_an_importer_and_refuses_an_unknown_one(run: Run, tmp_path: Path) -> None:
    result = run("import", "--from", "daylio", str(APPS / "flaredown.csv"), code=2)
    assert "line 1: columns must be Daylio's header row: full_date" in result.stderr
    for app in ("bearable", "flaredown", "apple-health"):
        other = "daylio.csv" if app != "daylio" else "flaredown.csv"
        result = run("import", "--from", app, str(APPS / other), code=2)
        assert "nothing was imported" in result.stderr
    result = run("import", "--from", "myfitnesspal", str(APPS / "flaredown.csv"), code=2)
    assert "--from must be one of paintrack, mapped, flaredown" in result.stderr


def test_an_entity_declaration_is_refused_before_parsing(run: Run, tmp_path: Path) -> None:
    bomb = tmp_path / "export.xml"
    bomb.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE HealthData [<!ENTITY a "aaaaaaaaaa">'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>\n<HealthData>&b;</HealthData>\n'
    )
    result = run("import", str(bomb), code=2)
    assert "<!ENTITY" in result.stderr


def test_hostile_text_lands_exactly_and_shows_escaped(
    run: Run, db_path: Path, tmp_path: Path
) -> None:
    run("import", str(APPS / "flaredown.csv"))
    tags = [t["name"] for t in entries(db_path, kind="tag")]
    assert '=HYPERLINK("http://example.invalid","x")' in tags  # stored exactly, shown as text
    assert "<script>alert(1)</script>" in [f["name"] for f in entries(db_path, kind="food")]
    evil = tmp_path / "notes.csv"
    evil.write_text('date,note\n2024-03-01,"red \x1b]0;owned\x07 text"\n')
    result = run("import", str(evil), code=2)
    assert "\x1b" not in result.stderr and "line 2" in result.stderr
    assert "control character \\x1b" in result.stderr


def test_a_mapped_spreadsheet_is_checked_like_every_input(
    run: Run, db_path: Path, tmp_path: Path
) -> None:
    sheet = tmp_path / "sheet.csv"
    sheet.write_text("Day,Pain level,Mood,Slept\n2024-03-01,4,ok,7.5\n2024-03-02,3,meh,\n")
    dry = run(
        "import",
        str(sheet),
        "--map",
        "date=Day",
        "--map",
        "pain=Pain level",
        "--map",
        "sleep_hours=Slept",
        "--dry-run",
    ).stdout
    assert "Would add: 2 daily logs." in dry and "column 'Mood' (no --map for it)" in dry
    run("import", str(sheet), "--map", "date=Day", "--map", "pain=Pain level")
    conn = sqlite3.connect(db_path)
    assert conn.execute("SELECT date, pain FROM daily_logs ORDER BY date").fetchall() == [
        ("2024-03-01", 4),
        ("2024-03-02", 3),
    ]
    conn.close()
    sheet.write_text("Day,Pain level\n2024-03-01,4\n2024-03-02,11\n")
    bad = run("import", str(sheet), "--map", "date=Day", "--map", "pain=Pain level", code=2)
    assert "line 3" in bad.stderr and "pain" in bad.stderr
    wrong = run("import", str(sheet), "--map", "pain=Level", "--map", "date=Day", code=2)
    assert "--map must be a column of the header (Day, Pain level)" in wrong.stderr


def test_the_review_says_imported_ratings_are_not_in_the_baseline(
    run: Run, db_path: Path, tmp_path: Path
) -> None:
    from datetime import date, timedelta

    run("course", "start", "back", "--start", "20 days ago", "--sessions", "6")
    for n in range(8, 14):
        run("log", "--pain", "6", "--date", f"{n} days ago")
    run("session", "--pain-before", "6", "--pain-after", "4", "--date", "5 days ago")
    day = (date.today() - timedelta(days=9)).isoformat()
    sheet = tmp_path / "flaredown.csv"
    sheet.write_text(f"Date,Headache,Fatigue,Tags,Foods\n{day},3,1,,\n")
    run("import", str(sheet))
    shown = run("review").stdout
    assert "Your baseline is your 0-10 logs only: 2 ratings imported for that week" in shown
    assert "(Fatigue, Headache) are on another scale (flaredown 0-4" in " ".join(shown.split())
    assert '"other_scales"' not in run("review", "--json").stdout  # the JSON contract is unchanged


@pytest.mark.parametrize(
    ("name", "old", "where"),
    [
        ("flaredown.csv", "stress; rain", "line 2"),
        ("flaredown-notes.csv", "Bad night", "line 2"),
        ("daylio.csv", "Long walk", "line 2"),
        ("bearable.csv", "Nausea (Mild)", "line 4"),
        ("apple-health.xml", 'sourceName="iPhone" unit="count"', "line "),
    ],
)
def test_a_control_character_is_refused_by_every_importer_and_shown_escaped(
    run: Run, db_path: Path, tmp_path: Path, name: str, old: str, where: str
) -> None:
    original = (APPS / name).read_text()
    assert old in original
    hostile = tmp_path / "hostile"
    hostile.write_text(original.replace(old, old[:3] + "\x1b]0;owned\x07\x1b[2J" + old[3:], 1))
    result = run("import", str(hostile), code=2)
    assert "\x1b" not in result.stderr and "\x07" not in result.stderr
    assert where in result.stderr and "nothing was imported" in result.stderr
    assert not db_path.exists() or entries(db_path) == []
