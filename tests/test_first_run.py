"""The demo's closing hint works as printed right after the README's first command, when the
venv's bin folder is not on PATH."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest


def test_the_demo_hint_names_a_command_that_runs(tmp_path: Path) -> None:
    exe = Path(sys.executable).with_name("paintrack")
    if not exe.exists():
        pytest.skip("no installed paintrack entry point beside this Python (pip install -e .)")
    env = {**os.environ, "PATH": "/usr/bin:/bin", "PAINTRACK_DB": str(tmp_path / "p.db")}
    env.pop("COLUMNS", None)
    out = subprocess.run(
        [str(exe), "demo"], capture_output=True, text=True, env=env, check=True, timeout=60
    ).stdout
    hint = next(line for line in out.splitlines() if "course start my-course" in line)
    command = hint.split()[0]
    assert Path(command).resolve() == exe.resolve()
    assert shutil.which(command) and "export PATH=" in out
    started = subprocess.run(
        [command, "course", "start", "my-course", "--sessions", "8"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert started.returncode == 0, started.stderr
