"""On a real terminal, `paintrack log` offers only what the patient said recently: Enter never
records a dose, an old value, or a value that breaks a rule between fields."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from tests.test_interactive import _answer, _cli, _read_until, _spawn

PROMPTS = (
    "Worst pain",
    "Least pain",
    "Hours slept",
    "interfered with sleep",
    "Stress",
    "Units of tylenol with codeine taken",
    "walking",
    "red-flag",
    "Note",
)


def _enter_through(fd: int, first_answer: str) -> str:
    """Press Enter at every prompt (the required first one is then answered)."""
    seen = _answer(fd, [("Average pain", "")])  # Enter on a required question: asked again
    seen += _answer(fd, [("An answer is needed here.", first_answer)])
    seen += _answer(fd, [(prompt, "") for prompt in PROMPTS])
    return seen + _read_until(fd, "Logged L")


def _last_log(tmp_path: Path) -> dict[str, object]:
    logs = [e for e in json.loads(_cli(tmp_path, "history", "--json")) if e["id"].startswith("L")]
    return logs[-1]  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
def old_diary(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two medications, an activity and one log 30 days ago with every value and dose."""
    folder = tmp_path_factory.mktemp("old")
    _cli(folder, "course", "start", "back", "--start", "40 days ago")
    _cli(
        folder,
        "med",
        "add",
        "tylenol with codeine",
        "--ingredient",
        "codeine=30mg",
        "--ingredient",
        "acetaminophen=300mg",
    )
    _cli(folder, "med", "add", "ibuprofen", "--strength", "200", "--unit", "mg")
    _cli(folder, "activity", "add", "walking")
    _cli(
        folder,
        *("log", "--pain", "6", "--worst", "9", "--least", "5", "--sleep-hours", "4"),
        *("--med", "tylenol with codeine=6", "--med", "ibuprofen=3", "--activity", "walking=2"),
        *("--stress", "7", "--date", "30 days ago"),
    )
    return folder / "p.db"


def _diary_with_an_old_log(tmp_path: Path, old_diary: Path) -> None:
    shutil.copy(old_diary, tmp_path / "p.db")


def test_enter_through_every_prompt_after_30_days_logs_no_dose_and_no_old_value(
    tmp_path: Path, old_diary: Path
) -> None:
    _diary_with_an_old_log(tmp_path, old_diary)
    _cli(tmp_path, "med", "stop", "ibuprofen")  # stopped today: not asked about
    proc, fd = _spawn(tmp_path, "log")
    seen = _enter_through(fd, "3")
    assert proc.wait(timeout=20) == 0, seen
    asked = seen.split("How are you today?")[1]
    assert "Units of tylenol with codeine taken:" in asked  # asked, with no [count] offered
    assert "ibuprofen" not in asked
    assert not re.search(r"\[\d", asked.split("Average pain")[1]), asked  # no old default
    got = _last_log(tmp_path)
    assert got["pain"] == 3 and not got["doses"] and not got["activity_ratings"]
    assert (got["worst"], got["least"], got["sleep_hours"], got["stress"]) == (None,) * 4


def test_yesterdays_values_are_offered_but_never_a_dose_count(
    tmp_path: Path, old_diary: Path
) -> None:
    _diary_with_an_old_log(tmp_path, old_diary)
    _cli(
        tmp_path,
        "log",
        "--pain",
        "5",
        "--worst",
        "8",
        "--least",
        "4",
        "--med",
        "ibuprofen=2",
        "--activity",
        "walking=6",
        "--date",
        "yesterday 21:00",
    )
    proc, fd = _spawn(tmp_path, "log")
    seen = _answer(fd, [("Average pain over the last 24 h (0 none - 10 worst) [5]:", "3")])
    seen += _answer(fd, [("Worst pain (0-10) [8]:", "")])
    # yesterday's least (4) would break least <= average (3): not offered
    seen += _answer(fd, [("Least pain (0-10):", ""), ("Hours slept:", ""), ("sleep", "")])
    seen += _answer(fd, [("Stress (0-10):", ""), ("Units of ibuprofen taken:", "")])
    seen += _answer(fd, [("codeine taken:", ""), ("walking", "")])
    seen += _answer(fd, [("red-flag", ""), ("Note", "")])
    seen += _read_until(fd, "Logged L")
    assert proc.wait(timeout=20) == 0, seen
    assert "walking: how well can you do it (0 unable - 10 as before) [6]:" in seen
    got = _last_log(tmp_path)
    assert (got["pain"], got["worst"], got["least"]) == (3, 8, None)
    assert not got["doses"] and got["activity_ratings"] == {"walking": 6}


def test_log_date_alone_asks_about_that_day_with_the_day_befores_values(
    tmp_path: Path, old_diary: Path
) -> None:
    _diary_with_an_old_log(tmp_path, old_diary)
    _cli(tmp_path, "med", "stop", "ibuprofen", "--date", "3 days ago")
    _cli(tmp_path, "log", "--pain", "7", "--worst", "9", "--date", "3 days ago 20:00")
    proc, fd = _spawn(tmp_path, "log", "--date", "2 days ago")
    seen = _answer(fd, [("Average pain over the last 24 h (0 none - 10 worst) [7]:", "")])
    seen += _answer(fd, [("Worst pain (0-10) [9]:", "")])
    seen += _answer(fd, [("Least pain (0-10):", ""), ("Hours slept:", "")])
    seen += _answer(fd, [("sleep", ""), ("Stress (0-10):", ""), ("codeine taken:", "")])
    seen += _answer(fd, [("walking", ""), ("red-flag", ""), ("Note", "")])
    seen += _read_until(fd, "Logged L")
    assert proc.wait(timeout=20) == 0, seen
    assert "How were you on " in seen and "ibuprofen" not in seen.split("How were you")[1]
    got = _last_log(tmp_path)
    days = json.loads(_cli(tmp_path, "history", "--json"))
    three_ago = next(e for e in days if e["id"] == "L2")["date"]
    assert got["date"] > three_ago and (got["pain"], got["worst"], got["doses"]) == (7, 9, {})
