"""Charts and tables a patient reads at a glance on any terminal: every chart kind at 40 to 300
columns in display cells, frames never cut and continued, `chart peg`, `chart --table`, the
weekly table and `course show` stacked when narrow, non-Latin text measured in cells, and an
ended course charted in its own windows."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from paintrack.render.cells import cells
from paintrack.render.text import fold
from tests.conftest import Run

KINDS = ("pain", "function", "sleep", "stress", "peg", "meds", "sessions")
WIDTHS = (40, 80, 120, 200, 300)
NOTE = "боль в спине 😣 — 腰痛很厉害，走路困难 — ألم شديد في أسفل الظهر مع تنميل"


def _lines(text: str) -> list[str]:
    return re.sub(r"\x1b\[[0-9;]*m", "", text).split("\n")


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    Run()("--db", str(path), "demo", "--db", str(path))
    return path


@pytest.fixture
def demo(demo_db: Path, monkeypatch: pytest.MonkeyPatch, run: Run) -> Run:
    monkeypatch.setenv("PAINTRACK_DB", str(demo_db))
    return run


@pytest.mark.parametrize("cols", WIDTHS)
def test_every_chart_kind_fits_and_its_frame_is_whole(
    demo: Run, monkeypatch: pytest.MonkeyPatch, cols: int
) -> None:
    monkeypatch.setenv("COLUMNS", str(cols))
    for kind in KINDS:
        lines = _lines(demo("chart", kind).stdout)
        assert max(cells(line) for line in lines) <= cols, kind
        tops = [line for line in lines if line.lstrip().startswith("┌")]
        bottoms = [line for line in lines if line.lstrip().startswith("└")]
        assert tops and len(tops) == len(bottoms), kind
        for top in tops:  # the frame's top edge is one line, as wide as the chart asks
            assert top.rstrip().endswith("┐") and cells(top) > cols - 3, (kind, top)
        assert not any(line.startswith("  ─") for line in lines), kind  # no continued frame


def test_a_wide_terminal_is_used_not_cut_at_100_columns(
    demo: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    at_80 = len(_lines(demo("chart", "pain").stdout))
    monkeypatch.setenv("COLUMNS", "200")
    at_200 = _lines(demo("chart", "pain").stdout)
    assert len(at_200) <= at_80 + 6  # taller plot, never each frame line continued
    assert max(cells(line) for line in at_200) > 150


def test_chart_peg_draws_the_weekly_score_against_its_baseline(demo: Run) -> None:
    text = demo("chart", "peg").stdout
    assert text.startswith("PEG score, weekly") and "baseline 6.7" in text
    assert "PEG score" in text.splitlines()[-1]


def test_function_and_sleep_draw_one_panel_per_measure(demo: Run) -> None:
    function = demo("chart", "function").stdout
    for name in ("walking", "sitting", "lifting", "PSFS mean"):
        assert f"Function: {name}" in function
    assert function.count("══ baseline") == 4
    sleep = demo("chart", "sleep").stdout
    assert "Sleep: hours slept" in sleep and "Sleep: pain's interference" in sleep
    assert sleep.count("⠒⠒ 7-day mean") == 2


def test_chart_table_prints_each_day_and_week_as_plain_text(
    demo: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    days = demo("chart", "--table").stdout
    assert "\x1b" not in days and "┌" not in days
    first = days.splitlines()[0]
    assert first.startswith("2026-") and "pain " in first and "PEG" not in first
    assert "nothing logged" in days
    weeks = demo("chart", "pain", "--table", "--weekly").stdout
    assert weeks.splitlines()[0].startswith("Baseline ") and "Week of " in weeks
    assert re.search(r"Week of \d{1,2} [A-Z][a-z]{2}: pain \d\.\d \([−+]?\d\.\d\)", weeks)
    sessions = demo("chart", "sessions", "--table").stdout
    assert sessions.startswith("Session S1 ")
    monkeypatch.setenv("COLUMNS", "40")
    assert max(cells(x) for x in _lines(demo("chart", "--table").stdout)) <= 40


def test_weekly_table_and_course_show_stack_rather_than_cut(
    demo: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "120")
    wide = demo("chart", "--weekly").stdout
    assert "Week of" in wide and re.search(r"^\d{1,2} [A-Z][a-z]{2} ", wide, re.M)
    assert not re.search(r"\d [A-Z][a-z]{2} \d\d ", wide)  # `26 Oct`, not `26 Oct 26`
    monkeypatch.setenv("COLUMNS", "40")
    narrow = demo("chart", "--weekly").stdout
    assert "…" not in narrow and "Baseline " in narrow and "Week of " in narrow
    show = demo("course", "show").stdout
    assert "…" not in show and "#1 S1 " in show
    assert max(cells(x) for x in _lines(show)) <= 40


@pytest.mark.parametrize("cols", (20, 40, 80))
def test_fold_measures_display_cells(cols: int) -> None:
    out = fold("note: " + NOTE, cols)
    assert all(cells(line) <= cols for line in out.split("\n"))
    assert "".join(out.split()) == "".join(("note: " + NOTE).split())
    assert "أسفل" in out.split()  # an Arabic word is never split


def test_cells_counts_wide_and_combining_characters() -> None:
    assert cells("abc") == 3 and cells("腰痛") == 4 and cells("😣") == 2
    assert cells("e\u0301") == 1 and cells("a\u200db") == 2


@pytest.mark.parametrize("cols", (40, 80, 200))
def test_history_of_non_latin_notes_fits(
    course: Run, monkeypatch: pytest.MonkeyPatch, cols: int
) -> None:
    monkeypatch.setenv("COLUMNS", str(cols))
    course("activity", "add", "прогулка 散步")
    course("log", "5", "--note", NOTE, "--activity", "прогулка 散步=4")
    out = course("history").stdout
    assert max(cells(x) for x in _lines(out)) <= cols
    assert "".join(NOTE.split()) in "".join(out.split())


def test_an_ended_course_is_charted_in_its_own_windows(run: Run) -> None:
    run("course", "start", "knee", "--start", "2026-01-01", "--sessions", "2")
    for day, pain in (("2026-01-0" + str(d), 7) for d in range(1, 9)):
        run("log", str(pain), "--date", day)
    run("session", "--pain-before", "7", "--pain-after", "5", "--date", "2026-01-09")
    run("log", "4", "--date", "2026-01-10")
    run("course", "end", "--date", "2026-01-20")
    run("course", "start", "back")
    text = run("chart", "--course", "knee").stdout
    assert "2026-01-02 to 2026-01-20" in text and "baseline 7.0" in text
    table = run("chart", "pain", "--table", "--weekly", "--course", "knee").stdout
    assert table.startswith("Baseline 2026-01-02 to 2026-01-08: pain 7.0")
    assert "No course named 'nope'" in run("chart", "--course", "nope", code=2).stderr
