"""100,000 daily logs: `history` as text, piped, must finish in under 5 s (issue 12, point 6).

Standard library only. Builds a database with 100,000 daily logs (each with a dose and three
activity ratings, some with a note) through plain SQL, then times, in interleaved rounds:

    history            text, piped to /dev/null      target < 5 s
    history --jsonl    one object per line            no target (reported)
    history -n 20      the last 20                    no target (reported)

and the peak memory of the text run (streaming: it must not grow with the diary).

    python benchmarks/history.py [--rounds 3] [--logs 100000]

Exits 1 when the target is missed.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
from datetime import date, timedelta
from pathlib import Path

from harness import add_arguments, installed, timed

TARGET_S = 5.0


def build(path: Path, exe: str, env: dict[str, str], logs: int) -> None:
    """Schema and names through paintrack, rows through plain SQL (fast to build)."""
    first = date.today() - timedelta(days=logs // 3 + 1)
    for args in (
        ["course", "start", "long", "--sessions", "100", "--start", first.isoformat()],
        ["med", "add", "ibuprofen", "--kind", "nsaid", "--strength", "200", "--unit", "mg"],
        ["activity", "add", "walking"],
        ["activity", "add", "sitting"],
        ["activity", "add", "lifting"],
    ):
        subprocess.run([exe, *args], env=env, check=True, capture_output=True)
    conn = sqlite3.connect(path)
    stamp = f"{date.today()}T00:00:00"
    with conn:
        for i in range(1, logs + 1):
            day = (first + timedelta(days=(i - 1) // 3)).isoformat()
            time = ("08:00", "14:00", "21:00")[(i - 1) % 3]
            note = "stiff after sitting all afternoon at the desk" if i % 7 == 0 else None
            conn.execute(
                "INSERT INTO daily_logs (id, date, time, pain, worst, least, sleep_hours, "
                "sleep_interference, stress, note, created_at) "
                "VALUES (?, ?, ?, ?, ?, ?, 6.5, 4, 5, ?, ?)",
                (i, day, time, 2 + i % 6, 3 + i % 6, 1 + i % 6, note, stamp),
            )
            conn.execute(
                "INSERT INTO doses (daily_log_id, medication_id, count) VALUES (?, 1, 2)", (i,)
            )
            for activity in (1, 2, 3):
                conn.execute(
                    "INSERT INTO activity_ratings (daily_log_id, activity_id, rating) "
                    "VALUES (?, ?, ?)",
                    (i, activity, (i + activity) % 11),
                )
    conn.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--logs", type=int, default=100_000)
    add_arguments(parser)
    args = parser.parse_args()
    with installed(args) as inst:
        return run(args, inst.exe, inst.floor())


def run(args: argparse.Namespace, exe: str, floor_cmd: list[str]) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "long.db"
        env = {**os.environ, "PAINTRACK_DB": str(path), "NO_COLOR": "1", "COLUMNS": "80"}
        env["PAINTRACK_NO_NUDGE"] = "1"
        build(path, exe, env, args.logs)
        commands = {
            "history": [exe, "history"],
            "history --jsonl": [exe, "history", "--jsonl"],
            "history -n 20": [exe, "history", "-n", "20"],
        }
        times: dict[str, list[float]] = {k: [] for k in commands}
        peaks: dict[str, float] = dict.fromkeys(commands, 0.0)
        for _ in range(args.rounds):
            for name, cmd in commands.items():
                elapsed, peak = timed(cmd, env)
                times[name].append(elapsed)
                peaks[name] = max(peaks[name], peak)
    ok = True
    print(f"{args.logs:,} daily logs; {'command':<16} {'median':>8} {'peak MiB':>9}  target")
    for name in commands:
        med = statistics.median(times[name])
        target = ""
        if name == "history":
            hit = med < TARGET_S
            ok &= hit
            target = f"< {TARGET_S:g} s {'ok' if hit else 'MISSED'}"
        print(f"{'':>20}{name:<16} {med:>7.2f}s {peaks[name]:>9.1f}  {target}")
    print(f"({args.rounds} interleaved rounds, medians; Python {sys.version.split()[0]})")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
