"""Stopped medications on a real terminal (issue 11, point 3): not asked about in the prompts;
a dose after the stop date is asked to be confirmed, and a "no" writes nothing."""

from __future__ import annotations

import json
import os
from pathlib import Path

from tests.conftest import dump
from tests.test_interactive import _answer, _cli, _read_until, _spawn


def test_a_stopped_medication_is_not_offered_in_the_prompts(tmp_path: Path) -> None:
    _cli(tmp_path, "course", "start", "back")
    _cli(tmp_path, "med", "add", "ibuprofen", "--strength", "200", "--unit", "mg")
    _cli(tmp_path, "med", "add", "tramadol", "--strength", "50", "--unit", "mg")
    _cli(tmp_path, "log", "--pain", "5", "--med", "tramadol=1", "--date", "3 days ago")
    _cli(tmp_path, "med", "stop", "tramadol", "--date", "2 days ago")
    proc, fd = _spawn(tmp_path, "log")
    seen = _answer(
        fd,
        [("Average pain", "4"), ("Worst", ""), ("Least", ""), ("Hours slept", ""), ("sleep", "")],
    )
    seen += _answer(fd, [("Stress", ""), ("Units of ibuprofen taken", "2")])
    seen += _answer(fd, [("red-flag", ""), ("Note", "")])
    seen += _read_until(fd, "Logged L2")
    assert proc.wait(timeout=20) == 0, seen
    assert "tramadol" not in seen.split("How are you today?")[1]
    assert json.loads(_cli(tmp_path, "history", "--json"))[-1]["doses"] == {"ibuprofen": 2.0}


def test_a_dose_after_the_stop_date_asks_and_a_no_writes_nothing(tmp_path: Path) -> None:
    _cli(tmp_path, "course", "start", "back")
    _cli(tmp_path, "med", "add", "tramadol", "--strength", "50", "--unit", "mg")
    _cli(tmp_path, "med", "stop", "tramadol", "--date", "2 days ago")
    before = dump(tmp_path / "p.db")
    proc, fd = _spawn(tmp_path, "log", "--pain", "4", "--med", "tramadol=1")
    seen = _read_until(fd, "Log it on")
    assert "tramadol was stopped on" in seen
    os.write(fd, b"n\r")
    assert proc.wait(timeout=20) != 0
    assert dump(tmp_path / "p.db") == before
    proc, fd = _spawn(tmp_path, "log", "--pain", "4", "--med", "tramadol=1")
    _read_until(fd, "Log it on")
    os.write(fd, b"y\r")
    seen = _read_until(fd, "Logged L1")
    assert proc.wait(timeout=20) == 0, seen
    assert json.loads(_cli(tmp_path, "history", "--json"))[-1]["doses"] == {"tramadol": 1.0}
