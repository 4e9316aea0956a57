"""What every benchmark shares: a regular install in a venv of its own, and timed runs.

Standard library only. Why a venv of its own: an editable install (`pip install -e .`) puts a
finder in site-packages that imports `pathlib`, `re` and `fnmatch` at *every* interpreter start.
The floor (`python -c "import sqlite3"`) then doubles (about 31 ms instead of 16 ms on the
project's machines) and every ratio to it halves: flattering and false. Patients install with pip
or pipx, regularly; the benchmarks measure that.

`installed()` copies the project's sources (not its `build/`, whose stale files would leak into
the wheel) to a temporary folder, makes a venv and runs `pip install '.[pdf]'` there (the pdf
extra: years.py times the PDF summary; about 10 s, pip reuses its cache of wheels). `--venv DIR`
reuses a venv you made the same way; it is refused when paintrack is editable there.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import venv
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parent.parent


class Install(NamedTuple):
    python: str  # the venv's interpreter: the floor is `python -c "import sqlite3"` with it
    exe: str  # its `paintrack` entry point

    def floor(self) -> list[str]:
        return [self.python, "-c", "import sqlite3"]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--venv",
        metavar="DIR",
        help="reuse this venv (paintrack installed there with `pip install .`, not -e)",
    )


def _bin(venv_dir: Path, name: str) -> Path:
    return venv_dir / ("Scripts" if os.name == "nt" else "bin") / name


def editable(python: str) -> bool:
    """Whether paintrack is installed as editable for `python` (PEP 610's direct_url.json)."""
    code = (
        "import importlib.metadata as m\n"
        "d = m.distribution('paintrack').read_text('direct_url.json')\n"
        "print(d or '{}')"
    )
    r = subprocess.run([python, "-c", code], capture_output=True, text=True, check=True)
    return bool(json.loads(r.stdout).get("dir_info", {}).get("editable"))


def _check(venv_dir: Path) -> Install:
    python, exe = _bin(venv_dir, "python"), _bin(venv_dir, "paintrack")
    if not exe.exists():
        sys.exit(f"{venv_dir}: no paintrack installed there (pip install . into it first)")
    if editable(str(python)):
        sys.exit(
            f"{venv_dir}: paintrack is an editable install there. Its finder runs at every "
            "interpreter start and doubles the floor, so every ratio would halve. Use a venv "
            "with a regular `pip install .`, or leave out --venv and a temporary one is made."
        )
    return Install(str(python), str(exe))


@contextmanager
def installed(args: argparse.Namespace) -> Iterator[Install]:
    """A regular install of this checkout: `--venv DIR`, else a new temporary venv."""
    if args.venv:
        yield _check(Path(args.venv))
        return
    with tempfile.TemporaryDirectory(prefix="paintrack-venv-") as tmp:
        source = Path(tmp) / "source"
        ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
        shutil.copytree(ROOT / "paintrack", source / "paintrack", ignore=ignore)
        for name in ("pyproject.toml", "README.md"):
            shutil.copy2(ROOT / name, source / name)
        print(
            "installing paintrack into a temporary venv (pip install '.[pdf]') …", file=sys.stderr
        )
        venv_dir = Path(tmp) / "venv"
        venv.create(venv_dir, with_pip=True)
        # with the pdf extra, as the README installs it: `export -o summary.pdf` needs Typst
        pip = [_bin(venv_dir, "python"), "-m", "pip", "install", "-q", f"{source}[pdf]"]
        r = subprocess.run(pip, capture_output=True, text=True)
        if r.returncode != 0:
            sys.exit(f"pip install . failed:\n{r.stdout}{r.stderr}")
        yield _check(venv_dir)


def timed(cmd: list[str], env: dict[str, str], *, check: bool = True) -> tuple[float, float]:
    """Wall time (s) and peak resident memory (MiB, from wait4's rusage) of one run."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        cmd, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    if check and code != 0:
        sys.exit(f"{' '.join(cmd)} exited {code}")
    return elapsed, usage.ru_maxrss / 1024  # Linux reports KiB


class Runs(NamedTuple):
    times: dict[str, list[float]]
    peaks: dict[str, float]

    def median(self, name: str) -> float:
        return statistics.median(self.times[name])

    def spread(self, name: str) -> str:
        """`median ms (min–max)`."""
        t = self.times[name]
        return f"{self.median(name) * 1000:6.1f} ms ({min(t) * 1000:.0f}–{max(t) * 1000:.0f})"


def interleaved(commands: dict[str, list[str]], env: dict[str, str], rounds: int) -> Runs:
    """Each command once per round, in turn, after one warm-up run of each (the file cache):
    a slower or faster spell of a shared machine falls on every command alike."""
    for cmd in commands.values():
        timed(cmd, env)
    times: dict[str, list[float]] = {k: [] for k in commands}
    peaks = dict.fromkeys(commands, 0.0)
    for _ in range(rounds):
        for name, cmd in commands.items():
            elapsed, peak = timed(cmd, env)
            times[name].append(elapsed)
            peaks[name] = max(peaks[name], peak)
    return Runs(times, peaks)
