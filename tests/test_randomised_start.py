"""`course start NAME --randomise-start A-B` (domain.md §12.2): the first session's day drawn
from a recorded seed before any entry, shown by `status`, never redrawn (a correction ends it),
carried by exports, and the randomisation test at review only when the first session was on
the drawn day. Through the real CLI, the clock held still with `common.freeze`."""

from __future__ import annotations

import json
import random
import sqlite3
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from paintrack.cli import common
from tests.conftest import Run

START = datetime(2026, 3, 2, 9, 0)


def at(day: int) -> Any:
    """The clock held on day `day` of the course (day 1 = START), in the evening."""
    return common.freeze(START + timedelta(days=day - 1, hours=10))


def iso(day: int) -> str:
    return (START + timedelta(days=day - 1)).date().isoformat()


def start(run: Run, window: str = "8-27") -> dict[str, Any]:
    with at(1):
        shown = run("course", "start", "trial", "--sessions", "6", "--randomise-start", window)
        status = json.loads(run("status", "--json").stdout)
    draw: dict[str, Any] = status["randomised_start"]
    assert f"Book your first session for {draw['drawn_date']}" in shown.stdout
    return draw


def test_the_draw_is_recorded_with_its_seed_and_shown(run: Run, db_path: Path) -> None:
    draw = start(run)
    assert (draw["first_day"], draw["last_day"], draw["k"]) == (8, 27, 20)
    assert 8 <= draw["drawn_day"] <= 27
    assert random.Random(draw["seed"]).randint(8, 27) == draw["drawn_day"]  # anyone can check
    assert draw["drawn_date"] == iso(draw["drawn_day"])
    assert draw["window"] == {"start": iso(8), "end": iso(27)}
    assert draw["drawn_at"].startswith(iso(1)) and draw["ended"] is None
    with at(2):
        text = run("status").stdout
    assert "Randomised start" in text and draw["drawn_date"] in text
    conn = sqlite3.connect(db_path)
    [(course_created, draw_created)] = conn.execute(
        "SELECT c.created_at, d.created_at FROM courses c JOIN start_draws d ON d.course_id = c.id"
    ).fetchall()
    assert course_created == draw_created  # one transaction: before any entry can be logged


@pytest.mark.parametrize("window", ["3-20", "8-8", "27-8", "8", "eight-27", "8-400", ""])
def test_a_bad_window_is_refused_and_nothing_written(run: Run, db_path: Path, window: str) -> None:
    with at(1):
        r = run("course", "start", "trial", "--randomise-start", window, code=2)
    assert "--randomise-start" in r.stderr and "Internal error" not in r.stderr
    with at(1):
        assert (
            "No active course" in run("status", code=None).stderr + run("status", code=None).stdout
        )


def test_no_draw_after_entries_of_the_course(run: Run) -> None:
    with at(1):
        run("log", "--pain", "6")
        r = run("course", "start", "trial", "--randomise-start", "8-27", code=2)
    assert "before any entry" in r.stderr
    with at(1):
        r = run(
            "course", "start", "trial", "--start", "yesterday", "--randomise-start", "8-27", code=2
        )
    assert "--randomise-start" in r.stderr


def test_a_correction_ends_the_randomisation_and_says_so(run: Run) -> None:
    draw = start(run)
    with at(3):
        r = run("course", "edit", "--start", iso(2))
        assert "randomised start is ended" in r.stdout
        status = json.loads(run("status", "--json").stdout)["randomised_start"]
    assert status["ended"] and status["seed"] == draw["seed"]
    with at(3):
        assert "ended" in run("status").stdout


def test_the_draw_travels_in_json_and_csv_exports(run: Run, tmp_path: Path) -> None:
    draw = start(run)
    for fmt in ("json", "csv"):
        out = tmp_path / f"all.{fmt}"
        with at(2):
            run("export", "-o", str(out))
            other = tmp_path / f"other-{fmt}.db"
            run("--db", str(other), "import", str(out))
            again = json.loads(run("--db", str(other), "status", "--json").stdout)
            run("--db", str(other), "import", str(out))  # idempotent
        assert again["randomised_start"] == draw
        conn = sqlite3.connect(other)
        assert conn.execute("SELECT count(*) FROM start_draws").fetchone() == (1,)


def _series(run: Run, drawn: int, session_day: int, last: int) -> dict[str, Any]:
    """Pain 7 before the drawn day, 3 from it on, logged up to day `last`; one session."""
    for day in range(1, last + 1):
        with at(day):
            run("log", "--pain", "7" if day < drawn else "3")
            if day == session_day:
                run("session", "--pain-before", "6", "--pain-after", "4")
    with at(last):
        out: dict[str, Any] = json.loads(run("review", "--json").stdout)["single_case"]
        out["screen"] = " ".join(run("review").stdout.split())
    return out


def test_first_session_on_the_drawn_day_gives_the_randomisation_p(run: Run) -> None:
    drawn = start(run)["drawn_day"]
    sc = _series(run, drawn, drawn, max(drawn + 14, 28))  # past the window: every split has days
    # 7 before the drawn day and 3 from it: only the drawn split gives a drop of 4 (§12.2).
    assert sc["design"] == "randomised-start-ab"
    assert (sc["randomisation_p"], sc["k"], sc["starts_as_extreme"]) == (0.05, 20, 1)
    assert sc["smallest_p"] == 0.05 and sc["why_not"] is None
    assert "would have come from 1 of the 20 possible start days (p = 0.05)" in sc["screen"]
    assert "AB with randomised start, k = 20" in sc["cent_full"]
    assert sc["cent"].startswith("CENT: AB, randomised start (k = 20)") and "p = 0.05" in sc["cent"]


def test_first_session_on_another_day_gives_no_p_and_says_why(run: Run) -> None:
    drawn = start(run)["drawn_day"]
    other = drawn + 1 if drawn < 27 else drawn - 1
    sc = _series(run, drawn, other, 30)
    assert sc["design"] == "observational-ab"
    assert sc["randomisation_p"] is None and sc["nap"] is not None
    assert "not on the drawn day" in sc["why_not"]
    assert "No p-value" in sc["screen"]


def test_undo_cannot_redraw(run: Run, db_path: Path) -> None:
    draw = start(run)
    with at(1):
        r = run("undo", code=2)
        assert "cannot be undone" in r.stderr
        after = json.loads(run("status", "--json").stdout)["randomised_start"]
    assert after == draw
    with at(2):
        run("course", "edit", "--sessions", "8")
        run("undo")  # other changes still undo
        assert (
            json.loads(run("status", "--json").stdout)["randomised_start"]["seed"] == draw["seed"]
        )
