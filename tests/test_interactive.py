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


def test_log_with_no_values_asks_and_offers_the_previous_values(tmp_path: Path) -> None:
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
    _read_until(fd, "Average pain over the last 24 h (0 none - 10 worst) [6]:")
    os.write(fd, b"12\r")
    _read_until(fd, "--pain must be a whole number from 0 to 10")
    os.write(fd, b"5\r")
    _read_until(fd, "Worst pain (0-10) [8]:")
    os.write(fd, b"\r")  # keep 8
    for prompt in (
        "Least pain",
        "Hours slept",
        "interfered with sleep",
        "Stress",
        "red-flag",
        "Note",
    ):
        _read_until(fd, prompt)
        os.write(fd, b"\r")
    out = _read_until(fd, "Logged L2")
    assert proc.wait(timeout=20) == 0, out
    logs = [e for e in json.loads(_cli(tmp_path, "history", "--json")) if e["id"] == "L2"]
    assert (logs[0]["pain"], logs[0]["worst"], logs[0]["sleep_hours"]) == (5, 8, 6.5)


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
