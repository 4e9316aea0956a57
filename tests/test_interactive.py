"""`paintrack log` on a real terminal (a pseudo-terminal): prompts, defaults, Ctrl-C."""

from __future__ import annotations

import json
import os
import pty
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

from tests.conftest import dump


def _spawn(tmp_path: Path, *args: str) -> tuple[subprocess.Popen[bytes], int]:
    main, child = pty.openpty()
    env = {**os.environ, "PAINTRACK_DB": str(tmp_path / "p.db"), "NO_COLOR": "1"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "paintrack", *args],
        stdin=child,
        stdout=child,
        stderr=child,
        env=env,
        close_fds=True,
        start_new_session=True,
    )
    os.close(child)
    return proc, main


def _read_until(fd: int, text: str, timeout: float = 20) -> str:
    seen = b""
    end = time.monotonic() + timeout
    while text.encode() not in seen:
        left = end - time.monotonic()
        assert left > 0, f"waited for {text!r}, saw {seen.decode(errors='replace')!r}"
        ready, _, _ = select.select([fd], [], [], left)
        if ready:
            try:
                seen += os.read(fd, 4096)
            except OSError:
                break
    return seen.decode(errors="replace")


def _cli(tmp_path: Path, *args: str) -> str:
    env = {**os.environ, "PAINTRACK_DB": str(tmp_path / "p.db")}
    r = subprocess.run(
        [sys.executable, "-m", "paintrack", *args],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    return r.stdout


def _answer(fd: int, pairs: list[tuple[str, str]]) -> str:
    """Wait for each prompt and type its answer; returns what the terminal showed."""
    seen = ""
    for prompt, answer in pairs:
        seen += _read_until(fd, prompt)
        os.write(fd, answer.encode() + b"\r")
    return seen


def test_log_with_no_values_asks_checks_each_answer_and_keeps_them(tmp_path: Path) -> None:
    _cli(tmp_path, "course", "start", "back")
    _cli(
        tmp_path,
        "log",
        "--pain",
        "6",
        "--worst",
        "8",
        "--sleep-hours",
        "6.5",
        "--date",
        "yesterday",
    )
    proc, fd = _spawn(tmp_path, "log")
    seen = _answer(
        fd,
        [
            ("Average pain over the last 24 h (0 none - 10 worst) [6]:", "12"),
            ("Average pain must be a whole number from 0 to 10 (got '12').", "5"),
            ("Worst pain (0-10) [8]:", ""),  # Enter keeps 8
            ("Least pain (0-10):", "7"),  # breaks least ≤ pain: asked again, in words
            ("Least pain must be at most the average pain (5) (got 7).", "2"),
            ("Hours slept [6.5]:", ""),
            ("interfered with sleep", ""),
            ("Stress", ""),
            ("red-flag", ""),
            ("Note", "tired"),
        ],
    )
    seen += _read_until(fd, "Logged L2")
    assert proc.wait(timeout=20) == 0, seen
    assert "--" not in seen.split("How are you today?")[1].split("Logged")[0]  # no flag names
    logs = [e for e in json.loads(_cli(tmp_path, "history", "--json")) if e["id"] == "L2"]
    got = logs[0]
    assert (got["pain"], got["worst"], got["least"], got["sleep_hours"]) == (5, 8, 2, 6.5)
    assert got["note"] == "tired"


def test_defaults_are_yesterdays_log_only_never_an_older_value(tmp_path: Path) -> None:
    _cli(tmp_path, "course", "start", "back")
    _cli(tmp_path, "log", "--pain", "6", "--worst", "8", "--date", "2 days ago")
    _cli(tmp_path, "log", "--pain", "4", "--stress", "3", "--date", "yesterday")
    proc, fd = _spawn(tmp_path, "log")
    seen = _answer(
        fd,
        [("[4]:", ""), ("Worst pain (0-10):", ""), ("Least", ""), ("Hours slept", "")],
    )
    seen += _answer(fd, [("sleep", ""), ("Stress (0-10) [3]:", ""), ("red-flag", ""), ("Note", "")])
    seen += _read_until(fd, "Logged L3")
    assert proc.wait(timeout=20) == 0, seen
    last = json.loads(_cli(tmp_path, "history", "--json"))[-1]
    assert (last["pain"], last["worst"], last["stress"]) == (4, None, 3)


def test_session_and_peg_with_no_values_ask_too(tmp_path: Path) -> None:
    _cli(tmp_path, "course", "start", "back", "--start", "3 days ago")
    proc, fd = _spawn(tmp_path, "session")
    seen = _answer(
        fd,
        [
            ("Pain right before needling", "6"),
            ("Pain right after", "11"),
            ("Pain after the session must be a whole number from 0 to 10", "3"),
            ("How many minutes", "40"),
            ("How many needles", ""),
            ("Techniques", "manual, electro"),
            ("Side effects", "bruise"),
            ("Note", ""),
        ],
    )
    seen += _read_until(fd, "Logged session S1")
    assert proc.wait(timeout=20) == 0, seen
    s = json.loads(_cli(tmp_path, "history", "--json"))[0]
    assert (s["pain_before"], s["pain_after"], s["minutes"]) == (6, 3, 40)
    assert s["techniques"] == ["manual", "electro"] and s["side_effects"] == ["bruise"]
    proc, fd = _spawn(tmp_path, "peg")
    seen = _answer(fd, [("past week", "5"), ("enjoyment", "4"), ("general activity", "6")])
    seen += _read_until(fd, "Logged PEG P1")
    assert proc.wait(timeout=20) == 0, seen


def test_ctrl_c_at_a_prompt_writes_nothing(tmp_path: Path) -> None:
    _cli(tmp_path, "course", "start", "back")
    before = dump(tmp_path / "p.db")
    proc, fd = _spawn(tmp_path, "log")
    _read_until(fd, "Average pain")
    os.write(fd, b"4\r")
    _read_until(fd, "Worst pain")
    os.killpg(proc.pid, signal.SIGINT)
    code = proc.wait(timeout=20)
    assert code in (1, 130)
    assert dump(tmp_path / "p.db") == before
