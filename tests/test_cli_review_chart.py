"""`paintrack review` and `paintrack chart` through the real CLI on real courses."""

from __future__ import annotations

import json
import re
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


STABLE_KEYS = {
    "course",
    "pain",
    "function",
    "peg",
    "sleep",
    "stress",
    "medication",
    "sessions",
    "impression",
    "verdict",
    "red_flags",
    "caveats",
}


def _course(
    run: Run, *, baseline: int, now: int, sessions: int = 3, plan: str | None = None
) -> None:
    """A course whose first session was 20 days ago, baseline pain `baseline`, recent pain `now`."""
    start = ["--plan", plan] if plan else ["--sessions", str(sessions)]
    run("course", "start", "c", *start, "--start", "30 days ago")
    for d in range(27, 20, -1):
        run("log", "--pain", str(baseline), "--date", f"{d} days ago")
    for d in range(6, -1, -1):
        run("log", "--pain", str(now), "--date", f"{d} days ago")
    for i in range(sessions):
        run(
            "session",
            "--pain-before",
            str(baseline),
            "--pain-after",
            str(now),
            "--date",
            f"{20 - i * max(1, 18 // sessions)} days ago",
        )


def test_review_json_has_the_stable_keys_and_the_product_verdict(run: Run) -> None:
    _course(run, baseline=6, now=4)  # -33 %: moderate
    r = json.loads(run("review", "--json").stdout)
    assert set(r) >= STABLE_KEYS
    assert (
        r["pain"]["baseline"] == 6
        and r["pain"]["current"] == 4
        and r["pain"]["category"] == "moderate"
    )
    assert r["pain"]["change"] == -2 and r["pain"]["change_pct"] == -33  # as shown: toward zero
    assert r["verdict"] == "improving" and r["course"]["sessions_done"] == 3
    assert r["course"]["first_session"] == (TODAY - timedelta(days=20)).isoformat()


def test_review_worse_when_pain_rose(run: Run) -> None:
    _course(run, baseline=5, now=6)
    assert json.loads(run("review", "--json").stdout)["verdict"] == "worse"


def test_review_with_a_thin_baseline_says_why(run: Run) -> None:
    run("course", "start", "c", "--sessions", "1", "--start", "30 days ago")
    run("log", "--pain", "6", "--date", "22 days ago")
    for d in range(5, -1, -1):
        run("log", "--pain", "4", "--date", f"{d} days ago")
    run("session", "--pain-before", "6", "--pain-after", "4", "--date", "20 days ago")
    r = json.loads(run("review", "--json").stdout)
    assert r["pain"]["baseline"] is None and r["verdict"] == "insufficient-data"
    assert any("1 day" in c or "1 of" in c for c in r["caveats"]), r["caveats"]
    assert "too few days logged" in run("review").stdout


def test_review_with_no_sessions_yet_is_insufficient(run: Run) -> None:
    run("course", "start", "c")
    run("log", "--pain", "5")
    assert json.loads(run("review", "--json").stdout)["verdict"] == "insufficient-data"


def test_impression_and_decision_are_recorded_and_clear_the_reevaluate_line(run: Run) -> None:
    _course(run, baseline=6, now=4)
    assert "Re-evaluate point reached" in run("log", "4").stderr
    r = run("review", "--impression", "2", "--decide", "continue")
    assert "Recorded impression 2 (Much improved) and decision 'continue'" in r.stdout
    assert "Re-evaluate point reached" not in r.stderr
    data = json.loads(run("review", "--json").stdout)
    assert data["impression"] == 2 and data["decision"]["choice"] == "continue"
    assert json.loads(run("status", "--json").stdout)["course"]["reevaluate_due"] is False


def test_reviewing_twice_keeps_both_records_and_undo_removes_the_last(
    run: Run, db_path: Path
) -> None:
    _course(run, baseline=6, now=4)
    run("review", "--impression", "3")
    before = dump(db_path)
    run("review", "--impression", "2", "--decide", "change")
    run("undo")
    assert dump(db_path) == before
    assert json.loads(run("review", "--json").stdout)["impression"] == 3


def test_medicare_continue_needs_improvement(run: Run, db_path: Path) -> None:
    _course(run, baseline=6, now=6, sessions=12, plan="medicare-clbp")
    before = dump(db_path)
    r = run("review", "--decide", "continue", code=2)
    assert "--decide must be change or stop here" in r.stderr and "not-improving" in r.stderr
    assert dump(db_path) == before


def test_medicare_continue_when_improving_extends_by_eight(run: Run) -> None:
    _course(run, baseline=6, now=3, sessions=12, plan="medicare-clbp")
    r = run("review", "--decide", "continue")
    assert "8 more sessions" in r.stdout
    c = json.loads(run("status", "--json").stdout)["course"]
    assert c["sessions_planned"] == 20 and c["reevaluate_due"] is False


@pytest.mark.parametrize(
    "args", [["--impression", "0"], ["--impression", "8"], ["--decide", "pause"]]
)
def test_bad_review_values_are_refused(run: Run, args: list[str]) -> None:
    _course(run, baseline=6, now=4)
    r = run("review", *args, code=2)
    assert r.stderr.startswith("Error: --") and r.stderr.count("\n") == 1


def test_review_shows_red_flags_first(run: Run) -> None:
    _course(run, baseline=6, now=4)
    run("log", "--pain", "5", "--red-flag", "fever")
    out = run("review").stdout
    assert out.index("RED FLAGS") < out.index("Pain is down")
    assert json.loads(run("review", "--json").stdout)["red_flags"] == [
        {"date": TODAY.isoformat(), "code": "fever"}
    ]


@pytest.mark.parametrize("columns", [40, 80])
def test_review_fits_the_terminal_and_keeps_every_column(run: Run, columns: int) -> None:
    _course(run, baseline=6, now=4)
    app = __import__("paintrack.cli", fromlist=["app"]).app
    out = run.runner.invoke(app, ["review"], env={"COLUMNS": str(columns)}).stdout
    assert max(len(line) for line in out.splitlines()) <= columns
    assert "6.0" in out and "4.0" in out and "moderate improvement" in out


@pytest.mark.parametrize(
    "which", ["pain", "function", "sleep", "stress", "meds", "sessions", "all"]
)
@pytest.mark.parametrize("columns", [80, 200])
def test_charts_fit_the_terminal_and_carry_no_escape_codes_when_piped(
    run: Run, which: str, columns: int
) -> None:
    _course(run, baseline=6, now=4)
    app = __import__("paintrack.cli", fromlist=["app"]).app
    result = run.runner.invoke(app, ["chart", which], env={"COLUMNS": str(columns)})
    assert result.exit_code == 0, result.stderr
    assert "\x1b[" not in result.stdout
    assert max(len(line) for line in result.stdout.splitlines()) <= columns


def test_pain_chart_shows_dates_baseline_and_levels(run: Run) -> None:
    _course(run, baseline=6, now=4)
    out = run("chart", "pain").stdout
    assert (TODAY - timedelta(days=27)).isoformat() in out and TODAY.isoformat() in out
    assert "baseline 6.0" in out and "30 % less: 4.2" in out and "50 % less: 3.0" in out


def test_a_measure_with_no_data_says_so_in_one_line(run: Run) -> None:
    _course(run, baseline=6, now=4)
    out = run("chart", "sleep").stdout.strip()
    assert len(out.splitlines()) == 1 and out.startswith("No sleep")


def test_weekly_table_numbers(run: Run) -> None:
    _course(run, baseline=6, now=4)
    out = run("chart", "--weekly").stdout
    rows = [line for line in out.splitlines() if re.match(r"^(baseline|\d+ [A-Z][a-z]{2}) ", line)]
    assert rows[0].split()[:2] == ["baseline", "6.0"]
    assert rows[-1].split()[2:4] == ["4.0", "−2.0"]


def test_chart_refuses_an_unknown_chart_and_reversed_dates(run: Run) -> None:
    run("course", "start", "c")
    assert "CHART must be one of pain" in run("chart", "mood", code=2).stderr
    assert (
        "--since must be on or before --until"
        in run("chart", "--since", "yesterday", "--until", "3 days ago", code=2).stderr
    )


def test_a_long_course_review_still_sees_red_flags_and_dose_flags_mid_course(run: Run) -> None:
    run("course", "start", "long", "--sessions", "2", "--start", "100 days ago")
    run("med", "add", "oxycodone", "--kind", "opioid", "--strength", "20", "--unit", "mg")
    run("med", "add", "ibuprofen", "--kind", "nsaid", "--strength", "200", "--unit", "mg")
    for d in range(97, 90, -1):
        run("log", "--pain", "6", "--date", f"{d} days ago")
    run("session", "--pain-before", "6", "--pain-after", "4", "--date", "90 days ago")
    run("session", "--pain-before", "6", "--pain-after", "4", "--date", "80 days ago")
    run("log", "--pain", "7", "--red-flag", "injury", "--date", "60 days ago")
    run("log", "--pain", "7", "--med", "oxycodone=2", "--date", "40 days ago")  # 60 MME
    run("log", "--pain", "5", "--med", "ibuprofen=2", "--date", "30 days ago")
    for d in range(6, -1, -1):
        run("log", "--pain", "4", "--date", f"{d} days ago")
    r = json.loads(run("review", "--json").stdout)
    assert r["red_flags"] == [{"date": (TODAY - timedelta(days=60)).isoformat(), "code": "injury"}]
    flags = r["medication"]["flags"]
    assert [(f["date"], f["code"], f["value"]) for f in flags] == [
        ((TODAY - timedelta(days=40)).isoformat(), "mme-50", 60.0)
    ]


def test_review_on_a_terminal_asks_and_refuses_continue_when_the_plan_does_not_allow_it(
    run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    from paintrack.cli import common

    _course(run, baseline=6, now=6, sessions=12, plan="medicare-clbp")
    monkeypatch.setattr(common, "interactive", lambda: True)
    r = run("review", input="4\ncontinue\nstop\n")
    assert "how would you describe the change" in r.stdout and "7  Very much worse" in r.stdout
    assert "continuing is not open" in r.stderr
    assert "Recorded impression 4 (No change) and decision 'stop'." in r.stdout
    data = json.loads(run("review", "--json").stdout)
    assert data["impression"] == 4 and data["decision"]["choice"] == "stop"
