"""A diary exported in one time zone imports in any other ("not in the future" is judged with
the 26 hours the world's clocks span), and an older export of the same diary imports after the
course ended or entries changed: merged, the diary's newer version kept."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

import pytest

from paintrack.domain.dates import latest_anywhere
from tests.conftest import Run, dump

PAINTRACK = str(Path(sys.executable).parent / "paintrack")


def _in_zone(zone: str, db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "TZ": zone, "PAINTRACK_DB": str(db)}
    return subprocess.run([PAINTRACK, *args], env=env, capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize(
    ("there", "here"),
    [
        ("Pacific/Kiritimati", "America/Adak"),  # UTC+14 to UTC−10: always a day ahead
        ("America/Adak", "Pacific/Kiritimati"),
        ("Australia/Sydney", "America/New_York"),
        ("America/New_York", "Australia/Sydney"),
    ],
)
def test_an_export_from_any_zone_imports_in_any_other(
    tmp_path: Path, there: str, here: str
) -> None:
    old, new, file = tmp_path / "there.db", tmp_path / "here.db", tmp_path / "diary.json"
    assert _in_zone(there, old, "course", "start", "back", "--start", "2 days ago").returncode == 0
    assert _in_zone(there, old, "log", "4", "--note", "written there").returncode == 0
    assert _in_zone(there, old, "export", "-o", str(file)).returncode == 0
    r = _in_zone(here, new, "import", str(file))
    assert r.returncode == 0 and "1 daily log" in r.stdout, r.stderr
    csv = tmp_path / "diary.csv"
    assert _in_zone(there, old, "export", "-o", str(csv)).returncode == 0
    r = _in_zone(here, new, "import", str(csv))
    assert r.returncode == 0 and "Nothing new" in r.stdout, r.stderr


def test_the_latest_date_anywhere_spans_26_hours() -> None:
    day = date(2026, 12, 6)
    assert latest_anywhere(day, timedelta(hours=14)) == day  # Kiritimati is first
    assert latest_anywhere(day, timedelta(hours=-10)) == day + timedelta(days=1)  # Adak
    assert latest_anywhere(day, timedelta(hours=-12)) == day + timedelta(days=2)  # Baker Island


def test_an_older_export_of_the_same_diary_merges_after_changes(
    run: Run, db_path: Path, tmp_path: Path
) -> None:
    run("course", "start", "back", "--start", "10 days ago")
    run("med", "add", "ibuprofen", "--kind", "nsaid", "--strength", "200", "--unit", "mg")
    run("activity", "add", "walking")
    run("session", "--pain-before", "6", "--pain-after", "4", "--date", "3 days ago")
    run("log", "5", "--med", "ibuprofen=2", "--date", "2 days ago")
    run("peg", "--pain", "5", "--enjoyment", "5", "--general-activity", "5", "--date", "2 days ago")
    old = tmp_path / "old.json"
    run("export", "-o", str(old))
    run("edit", "L1", "--pain", "7")
    run("edit", "S1", "--pain-after", "3")
    run("med", "stop", "ibuprofen")
    run("activity", "stop", "walking")
    run("course", "end", "--outcome", "helped")
    before = dump(db_path)
    r = run("import", str(old))
    assert "Nothing new" in r.stdout and "Internal error" not in r.stderr
    assert dump(db_path) == before  # the diary's newer version of every row is kept
    entries = {e["id"]: e for e in json.loads(run("history", "--json").stdout)}
    assert entries["L1"]["pain"] == 7 and entries["S1"]["pain_after"] == 3


def test_another_diarys_course_of_the_same_name_is_still_one_line(run: Run, tmp_path: Path) -> None:
    run("course", "start", "back", "--start", "10 days ago")
    time.sleep(1.1)  # creation times are to the second: another diary's are not the same
    other = tmp_path / "other.json"
    run("--db", str(tmp_path / "other.db"), "course", "start", "back", "--start", "20 days ago")
    run("--db", str(tmp_path / "other.db"), "export", "-o", str(other))
    r = run("import", str(other), code=2)
    assert "courses[0]: start must be the stored value for 'back'" in r.stderr, r.stderr
    assert "Internal error" not in r.stderr and "constraint" not in r.stderr.lower()
