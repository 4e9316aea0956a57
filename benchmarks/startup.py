"""How long a patient waits: start-up time and memory of the everyday commands.

Standard library only. Times, side by side in one interleaved run, `python -c "import sqlite3"`
(the floor: an interpreter that opens nothing), `paintrack log …`, `paintrack log 5`, `paintrack status` and
`paintrack --help` against a fresh database, and prints each median as a ratio to the floor,
with the peak memory of each command (from wait4's rusage).

    python benchmarks/startup.py [--rounds 21]

Targets (issue 3): log ≤ 4.5× the floor (`log 5` too, issue 12), status ≤ 6×, peak memory of log ≤ 24 MiB.
Exits 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TARGETS = {"log": 4.5, "log 5": 4.5, "status": 6.0}
LOG_PEAK_MIB = 24.0


def paintrack_exe() -> str:
    exe = Path(sys.executable).parent / "paintrack"
    if not exe.exists():
        sys.exit(f"paintrack is not installed next to {sys.executable}; pip install -e . first")
    return str(exe)


def timed(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall time (s) and peak resident memory (MiB) of one run."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        sys.exit(f"{' '.join(cmd)} exited {proc.returncode}")
    return elapsed, usage.ru_maxrss / 1024  # Linux reports KiB


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=21)
    args = parser.parse_args()
    exe = paintrack_exe()
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "PAINTRACK_DB": str(Path(tmp) / "bench.db"), "NO_COLOR": "1"}
        subprocess.run(
            [exe, "course", "start", "bench", "--sessions", "6"],
            env=env,
            check=True,
            capture_output=True,
        )
        commands = {
            "floor": [sys.executable, "-c", "import sqlite3"],
            "log": [exe, "log", "--pain", "4", "--sleep-hours", "7", "--stress", "3"],
            "log 5": [exe, "log", "5"],  # the shorthand (issue 12)
            "status": [exe, "status"],
            "--help": [exe, "--help"],
        }
        times: dict[str, list[float]] = {k: [] for k in commands}
        peaks: dict[str, float] = dict.fromkeys(commands, 0.0)
        for cmd in commands.values():  # warm the file cache once
            timed(cmd, env)
        for _ in range(args.rounds):
            for name, cmd in commands.items():
                elapsed, peak = timed(cmd, env)
                times[name].append(elapsed)
                peaks[name] = max(peaks[name], peak)
    floor = statistics.median(times["floor"])
    print(f"{'command':<10} {'median':>9} {'× floor':>8} {'peak MiB':>9}  target")
    ok = True
    for name in commands:
        med = statistics.median(times[name])
        ratio = med / floor
        target = ""
        if name in TARGETS:
            hit = ratio <= TARGETS[name]
            ok &= hit
            target = f"≤ {TARGETS[name]}× {'ok' if hit else 'MISSED'}"
        if name == "log":
            hit = peaks[name] <= LOG_PEAK_MIB
            ok &= hit
            target += f", ≤ {LOG_PEAK_MIB:g} MiB {'ok' if hit else 'MISSED'}"
        print(f"{name:<10} {med * 1000:>7.1f}ms {ratio:>7.2f}× {peaks[name]:>9.1f}  {target}")
    print(f"({args.rounds} interleaved rounds, medians; Python {sys.version.split()[0]})")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
